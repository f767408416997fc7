"""Articles' stored representations (articles.services.representations): every write that changes
what an article shows rewrites them in its transaction, and a public request served from them gets
the bytes the live path builds."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleRepresentation, Page
from articles.services import article_resolve_conflict, article_save_edit, article_set_status, page_import, page_move
from articles.services.images import article_images_set, image_delete, image_describe, image_upload
from articles.services.representations import (
    SHAPE_VERSION,
    representations_build,
    representations_rebuild,
)
from people.models import Credit, Organization, OrganizationMention, Person, PersonMention
from people.services import organization_merge, person_merge
from tests.test_images import picture_bytes

pytestmark = pytest.mark.usefixtures("fresh_throttle_counters")

ARTICLES = "/api/v1/articles/"


def assert_fresh() -> None:
    """Every article's stored representations are the ones built afresh now (and no other is stored)."""
    ids = list(Article.objects.values_list("pk", flat=True))
    built = representations_build(article_ids=ids)
    stored = {row.pk: (bytes(row.api), bytes(row.ninjs), bytes(row.site), row.shape_version)
              for row in ArticleRepresentation.objects.all()}
    assert set(stored) == set(built) == set(ids)
    for pk, (api, ninjs, site) in built.items():
        assert stored[pk] == (api, ninjs, site, SHAPE_VERSION), f"article {pk} is stale"


def _page(seed) -> Page:
    return Page.objects.get(pk=seed.page_id)


def test_every_write_rewrites_what_it_changes(seed, editor, media_root):
    assert_fresh()  # the import
    article = Article.objects.filter(page_id=seed.page_id).order_by("order").first()
    other = Article.objects.filter(page_id=seed.page_id).exclude(pk=article.pk).order_by("order").first()

    article.headline = "改过的标题"
    article_save_edit(article=article, user=editor)
    assert_fresh()

    article_set_status(articles=[article], status=Article.Status.DRAFT, user=editor)
    assert_fresh()
    article_set_status(articles=[article], status=Article.Status.PUBLISHED, user=editor)
    assert_fresh()

    Article.objects.filter(pk=article.pk).update(has_import_conflict=True, pending_parse={"headline": "新解析"})
    article_resolve_conflict(article=Article.objects.get(pk=article.pk), accept_new_parse=True, user=editor)
    assert_fresh()

    photographer = Person.objects.create(name="王摄影")
    image = image_upload(file=picture_bytes(), caption="图片说明", credit=photographer)
    article_images_set(article=article, images=[image], lead=image)
    assert_fresh()
    image_describe(image=image, caption="新的说明", alt_text="替代文字")
    assert_fresh()

    # merges: of persons (credits, mentions, a picture's credit) and of organizations
    credited = Credit.objects.filter(article_id=article.pk).first()
    if credited is None:
        credited = Credit.objects.create(article=article, person=Person.objects.create(name="李记者"),
                                         role=Credit.Role.REPORTER, label="记者")
    PersonMention.objects.get_or_create(article=other, person=photographer, defaults={"titles": []})
    person_merge(source=credited.person, target=photographer, user=editor)
    assert_fresh()
    first = Organization.objects.create(name="甲机构")
    second = Organization.objects.create(name="乙机构")
    OrganizationMention.objects.create(article=article, organization=first, forms=["甲机构"])
    OrganizationMention.objects.create(article=other, organization=second, forms=["乙机构"])
    representations_rebuild(article_ids=[article.pk, other.pk])  # the mentions above were made bare
    organization_merge(source=first, target=second, user=editor)
    assert_fresh()

    page_move(page=_page(seed), date=datetime.date(2024, 3, 7), page_number=2, user=editor)
    assert_fresh()

    image_delete(image=image)
    assert_fresh()

    # a re-import of the page changed (a paragraph more), and an article deleted with its page
    changed = _page(seed).raw_text + "\n\n新闻一则\n本报讯 今天又有新闻。\n"
    page_import(text=changed, source_file="seed.txt", date=datetime.date(2024, 3, 7), page_number=2,
                status="published")
    assert_fresh()
    _page(seed).delete()
    assert not ArticleRepresentation.objects.exists()


