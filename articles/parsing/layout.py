"""Layout: the page's lines grouped into units (paragraphs, titles, bylines, captions), and
the units into articles.

Takes the body lines of a page (`lines.SourceLine`, header removed); gives a `PageLayout`:
article drafts in reading order, each with its title lines, byline, body units and photo
credits, plus the page's captions. Text is not cleaned here (see `assemble`). Real sample
(seed page, lines 339-349)::

    践凝聚人心、汇聚力量。                         ← last line of a paragraph (short, closed)
     践行新时代“枫桥经验” 推动矛盾纠纷源头化解      ← TITLE  ┐ a new article: title lines
    示范区纪委监察工委                             ← TITLE  ┘ followed by an indented lead
    <blank>
    ������本报讯 （记者 姬慧洋 通讯员 王            ← TEXT (indented: a lead paragraph)
    名扬） 近期， 市城乡一体化示范区纪             ← … wrapped lines of the same paragraph

How a line break is read (Chinese running text wraps anywhere, so only the shape of the lines
tells; the column width is the commonest line width nearby): a paragraph ends after a line
that closes a sentence and stops short of the column, or that fills the column when the next
line stops an indent (2 em) short — the extraction drops indents, but a first line still
shows it; an indented line far short of the column is a paragraph alone, stop or no stop
("风景这边好"), and so is a short line over a paragraph's first line unless a word spans
the break (a subhead set in the text). Blank lines are column breaks, not paragraph ends.
An indent shown as a U+FFFD run always opens a paragraph (a lead). A title is a line with
no closing punctuation after a closed sentence: narrower or wider than the column (not
merely an indent short), or as wide as the column when a lead, a byline, or a paragraph's
short first line follows it.

A run of titles followed by a lead (indented, or opening with a dateline) or a byline line
starts an article; a run followed by a blank line and plain text is a subhead of the article
it stands in, unless that article cannot hold one (a run-on from another page with no title,
a story ended by its writer's signature "（金城）", even in the middle of its text where the
extractor printed its second column first; or a short item of a column of items, each
title a block of one width) or the title is set wider than the column
under it (a subhead stands in its column); a run followed directly by plain text starts an
article with no lead markers.
Extractor text moves things about, and some rules undo it: a photo credit cut after its role
("…。　记者" / "王小明摄") is one credit; headlines of side-by-side articles printed one under
the other, each set apart, are cut from the open paragraph above them; a byline label naming
no one ("本报记者") gets the name set at the head of a block further down, with that block's
text (and the paragraphs set apart under it that say the story's words); a short line
heading a block over a paragraph's first line is a title over a new column; a byline line
printed inside a sentence (a word reads across it: "…农田水利建" / "本报记者 X" / "设与…")
is the story's byline, and the paragraph goes on across it. The last line of a title block,
set apart from the titles above it but run on in the text's block under it and far short
of its lines, is the text's opening paragraph ("风景这边好"), not a subtitle.
Running text set apart under a story its writer's signature closed ("（金城）") is the rest of
another story that the extractor printed there (its first line, an indent short of the full
lines under it, is no title): it goes on the story whose words it says. On a page whose
blocks the extractor printed out of order (the reading order moved some), a paragraph set
apart under a closed one goes on another story too when the words say so beyond doubt
(pairs no other story holds, the likeliest by their rates).
A paragraph set apart that opens with a dateline starts a story even with no title above it;
headlines the extractor printed together above another story (side-by-side articles) go to
such stories by the words they share with them; a title of such a stack whose words the
text under it does not say goes, with the byline under it, to the paragraphs further down
that say them, cut from the story they ran on under. An indented paragraph with no title above it
starts a headless item: with a photo credit line
("记者 X 通讯员 Y 摄") under it, it is a photo story; otherwise its text joins the article before.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from articles.parsing import bylines
from articles.parsing.captions import best_match, bigrams, caption_of, picture_source_credit
from articles.parsing.cleaning import clean_text
from articles.parsing.headlines import (
    RUNNING_TEXT_MARKS,
    SENTENCE_END,
    closes_paragraph_text,
    ends_sentence,
    fills_column,
    is_parenthetical,
    is_speech_kicker,
    stands_as_title,
    title_shaped,
)
from articles.parsing.lines import SourceLine
from articles.parsing.model import Caption, Credit, CreditRole
from articles.parsing.reading_order import restore_order, word_spans

# A sentence this long found again word for word in the story is its picture's caption; the
# story is looked for this many lines either side.
_REPEATED_MIN_CHARS = 8
_REPEAT_WINDOW = 150
# Lines either side of a line that estimate the column width there.
_WIDTH_WINDOW = 12
# A closed line this much narrower than the column (em) ends its paragraph.
_SHORT_LINE_DEFICIT = 1.5
# An unclosed line this much narrower than the column (em) ends its paragraph all the same.
_UNCLOSED_SHORT_DEFICIT = 6.0
# The indent of a paragraph's first line (em), lost in extraction but still seen in its width.
_INDENT = 2.0
_INDENT_TOLERANCE = 0.75  # below the indent; above it a first line may stop a little shorter
_INDENT_SLACK_ABOVE = 1.5
# How much shorter than the column (or the full line under it) a line set apart by a blank
# line must be to be a title: more than a paragraph's first line, which stops an indent short.
_TITLE_SHORTFALL = _INDENT + _INDENT_SLACK_ABOVE + 0.5


# A photo credit's half on either side of a line break: "通讯员", "王小明摄".
_WRAPPED_CREDIT_MAX = 12
# Headlines of side-by-side articles an extractor may print one under the other.
_GROUPED_TITLES_MAX = 4

_DASH_START_RE = re.compile(r"^[—–－-]")
# The last of several names cut to one character at the line's end: "、毛".
_CUT_NAME_RE = re.compile(r"[、，,]\s*[\u3400-\u9fff]$")


class UnitKind(StrEnum):
    TEXT = "text"  # a paragraph of running text (one or more wrapped lines)
    TITLE = "title"  # one title line (headline tier or subhead)
    BYLINE = "byline"  # a line that is only a byline: "记者 姬慧洋"
    PHOTO_CREDIT = "photo_credit"  # a byline line of photographers only: "记者 X 通讯员 Y 摄"
    CAPTION = "caption"  # a photo caption line


@dataclass(frozen=True, slots=True)
class Unit:
    kind: UnitKind
    lines: tuple[SourceLine, ...]
    credits: tuple[Credit, ...] = ()
    caption: Caption | None = None

    @property
    def first(self) -> SourceLine:
        return self.lines[0]

    @property
    def last(self) -> SourceLine:
        return self.lines[-1]


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """One article as laid out: its lines sorted into parts, text still raw."""

    titles: tuple[SourceLine, ...]  # the title lines above it (kicker, headline, subtitle)
    byline: tuple[Credit, ...]  # from a byline line under the title
    body: tuple[Unit, ...]  # TEXT units and TITLE runs (subheads), in reading order
    photo_credits: tuple[Credit, ...] = ()
    headless: bool = False  # opened by an indented paragraph with no title: a photo story

    @property
    def first_line(self) -> int:
        numbers = [line.number for line in self.titles] + [unit.first.number for unit in self.body]
        return min(numbers) if numbers else 0

    @property
    def last_line(self) -> int:
        numbers = [line.number for line in self.titles] + [unit.last.number for unit in self.body]
        return max(numbers) if numbers else 0


@dataclass(frozen=True, slots=True)
class PageLayout:
    articles: tuple[ArticleDraft, ...]
    captions: tuple[tuple[Caption, SourceLine], ...] = ()


# --------------------------------------------------------------------------- column width


def column_widths(lines: Sequence[SourceLine]) -> list[float]:
    """The column width around each line: the most common width among nearby lines of the
    same article (wrapped lines fill the column; first lines lose an indent, last lines stop
    short, punctuation may hang one em past the edge). On a tie the wider width wins.

    Articles are set in columns of their own widths, so the window stops at an indented lead:
    the estimate is made on each stretch from one lead to the next."""
    out: list[float] = []
    start = 0
    for end in range(1, len(lines) + 1):
        if end == len(lines) or lines[end].indented:
            out.extend(_sliding_mode([line.width for line in lines[start:end]]))
            start = end
    return out


def _sliding_mode(widths: list[float]) -> list[float]:
    counts: Counter[float] = Counter(widths[:_WIDTH_WINDOW])
    out: list[float] = []
    for i in range(len(widths)):
        # slide the window [i - W, i + W] by one line
        if i + _WIDTH_WINDOW < len(widths):
            counts[widths[i + _WIDTH_WINDOW]] += 1
        if i - _WIDTH_WINDOW - 1 >= 0:
            gone = widths[i - _WIDTH_WINDOW - 1]
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
        best, best_count = 0.0, 0
        for width, count in counts.items():
            if count > best_count or (count == best_count and width > best):
                best, best_count = width, count
        out.append(best)
    return out


# --------------------------------------------------------------------------- lines → units


def paragraph_ends(
    line: SourceLine, following: SourceLine, column_width: float, *, closes: bool, first: bool = False
) -> bool:
    """Whether the break between `line` and `following` ends a paragraph.

    `closes`: whether the paragraph's text up to the end of `line` closes a sentence
    (`closes_paragraph_text`); `first`: whether `line` opens its paragraph (it then stops an
    indent short of the column: the extraction drops indents)."""
    if following.indented:
        return True
    text = line.text
    if is_parenthetical(text) and line.width < column_width - 1:
        return True  # "（陆熙沈建波）" on its own line closes what stands above it
    if not (closes or text.endswith(("：", ":"))):
        # A line short of its column closes its paragraph even with no stop: indented and far
        # short, a heading set as running text ("风景这边好"); short over a paragraph's first
        # line, a subhead — unless the line broke at a Latin word, a number or inside a word,
        # or a dateline runs on.
        if (line.last_char.isascii() or bylines.looks_like_dateline_start(text)
                or following.text.startswith(("（", "("))):
            return False
        deficit = column_width - (_INDENT if first else 0.0) - line.width
        return (line.indented and deficit >= _UNCLOSED_SHORT_DEFICIT) or (
            # short, over a paragraph's first line: a subhead set in the text's column
            deficit >= _SHORT_LINE_DEFICIT + 0.5 and _opens_paragraph(following, column_width)
            and not any(ch in RUNNING_TEXT_MARKS for ch in text[-1:]) and not word_spans(text, following.text)
        )
    indent = _INDENT if first else 0.0
    if is_parenthetical(following.text) and following.width < column_width - 1:
        # A closing credit "（孟西安祁勇）" on a line of its own: a paragraph of its own when set
        # apart by a blank line or under a line that stops short (the text ended there, the
        # credit set below it); under a full line it is the end of that paragraph's text,
        # wrapped to the next line.
        return following.blank_before or column_width - indent - line.width >= _SHORT_LINE_DEFICIT
    if _CAPTION_OPENING_RE.match(following.text):
        return True  # "图为…" after a closed sentence opens a caption, whatever the widths
    if following.blank_before and following.width >= max(column_width, line.width) + 1.0:
        return True  # set apart and wider than the column: a text box of its own (a caption)
    if column_width - indent - line.width >= _SHORT_LINE_DEFICIT:
        return True  # a last line, stopping short of the column
    # A full line closing a sentence: the paragraph ends only if the next line opens one,
    # an indent short of the column (a one-line paragraph is shorter still).
    return _opens_paragraph(following, column_width)


def _opens_paragraph(line: SourceLine, column_width: float) -> bool:
    deficit = column_width - line.width
    return _INDENT - _INDENT_TOLERANCE <= deficit <= _INDENT + _INDENT_SLACK_ABOVE and not ends_sentence(line.text)


@dataclass(slots=True)
class _Classifier:
    """Single pass over the lines, deciding each line's unit."""

    lines: Sequence[SourceLine]
    widths: list[float]
    units: list[Unit] = field(default_factory=list)
    _text: list[SourceLine] = field(default_factory=list)
    _grouped_title_at: int = -1  # a line cut from an open paragraph as one of grouped headlines
    _page_text: str = ""  # the lines' text without spaces (built when first needed)
    _offsets: list[int] = field(default_factory=list)  # where each line starts in it

    def run(self) -> list[Unit]:
        closed = True  # the line before ended its unit
        sentence_closed = True  # the line before closed a sentence: a title or byline may follow
        for i, line in enumerate(self.lines):
            following = self.lines[i + 1] if i + 1 < len(self.lines) else None
            if not closed and self._text and (credit_unit := self._wrapped_credit(line)) is not None:
                self._flush()
                self.units.append(credit_unit)
                closed = sentence_closed = True
                continue
            if not closed and (inside := self._byline_inside_sentence(line, following, i)) is not None:
                self.units.append(inside)  # before the paragraph, which stays open across it
                continue
            unit = self._standalone_kind(line, following, i) if closed or sentence_closed else None
            if unit is not None:
                self._flush()
                self.units.append(unit)
                closed = sentence_closed = True
                continue
            if closed or line.indented:
                self._flush()
            self._text.append(line)
            if following is None:
                break
            text = line.text
            if text.endswith(("）", ")")):  # whether the bracket closes a sentence needs the text before
                text = "".join(previous.text for previous in self._text[-4:])[-60:]
            sentence_closed = closes_paragraph_text(text)
            closed = paragraph_ends(line, following, self.widths[i], closes=sentence_closed,
                                    first=len(self._text) == 1)
            if not closed and self._titles_before_lead(following, i + 1):
                closed = True
            if not closed and self._caption_box_after(following, i + 1):
                closed = True
        self._flush()
        return self.units

    def _caption_box_after(self, line: SourceLine, i: int) -> bool:
        """Whether line i, set apart and wider than the column above it, opens a sentence that
        the text around says again word for word: a picture's caption printed in its own box
        where a column broke off in mid-sentence, not the rest of that sentence."""
        return (
            line.blank_before and i + 1 < len(self.lines) and line.width >= self.widths[i - 1] + 1.0
            and self._repeated_nearby(i)
        )

    def _wrapped_credit(self, line: SourceLine) -> Unit | None:
        """A photo credit the line break cut after its role ("…建设。　记者" / "罗昌爱摄"), as a
        unit; the role is taken off the line above (which then closes its paragraph)."""
        previous = self._text[-1]
        split = split_wrapped_credit(previous.text, line.text)
        if split is None:
            return None
        head, credit_text, credits = split
        self._text[-1] = dataclasses.replace(previous, text=head)
        return Unit(UnitKind.PHOTO_CREDIT, (dataclasses.replace(line, text=credit_text),), credits)

    def _set_apart_above_titles(self, i: int) -> bool:
        """Whether line i stands alone between blank lines above a run of such lines that a
        lead closes: headlines of side-by-side articles that the extractor printed together
        (a wrapped line of running text is not set apart from the lines after it)."""
        k = i
        while k + 1 < len(self.lines) and k - i < _GROUPED_TITLES_MAX:
            following = self.lines[k + 1]
            if not following.blank_before or not self.lines[k].blank_before:
                return False
            if starts_lead(following) or _is_byline_line(following):
                return k > i  # at least one title under this one before the lead
            if not title_shaped(following):
                return False
            k += 1
        return False

    def _titles_before_lead(self, line: SourceLine, i: int) -> bool:
        """A title-shaped line right above a lead or byline is a title even when the text above
        it seems open (a paragraph cut short, an odd closing): the lead under it decides."""
        following = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if following is None or line.indented or not title_shaped(line):
            return False
        if bylines.looks_like_dateline_start(line.text):
            return False
        if not (starts_lead(following) or _is_byline_line(following)):
            # Or the first of headlines printed one under the other, each set apart, above a
            # lead: the wrapped line of an open paragraph is not set apart from the next.
            if self._set_apart_above_titles(i):
                self._grouped_title_at = i
                return True
            return False
        if fills_column(line, self.widths[i]):
            return False
        # a caption's last line, with the role of its credit's name under it, is no title
        return split_wrapped_credit(line.text, following.text) is None

    def _flush(self) -> None:
        if self._text:
            self.units.append(Unit(UnitKind.TEXT, tuple(self._text)))
            self._text = []

    def _standalone_kind(self, line: SourceLine, following: SourceLine | None, i: int) -> Unit | None:
        """The unit of a line that stands alone (byline, caption, title), or None for text."""
        if line.indented:
            return None
        text = line.text
        credits = bylines.parse_byline_line(text) if len(text) <= 40 else None
        if credits is None and _CUT_NAME_RE.search(text):
            # "本报记者 王锦鹄、毛": the last name cut by the extraction; the others stand.
            credits = bylines.parse_byline_line(_CUT_NAME_RE.sub("", text))
        if credits is None and len(text) <= 20 and bylines.is_bare_byline(text):
            return Unit(UnitKind.BYLINE, (line,), ())  # its names were put elsewhere
        if credits:
            if all(credit.role == CreditRole.PHOTOGRAPHER for credit in credits):
                return Unit(UnitKind.PHOTO_CREDIT, (line,), credits)
            return Unit(UnitKind.BYLINE, (line,), credits)
        caption = caption_of(text, bold=line.bold)
        if caption is not None and not (
            line.bold and not caption.photographers and not self._credited_caption_goes_on(following)
            and self._is_title(line, following, i)
        ):
            # A bold line with no credit that stands as a title is a headline set in bold
            # (unless the caption goes on under it to its credit).
            return Unit(UnitKind.CAPTION, (line,), caption=caption)
        if self._is_title(line, following, i):
            return Unit(UnitKind.TITLE, (line,))
        return None

    def _repeated_nearby(self, i: int) -> bool:
        """Whether lines i and i + 1, read as one sentence, stand again word for word in the
        text around them (a caption repeats its story's words)."""
        text = "".join((self.lines[i].text + self.lines[i + 1].text).split())
        sentence = text[: max(text.rfind(mark) for mark in SENTENCE_END)].rstrip("。！？!?…")
        if len(sentence) < _REPEATED_MIN_CHARS:
            return False
        if not self._offsets:  # the page's text without spaces, once, and where each line starts
            squeezed = ["".join(line.text.split()) for line in self.lines]
            self._page_text = "".join(squeezed)
            position = 0
            for part in squeezed:
                self._offsets.append(position)
                position += len(part)
            self._offsets.append(position)
        offsets, n = self._offsets, len(self.lines)
        before = self._page_text[offsets[max(0, i - _REPEAT_WINDOW)] : offsets[i]]
        after = self._page_text[offsets[min(n, i + 2)] : offsets[min(n, i + 2 + _REPEAT_WINDOW)]]
        return sentence in before or sentence in after

    @staticmethod
    def _credited_caption_goes_on(following: SourceLine | None) -> bool:
        if following is None or not following.bold or following.blank_before:
            return False
        caption = caption_of(following.text, bold=True)
        return caption is not None and bool(caption.photographers)

    def _is_title(self, line: SourceLine, following: SourceLine | None, i: int) -> bool:
        if not title_shaped(line) or bylines.looks_like_dateline_start(line.text):
            return False
        if _CAPTION_OPENING_RE.match(line.text):
            return False  # "图为…" opens a caption, cut short by its line, never a title
        if following is None:
            return False  # a short line closing the page is the end of the text above
        if any(ch in SENTENCE_END for ch in following.text) and self._repeated_nearby(i):
            # a caption's first line: the caption says again what the story says (its credit
            # may follow the sentence: "…第二天。（陈")
            return False
        if _is_byline_line(following) and self._sentence_runs_under_byline(line, i):
            return False
        if starts_lead(following) or _is_byline_line(following):
            return True
        if self._heads_title_block(line, i) or self._drawn_twice(line, following):
            return True
        if (
            not self._text and self.units and self.units[-1].kind == UnitKind.TITLE
            and is_speech_kicker(self.units[-1].last.text)
            and not any(ch in RUNNING_TEXT_MARKS for ch in line.text)
        ):
            return True  # a kicker saying who speaks ("…会议强调") wants its main title under it
        if i == self._grouped_title_at or (line.blank_before and self._set_apart_above_titles(i)):
            # cut from the open paragraph above as a grouped headline, or one of headlines
            # printed one under the other, each set apart, above a lead
            return True
        if _DASH_START_RE.match(line.text) and not (self.units and self.units[-1].kind == UnitKind.TITLE):
            return False  # "———编者" signs off a note; a dash opens a subtitle only under a title
        if _DASH_START_RE.match(line.text) and not line.blank_before and not self._text:
            return True  # right under a title: its subtitle ("——访…的亲人"), commas and all
        credit_above = self._credit_above(i)
        if (
            credit_above is not None
            and not any(ch in RUNNING_TEXT_MARKS for ch in line.text)
            and not self._first_line_over_full(line, i)
            and ((line.blank_before and _closing_credit(credit_above)) or (
                abs(self.widths[i] - line.width) >= 1.0 and self.widths[i + 1] - following.width >= 1.0
            ))
        ):
            # After a closing credit ("（文同）") an article has ended: a title only needs to be
            # set apart by white space, or to differ from a full line and be followed by more
            # than a wrapped line.
            return True
        if self._full_line_title(line, following, i):
            return True
        if (
            line.blank_before
            and not (not self._text and self._title_above())
            and (
                max(self.widths[i], following.width) - line.width >= _TITLE_SHORTFALL
                # or set across columns, over text set narrower than it
                or min(line.width - following.width, line.width - self.widths[i + 1]) >= _TITLE_SHORTFALL
            )
            and not any(ch in RUNNING_TEXT_MARKS for ch in line.text)
            and not (line.last_char.isascii() and line.last_char.isalpha())
        ):
            # Set apart by white space after a closed sentence (not under a title: a subhead's
            # text may follow it the same way), well short of the column (or well wider than the
            # text under it) and without a mark of running text: a title, whatever the text under
            # it looks like
            # (a feature's first line loses its indent in extraction). A line ending in a
            # Latin word was broken at the space after it ("…到昌建·MOCO" / "新世界…"): short
            # by wrapping, not by design.
            return True
        if line.blank_before and self._above_a_first_line(line, following, i):
            return True
        if self._alone_between_blanks(line, following, i):
            return True
        if not stands_as_title(line, self.widths[i]):
            return False
        # With no lead under it, what follows must not read on from it: another title (a
        # subtitle opened by a dash may hold commas), or a paragraph's first line (an indent
        # short of the column), not a wrapped line.
        next_width = self.widths[i + 1]
        return (
            title_shaped(following)
            and (stands_as_title(following, next_width) or _DASH_START_RE.match(following.text) is not None)
        ) or next_width - following.width >= _INDENT - _INDENT_TOLERANCE

    def _first_line_over_full(self, line: SourceLine, i: int) -> bool:
        """Whether the line stops an indent short of the full lines under it and is no
        narrower (a paragraph's first line, set apart by the column's head), not a title."""
        # spaces the extraction set around digits ("12 月 1 日") stand for width the text lacks
        below = [other.width + 0.5 * len(_SPACE_RUN_RE.findall(other.text.strip()))
                 for other in self.lines[i + 1 : i + 4] if not other.blank_before]
        if len(below) < 2:
            return False
        column = max(below)
        return (_INDENT - _INDENT_TOLERANCE <= column - line.width <= _INDENT + _INDENT_TOLERANCE
                and below[0] >= column - _INDENT_TOLERANCE)

    def _byline_inside_sentence(self, line: SourceLine, following: SourceLine | None, i: int) -> Unit | None:
        """The unit of a byline line the extraction printed inside an open sentence of a
        story's text, which a word reads across ("…农田水利建" / "本报记者 X" / "设与管理…");
        None for any other line."""
        if following is None or not self._text or not _is_byline_line(line) or self.lines[i - 1] is not self._text[-1]:
            return None
        if not self._sentence_runs_under_byline(self._text[-1], i - 1):
            return None
        unit = self._standalone_kind(line, following, i)
        return unit if unit is not None and unit.kind == UnitKind.BYLINE else None

    def _sentence_runs_under_byline(self, line: SourceLine, i: int) -> bool:
        """A paragraph's first line (as wide as the column less its indent, or wider) whose
        sentence goes on under the byline line after it: the extraction printed the byline
        inside the story's text ("这一现象是旧的农田水利建" / "本报记者 X" / "设与管理…"),
        and a word reads across ("建设"). A title over a byline is followed by a lead."""
        if i + 2 >= len(self.lines) or ends_sentence(line.text):
            return False
        after = self.lines[i + 2]
        if after.indented or starts_lead(after) or bylines.looks_like_dateline_start(after.text):
            return False
        if line.width < self.widths[i] - _INDENT - _INDENT_TOLERANCE:
            return False
        return word_spans(line.text, after.text)

    def _drawn_twice(self, line: SourceLine, following: SourceLine) -> bool:
        """A title in fake bold, drawn as two runs that the extractor gives one under the other:
        the line repeated by the next line, or repeating the title right above it (running text
        never says a line twice)."""
        if any(ch in RUNNING_TEXT_MARKS for ch in line.text):
            return False
        text = "".join(line.text.split())
        if text == "".join(following.text.split()):
            return True
        return (
            not self._text and bool(self.units) and self.units[-1].kind == UnitKind.TITLE
            and "".join(self.units[-1].last.text.split()) == text
        )

    def _heads_title_block(self, line: SourceLine, i: int) -> bool:
        """The first line of a title block of two or three lines right over a lead or a byline:
        a kicker over its main title, a main title over a dash subtitle, a headline over its
        second copy (fake bold drawn twice). Every line of the block is title-shaped, with no
        mark of running text (a subtitle opened by a dash may hold commas)."""
        if any(ch in RUNNING_TEXT_MARKS for ch in line.text):
            return False
        for k in range(i + 1, min(i + 3, len(self.lines) - 1)):
            below = self.lines[k]
            if below.indented or not title_shaped(below) or bylines.looks_like_dateline_start(below.text):
                return False
            if any(ch in RUNNING_TEXT_MARKS for ch in below.text) and not _DASH_START_RE.match(below.text):
                return False
            after = self.lines[k + 1]
            if starts_lead(after) or _is_byline_line(after):
                return True
        return False

    def _title_above(self) -> bool:
        """Whether the unit above is a title (a name alone, a byline's put there by the
        extraction, is none)."""
        if not self.units or self.units[-1].kind != UnitKind.TITLE:
            return False
        return not (len(self.units[-1].lines) == 1 and _lone_name(self.units[-1].first))

    def _alone_between_blanks(self, line: SourceLine, following: SourceLine, i: int) -> bool:
        """A line set apart by white space above and below, closing no sentence, with no mark of
        running text, over a paragraph's first line set apart too, and narrower than it: a
        block of one line, which running text is not (a paragraph's last line closes its
        sentence), a title (extractors that print every text box apart print titles so)."""
        if not ((line.blank_before or i == 0) and following.blank_before):
            return False
        if any(ch in RUNNING_TEXT_MARKS for ch in line.text):
            return False
        if i == 0 and not ends_sentence(line.text) and line.width <= self.widths[i + 1] + 1.0:
            return True  # the page's first line, a block of its own: its first headline
        if line.last_char.isascii() and line.last_char.isalnum():
            return False  # a line broken at a Latin word or a number is short by wrapping
        # over a paragraph's first line (an indent short of its column), and narrower than it:
        # not the first line of a paragraph a column break cut after one line
        return _opens_paragraph(following, self.widths[i + 1]) and following.width - line.width >= 1.0

    def _above_a_first_line(self, line: SourceLine, following: SourceLine, i: int) -> bool:
        """A short line at the head of a block, over a paragraph's first line (an indent short
        of the wrapped lines under it) and narrower than that first line: not a paragraph of
        its own (it closes no sentence), nor a wrapped line: a title over a new column, whose
        width the lines under it give, not the text before it."""
        below = sorted(other.width for other in self.lines[i + 2 : i + 6] if not other.blank_before)
        if len(below) < 3 or any(ch in RUNNING_TEXT_MARKS for ch in line.text):
            return False
        column = below[len(below) // 2]  # the commonest width of wrapped lines, not an odd one
        deficit = column - following.width
        return (
            _INDENT - _INDENT_TOLERANCE <= deficit <= _INDENT + _INDENT_SLACK_ABOVE
            and following.width - line.width >= 1.0
            and not following.blank_before
            and not closes_paragraph_text(following.text)
        )

    def _credit_above(self, i: int) -> str | None:
        """The bracket closing the text right above line i ("（文同）"), also when the column
        cut it over two lines ("（本报阿布扎比1 月1" / "日电）"); None if there is none. A byline's
        name left alone between them by the extraction is passed over."""
        if i > 1 and self.lines[i - 1].blank_before and _lone_name(self.lines[i - 1]):
            i -= 1
        if i == 0:
            return None
        above = self.lines[i - 1].text.strip()
        if is_parenthetical(above):
            return above
        if i < 2 or not above.endswith(("）", ")")) or "（" in above or "(" in above:
            return None
        match = _SIGNATURE_RE.search(self.lines[i - 2].text.strip() + above)
        if match is None or not self.lines[i - 2].text.strip().endswith(match.group(0)[: -len(above)]):
            return None
        if match.group(1).rstrip().endswith(_PICTURE_CREDIT_ENDS):
            return None  # a picture's credit closes a caption, which may stand anywhere in a story
        return match.group(0)

    def _full_line_title(self, line: SourceLine, following: SourceLine, i: int) -> bool:
        """A line as wide as the column right after a closed paragraph cannot be that
        paragraph's successor (a first line stops an indent short): with no marks of running
        text, and a paragraph's first line under it, it is a title."""
        if line.width < self.widths[i] - 0.5 or any(ch in RUNNING_TEXT_MARKS for ch in line.text):
            return False
        deficit = self.widths[i + 1] - following.width
        return deficit >= _INDENT - _INDENT_TOLERANCE and not closes_paragraph_text(following.text)


_NUMERAL_RE = re.compile(r"[0-9０-９]")
_SPACE_RUN_RE = re.compile(r"\s+")


def _lone_name(line: SourceLine) -> bool:
    """A line that is a name alone ("林皎明"): a byline's, which the extraction moved."""
    text = line.text.strip()
    return len(text) <= 4 and bylines.looks_like_name(text)


def split_wrapped_credit(above: str, text: str) -> tuple[str, str, tuple[Credit, ...]] | None:
    """A photo credit that a line break cut after its role: the role set apart after a closed
    sentence at the end of the line above ("…建设。　记者"), the name and 摄 on the line
    (`text`: "罗昌爱摄"). Gives the line above without the role, the credit, and its credits."""
    text = text.strip()
    if len(text) > _WRAPPED_CREDIT_MAX or not text.endswith("摄"):
        return None
    parts = above.rstrip().rsplit(maxsplit=1)
    if len(parts) != 2 or len(parts[1]) > _WRAPPED_CREDIT_MAX or not closes_paragraph_text(parts[0]):
        return None
    credit_text = f"{parts[1]} {text}"
    credits = bylines.parse_byline_line(credit_text)
    if not credits or any(credit.role != CreditRole.PHOTOGRAPHER for credit in credits):
        return None
    return parts[0], credit_text, credits


def _closing_credit(text: str) -> bool:
    """A bracket closing an article: its writers ("（金城）", "（孟西安祁勇）") or its source
    ("（据新华社电）", "（本报阿布扎比1月1日电）"), not a note such as "（共100人）"."""
    inner = text.strip()[1:-1]
    return bool(inner) and (not _NUMERAL_RE.search(inner) or inner.rstrip().endswith(("电", "讯")))


def _is_byline_line(line: SourceLine) -> bool:
    """A byline line, or its label alone ("本报记者") when the extractor put the names elsewhere."""
    return len(line.text) <= 40 and _is_byline_text(line.text)


@functools.lru_cache(maxsize=4096)  # asked of most lines several times (as a line, as the line under one)
def _is_byline_text(text: str) -> bool:
    return bylines.parse_byline_line(text) is not None or (len(text) <= 20 and bylines.is_bare_byline(text))


def starts_lead(line: SourceLine) -> bool:
    """An article's first paragraph: indented, or opening with a dateline."""
    return line.indented or bylines.looks_like_dateline_start(line.text)


def classify(lines: Sequence[SourceLine]) -> list[Unit]:
    """The page's lines as units."""
    return _Classifier(lines, column_widths(lines)).run()


# --------------------------------------------------------------------------- units → articles


@dataclass(slots=True)
class _Draft:
    titles: list[SourceLine] = field(default_factory=list)
    byline: list[Credit] = field(default_factory=list)
    body: list[Unit] = field(default_factory=list)
    photo_credits: list[Credit] = field(default_factory=list)
    headless: bool = False
    features: bool = False  # opened by a byline line and no dateline: a feature with subheads
    dateline_lead: bool = False  # headless, opened by a dateline: its title may stand elsewhere
    caption_mark: int | None = None  # len(body) when a caption line last stood under it
    byline_label: str | None = None  # a byline line with no name ("本报记者"): its names may follow
    # the credits of a byline line set right under a title, by that title's line number
    byline_under: dict[int, list[Credit]] = field(default_factory=dict)

    def freeze(self) -> ArticleDraft:
        return ArticleDraft(tuple(self.titles), tuple(self.byline), tuple(self.body),
                            tuple(self.photo_credits), self.headless)


def _opens_article(unit: Unit) -> bool:
    return unit.kind in (UnitKind.BYLINE,) or (unit.kind == UnitKind.TEXT and starts_lead(unit.first))


def segment(units: Sequence[Unit], *, out_of_order: bool = False) -> PageLayout:
    """Units grouped into articles (`out_of_order`: the extractor printed blocks of the page
    out of their reading order, and some were put back)."""
    drafts: list[_Draft] = []
    captions: list[tuple[Caption, SourceLine]] = []
    current: _Draft | None = None
    untitled_ahead = _untitled_starts_ahead(units)
    page_texts = ["".join(line.text for line in unit.lines) for unit in units if unit.kind == UnitKind.TEXT]
    i = 0
    while i < len(units):
        unit = units[i]
        if current is not None and (credits := _displaced_names(current, unit)):
            current.byline.extend(credits)
            current.byline_label = None
            i += 1
            continue
        after = units[i + 1] if i + 1 < len(units) else None
        if (found := _name_for_open_label(drafts, current, unit, after)) is not None:
            # A name set apart at the head of a block far from its label ("本报记者" under a
            # headline, "阎晓明" a column away): the extractor moved it; its text goes on.
            owner, credits = found
            owner.byline.extend(credits)
            owner.byline_label = None
            # The block the name heads goes on with the owner's text: the name stood on the
            # byline line at the head of that column.
            rest = [dataclasses.replace(unit, lines=unit.lines[1:])] if len(unit.lines) > 1 else []
            i += 1
            while i < len(units) and units[i].kind == UnitKind.TEXT and not units[i].first.blank_before:
                rest.append(units[i])
                i += 1
            owner.body.extend(rest)
            if (i < len(units) and units[i].kind == UnitKind.TEXT and not starts_lead(units[i].first)
                    and _owner_by_words(drafts, units[i], strict=False) is owner):
                current = owner  # the column the name headed goes on below it, in the owner's words
            continue
        if unit.kind == UnitKind.TITLE:
            j = i
            while j + 1 < len(units) and units[j + 1].kind == UnitKind.TITLE:
                j += 1
            run = units[i : j + 1]
            after = units[j + 1] if j + 1 < len(units) else None
            # titles each set apart, with a story further down opened by its byline or
            # dateline under no title: headlines printed together, to be shared out
            grouped = untitled_ahead[j] and len(run) > 1 and all(u.first.blank_before for u in run)
            if grouped or current is None or _filed_report(current) or (
                after is not None and _opens_article(after)
            ) or (
                after is not None and not after.first.blank_before and not current.features
            ) or (current.headless and not current.titles and not current.photo_credits) or (
                after is not None and (_signed_off(current, anywhere=True) or _wider_than_column(run, after))
            ) or (
                after is not None and _sibling_title(current, run, after) and _short_text_ahead(units, j + 1)
            ):
                titles = [u.first for u in run]
                loose = 0 if grouped else _loose_lines_above_title(titles)
                if loose and current is not None:
                    # Lines set apart above the title block belong to the text before it
                    # (picture labels such as "百牛迎春" under "图片：").
                    current.body.extend(Unit(UnitKind.TEXT, (line,)) for line in titles[:loose])
                    titles = titles[loose:]
                current = _Draft(titles=titles)
                drafts.append(current)
                if _opening_line_of_text(titles, after):
                    # the short line runs on in the text's own block: the text's first paragraph
                    current.body.append(Unit(UnitKind.TEXT, (current.titles.pop(),)))
            else:
                current.body.append(Unit(UnitKind.TITLE, tuple(u.first for u in run)))
            i = j + 1
            continue
        if unit.kind == UnitKind.BYLINE:
            if current is None or current.body:
                current = _Draft()
                drafts.append(current)
            if current.titles and not current.body and units[i - 1].kind == UnitKind.TITLE:
                current.byline_under[current.titles[-1].number] = list(unit.credits)
            current.byline.extend(unit.credits)
            current.byline_label = None if unit.credits else unit.first.text
            current.features = True
        elif unit.kind == UnitKind.PHOTO_CREDIT:
            if current is not None and (caption_unit := _caption_above_credit(current, page_texts)) is not None:
                # "图为大田庄乡位于蒙山腹地。" / "记者 贾建舟 摄" inside a story: the credit closes
                # the caption of the story's picture, not the story.
                text = "".join(line.text for line in caption_unit.lines)
                names = tuple(credit.name for credit in unit.credits)
                captions.append((Caption(clean_text(text), names), caption_unit.first))
                i += 1
                continue
            after = units[i + 1] if i + 1 < len(units) else None
            if current is not None and (split := _photo_story_under_title(current, after)) is not None:
                # A title, a paragraph and its photographer, then the title's lead: a photo
                # story the extractor printed between a headline and its story.
                photo = _Draft(body=[current.body[-1]], photo_credits=list(unit.credits), headless=True)
                if split:  # the title stood as a subhead of the story before
                    current.body[-2:] = []
                    current = _Draft(titles=list(split))
                    drafts.extend((photo, current))
                else:
                    current.body.clear()
                    drafts.insert(len(drafts) - 1, photo)
                i += 1
                continue
            mark = current.caption_mark if current is not None and not current.headless else None
            if current is not None and mark is None and _closes_photo_story(current):
                mark = len(current.body) - 1
            if current is not None and mark is not None and mark < len(current.body):
                # Text between a caption (or the end of a story) and a photo credit, with no
                # indent to show it: a photo story of its own, not more of the article before.
                story = _Draft(body=current.body[mark:], headless=True)
                del current.body[mark:]
                current = story
                drafts.append(current)
            if current is None:
                current = _Draft(headless=True)
                drafts.append(current)
            current.photo_credits.extend(unit.credits)
        elif unit.kind == UnitKind.CAPTION and unit.caption is not None:
            caption = unit.caption
            closes_photo_story = (
                current is not None and current.headless and bool(current.body)
                and not current.photo_credits and not unit.first.blank_before
            )
            continues_caption = (
                bool(captions) and not captions[-1][0].photographers and not unit.first.blank_before
                and units[i - 1].kind == UnitKind.CAPTION
            )
            if closes_photo_story:
                assert current is not None
                # The credit closes the text of a photo story: "…图为表彰大会现场。 记者 X 摄".
                text, credits = bylines.split_trailing_credit(unit.first.text)
                current.body.append(Unit(UnitKind.TEXT, (dataclasses.replace(unit.first, text=text),)))
                current.photo_credits.extend(credits)
            elif continues_caption:
                # A caption set on two lines: the credit stands at the end of the second.
                previous, first_line = captions.pop()
                captions.append((Caption(previous.text + caption.text, caption.photographers), first_line))
            else:
                captions.append((caption, unit.first))
            if current is not None:
                current.caption_mark = len(current.body)
        else:  # TEXT
            dateline = bylines.looks_like_dateline_start(unit.first.text)
            if current is not None and unit.first.blank_before and not starts_lead(unit.first):
                elsewhere, strict = _text_elsewhere(current, units, i, out_of_order)
                if elsewhere and (named := _owner_by_words(drafts, unit, strict=strict)) is not None:
                    # Running text set apart under a story its writer's signature closed, or on a
                    # page printed out of order, under a closed paragraph, may be the rest of
                    # another story that the extractor printed here: the one whose words it says.
                    current = named
            if current is None or (unit.first.indented and (current.body or current.photo_credits)) or (
                dateline and unit.first.blank_before and any(u.kind == UnitKind.TEXT for u in current.body)
                and not _caption_over_lead(current, page_texts)
            ):
                # Text with no title above: a photo story (indented, credited below), the
                # run-on of a story from another page when the page opens with it, or a story
                # opened by its dateline whose title the extractor printed elsewhere.
                current = _Draft(headless=True, dateline_lead=dateline)
                drafts.append(current)
            if not current.body and bylines.looks_like_dateline_start(unit.first.text):
                current.features = False
            current.body.append(unit)
        i += 1
    _share_out_stacked_heads(drafts)
    _regroup_titles(drafts)
    _send_stacked_titles_to_their_text(drafts)
    _rejoin_displaced_bylines(drafts)
    for draft in drafts:
        captions.extend(_lift_captions(draft, page_texts))
    return PageLayout(_settle_headless(drafts), tuple(captions))


# Share of a title's bigrams its story must hold for the title to be moved to it.
_TITLE_MATCH_MIN = 0.2


# Share of a paragraph's word pairs the text of the story it goes on must hold, and how many
# times the next best story's share.
_OWNER_MIN_SHARE = 0.2
_OWNER_MARGIN = 2.0
# Where the paragraph is only set apart after a closed sentence (no signature), more evidence:
# word pairs of that story alone on the page, and the log odds of its pairs' rates over the
# next likeliest story's (a long story holds more pairs by its length alone).
_OWNER_MIN_OWN_PAIRS = 4
_OWNER_MIN_LOG_ODDS = 5.0
# A paragraph with fewer word pairs says too little to be placed by them.
_OWNER_MIN_PAIRS = 12


def _text_elsewhere(current: _Draft, units: Sequence[Unit], i: int, out_of_order: bool) -> tuple[bool, bool]:
    """Whether the text unit i, set apart, may be the rest of another story than `current`,
    and whether that needs the stricter evidence: under a story its writer's signature
    closed, always; on a page the extractor printed out of order, under a closed paragraph."""
    if _signed_off(current):
        return True, False
    if not out_of_order or i == 0:
        return False, True
    above = units[i - 1]
    closed = above.kind in (UnitKind.TEXT, UnitKind.TITLE) and closes_paragraph_text(
        "".join(line.text for line in above.lines[-2:]))
    return closed, True


def _owner_by_words(drafts: Sequence[_Draft], unit: Unit, *, strict: bool) -> _Draft | None:
    """The story a paragraph printed away from it goes on: the one whose text holds the most of
    its word pairs, well ahead of every other (`strict`: and holds pairs no other story does,
    and is the likeliest by the rates of its pairs); None when none is."""
    wanted = bigrams("".join(_CJK_RUN_RE.findall("".join(line.text for line in unit.lines))))
    if len(wanted) < _OWNER_MIN_PAIRS:
        return None
    have = [bigrams(_draft_text(d)) for d in drafts]
    shares = sorted(((_share(wanted, h), k) for k, h in enumerate(have)), reverse=True)
    if not shares or shares[0][0] < _OWNER_MIN_SHARE:
        return None
    if len(shares) > 1 and shares[0][0] < _OWNER_MARGIN * shares[1][0]:
        return None
    owner = shares[0][1]
    if strict:
        spread = Counter(gram for h in have for gram in h)
        if sum(1 for gram in wanted if gram in have[owner] and spread[gram] == 1) < _OWNER_MIN_OWN_PAIRS:
            return None
        odds = sorted(((_log_likelihood(wanted, h, len(spread) + 1), k) for k, h in enumerate(have)), reverse=True)
        if odds[0][1] != owner or (len(odds) > 1 and odds[0][0] - odds[1][0] < _OWNER_MIN_LOG_ODDS):
            return None
    return drafts[owner]


def _log_likelihood(wanted: Counter[str], have: Counter[str], vocabulary: int) -> float:
    """Log likelihood of the word pairs `wanted` drawn at the rates of a story's (smoothed)."""
    size = sum(have.values())
    return sum(n * math.log((have[gram] + 0.1) / (size + 0.1 * vocabulary)) for gram, n in wanted.items())


def _filed_report(draft: _Draft) -> bool:
    """Whether the draft is a report filed under a dateline ("新华社…电", "本报讯"): a news
    report is not broken by subheads (features are), so a title under its text heads the
    next article."""
    lead = next((unit for unit in draft.body if unit.kind == UnitKind.TEXT), None)
    return lead is not None and bylines.looks_like_dateline_start(lead.first.text)


def _caption_over_lead(draft: _Draft, page_texts: Sequence[str]) -> bool:
    """Whether the draft is a title over one short paragraph that is a picture's caption
    ("图为…", or words said again elsewhere on the page): the lead under it is the title's."""
    if not draft.titles or len(draft.body) != 1:
        return False
    text = "".join(line.text for line in draft.body[0].lines)
    others = [other for other in page_texts if other != text]
    return _caption_among_paragraphs(draft.body[0], others, credited=False) is not None


def _rejoin_displaced_bylines(drafts: list[_Draft]) -> None:
    """A byline line the extraction printed in the middle of a feature opened a draft of its
    own with no title; when no headline was found for it, and the draft before is a feature
    with a title and neither byline nor dateline, the byline is that feature's and its text
    goes on the feature's. Else, when the text under it is no lead (no indent, no dateline),
    the byline and the text go to the titled story naming no one whose words the text says."""
    k = 1
    while k < len(drafts):
        draft, before = drafts[k], drafts[k - 1]
        if (
            not draft.titles and draft.features and draft.byline and not draft.photo_credits
            and before.titles and not before.byline and not before.byline_label and not before.headless
            and not before.photo_credits and not _filed_report(before)
        ):
            before.byline.extend(draft.byline)
            before.body.extend(draft.body)
            del drafts[k]
            continue
        if (
            not draft.titles and draft.features and draft.byline and not draft.photo_credits and draft.body
            and draft.body[0].kind == UnitKind.TEXT and not starts_lead(draft.body[0].first)
        ):
            # The text under it is no lead but the rest of a story printed elsewhere: the byline
            # and that text are the story's that names no one and whose words the text says.
            open_stories = [d for d in drafts if d.titles and not d.byline and not d.byline_label
                            and not d.headless and not d.photo_credits and d is not draft]
            owner = _owner_by_words(open_stories, draft.body[0], strict=False) if open_stories else None
            if owner is not None:
                owner.byline.extend(draft.byline)
                owner.body.extend(draft.body)
                del drafts[k]
                continue
        k += 1


# How far short of the text's lines a line must stop to be a paragraph alone over them.
_ALONE_SHORT_BY = 4.0


def _opening_line_of_text(titles: Sequence[SourceLine], after: Unit | None) -> bool:
    """Whether the last line of a title block is the opening line of the text under it (a
    one-line paragraph such as "风景这边好"): set apart from the titles above it but with no
    blank line between it and the text (the extractor prints a block's lines together, and the
    line is in the text's block, not the headline's), far shorter than the text's lines, no
    dash subtitle, under a headline that is no kicker wanting its main title."""
    if len(titles) < 2 or after is None or after.kind != UnitKind.TEXT or len(after.lines) < 3:
        return False
    last = titles[-1]
    if not last.blank_before or after.first.blank_before or _DASH_START_RE.match(last.text):
        return False
    if any(is_speech_kicker(line.text) for line in titles[:-1]):
        return False
    column = max(line.width for line in after.lines)
    return last.width <= column - _ALONE_SHORT_BY and all(line.width > last.width for line in titles[:-1])


def _untitled_starts_ahead(units: Sequence[Unit]) -> list[bool]:
    """For each unit, whether an article further down opens with no title above it: a byline
    line, or a paragraph set apart that opens with a dateline, under no title or byline."""
    out = [False] * len(units)
    ahead = False
    for k in range(len(units) - 1, -1, -1):
        out[k] = ahead
        unit = units[k]
        opens = unit.kind == UnitKind.BYLINE or (
            unit.kind == UnitKind.TEXT and unit.first.blank_before
            and bylines.looks_like_dateline_start(unit.first.text)
        )
        if opens and (k == 0 or units[k - 1].kind not in (UnitKind.TITLE, UnitKind.BYLINE)):
            ahead = True
    return out


# Characters of a story's text whose words a headline is matched against: its lead.
_LEAD_CHARS = 150


def _share_out_stacked_heads(drafts: list[_Draft]) -> None:
    """Titles and bylines of side-by-side stories that the extractor printed one under the
    other, then the stories' texts one after the other: a draft with a title and no text
    right above a titled draft gets the first part of that draft's text — cut where a block
    opens after a closed sentence, at the cut where each headline shares the most words
    with the lead under it (a headline names its story's subject)."""
    for k in range(len(drafts) - 1):
        empty, full = drafts[k], drafts[k + 1]
        if not empty.titles or empty.body or empty.photo_credits or not full.titles:
            continue
        texts = ["".join(line.text for line in unit.lines) for unit in full.body]
        cuts = [
            c for c in range(1, len(full.body))
            if full.body[c].kind == UnitKind.TEXT and full.body[c].first.blank_before
            and full.body[c - 1].kind == UnitKind.TEXT and closes_paragraph_text(texts[c - 1])
        ]
        if not cuts:
            continue
        first, second = bigrams("".join(t.text for t in empty.titles)), bigrams("".join(t.text for t in full.titles))
        if not first or not second:
            continue
        fits = {c: (_lead_share(first, texts[:c]), _lead_share(second, texts[c:])) for c in cuts}
        best = max(cuts, key=lambda c: sum(fits[c]))
        # the cut must name both stories better than leaving all the text under the second
        if fits[best][0] > 0 and sum(fits[best]) > _lead_share(second, texts):
            empty.body, full.body = full.body[:best], full.body[best:]


def _lead_share(title: Counter[str], texts: Sequence[str]) -> float:
    """The share of a title's bigrams the lead of a text holds."""
    return _share(title, bigrams("".join(texts)[:_LEAD_CHARS]))


def _regroup_titles(drafts: list[_Draft]) -> None:
    """Headlines of side-by-side articles that the extractor printed together, each set apart
    by white space, above the first one's text: each goes to the story that opens with a
    dateline and no title of its own whose text shares the most of its words (a headline
    names its story's subject), when that story shares more of them than the text under it."""
    orphans = [
        d for d in drafts
        if not d.titles and not d.photo_credits and (
            (d.headless and d.dateline_lead) or (d.features and bool(d.byline or d.byline_label) and bool(d.body))
        )
    ]
    if not orphans:
        return
    orphan_grams = [bigrams(_draft_text(d)) for d in orphans]
    for draft in drafts:
        if _stray_title(draft):
            _move_stray_title(draft, orphans, orphan_grams)
            continue
        if draft.headless or len(draft.titles) < 2 or not all(t.blank_before for t in draft.titles[1:]):
            continue
        own = bigrams(_draft_text(draft))
        kept: list[SourceLine] = []
        for title in draft.titles:
            wanted = bigrams(title.text)
            # stories that got a title already are out of the running, unless that title is a
            # kicker saying who speaks ("…强调"), which wants a main title under it
            free = [Counter[str]() if orphan.titles and not _wants_main_title(orphan) else grams
                    for orphan, grams in zip(orphans, orphan_grams, strict=True)]
            index = best_match(title.text, free)
            if index is None or not wanted:
                kept.append(title)
                continue
            score = _share(wanted, orphan_grams[index])
            if score >= _TITLE_MATCH_MIN and score > _share(wanted, own):
                orphans[index].titles = [*orphans[index].titles, title]
                orphans[index].headless = False
            else:
                kept.append(title)
        if kept:
            draft.titles = kept
        else:  # every title found a story elsewhere: the text under them keeps the first
            draft.titles = [draft.titles[0]]
            orphan = next(o for o in orphans if draft.titles[0] in o.titles)
            orphan.titles = [t for t in orphan.titles if t is not draft.titles[0]]
            orphan.headless = not orphan.titles


# A title of a stack names the story under it when that story's text holds this share of its
# word pairs; below it, the title may be another story's.
_OWN_TITLE_MIN = 0.15


def _send_stacked_titles_to_their_text(drafts: list[_Draft]) -> None:
    """Headlines of side-by-side stories that the extractor printed one under the other, each
    set apart, over the first story's text, and the other story's text further down, with no
    title, run on under a third story: a title of the stack whose words the text under it
    does not say, while another title of the stack does, goes (with the byline line set right
    under it) to the paragraphs set apart further down that say them, cut from the story they
    ran on under where a block opens after a closed sentence: at the cut where each part
    names its own title's subject and the two parts share the fewest words."""
    for draft in list(drafts):
        if draft.headless or len(draft.titles) < 2 or not all(t.blank_before for t in draft.titles[1:]):
            continue
        own = bigrams(_draft_text(draft))
        named = [_share(bigrams(_cjk_words(t.text)), own) if _cjk_words(t.text) else 0.0 for t in draft.titles]
        if max(named) < _TITLE_MATCH_MIN:
            continue  # the text under the stack names none of it: nothing to tell them apart by
        for title, share in zip(list(draft.titles), named, strict=True):
            wanted = bigrams(_cjk_words(title.text))
            if share >= _OWN_TITLE_MIN or not wanted:
                continue
            found = _text_of_stray_title(drafts, draft, wanted)
            if found is None:
                continue
            host, cut = found
            moved = _Draft(titles=[title], byline=draft.byline_under.pop(title.number, []), body=host.body[cut:])
            host.body = host.body[:cut]
            draft.titles.remove(title)
            draft.byline = [credit for credit in draft.byline if credit not in moved.byline]
            drafts.insert(drafts.index(host) + 1, moved)


def _cjk_words(text: str) -> str:
    # words, not numbers: a year in the title is in many stories
    return "".join(_CJK_RUN_RE.findall(text))


def _text_of_stray_title(drafts: Sequence[_Draft], stack: _Draft, wanted: Counter[str]) -> tuple[_Draft, int] | None:
    """The story and the cut in its body after which its text is another story's, the one whose
    title's word pairs are `wanted`; None when no text further down says them."""
    best: tuple[float, _Draft, int] | None = None
    for host in drafts[drafts.index(stack):]:
        if host.headless or not host.titles:
            continue
        host_title = bigrams(_cjk_words("".join(t.text for t in host.titles if t not in stack.titles)
                                        or host.titles[0].text))
        texts = ["".join(line.text for line in unit.lines) if unit.kind == UnitKind.TEXT else "" for unit in host.body]
        for cut in range(1, len(host.body)):
            unit, above = host.body[cut], host.body[cut - 1]
            if unit.kind != UnitKind.TEXT or not unit.first.blank_before or above.kind != UnitKind.TEXT:
                continue
            if not closes_paragraph_text(texts[cut - 1]) or starts_lead(unit.first):
                continue
            head, tail = bigrams(_cjk_words("".join(texts[:cut]))), bigrams(_cjk_words("".join(texts[cut:])))
            said, said_above = _share(wanted, tail), _share(wanted, head)
            if said < _TITLE_MATCH_MIN or said <= _STRAY_TITLE_MARGIN * said_above:
                continue
            if host_title and _share(host_title, tail) > _share(host_title, head):
                continue  # the text below says the host's own title: it is the host's
            # the two parts are two stories: the fewer words they share, the likelier the cut
            fit = said + (_share(host_title, head) if host_title else 0.0) - _share(tail, head) - _share(head, tail)
            if best is None or fit > best[0]:
                best = (fit, host, cut)
    return None if best is None else (best[1], best[2])


def _wants_main_title(draft: _Draft) -> bool:
    return len(draft.titles) == 1 and is_speech_kicker(draft.titles[0].text)


# A title alone over text that is no lead goes to a story elsewhere only when that story's
# text shares this many more of its words than the text under it.
_STRAY_TITLE_MARGIN = 2.0
_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]+")


