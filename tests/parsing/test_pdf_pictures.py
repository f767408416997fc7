"""Pictures cut out of PDF pages: the sample page's photo and advertisement with their boxes, the
JPEG kept byte for byte, strips joined, forms followed, decorations left out; and the pdf-dev
pages' gold picture boxes found (skipped where ../shared is absent)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from articles.parsing.pdf import pictures
from articles.parsing.pdf.document import iter_pages, open_pdf
from articles.parsing.pdf.pictures import FoundPicture, find_pictures

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_page.pdf"
PDF_DEV = Path(__file__).resolve().parents[3] / "shared" / "pages" / "pdf-dev" / "pdf"
# Measured over the 40 pdf-dev pages (119 gold boxes, photos and advertisements): every gold box
# found with IoU >= 0.5, and every picture found is a gold box.
PDF_DEV_RECALL_FLOOR = 1.0
PDF_DEV_PRECISION_FLOOR = 1.0


def _pictures(data: bytes) -> list[FoundPicture]:
    doc = open_pdf(data, name="test.pdf")
    try:
        return [picture for index, page in iter_pages(doc) for picture in find_pictures(page, index)]
    finally:
        doc.close()


def _pictures_without_checks(data: bytes) -> list[FoundPicture]:
    """For PDFs drawn here with no text (the document check would refuse them as scans)."""
    doc = pdfium.PdfDocument(data)
    try:
        return [picture for index, page in iter_pages(doc) for picture in find_pictures(page, index)]
    finally:
        doc.close()


def iou(a: tuple[float, ...] | list[float], b: tuple[float, ...] | list[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


@pytest.fixture(scope="module")
def sample_gold() -> dict:
    return json.loads((DATA / "sample_page.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_pictures() -> list[FoundPicture]:
    return _pictures(SAMPLE.read_bytes())


def test_the_sample_page_has_its_photo_and_its_advert_at_their_gold_boxes(sample_pictures, sample_gold):
    # The header's 5-point ornament is a decoration: left out.
    assert len(sample_pictures) == 2
    for gold in sample_gold["images"]:
        (match,) = [p for p in sample_pictures if iou(p.box.bbox, gold["bbox"]) > 0.99]
        assert match.box.page_index == gold["page_index"] == 1
        assert match.box.bbox == pytest.approx(gold["bbox"], abs=0.05)


def test_pictures_come_top_first(sample_pictures):
    tops = [picture.box.bbox[3] for picture in sample_pictures]
    assert tops == sorted(tops, reverse=True)


def test_the_embedded_jpeg_is_kept_byte_for_byte(sample_pictures):
    photo = sample_pictures[0]
    assert photo.media_type == "image/jpeg"
    assert photo.data == (DATA / "sample_photo.jpg").read_bytes()
    assert (photo.width, photo.height) == (430, 276)
    with Image.open(io.BytesIO(photo.data)) as image:
        exif = image.getexif()
        assert exif[0x010F] == "Canon"  # as embedded: the stored renditions are what strip it
        assert exif.get_ifd(0x8825)[1] == "N"


def test_an_advert_drawn_in_three_strips_is_one_picture(sample_pictures, sample_gold):
    advert = sample_pictures[1]
    assert advert.media_type == "image/png"  # the strips were Flate images: decoded, joined, PNG
    with Image.open(io.BytesIO(advert.data)) as image:
        assert image.size == (advert.width, advert.height)
        # Its own pixels at its own resolution (2 px a point), not a screenshot of the page.
        x0, y0, x1, y1 = sample_gold["images"][1]["bbox"]
        assert image.width == pytest.approx(2 * (x1 - x0), abs=1)
        assert image.height == pytest.approx(2 * (y1 - y0), abs=2)
        rgb = image.convert("RGB")
        # The red panel all the way down: no seam of white between the strips.
        column = [rgb.getpixel((3, y)) for y in range(0, image.height, 3)]
        assert all(r > 150 and g < 80 for r, g, _ in column)


# -- PDFs drawn here with reportlab (a dev dependency), to reach the cases the sample has not ----


def _reportlab_pdf(draw: Callable[..., None]) -> bytes:
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    utils = pytest.importorskip("reportlab.lib.utils")
    out = io.BytesIO()
    canvas = canvas_module.Canvas(out, pagesize=(600, 800))
    draw(canvas, utils.ImageReader)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _jpeg(size: tuple[int, int], colour: tuple[int, int, int] = (200, 30, 30)) -> io.BytesIO:
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1] // 2))  # blue top-left quarter
    image.save(out, "JPEG", quality=90)
    out.seek(0)
    return out


def test_an_image_inside_a_form_xobject_is_placed_through_the_form():
    def draw(canvas, reader):
        canvas.beginForm("photo")
        canvas.drawImage(reader(_jpeg((100, 50))), 10, 20, 100, 50)
        canvas.endForm()
        canvas.saveState()
        canvas.translate(200, 300)
        canvas.scale(2, 2)
        canvas.doForm("photo")
        canvas.restoreState()

    (picture,) = _pictures_without_checks(_reportlab_pdf(draw))
    assert picture.box.bbox == pytest.approx((220, 340, 420, 440))
    assert picture.media_type == "image/jpeg" and (picture.width, picture.height) == (100, 50)


def test_a_rotated_placement_is_cut_out_the_right_way_round():
    def draw(canvas, reader):
        canvas.saveState()
        canvas.translate(300, 100)
        canvas.rotate(90)  # the picture's top now faces the page's left
        canvas.drawImage(reader(_jpeg((200, 100))), 0, 0, 200, 100)
        canvas.restoreState()

    (picture,) = _pictures_without_checks(_reportlab_pdf(draw))
    assert picture.box.bbox == pytest.approx((200, 100, 300, 300), abs=0.01)
    # Not the JPEG as stored (that would lie on its side): decoded as the page shows it.
    assert picture.media_type == "image/png"
    assert picture.height > picture.width
    with Image.open(io.BytesIO(picture.data)) as image:
        rgb = image.convert("RGB")
        # The stored top-left (blue) quarter is now at the bottom left.
        r, _, b = rgb.getpixel((image.width // 4, image.height * 3 // 4))
        assert b > 150 and r < 100


def test_rules_bullets_and_off_page_images_are_left_out():
    def draw(canvas, reader):
        canvas.drawImage(reader(_jpeg((400, 4))), 50, 700, 400, 2)  # a rule
        canvas.drawImage(reader(_jpeg((8, 8))), 50, 650, 6, 6)  # a bullet
        canvas.drawImage(reader(_jpeg((100, 100))), 700, 100, 80, 80)  # beyond the page's right edge
        canvas.drawImage(reader(_jpeg((100, 60))), 50, 400, 150, 90)  # a picture

    (picture,) = _pictures_without_checks(_reportlab_pdf(draw))
    assert picture.box.bbox == pytest.approx((50, 400, 200, 490))


def test_two_pictures_a_gutter_apart_stay_two():
    def draw(canvas, reader):
        canvas.drawImage(reader(_jpeg((100, 60))), 50, 400, 150, 90)
        canvas.drawImage(reader(_jpeg((100, 60))), 212, 400, 150, 90)  # same row, 12 pt gutter

    assert len(_pictures_without_checks(_reportlab_pdf(draw))) == 2


def test_jpeg_tiles_are_joined_into_one_jpeg():
    def draw(canvas, reader):
        for row in range(2):
            for col in range(2):
                canvas.drawImage(reader(_jpeg((50, 30))), 100 + 100 * col, 300 + 60 * row, 100, 60)

    (picture,) = _pictures_without_checks(_reportlab_pdf(draw))
    assert picture.box.bbox == pytest.approx((100, 300, 300, 420))
    assert picture.media_type == "image/jpeg"
    assert (picture.width, picture.height) == (100, 60)  # the tiles' own resolution, half a pixel a point


# -- the pdf-dev pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_dev() -> Path:
    if not PDF_DEV.is_dir() or not any(PDF_DEV.glob("*.gold.json")):
        pytest.skip(f"pdf-dev pages absent: {PDF_DEV} (they live in ../shared next to the repository)")
    return PDF_DEV


def test_pdf_dev_gold_pictures_are_found(pdf_dev: Path):
    gold_boxes = found = predicted = right = 0
    missed: list[str] = []
    for pdf in sorted(pdf_dev.glob("*.pdf")):
        gold = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))["images"]
        pictures = _pictures(pdf.read_bytes())
        gold_boxes += len(gold)
        predicted += len(pictures)
        for image in gold:
            if any(p.box.page_index == image["page_index"] and iou(p.box.bbox, image["bbox"]) >= 0.5
                   for p in pictures):
                found += 1
            else:
                missed.append(f"{pdf.name} {image['bbox']}")
        right += sum(any(p.box.page_index == g["page_index"] and iou(p.box.bbox, g["bbox"]) >= 0.5 for g in gold)
                     for p in pictures)
    assert gold_boxes > 0
    assert found / gold_boxes >= PDF_DEV_RECALL_FLOOR, missed
    assert right / predicted >= PDF_DEV_PRECISION_FLOOR


def test_an_image_over_the_pixel_limit_is_drawn_at_its_page_size(monkeypatch):
    """A stream bigger than a printed photo needs is not decoded whole (a decompression bomb)."""
    monkeypatch.setattr(pictures, "_MAX_PIXELS", 1_000)

    def draw(canvas, reader):
        canvas.drawImage(reader(_jpeg((100, 60))), 50, 400, 150, 90)

    (picture,) = _pictures_without_checks(_reportlab_pdf(draw))
    assert picture.media_type == "image/png"
    assert (picture.width, picture.height) == pytest.approx((150, 90), abs=1)
