"""The API's public cache (articles.caching): hits serve the same response, changes made through the
services show within the recheck interval, and what staff see (drafts) never mixes with what the
public sees."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from articles import caching
from articles.models import Article
from articles.services import article_save_edit, article_set_status
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

ARTICLES = "/api/v1/articles/"


@pytest.fixture(autouse=True)
def version_read_every_request(settings):
    # Every request re-reads the content version: a change shows at once, and a hit costs its one query.
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0


@pytest.fixture
def archive() -> list[Article]:
    return build_archive(12, per_page=6)


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["results"]}


def test_a_cache_hit_serves_the_same_body_and_headers_for_one_query(api, archive, django_assert_max_num_queries):
    for url in (ARTICLES, f"{ARTICLES}{archive[0].pk}/", "/api/v1/people/", "/api/v1/events/", "/api/v1/issues/",
                "/api/v1/organizations/", "/api/v1/places/"):
        first = api.get(url)
        assert first.status_code == 200, url
        with django_assert_max_num_queries(1):  # the content version
            again = api.get(url)
        assert again.status_code == 200 and again.content == first.content, url
        for header in ("ETag", "Content-Type", "Cache-Control", "Last-Modified"):  # (a list has no Last-Modified)
            assert again.headers.get(header) == first.headers.get(header), (url, header)
        assert "Authorization" in again.headers["Vary"]


def test_within_the_recheck_interval_a_hit_costs_no_query(api, archive, settings, django_assert_num_queries):
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 30
    first = api.get(f"{ARTICLES}{archive[0].pk}/")
    with django_assert_num_queries(0):
        assert api.get(f"{ARTICLES}{archive[0].pk}/").content == first.content


def test_the_query_string_and_the_format_are_part_of_the_key(api, archive):
    assert ids(api.get(ARTICLES, {"page_size": 3})) != ids(api.get(ARTICLES, {"page_size": 5}))
    url = f"{ARTICLES}{archive[0].pk}/"
    plain = api.get(url)
    ninjs = api.get(url, HTTP_ACCEPT="application/ninjs+json")
    assert ninjs.headers["Content-Type"].startswith("application/ninjs+json") and "uri" in ninjs.json()
    assert api.get(url).content == plain.content and "print_position" in plain.json()


def test_conditional_get_is_a_304_on_a_hit(api, archive):
    url = f"{ARTICLES}{archive[0].pk}/"
    first = api.get(url)
    by_etag = api.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"]).status_code == 304
    listed = api.get(ARTICLES)
    assert api.get(ARTICLES, HTTP_IF_NONE_MATCH=listed.headers["ETag"]).status_code == 304


def test_an_edit_saved_through_the_service_shows_in_the_next_response(api, archive):
    article = archive[0]
    url = f"{ARTICLES}{article.pk}/"
    before = api.get(url)
    listed_before = api.get(ARTICLES, {"page_size": 50})
    article.headline = "缓存之后改过的标题"
    article_save_edit(article=article, reason="test")
    after = api.get(url)
    assert after.json()["headline"] == "缓存之后改过的标题" and after.headers["ETag"] != before.headers["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=before.headers["ETag"]).status_code == 200
    listed = api.get(ARTICLES, {"page_size": 50})
    assert listed.content != listed_before.content and "缓存之后改过的标题" in listed.content.decode()


def test_an_unpublished_article_leaves_the_cached_list_and_detail(api, archive):
    article = archive[0]
    assert article.pk in ids(api.get(ARTICLES, {"page_size": 50}))
    assert api.get(f"{ARTICLES}{article.pk}/").status_code == 200
    article_set_status(articles=[article], status=Article.Status.DRAFT)
    assert article.pk not in ids(api.get(ARTICLES, {"page_size": 50}))
    assert api.get(f"{ARTICLES}{article.pk}/").status_code == 404


def test_staff_never_get_the_public_body_and_the_public_never_gets_the_staff_body(api, editor_api, archive):
    draft = archive[0]
    article_set_status(articles=[draft], status=Article.Status.DRAFT)
    for order in ("public first", "staff first"):
        clients = (api, editor_api) if order == "public first" else (editor_api, api)
        responses = {client: client.get(ARTICLES, {"page_size": 50}) for client in clients}
        responses.update({client: client.get(ARTICLES, {"page_size": 50}) for client in clients})  # hits now
        assert draft.pk in ids(responses[editor_api]), order
        assert draft.pk not in ids(responses[api]), order
        assert "private" in responses[editor_api].headers["Cache-Control"], order
        assert "public" in responses[api].headers["Cache-Control"], order
        assert editor_api.get(f"{ARTICLES}{draft.pk}/").status_code == 200, order
        assert api.get(f"{ARTICLES}{draft.pk}/").status_code == 404, order
        assert editor_api.get(f"{ARTICLES}{draft.pk}/").status_code == 200, order


def test_signed_in_readers_and_anonymous_ones_do_not_share_caching_headers(api, reader_api, archive):
    anonymous = api.get(ARTICLES)
    signed_in = reader_api.get(ARTICLES)
    assert ids(signed_in) == ids(anonymous)  # the same published articles
    assert "private" in signed_in.headers["Cache-Control"] and "public" in anonymous.headers["Cache-Control"]
    assert "private" in reader_api.get(ARTICLES).headers["Cache-Control"]
    assert "public" in api.get(ARTICLES).headers["Cache-Control"]


def test_no_entry_outlives_the_next_scheduled_publication(api, archive):
    # A request reads the content version (for its key) before its response may be stored.
    caching.content_version()
    assert caching.cache_timeout() >= 1
    publish_at = timezone.now() + datetime.timedelta(seconds=20)
    article_set_status(articles=[archive[0]], status=Article.Status.DRAFT)
    article_set_status(articles=[archive[0]], status=Article.Status.PUBLISHED, publish_at=publish_at)
    caching.content_version()
    assert 1 <= caching.cache_timeout() <= 20
    assert archive[0].pk not in ids(api.get(ARTICLES, {"page_size": 50}))  # not yet public
