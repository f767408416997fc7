"""Golden tests of the PDF front end: `parse_pdf`'s pages scored against hand-written gold.

The sample page kept in the repository (tests/data/sample_page.pdf, built by
tests/data/build_sample_pdf.py) must parse perfectly; the 40 pages of ../shared/pages/pdf-dev
(skipped when ../shared is absent) hold the figures measured when the front end was written,
over the whole set and over the held-out dates alone (1998-01-07 on, never looked at while
tuning). `bench/score_pdf.py` prints the same figures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from articles.parsing import parse_pdf
from articles.parsing.model import PictureKind

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
PDF_DEV = REPO.parent / "shared" / "pages" / "pdf-dev" / "pdf"
HELD_OUT_FROM = "19980107"

SAMPLE_MIN = {
    "segmentation_f1": 1.0, "headline_accuracy": 1.0, "headline_meta_accuracy": 1.0, "byline_accuracy": 1.0,
    "paragraph_f1": 1.0, "subhead_recall": 1.0, "caption_found": 1.0, "caption_attached": 1.0,
    "image_found": 1.0, "image_attached": 1.0, "image_precision": 1.0, "page_meta": 1.0,
}
SAMPLE_MAX = {"body_cer": 0.0, "artifacts": 0}

# Measured on pdf-dev (bench/score_pdf.py): the whole set, then the held-out dates alone.
ALL_MIN = {
    "segmentation_f1": 1.0, "headline_accuracy": 1.0, "headline_meta_accuracy": 0.98, "byline_accuracy": 0.99,
    "paragraph_f1": 0.99, "subhead_recall": 0.98, "caption_found": 0.99, "caption_attached": 0.99,
    "image_found": 0.97, "image_attached": 0.97, "image_precision": 0.97, "page_meta": 1.0,
}
ALL_MAX = {"body_cer": 0.002, "artifacts": 0}
HELD_MIN = {
    "segmentation_f1": 1.0, "headline_accuracy": 1.0, "headline_meta_accuracy": 0.97, "byline_accuracy": 0.98,
    "paragraph_f1": 0.98, "subhead_recall": 0.96, "caption_found": 0.98, "caption_attached": 0.98,
    "image_found": 0.95, "image_attached": 0.95, "image_precision": 0.95, "page_meta": 1.0,
}
HELD_MAX = {"body_cer": 0.004, "artifacts": 0}


def _check(metrics: dict[str, float], minimum: dict[str, float], maximum: dict[str, float]) -> list[str]:
    failed = [f"{k}={metrics[k]:.4f} < {v}" for k, v in minimum.items() if metrics[k] < v]
    failed += [f"{k}={metrics[k]:.4f} > {v}" for k, v in maximum.items() if metrics[k] > v]
    return failed


def _predict(pdf: Path) -> dict:
    (page,) = parse_pdf(pdf.read_bytes(), file=pdf.name, entities=False, render=False)
    return page.to_dict()


def test_sample_page_parses_perfectly(scorer: ModuleType):
    gold = json.loads((DATA / "sample_page.gold.json").read_text(encoding="utf-8"))
    metrics = scorer.score(gold, _predict(DATA / "sample_page.pdf"))
    assert not _check(metrics, SAMPLE_MIN, SAMPLE_MAX), metrics


def test_sample_page_pictures_and_regions():
    (page,) = parse_pdf((DATA / "sample_page.pdf").read_bytes(), file="sample_page.pdf", entities=False,
                        render=False)
    gold = json.loads((DATA / "sample_page.gold.json").read_text(encoding="utf-8"))
    kinds = sorted((p.kind.value, p.article, p.caption) for p in page.pictures)
    assert kinds == sorted((p["kind"], p["article"], p["caption"]) for p in gold["images"])
    photo = next(p for p in page.pictures if p.kind == PictureKind.PHOTO)
    assert photo.data and photo.width > 0 and photo.media_type in ("image/jpeg", "image/png")
    for article, expected in zip(page.parsed.articles, gold["articles"], strict=True):
        boxes = [region.bbox for region in article.regions]
        gx0, gy0, gx1, gy1 = expected["regions"][0]["bbox"]
        # The printed regions lie within the gold region and cover most of it.
        assert all(gx0 - 1 <= x0 and x1 <= gx1 + 1 and gy0 - 1 <= y0 and y1 <= gy1 + 1 for x0, y0, x1, y1 in boxes)
        covered = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes)
        assert covered >= 0.7 * (gx1 - gx0) * (gy1 - gy0)
    assert page.text.count("\n") + 1 >= max(a.source.last_line for a in page.parsed.articles)


@pytest.fixture(scope="module")
def pdf_dev_scores(scorer: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    if not PDF_DEV.is_dir():
        pytest.skip(f"{PDF_DEV} absent (the shared pages are not checked out beside the repository)")
    out: dict[str, dict[str, float]] = {}
    root = tmp_path_factory.mktemp("pdf-dev")
    for split in ("all", "held"):
        gold_dir, pred_dir = root / split / "gold", root / split / "pred"
        gold_dir.mkdir(parents=True)
        pred_dir.mkdir(parents=True)
        for pdf in sorted(PDF_DEV.glob("*.pdf")):
            gold = PDF_DEV / f"{pdf.stem}.gold.json"
            if not gold.exists() or (split == "held" and pdf.stem[:8] < HELD_OUT_FROM):
                continue
            shutil.copyfile(gold, gold_dir / gold.name)
            pred = _predict(pdf)
            (pred_dir / f"{pdf.stem}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        out[split] = scorer.score_dirs(gold_dir, pred_dir)
    return out


def test_pdf_dev_holds_its_measured_figures(pdf_dev_scores: dict[str, dict[str, float]]):
    metrics = pdf_dev_scores["all"]
    assert not _check(metrics, ALL_MIN, ALL_MAX), metrics


def test_pdf_dev_held_out_dates_hold_their_measured_figures(pdf_dev_scores: dict[str, dict[str, float]]):
    metrics = pdf_dev_scores["held"]
    assert not _check(metrics, HELD_MIN, HELD_MAX), metrics


@pytest.mark.parametrize("scale", [0.7, 1.6])
def test_sample_page_drawn_through_a_scaled_form_parses_the_same(scorer: ModuleType, scale: float):
    # The same page placed on a bigger or smaller page through a scaling matrix: sizes are
    # read as printed (PDFium's font size leaves the matrix out), rules carried through the form.
    import io

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument((DATA / "sample_page.pdf").read_bytes())
    width, height = source[0].get_size()
    out = pdfium.PdfDocument.new()
    form = source.page_as_xobject(0, out).as_pageobject()
    form.transform(pdfium.PdfMatrix().scale(scale, scale))
    page = out.new_page(width * scale, height * scale)
    page.insert_obj(form)
    page.gen_content()
    buffer = io.BytesIO()
    out.save(buffer)
    (parsed,) = parse_pdf(buffer.getvalue(), file="sample_page.pdf", entities=False, render=False)
    gold = json.loads((DATA / "sample_page.gold.json").read_text(encoding="utf-8"))
    for picture in gold["images"] + [image for article in gold["articles"] for image in article.get("images", [])]:
        picture["bbox"] = [v * scale for v in picture["bbox"]]
    metrics = scorer.score(gold, parsed.to_dict())
    assert not _check(metrics, SAMPLE_MIN, SAMPLE_MAX), metrics
