"""Title lines: which lines are headings, and the tiers of a headline block.

Takes lines (`lines.SourceLine`) and the column width around them; gives whether a line is
set as a title (a headline, kicker, subtitle or subhead, not running text), and, for the
run of title lines above an article, its tiers. Real samples (seed page)::

    "党建领航风帆劲 奋楫笃行踏新程"        a title: no closing punctuation, not the column's width
    "践行新时代“枫桥经验” 推动矛盾纠纷源头化解" / "示范区纪委监察工委"
        → HeadlineTiers(kicker=None, headline="践行新时代“枫桥经验” 推动矛盾纠纷源头化解",
                        subtitle="示范区纪委监察工委")
    "党建引领谋发展" / "确保中心工作落地见效" (a two-line subhead inside a feature)
        → subhead "党建引领谋发展 确保中心工作落地见效"

Chinese news titles: the 主题 (main title) is the biggest and, set in one line, the longest;
a 引题 (kicker) stands above it, a 副题 (subtitle) below, often opened by a dash; a kicker
ending with a verb of speech ("…会议强调") says who speaks, whatever the widths. Titles
close with no 。，、；： — a line that does is running text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from articles.parsing.cleaning import clean_title
from articles.parsing.lines import SourceLine

# Marks a title never ends with (running text wraps after them or closes a sentence with them).
_NOT_TITLE_END = frozenset("。，、；：,;:…")
# Marks that close a sentence: a line ending in one of these may end a paragraph.
SENTENCE_END = frozenset("。！？!?…")
_CLOSERS = frozenset("”’」』）)》〕】")
_DASH_START_RE = re.compile(r"^[—–－-]{1,3}")
_OPENING_QUOTES = "“‘「『"
_PAIRS = (("“", "”"), ("『", "』"), ("「", "」"), ("《", "》"), ("（", "）"))
# A sign-off under a note or letter, after its last sentence: "…益友。——编者", "——本报评论员".
_SIGN_OFF_RE = re.compile(r"(?:^|[。！？!?”])\s*[—–－]{1,3}\s*[\u3400-\u9fff·]{1,10}$")
# A kicker that says who speaks ends with the verb of speech; the main title is what was said.
_SPEECH_VERBS = "强调|指出|表示|认为|提出|要求|宣布|宣称|呼吁|重申|希望|透露|坦言|警告|告诫|披露|称|说"
_SPEECH_END_RE = re.compile(rf"(?:{_SPEECH_VERBS})[：:]?$")
# Two title lines whose widths differ by less than this (em) are one couplet: a kicker or
# subtitle is set in other type, so its width differs.
_COUPLET_TOLERANCE = 0.5
# A title is set on one line of a column, or across columns; longer than this it is text.
_MAX_TITLE_WIDTH = 40.0


def is_speech_kicker(text: str) -> bool:
    """A kicker saying who speaks ("苏丹总统强调", "…会议指出"): a main title must follow it."""
    return _SPEECH_END_RE.search(text.strip()) is not None


def ends_sentence(text: str) -> bool:
    """"…坚强组织保证。", "…不胜。 ”", "…有救了！”" end a sentence; "…领导，" does not."""
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        text = text[:-1].rstrip()
    return bool(text) and text[-1] in SENTENCE_END


def closes_paragraph_text(text: str) -> bool:
    """Whether a paragraph's text so far ends where a paragraph may end: after a sentence, or
    after a bracket that follows a sentence ("…伤事故。（江西资溪县人民法院范斯祖）",
    "…ｓｉｔｅ！（我真的喜欢你们这个站点）』")."""
    text = text.rstrip()
    if ends_sentence(text) or _SIGN_OFF_RE.search(text):
        return True
    text = text.rstrip("”’」』》 ")
    if text.endswith(("）", ")")):
        opening = max(text.rfind("（"), text.rfind("("))
        before = text[:opening].rstrip()
        return opening >= 0 and (not before or ends_sentence(before))
    return False


def is_parenthetical(text: str) -> bool:
    """A line that is all one bracket: "（陆熙沈建波）", "（本报开罗１月５日电）"."""
    text = text.strip()
    return len(text) >= 3 and text[0] in "（(" and text[-1] in "）)" and text.count("（") + text.count("(") == 1


def title_shaped(line: SourceLine) -> bool:
    """Whether the line could be a title by its own text: it does not close like running text,
    is not a bracket, and is not too long to be one line of a title."""
    if line.indented or line.width > _MAX_TITLE_WIDTH:
        return False
    return _title_shaped_text(line.text)


@functools.lru_cache(maxsize=4096)  # the layout asks it of most lines several times
def _title_shaped_text(text: str) -> bool:
    text = text.rstrip()
    if not text:
        return False
    if (text[-1] in _NOT_TITLE_END and not text.endswith("……")) or is_parenthetical(text):
        return False  # a title may trail off in an ellipsis ("春天来了……"), never in one dot
    if "。" in text:
        return False  # a title closes no sentence: "…了。”" ends a quotation, "出。（宗素华）" a paragraph
    if ends_sentence(text) and text[0] in _OPENING_QUOTES:
        return False  # "“花好多钱吧？”" is dialogue
    if any(text.count(left) != text.count(right) for left, right in _PAIRS):
        return False  # a quotation or bracket left open: a line wrapped inside running text
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


# Running text fills the column; its first line may stop up to an indent (2 em, which the
# extraction loses) and justification shifts widths by about an em either way.
_TEXT_BAND_BELOW = 3.5
_TEXT_BAND_ABOVE = 1.5
# Marks of running text, which a title standing with no lead under it does not hold (a title
# may hold "：", "？").
RUNNING_TEXT_MARKS = frozenset("，、；。,;")


def fills_column(line: SourceLine, column_width: float) -> bool:
    """Whether the line is as wide as one wrapped line of running text in that column."""
    return column_width - _TEXT_BAND_BELOW <= line.width <= column_width + _TEXT_BAND_ABOVE


def stands_as_title(line: SourceLine, column_width: float) -> bool:
    """A title-shaped line that is a title with nothing under it to confirm it: clearly
    narrower or wider than the column, without the marks of running text (a short title may
    hold a comma: "安全，核电的生命")."""
    if fills_column(line, column_width):
        return False
    marks = sum(ch in RUNNING_TEXT_MARKS for ch in line.text)
    return marks == 0 or (marks == 1 and "，" in line.text and line.width <= 0.6 * column_width)


@dataclass(frozen=True, slots=True)
class HeadlineTiers:
    kicker: str | None
    headline: str | None
    subtitle: str | None


def tiers(lines: Sequence[SourceLine]) -> HeadlineTiers:
    """The tiers of the title lines above an article, in reading order.

    One line is the headline; two lines of one width are the halves of one main title (a
    couplet, 对仗), joined by a space. Otherwise: a first line ending in a verb of speech ("…会议强调",
    "…时指出") is the kicker, whatever the widths — the main title is what was said; a line
    opening with a dash ("——记…") starts the subtitle, so what stands between the kicker and
    it is the main title; otherwise the widest line is the main title (lines above it are the
    kicker, lines below the subtitle). A second copy of a line (fake bold drawn as two runs,
    or a headline repeated by the extraction) counts once."""
    pairs = _distinct_titles(lines)
    if not pairs:
        return HeadlineTiers(None, None, None)
    if len(pairs) == 1:
        return HeadlineTiers(None, pairs[0][0], None)
    kicker: str | None = None
    if is_speech_kicker(pairs[0][0]) and not _DASH_START_RE.match(pairs[1][0]):
        kicker, pairs = pairs[0][0], pairs[1:]
    dash = next((i for i, (text, _) in enumerate(pairs) if i > 0 and _DASH_START_RE.match(text)), None)
    subtitle: str | None = None
    if dash is not None:
        subtitle = _join(t for t, _ in pairs[dash:])
        pairs = pairs[:dash]
        if kicker is not None or len(pairs) == 1:
            return HeadlineTiers(kicker, _join(t for t, _ in pairs), subtitle)
    elif kicker is not None:
        # "…会议强调" over the main title, set on one line or several: all of it is the title
        return HeadlineTiers(kicker, _join(t for t, _ in pairs), None)
    elif len(pairs) == 2 and abs(pairs[0][1].width - pairs[1][1].width) < _COUPLET_TOLERANCE:
        # two lines of one length: the halves of a two-part title set as a couplet (对仗,
        # "党建领航风帆劲" / "奋楫笃行踏新程"), one main title joined by a space
        return HeadlineTiers(None, _join(t for t, _ in pairs), None)
    main = max(range(len(pairs)), key=lambda i: (pairs[i][1].width, -i))
    kicker = _join(t for t, _ in pairs[:main]) or None
    below = _join(t for t, _ in pairs[main + 1 :])
    subtitle = _join(part for part in (below, subtitle) if part) or None
    return HeadlineTiers(kicker, pairs[main][0], subtitle)


def _distinct_titles(lines: Sequence[SourceLine]) -> list[tuple[str, SourceLine]]:
    """The title lines cleaned, empty ones dropped, and a line that repeats one above it
    (spacing aside) dropped: fake bold drawn as two runs, which some extractors give both of,
    one under the other or a two-line title after the other ("甲 / 乙 / 甲 / 乙")."""
    pairs: list[tuple[str, SourceLine]] = []
    seen: set[str] = set()
    for line in lines:
        text = clean_title(line.text)
        if text and _squeezed(text) not in seen:
            seen.add(_squeezed(text))
            pairs.append((text, line))
    return pairs


def _squeezed(text: str) -> str:
    return "".join(text.split())


def subhead_text(lines: Sequence[SourceLine]) -> str:
    """A subhead set on several lines is one subhead, its lines joined by one space."""
    return _join(clean_title(line.text) for line in lines)


def _join(parts: Iterable[str]) -> str:
    return " ".join(part for part in parts if part)
