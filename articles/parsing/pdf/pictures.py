"""Pictures: every embedded image a PDF page draws, with where it is and its own pixels.

Takes a pypdfium2 page and its index (from 1); gives one `FoundPicture` per picture a reader
sees, top of the page first. A real sample (人民日报 1998-01-01 p.3, its first photo)::

    FoundPicture(box=PageBox(page_index=1, bbox=(868.9, 787.7, 1063.0, 929.0)),
                 data=b"\\xff\\xd8\\xff\\xe0...", media_type="image/jpeg", width=797, height=580)

- The pixels are the image's own (the stream the PDF embeds), never a screenshot of the page:
  a JPEG (`DCTDecode`) drawn upright in grey or RGB is kept byte for byte; anything else
  (Flate, CMYK, a rotated or mirrored placement, a stencil) is decoded by PDFium and encoded
  as PNG with Pillow.
- Images inside form XObjects are found too, their boxes carried through the forms' matrices
  onto the page.
- An image drawn as several strips or tiles (some layout systems slice big pictures) is one
  picture: pieces that abut along a whole edge are joined, and their pixels pasted together.
- Decorations are left out, undecoded: rules, bullets and ornaments under `_MIN_SIDE` points
  on a side or `_MIN_AREA` square points.
- A stream of more than `_MAX_PIXELS` pixels (more than any printed photo needs: a
  decompression bomb) is not decoded whole but drawn at its size on the page.

Whether a picture is a news photo or an advertisement is not decided here (that takes the
captions and the story regions): see `PictureKind`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from articles.parsing.model import PageBox

__all__ = ["FoundPicture", "find_pictures"]

Matrix = tuple[float, float, float, float, float, float]
BBox = tuple[float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Smaller than this (points) on either side: a rule, a bullet, a frame's edge.
_MIN_SIDE = 10.0
# Smaller than this (square points, about 17 × 17 pt): an icon or ornament, not a picture.
_MIN_AREA = 300.0
# Strips of one picture abut: their shared edge lines up within this (points), and they
# neither leave a gap nor overlap by more. Pictures side by side on a page are a gutter apart.
_JOIN_TOLERANCE = 1.5
# Pixels of one image decoded at most (a 7,000 × 7,000 scan): a print photo has a few million.
_MAX_PIXELS = 50_000_000
# Forms nested deeper than this are not followed (a malicious file could nest without end).
_MAX_FORM_DEPTH = 8
_JPEG_MODES = ("L", "RGB")


@dataclass(frozen=True, slots=True)
class FoundPicture:
    """An embedded picture: where it is on the page and its encoded pixels."""

    box: PageBox
    data: bytes  # the encoded picture
    media_type: str  # "image/jpeg" (as embedded, or the joined strips of JPEGs) or "image/png"
    width: int  # pixels
    height: int


@dataclass(slots=True)
class _Piece:
    """One image object as drawn: its box on the page; its pixels once read (`_read`)."""

    bbox: BBox
    obj: pdfium.PdfImage
    matrix: Matrix
    size: tuple[int, int]  # pixels: the stream's, then the read picture's
    image: Image.Image | None = None  # decoded pixels, upright as seen on the page
    jpeg: bytes | None = None  # the embedded JPEG stream, when it can be kept as is


def find_pictures(page: pdfium.PdfPage, page_index: int) -> list[FoundPicture]:
    """The page's pictures, top to bottom then left to right; decorations left out."""
    crop = _crop_box(page)
    pieces: list[_Piece] = []
    for image, matrix in _image_objects(page):
        bbox = _clip(_transform_unit_square(matrix), crop)
        if bbox is None:
            continue  # drawn entirely off the page
        try:
            size = image.get_px_size()
        except pdfium.PdfiumError:
            continue  # not an image PDFium can read: it does not draw it either
        pieces.append(_Piece(bbox, image, matrix, size))
    pictures: list[FoundPicture] = []
    for group in _join_strips(_drop_duplicates(pieces)):
        bbox = _union(group)
        if _is_decoration(bbox):
            continue  # left undecoded: a page may draw hundreds of rules and bullets
        readable = [piece for piece in group if _read(piece)]
        if readable:
            pictures.append(_picture(readable, PageBox(page_index, _union(readable))))
    pictures.sort(key=lambda picture: (-round(picture.box.bbox[3]), picture.box.bbox[0]))
    return pictures


