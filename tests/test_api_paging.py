"""Cursor paging over a large archive (each article exactly once), and bounded query counts."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Page
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

ARTICLES = "/api/v1/articles/"


def walk(client, params: dict, link: str = "next") -> list[int]:
    """Follow the `link` links from the first page; the ids in the order served."""
    seen: list[int] = []
    response = client.get(ARTICLES, params)
    for _ in range(1000):
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["id"] for item in body["results"]]
        if not body[link]:
            return seen
        response = client.get(body[link])
    raise AssertionError("paging did not end")


@pytest.fixture
def thousand(db) -> list[Article]:
    articles = build_archive(1000, per_page=20, with_relations=False)
    # Undated pages too: NULL issue dates and page numbers must page like any other value.
    Page.objects.filter(pk__in=Page.objects.order_by("pk").values("pk")[:3]).update(issue=None, number=None)
    return articles


@pytest.mark.parametrize("ordering", ["-published_at", "published_at", "-issue_date", "issue_date", "-updated_at"])
def test_cursor_paging_over_1000_articles_returns_each_exactly_once(api, thousand, ordering):
    served = walk(api, {"ordering": ordering, "page_size": 100, "fields": "id"})
    assert len(served) == 1000 and set(served) == {a.pk for a in thousand}


def test_drafts_page_with_their_null_publish_times(editor_api, thousand):
    Article.objects.filter(pk__in=[a.pk for a in thousand[::7]]).update(status="draft", published_at=None)
    served = walk(editor_api, {"ordering": "-published_at", "page_size": 64, "fields": "id"})
    assert sorted(served) == sorted(a.pk for a in thousand)


def test_previous_links_walk_back_through_the_same_pages(api, thousand):
    pages = []
    response = api.get(ARTICLES, {"ordering": "-issue_date", "page_size": 30, "fields": "id"})
    for _ in range(5):
        body = response.json()
        pages.append([item["id"] for item in body["results"]])
        response = api.get(body["next"])
    last = response.json()
    back = [[item["id"] for item in last["results"]]]
    response = api.get(last["previous"])
    for _ in range(5):
        body = response.json()
        back.append([item["id"] for item in body["results"]])
        if not body["previous"]:
            break
        response = api.get(body["previous"])
    assert back[1:] == list(reversed(pages))
    assert response.json()["previous"] is None


def test_paging_stays_stable_when_new_articles_arrive(api, thousand):
    first = api.get(ARTICLES, {"ordering": "-issue_date", "page_size": 50, "fields": "id"}).json()
    build_archive(20, per_page=20, start=datetime.date(2030, 1, 1), with_relations=False)
    rest: list[int] = []
    response = api.get(first["next"])
    while True:
        body = response.json()
        rest += [item["id"] for item in body["results"]]
        if not body["next"]:
            break
        response = api.get(body["next"])
    served = [item["id"] for item in first["results"]] + rest
    # Whether newcomers show up depends on where they sort (NULL dates sort first on PostgreSQL,
    # last on SQLite); what must hold is that nothing comes twice and nothing is skipped.
    assert len(served) == len(set(served)) and set(served) >= {a.pk for a in thousand}


def test_a_cursor_from_another_ordering_is_refused(api, thousand):
    next_link = api.get(ARTICLES, {"ordering": "-issue_date", "fields": "id"}).json()["next"]
    cursor = next_link.split("cursor=")[1].split("&")[0]
    response = api.get(ARTICLES, {"ordering": "updated_at", "cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


@pytest.mark.parametrize("ordering", ["-published_at", "updated_at"])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00Z"])
def test_a_forged_cursor_with_a_time_out_of_range_is_a_400(api, db, ordering, moment):
    payload = json.dumps({"o": ordering, "v": [moment, 1]}).encode()
    cursor = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    response = api.get(ARTICLES, {"ordering": ordering, "cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


# -------------------------------------------------------------------------- query counts


def count_queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("url", [
    ARTICLES, "/api/v1/people/", "/api/v1/organizations/", "/api/v1/places/", "/api/v1/events/", "/api/v1/issues/",
])
def test_list_query_counts_do_not_grow_with_the_page(api, db, url, django_assert_max_num_queries):
    build_archive(5, per_page=5)
    small = count_queries(api, url, {"page_size": 5})
    build_archive(100, per_page=10, start=datetime.date(2024, 1, 1))
    assert count_queries(api, url, {"page_size": 100}) == small
    with django_assert_max_num_queries(5):  # the content version; the page, then their relations
        api.get(url, {"page_size": 100})


def test_full_article_page_of_20_takes_three_queries(api, db, django_assert_max_num_queries):
    from articles.services.representations import representations_rebuild

    representations_rebuild(article_ids=[a.pk for a in build_archive(60, per_page=20)])
    # the content version; the articles' ids; their stored representations
    with django_assert_max_num_queries(3):
        items = api.get(ARTICLES).json()["results"]
    assert len(items) == 20 and all(item["credits"] and item["mentions"]["people"] for item in items)


def test_staff_list_query_count_is_bounded_too(editor_api, db, django_assert_max_num_queries):
    build_archive(60, per_page=20)
    # + the token, the user's permissions (user and group)
    with django_assert_max_num_queries(5):
        assert len(editor_api.get(ARTICLES).json()["results"]) == 20


def test_a_search_page_takes_four_queries_however_deep(api, db, django_assert_max_num_queries):
    from articles.search import index_articles
    from articles.services.representations import representations_rebuild

    ids = [a.pk for a in build_archive(60, per_page=20)]
    index_articles(ids)
    representations_rebuild(article_ids=ids)
    # the content version; the hits' keys (on the search index); their rows; their stored representations
    with django_assert_max_num_queries(4):
        first = api.get(ARTICLES, {"q": "测试", "page_size": 20}).json()
    with django_assert_max_num_queries(4):
        second = api.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 20
    assert not {a["id"] for a in first["results"]} & {a["id"] for a in second["results"]}
