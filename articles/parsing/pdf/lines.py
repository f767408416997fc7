"""Lines: glyphs on one baseline, of one size, with no column gap between them.

Takes a page's glyphs (`glyphs.Glyph`); gives `TextLine`s: a run of glyphs sharing a baseline
(within a quarter em) and a size (within a sixth), cut wherever the gap between two glyphs is a
column's gutter rather than a word space or justification's letter spacing: 2 em or more
always; from 0.6 em where the rows of that size just above and below leave the gap's middle
blank too (the white between two columns runs down the page; a dateline's word space has
the column's text above and below it); with no such rows, where a column edge of the page
stands. A space stays in the text where the PDF draws one, or where the gap is far wider
than the line's usual spacing. A real sample (人民日报 1998-01-01 p.3, the first line of the
lead)::

    TextLine(text="本报约翰内斯堡12月30日电 记者", x0=64.5, x1=230.5, baseline=1406.1, size=11.0)

and, on the same baseline 1406.1 but a column to the right, another line.
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from articles.parsing.pdf.glyphs import Glyph

# A gap this wide (em) between two glyphs of one baseline may separate two columns.
_GUTTER = 0.6
# A gap this wide (em) is a gutter wherever it stands.
_SURE_GUTTER = 2.0
# Baselines this close (em) are one line.
_BASELINE_TOLERANCE = 0.25
# Sizes within this ratio are one line's size.
_SIZE_RATIO = 1.18
# A gap this much wider (em) than the line's usual letter spacing is a word space.
_WORD_SPACE = 0.3


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    x0: float
    x1: float
    baseline: float
    size: float  # the commonest glyph size
    bold: bool  # most of its glyphs are bold
    count: int  # glyphs, spaces not counted
    pitch: float  # usual distance from one glyph's start to the next (the size when one glyph)

    @property
    def top(self) -> float:
        return self.baseline + 0.88 * self.size

    @property
    def bottom(self) -> float:
        return self.baseline - 0.12 * self.size

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def build_lines(glyphs: Iterable[Glyph]) -> list[TextLine]:
    """The page's lines, top to bottom, then left to right."""
    ink = sorted((g for g in glyphs if not g.is_space), key=lambda g: (-g.baseline, g.x0))
    rows: list[list[Glyph]] = []
    for glyph in ink:
        if rows and abs(rows[-1][0].baseline - glyph.baseline) <= _BASELINE_TOLERANCE * min(rows[-1][0].size,
                                                                                            glyph.size):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    for row in rows:
        row.sort(key=lambda g: g.x0)
    pieces = [_cut(row, None) for row in rows]
    edges = _column_edges([run for runs in pieces for run in runs])
    spaces: dict[int, list[float]] = {}
    for glyph in glyphs:
        if glyph.is_space:
            spaces.setdefault(round(glyph.baseline), []).append((glyph.x0 + glyph.x1) / 2)
    lines = [_line(run, spaces) for index, row in enumerate(rows)
             for run in _cut(row, _Neighbours(pieces, index, edges))]
    lines.sort(key=lambda line: (-line.baseline, line.x0))
    return lines


class _Neighbours:
    """The rows near one row, cut at every wide gap: what stands above and below a gap."""

    def __init__(self, pieces: list[list[list[Glyph]]], index: int,
                 edges: tuple[list[float], list[float]]) -> None:
        self.pieces = pieces
        self.index = index
        self.edges = edges

    def gutter(self, left: Glyph, right: Glyph) -> bool:
        """Whether the gap between two glyphs of the row is a gutter: the rows of that size
        nearby, in that part of the page, leave it blank too. A word space (a dateline's, a
        justified line's) has the column's text above and below it."""
        size = min(left.size, right.size)
        middle = (left.x1 + right.x0) / 2
        baseline = left.baseline
        blank = inked = 0
        for step in (-1, 1):
            seen = 0
            k = self.index + step
            while 0 <= k < len(self.pieces) and seen < 2:
                runs = self.pieces[k]
                k += step
                if abs(runs[0][0].baseline - baseline) > 4 * size:
                    break
                near = [run for run in runs if abs(run[0].size - size) <= 0.03 * size
                        and run[0].x0 < right.x1 + 2 * size and run[-1].x1 > left.x0 - 2 * size]
                if not near:
                    continue
                seen += 1
                if any(run[0].x0 <= middle <= run[-1].x1 for run in near):
                    inked += 1
                else:
                    blank += 1
        if blank or inked:
            return inked * 2 <= blank
        # No row of this size near: a gutter only where a column edge of the page stands.
        lefts, rights = self.edges
        return any(abs(left.x1 - x) <= 0.3 * size for x in rights) or any(
            abs(right.x0 - x) <= 0.3 * size for x in lefts)