def _stray_title(draft: _Draft) -> bool:
    """A title set apart by white space above and below, alone, over text with no lead
    (no dateline, no byline): a headline the extractor may have printed away from its story."""
    if draft.headless or len(draft.titles) != 1 or draft.byline or draft.byline_label or not draft.body:
        return False
    first = draft.body[0]
    return (
        draft.titles[0].blank_before and first.kind == UnitKind.TEXT and first.first.blank_before
        and not starts_lead(first.first)
    )


def _move_stray_title(draft: _Draft, orphans: list[_Draft], orphan_grams: list[Counter[str]]) -> None:
    """The stray title to the story opened by a dateline under no title whose text names its
    subject far better than the text under it; that text then goes on the article before."""
    title = draft.titles[0]
    # words, not numbers: a year in the title is in many stories
    words = "".join(_CJK_RUN_RE.findall(title.text))
    wanted = bigrams(words)
    free = [Counter[str]() if orphan.titles else grams for orphan, grams in zip(orphans, orphan_grams, strict=True)]
    index = best_match(words, free)
    if index is None or not wanted:
        return
    score = _share(wanted, orphan_grams[index])
    if score >= _TITLE_MATCH_MIN and score > _STRAY_TITLE_MARGIN * _share(wanted, bigrams(_draft_text(draft))):
        orphans[index].titles, orphans[index].headless = [title], False
        draft.titles, draft.headless = [], True


