"""Import jobs in the suite's eager mode (no broker: the tasks run in the test's process): the job
and its items, zips of a day's pages, failures with their reasons, re-runs, the command."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, ImportJob, ImportJobItem, Page
from articles.services import PageImportError, jobs
from articles.services.jobs import JobFile, JobFileError

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_PDF = DATA / "sample_page.pdf"

pytestmark = pytest.mark.django_db


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_job_imports_every_file_and_keeps_each_pages_report(seed_text, editor):
    files = [JobFile(name="p1.txt", data=seed_text.encode()), JobFile(name="p3.pdf", data=SAMPLE_PDF.read_bytes())]
    job = jobs.job_submit(files=files, date=None, user=editor)
    assert job.status == ImportJob.Status.DONE and job.finished_at is not None
    assert (job.files_total, job.pages_total, job.pages_done, job.pages_failed) == (2, 2, 2, 0)
    assert job.created_by == editor
    items = list(job.items.all())
    assert [item.status for item in items] == ["done", "done"]
    assert [item.reports[0]["outcome"] for item in items] == ["created", "created"]
    assert Page.objects.count() == 2
    assert Article.objects.filter(page__source_file="p1.txt").count() == items[0].reports[0]["articles"]
    # the bytes waited in the storage until the item was done, and are gone now
    assert all(item.stored_name == "" for item in items)
    assert job.get_absolute_url() == f"/admin/articles/importjob/{job.pk}/change/"


def test_a_file_that_cannot_be_imported_fails_alone_with_its_reason_and_keeps_its_bytes(seed_text):
    files = [JobFile(name="good.txt", data=seed_text.encode()),
             JobFile(name="noise.txt", data="一些没有标题的文字。\n".encode() * 3)]
    job = jobs.job_submit(files=files)
    assert job.status == ImportJob.Status.FAILED
    assert (job.pages_done, job.pages_failed) == (1, 1)
    good, bad = job.items.all()
    assert good.status == "done" and bad.status == "failed"
    assert "no recognizable article" in bad.error
    assert Page.objects.count() == 1
    assert bad.stored_name and default_storage.exists(bad.stored_name)


def test_failed_items_run_again_and_a_done_item_is_never_imported_twice(seed_text, monkeypatch):
    def unavailable(**kwargs):
        raise PageImportError("p1.txt", "the lexicon was being rebuilt")

    monkeypatch.setattr(jobs, "document_import_file", unavailable)
    job = jobs.job_submit(files=[JobFile(name="p1.txt", data=seed_text.encode())])
    item = job.items.get()
    assert (job.status, item.status, item.error) == ("failed", "failed", "the lexicon was being rebuilt")
    monkeypatch.undo()
    assert jobs.job_rerun_failed(job=job) == 1
    item.refresh_from_db()
    job.refresh_from_db()
    assert (item.status, item.attempts, item.reports[0]["outcome"]) == ("done", 2, "created")
    assert job.status == ImportJob.Status.DONE and (job.pages_done, job.pages_failed) == (1, 0)
    # a task delivered again after its item is done does nothing
    again = jobs.job_item_run(item_id=item.pk)
    assert again is not None and again.attempts == 2
    assert jobs.job_rerun_failed(job=job) == 0
    assert Page.objects.count() == 1


def test_an_item_whose_worker_died_mid_page_is_imported_by_the_next_delivery(seed_text):
    job = jobs.job_create(files=[JobFile(name="p1.txt", data=seed_text.encode())])
    item = job.items.get()
    # what a killed worker leaves: the item claimed (running), its import's transaction never committed
    ImportJobItem.objects.filter(pk=item.pk).update(status="running", attempts=1)
    jobs.job_item_run(item_id=item.pk, worker="second@host")
    item.refresh_from_db()
    assert (item.status, item.attempts, item.worker) == ("done", 2, "second@host")
    assert item.reports[0]["outcome"] == "created"


def test_a_zip_of_a_days_pages_is_unpacked_safely():
    page = "人民日报\n第1版\n标题\n正文。\n".encode()
    data = _zip({"day/01.txt": page, "../../etc/02.TXT": page, "__MACOSX/day/._01.txt": b"junk", "README.md": b"x",
                 "day/.hidden.txt": page, "C:\\pages\\03.pdf": SAMPLE_PDF.read_bytes()})
    files = jobs.job_files(uploads=[JobFile(name="day.zip", data=data)])
    # names only, never the zip's paths, in the order of those names; other files left out
    assert [file.name for file in files] == ["01.txt", "02.TXT", "03.pdf"]


@pytest.mark.parametrize(("entries", "message"), [
    ({"a.md": b"x"}, r"no \*\.txt or \*\.pdf"),
    ({"big.txt": b"x" * (1024 * 1024 + 1)}, "larger than"),
])
def test_a_zip_that_cannot_be_a_job_is_refused_and_nothing_is_stored(entries, message, settings):
    with pytest.raises(JobFileError, match=message):
        jobs.job_create(files=[JobFile(name="day.zip", data=_zip(entries))])
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_read_no_further_than_the_limit(settings):
    settings.NEWSROOM_MAX_PAGE_BYTES = 1000
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("page.txt", b"0" * 50_000_000)  # 50 MB in some 50 KB
    with pytest.raises(JobFileError, match="larger than 1000 bytes"):
        jobs.job_files(uploads=[JobFile(name="bomb.zip", data=bomb.getvalue())])


@pytest.mark.parametrize(("files", "message"), [
    ([JobFile(name="empty.txt", data=b"")], "empty"),
    ([JobFile(name="broken.zip", data=b"PK\x03\x04 not really")], "not a readable zip"),
    ([], "no page file"),
])
def test_bad_files_are_refused_with_a_reason(files, message):
    with pytest.raises(JobFileError, match=message):
        jobs.job_create(files=files)
    assert not ImportJob.objects.exists()
    assert not default_storage.exists(jobs.JOBS_DIR) or not default_storage.listdir(jobs.JOBS_DIR)[0]


def test_a_database_error_is_retried_then_fails_the_item(seed_text, monkeypatch):
    from django.db import OperationalError

    from articles import tasks

    job = jobs.job_create(files=[JobFile(name="p1.txt", data=seed_text.encode())])
    item = job.items.get()
    calls = []

    def broken(**kwargs):
        calls.append(kwargs)
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(jobs, "document_import_file", broken)
    monkeypatch.setattr(tasks.import_job_item, "default_retry_delay", 0)
    tasks.import_job_item.apply(args=[item.pk])
    item.refresh_from_db()
    job.refresh_from_db()
    assert len(calls) == tasks.MAX_RETRIES + 1
    assert item.status == "failed" and "the database kept failing" in item.error
    assert job.status == ImportJob.Status.FAILED and not Page.objects.exists()


def test_the_command_queues_a_job_and_shows_its_progress(seed_text, tmp_path, capsys):
    (tmp_path / "p1.txt").write_text(seed_text, encoding="utf-8")
    call_command("import_page", str(tmp_path / "p1.txt"), "--queue", "--date", "2024-03-06")
    job = ImportJob.objects.get()
    assert capsys.readouterr().out.strip().splitlines()[0] == f"job {job.pk}"
    assert job.date.isoformat() == "2024-03-06" and job.status == ImportJob.Status.DONE
    call_command("import_job", str(job.pk))
    out = capsys.readouterr().out
    assert f"job {job.pk}: done, 1 of 1 page(s) done, 0 failed" in out
    assert "p1.txt: done (created" in out
    with pytest.raises(CommandError, match="no import job 999999"):
        call_command("import_job", "999999")
    with pytest.raises(CommandError, match="--queue"):
        call_command("import_page", str(tmp_path / "p1.txt"), "--queue", "--dry-run")


def test_files_the_broker_refuses_fail_with_the_reason_and_run_again_later(seed_text, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from articles import tasks

    job = jobs.job_create(files=[JobFile(name="p1.txt", data=seed_text.encode())])

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setitem(tasks.import_job_item.app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.import_job_item, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):  # queued once the rows are committed
        jobs.job_enqueue(job=job)
    job.refresh_from_db()
    item = job.items.get()
    assert (job.status, item.status) == ("failed", "failed")
    assert "could not be queued (Error 111" in item.error and item.stored_name
    monkeypatch.undo()
    assert jobs.job_rerun_failed(job=job) == 1
    job.refresh_from_db()
    assert job.status == "done" and Page.objects.count() == 1
