"""Lines: glyphs on one baseline, of one size, with no column gap between them.

Takes a page's glyphs (`glyphs.Glyph`); gives `TextLine`s: a run of glyphs sharing a baseline
(within a quarter em) and a size (within a sixth), cut wherever the gap between two glyphs is a
column's gutter (`_GUTTER` em or more) rather than letter spacing, which justification stretches
to half an em at most. A word space stays in the text when the gap is far wider than the
line's usual spacing. A real sample (人民日报 1998-01-01 p.3, the first line of the lead)::

    TextLine(text="本报约翰内斯堡12月30日电 记者", x0=64.5, x1=230.5, baseline=1406.1, size=11.0)

and, on the same baseline 1406.1 but a column to the right, another line.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from articles.parsing.pdf.glyphs import Glyph

# A gap this wide (em) between two glyphs of one baseline separates two columns.
_GUTTER = 0.9
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
    spaces = [g for g in glyphs if g.is_space]
    rows: list[list[Glyph]] = []
    for glyph in ink:
        if rows and abs(rows[-1][0].baseline - glyph.baseline) <= _BASELINE_TOLERANCE * min(rows[-1][0].size,
                                                                                            glyph.size):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda g: g.x0)
        run: list[Glyph] = [row[0]]
        for glyph in row[1:]:
            prev = run[-1]
            small = min(prev.size, glyph.size)
            if (glyph.x0 - prev.x1 > _GUTTER * small
                    or max(prev.size, glyph.size) > _SIZE_RATIO * small):
                lines.append(_line(run, spaces))
                run = [glyph]
            else:
                run.append(glyph)
        lines.append(_line(run, spaces))
    lines.sort(key=lambda line: (-line.baseline, line.x0))
    return lines


def _line(run: list[Glyph], spaces: list[Glyph]) -> TextLine:
    sizes = [g.size for g in run]
    size = statistics.median(sizes)
    steps = [b.x0 - a.x0 for a, b in itertools.pairwise(run)]
    pitch = statistics.median(steps) if steps else size
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
    usual = statistics.median(gaps) if gaps else 0.0
    parts: list[str] = [run[0].char]
    for glyph, gap in zip(run[1:], gaps, strict=False):
        if gap > usual + _WORD_SPACE * size:
            parts.append(" ")
        parts.append(glyph.char)
    del spaces  # a drawn space is seen by its gap; its own box says nothing more
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
