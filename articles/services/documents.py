"""Page files of either kind — a page's text or a PDF of one or more pages — and batches of them.

The command, the admin upload and the API import files through `document_import_file()`, which
sends a PDF to `pdf_import` and text to `importing`; `page_import_batch()` imports many files,
each in its own transaction, in worker processes on PostgreSQL."""

from __future__ import annotations

import datetime
import logging
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connections

from articles.parsing.tokenizer import get_tokenizer
from articles.services.importing import PageImportError, page_import_file, page_parse_file
from articles.services.pdf_import import is_pdf, pdf_import, pdf_parse
from articles.services.writer import ImportReport

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from articles.parsing.model import ParsedPage, PdfPage

logger = logging.getLogger(__name__)


def document_import_file(
    *,
    data: bytes,
    source_file: str,
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> list[ImportReport]:
    """Import a page file of either kind: one report for a page's text, one per page for a PDF."""
    options: dict[str, Any] = {
        "publication": publication, "date": date, "page_number": page_number, "status": status, "user": user,
    }
    if is_pdf(data=data, source_file=source_file):
        return pdf_import(data=data, source_file=source_file, **options)
    return [page_import_file(data=data, source_file=source_file, **options)]


def document_parse_file(
    *, data: bytes, source_file: str, date: datetime.date | None = None,
) -> list[ParsedPage | PdfPage]:
    """The dry run of `document_import_file()`: each page's parse, nothing written."""
    if is_pdf(data=data, source_file=source_file):
        return list(pdf_parse(data=data, source_file=source_file, date=date))
    return [page_parse_file(data=data, source_file=source_file, date=date)]


@dataclass(frozen=True)
class BatchOutcome:
    """What became of one file of a batch: its pages' reports, or the one-line reason it failed (nothing of it
    was stored)."""

    path: Path
    reports: tuple[ImportReport, ...] = ()  # one per page: a PDF may hold several
    error: str | None = None


def page_import_batch(
    *,
    paths: Sequence[Path],
    jobs: int = 1,
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
) -> Iterator[BatchOutcome]:
    """`document_import_file()` for each file, one transaction each, in `jobs` worker processes; yields
    each file's outcome as it is done (in the order of `paths` with one job, else as they finish).

    One broken file never stops the others. Workers are forked from this process after the
    tokenizer is loaded (they share its dictionary) and open their own database connections;
    on PostgreSQL they write at once (concurrent imports of one page leave one copy), SQLite
    serialises writers, so there the files are imported one after the other whatever `jobs` says."""
    options = {"publication": publication, "date": date, "page_number": page_number, "status": status}
    if jobs <= 1 or len(paths) <= 1 or connections["default"].vendor != "postgresql":
        for path in paths:
            yield _import_one(path, options)
        return
    get_tokenizer()  # the dictionary loads once, before the fork, for all workers
    connections.close_all()  # a connection must not be shared with the children
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_import_one, path, options) for path in paths]
        for future in as_completed(futures):
            yield future.result()


def _import_one(path: Path, options: dict[str, Any]) -> BatchOutcome:
    try:
        reports = document_import_file(data=path.read_bytes(), source_file=path.name, **options)
    except PageImportError as error:
        return BatchOutcome(path=path, error=str(error))
    except OSError as error:
        return BatchOutcome(path=path, error=f"{path.name}: cannot be read ({error.strerror or error})")
    except Exception as error:  # one broken page must not stop the batch
        logger.exception("import of %s failed", path)
        return BatchOutcome(path=path, error=f"{path.name}: internal error, nothing of it was stored: {error!r}")
    return BatchOutcome(path=path, reports=tuple(reports))


