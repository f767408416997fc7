"""Importing PDF pages: each page of a PDF as a newspaper page, with its photos and its printed image.

`pdf_import()` reads a PDF one page at a time (`articles.parsing.parse_pdf`) and stores every page
in ONE transaction: a PDF that fails anywhere (damaged, encrypted, a scan with no text, a page
with no article) leaves nothing, neither rows nor files (the image services delete the files of a
rolled-back transaction). Each page is written as a text page is (`writer.PageWriter`: idempotent,
editors' changes kept); then its photos become the `Image`s of the articles they illustrate and
the page's rendering its `PageImage`, with every article's printed regions for the hot zones."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from articles.models import Article, Image, Page, PageImport
from articles.parsing import ParseError, parse_pdf
from articles.parsing.model import PdfPage, PictureKind
from articles.search import index_articles
from articles.services.images import image_delete, image_from_page, page_image_store
from articles.services.importing import PageImportError, PagePlan, check_parsed, checked_status
from articles.services.lexicon import archive_lexicon
from articles.services.representations import representations_rebuild
from articles.services.writer import ImportReport, PageWriter
from people.models import Credit, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_PDFIUM_LOCK = threading.Lock()

#: the first bytes of every PDF (a few producers put junk before them; readers allow 1 KB)
PDF_SIGNATURE = b"%PDF-"


def is_pdf(*, data: bytes, source_file: str) -> bool:
    """A PDF by its signature, or by its name (so that a damaged PDF is reported as one)."""
    return PDF_SIGNATURE in data[:1024] or PurePath(source_file).suffix.lower() == ".pdf"


def pdf_parse(*, data: bytes, source_file: str, date: datetime.date | None = None) -> list[PdfPage]:
    """Parse every page of a PDF without writing anything (the dry run)."""
    return list(_read_pages(data=data, source_file=source_file, date=date, render=False))


def pdf_plan(
    *, data: bytes, source_file: str, publication: str | None = None, date: datetime.date | None = None,
    page_number: int | None = None,
) -> list[tuple[PdfPage, PagePlan]]:
    """`pdf_import()` up to the writing: each page with what it would store, or the PageImportError
    the import would raise (the admin's preview)."""
    return [
        (pdf_page, _checked(pdf_page, index=index, source_file=source_file, publication=publication, date=date,
                            page_number=page_number))
        for index, pdf_page in enumerate(_read_pages(data=data, source_file=source_file, date=date, render=False))
    ]


def pdf_import(
    *,
    data: bytes,
    source_file: str,
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> list[ImportReport]:
    """Store every page of a PDF, all or nothing; see the module docstring.

    Pages take their number from their header; where none prints one, `page_number` numbers the
    first and the rest follow in order (a one-page PDF without either stays unnumbered).
    Raises PageImportError (nothing written) for a PDF that cannot be read or a page that cannot
    be stored."""
    status = checked_status(source_file, status or settings.NEWSROOM_IMPORT_STATUS)
    reports: list[ImportReport] = []
    with transaction.atomic():
        for index, pdf_page in enumerate(_read_pages(data=data, source_file=source_file, date=date, render=True)):
            plan = _checked(pdf_page, index=index, source_file=source_file, publication=publication, date=date,
                            page_number=page_number)
            report = PageWriter(parsed=plan.parsed, text=plan.text, source_file=plan.source_file,
                                target=plan.target, status=status, user=user).write()
            if report.outcome != PageImport.Outcome.UNCHANGED:
                _store_pictures(pdf_page, page_id=report.page_id)
                index_articles(report.article_ids)
                representations_rebuild(article_ids=report.article_ids)  # with their pictures
            reports.append(report)
    return reports


# ------------------------------------------------------------------------------------ internals


def max_upload_bytes(*, data: bytes, source_file: str) -> int:
    """The size limit of an uploaded page file: a PDF's (photos make it large) or a text's."""
    if is_pdf(data=data, source_file=source_file):
        return settings.NEWSROOM_MAX_PDF_BYTES
    return settings.NEWSROOM_MAX_PAGE_BYTES


def _read_pages(*, data: bytes, source_file: str, date: datetime.date | None, render: bool) -> Iterator[PdfPage]:
    """The PDF's pages; `render`: with the printed page's image, which only an import stores (a
    quarter of a page's reading time goes to rendering and encoding it: the dry run and the
    preview skip it)."""
    name = PurePath(source_file).name
    # PDFium is not thread-safe: one document at a time per process (gunicorn's threads, runserver)
    with _PDFIUM_LOCK:
        try:
            yield from parse_pdf(data, file=name or None, date=date, lexicon=archive_lexicon(), render=render,
                                 max_bytes=settings.NEWSROOM_MAX_PDF_BYTES)
        except ParseError as error:  # its reason (a PdfError's, without the file it names), under the file
            raise PageImportError(name, error) from error


def _checked(pdf_page: PdfPage, *, index: int, source_file: str, publication: str | None,
             date: datetime.date | None, page_number: int | None) -> PagePlan:
    number = page_number + index if page_number is not None and pdf_page.parsed.page.number is None else None
    name = PurePath(source_file).name
    # each page of a many-page PDF is its own newspaper page: its file name says which
    label = f"{name}#{pdf_page.page_index}" if pdf_page.page_index > 1 else name
    return check_parsed(parsed=pdf_page.parsed, text=pdf_page.text, source_file=label, publication=publication,
                        date=date, page_number=number)


def _store_pictures(pdf_page: PdfPage, *, page_id: int) -> None:
    """The page's pictures and rendering as this parse gives them: photos on the articles they
    illustrate (credited to the photographer their caption names), adverts left out. A picture
    stored by an earlier import of the page is kept (the image service knows it again); one this
    parse no longer gives is deleted with its files."""
    page = Page.objects.get(pk=page_id)
    if pdf_page.rendering is not None:
        page_image_store(page=page, rendering=pdf_page.rendering)
    articles = {article.order - 1: article for article in Article.objects.filter(page=page)}
    kept: set[int] = set()
    for picture in pdf_page.pictures:
        if picture.kind != PictureKind.PHOTO:
            continue
        article = articles.get(picture.article) if picture.article is not None else None
        image = image_from_page(page=page, picture=picture, article=article, caption=picture.caption or "",
                                credit=_photographer(article, picture.caption))
        kept.add(image.pk)
    for stale in Image.objects.filter(page=page, source=Image.Source.PAGE).exclude(pk__in=kept):
        image_delete(image=stale)


def _photographer(article: Article | None, caption: str | None) -> Person | None:
    """The person the article's caption (or, failing it, its byline) credits as photographer."""
    if article is None:
        return None
    credits = (Credit.objects.filter(article=article, role=Credit.Role.PHOTOGRAPHER)
               .select_related("person").order_by("caption_id", "order"))
    if caption:
        by_caption = credits.filter(caption__text=caption).first()
        if by_caption is not None:
            return by_caption.person
    first = credits.first()
    return first.person if first is not None else None