def _draft_text(draft: _Draft) -> str:
    return "".join(line.text for unit in draft.body if unit.kind == UnitKind.TEXT for line in unit.lines)


def _share(wanted: Counter[str], have: Counter[str]) -> float:
    """The share of `wanted`'s word pairs that `have` holds (0 when a title has no pair: one
    character, such as the end of an editor's name cut off the page header)."""
    total = sum(wanted.values())
    if not total:
        return 0.0
    return sum(min(count, have[gram]) for gram, count in wanted.items() if gram in have) / total


# How a picture's credit ends: "（许宏治摄）", "（新华社发美联社照片）", "（新华社记者X传真）".
_PICTURE_CREDIT_ENDS = ("摄", "照片", "图", "传真")
# A writer's signature closing an article: "（黄玉生）", "（孙海涛胡跃平）", "（据新华社电）".
_SIGNATURE_RE = re.compile(r"[（(]([^（()）]{2,14})[）)]$")
_SIGNED_SENTENCE_RE = re.compile(r"[。！？!?…”][（(][\u3400-\u9fff]{2,14}[）)]$")


def _signed_off(draft: _Draft, *, anywhere: bool = False) -> bool:
    """Whether the draft's text ends with its writer's signature in brackets: the article is
    over, so a title under it heads the next one rather than a subhead of this one.
    `anywhere`: whether a paragraph of it does (a story's second column printed before its
    first puts the signature in the middle of its text)."""
    if anywhere and not _signed_off(draft):
        # there, only a signature closing a sentence ("…的总数已超过1000个。（金城）"), not a
        # bracket alone on its line ("（Ａ、Ｂ）" heading a list)
        return any(
            _signed_off(_Draft(body=[unit])) and _SIGNED_SENTENCE_RE.search(
                "".join(line.text.strip() for line in unit.lines[-2:])) is not None
            for unit in draft.body
        )
    if not draft.body or draft.body[-1].kind != UnitKind.TEXT:
        return False
    # the signature may be cut over two lines: "（本报莫斯科1 月4 日" / "电）"
    match = _SIGNATURE_RE.search("".join(line.text.strip() for line in draft.body[-1].lines[-2:]))
    # A photo credit "（本报记者X摄）" closes a caption, which may stand anywhere in a story.
    return match is not None and _closing_credit(match.group(0)) and not match.group(1).rstrip().endswith("摄")


