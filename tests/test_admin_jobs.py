"""Import jobs in the admin: many files or a zip uploaded as one job, its page with the progress its
script polls, the JSON it reads, re-running the failed files; editors only. Eager mode: the job is
done by the time the upload answers."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import ImportJob, ImportJobItem, Page
from tests.admin_support import make_user

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/importjob/add/"
SAMPLE_PDF = Path(__file__).resolve().parent / "data" / "sample_page.pdf"
NOISE = "没有标题的一段话。\n".encode() * 3


def _form(files, **fields):
    return {"files": files, "date": "", "publication": "", "page_number": "", "status": "published", **fields}


def test_many_files_become_one_job_and_its_page_shows_every_report(editor_client, seed_text, editor):
    response = editor_client.post(ADD, _form([SimpleUploadedFile("01.txt", seed_text.encode()),
                                              SimpleUploadedFile("03.pdf", SAMPLE_PDF.read_bytes()),
                                              SimpleUploadedFile("02.txt", NOISE)]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.created_by, job.status, job.pages_done, job.pages_failed) == (editor, "failed", 2, 1)

    page = editor_client.get(job.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    # the failed file's reason in the admin's language (stored in English and to translate)
    assert "01.txt" in html and "03.pdf" in html and "版面上没有可识别的稿件" in html
    assert "no recognizable article" not in html
    failed = job.items.get(file_name="02.txt")
    assert failed.error.startswith("no recognizable article on the page")  # English for logs and the command
    assert failed.error_message["msgid"].startswith("no recognizable article on the page")
    assert f'data-progress-url="{reverse("admin:articles_importjob_progress", args=[job.pk])}"' in html
    assert "newsroom_admin/jobs.js" in html
    # every script is a file (the Content-Security-Policy allows no inline script)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "script-src 'self'" in page["Content-Security-Policy"]
    # the re-run button shows: the job is finished, with a failure
    assert re.search(r'<form method="post" action="[^"]+/rerun/" id="job-rerun">', html)


def test_the_progress_json_is_what_the_script_reads(editor_client, seed_text):
    editor_client.post(ADD, _form([SimpleUploadedFile("01.txt", seed_text.encode())]))
    job = ImportJob.objects.get()
    response = editor_client.get(reverse("admin:articles_importjob_progress", args=[job.pk]))
    body = response.json()
    assert "no-store" in response["Cache-Control"]
    assert (body["finished"], body["pages_done"], body["pages_total"], body["status"]) == (True, 1, 1, "done")
    assert body["items"][0]["reports"][0]["outcome"] == "created"
    assert body["items"][0]["reports"][0]["outcome_display"] == "新建"
    assert editor_client.get(reverse("admin:articles_importjob_progress", args=[999999])).status_code == 404


def test_a_zip_of_a_days_pages_is_unpacked_into_the_job(editor_client, seed_text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2024-03-06/01.txt", seed_text)
        archive.writestr("2024-03-06/notes.docx", b"not a page")
    editor_client.post(ADD, _form([SimpleUploadedFile("day.zip", buffer.getvalue())], date="2024-03-06"))
    job = ImportJob.objects.get()
    assert [item.file_name for item in job.items.all()] == ["01.txt"]
    assert Page.objects.get().issue.date.isoformat() == "2024-03-06"


def test_refused_files_are_said_on_the_form_and_nothing_is_queued(editor_client):
    response = editor_client.post(ADD, _form([SimpleUploadedFile("day.zip", b"PK\x03\x04 broken")]))
    assert response.status_code == 400
    assert "day.zip：不是可读取的 zip 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_failed_files_run_again_from_the_jobs_page(editor_client, seed_text, monkeypatch):
    editor_client.post(ADD, _form([SimpleUploadedFile("01.txt", seed_text.encode())]))
    job = ImportJob.objects.get()
    item = job.items.get()
    # a file that failed keeps its bytes for the re-run (here: as if its import had failed)
    name = default_storage.save("import-jobs/test/0001.txt", io.BytesIO(seed_text.encode()))
    ImportJobItem.objects.filter(pk=item.pk).update(status="failed", error="worker lost", stored_name=name)
    ImportJob.objects.filter(pk=job.pk).update(status="failed", pages_done=0, pages_failed=1)
    assert editor_client.get(reverse("admin:articles_importjob_rerun", args=[job.pk])).status_code == 405
    response = editor_client.post(reverse("admin:articles_importjob_rerun", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    item.refresh_from_db()
    assert (job.status, job.pages_done, item.status, item.reports[0]["outcome"]) == ("done", 1, "done", "unchanged")
    assert not default_storage.exists(name)


def test_deleting_a_job_deletes_its_waiting_files(editor_client):
    editor_client.post(ADD, _form([SimpleUploadedFile("02.txt", NOISE)]))
    job = ImportJob.objects.get()
    name = job.items.get().stored_name
    assert default_storage.exists(name)
    response = editor_client.post(reverse("admin:articles_importjob_delete", args=[job.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ImportJob.objects.exists() and not default_storage.exists(name)


def test_jobs_are_for_editors(client, seed_text):
    client.force_login(make_user("someone-staff"))
    assert client.get(ADD).status_code == 403
    assert client.get("/admin/articles/importjob/").status_code == 403


def test_the_list_shows_the_jobs_progress(editor_client, seed_text):
    editor_client.post(ADD, _form([SimpleUploadedFile("01.txt", seed_text.encode())]))
    html = editor_client.get("/admin/articles/importjob/").content.decode()
    assert "1 / 1" in html
    job = ImportJob.objects.get()
    assert f"导入任务 {job.pk}（完成，1/1）" in html and "import job" not in html


def test_a_failed_files_reason_reads_in_the_admins_language_and_older_ones_as_stored(editor_client):
    """The page, its JSON and the words its script puts around the figures are in the admin's
    language; a failure stored before reasons were kept to translate shows its English text."""
    editor_client.post(ADD, _form([SimpleUploadedFile("02.txt", NOISE), SimpleUploadedFile("03.txt", NOISE)]))
    job = ImportJob.objects.get()
    ImportJobItem.objects.filter(job=job, file_name="03.txt").update(error="worker lost", error_message={})
    html = editor_client.get(job.get_absolute_url()).content.decode()
    assert "02.txt" in html and "版面上没有可识别的稿件（没有标题，也没有图片新闻），未保存任何内容" in html
    assert '<span class="nr-error">worker lost</span>' in html
    assert 'data-label-articles="篇稿件"' in html
    assert 'data-label-tries="次尝试"' in html
    body = editor_client.get(reverse("admin:articles_importjob_progress", args=[job.pk])).json()
    assert [item["error"] for item in body["items"]] == [
        "版面上没有可识别的稿件（没有标题，也没有图片新闻），未保存任何内容", "worker lost"]
    english = editor_client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no recognizable article on the page" in english
    # the files' list (out of the index, to find one by name or reason) and a file's page too
    files = editor_client.get("/admin/articles/importjobitem/").content.decode()
    assert "版面上没有可识别的稿件" in files and "worker lost" in files
    failed = job.items.get(file_name="02.txt")
    one = editor_client.get(f"/admin/articles/importjobitem/{failed.pk}/change/").content.decode()
    assert "版面上没有可识别的稿件" in one and "no recognizable article" not in one and "msgid" not in one


def test_a_pages_warnings_in_a_job_read_in_the_admins_language(editor_client, seed_text):
    """A job item's reports keep their warnings in English and to translate; the progress JSON
    shows them in the admin's language."""
    editor_client.post(ADD, _form([SimpleUploadedFile("01.txt", seed_text.encode())]))
    item = ImportJobItem.objects.get()
    report = item.reports[0]
    assert len(report["warning_messages"]) == len(report["warnings"])
    ImportJobItem.objects.filter(pk=item.pk).update(reports=[{
        **report, "warnings": ["no articles found on the page", "an older warning"],
        "warning_messages": [{"msgid": "no articles found on the page", "params": {}}]}])
    body = editor_client.get(reverse("admin:articles_importjob_progress", args=[item.job_id])).json()
    # the messages are not as many as the texts (a row written by hand): the texts as they are
    assert body["items"][0]["reports"][0]["warnings"] == ["no articles found on the page", "an older warning"]
    ImportJobItem.objects.filter(pk=item.pk).update(reports=[{
        **report, "warnings": ["no articles found on the page"],
        "warning_messages": [{"msgid": "no articles found on the page", "params": {}}]}])
    body = editor_client.get(reverse("admin:articles_importjob_progress", args=[item.job_id])).json()
    assert body["items"][0]["reports"][0]["warnings"] == ["版面上没有找到稿件"]
