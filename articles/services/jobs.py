"""Import jobs: many page files imported in the background, by Celery workers on any machine.

`job_create()` checks the uploaded files (a zip of a day's pages is opened here, safely), keeps
their bytes in the default storage — the one every worker reaches: var/media on one machine, an
S3-compatible store across several — and records the job and one item per file. `job_enqueue()`
sends one task per item (articles.tasks) once the rows are committed; with no broker configured
the tasks run at once, in this process. A worker runs `job_item_run()`: the file's import and the
item's "done" commit together, so a worker killed mid-page leaves nothing of it and the broker
gives the task to another (acks late); a second run of a done item does nothing, and a page
imported twice is unchanged anyway (its text's hash). `job_rerun_failed()` queues the failed
items again; their bytes are kept until they are done.
"""

from __future__ import annotations

import datetime
import io
import logging
import secrets
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import ImportJob, ImportJobItem, PageImport
from articles.services.documents import document_import_file
from articles.services.importing import PageImportError, checked_status, issue_date_problem
from articles.services.pdf_import import _PDFIUM_LOCK, is_pdf, max_upload_bytes
from newsroom.i18n import Message, MessageError, gettext_noop

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

logger = logging.getLogger(__name__)

#: where the files of queued jobs wait for their workers, in the default storage
JOBS_DIR = "import-jobs"
#: files one job may hold: a day of a paper is 8 to 24 pages; a backfill is many jobs (or the command)
MAX_JOB_FILES = 500
#: what a zip may unpack to, in all: the largest PDF times a day's pages would be 2.4 GB; a zip of
#: more is split by the sender (and a zip bomb stops here, read with a cap, not by its header)
MAX_ZIP_BYTES = 1024 * 1024 * 1024
PAGE_SUFFIXES = (".txt", ".pdf")


class JobFileError(MessageError):
    """Files a job cannot be made of (too many, too large, empty, an unreadable zip); nothing was stored.
    `str()` English, `translated()` in the reader's language."""


@dataclass(frozen=True)
class JobFile:
    """One page file for a job: its name (the one the import records) and its bytes."""

    name: str
    data: bytes


def job_files(*, uploads: Sequence[JobFile]) -> list[JobFile]:
    """The page files of an upload: a zip stands for the *.txt and *.pdf files inside it; each file
    is checked against its kind's size limit. Raises JobFileError naming every refused file."""
    files: list[JobFile] = []
    for upload in uploads:
        if _is_zip(upload):
            files += job_files_from_zip(data=upload.data, name=upload.name)
        else:
            files.append(upload)
    problems = [problem for file in files if (problem := _file_problem(file))]
    if problems:
        raise JobFileError(Message.joined(problems))
    if not files:
        raise JobFileError(gettext_noop("no page file (*.txt or *.pdf) in the upload"))
    if len(files) > MAX_JOB_FILES:
        raise JobFileError(gettext_noop("%(count)d files: a job takes at most %(limit)d; split the upload"),
                           count=len(files), limit=MAX_JOB_FILES)
    return files


