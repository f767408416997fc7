"""Blocks: lines stacked in one column at one size, a column's run of text.

Takes the page's lines (`lines.TextLine`) that are neither header nor title; gives `TextBlock`s:
lines of one size, one under the next at the block's line pitch (a gap of up to
`_MAX_LEADING` lines), sharing the column's left edge (or indented from it by up to 3 em) or
its right edge. A real sample (人民日报 1998-01-02 p.2, the second column of the lead story)::

    TextBlock(x0=170.9, x1=292.1, top=935.6, bottom=730.5, size=9.5, lines=[
        "据新华社香港１月１日", "电 香港特区政府在１９９", "７年的最后一天，发表了", …])

Paragraphs and subheads are found here too (`paragraphs`): a line indented from the column's
edge opens a paragraph, a line that stops short of the column's right edge (where most of its
lines end) closes one; a line set bigger than the body, or centred in its column clear of both
edges, is a subhead ("症结在哪里" centred in a 14-character column, in bold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from articles.parsing.pdf.lines import TextLine

# Lines further apart than this many line pitches are two blocks.
_MAX_LEADING = 2.0
# An indent (em) between these bounds opens a paragraph.
_INDENT_MIN, _INDENT_MAX = 1.2, 3.6
# A line this many times the body size inside a column is a subhead.
_SUBHEAD_RATIO = 1.08
# A line stopping this far (em) short of the column's right edge closes its paragraph.
_SHORT_BY = 0.9


@dataclass(slots=True)
class LineRun:
    """Lines that stand together (a column block, a title), and the extent they cover."""

    lines: list[TextLine] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines)

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines)

    @property
    def top(self) -> float:
        return max(line.top for line in self.lines)

    @property
    def bottom(self) -> float:
        return min(line.bottom for line in self.lines)


@dataclass(slots=True)
class TextBlock(LineRun):
    # A block's lines run top to bottom: its first line is its top, its last its bottom.
    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.bottom, self.x1, self.top)


def _fits(block: TextBlock, line: TextLine) -> bool:
    last = block.lines[-1]
    size = line.size
    if abs(last.size - size) > 0.03 * size:
        return False
    gap = last.baseline - line.baseline
    pitch = (block.lines[-2].baseline - last.baseline) if len(block.lines) > 1 else 1.6 * size
    if gap <= 0.5 * size or gap > _MAX_LEADING * max(pitch, 1.2 * size):
        return False
    x0, x1 = block.x0, block.x1
    overlap = min(x1, line.x1) - max(x0, line.x0)
    if overlap < 0.5 * min(line.width, x1 - x0):
        return False
    # The block's first line may be indented: the next starts left of it.
    reach = _INDENT_MAX if len(block.lines) == 1 else 1.0
    same_left = -reach * size <= line.x0 - x0 <= _INDENT_MAX * size
    # Sharing only the right edge with one short line (a byline set flush right over the
    # column) does not make a column.
    lone_short = len(block.lines) == 1 and last.width < 0.6 * line.width
    same_right = abs(line.x1 - x1) <= 1.0 * size and not lone_short
    return same_left or same_right


def build_blocks(lines: Sequence[TextLine]) -> list[TextBlock]:
    """Lines (top to bottom) stacked into column blocks; blocks in the order their first line comes."""
    blocks: list[TextBlock] = []
    open_blocks: list[TextBlock] = []
    for line in sorted(lines, key=lambda item: (-item.baseline, item.x0)):
        home = None
        for block in reversed(open_blocks):
            if _fits(block, line):
                home = block
                break
        if home is None:
            home = TextBlock([line])
            blocks.append(home)
            open_blocks.append(home)
        else:
            home.lines.append(line)
        # A block whose last line is far above this one is closed: nothing more joins it.
        open_blocks = [b for b in open_blocks if b.lines[-1].baseline - line.baseline <= 4 * b.size]
    return blocks


def column_edges(block: TextBlock) -> tuple[float, float]:
    """The block's column: its left edge (where unindented lines start) and right edge."""
    size = block.size
    starts = sorted(line.x0 for line in block.lines)
    left = starts[0]
    # The commonest start within an em of the leftmost is the column's edge.
    near = [x for x in starts if x - left <= 0.5 * size]
    left = sum(near) / len(near)
    # The right edge is where most lines end: punctuation hanging past it in ragged or
    # loosely set columns does not move it.
    ends = [line.x1 for line in block.lines]
    right = max(ends, key=lambda x: (sum(abs(x - other) <= 0.3 * size for other in ends), x))
    return left, right


def _edges(block: TextBlock, blocks: Sequence[TextBlock]) -> tuple[float, float]:
    """The column a block stands in: its own edges, or for a block of one or two lines (a
    subhead, a short last paragraph) those of the fullest block sharing its column."""
    if len(block.lines) >= 3:
        return column_edges(block)
    best, best_lines = None, 2
    for other in blocks:
        if len(other.lines) > best_lines and min(other.x1, block.x1) - max(other.x0, block.x0) > 0:
            best, best_lines = other, len(other.lines)
    return column_edges(best if best is not None else block)


def _subhead(line: TextLine, left: float, right: float, body: float) -> bool:
    """A line set bigger than the body inside a column, or centred in its column clear of both
    edges (set bold, or standing further in than any indent): a subhead. A justified line of
    bold text fills its column; a fifth of an em clear on both sides, it is centred."""
    if line.size >= _SUBHEAD_RATIO * body:
        return True
    before, after = (line.x0 - left) / line.size, (right - line.x1) / line.size
    if line.bold and min(before, after) >= 0.2 and abs(before - after) <= 1.0:
        return True
    return min(before, after) >= _INDENT_MAX and abs(before - after) <= 1.2


def paragraphs(blocks: Sequence[TextBlock], body: float, *,
               continued: bool = False) -> list[tuple[bool, list[TextLine]]]:
    """The blocks' lines (in reading order) cut into paragraphs and subheads: (is a subhead,
    lines). `body`: the page's body size. `continued`: the first block goes on with a paragraph begun before it."""
    out: list[tuple[bool, list[TextLine]]] = []
    open_para = continued
    for block in blocks:
        left, right = _edges(block, blocks)
        size = block.size
        for line in block.lines:
            if _subhead(line, left, right, body):
                if out and out[-1][0] and not open_para:
                    out[-1][1].append(line)  # a subhead on two lines
                else:
                    out.append((True, [line]))
                open_para = False
                continue
            indent = (line.x0 - left) / size
            opens = _INDENT_MIN <= indent <= _INDENT_MAX
            if opens or not open_para or not out or out[-1][0]:
                out.append((False, [line]))
            else:
                out[-1][1].append(line)
            open_para = (right - line.x1) / size <= _SHORT_BY
    return out