# A subhead stands in a story this many characters long at least; a title under less text,
# set as wide as the story's own title, heads the next item of a column of short items.
_SUBHEAD_MIN_CHARS = 400


def _sibling_title(current: _Draft, run: Sequence[Unit], after: Unit) -> bool:
    """Whether a one-line title under a short story with a one-line title of the same width,
    and no byline, each title a block set apart, with short text under it too, heads the next
    item of a column of short items (天然物质催熟保鲜 / 控制基因有利保存) rather than a
    subhead: a subhead is set smaller than its story's headline, after more text than an
    item holds."""
    if len(run) != 1 or len(current.titles) != 1 or current.byline or current.byline_label:
        return False
    if not (run[0].first.blank_before and after.first.blank_before and current.titles[0].blank_before):
        return False  # each title a block of its own, as the items' titles are
    if abs(run[0].first.width - current.titles[0].width) > 1.0:
        return False
    last = current.body[-1] if current.body else None
    if last is None or last.kind != UnitKind.TEXT:
        return False
    if not closes_paragraph_text("".join(line.text for line in last.lines[-2:])):
        return False  # a title after an open sentence is the extractor's moving it, no item's
    return len(_draft_text(current)) < _SUBHEAD_MIN_CHARS


def _short_text_ahead(units: Sequence[Unit], start: int) -> bool:
    """Whether the text from `start` to the next title or byline is short (an item's)."""
    chars = 0
    for unit in units[start:]:
        if unit.kind in (UnitKind.TITLE, UnitKind.BYLINE):
            break
        if unit.kind == UnitKind.TEXT:
            chars += sum(len(line.text) for line in unit.lines)
    return chars < _SUBHEAD_MIN_CHARS


