"""Glyphs: the characters a PDF page draws, with where and how big, fake bold collapsed.

Takes a pypdfium2 page; gives one `Glyph` per visible character (PDFium's generated spaces
and line ends dropped, a real space kept as a space glyph), in PDF points with the origin at
the page's bottom left. A real sample (人民日报 1998-01-01 p.3, the headline's first glyphs)::

    Glyph(char="中", x0=239.3, x1=273.6, baseline=1435.2, size=34.3, bold=True)
    Glyph(char="南", x0=274.3, x1=308.7, baseline=1435.2, size=34.3, bold=True)

`x0`/`x1` are the glyph's advance box (its origin and the font's width), not its ink, so
the gaps between glyphs are the spacing a reader sees. Fake bold — a glyph drawn again a
hair's breadth away (0.15 em or less) — keeps the first copy with `bold` set (PDFium's text
page already drops most such copies); fill plus stroke draws one glyph, set `bold`. `bold` is
otherwise the font's weight as PDFium reports it. The decision is by geometry only: the same
character, the same size, almost the same place.
"""

from __future__ import annotations

import ctypes
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Two copies of a glyph closer than this (em) are one glyph drawn bold.
_FAKE_BOLD_OFFSET = 0.15
# Text filled and stroked is drawn bold.
_STROKED = (pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP)
# A font heavier than this (PDFium's weight, 400 regular, 700 bold) is set bold.
_BOLD_WEIGHT = 500


class Glyph(NamedTuple):
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
    """Three PDFium calls a glyph (its text object, origin and box): the characters come in one
    call, and the size and weight once per text object (a page draws 5,000 to 10,000 glyphs).
    The size is as printed: the font size times the scale of the matrices drawing the text."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = _all_text(raw, count)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    out: list[Glyph] = []
    last_object: int | None = -1
    size = 0.0
    bold = False
    for index in range(count):
        char = text[index] if text is not None else chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if char in "\r\n\x00\ufffe\uffff":
            continue
        if char.isspace() and pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        text_object = pdfium_c.FPDFText_GetTextObject(raw, index)
        handle = ctypes.cast(text_object, ctypes.c_void_p).value
        if handle != last_object or handle is None:
            last_object = handle
            # PDFium's font size leaves out the scale the page's or a form's matrix applies:
            # the glyph's own matrix carries it.
            pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            size = pdfium_c.FPDFText_GetFontSize(raw, index) * (scale if scale > 0 else 1.0)
            bold = pdfium_c.FPDFText_GetFontWeight(raw, index) > _BOLD_WEIGHT or (
                handle is not None and pdfium_c.FPDFTextObj_GetTextRenderMode(text_object) in _STROKED)
        if size <= 0:
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy)
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        x0, x1 = box.left, box.right
        if x1 < x0:
            x0, x1 = x1, x0
        if x1 - x0 < 0.05 * size:  # a zero-width glyph: give it its origin and a nominal width
            x0, x1 = ox.value, ox.value + 0.5 * size
        out.append(Glyph(char, x0, x1, oy.value, size, bold))
    return out


def _all_text(raw: object, count: int) -> str | None:
    """The page's characters in one call; None when they do not map one to one onto the
    character indexes (a character beyond the BMP takes two UTF-16 units)."""
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    data = bytes(memoryview(buffer).cast("B"))[: max(written - 1, 0) * 2]
    text = data.decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


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
                kept[twin] = other._replace(bold=True)
            continue
        cells[(glyph.char, cx, cy)] = len(kept)
        kept.append(glyph)
    return kept