def _cut(row: list[Glyph], neighbours: _Neighbours | None) -> list[list[Glyph]]:
    """A row of glyphs cut at its gutters. A gap under `_SURE_GUTTER` em is a gutter only where
    the rows around leave it blank too (`neighbours`; None: cut at every gap that wide)."""
    runs: list[list[Glyph]] = [[row[0]]]
    for glyph in row[1:]:
        prev = runs[-1][-1]
        small = min(prev.size, glyph.size)
        gap = glyph.x0 - prev.x1
        cut = max(prev.size, glyph.size) > _SIZE_RATIO * small or gap > _SURE_GUTTER * small
        if not cut and gap > _GUTTER * small:
            cut = neighbours is None or neighbours.gutter(prev, glyph)
        if cut:
            runs.append([glyph])
        else:
            runs[-1].append(glyph)
    return runs


def _column_edges(runs: list[list[Glyph]]) -> tuple[list[float], list[float]]:
    """Where three or more runs start (column left edges, indents left out) and end."""
    starts = _common([run[0].x0 for run in runs if len(run) >= 3])
    ends = _common([run[-1].x1 for run in runs if len(run) >= 3])
    sizes = sorted(g.size for run in runs for g in run)
    em = sizes[len(sizes) // 2] if sizes else 10.0
    # A start an indent (1.2 to 3.2 em) right of a commoner start is that column's indent.
    lefts = [x for x, n in starts if not any(1.2 * em <= x - y <= 3.2 * em and m >= n for y, m in starts)]
    return lefts, [x for x, _ in ends]


def _common(values: list[float]) -> list[tuple[float, int]]:
    """Values that three or more runs share (within a point), with how many share them."""
    values.sort()
    out: list[tuple[float, int]] = []
    group: list[float] = []
    for value in values:
        if group and value - group[0] > 1.0:
            if len(group) >= 3:
                out.append((sum(group) / len(group), len(group)))
            group = []
        group.append(value)
    if len(group) >= 3:
        out.append((sum(group) / len(group), len(group)))
    return out


def _line(run: list[Glyph], spaces: dict[int, list[float]]) -> TextLine:
    """The run as a line. A space stands where the PDF draws one between two glyphs, or where
    the gap is far wider than the line's usual spacing."""
    sizes = [g.size for g in run]
    size = statistics.median(sizes)
    steps = [b.x0 - a.x0 for a, b in itertools.pairwise(run)]
    pitch = statistics.median(steps) if steps else size
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
    usual = statistics.median(gaps) if gaps else 0.0
    key = round(run[0].baseline)
    drawn = sorted(spaces.get(key - 1, []) + spaces.get(key, []) + spaces.get(key + 1, []))
    parts: list[str] = [run[0].char]
    for prev, glyph, gap in zip(run, run[1:], gaps, strict=False):
        if gap > usual + _WORD_SPACE * size or (drawn and _drawn_between(drawn, prev.x1, glyph.x0)):
            parts.append(" ")
        parts.append(glyph.char)
    return TextLine(
        text="".join(parts),
        x0=run[0].x0,
        x1=run[-1].x1,
        baseline=statistics.median(g.baseline for g in run),
        size=size,
        bold=sum(g.bold for g in run) * 2 > len(run),
        count=len(run),
        pitch=pitch,
    )


def _drawn_between(centres: list[float], left: float, right: float) -> bool:
    index = bisect.bisect_left(centres, left - 0.5)
    return index < len(centres) and centres[index] <= right + 0.5