def _wider_than_column(run: Sequence[Unit], after: Unit) -> bool:
    """Whether a title is set wider than the column of text under it: a subhead stands inside
    its column, a headline may span several."""
    if after.kind != UnitKind.TEXT or len(after.lines) < 3:
        return False
    column = max(line.width for line in after.lines)
    return any(unit.first.width > column + 1.0 for unit in run)


# How far into a story a name set apart may be the byline's, put there by the extraction.
_DISPLACED_NAME_UNITS = 6


def _displaced_names(draft: _Draft, unit: Unit) -> tuple[Credit, ...]:
    """A name on a line of its own ("林皎明") a few paragraphs under a byline line that names
    no one ("本报驻阿联酋记者"): the extraction moved the byline's name away from its label."""
    if draft.byline_label is None or len(unit.lines) != 1 or len(draft.body) > _DISPLACED_NAME_UNITS:
        return ()
    text = unit.first.text.strip()
    if not (2 <= len(text) <= 8 or _completes_cut_name(draft.byline_label, text)) or unit.kind not in (
        UnitKind.TEXT, UnitKind.TITLE
    ):
        return ()
    credits = bylines.parse_byline_line(f"{draft.byline_label} {text}")
    return credits or ()


_CUT_LABEL_RE = re.compile(r"[ \u3000][\u3400-\u9fff]$")