def job_files_from_zip(*, data: bytes, name: str = "upload.zip") -> list[JobFile]:
    """The *.txt and *.pdf files of a zip, by their own names (the folders inside are dropped: no
    name from the zip ever becomes a path here, so "../" leads nowhere), in the order of those
    names (a day's 01.pdf, 02.pdf...). Other files (a __MACOSX folder, a README) are left out.
    Each is read with a cap — its kind's limit, and MAX_ZIP_BYTES over all — whatever its header
    claims."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise JobFileError(gettext_noop("%(zip)s: not a readable zip file (%(error)s)"), zip=name,
                           error=str(error)) from error
    files: list[JobFile] = []
    total = 0
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > 4 * MAX_JOB_FILES:
            raise JobFileError(gettext_noop("%(zip)s: %(count)d entries; a job takes at most %(limit)d files"),
                               zip=name, count=len(members), limit=MAX_JOB_FILES)
        for info in sorted(members, key=lambda info: (_base_name(info.filename).lower(), info.filename)):
            base = _base_name(info.filename)
            if not base or base.startswith(".") or "__MACOSX" in info.filename:
                continue
            if not base.lower().endswith(PAGE_SUFFIXES):
                continue
            if info.flag_bits & 0x1:
                raise JobFileError(gettext_noop("%(zip)s: %(file)s is encrypted; zip the pages without a password"),
                                   zip=name, file=base)
            is_pdf_name = base.lower().endswith(".pdf")
            limit = settings.NEWSROOM_MAX_PDF_BYTES if is_pdf_name else settings.NEWSROOM_MAX_PAGE_BYTES
            try:
                with archive.open(info) as member:
                    content = member.read(limit + 1)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
                raise JobFileError(gettext_noop("%(zip)s: %(file)s cannot be unpacked (%(error)s)"), zip=name,
                                   file=base, error=str(error)) from error
            if len(content) > limit:
                raise JobFileError(gettext_noop("%(zip)s: %(file)s is larger than %(limit)d bytes"), zip=name,
                                   file=base, limit=limit)
            total += len(content)
            if total > MAX_ZIP_BYTES:
                raise JobFileError(gettext_noop("%(zip)s: unpacks to more than %(limit)d MB; split it"), zip=name,
                                   limit=MAX_ZIP_BYTES // 2**20)
            files.append(JobFile(name=base, data=content))
    if not files:
        raise JobFileError(gettext_noop("%(zip)s: no *.txt or *.pdf page file inside"), zip=name)
    return files


def job_create(
    *,
    files: Sequence[JobFile],
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> ImportJob:
    """A queued job of these files (see `job_files()` for an upload's), their bytes stored; nothing is
    imported yet (`job_enqueue()`). Raises JobFileError (nothing stored) for files or options no
    import could take."""
    files = job_files(uploads=files)
    problem = issue_date_problem(date)
    if problem:
        raise JobFileError(problem)
    try:
        article_status = checked_status("", status or settings.NEWSROOM_IMPORT_STATUS)
    except PageImportError as error:
        raise JobFileError(error.reason_message) from error
    if page_number is not None and len(files) > 1:
        raise JobFileError(gettext_noop("a page number applies to one file only"))
    folder = f"{JOBS_DIR}/{timezone.now():%Y%m%d}-{secrets.token_hex(8)}"
    stored: list[str] = []
    try:
        for position, file in enumerate(files, start=1):
            suffix = ".pdf" if is_pdf(data=file.data, source_file=file.name) else ".txt"
            stored.append(default_storage.save(f"{folder}/{position:04d}{suffix}", ContentFile(file.data)))
        with transaction.atomic():
            creator: Any = user if getattr(user, "is_authenticated", False) else None  # an account, or nobody
            job = ImportJob.objects.create(
                created_by=creator,
                publication=(publication or "").strip(), date=date, page_number=page_number,
                article_status=article_status, files_total=len(files),
            )
            ImportJobItem.objects.bulk_create([
                ImportJobItem(job=job, position=position, file_name=file.name[:255], stored_name=name,
                              size=len(file.data), pages=_page_count(file))
                for position, (file, name) in enumerate(zip(files, stored, strict=True), start=1)
            ])
            job.pages_total = sum(job.items.values_list("pages", flat=True))
            job.save(update_fields=["pages_total"])
    except BaseException:
        for name in stored:
            _delete_stored(name)
        raise
    return job


def job_enqueue(*, job: ImportJob, items: Sequence[int] | None = None) -> None:
    """One task per queued item of the job (or the given items), sent once the rows are committed;
    with no broker (Celery's eager mode) the items are imported now, here, one after the other."""
    from articles.tasks import import_job_item  # the tasks call these services: imported when used

    ids = list(items) if items is not None else list(
        job.items.filter(status=ImportJobItem.Status.QUEUED).values_list("pk", flat=True))

    def send() -> None:
        for index, pk in enumerate(ids):
            try:
                import_job_item.delay(pk)
            except Exception as error:  # the broker is unreachable (Celery has retried the publish already)
                if import_job_item.app.conf.task_always_eager:
                    raise  # an eager task's own error: not the queue's
                logger.exception("import job %s: the broker refused its tasks", job.pk)
                reason = Message(gettext_noop("could not be queued (%(error)s); run it again when the queue is back"),
                                 {"error": str(error)})
                for unsent in ids[index:]:
                    job_item_fail(item_id=unsent, reason=reason)
                return

    if import_job_item.app.conf.task_always_eager:
        send()
    else:  # a worker must find the rows: never queue inside an uncommitted transaction
        transaction.on_commit(send)


def job_submit(
    *,
    files: Sequence[JobFile],
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> ImportJob:
    """`job_create()` then `job_enqueue()`: the job as it is after queueing (finished, in eager mode)."""
    job = job_create(files=files, publication=publication, date=date, page_number=page_number, status=status,
                     user=user)
    job_enqueue(job=job)
    job.refresh_from_db()
    return job


def job_item_run(*, item_id: int, worker: str = "") -> ImportJobItem | None:
    """Import one item's file (a worker's task). Its pages and its "done" commit in one transaction;
    a file that cannot be imported marks the item failed with the reason (nothing of it stored).
    A done item is left as it is (a task delivered twice). Database errors a retry may cure (a
    deadlock, a lost connection) are raised for the task to retry. None: no such item (its job deleted)."""
    claimed = _claim(item_id, worker)
    if claimed is None:
        return None
    item: ImportJobItem | None = claimed
    if claimed.status == ImportJobItem.Status.RUNNING:
        try:
            data = _read_stored(claimed)
            with transaction.atomic():
                # Held to the commit: a second delivery of this item waits here, then finds it done.
                locked = ImportJobItem.objects.select_for_update().select_related("job").get(pk=claimed.pk)
                if locked.status != ImportJobItem.Status.DONE:
                    job = locked.job
                    reports = document_import_file(
                        data=data, source_file=locked.file_name, publication=job.publication or None,
                        date=job.date, page_number=job.page_number, status=job.article_status or None,
                        user=job.created_by,
                    )
                    locked.status = ImportJobItem.Status.DONE
                    locked.reports = [report.to_stored() for report in reports]
                    locked.pages = len(reports)
                    locked.error, locked.error_message = "", {}
                    locked.finished_at = timezone.now()
                    locked.save(update_fields=["status", "reports", "pages", "error", "error_message", "finished_at"])
            item = locked
        except PageImportError as error:
            item = _fail(claimed.pk, error.reason_message)
        except FileNotFoundError:
            item = _fail(claimed.pk, Message(gettext_noop(
                "the uploaded file is gone from the storage; upload it again")))
        except DatabaseError:
            raise  # the task decides: retry, or fail the item once retries are spent
        except Exception as error:  # this file's transaction rolled back whole; the job goes on
            logger.exception("import job item %s (%s) failed", claimed.pk, claimed.file_name)
            item = _fail(claimed.pk, Message(gettext_noop(
                "an internal error, nothing of this file was stored: %(error)s"), {"error": repr(error)}))
    if item is None:  # deleted with its job meanwhile
        return None
    job_refresh(job_id=item.job_id)
    if item.status == ImportJobItem.Status.DONE and item.stored_name:
        _delete_stored(item.stored_name)
        ImportJobItem.objects.filter(pk=item.pk).update(stored_name="")
    return item


def job_item_fail(*, item_id: int, reason: Message) -> ImportJobItem | None:
    """Mark an item failed (its task gave up: retries spent) and update its job; `reason` is stored
    in English and to translate."""
    item = _fail(item_id, reason)
    if item is not None:
        job_refresh(job_id=item.job_id)
    return item


def job_rerun_failed(*, job: ImportJob) -> int:
    """Queue the job's failed items again (their files are still stored); the number queued."""
    with transaction.atomic():
        ImportJob.objects.select_for_update().get(pk=job.pk)
        failed = list(job.items.filter(status=ImportJobItem.Status.FAILED).values_list("pk", flat=True))
        if not failed:
            return 0
        ImportJobItem.objects.filter(pk__in=failed).update(
            status=ImportJobItem.Status.QUEUED, error="", error_message={}, finished_at=None, worker="")
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, finished_at=None)
        _refresh_counts(job.pk)
    job_enqueue(job=job, items=failed)
    job.refresh_from_db()
    return len(failed)


def job_delete(*, job: ImportJob) -> None:
    """Delete a job and the files of its items not done yet (the pages it imported stay)."""
    names = [name for name in job.items.exclude(stored_name="").values_list("stored_name", flat=True)]
    job.delete()
    for name in names:
        _delete_stored(name)


def job_refresh(*, job_id: int) -> ImportJob:
    """The job's status and counts from its items. Each worker calls it after its item's commit,
    holding the job's row: the last one to finish sees every item finished."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        _refresh_counts(job_id)
        job.refresh_from_db()
        statuses = set(job.items.values_list("status", flat=True))
        open_ = {ImportJobItem.Status.QUEUED, ImportJobItem.Status.RUNNING}
        if statuses & open_:
            new = ImportJob.Status.RUNNING if statuses - {ImportJobItem.Status.QUEUED} else ImportJob.Status.QUEUED
            finished_at = None
        else:
            new = ImportJob.Status.FAILED if ImportJobItem.Status.FAILED in statuses else ImportJob.Status.DONE
            finished_at = job.finished_at or timezone.now()
        if (new, finished_at) != (job.status, job.finished_at):
            job.status, job.finished_at = new, finished_at
            job.save(update_fields=["status", "finished_at"])
    return job


def job_progress(*, job: ImportJob, items: Sequence[ImportJobItem]) -> dict:
    """The job as the admin's progress page shows it (JSON-ready), in the active language: the
    reasons of failures and the pages' warnings and outcomes too."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": str(job.get_status_display()),
        "finished": job.is_finished,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "files_total": job.files_total,
        "pages_total": job.pages_total,
        "pages_done": job.pages_done,
        "pages_failed": job.pages_failed,
        "items": [
            {"position": item.position, "file_name": item.file_name, "status": item.status,
             "status_display": str(item.get_status_display()), "pages": item.pages, "error": item.error_display,
             "attempts": item.attempts, "reports": [{**report, "outcome_display": _outcome_display(report)}
                                                    for report in item.reports_display]}
            for item in items
        ],
    }


# ------------------------------------------------------------------------------------ internals


def _outcome_display(report: dict[str, Any]) -> str:
    outcome = report.get("outcome", "")
    return str(PageImport.Outcome(outcome).label) if outcome in PageImport.Outcome.values else str(outcome)


def _claim(item_id: int, worker: str) -> ImportJobItem | None:
    """The item, marked running (committed now, so the progress page shows it), unless it is
    done or failed already: a task delivered again after its item finished does nothing."""
    with transaction.atomic():
        item = ImportJobItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            return None
        if item.status in (ImportJobItem.Status.QUEUED, ImportJobItem.Status.RUNNING):
            item.status = ImportJobItem.Status.RUNNING
            item.attempts = F("attempts") + 1
            item.worker = worker[:255]
            item.started_at = timezone.now()
            item.save(update_fields=["status", "attempts", "worker", "started_at"])
            item.refresh_from_db(fields=["attempts"])
            started = ImportJob.objects.filter(pk=item.job_id, status=ImportJob.Status.QUEUED)
            started.update(status=ImportJob.Status.RUNNING)
    return item


def _fail(item_id: int, reason: Message) -> ImportJobItem | None:
    with transaction.atomic():
        item = ImportJobItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.status == ImportJobItem.Status.DONE:
            return item
        item.status = ImportJobItem.Status.FAILED
        # English for the logs and the command, and the same to show in the reader's language
        item.error, item.error_message = str(reason), reason.to_json()
        item.finished_at = timezone.now()
        item.save(update_fields=["status", "error", "error_message", "finished_at"])
    return item


def _refresh_counts(job_id: int) -> None:
    done_pages = 0
    failed_pages = 0
    total = 0
    for status, pages, reports in ImportJobItem.objects.filter(job_id=job_id).values_list(
            "status", "pages", "reports"):
        total += pages
        if status == ImportJobItem.Status.DONE:
            done_pages += len(reports)
        elif status == ImportJobItem.Status.FAILED:
            failed_pages += max(pages, 1)
    ImportJob.objects.filter(pk=job_id).update(pages_total=total, pages_done=done_pages, pages_failed=failed_pages)


def _read_stored(item: ImportJobItem) -> bytes:
    if not item.stored_name:
        raise FileNotFoundError(item.file_name)
    with default_storage.open(item.stored_name, "rb") as stored:
        return stored.read()


def _delete_stored(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:  # left for an operator; the job's state does not depend on it
        logger.warning("could not delete the stored import file %s", name, exc_info=True)


def _base_name(name: str) -> str:
    """A file's own name from a zip's path, whichever separator the zipping system used."""
    return PureWindowsPath(PurePosixPath(name).name).name.strip()


def _is_zip(upload: JobFile) -> bool:
    return upload.name.lower().endswith(".zip") or upload.data[:4] == b"PK\x03\x04"


def _file_problem(file: JobFile) -> Message | None:
    if not file.data:
        return Message(gettext_noop("%(file)s: the file is empty"), {"file": file.name})
    limit = max_upload_bytes(data=file.data[:1024], source_file=file.name)
    if len(file.data) > limit:
        return Message(gettext_noop("%(file)s: larger than %(limit)d bytes"), {"file": file.name, "limit": limit})
    return None


def _page_count(file: JobFile) -> int:
    """Pages the file holds, for the progress bar: a PDF's count (0 where it cannot be read: its
    import will say why), 1 for a page's text."""
    if not is_pdf(data=file.data, source_file=file.name):
        return 1
    with _PDFIUM_LOCK:  # PDFium is not thread-safe (pdf_import)
        try:
            document = pdfium.PdfDocument(file.data)
        except pdfium.PdfiumError:
            return 0
        try:
            return len(document)
        finally:
            document.close()

