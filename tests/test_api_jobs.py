"""Imports as background jobs through the API: `async` answers 202 with the job's URL, which gives
its progress and reports (the suite runs the jobs eagerly, so they are done when answered)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import ImportJob, Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

IMPORTS = "/api/v1/imports/"
SAMPLE_PDF = Path(__file__).resolve().parent / "data" / "sample_page.pdf"


def test_an_async_import_answers_202_with_the_jobs_url(editor_api, seed_text):
    response = editor_api.post(IMPORTS, {"text": seed_text, "source_file": "p1.txt", "date": "2024-03-06",
                                         "async": True}, format="json")
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get()
    body = response.json()
    assert body["url"] == f"http://testserver/api/v1/imports/jobs/{job.pk}/" == response["Location"]
    assert (body["status"], body["finished"], body["pages_done"], body["pages_total"]) == ("done", True, 1, 1)
    [item] = body["items"]
    assert (item["file_name"], item["status"], item["reports"][0]["outcome"]) == ("p1.txt", "done", "created")
    page = Page.objects.get()
    assert item["reports"][0]["page_id"] == page.pk and page.issue.date.isoformat() == "2024-03-06"
    assert job.created_by.username == "editor"

    progress = editor_api.get(body["url"])
    assert progress.status_code == 200 and "no-store" in progress["Cache-Control"]
    assert progress.json() == body


def test_a_zip_of_a_days_pages_is_one_job(editor_api, seed_text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("day/01.txt", seed_text)
        archive.writestr("day/03.pdf", SAMPLE_PDF.read_bytes())
    upload = SimpleUploadedFile("day.zip", buffer.getvalue(), content_type="application/zip")
    response = editor_api.post(IMPORTS, {"file": upload, "async": "true"}, format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert [item["file_name"] for item in body["items"]] == ["01.txt", "03.pdf"]
    assert (body["status"], body["pages_done"]) == ("done", 2)


def test_the_server_setting_decides_when_the_request_does_not(editor_api, seed_text, settings):
    settings.NEWSROOM_IMPORT_ASYNC = True
    form = {"file": SimpleUploadedFile("p1.txt", seed_text.encode())}
    assert editor_api.post(IMPORTS, form, format="multipart").status_code == 202
    # asked not to, it imports in the request as before
    response = editor_api.post(IMPORTS, {"text": seed_text, "async": False}, format="json")
    assert response.status_code == 200 and response.json()["outcome"] == "unchanged"
    settings.NEWSROOM_IMPORT_ASYNC = False
    assert editor_api.post(IMPORTS, {"text": seed_text}, format="json").status_code == 200


def test_a_page_that_fails_in_the_job_says_why(editor_api):
    """The reason in the client's language (Accept-Language; the site's, Chinese, without one);
    the job keeps it in English and to translate."""
    response = editor_api.post(IMPORTS, {"text": "没有标题的一段话。\n" * 3, "async": True}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["pages_failed"]) == ("failed", 1)
    assert body["items"][0]["error"] == "版面上没有可识别的稿件（没有标题，也没有图片新闻），未保存任何内容"
    english = editor_api.get(body["url"], HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["items"][0]["error"].startswith("no recognizable article on the page")
    chinese = editor_api.get(body["url"], HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert chinese["items"][0]["error"] == body["items"][0]["error"]
    assert not Page.objects.exists()


def test_a_job_failed_before_reasons_were_kept_to_translate_says_its_english(editor_api):
    response = editor_api.post(IMPORTS, {"text": "没有标题的一段话。\n" * 3, "async": True}, format="json")
    ImportJob.objects.get().items.update(error="worker lost", error_message={})
    for language in ("en", "zh-CN"):
        body = editor_api.get(response.json()["url"], HTTP_ACCEPT_LANGUAGE=language).json()
        assert body["items"][0]["error"] == "worker lost"


def test_a_jobs_page_warnings_in_the_clients_language(editor_api, seed_text):
    response = editor_api.post(IMPORTS, {"text": seed_text, "source_file": "p1.txt", "async": True}, format="json")
    item = ImportJob.objects.get().items.get()
    report = item.reports[0]
    # (the seed page has no warning: one as the parser gives it, stored in English and to translate)
    item.reports = [{**report, "warnings": ["lines 3-5: a story with no headline"], "warning_messages": [
        {"msgid": "lines %(first)d-%(last)d: a story with no headline", "params": {"first": 3, "last": 5}}]}]
    item.save()
    url = response.json()["url"]
    english = editor_api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["items"][0]["reports"][0]["warnings"] == ["lines 3-5: a story with no headline"]
    assert "warning_messages" not in english["items"][0]["reports"][0]
    chinese = editor_api.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert chinese["items"][0]["reports"][0]["warnings"] == ["第 3–5 行：一篇没有标题的稿件"]


@pytest.mark.parametrize(("name", "data", "english", "chinese"), [
    ("big.txt", b"x" * (1024 * 1024 + 1), "big.txt: larger than 1048576 bytes", "big.txt：超过 1048576 字节"),
    ("day.zip", b"PK\x03\x04 no zip", "day.zip: not a readable zip", "day.zip：不是可读取的 zip 文件"),
])
def test_files_no_job_could_take_are_a_400_and_nothing_is_queued(editor_api, name, data, english, chinese):
    """The reason in the client's language (Accept-Language; the site's, Chinese, without one), under
    the same parameter."""
    for language, message in (("en", english), ("zh-CN", chinese), (None, chinese)):
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        response = editor_api.post(IMPORTS, {"file": SimpleUploadedFile(name, data), "async": "true"},
                                   format="multipart", **headers)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["file"]
        assert message in str(response.json()["errors"]["file"]), language
    assert not ImportJob.objects.exists()


def test_jobs_are_for_editors_and_an_unknown_job_is_404(api, reader_api, editor_api, seed_text):
    editor_api.post(IMPORTS, {"text": seed_text, "async": True}, format="json")
    url = f"/api/v1/imports/jobs/{ImportJob.objects.get().pk}/"
    assert api.get(url).status_code == 401
    assert reader_api.get(url).status_code == 403
    assert api.post(IMPORTS, {"text": seed_text, "async": True}, format="json").status_code == 401
    assert editor_api.get("/api/v1/imports/jobs/999999/").status_code == 404


def test_the_schema_documents_the_job_and_the_202(editor_api):
    schema = editor_api.get("/api/v1/schema/?format=json").json()
    post = schema["paths"]["/api/v1/imports/"]["post"]
    assert "202" in post["responses"]
    assert "async" in schema["components"]["schemas"]["PageImport"]["properties"]
    assert "/api/v1/imports/jobs/{id}/" in schema["paths"]


def test_an_imports_warnings_in_the_clients_language_when_imported_at_once(editor_api, seed_text):
    text = "没有标题的一段话。\n" * 3 + "\n" + seed_text
    english = editor_api.post(IMPORTS, {"text": text, "async": False, "date": "2024-03-06", "page_number": 1},
                              format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 201, english.json()
    assert english.json()["warnings"] == ["lines 1-3: a story with no headline"]
    another_page = text.replace("河南", "湖北")  # the same text again would be refused as imported already
    again = editor_api.post(IMPORTS, {"text": another_page, "async": False, "date": "2024-03-07", "page_number": 1},
                            format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert again.json()["pages"][0]["warnings"] == ["第 1–3 行：一篇没有标题的稿件"]
