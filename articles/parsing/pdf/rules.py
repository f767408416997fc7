"""Rules: the thin lines a page draws between its articles.

Takes a pypdfium2 page; gives the boxes (PDF points, origin bottom left) of its drawn rules:
path objects at most `_THIN` points thick and at least `_LONG` points long, horizontal or
vertical. A real sample (人民日报 1998-01-02 p.3)::

    (170.1, 738.0, 703.5, 739.0)   the rule over "各国政要发表新年贺词", across its four columns
    (33.5, 738.0, 157.1, 739.0)    the rule closing the first column's story

A horizontal rule closes what stands above it in its width: a story's text never crosses one.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]

# Thicker than this (points) a drawn shape is a box or a picture, not a rule.
_THIN = 3.0
# Shorter than this (points) it is an ornament.
_LONG = 24.0


def find_rules(page: pdfium.PdfPage) -> list[Box]:
    out: list[Box] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        x0, y0, x1, y1 = obj.get_bounds()
        width, height = x1 - x0, y1 - y0
        if (height <= _THIN and width >= _LONG) or (width <= _THIN and height >= _LONG):
            out.append((x0, y0, x1, y1))
    return out