# -- finding the image objects ----------------------------------------------------------------


def _image_objects(page: pdfium.PdfPage) -> list[tuple[pdfium.PdfImage, Matrix]]:
    """Every image object on the page with its matrix onto the page (forms' matrices applied)."""
    out: list[tuple[pdfium.PdfImage, Matrix]] = []

    def walk(form: pdfium.PdfObject | None, outer: Matrix, depth: int) -> None:
        # max_depth=1: this level only; forms are descended here, so that their matrices are known.
        for obj in page.get_objects(max_depth=1, form=form):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and isinstance(obj, pdfium.PdfImage):
                out.append((obj, _concat(_matrix(obj), outer)))
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                walk(obj, _concat(_matrix(obj), outer), depth + 1)

    walk(None, _IDENTITY, 0)
    return out


def _matrix(obj: pdfium.PdfObject) -> Matrix:
    m = obj.get_matrix()
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies `inner` first, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # the other matrix's entries, upper case as in the PDF reference
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform_unit_square(m: Matrix) -> BBox:
    """Where an image's unit square lands: the box around its four corners."""
    a, b, c, d, e, f = m
    xs = (e, a + e, c + e, a + c + e)
    ys = (f, b + f, d + f, b + d + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _crop_box(page: pdfium.PdfPage) -> BBox:
    left, bottom, right, top = page.get_cropbox()
    return (float(left), float(bottom), float(right), float(top))


def _clip(box: BBox, crop: BBox) -> BBox | None:
    x0, y0 = max(box[0], crop[0]), max(box[1], crop[1])
    x1, y1 = min(box[2], crop[2]), min(box[3], crop[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


# -- reading an image's pixels ----------------------------------------------------------------


def _upright(m: Matrix) -> bool:
    """Drawn unrotated and unmirrored: the stream's first row is the picture's top row."""
    a, b, c, d, _, _ = m
    return a > 0 and d > 0 and abs(b) < 1e-6 * a and abs(c) < 1e-6 * d


def _read(piece: _Piece) -> bool:
    """Reads the piece's pixels: its JPEG stream as is where possible, else PDFium's decoded
    bitmap. False when they cannot be read (PDFium would not draw them either)."""
    image, upright = piece.obj, _upright(piece.matrix)
    try:
        if upright and image.get_filters(skip_simple=True) == ["DCTDecode"]:
            jpeg = bytes(image.get_data(decode_simple=True))
            size = _plain_jpeg_size(jpeg)
            if size is not None:
                piece.jpeg, piece.size = jpeg, size
                return True
        if piece.size[0] * piece.size[1] > _MAX_PIXELS:
            # A stream bigger than any printed photo needs (a decompression bomb, or a scan at
            # absurd resolution): drawn at its size on the page, one pixel a point, instead.
            bitmap = image.get_bitmap(render=True, scale_to_original=False)
        else:
            # A mirrored or rotated placement is drawn by PDFium (render=True applies the
            # matrix), so the picture is the right way round; an upright one is decoded at its
            # own size.
            bitmap = image.get_bitmap(render=not upright)
        # to_pil() shares the bitmap's buffer: copy, so the picture outlives the bitmap (which
        # its finalizer frees).
        pil = bitmap.to_pil().copy()
    except (pdfium.PdfiumError, OSError, ValueError):
        return False
    if pil.mode not in ("L", "RGB", "RGBA"):
        pil = pil.convert("RGBA" if "A" in pil.mode else "RGB")
    piece.image, piece.size = pil, pil.size
    return True


def _plain_jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The JPEG's size if a browser shows it as the PDF does (grey or RGB); None otherwise.

    A CMYK JPEG in a PDF often has its inks inverted by a Decode array the stream knows nothing
    of, so only grey and RGB streams are kept as they are.
    """
    if not data.startswith(b"\xff\xd8"):
        return None
    try:
        with Image.open(io.BytesIO(data)) as jpeg:  # reads the header only
            if jpeg.format != "JPEG" or jpeg.mode not in _JPEG_MODES:
                return None
            if jpeg.width * jpeg.height > _MAX_PIXELS:
                return None  # not handed on as is: the store would have to decode it
            return jpeg.size
    except (OSError, Image.DecompressionBombError):
        return None


def _decoded(piece: _Piece) -> Image.Image:
    if piece.image is not None:
        return piece.image
    assert piece.jpeg is not None
    image = Image.open(io.BytesIO(piece.jpeg))
    image.load()
    return image


# -- strips, duplicates, decorations ----------------------------------------------------------


def _drop_duplicates(pieces: list[_Piece]) -> list[_Piece]:
    """One image drawn twice on the same spot (a fake-bold habit of some layout tools) is one."""
    kept: list[_Piece] = []
    for piece in pieces:
        if not any(_same_box(piece.bbox, other.bbox) and piece.size == other.size for other in kept):
            kept.append(piece)
    return kept


def _same_box(a: BBox, b: BBox) -> bool:
    return all(abs(p - q) <= _JOIN_TOLERANCE for p, q in zip(a, b, strict=True))


def _abut(a: BBox, b: BBox) -> bool:
    """Two strips of one picture: the same column and touching top to bottom, or the same row
    and touching side by side."""
    t = _JOIN_TOLERANCE
    same_column = abs(a[0] - b[0]) <= t and abs(a[2] - b[2]) <= t
    same_row = abs(a[1] - b[1]) <= t and abs(a[3] - b[3]) <= t
    stacked = abs(a[1] - b[3]) <= t or abs(b[1] - a[3]) <= t
    side_by_side = abs(a[0] - b[2]) <= t or abs(b[0] - a[2]) <= t
    return (same_column and stacked) or (same_row and side_by_side)


def _join_strips(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Groups of pieces that make one picture (tiles join through their neighbours)."""
    parent = list(range(len(pieces)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces)):
            if _abut(pieces[i].bbox, pieces[j].bbox):
                parent[root(j)] = root(i)
    groups: dict[int, list[_Piece]] = {}
    for i, piece in enumerate(pieces):
        groups.setdefault(root(i), []).append(piece)
    return list(groups.values())


def _is_decoration(bbox: BBox) -> bool:
    width, height = bbox[2] - bbox[0], bbox[3] - bbox[1]
    return min(width, height) < _MIN_SIDE or width * height < _MIN_AREA


def _union(group: list[_Piece]) -> BBox:
    return (
        min(p.bbox[0] for p in group),
        min(p.bbox[1] for p in group),
        max(p.bbox[2] for p in group),
        max(p.bbox[3] for p in group),
    )


def _picture(group: list[_Piece], box: PageBox) -> FoundPicture:
    """One picture from its read pieces: a single one as read, strips pasted together."""
    if len(group) == 1:
        piece = group[0]
        if piece.jpeg is not None:
            return FoundPicture(box, piece.jpeg, "image/jpeg", *piece.size)
        assert piece.image is not None
        return FoundPicture(box, _png(piece.image), "image/png", *piece.size)
    joined = _paste(group, box.bbox)
    if all(p.jpeg is not None for p in group):
        # Strips of photos: JPEG again (a PNG of a photo is several times the size).
        out = io.BytesIO()
        joined.convert("RGB" if joined.mode != "L" else "L").save(out, "JPEG", quality=90)
        return FoundPicture(box, out.getvalue(), "image/jpeg", *joined.size)
    return FoundPicture(box, _png(joined), "image/png", *joined.size)


def _paste(group: list[_Piece], bbox: BBox) -> Image.Image:
    """The strips pasted onto one canvas at the finest strip's resolution."""
    scale = max(p.size[0] / max(p.bbox[2] - p.bbox[0], 1e-6) for p in group)
    width = max(1, round((bbox[2] - bbox[0]) * scale))
    height = max(1, round((bbox[3] - bbox[1]) * scale))
    images = [_decoded(p) for p in group]
    mode = "L" if all(image.mode == "L" for image in images) else "RGB"
    canvas = Image.new(mode, (width, height), "white")
    for piece, image in zip(group, images, strict=True):
        left = round((piece.bbox[0] - bbox[0]) * scale)
        top = round((bbox[3] - piece.bbox[3]) * scale)  # PDF's y grows upwards, the picture's downwards
        size = (
            max(1, round((piece.bbox[2] - piece.bbox[0]) * scale)),
            max(1, round((piece.bbox[3] - piece.bbox[1]) * scale)),
        )
        tile = image.convert(mode) if image.mode != mode else image
        canvas.paste(tile.resize(size) if tile.size != size else tile, (left, top))
    return canvas


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Level 3 of 9: within a few per cent of the default's size at about half its time.
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()
