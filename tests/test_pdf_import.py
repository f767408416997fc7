"""Importing PDFs: pages, their photos on the articles they illustrate, the printed page, regions;
all or nothing; the command's dry run and its JSON. The PDF kept in the repo (tests/data, built by
build_sample_pdf.py) runs everywhere; two real pages of ../shared show a many-page PDF."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from articles.models import Article, ArticleImage, Image, Page, PageImage, PageImport
from articles.services import PageImportError, document_import_file, pdf_import, pdf_parse, pdf_plan

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample_page.pdf"
SHARED_PDFS = Path(__file__).resolve().parents[1].parent / "shared" / "pages" / "pdf-dev" / "pdf"


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_a_pdf_page_is_imported_with_its_photo_rendering_and_regions(media_root):
    [report] = pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf")
    gold = json.loads((DATA / "sample_page.gold.json").read_text(encoding="utf-8"))

    page = Page.objects.get(pk=report.page_id)
    assert report.outcome == "created"
    assert (page.issue.date.isoformat(), page.number, page.source_file) == ("1998-01-03", 3, "sample_page.pdf")
    headlines = list(page.articles.order_by("order").values_list("headline", flat=True))
    assert headlines == [article["headline"] for article in gold["articles"]]
    assert all(article.regions for article in page.articles.all())

    # the photo, not the advert, is stored: on the article its caption belongs to, as its lead
    photo = Image.objects.get()
    assert photo.source == Image.Source.PAGE and photo.page == page and photo.page_index == 1
    assert photo.caption == "市民在人民广场观看迎春文艺演出。"
    placement = ArticleImage.objects.get()
    assert placement.is_lead and placement.article.headline == gold["articles"][0]["headline"]
    # its own pixels: the embedded photo's size, no EXIF (the sample carries camera and GPS tags)
    with PILImage.open(photo.file.open("rb")) as picture:
        assert picture.size == (photo.width, photo.height)
        assert not picture.getexif()

    printed = PageImage.objects.get(page=page)
    assert printed.width == 1200 and printed.height > printed.width
    assert (round(printed.width_points), round(printed.height_points)) == (595, 842)


@pytest.mark.django_db
def test_importing_the_same_pdf_again_changes_nothing(media_root):
    pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf")
    files = sorted(stored_files(media_root))
    [again] = pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf")
    assert again.outcome == "unchanged"
    assert (Image.objects.count(), ArticleImage.objects.count(), PageImage.objects.count()) == (1, 1, 1)
    assert sorted(stored_files(media_root)) == files


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "reason"), [
    ("encrypted.pdf", "password"),
    ("truncated.pdf", "truncated"),
    ("scan_no_text.pdf", "OCR"),
    ("not_a_pdf.pdf", "not a PDF"),
])
def test_a_bad_pdf_is_refused_naming_the_file_and_nothing_is_stored(media_root, name, reason):
    with pytest.raises(PageImportError) as refused:
        document_import_file(data=(DATA / "bad" / name).read_bytes(), source_file=name)
    assert name in str(refused.value)
    assert reason.lower() in str(refused.value).lower()
    assert not Page.objects.exists() and not Image.objects.exists() and not PageImport.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_pdf_that_fails_on_a_later_page_leaves_nothing_of_the_earlier_ones(media_root):
    """Page 1 imports; page 2 is blank (no article): the whole PDF is refused, page 1 included,
    and no file it wrote remains."""
    document = pdfium.PdfDocument(SAMPLE.read_bytes())
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(PageImportError):
        pdf_import(data=buffer.getvalue(), source_file="two.pdf")
    assert not Page.objects.exists() and not Article.objects.exists() and not Image.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.skipif(not SHARED_PDFS.is_dir(), reason="../shared/pages/pdf-dev is absent (CI always has it)")
def test_a_many_page_pdf_gives_a_page_per_pdf_page(media_root):
    merged = pdfium.PdfDocument.new()
    for name in ("19980102-01.pdf", "19980102-02.pdf"):
        merged.import_pages(pdfium.PdfDocument((SHARED_PDFS / name).read_bytes()))
    buffer = io.BytesIO()
    merged.save(buffer)
    reports = pdf_import(data=buffer.getvalue(), source_file="19980102.pdf")
    assert [report.outcome for report in reports] == ["created", "created"]
    pages = Page.objects.order_by("number")
    assert [page.number for page in pages] == [1, 2]
    assert [page.source_file for page in pages] == ["19980102.pdf", "19980102.pdf#2"]
    assert PageImage.objects.count() == 2


@pytest.mark.django_db
def test_the_command_imports_pdfs_and_folders_of_text_and_pdf(tmp_path, seed_text, media_root):
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "sample_page.pdf").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")
    out = io.StringIO()
    call_command("import_page", str(tmp_path), "--date", "2024-03-06", stdout=out, stderr=io.StringIO())
    assert "2 file(s), 2 page(s) imported" in out.getvalue()
    assert Page.objects.count() == 2 and Image.objects.count() == 1


@pytest.mark.django_db  # the parse knows the archive's confirmed names
def test_the_dry_run_prints_the_page_parse_json_of_a_pdf(capsys):
    call_command("import_page", str(SAMPLE), "--dry-run", "--json")
    parse = json.loads(capsys.readouterr().out)
    assert parse["page"]["file"] == "sample_page.pdf"
    assert [image["kind"] for image in parse["images"]] == ["photo", "advert"]
    first = parse["articles"][0]
    assert first["images"][0]["page_index"] == 1 and len(first["images"][0]["bbox"]) == 4
    assert all(article["regions"] for article in parse["articles"])


@pytest.mark.django_db
def test_the_dry_run_and_the_preview_read_pictures_but_draw_no_page_image():
    # the printed page's image is only stored by an import: drawing and encoding it is a quarter
    # of a page's reading time, which the dry run and the admin's preview do without
    [parsed] = pdf_parse(data=SAMPLE.read_bytes(), source_file="sample_page.pdf")
    [(planned, _plan)] = pdf_plan(data=SAMPLE.read_bytes(), source_file="sample_page.pdf")
    for page in (parsed, planned):
        assert page.rendering is None and page.pictures


@pytest.mark.django_db
def test_the_dry_run_names_a_bad_pdf(capsys):
    with pytest.raises(CommandError):
        call_command("import_page", str(DATA / "bad" / "encrypted.pdf"), "--dry-run")
    assert "encrypted.pdf" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_pdf_over_the_sites_limit_is_refused_before_it_is_read(settings, media_root):
    settings.NEWSROOM_MAX_PDF_BYTES = 10_000  # the sample is about 25 KB
    with pytest.raises(PageImportError, match="over the limit") as refused:
        pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf")
    assert "sample_page.pdf" in str(refused.value)
    assert not Page.objects.exists() and stored_files(media_root) == []
