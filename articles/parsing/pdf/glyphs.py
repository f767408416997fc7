"""Glyphs: the characters a PDF page draws, with where and how big, fake bold collapsed.

Takes a pypdfium2 page; gives one `Glyph` per visible character (PDFium's generated spaces
and line ends dropped, a real space kept as a space glyph), in PDF points with the origin at
the page's bottom left. A real sample (人民日报 1998-01-01 p.3, the headline's first glyphs)::

    Glyph(char="中", x0=239.3, x1=273.6, baseline=1435.2, size=34.3, bold=False)
    Glyph(char="南", x0=274.3, x1=308.6, baseline=1435.2, size=34.3, bold=False)

`x0`/`x1` are the glyph's advance box (its origin and the font's width), not its ink, so
the gaps between glyphs are the spacing a reader sees. Fake bold — a glyph drawn again a
hair's breadth away (0.15 em or less) — keeps the first copy with `bold` set; fill plus
stroke draws one glyph and needs nothing. The decision is by geometry only: the same
character, the same size, almost the same place.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Two copies of a glyph closer than this (em) are one glyph drawn bold.
_FAKE_BOLD_OFFSET = 0.15
# A font heavier than this (PDFium's weight, 400 regular, 700 bold) is set bold.
_BOLD_WEIGHT = 500


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    x0: float  # advance box, PDF points
    x1: float
    baseline: float  # the origin's y
    size: float  # font size in points, as drawn (the text matrix's scale included)
    bold: bool = False

    @property
    def is_space(self) -> bool:
        return self.char.isspace()


def read_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """The page's glyphs in the order PDFium gives them (content order), fake bold collapsed."""
    textpage = page.get_textpage()
    try:
        return _collapse_fake_bold(_raw_glyphs(textpage))
    finally:
        textpage.close()


def _raw_glyphs(textpage: pdfium.PdfTextPage) -> list[Glyph]:
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    out: list[Glyph] = []
    for index in range(count):
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13):
            continue
        char = chr(code)
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        if size <= 0:
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy)
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        x0, x1 = min(box.left, box.right), max(box.left, box.right)
        if x1 - x0 < 0.05 * size:  # a zero-width glyph: give it its origin and a nominal width
            x0, x1 = ox.value, ox.value + 0.5 * size
        weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
        out.append(Glyph(char, x0, x1, oy.value, size, weight > _BOLD_WEIGHT))
    return out


def _collapse_fake_bold(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop each glyph that repeats one already kept at (almost) the same place; mark that one bold."""
    kept: list[Glyph] = []
    cells: dict[tuple[str, int, int], int] = {}  # (char, x cell, y cell) → index in kept
    for glyph in glyphs:
        if glyph.is_space:
            kept.append(glyph)
            continue
        reach = _FAKE_BOLD_OFFSET * glyph.size
        cx, cy = int(glyph.x0 // reach), int(glyph.baseline // reach)
        twin = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                index = cells.get((glyph.char, cx + dx, cy + dy))
                if index is not None:
                    other = kept[index]
                    if (abs(other.x0 - glyph.x0) <= reach and abs(other.baseline - glyph.baseline) <= reach
                            and abs(other.size - glyph.size) <= 0.05 * glyph.size):
                        twin = index
                        break
            if twin is not None:
                break
        if twin is not None:
            other = kept[twin]
            if not other.bold:
                kept[twin] = Glyph(other.char, other.x0, other.x1, other.baseline, other.size, True)
            continue
        cells[(glyph.char, cx, cy)] = len(kept)
        kept.append(glyph)
    return kept