def _completes_cut_name(label: str | None, text: str) -> bool:
    """Whether `text`, one character alone, is the rest of a padded name the extraction cut
    at its gap after the label ("本报记者 阎" … "明")."""
    return label is not None and len(text) == 1 and "\u3400" <= text <= "\u9fff" and (
        _CUT_LABEL_RE.search(label) is not None
    )


def _name_for_open_label(
    drafts: Sequence[_Draft], current: _Draft | None, unit: Unit, after: Unit | None = None
) -> tuple[_Draft, tuple[Credit, ...]] | None:
    """The article whose byline line names no one that a name on a line of its own, set apart
    at the head of a block, belongs to (the first such article on the page), with its credits.
    The article the name stands in is one when the name closes its text, a title, a byline or
    another block under it (the reading order put the text the name headed back above it)."""
    if unit.kind not in (UnitKind.TEXT, UnitKind.TITLE) or not unit.first.blank_before:
        return None
    text = unit.first.text.strip()
    if not bylines.looks_like_name(text) and not any(
        _completes_cut_name(draft.byline_label, text) for draft in drafts if not draft.byline
    ):
        return None
    at_foot = len(unit.lines) == 1 and (
        after is None or after.kind in (UnitKind.TITLE, UnitKind.BYLINE) or after.first.blank_before
    )
    for draft in drafts:
        if draft.byline_label is not None and not draft.byline and (draft is not current or at_foot):
            credits = bylines.parse_byline_line(f"{draft.byline_label} {text}")
            if credits:
                return draft, credits
    return None


