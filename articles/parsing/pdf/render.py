"""The printed page drawn once, at screen resolution, for the reader's page view and its hot zones.

Takes a pypdfium2 page and its index (from 1); gives a `PageRendering`: the page as WebP
(Pillow, quality 80; PNG where Pillow was built without WebP), `width_px` pixels wide and
as tall as the page's proportions make it, with the page's size in points so that
`PageBox` rectangles (PDF points, origin bottom left) map onto the picture. A real sample
(人民日报 1998-01-01 p.3, a broadsheet page of 1105.5 × 1559.1 pt)::

    PageRendering(page_index=1, width_points=1105.5, height_points=1559.1,
                  data=b"RIFF...WEBP...", media_type="image/webp", width=1200, height=1693)

A box [x0, y0, x1, y1] is at pixels x0·s, (height_points − y1)·s … with s = width / width_points.
That holds for pages as layout systems export them: crop box at the origin, no /Rotate (a
rotated page is drawn turned, as a viewer shows it, while the boxes stay in its own space).
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import features

from articles.parsing.model import PageRendering

__all__ = ["render_page"]

WIDTH_PX = 1200  # a reading screen's width; the hot zones are scaled to whatever the site shows
_WEBP_QUALITY = 80
_HAS_WEBP = bool(features.check("webp"))
# Never more than this many pixels on the long side, whatever width is asked (a strip-shaped
# page at 1,200 px wide could otherwise be tens of thousands of pixels tall).
_MAX_SIDE = 6000


def render_page(page: pdfium.PdfPage, page_index: int, *, width_px: int = WIDTH_PX) -> PageRendering:
    """The page drawn `width_px` wide (WebP, or PNG without WebP support)."""
    width_pt, height_pt = page.get_size()
    scale = width_px / width_pt
    if max(width_pt, height_pt) * scale > _MAX_SIDE:
        scale = _MAX_SIDE / max(width_pt, height_pt)
    # Annotations and form fields are not part of the printed page; white, not transparent, so
    # a dark site theme does not show through the paper.
    bitmap = page.render(scale=scale, may_draw_forms=False, fill_color=(255, 255, 255, 255))
    image = bitmap.to_pil()
    out = io.BytesIO()
    if _HAS_WEBP:
        # method 0 of 0–6, the fastest: encoding is most of a page's rendering time (a broadsheet
        # page at 1,200 px: method 0 about 55 ms and 310 KB, method 2 about 95 ms and 276 KB), and
        # an import has 200 ms a page in all.
        image.save(out, "WEBP", quality=_WEBP_QUALITY, method=0)
        media_type = "image/webp"
    else:
        image.save(out, "PNG", compress_level=3)
        media_type = "image/png"
    width, height = image.size
    return PageRendering(page_index, float(width_pt), float(height_pt), out.getvalue(), media_type, width, height)
