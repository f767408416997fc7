"""Rules: the thin lines a page draws between its articles.

Takes a pypdfium2 page; gives the boxes (PDF points, origin bottom left) of its drawn rules:
path objects at most `_THIN` points thick and at least `_LONG` points long, horizontal or
vertical. A real sample (人民日报 1998-01-02 p.3)::

    (170.1, 738.0, 703.5, 739.0)   the rule over "各国政要发表新年贺词", across its four columns
    (33.5, 738.0, 157.1, 739.0)    the rule closing the first column's story

A horizontal rule closes what stands above it in its width: a story's text never crosses one.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]

# Thicker than this (points) a drawn shape is a box or a picture, not a rule.
_THIN = 3.0
# Shorter than this (points) it is an ornament.
_LONG = 24.0


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def find_rules(page: pdfium.PdfPage) -> list[Box]:
    out: list[Box] = []
    raw = page.raw
    objects = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
    _walk(objects, out, _IDENTITY, 0)
    return out


def _walk(objects: list[Any], out: list[Box], matrix: Matrix, depth: int) -> None:
    """PDFium's raw calls, not pypdfium2's object wrappers: a page holds thousands of text
    objects, and only its few paths matter here. A form's paths are carried onto the page
    through the form's matrix (`matrix`: the forms' matrices so far)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            form = pdfium_c.FS_MATRIX()
            inner = matrix
            if pdfium_c.FPDFPageObj_GetMatrix(obj, form):
                inner = _multiply((form.a, form.b, form.c, form.d, form.e, form.f), matrix)
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            _walk([pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)], out, inner, depth + 1)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = _transform((left.value, bottom.value, right.value, top.value), matrix)
        width, height = x1 - x0, y1 - y0
        if (height <= _THIN and width >= _LONG) or (width <= _THIN and height >= _LONG):
            out.append((x0, y0, x1, y1))


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    """`first` applied, then `then` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _transform(box: Box, matrix: Matrix) -> Box:
    if matrix == _IDENTITY:
        return box
    a, b, c, d, e, f = matrix
    x0, y0, x1, y1 = box
    xs, ys = [], []
    for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))
