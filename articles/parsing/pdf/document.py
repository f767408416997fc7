"""The PDF document: opened and checked before anything is parsed, then read a page at a time.

Takes the bytes of an uploaded file and the name it came under; gives a pypdfium2
`PdfDocument` whose pages `iter_pages()` hands out one at a time (each closed once the caller
moves on, the document's caches dropped every few pages, so memory stays flat however long
the PDF: `bench/bench_pdf.py`). PDFium is not thread-safe: one thread of a process at a time
may use it (processes, as `import_page --jobs`, are fine). Every refusal is a `PdfError` whose
message names the file and says what is wrong, in words an editor can act on::

    >>> doc = open_pdf(Path("19980101-03.pdf").read_bytes(), name="19980101-03.pdf")
    >>> [(index, page.get_size()) for index, page in iter_pages(doc)]
    [(1, (1105.51, 1559.06))]
    >>> open_pdf(b"Hello", name="notes.pdf")
    PdfError: notes.pdf: not a PDF file (it does not start with %PDF-)
    >>> open_pdf(scan, name="scan.pdf")
    PdfError: scan.pdf: no text layer (a scanned page?): the PDF's pages are only pictures, and
    text is not recognised from pictures (no OCR); export the PDF with its text from the layout system

What is checked, in this order (cheapest first, nothing parsed before the size is known):
size (`max_bytes`), the `%PDF-` header, truncation (no `%%EOF` at the end), PDFium's own
load (damaged, password, unsupported encryption), the page count (none, or over `max_pages`),
and a text layer (at least one page that draws characters).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from articles.parsing.model import ParseError, gettext_noop

__all__ = ["PdfError", "has_text_layer", "iter_pages", "open_pdf"]

# The bytes each document from open_pdf was read from, so that iter_pages can reopen it.
_SOURCES: weakref.WeakKeyDictionary[pdfium.PdfDocument, bytes] = weakref.WeakKeyDictionary()
# Pages read from one copy of the document before a fresh copy frees PDFium's caches.
_REOPEN_EVERY = 10

MAX_PAGES = 200
MAX_BYTES = 100 * 2**20
# The header may follow a little junk (the PDF standard allows it, and some mail gateways add
# some); the end-of-file marker may be followed by a few bytes of padding or a newline.
_HEADER_WINDOW = 1024
_TRAILER_WINDOW = 2048


class PdfError(ParseError):
    """A PDF that cannot be read as newspaper pages: `str()` names the file and the reason;
    `message` and `params` are the reason alone (the English source string and its values, as
    `ParseError`'s), `file` the name it names."""

    def __init__(self, message: str, /, *, file: str = "", **params: object) -> None:
        super().__init__(message, **params)
        self.file = file
        if file:  # (none when unpickled: the message named it already, as the rest is restored)
            self.args = (f"{file}: {self.args[0]}",)


def open_pdf(
    data: bytes,
    *,
    name: str | None = None,
    max_pages: int = MAX_PAGES,
    max_bytes: int = MAX_BYTES,
) -> pdfium.PdfDocument:
    """The checked document; `PdfError` naming `name` when it is not a readable newspaper PDF.

    The caller closes the document (`doc.close()`) when done with it.
    """
    label = name or "the PDF"
    if len(data) > max_bytes:
        raise PdfError(gettext_noop("%(size)s, over the limit of %(limit)s"), file=label,
                       size=_megabytes(len(data)), limit=_megabytes(max_bytes))
    if not data or data.isspace():  # (not data.strip(): that copies the whole file)
        raise PdfError(gettext_noop("the file is empty"), file=label)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError(gettext_noop("not a PDF file (it does not start with %PDF-)"), file=label)
    # PDFium repairs a cut-off file silently (it rebuilds the cross-reference table from what
    # is left), which would import half a page as if it were whole; a file without its end
    # marker was cut off in transfer.
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise PdfError(gettext_noop("the PDF is truncated (its end is missing); upload the whole file again"),
                       file=label)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfError(_load_failure(error.err_code), file=label) from error
    _SOURCES[doc] = data
    try:
        _check_pages(doc, label, max_pages)
    except BaseException:
        doc.close()
        raise
    return doc


def iter_pages(doc: pdfium.PdfDocument) -> Iterator[tuple[int, pdfium.PdfPage]]:
    """(page index from 1, page) for each page in order; each page is closed when the next is asked for.

    Use a page only inside the loop body: after that its handle is closed. For a document from
    `open_pdf`, the pages come from a fresh copy of the document every `_REOPEN_EVERY` pages:
    PDFium keeps each page's fonts and their glyph caches in the document until it is closed
    (about 2 MB a page on the pdf-dev pages, 400 MB over 100 pages), and closing the page does
    not free them; reopening from the same bytes (about a millisecond) does.
    """
    data = _SOURCES.get(doc)
    source = doc
    try:
        for number in range(len(doc)):
            if data is not None and number and number % _REOPEN_EVERY == 0:
                if source is not doc:
                    source.close()
                source = pdfium.PdfDocument(data)
            page = source[number]
            try:
                yield number + 1, page
            finally:
                page.close()
    finally:
        if source is not doc:
            source.close()


def has_text_layer(page: pdfium.PdfPage) -> bool:
    """Whether the page draws any character (a scanned page draws only a picture)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, index):
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if code and not chr(code).isspace() and code not in (0xFFFE, 0xFFFF):
                return True
        return False
    finally:
        textpage.close()


def _check_pages(doc: pdfium.PdfDocument, label: str, max_pages: int) -> None:
    count = len(doc)
    if count == 0:
        raise PdfError(gettext_noop("the PDF has no pages"), file=label)
    if count > max_pages:
        raise PdfError(
            gettext_noop("%(count)d pages, over the limit of %(limit)d pages a file; split it into smaller files"),
            file=label, count=count, limit=max_pages,
        )
    # One page with text is enough: most newspaper PDFs show it on page 1, so this usually
    # opens one page. A file of scans opens every page once (cheap: no rendering).
    for _, page in iter_pages(doc):
        if has_text_layer(page):
            return
    raise PdfError(
        gettext_noop("no text layer (a scanned page?): the PDF's pages are only pictures, and text is not "
                     "recognised from pictures (no OCR); export the PDF with its text from the layout system"),
        file=label,
    )


def _load_failure(code: int | None) -> str:
    """PDFium's load error code in an editor's words (the English source string of the message)."""
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return gettext_noop("the PDF is encrypted with a password; save it without a password and upload it again")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return gettext_noop(
            "the PDF is protected by an encryption this reader does not support; save it without protection")
    if code == pdfium_c.FPDF_ERR_FORMAT:
        return gettext_noop("the PDF is damaged (its structure cannot be read)")
    return gettext_noop("the PDF cannot be read (damaged or not a PDF)")


def _megabytes(size: int) -> str:
    """A file size as a person reads it: KB under a megabyte, so that near sizes differ in print."""
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"
