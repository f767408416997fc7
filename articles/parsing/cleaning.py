"""Character-level cleaning: the extraction's artefacts removed, the text itself untouched.

Takes the text of one line or of a paragraph whose wrapped lines were already joined; gives
clean running text. Artefacts, with a real sample of each (from the seed page)::

    control and invisible format characters  "\u202e城东新区\x00新建学校"   → "城东新区新建学校"
    a space between every character        "新 华 社 耶 路 撒 冷 １"          → "新华社耶路撒冷１" (per line)
    U+FFFD runs standing for a lost indent   "������鲜红的党旗，凝聚奋进力量"  → "鲜红的党旗，凝聚奋进力量"
    spaces beside CJK text                   "2023 年，市城乡"; "抓好了， 我们"   → "2023年，市城乡"; "抓好了，我们"
    doubled characters of bold type          "志志愿愿者者为为群群众众"          → "志愿者为群众"

Real reduplication is kept: a run is undone only when three or more doubled characters stand
in a row (人人, 久久为功, 一串串, 常常, 高高兴兴 have at most two), and never for the marks
that are written doubled (……, ——). Spaces between two Latin words or numbers ("New York")
are kept; every other space touching CJK text or CJK punctuation is an artefact.

Also `display_width`, the width a line takes in a column, in em: CJK characters and the
punctuation Chinese sets full-width count 1, ASCII ½, spaces nothing (they were added or
stretched by justification).
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

#: Characters of CJK text: ideographs, CJK and full-width punctuation, the quotes and dashes
#: Chinese text uses. Same range the scorer uses to find spaces that are artefacts.
CJK_CHARS = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u00b7"
_SPACES = " \t\u3000\u00a0"

_FFFD_RUN_RE = re.compile(f"{REPLACEMENT}+")
# A space next to CJK on either side, or between ASCII alnum and CJK.
_CJK_SPACE_RE = re.compile(rf"[{_SPACES}]+(?=[{CJK_CHARS}])|(?<=[{CJK_CHARS}])[{_SPACES}]+")
_MULTI_SPACE_RE = re.compile(rf"[{_SPACES}]+")
# In a title, a space between two CJK words may be the one joining its halves; a space between
# CJK and a number or Latin word, or beside a pause mark, is the extraction's.
_PAUSES = "，、。；：！？"
_TITLE_ARTEFACT_SPACE_RE = re.compile(
    rf"(?<=[0-9A-Za-z{_PAUSES}])[{_SPACES}]+(?=[{CJK_CHARS}])"
    rf"|(?<=[{CJK_CHARS}])[{_SPACES}]+(?=[0-9A-Za-z{_PAUSES}])"
)
# Three or more doubled characters in a row: "志志愿愿者者". The scorer flags the same pattern.
_DOUBLED_RUN_RE = re.compile(r"((.)\2){3,}")
# Marks Chinese writes doubled on purpose; a run of them is no bold artefact.
_WRITTEN_DOUBLED = frozenset("…—─－-.．·•=*_~")


# Characters no printed page shows: control characters (a NUL from a broken extraction), and
# the invisible marks of direction and format (U+202E, U+200F, a byte-order mark inside the
# text) that would otherwise cost a line its shape ("\ufeff城东新区…" is no title). Line ends,
# tabs and the form feed between PDF pages stay: they are layout.
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def strip_invisible(text: str) -> str:
    """"\u202e城东新区\x00新建学校" → "城东新区新建学校"."""
    return _INVISIBLE_RE.sub("", text)


_GAP_RE = re.compile(r"(?<=\S)( +)(?=\S)")
# A line is letter-spaced when most gaps between its characters hold one space ("王  芳", a
# name padded with two, is no letter-spacing).
_LETTER_SPACED_SHARE = 0.6


def unspace_letterspaced(line: str) -> str:
    """A loosely justified line, a space between every character ("新 华 社 耶 路 撒 冷 １",
    "月 ４ 日 电 （ 记 者   戚 德"), closed up: single spaces go, a wider gap (a real space,
    widened like the rest) stays as one. Other lines are returned as they are."""
    body = line.strip(" ")
    spaces = body.count(" ")
    if len(body) < 5 or spaces < _LETTER_SPACED_SHARE * (len(body) - spaces - 1):
        return line  # too few spaces to stand between most characters: the usual case, cheap
    single_gaps = sum(1 for gap in _GAP_RE.findall(body) if len(gap) == 1)
    if single_gaps < _LETTER_SPACED_SHARE * (len(body.replace(" ", "")) - 1):
        return line
    return _GAP_RE.sub(lambda m: "" if len(m.group(1)) == 1 else " ", line)


def strip_fffd(text: str) -> str:
    return _FFFD_RUN_RE.sub("", text)


def _undouble_match(match: re.Match[str]) -> str:
    run = match.group(0)
    halves = run[::2]
    if sum(ch not in _WRITTEN_DOUBLED and not ch.isdigit() for ch in halves) < 2:
        return run  # "…………", "１１２２３３": written so, not bold type
    return halves


def undouble(text: str) -> str:
    """"志志愿愿者者为为群群众众检检查查" → "志愿者为群众检查"; "人人讲安全" unchanged."""
    if len(text) < 6:
        return text
    return _DOUBLED_RUN_RE.sub(_undouble_match, text)


def has_doubled_run(text: str) -> bool:
    """Whether the text holds bold type printed as doubled characters."""
    return undouble(text) != text


def remove_cjk_spaces(text: str) -> str:
    """"2023 年，市城乡" → "2023年，市城乡"; "昌建·MOCO 新世界" → "昌建·MOCO新世界";
    spaces between Latin words are folded to one."""
    text = _CJK_SPACE_RE.sub("", text)
    return _MULTI_SPACE_RE.sub(" ", text).strip(" ")


def join_wrapped(lines: list[str] | tuple[str, ...]) -> str:
    """Lines wrapped at the column width joined back: Chinese wraps anywhere, with no
    hyphen and no space; only two Latin words broken across a line get their space back."""
    out = ""
    for line in lines:
        line = line.strip(_SPACES)
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            out += " "
        out += line
    return out


def clean_text(text: str) -> str:
    """All artefacts of one paragraph (wrapped lines already joined) removed."""
    return remove_cjk_spaces(undouble(strip_fffd(unicodedata.normalize("NFC", text))))


def clean_title(text: str) -> str:
    """A headline, subtitle or subhead line: like `clean_text`, but the one space that joins two
    halves of a title ("党建领航风帆劲 奋楫笃行踏新程") is kept, folded to a single space."""
    text = undouble(strip_fffd(unicodedata.normalize("NFC", text))).strip(_SPACES)
    text = _TITLE_ARTEFACT_SPACE_RE.sub("", text)
    return _MULTI_SPACE_RE.sub(" ", text)


_NO_WIDTH_RE = re.compile(f"[{_SPACES}{REPLACEMENT}]")


def display_width(text: str) -> float:
    """Width in em of the printed text: "示范区" 3, "2023年" 3, "“智慧岛”" 5; spaces and U+FFFD 0.

    Chinese type sets every character from U+0800 up (ideographs, CJK and full-width
    punctuation, and the quotes, dashes and ellipsis Chinese uses) a full em wide, and ASCII
    half an em. Those are the three-byte and one-byte characters of UTF-8, so with n
    characters in b bytes the width is (n + b) / 4 — one encode instead of a look-up per
    character (parsing speed matters). Two-byte characters (Latin-1 letters, "·") come out
    at ¾ em, near enough."""
    text = _NO_WIDTH_RE.sub("", text)
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) / 4