def test_a_public_request_gets_the_bytes_the_live_path_builds(seed, api, editor_api):
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    queries = [(ARTICLES, {}), (ARTICLES, {"page_size": 3}), (ARTICLES, {"fields": "id,credits,url"}),
               (ARTICLES, {"q": "记者"}), (f"{ARTICLES}{ids[0]}/", {}), (f"{ARTICLES}{ids[1]}/", {"format": "ninjs"}),
               (f"{ARTICLES}{ids[1]}/", {"fields": "mentions,public_url"})]
    stored = [api.get(path, params) for path, params in queries]
    ArticleRepresentation.objects.all().delete()  # the live path (as before any rebuild)
    live = [api.get(path, params) for path, params in queries]
    for (path, params), a, b in zip(queries, stored, live, strict=True):
        assert a.status_code == b.status_code == 200, (path, params)
        assert a.content == b.content, (path, params)
        assert a["Content-Type"] == b["Content-Type"] and a["ETag"] == b["ETag"]
    assert b"\x00" not in b"".join(a.content for a in stored)


def test_the_stored_read_answers_as_drf_does(seed, api, monkeypatch):
    """Anonymous GETs answered from the stored representations without DRF's request cycle
    (ArticleViewSet.stored_response) get DRF's status, body and headers, or are left to DRF."""
    from articles.api import views

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    person = Credit.objects.filter(article_id__in=ids).values_list("person_id", flat=True).first()
    queries = [
        (ARTICLES, {}, {}), (ARTICLES, {"page_size": 2}, {}),
        (ARTICLES, {"page_size": 2, "ordering": "-issue_date"}, {}),
        (ARTICLES, {"fields": "id,credits,url"}, {}), (ARTICLES, {"fields": "id,headline"}, {}),
        (ARTICLES, {"fields": "nope"}, {}), (ARTICLES, {"kind": "story", "reporter": person}, {}),
        (ARTICLES, {"q": "党建"}, {}), (ARTICLES, {"q": "示范区", "page_size": 1}, {}),
        (ARTICLES, {"ordering": "relevance"}, {}), (ARTICLES, {"page_size": 0}, {}), (ARTICLES, {"cursor": "x"}, {}),
        (ARTICLES, {"published_after": "nonsense"}, {}), (ARTICLES, {"format": "json"}, {}),
        (ARTICLES, {}, {"HTTP_ACCEPT": "application/json"}), (ARTICLES, {}, {"HTTP_ACCEPT": "text/csv"}),
        (ARTICLES, {"format": "ninjs"}, {}),
        (f"{ARTICLES}{ids[0]}/", {}, {}), (f"{ARTICLES}{ids[1]}/", {"format": "ninjs"}, {}),
        (f"{ARTICLES}{ids[1]}/", {}, {"HTTP_ACCEPT": "application/ninjs+json"}),
        (f"{ARTICLES}{ids[1]}/", {"fields": "mentions,public_url"}, {}), (f"{ARTICLES}{ids[1]}/", {"fields": "id"}, {}),
        (f"{ARTICLES}{ids[1]}/", {"fields": "x"}, {}), (f"{ARTICLES}{ids[-1] + 1000}/", {}, {}),
        (f"{ARTICLES}99999999999999999999/", {}, {}), (f"{ARTICLES}{ids[2]}/", {}, {"HTTP_ACCEPT": "image/png"}),
    ]

    def answers() -> list:
        responses = [api.get(path, params, **headers) for path, params, headers in queries]
        first = responses[0]
        next_page = api.get(api.get(ARTICLES, {"page_size": 2}).json()["next"])
        conditional = [api.get(ARTICLES, HTTP_IF_NONE_MATCH=first["ETag"]),
                       api.get(f"{ARTICLES}{ids[0]}/", HTTP_IF_MODIFIED_SINCE=responses[17]["Last-Modified"])]
        return [*responses, next_page, *conditional]

    # (each part of a page's link is the request's own: both ways see the same requests)
    stored = answers()
    api.get(ARTICLES)  # (the throttle's window and the caches are the same for both)
    monkeypatch.setattr(views, "STORED_READ_ENABLED", False)
    drf = answers()
    for query, a, b in zip([*queries, "next", "304", "304"], stored, drf, strict=True):
        assert a.status_code == b.status_code, query
        assert a.content == b.content, query
        assert dict(a.headers) == dict(b.headers), query
    assert [r.status_code for r in stored[-2:]] == [304, 304]
    monkeypatch.setattr(views, "STORED_READ_ENABLED", True)
    assert api.get(ARTICLES, HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")  # the browsable API


def test_the_sites_lists_joined_from_stored_fragments_are_the_pages_rendered_live(seed, client):
    """Home (its latest cards), an article (its related cards) and search (its results) are the same
    pages whether their cards come from the stored fragments or are rendered live (no row stored)."""
    from django.core.cache import cache

    articles = list(Article.objects.order_by("pk"))
    urls = ["/", *(a.get_absolute_url() for a in articles[:3]), "/search/?q=党建", "/search/?q=示范区&page=2"]
    stored = []
    for url in urls:
        cache.clear()
        stored.append(client.get(url))
    assert any(b'class="related"' in r.content for r in stored[1:4])  # some article has related ones
    ArticleRepresentation.objects.all().delete()
    for url, first in zip(urls, stored, strict=True):
        cache.clear()
        again = client.get(url)
        assert first.status_code == again.status_code == 200, url
        assert first.content == again.content, url
    assert b"\x1f" not in b"".join(r.content for r in stored)
    # the card without its lead is cut from the one with it: as the template renders it
    from django.template.loader import render_to_string

    from articles import selectors, site_cards

    for article in selectors.listed_articles(article_ids=[a.pk for a in articles]):
        assert site_cards._fragments(article)["card_short"] == render_to_string(site_cards.CARD, {"article": article})


def test_drafts_are_never_read_from_a_public_representation(seed, api, editor_api):
    article = Article.objects.order_by("pk").first()
    article_set_status(articles=[article], status=Article.Status.DRAFT)
    assert api.get(f"{ARTICLES}{article.pk}/").status_code == 404
    # staff read the live path: a stored row they cannot see does not change what they get
    ArticleRepresentation.objects.filter(pk=article.pk).update(api=b'{"id":0}')
    body = editor_api.get(f"{ARTICLES}{article.pk}/").json()
    assert body["id"] == article.pk and body["status"] == "draft"


def test_cold_reads_take_a_fixed_number_of_queries(seed, api, django_assert_max_num_queries):
    article = Article.objects.order_by("pk").first()
    # the content version; the article if visible to the reader, joined to its stored representation
    with django_assert_max_num_queries(2):
        assert api.get(f"{ARTICLES}{article.pk}/").status_code == 200
    with django_assert_max_num_queries(2):
        assert api.get(f"{ARTICLES}{article.pk}/", {"format": "ninjs"}).status_code == 200
    # the content version; the page's ids and sort keys joined to their stored representations
    with django_assert_max_num_queries(2):
        assert api.get(ARTICLES, {"page_size": 20}).json()["results"]
    # a search: the content version; its hits from the index (on PostgreSQL two queries: the best
    # ranked and the newest); their articles' ids; their stored representations. (The search's
    # statistics, read once per process every few minutes, are read by a first search.)
    api.get(ARTICLES, {"q": "党建"})
    with django_assert_max_num_queries(5):
        assert api.get(ARTICLES, {"q": "示范区"}).json()["results"]


def test_the_command_rebuilds_every_article_of_an_older_shape(seed):
    ArticleRepresentation.objects.update(shape_version=SHAPE_VERSION - 1, api=b"{}")
    ArticleRepresentation.objects.filter(pk=Article.objects.order_by("pk").first().pk).delete()
    call_command("rebuild_representations", verbosity=0)
    assert_fresh()


def test_the_admins_renames_rewrite_the_articles_showing_the_record(seed, editor, rf):
    """A person, organization, place or keyword renamed in the admin (ModelAdmin.save_model)."""
    from django.contrib import admin

    from articles.models import Keyword
    from people.models import Place, PlaceMention

    article = Article.objects.order_by("pk").first()
    person = Person.objects.create(name="旧名字")
    PersonMention.objects.create(article=article, person=person, titles=[])
    organization = Organization.objects.create(name="旧机构")
    OrganizationMention.objects.create(article=article, organization=organization, forms=["旧机构"])
    place = Place.objects.create(name="旧地方", kind=Place.Kind.OTHER)
    PlaceMention.objects.create(article=article, place=place)
    keyword = Keyword.objects.create(name="旧关键词")
    article.keywords.add(keyword)
    representations_rebuild(article_ids=[article.pk])  # the links above were made bare
    request = rf.post("/")
    request.user = editor
    for record, new_name in ((person, "新名字"), (organization, "新机构"), (place, "新地方"), (keyword, "新关键词")):
        record.name = new_name
        admin.site._registry[type(record)].save_model(request, record, None, True)
        assert_fresh()


def test_a_pdf_import_stores_its_articles_with_their_pictures(db, media_root):
    from articles.models import ArticleImage
    from articles.services import pdf_import
    from tests.test_pdf_import import SAMPLE

    pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf", status="published")
    assert ArticleImage.objects.exists()  # the photos placed after the page's articles were written
    assert_fresh()


def _cursor(ordering: str, values: list, reverse: bool = False) -> str:
    import base64
    import json

    payload = {"o": ordering, "v": values, **({"r": 1} if reverse else {})}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_the_unfiltered_lists_statements_page_as_drf_does(seed, api, monkeypatch):
    """The unfiltered list's SQL, made once per page shape and run with each request's values
    (KeysetCursorPagination.paginate_statement), pages every ordering both ways as DRF's path
    does: the same bodies (their links and cursors) and headers, page after page."""
    from rest_framework.throttling import AnonRateThrottle

    from articles.api import pagination, views

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/minute")
    pagination._STATEMENTS.clear()
    some = Article.objects.order_by("pk").first()
    orderings = ["-published_at", "published_at", "-issue_date", "issue_date", "-updated_at", "updated_at"]
    odd = [(name, _cursor(name, *cursor)) for name, *cursor in [  # null sort keys, either way, past the end
        ("-issue_date", [None, None, some.order, some.pk]), ("issue_date", [None, None, 0, 0], True),
        ("-published_at", [None, some.pk]), ("published_at", [None, some.pk], True),
        ("-updated_at", ["1990-01-01T00:00:00+00:00", 0]), ("updated_at", ["2990-01-01T00:00:00Z", 9]),
        ("-issue_date", ["2024-03-06", 10**12, 0, 0]), ("-published_at", [None, 2**62]),  # out of a column's range
    ]]

    def walk() -> list:
        responses = []
        for ordering in orderings:
            for size in (2, 3):
                response = api.get(ARTICLES, {"ordering": ordering, "page_size": size})
                responses.append(response)
                while response.json()["next"]:  # to the end, then back from there
                    response = api.get(response.json()["next"])
                    responses.append(response)
                while response.json()["previous"]:
                    response = api.get(response.json()["previous"])
                    responses.append(response)
        responses += [api.get(ARTICLES, {"cursor": cursor, "page_size": 2, "ordering": ordering})
                      for ordering, cursor in odd]
        responses.append(api.get(ARTICLES, {"ordering": "-issue_date", "fields": "id,keywords"}))
        return responses

    stored = walk()
    assert pagination._STATEMENTS and all(s is not None for s in pagination._STATEMENTS.values())
    assert {key[-1] for key in pagination._STATEMENTS} >= {None, (True, True, False, False), (True, False)}
    monkeypatch.setattr(views, "STORED_READ_ENABLED", False)
    drf = walk()
    assert len(stored) == len(drf) > 30
    for n, (a, b) in enumerate(zip(stored, drf, strict=True)):
        assert a.status_code == b.status_code == 200, n
        assert a.content == b.content, n
        assert dict(a.headers) == dict(b.headers), n
