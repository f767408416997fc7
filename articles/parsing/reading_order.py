"""Reading order: blocks of a page's text that a text extractor printed out of order, put back.

Takes the body lines of a page (`lines.SourceLine`, header removed); gives the same lines,
some blocks moved. A text extractor (poppler's pdftotext, pdfminer) loses a PDF page's
layout and prints its blocks — runs of lines set apart by blank lines — in an order of its
own: the bottom of one column after the top of the next, the rest of a story under another
story's headline. Chinese running text wraps anywhere, so a block that stops in mid-sentence
on a line filling its column goes on in a block that opens with a full line of the same
width (a paragraph's first line stops an indent short; a title is narrower or wider).
A real sample (pdftotext, three blocks as printed)::

    同时，以各种名义进入           ← ends in mid-sentence on a full line: goes on elsewhere
    广东各地尤其是珠江三角洲
    <blank>
    在眼光向外的同时，靠           ← likewise
    改革来充实、完善自己，战
    <blank>
    …（another story, 30 lines）…
    <blank>
    胜别人，首先战胜自己。广       ← opens with a full line: the rest of a sentence
    东很多企业走的就是这样一

Each block that ends in mid-sentence is joined to the block opening with a full line that
best goes on from it: the next block when it does (the extractor kept the order), else the
one whose column width matches and whose text reads on across the join — a word of the
page spans it ("战" + "胜" → "战胜", said elsewhere on the page), the two blocks share
words. A block ending with a paragraph's first line (an indent short, under a closed
sentence) that closes no sentence goes on elsewhere too, but is joined to a block away from
it only when a word spans the join ("…苏哈托再次强" + "调，…").
The joined block is moved under the one it goes on from; every other block keeps
its place. Text set in order (the dev pages, PyMuPDF's) has its continuations next to
each other and comes out unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from articles.parsing import bylines
from articles.parsing.headlines import closes_paragraph_text, ends_sentence, title_shaped
from articles.parsing.lines import SourceLine
from articles.parsing.tokenizer import get_tokenizer

# How far (em) a full line may stop short of its column: justification and half-width
# digits ("200 多个") shift widths; a paragraph's first line stops 2 em short.
_FULL_TOLERANCE = 1.0
# Lines a block needs for its column width to be its own commonest width.
_MIN_LINES_FOR_MODE = 3
_STRICT_TOLERANCE = 0.5
# A join to a block away from the one it goes on from needs more evidence than this.
_MIN_SCORE = 0.8
# Characters either side of a join that are cut into words to see if one spans it.
_WINDOW = 6
# A paragraph's first line stops this short of the column (em): its indent.
_INDENT = 2.0
_INDENT_TOLERANCE = 0.75
_SPACES_RE = re.compile(r"\s+")
_CJK_RE = re.compile(r"[\u3400-\u9fff]+")


@dataclass(slots=True)
class _Block:
    index: int
    head: list[SourceLine]  # title and byline lines at the top of the block: never moved
    tail: list[SourceLine]  # the block's running text
    column: float = 0.0

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.tail)


def _column(lines: Sequence[SourceLine]) -> float:
    widths = [line.width for line in lines]
    if len(widths) < _MIN_LINES_FOR_MODE:
        return max(widths)
    counts = Counter(round(width * 2) / 2 for width in widths)
    return max(counts, key=lambda width: (counts[width], width))


def _is_full(line: SourceLine, column: float) -> bool:
    return column - _FULL_TOLERANCE <= line.width <= column + 1.5


def _blocks(lines: Sequence[SourceLine]) -> list[_Block]:
    runs: list[list[SourceLine]] = []
    for line in lines:
        if line.blank_before or not runs:
            runs.append([])
        runs[-1].append(line)
    # A name alone in a block, right over a block of running text: the byline's name the
    # extractor printed at the head of the column it stood over, part of that block's head.
    # Only on a page with a byline label that names no one ("本报记者").
    open_label = any(len(line.text) <= 20 and bylines.is_bare_byline(line.text) for line in lines)
    merged: list[list[SourceLine]] = []
    for run in runs:
        if open_label and merged and len(merged[-1]) == 1 and _lone_name(merged[-1][0]) and _head_size(run) == 0:
            run = [merged.pop()[0], *run]
        merged.append(run)
    runs = merged
    blocks: list[_Block] = []
    for index, run in enumerate(runs):
        start = _head_size(run)
        block = _Block(index, run[:start], run[start:])
        block.column = _column(block.tail) if block.tail else 0.0
        blocks.append(block)
    return blocks


# Lines of a title block over its lead: a headline in tiers and a byline or two.
_MAX_HEAD_LINES = 5
# How far (em) from its column's width a line alone must be to be a title with no lead under it.
_TITLE_APART = 3.5
_RUNNING_MARKS = frozenset("，、；。,;")


# Words one of which every byline line holds (a cheap test before parsing the line as one).
_BYLINE_HINT_RE = re.compile(r"记者|通讯员|实习生|撰稿|摄|报道|编译|整理|[文图][/／:：]|[/／]")


# A dateline ends in one of these ("本报北京1月5日讯", "新华社东京1月4日电").
_DATELINE_HINT_RE = re.compile(r"[讯电]")


def _is_byline(line: SourceLine) -> bool:
    return len(line.text) <= 40 and _BYLINE_HINT_RE.search(line.text) is not None and (
        bylines.parse_byline_line(line.text) is not None or bylines.is_bare_byline(line.text)
    )


def _lone_name(line: SourceLine) -> bool:
    text = line.text.strip()
    return len(text) <= 4 and bylines.looks_like_name(text)


def _head_size(run: Sequence[SourceLine]) -> int:
    """How many lines at the top of a block are its title and byline: title-shaped lines over
    a byline or a lead (indented, or opening with a dateline), bylines; or one title-shaped
    line well narrower or wider than the text under it."""
    opening = run[0].text
    if len(run) > 1 and _lone_name(run[0]) and run[1].blank_before:
        return 1  # a byline's name over running text (see `_blocks`)
    if (any(ch in _RUNNING_MARKS for ch in opening) and not run[0].indented
            and _BYLINE_HINT_RE.search(opening) is None and _DATELINE_HINT_RE.search(opening) is None):
        return 0  # running text, the commonest block head by far: no need to look further
    size = 0
    for k, line in enumerate(run[:_MAX_HEAD_LINES]):
        if _is_byline(line):
            size = k + 1
        elif line.indented or bylines.looks_like_dateline_start(line.text):
            return k
        elif not title_shaped(line) or any(ch in _RUNNING_MARKS for ch in line.text):
            break
    if size:
        return size
    first = run[0]
    if len(run) > _MIN_LINES_FOR_MODE and title_shaped(first) and not any(ch in _RUNNING_MARKS for ch in first.text):
        column = _column(run[1:])
        if abs(first.width - column) >= _TITLE_APART:
            return 1
    return 0


# How a picture's caption opens: "图为…", "上图：…".
_CAPTION_OPENING_RE = re.compile(r"^(?:[0-9０-９]{1,2}[、：:．.]\s*)?(?:图为|[上下左右]图[：:为]|图片[：:])")


def _is_caption(block: _Block) -> bool:
    """A picture's caption: opening "图为…", or closed by its photographer's credit."""
    if _CAPTION_OPENING_RE.match(block.tail[0].text):
        return True
    # the credit may be cut over two lines: "…暖流。（记者贾建舟" / "摄）"
    _text, credits = bylines.split_trailing_credit("".join(line.text for line in block.tail[-2:]))
    return bool(credits)


# A list item or a lead-in ends a line with these and may end its paragraph there.
_ITEM_ENDS = ("：", ":", "；", ";")


def _open_end(block: _Block) -> bool:
    """The block stops in mid-sentence on a line that fills its column."""
    if not block.tail or _is_caption(block):
        return False
    last = block.tail[-1]
    text = last.text.rstrip()
    if not text or ends_sentence(text) or closes_paragraph_text(block.text[-60:]) or text.endswith(_ITEM_ENDS):
        return False
    if len(block.tail) == 1 and not block.head:
        return False  # a line alone: a title, a label, a name — not a cut column
    return _is_full(last, block.column)


def _first_line_end(block: _Block) -> bool:
    """The block ends with a paragraph's first line (an indent short of the column, under a
    closed sentence) that closes no sentence: the paragraph goes on elsewhere."""
    if len(block.tail) < 2 or _is_caption(block):
        return False
    text = block.tail[-1].text.rstrip()
    if not text or closes_paragraph_text(block.text[-60:]) or text.endswith(_ITEM_ENDS) or _closes_bracket(text):
        return False
    if not closes_paragraph_text(block.tail[-2].text):
        return False
    deficit = block.column - block.tail[-1].width
    return _INDENT - _INDENT_TOLERANCE <= deficit <= _INDENT + _INDENT_TOLERANCE


def _open_start(block: _Block, column: float) -> bool:
    """The block opens with a line filling a column `column` wide: the rest of a paragraph."""
    if not block.tail:
        return False
    first = block.tail[0]
    if first.indented or bylines.looks_like_dateline_start(first.text) or _is_caption(block):
        return False
    if bylines.parse_byline_line(first.text) is not None:
        return False
    if abs(block.column - column) > 1.0:
        return False
    if block.head:
        # under a title the story starts, unless its first line is a full one
        return first.width >= column - _STRICT_TOLERANCE
    return _is_full(first, column) or (len(block.tail) > 1 and _ends_paragraph(first, column))


def _goes_on(block: _Block, column: float) -> bool:
    """Whether the block may go on from a block above it set `column` wide, in mid-sentence:
    it opens with running text that is not a title, a caption, or a paragraph's first line
    (an indent short of the column, not closing a sentence) — the text of a paragraph's last
    line goes on ("践凝聚人心、汇聚力量。")."""
    if block.head or not block.tail or _is_caption(block):
        return False
    first = block.tail[0]
    if first.indented or bylines.looks_like_dateline_start(first.text):
        return False
    if closes_paragraph_text(first.text) or _closes_bracket(first.text):
        return True
    if len(block.tail) == 1:
        # a short line alone with no mark of running text: a title
        return _is_full(first, column) or any(ch in _RUNNING_MARKS for ch in first.text)
    # spaces the extraction put between characters stand for width the text does not show
    deficit = block.column - first.width - 0.5 * len(_SPACES_RE.findall(first.text))
    return not _INDENT - _INDENT_TOLERANCE <= deficit <= _TITLE_APART


# Lines of a headline in tiers that an extractor may print as a block apart from its lead.
_MAX_TITLE_LINES = 3


def _next_goes_on(blocks: Sequence[_Block], end: _Block) -> bool:
    """Whether the block after `end` goes on from it. A line or three with no mark of
    running text, closing no sentence, right over a story's start (a title block, a lead
    opening with a dateline) are its titles, however wide, not the rest of the sentence."""
    k = end.index + 1
    if k >= len(blocks) or not _goes_on(blocks[k], end.column):
        return False
    block = blocks[k]
    if len(block.tail) > _MAX_TITLE_LINES or any(ch in _RUNNING_MARKS for ch in block.text):
        return True
    if closes_paragraph_text(block.text) or _closes_bracket(block.text):
        return True  # "…了。", "日电）" under "（新华社北京１月６"
    return k + 1 >= len(blocks) or not _opens_story(blocks[k + 1])


def _closes_bracket(text: str) -> bool:
    """The line closes a bracket opened above it: "日电）" under "…（新华社北京１月６"."""
    return text.count("）") + text.count(")") > text.count("（") + text.count("(")


def _ends_paragraph(line: SourceLine, column: float) -> bool:
    """A short line closing a sentence: the last line of a paragraph begun elsewhere."""
    return closes_paragraph_text(line.text) and line.width <= column - _INDENT


def _spans_word(left: str, right: str) -> float:
    """Whether a word reads across the join: the text either side, cut into words, has a
    word of the dictionary made of the end of `left` and the start of `right`
    ("…自己，战" + "胜别人，…" → "战胜"; "…三角洲" + "地区的…" cuts "三角洲 / 地区")."""
    a, b = left[-_WINDOW:], right[:_WINDOW]
    tokenizer = get_tokenizer()
    position = 0
    for word in tokenizer.cut(a + b):
        end = position + len(word)
        if position < len(a) < end and _CJK_RE.fullmatch(word) and tokenizer.known(word):
            return 2.0
        position = end
    return 0.0


def word_spans(left: str, right: str) -> bool:
    """Whether a word of the dictionary reads across the break between `left` and `right`
    ("…收回辞" / "呈，…" → "辞呈"): a line broken inside a word goes on."""
    return _spans_word("".join(left.split()), "".join(right.split())) > 0


def _join_score(end: _Block, start: _Block, page_text: str, context: tuple[str, str]) -> float:
    """How well `start` reads on from `end`: a word spanning the join, the page's words that
    span it (said elsewhere on the page), the words the text around them shares."""
    left, right = "".join(end.text.split()), "".join(start.text.split())
    score = _spans_word(left, right)
    for k in (2, 3):
        for cut in range(1, k):
            gram = left[-cut:] + right[: k - cut]
            if len(gram) == k and gram in page_text:
                score += 0.5 * k
    score += 8.0 * _dice(_bigrams(context[0]), _bigrams(context[1]))
    if abs(end.column - start.column) < 0.5:
        score += 0.5
    return score


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def restore_order(lines: Sequence[SourceLine]) -> tuple[SourceLine, ...]:
    """The lines with each block that goes on from a block ending in mid-sentence moved
    under it (see the module's docstring)."""
    blocks = _blocks(lines)
    if len(blocks) < 3:
        return tuple(lines)
    following = _links(blocks, lines)
    if all(s == e + 1 and not blocks[s].head for e, s in following.items()):
        return tuple(lines)
    preceding = {s: e for e, s in following.items()}
    out: list[SourceLine] = []
    for block in blocks:
        out.extend(block.head)
        if block.index in preceding:
            continue  # set under the block it goes on from
        out.extend(block.tail)
        index = block.index
        while (after := following.get(index)) is not None:
            tail = blocks[after].tail
            if after == index + 1 and not blocks[after].head:
                out.extend(tail)  # in order already
            else:
                # moved under the block it goes on from: no white space between them
                out.append(dataclasses.replace(tail[0], blank_before=False))
                out.extend(tail[1:])
            index = after
    return tuple(out)


def _links(blocks: Sequence[_Block], lines: Sequence[SourceLine]) -> dict[int, int]:
    """Which block goes on from which: the index of a block ending in mid-sentence → the
    index of the block that goes on from it. The next block when it may go on (the extractor
    kept the order); else the joins of the best total score over the page (one end's best
    partner may be another's only one)."""
    page_text = "".join("".join(line.text.split()) for line in lines)
    following: dict[int, int] = {}
    loose_ends: list[_Block] = []
    # ends known open by a paragraph's first line alone: joined only by a word across the join
    weak: set[int] = set()
    # ends a line alone under them may go on from: moved only to a block that reads on better
    doubtful: set[int] = set()
    for end in blocks:
        if not _open_end(end):
            # A paragraph's first line ending a block goes on under it when text does (the
            # extractor kept the order); else it is matched by its words.
            if not _first_line_end(end):
                continue
            if end.index + 1 < len(blocks) and _goes_on(blocks[end.index + 1], end.column):
                following[end.index] = end.index + 1  # it goes with the block when that moves
            else:
                loose_ends.append(end)
                weak.add(end.index)
            continue
        if _next_goes_on(blocks, end):
            following[end.index] = end.index + 1
        else:
            loose_ends.append(end)
            if end.index + 1 < len(blocks) and _goes_on(blocks[end.index + 1], end.column):
                doubtful.add(end.index)
    taken = set(following.values()) | {e + 1 for e in doubtful}
    starts = [b for b in blocks if b.index not in taken]
    floors = {e: max(_MIN_SCORE, _scored_join(blocks, blocks[e], blocks[e + 1], page_text)) for e in doubtful}
    weights: list[list[float]] = []
    for end in loose_ends:
        row = []
        for start in starts:
            if start is end or not _open_start(start, end.column):
                row.append(0.0)
                continue
            if end.index in weak and not _spans_word("".join(end.text.split()), "".join(start.text.split())):
                row.append(0.0)
                continue
            row.append(max(0.0, _scored_join(blocks, end, start, page_text) - floors.get(end.index, _MIN_SCORE)))
        weights.append(row)
    # only the ends and starts with a possible join take part in the matching
    rows = [r for r, row in enumerate(weights) if any(row)]
    cols = [c for c in range(len(starts)) if any(weights[r][c] for r in rows)]
    matrix = [[weights[r][c] for c in cols] for r in rows]
    matched = _best_matching(matrix)
    for e, s in ((rows[r], cols[c]) for r, c in matched):
        end, start = loose_ends[e], starts[s]
        if not _reaches(following, start.index, end.index):
            following[end.index] = start.index
            continue
        # The best start would make a loop (it leads back to the end): the best start further
        # down the page that no other end took, if any.
        used = {starts[cols[c]].index for _, c in matched} | set(following.values())
        row = weights[e]
        later = [k for k in range(len(starts)) if row[k] > 0 and starts[k].index > end.index
                 and starts[k].index not in used and not _reaches(following, starts[k].index, end.index)]
        if later:
            following[end.index] = starts[max(later, key=lambda k: row[k])].index
    return following


# What a block headed by a name alone gains when the story it would go on names no one.
_DISPLACED_NAME_SCORE = 1.5


def _scored_join(blocks: Sequence[_Block], end: _Block, start: _Block, page_text: str) -> float:
    # the words across the join count with the page's text less the blocks' own
    rest = page_text.replace(end.text[-8:], "", 1).replace(start.text[:8], "", 1)
    context = (_text_before(blocks, end, start), _text_after(blocks, start, end))
    score = _join_score(end, start, rest, context)
    if len(start.head) == 1 and bylines.looks_like_name(start.head[0].text.strip()) and _open_label(blocks, end):
        # a name heading the block: the byline's, which the extractor printed at the head of
        # the column it stood over, away from its label ("本报记者" naming no one)
        score += _DISPLACED_NAME_SCORE
    return score


def _open_label(blocks: Sequence[_Block], end: _Block) -> bool:
    """Whether the story `end` is part of has a byline label naming no one at its head."""
    for block in reversed(blocks[: end.index + 1]):
        if any(bylines.is_bare_byline(line.text) for line in block.head):
            return True
        if _opens_story(block):
            return False
    return False


def _best_matching(weights: list[list[float]]) -> list[tuple[int, int]]:
    """The pairs (row, column) of positive weight that a matching of the greatest total weight
    holds (the Hungarian method on the square matrix of costs -weight, padded with zeros)."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return []
    n = max(rows, cols)
    cost = [[-(weights[r][c] if r < rows and c < cols else 0.0) for c in range(n)] for r in range(n)]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    match = [0] * (n + 1)  # column j (1-based) → row (1-based)
    way = [0] * (n + 1)
    for r in range(1, n + 1):
        match[0] = r
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, n + 1)]
    return sorted((r, c) for r, c in pairs if r < rows and c < cols and weights[r][c] > 0)


# Characters of text around a join that tell what the text is about.
_CONTEXT_CHARS = 400


def _opens_story(block: _Block) -> bool:
    return bool(block.head) or (bool(block.tail) and (
        block.tail[0].indented or bylines.looks_like_dateline_start(block.tail[0].text)
    ))


def _text_before(blocks: Sequence[_Block], end: _Block, other: _Block) -> str:
    """The text of the block and of those above it, up to the story's start (its title or
    lead), less the `other` block of the join."""
    parts: list[str] = []
    size = 0
    for block in reversed(blocks[: end.index + 1]):
        if block is not other:
            parts.append(block.text)
            size += len(parts[-1])
        if _opens_story(block) or size >= _CONTEXT_CHARS:
            break
    return "".join(reversed(parts))[-_CONTEXT_CHARS:]


def _text_after(blocks: Sequence[_Block], start: _Block, other: _Block) -> str:
    """The text of the block and of those under it, up to the next story's start, less the
    `other` block of the join."""
    parts: list[str] = [start.text]
    size = len(start.text)
    for block in blocks[start.index + 1 :]:
        if _opens_story(block) or size >= _CONTEXT_CHARS:
            break
        if block is not other:
            parts.append(block.text)
            size += len(parts[-1])
    return "".join(parts)[:_CONTEXT_CHARS]


def _reaches(following: dict[int, int], start: int, target: int) -> bool:
    """Whether the chain from `start` already leads to `target` (a join would make a loop)."""
    index: int | None = start
    for _ in range(len(following) + 1):
        if index is None:
            return False
        if index == target:
            return True
        index = following.get(index)
    return False
