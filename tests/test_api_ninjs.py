"""The ninjs export validates against IPTC's published ninjs 3.1 JSON Schema (tests/data/)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils.dateparse import parse_datetime
from jsonschema import Draft202012Validator, FormatChecker

from articles.models import Article
from articles.services import article_set_status
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))

# jsonschema ships no checkers for these two formats; ninjs uses both.
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def is_absolute_uri(value: object) -> bool:
    parts = urlsplit(str(value))
    return bool(parts.scheme and parts.netloc) and " " not in str(value)


@FORMATS.checks("date-time")
def is_rfc3339_date_time(value: object) -> bool:
    parsed = parse_datetime(str(value))
    return parsed is not None and parsed.tzinfo is not None and "T" in str(value)


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FORMATS)


def assert_valid_ninjs(document: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_validator_rejects_what_ninjs_forbids():
    # The schema in tests/data is strict: without this, a validation that passes proves nothing.
    assert list(VALIDATOR.iter_errors({"uri": "http://x.example/1", "printPage": 1}))
    assert list(VALIDATOR.iter_errors({"type": "text"}))
    assert list(VALIDATOR.iter_errors({"uri": "not a uri"}))


def test_every_seed_article_exports_as_valid_ninjs(api, seed):
    for article_id in seed.article_ids:
        response = api.get(f"/api/v1/articles/{article_id}/", {"format": "ninjs"})
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/ninjs+json")
        assert_valid_ninjs(response.json())


def test_ninjs_carries_people_organisations_places_and_print_position(api, db):
    article = build_archive(1)[0]
    item = api.get(f"/api/v1/articles/{article.pk}/", HTTP_ACCEPT="application/ninjs+json").json()
    assert_valid_ninjs(item)
    assert item["uri"] == f"http://testserver/api/v1/articles/{article.pk}/"
    assert item["headlines"] == [{"role": "main", "contentType": "text/plain", "value": "测试新闻第0号"}]
    assert {(p["name"], p["rel"]) for p in item["people"]} == {("测试记者", "reporter"), ("张测试", "mentioned")}
    assert item["by"] == "本报记者 测试记者"
    assert item["organisations"] == [
        {"name": "测试区党工委", "rel": "mentioned", "uri": item["organisations"][0]["uri"]}
    ]
    assert [p["name"] for p in item["places"]] == ["测试广场"]
    assert item["events"][0]["name"] == "测试活动"
    alt_ids = {alt["role"]: alt["value"] for alt in item["altIds"]}
    assert alt_ids["print-issue-date"] == "2023-01-01" and alt_ids["print-page-number"] == "1"
    assert alt_ids["print-order-on-page"] == "1" and alt_ids["print-page-name"] == "要闻"
    page = next(a for a in item["associations"] if a["name"] == "print-page")
    assert page["uri"] == "http://testserver/issues/2023-01-01/pages/1/"
    assert item["descriptions"] == [{"role": "caption", "contentType": "text/plain", "value": "图为测试现场。"}]
    assert item["located"] == "本报讯" and item["pubStatus"] == "usable" and item["language"] == "zh-Hans"


def test_a_draft_exports_as_withheld_for_staff(editor_api, seed):
    article = Article.objects.get(pk=seed.article_ids[2])
    article_set_status(articles=[article], status="draft")
    item = editor_api.get(f"/api/v1/articles/{article.pk}/", {"format": "ninjs"}).json()
    assert_valid_ninjs(item)
    assert item["pubStatus"] == "withheld" and "embargoedUntil" not in item  # its old publish time is past


def test_a_scheduled_article_exports_as_embargoed_until_its_publish_time(editor_api, seed):
    article = Article.objects.get(pk=seed.article_ids[2])
    article_set_status(articles=[article], status="published", publish_at=parse_datetime("2099-01-01T00:00:00Z"))
    item = editor_api.get(f"/api/v1/articles/{article.pk}/", {"format": "ninjs"}).json()
    assert_valid_ninjs(item)
    assert item["pubStatus"] == "usable" and item["embargoedUntil"] == "2099-01-01T08:00:00+08:00"


def test_an_undated_page_still_gives_valid_ninjs(api, db):
    article = build_archive(1)[0]
    article.page.issue = None
    article.page.number = None
    article.page.save()
    item = api.get(f"/api/v1/articles/{article.pk}/", {"format": "ninjs"}).json()
    assert_valid_ninjs(item)
    assert not any(alt["role"] == "print-issue-date" for alt in item["altIds"])


def test_ninjs_errors_stay_plain_json(api, db):
    response = api.get("/api/v1/articles/999999/", {"format": "ninjs"})
    assert response.status_code == 404 and response.json()["detail"]
