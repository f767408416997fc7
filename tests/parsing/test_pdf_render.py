"""The printed page drawn for the reader's page view: its size, its format, its page size in points."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, features

from articles.parsing.pdf import render
from articles.parsing.pdf.document import iter_pages, open_pdf
from articles.parsing.pdf.render import render_page

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_page.pdf"


def _render(**kwargs):
    doc = open_pdf(SAMPLE.read_bytes(), name="sample_page.pdf")
    try:
        return [render_page(page, index, **kwargs) for index, page in iter_pages(doc)]
    finally:
        doc.close()


def test_the_page_is_drawn_1200_px_wide_in_its_proportions():
    (rendering,) = _render()
    assert rendering.page_index == 1
    assert (round(rendering.width_points), round(rendering.height_points)) == (595, 842)
    assert rendering.width == 1200
    assert rendering.height == pytest.approx(1200 * rendering.height_points / rendering.width_points, abs=1)
    with Image.open(io.BytesIO(rendering.data)) as image:
        assert image.size == (rendering.width, rendering.height)
        assert Image.MIME[image.format] == rendering.media_type


@pytest.mark.skipif(not features.check("webp"), reason="this Pillow was built without WebP")
def test_webp_where_pillow_has_it():
    (rendering,) = _render(width_px=600)
    assert rendering.media_type == "image/webp"
    assert rendering.data[:4] == b"RIFF" and rendering.data[8:12] == b"WEBP"
    assert rendering.width == 600
    assert len(rendering.data) < 200_000  # a page for the screen, not for print


def test_png_without_webp(monkeypatch):
    monkeypatch.setattr(render, "_HAS_WEBP", False)
    (rendering,) = _render(width_px=300)
    assert rendering.media_type == "image/png"
    assert rendering.data.startswith(b"\x89PNG")
    assert rendering.width == 300


def test_the_pictures_are_drawn_where_their_boxes_say():
    """A PageBox mapped with the documented formula lands on the photo's pixels."""
    (rendering,) = _render()
    scale = rendering.width / rendering.width_points
    x0, y0, x1, y1 = 213.76, 593.21, 381.52, 700.89  # the sample's photo (its gold box)
    with Image.open(io.BytesIO(rendering.data)) as image:
        rgb = image.convert("RGB")
        # The photo's stage (dark red, 175 of its 276 rows down) across its middle; the paper
        # white in the page's corner margin.
        stage_y = y1 - (y1 - y0) * 175 / 276
        r, g, b = rgb.getpixel((round((x0 + x1) / 2 * scale), round((rendering.height_points - stage_y) * scale)))
        assert r > 100 and g < 80 and b < 80
        assert min(rgb.getpixel((5, rendering.height - 5))) > 245


def test_a_long_strip_page_is_capped():
    (rendering,) = _render(width_px=20_000)
    assert max(rendering.width, rendering.height) <= 6000