# A caption is a sentence or two: a text unit longer than this under a credit is a photo story.
_CAPTION_MAX_LINES = 4
_CAPTION_MAX_CHARS = 90
# A paragraph closed by a picture's bracketed credit is a caption up to this long, on any
# number of lines (a narrow column sets a sentence on many).
_SOURCED_CAPTION_MAX_CHARS = 160


def _photo_story_under_title(draft: _Draft, after: Unit | None) -> tuple[SourceLine, ...] | None:
    """Whether a photo credit line closes a photo story set under a title: the draft's last
    unit is a paragraph, longer than a caption and closing its sentence, right under the
    draft's title or under a subhead that follows a closed paragraph, and a lead set apart
    (or opening with a dateline) follows the credit. Gives the subhead's lines (the next
    story's title) or () when the draft's own title is the one; None when it is not so."""
    if draft.headless or not draft.body or after is None or after.kind != UnitKind.TEXT:
        return None
    unit = draft.body[-1]
    if unit.kind != UnitKind.TEXT or len(unit.lines) <= _CAPTION_MAX_LINES:
        return None
    if not closes_paragraph_text("".join(line.text for line in unit.lines[-2:])):
        return None
    if not (after.first.blank_before or starts_lead(after.first)):
        return None
    if len(draft.body) == 1:
        return () if draft.titles else None
    title, above = draft.body[-2], draft.body[-3] if len(draft.body) > 2 else None
    if title.kind != UnitKind.TITLE or not title.first.blank_before or above is None or above.kind != UnitKind.TEXT:
        return None
    return title.lines if closes_paragraph_text("".join(line.text for line in above.lines[-2:])) else None


def _closes_photo_story(draft: _Draft) -> bool:
    """Whether a photo credit line under a story's last paragraph closes a photo story set
    after the story (图片新闻: a paragraph with its photographer) rather than crediting the
    story: the story has text of its own before that paragraph, which closes a sentence."""
    if draft.headless or not draft.titles or len(draft.body) < 2:
        return False
    last = draft.body[-1]
    if last.kind != UnitKind.TEXT or draft.body[-2].kind != UnitKind.TEXT:
        return False
    return closes_paragraph_text("".join(line.text for line in last.lines))


# A caption repeats words of a story of the page: below this share of its word pairs found
# elsewhere on the page, a credited paragraph set apart is a photo story of its own.
_CAPTION_RELATED_MIN = 0.25


def _unrelated(text: str, draft: _Draft, unit: Unit, page_texts: Sequence[str]) -> bool:
    wanted = bigrams("".join(_CJK_RUN_RE.findall(text)))
    if not wanted:
        return False
    others = [other for other in page_texts if other != "".join(line.text for line in unit.lines)]
    have = bigrams("".join(others) + "".join(line.text for line in draft.titles))
    return _share(wanted, have) < _CAPTION_RELATED_MIN


def _caption_above_credit(draft: _Draft, page_texts: Sequence[str] = ()) -> Unit | None:
    """The short paragraph right above a photo credit line inside a story with a title and
    text before it (the picture's caption), taken out of the draft's body; None when the
    credit closes something else. When the extraction ran the caption on from the paragraph
    above (no short line between them), it is the sentence or two after that paragraph's
    last full stop at a line's end."""
    if draft.headless or not draft.titles or not draft.body:
        return None
    unit = draft.body[-1]
    if unit.kind != UnitKind.TEXT:
        return None
    lines = unit.lines
    start = 0
    if len(lines) > _CAPTION_MAX_LINES:
        start = next((k for k in range(len(lines) - _CAPTION_MAX_LINES, len(lines))
                      if ends_sentence(lines[k - 1].text)), 0)
    elif len(draft.body) < 2 or draft.body[-2].kind != UnitKind.TEXT:
        return None
    if start == 0 and len(lines) > _CAPTION_MAX_LINES:
        return None
    text = "".join(line.text for line in lines[start:])
    if len(text) > _CAPTION_MAX_CHARS or not closes_paragraph_text(text):
        return None
    if _unrelated(text, draft, unit, page_texts):
        # Words that name nothing else of the page: a photo story's text, not a caption, set
        # apart or not (extractors without blank lines run it on from the paragraph above;
        # cut there, the credit closes it as a photo story of its own).
        if start:
            draft.body[-1:] = [dataclasses.replace(unit, lines=lines[:start]),
                               dataclasses.replace(unit, lines=lines[start:])]
        return None
    if start:
        draft.body[-1] = dataclasses.replace(unit, lines=lines[:start])
    else:
        draft.body.pop()
    return dataclasses.replace(unit, lines=lines[start:])


# How a picture's caption opens ("图为…", "１、图为…", "上图：…"), set among a story's paragraphs.
_CAPTION_OPENING_RE = re.compile(r"^(?:[0-9０-９]{1,2}[、：:．.]\s*)?(?:图为|[上下左右]图[：:为]|图片[：:])")


_NUMBERED_RE = re.compile(r"^[0-9０-９]{1,2}[、．.]")


