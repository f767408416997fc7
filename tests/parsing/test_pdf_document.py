"""The PDF document layer: each bad input refused with a message naming the file and the
reason, pages handed out one at a time and closed after use, the limits."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from articles.parsing.model import ParseError
from articles.parsing.pdf.document import PdfError, has_text_layer, iter_pages, open_pdf

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_page.pdf"
BAD = DATA / "bad"


def _sample() -> bytes:
    return SAMPLE.read_bytes()


def _many_pages(count: int) -> bytes:
    """`count` copies of the sample page in one PDF."""
    source = pdfium.PdfDocument(_sample())
    target = pdfium.PdfDocument.new()
    for _ in range(count):
        target.import_pages(source)
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def test_the_sample_opens_and_gives_its_one_page():
    doc = open_pdf(_sample(), name="sample_page.pdf")
    try:
        pages = [(index, page.get_size()) for index, page in iter_pages(doc)]
    finally:
        doc.close()
    assert [index for index, _ in pages] == [1]
    width, height = pages[0][1]
    assert round(width) == 595 and round(height) == 842


@pytest.mark.parametrize(
    ("file", "words"),
    [
        ("encrypted.pdf", "encrypted with a password"),
        ("truncated.pdf", "truncated"),
        ("scan_no_text.pdf", "no OCR"),
        ("not_a_pdf.pdf", "not a PDF file"),
    ],
)
def test_each_bad_input_is_refused_naming_the_file_and_the_reason(file, words):
    with pytest.raises(PdfError) as caught:
        open_pdf((BAD / file).read_bytes(), name=file)
    message = str(caught.value)
    assert message.startswith(f"{file}: ")
    assert words in message
    assert isinstance(caught.value, ParseError)  # the import's one error for unreadable input


def test_a_scan_says_it_has_no_text_layer():
    with pytest.raises(PdfError, match=r"no text layer .*scanned"):
        open_pdf((BAD / "scan_no_text.pdf").read_bytes(), name="scan.pdf")


def test_a_damaged_file_with_its_end_marker_is_refused_as_damaged():
    data = _sample()
    damaged = data[: len(data) // 3] + b"\n%%EOF\n"  # cut, then given a false ending
    with pytest.raises(PdfError, match="damaged"):
        open_pdf(damaged, name="damaged.pdf")


def test_empty_file():
    with pytest.raises(PdfError, match=r"empty\.pdf: the file is empty"):
        open_pdf(b"", name="empty.pdf")


def test_without_a_name_the_message_says_the_pdf():
    with pytest.raises(PdfError, match=r"^the PDF: not a PDF file"):
        open_pdf(b"plain text")


def test_over_the_size_limit_is_refused_before_it_is_read():
    data = _sample()
    with pytest.raises(PdfError, match=r"big\.pdf: 25 KB, over the limit of 10 KB"):
        open_pdf(data, name="big.pdf", max_bytes=10 * 1024)
    open_pdf(data, name="ok.pdf", max_bytes=len(data)).close()


def test_too_many_pages():
    data = _many_pages(3)
    with pytest.raises(PdfError, match=r"three\.pdf: 3 pages, over the limit of 2 pages"):
        open_pdf(data, name="three.pdf", max_pages=2)
    open_pdf(data, name="three.pdf", max_pages=3).close()


def test_pages_come_in_order_and_are_closed_after_use():
    doc = open_pdf(_many_pages(4), name="four.pdf")
    seen = []
    try:
        for index, page in iter_pages(doc):
            assert has_text_layer(page)
            seen.append((index, page))
    finally:
        doc.close()
    assert [index for index, _ in seen] == [1, 2, 3, 4]
    # Each page was closed when the loop moved on: its handle is gone.
    assert all(page.raw is None for _, page in seen)


def test_breaking_off_the_loop_closes_the_page_in_hand():
    doc = open_pdf(_many_pages(2), name="two.pdf")
    try:
        pages = iter_pages(doc)
        _, first = next(pages)
        pages.close()
        assert first.raw is None
    finally:
        doc.close()


def test_a_pdf_with_text_after_a_scanned_page_opens():
    """A text layer on any page is enough: a scanned cover does not refuse the whole file."""
    scan = pdfium.PdfDocument((BAD / "scan_no_text.pdf").read_bytes())
    combined = pdfium.PdfDocument.new()
    combined.import_pages(scan)
    combined.import_pages(pdfium.PdfDocument(_sample()))
    out = io.BytesIO()
    combined.save(out)
    doc = open_pdf(out.getvalue(), name="mixed.pdf")
    try:
        assert [has_text_layer(page) for _, page in iter_pages(doc)] == [False, True]
    finally:
        doc.close()


def test_long_documents_are_read_from_a_fresh_copy_every_few_pages():
    """PDFium frees a document's font caches only when the document closes: pages past the
    first ten come from a copy opened anew, and every copy is closed at the end."""
    doc = open_pdf(_many_pages(23), name="long.pdf")
    owners = []
    try:
        for index, page in iter_pages(doc):
            assert page.get_size() == pytest.approx((595.28, 841.89), abs=0.01)
            owners.append((index, page.pdf))
    finally:
        doc.close()
    assert [index for index, _ in owners] == list(range(1, 24))
    assert all(owner is doc for index, owner in owners if index <= 10)
    copies = {id(owner) for index, owner in owners if index > 10}
    assert len(copies) == 2 and all(owner is not doc for index, owner in owners if index > 10)
    assert all(owner.raw is None for index, owner in owners if index > 10)  # the copies were closed
