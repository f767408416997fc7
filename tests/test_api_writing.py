"""Writing through the API (imports, status changes): editors only, through the services; throttling."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from articles.models import Article, Page, PageImport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

IMPORTS = "/api/v1/imports/"


# -------------------------------------------------------------------------------- imports


def test_editor_imports_page_text_and_gets_the_report(editor_api, seed_text):
    response = editor_api.post(
        IMPORTS, {"text": seed_text, "date": "2024-03-06", "publication": "示范区报", "page_number": 2,
                  "source_file": "seed.txt"}, format="multipart",
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["outcome"] == "created" and report["articles"] == len(report["article_ids"]) > 0
    page = Page.objects.get(pk=report["page_id"])
    assert page.publication.name == "示范区报" and page.issue.date.isoformat() == "2024-03-06" and page.number == 2
    assert PageImport.objects.get(page=page).imported_by.username == "editor"


def test_reimporting_the_same_page_is_200_unchanged(editor_api, seed_text):
    first = editor_api.post(IMPORTS, {"text": seed_text, "date": "2024-03-06"}, format="json")
    again = editor_api.post(IMPORTS, {"text": seed_text, "date": "2024-03-06"}, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["outcome"] == "unchanged" and again.json()["page_id"] == first.json()["page_id"]


def test_editor_imports_an_uploaded_file_in_gb18030(editor_api, seed_text):
    upload = SimpleUploadedFile("page.txt", seed_text.encode("gb18030"), content_type="text/plain")
    response = editor_api.post(IMPORTS, {"file": upload, "date": "2024-03-07"}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["source_file"] == "page.txt"


def test_editor_imports_a_pdf_and_gets_a_report_per_page(editor_api):
    pdf = (Path(__file__).parent / "data" / "sample_page.pdf").read_bytes()
    upload = SimpleUploadedFile("sample_page.pdf", pdf, content_type="application/pdf")
    response = editor_api.post(IMPORTS, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["source_file"] == "sample_page.pdf" and [page["outcome"] for page in report["pages"]] == ["created"]
    page = Page.objects.get(pk=report["page_id"])
    assert page.number == 3 and page.printed.width > 0 and page.images.count() == 1


def test_a_bad_pdf_is_a_400_naming_the_file(editor_api):
    bad = (Path(__file__).parent / "data" / "bad" / "scan_no_text.pdf").read_bytes()
    upload = SimpleUploadedFile("scan.pdf", bad, content_type="application/pdf")
    response = editor_api.post(IMPORTS, {"file": upload}, format="multipart")
    assert response.status_code == 400
    [message] = response.json()["errors"]["file"]
    assert "scan.pdf" in message and "OCR" in message
    assert not Page.objects.exists()


@pytest.mark.parametrize("payload", [
    {"text": "这不是一个版面。"},  # parses to no article
    {"file": b"\xff\xfe\x00\xd8broken"},  # undecodable bytes
    {"file": b""},  # empty file
    {},  # neither text nor file
    {"text": "x", "file": b"x"},  # both
    {"text": "x", "date": "not-a-date"},
    {"text": "x", "page_number": "0"},
    {"text": "x", "status": "archived"},
])
def test_a_page_that_cannot_be_imported_is_a_400_and_changes_nothing(editor_api, payload):
    data = {k: SimpleUploadedFile("bad.txt", v) if k == "file" else v for k, v in payload.items()}
    before = (Page.objects.count(), Article.objects.count())
    response = editor_api.post(IMPORTS, data, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert (Page.objects.count(), Article.objects.count()) == before


def test_an_oversized_upload_is_refused(editor_api, settings):
    settings.NEWSROOM_MAX_PAGE_BYTES = 100
    upload = SimpleUploadedFile("big.txt", "字".encode() * 100)
    response = editor_api.post(IMPORTS, {"file": upload}, format="multipart")
    assert response.status_code == 400 and "larger" in response.json()["detail"]


def test_a_text_import_that_fails_names_the_text_field(editor_api):
    response = editor_api.post(IMPORTS, {"text": "今天天气很好。", "date": "2024-03-07"}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["text"]
    assert "版面上没有可识别的稿件" in response.json()["detail"]  # no Accept-Language: the site's language
    response = editor_api.post(IMPORTS, {"text": "今天天气很好。", "date": "2024-03-07"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["text"]
    assert "no recognizable article" in response.json()["detail"]


def test_page_text_in_a_json_body_is_checked_against_the_page_limit_first(editor_api, settings):
    settings.NEWSROOM_MAX_PAGE_BYTES = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    over_the_page_limit = editor_api.post(IMPORTS, {"text": "字" * 1000}, format="json")  # 3,000 bytes
    assert over_the_page_limit.status_code == 400 and "larger than 1000 bytes" in over_the_page_limit.json()["detail"]
    over_the_body_limit = editor_api.post(IMPORTS, {"text": "字" * 2000}, format="json")
    assert over_the_body_limit.status_code == 413 and "5000 字节" in over_the_body_limit.json()["detail"]
    assert Page.objects.count() == 0


def test_the_body_limit_holds_the_largest_page_written_as_escaped_json():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 2 * settings.NEWSROOM_MAX_PAGE_BYTES


def test_publications_whose_names_slugify_alike_get_slugs_of_their_own(editor_api, seed_text):
    for name, date in (("!!!", "2024-03-06"), ("???", "2024-03-07")):
        response = editor_api.post(IMPORTS, {"text": seed_text, "date": date, "publication": name}, format="json")
        assert response.status_code == 201, response.content
    assert sorted(Page.objects.values_list("publication__slug", flat=True)) == ["paper", "paper-2"]


def test_imports_need_an_editor(api, reader_api, seed_text):
    anonymous = api.post(IMPORTS, {"text": seed_text}, format="json")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Token"
    assert reader_api.post(IMPORTS, {"text": seed_text}, format="json").status_code == 403
    bad_token = api.post(IMPORTS, {"text": seed_text}, format="json", HTTP_AUTHORIZATION="Token nonsense")
    assert bad_token.status_code == 401
    assert Page.objects.count() == 0


# --------------------------------------------------------------------------------- status


def test_editor_unpublishes_and_republishes_an_article(editor_api, api, seed):
    article_id = seed.article_ids[0]
    url = f"/api/v1/articles/{article_id}/status/"
    response = editor_api.post(url, {"status": "draft"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert Article.objects.get(pk=article_id).status == "draft"
    assert api.get(f"/api/v1/articles/{article_id}/").status_code == 404
    response = editor_api.post(url, {"status": "published", "publish_at": "2024-03-06T08:00:00+08:00"}, format="json")
    assert response.json()["status"] == "published"
    assert Article.objects.get(pk=article_id).published_at.isoformat() == "2024-03-06T00:00:00+00:00"
    assert api.get(f"/api/v1/articles/{article_id}/").status_code == 200


@pytest.mark.parametrize("payload", [
    {"status": "gone"}, {}, {"status": "published", "publish_at": "soon"},
    {"status": "published", "publish_at": "0001-01-01T00:00:00"},  # before year 1 in UTC
    {"status": "draft", "publish_at": "2030-01-01T00:00:00Z"},  # a publish time only goes with publishing
])
def test_a_bad_status_change_is_a_400(editor_api, seed, payload):
    response = editor_api.post(f"/api/v1/articles/{seed.article_ids[0]}/status/", payload, format="json")
    assert response.status_code == 400 and response.json()["errors"]
    assert Article.objects.get(pk=seed.article_ids[0]).status == "published"


def test_a_publish_time_reschedules_a_published_article(editor_api, api, seed):
    article_id = seed.article_ids[0]
    # Within the year ahead that publish times may take (the rule of issue dates).
    ahead = (timezone.now() + datetime.timedelta(days=30)).replace(hour=0, minute=0, second=0, microsecond=0)
    response = editor_api.post(f"/api/v1/articles/{article_id}/status/",
                               {"status": "published", "publish_at": ahead.isoformat()}, format="json")
    shanghai = ahead.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    assert response.status_code == 200 and response.json()["published_at"] == shanghai.isoformat()
    assert Article.objects.get(pk=article_id).published_at == ahead
    assert api.get(f"/api/v1/articles/{article_id}/").status_code == 404  # scheduled: not yet public


def test_status_changes_need_an_editor(api, reader_api, seed):
    url = f"/api/v1/articles/{seed.article_ids[0]}/status/"
    assert api.post(url, {"status": "draft"}, format="json").status_code == 401
    assert reader_api.post(url, {"status": "draft"}, format="json").status_code == 403
    assert Article.objects.get(pk=seed.article_ids[0]).status == "published"


def test_articles_cannot_be_written_directly(editor_api, seed):
    url = f"/api/v1/articles/{seed.article_ids[0]}/"
    assert editor_api.put(url, {"headline": "x"}, format="json").status_code == 405
    assert editor_api.delete(url).status_code == 405


# ------------------------------------------------------------------------------ throttling


def test_anonymous_clients_are_throttled_with_retry_after(api, seed, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    statuses = [api.get("/api/v1/articles/", {"fields": "id"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = api.get("/api/v1/articles/")
    assert throttled.status_code == 429 and 0 < int(throttled.headers["Retry-After"]) <= 60
    # The message is in the site's language; it names the wait.
    assert throttled.headers["Retry-After"] in throttled.json()["detail"]


def test_authenticated_clients_have_their_own_budget(reader_api, api, seed, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "1/minute")
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    assert api.get("/api/v1/people/").status_code == 200
    assert api.get("/api/v1/people/").status_code == 429
    statuses = [reader_api.get("/api/v1/people/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_anonymous_requests_count_against_the_anonymous_rate_only(api, seed, monkeypatch):
    # Counting them against the "user" rate too cost a second cache read and write per request.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "1/minute")
    statuses = [api.get("/api/v1/people/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_requests_are_counted_per_window_of_the_rate_and_told_when_it_ends(api, seed, monkeypatch):
    from articles.api.throttling import AnonymousRateThrottle

    clock = [600.5]  # half a second into a minute
    monkeypatch.setattr(AnonymousRateThrottle, "timer", staticmethod(lambda: clock[0]))
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    assert [api.get("/api/v1/people/").status_code for _ in range(3)] == [200, 200, 429]
    clock[0] = 659.2
    refused = api.get("/api/v1/people/")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"  # 0.8 s left, rounded up
    clock[0] = 660.0  # the next minute: a fresh budget
    assert [api.get("/api/v1/people/").status_code for _ in range(3)] == [200, 200, 429]


def test_an_article_read_from_a_pdf_gives_its_printed_regions(editor_api):
    pdf = (Path(__file__).parent / "data" / "sample_page.pdf").read_bytes()
    upload = SimpleUploadedFile("sample_page.pdf", pdf, content_type="application/pdf")
    report = editor_api.post(IMPORTS, {"file": upload}, format="multipart").json()
    article = editor_api.get(f"/api/v1/articles/{report['article_ids'][0]}/").json()
    [region, *_] = article["regions"]
    assert region["page_index"] == 1 and len(region["bbox"]) == 4
    only = editor_api.get(f"/api/v1/articles/{report['article_ids'][0]}/?fields=regions").json()
    assert set(only) == {"regions"}