def _lift_captions(draft: _Draft, page_texts: Sequence[str] = ()) -> list[tuple[Caption, SourceLine]]:
    """Captions standing among a story's paragraphs, taken out of its text: a sentence or two
    that opens "图为…" or closes with the picture's credit "（新华社记者 X 摄）", with text of
    the story both above and below it (the last paragraph of a story is its own, credit
    and all: the text sets of Chinese papers end a story with a bracketed photo credit).
    Between a story's title and its lead (opening with a dateline) stands the caption of a
    picture of another story, which says again what that story says (`page_texts`: the text
    of every paragraph on the page); or the caption of the story's own picture, which its
    lead opens with again (run on with the lead or not)."""
    if (draft.headless or not draft.titles) and not draft.dateline_lead:
        return []
    lifted: list[tuple[Caption, SourceLine]] = []
    kept: list[Unit] = []
    last = len(draft.body) - 1
    texts = ["".join(line.text for line in unit.lines) for unit in draft.body]
    lifted_index: set[int] = set()
    for index, unit in enumerate(draft.body):
        # a caption lifted already is not the story's text
        others = [text for k, text in enumerate(texts) if k != index and k not in lifted_index]
        caption = None
        if index == 0 < last and bylines.looks_like_dateline_start(texts[1]) and not unit.first.indented:
            caption = _caption_among_paragraphs(unit, [t for t in page_texts if t != texts[0]], credited=False)
        elif index == 0 < last and not unit.first.indented and _says_first(texts[0], texts[1]):
            # Between the title and the lead: a caption the lead opens with again
            caption = _caption_among_paragraphs(unit, [texts[1]], credited=False)
        elif index == 0 and not unit.first.indented and (doubled := _caption_over_its_lead(unit)) is not None:
            # Between the title and the lead, run on with it: a caption the lead says again
            unit, caption, first = doubled
            kept.append(unit)
            lifted.append((caption, first))
            continue
        elif 0 < index < last:
            caption = _caption_among_paragraphs(unit, others)
        elif 0 < index == last and not _NUMBERED_RE.match(texts[index]):
            # A story's last paragraph: a caption only by what it says ("图为…", the story's
            # words again), not by a credit alone, which may close the story itself; a
            # numbered list of pictures ("１、图为…") closing a story is its text. The picture
            # may be the next story's, whose words it says again.
            everywhere = [text for text in page_texts if text != texts[index]] or others
            caption = _caption_among_paragraphs(unit, everywhere, credited=False)
        if caption is None and unit.last.text.rstrip().endswith(("）", ")")) and (glued := _glued_caption(
            unit, [*others, *(text for text in page_texts if text != texts[index])]
        )) is not None:
            # a caption run on from the paragraph above it (no short line between them); it may
            # say again what the next story says, whose picture stands at this one's foot
            unit, caption, first = glued
            kept.append(unit)
            lifted.append((caption, first))
        elif caption is None:
            kept.append(unit)
        else:
            lifted.append((caption, unit.first))
            lifted_index.add(index)
    draft.body[:] = kept
    return lifted


def _says_first(caption: str, lead: str) -> bool:
    """Whether `lead` opens with the words of the short `caption` (up to its closing stop,
    its credit aside): a picture's caption repeats its story's first sentence."""
    body, _credits = bylines.split_trailing_credit(caption)
    words = _squeezed(body).rstrip("。！？!?…")
    return (_REPEATED_MIN_CHARS <= len(words) <= _CAPTION_MAX_CHARS and closes_paragraph_text(body)
            and _squeezed(lead).startswith(words))


def _caption_over_its_lead(unit: Unit) -> tuple[Unit, Caption, SourceLine] | None:
    """A caption run on with the lead under it: the paragraph opens with a sentence or two,
    closed at a line's end, that the lines after them say again from their start (a picture's
    caption repeats its story's first sentence). Gives the lead, the caption, its first line."""
    lines = unit.lines
    if unit.kind != UnitKind.TEXT:
        return None
    for k in range(1, min(len(lines) - 1, _CAPTION_MAX_LINES) + 1):
        if not ends_sentence(lines[k - 1].text):
            continue
        text = "".join(line.text for line in lines[:k])
        body, credits = bylines.split_trailing_credit(text)
        if len(_squeezed(body)) > _CAPTION_MAX_CHARS:
            return None
        if _says_first(text, "".join(line.text for line in lines[k:])):
            names = tuple(credit.name for credit in credits if credit.role == CreditRole.PHOTOGRAPHER)
            return dataclasses.replace(unit, lines=lines[k:]), Caption(clean_text(body), names), lines[0]
    return None


def _glued_caption(unit: Unit, others: list[str]) -> tuple[Unit, Caption, SourceLine] | None:
    """A caption closing a paragraph's last lines, run on from it by the extraction: the
    sentence after the paragraph's last full stop at a line's end, closed by a photo credit
    ("…的表率。" / "1995年10月16日。（记者王锦" / "鹄摄）"), that says again what the story
    says. Gives the paragraph without it, the caption, and the caption's first line."""
    lines = unit.lines
    if unit.kind != UnitKind.TEXT or len(lines) < 2 or not lines[-1].text.rstrip().endswith(("）", ")")):
        return None
    for k in range(len(lines) - 1, max(0, len(lines) - 1 - _CAPTION_MAX_LINES), -1):
        if not ends_sentence(lines[k - 1].text):
            continue
        text = "".join(line.text for line in lines[k:])
        if len(text) > _CAPTION_MAX_CHARS:
            return None
        body, credits = bylines.split_trailing_credit(text)
        if not credits or any(credit.role != CreditRole.PHOTOGRAPHER for credit in credits):
            return None
        if not body.strip():
            continue  # the credit on a line of its own: the caption starts further up
        head = "".join(line.text for line in lines[:k])
        if not closes_paragraph_text(body) or not _repeats_the_story(body, [*others, head]):
            return None
        caption = Caption(clean_text(body), tuple(credit.name for credit in credits))
        return dataclasses.replace(unit, lines=lines[:k]), caption, lines[k]
    return None


def _caption_among_paragraphs(unit: Unit, others: list[str], *, credited: bool = True) -> Caption | None:
    """The caption a story's paragraph is (`others`: the story's other paragraphs), or None;
    `credited`: whether a photo credit closing the paragraph makes it a caption by itself
    (otherwise the text before the credit must say again what the story says)."""
    if unit.kind != UnitKind.TEXT:
        return None
    text = "".join(line.text for line in unit.lines)
    if len(text) > _SOURCED_CAPTION_MAX_CHARS:
        return None
    body, credits = bylines.split_trailing_credit(text)
    photographers = bool(credits) and all(credit.role == CreditRole.PHOTOGRAPHER for credit in credits)
    # a picture's credit naming its source, not a photographer
    source = None if credits else picture_source_credit(text)
    if source is None and (len(text) > _CAPTION_MAX_CHARS or len(unit.lines) > _CAPTION_MAX_LINES):
        return None
    if photographers and closes_paragraph_text(body) and (credited or _repeats_the_story(body, others)):
        return Caption(clean_text(body), tuple(credit.name for credit in credits))
    if source is not None and credited:
        # a picture's credit naming its source, not a photographer: the caption keeps it
        squeezed = "".join(text.split())
        if closes_paragraph_text(squeezed[: -len(source)]):
            return Caption(clean_text(text))
    if closes_paragraph_text(text) and (_CAPTION_OPENING_RE.match(text) or _repeats_the_story(text, others)):
        return Caption(clean_text(text))
    return None




def _repeats_the_story(text: str, others: list[str]) -> bool:
    """Whether a short paragraph says again what the story says (a caption repeats its
    story's words): its words, up to the final stop, stand in another paragraph of the story."""
    words = _squeezed(text).rstrip("。！？!?…")
    if len(words) < _REPEATED_MIN_CHARS:
        return False
    return any(words in _squeezed(other) for other in others)


@functools.lru_cache(maxsize=4096)
def _squeezed(text: str) -> str:
    """The text cleaned and without spaces (a page's paragraphs are compared many times)."""
    return "".join(clean_text(text).split())


def _loose_lines_above_title(titles: list[SourceLine]) -> int:
    """How many title lines at the top of a block stand apart from the main title (the widest
    line): a kicker sits right above the main title, with no blank line between."""
    if len(titles) < 2:
        return 0
    # a subtitle opened by a dash is no main title, however wide
    candidates = [k for k in range(len(titles)) if not _DASH_START_RE.match(titles[k].text)] or range(len(titles))
    main = max(candidates, key=lambda k: (titles[k].width, -k))
    top = main
    while top > 0 and not titles[top].blank_before:
        top -= 1
    return top


def _settle_headless(drafts: list[_Draft]) -> tuple[ArticleDraft, ...]:
    """A headless item with a photo credit is a photo story; without one its text belongs to
    the article before it (an indent the extraction kept in the middle of a story)."""
    out: list[_Draft] = []
    for draft in drafts:
        if draft.headless and not draft.photo_credits and draft.body:
            _peel_photo_credit(draft)
        if draft.headless and not draft.photo_credits and out and not draft.titles:
            out[-1].body.extend(draft.body)
            continue
        out.append(draft)
    return tuple(draft.freeze() for draft in out if draft.body or draft.titles)


def _peel_photo_credit(draft: _Draft) -> None:
    """A photo story whose credit ends its last line ("…图为开学典礼现场。 记者 X 摄"): the
    credit moved from the text to the draft's photo credits."""
    unit = draft.body[-1]
    if unit.kind != UnitKind.TEXT or unit.last.text.rstrip().endswith(("）", ")")):
        return  # a bracketed credit "（新华社记者X摄）" closing a paragraph stays in its text
    text, credits = bylines.split_trailing_credit(unit.last.text)
    if credits:
        draft.photo_credits.extend(credits)
        draft.body[-1] = dataclasses.replace(unit, lines=(*unit.lines[:-1], dataclasses.replace(unit.last, text=text)))


def lay_out(lines: Sequence[SourceLine]) -> PageLayout:
    ordered = restore_order(lines)
    out_of_order = any(a is not b for a, b in zip(ordered, lines, strict=True))
    return segment(classify(ordered), out_of_order=out_of_order)
