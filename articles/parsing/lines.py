"""The page text as lines: each non-blank line with what layout needs to know about it.

Takes the page text as extracted; gives one `SourceLine` per non-blank line, in order, with
its 1-based number in the input, its text without the indent (bold type's doubled
characters undone: "依依托托传传统统" → "依托传统", `bold` set; a letter-spaced line closed up:
"新 华 社 耶 路" → "新华社耶路"), whether an indent (a U+FFFD run
or leading spaces) stood before it, whether a blank line stood before it, and its width in
the column. A real sample (seed page, lines 205-208)::

    传承雷锋精神 弘扬时代新风
    ������本报讯 （记者 姬慧洋 通讯员
    <blank>
    罗阳阳） 3 月 5 日是全国第 61 个

gives SourceLine(205, "传承雷锋精神 弘扬时代新风", indented=False, blank_before=False, ...),
SourceLine(206, "本报讯 （记者 姬慧洋 通讯员", indented=True, ...),
SourceLine(208, "罗阳阳） 3 月 5 日是全国第 61 个", indented=False, blank_before=True, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.parsing.cleaning import REPLACEMENT, display_width, undouble, unspace_letterspaced

_INDENT_CHARS = " \t\u3000\u00a0" + REPLACEMENT


@dataclass(frozen=True, slots=True)
class SourceLine:
    number: int  # 1-based line number in the input
    text: str  # the line without its indent and trailing spaces, inner spaces kept
    indented: bool  # a U+FFFD run (a lost indent) stood before the text
    blank_before: bool  # one or more blank lines stood right before this one
    width: float  # display width in em (`cleaning.display_width`)
    bold: bool = False  # set in bold type: the extraction doubled its characters (undone in `text`)

    @property
    def last_char(self) -> str:
        return self.text[-1] if self.text else ""


def read_lines(text: str) -> tuple[SourceLine, ...]:
    """The non-blank lines of a page. Only U+FFFD counts as an indent: leading spaces are
    as often stray justification spaces ("·践行新时代…" in the seed) as real indents."""
    out: list[SourceLine] = []
    blank = False
    for number, raw in enumerate(text.splitlines(), start=1):
        body = raw.lstrip(_INDENT_CHARS).rstrip()
        if not body:
            blank = True
            continue
        indented = raw[0] == REPLACEMENT or (raw[0] in _INDENT_CHARS and REPLACEMENT in raw[: raw.find(body)])
        closed_up = unspace_letterspaced(body)
        single = undouble(closed_up)
        out.append(SourceLine(number, single, indented, blank, display_width(single), single != closed_up))
        blank = False
    return tuple(out)
