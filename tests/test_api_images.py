"""Pictures in the API: each article's images (lead first, absolute rendition URLs, sizes, caption,
credit, alt) in list and detail under `?fields=`, the read-only images resource, ninjs picture
associations, a flat query count, the cache following a picture's change, and responses that
match the published OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core import signals
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.services.images import article_images_set, image_describe
from articles.services.representations import representations_rebuild
from people.models import Person
from tests.images_support import make_image, place
from tests.test_api_ninjs import assert_valid_ninjs
from tests.test_api_schemathesis import CHECKS, schema
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

ARTICLES = "/api/v1/articles/"
IMAGES = "/api/v1/images/"


@pytest.fixture(autouse=True)
def version_read_every_request(settings):
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0


@pytest.fixture
def pictured():
    """Three published articles; the first shows a credited lead picture and a second one."""
    articles = build_archive(3, per_page=3)
    photographer = Person.objects.get(name="测试摄影")
    lead = make_image(caption="市民在广场上观看演出。", alt_text="广场上的人群", credit=photographer)
    second = make_image(width=600, height=900, caption="演员候场。", alt_text="后台的演员")
    place(articles[0], [second, lead], lead=lead)
    return articles[0], lead, second, photographer


def absolute(url: str) -> str:
    return f"http://testserver{url}"


def test_an_articles_images_come_lead_first_with_absolute_renditions_caption_credit_and_alt(api, pictured):
    article, lead, second, photographer = pictured
    images = api.get(f"{ARTICLES}{article.pk}/").json()["images"]
    assert [i["id"] for i in images] == [lead.pk, second.pk]
    first = images[0]
    assert first["url"] == f"http://testserver{IMAGES}{lead.pk}/"
    assert (first["is_lead"], first["order"], first["width"], first["height"]) == (True, 1, 1200, 800)
    assert (first["caption"], first["alt_text"]) == ("市民在广场上观看演出。", "广场上的人群")
    assert first["source"] == "uploaded"
    assert first["credit"] == {
        "person": {"id": photographer.pk, "name": "测试摄影", "disambiguation": "",
                   "url": f"http://testserver/api/v1/people/{photographer.pk}/"},
        "role": "photographer",
    }
    assert first["renditions"] == [
        {"name": "thumb", "width": 320, "height": 213, "webp": absolute(lead.thumb_webp.url),
         "jpeg": absolute(lead.thumb_jpeg.url)},
        {"name": "medium", "width": 800, "height": 533, "webp": absolute(lead.medium_webp.url),
         "jpeg": absolute(lead.medium_jpeg.url)},
        {"name": "large", "width": 1200, "height": 800, "webp": absolute(lead.large_webp.url),
         "jpeg": absolute(lead.large_jpeg.url)},
    ]
    assert images[1]["is_lead"] is False and images[1]["credit"] is None
    assert [(r["width"], r["height"]) for r in images[1]["renditions"]] == [(320, 480), (600, 900), (600, 900)]
    # the original upload, which may carry EXIF, is never given
    body = api.get(f"{ARTICLES}{article.pk}/").content.decode()
    assert lead.file.url not in body and second.file.url not in body


def test_the_list_gives_images_and_fields_selects_them(api, pictured):
    article, lead, *_ = pictured
    items = {item["id"]: item for item in api.get(ARTICLES).json()["results"]}
    assert [i["id"] for i in items[article.pk]["images"]] == [lead.pk, pictured[2].pk]
    assert all(item["images"] == [] for pk, item in items.items() if pk != article.pk)
    only = api.get(ARTICLES, {"fields": "id,images"}).json()["results"]
    assert all(set(item) == {"id", "images"} for item in only)
    assert "images" not in api.get(f"{ARTICLES}{article.pk}/", {"fields": "id,headline"}).json()


def _queries(api, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_one_article_with_images_or_many(api, django_assert_num_queries):
    articles = build_archive(12, per_page=6)
    representations_rebuild(article_ids=[a.pk for a in articles])  # written in bulk, past the services
    photographer = Person.objects.get(name="测试摄影")
    place(articles[0], [make_image(width=400, height=300, credit=photographer)])
    cold = {"page_size": 20}
    api.get(ARTICLES, {**cold, "n": 0})  # what a process reads once for many requests is no query of a page
    one = _queries(api, ARTICLES, {**cold, "n": 1})
    for article in articles[1:]:
        place(article, [make_image(width=400, height=300, credit=photographer), make_image(width=300, height=400)])
    with django_assert_num_queries(one):
        response = api.get(ARTICLES, {**cold, "n": 2})
    assert sum(len(item["images"]) for item in response.json()["results"]) == 23
    # and the images resource: one query for the page, one for the articles showing them
    api.get(IMAGES, {"page_size": 2})
    first = _queries(api, IMAGES, {"page_size": 1})
    with django_assert_num_queries(first):
        assert len(api.get(IMAGES, {"page_size": 20}).json()["results"]) == 20
    # the pictures are in the stored representations: a full page stays at its two (the content
    # version; the page's ids joined to their stored bytes)
    assert one == 2


def test_an_image_lists_its_newest_articles_and_links_them_all(api):
    articles = build_archive(14, per_page=14)
    shared = make_image(width=300, height=200)
    for article in articles:
        place(article, [shared], lead=shared)
    one = api.get(f"{IMAGES}{shared.pk}/").json()
    newest = sorted((a.pk for a in articles), reverse=True)[:10]
    assert [a["id"] for a in one["articles"]] == newest
    everything = api.get(one["articles_url"], {"page_size": 50}).json()["results"]
    assert {a["id"] for a in everything} == {a.pk for a in articles}


def test_the_images_resource_shows_what_readers_may_see_and_filters(api, editor_api, pictured):
    article, lead, second, photographer = pictured
    unplaced = make_image(caption="未用的图片")
    draft = Article.objects.exclude(pk=article.pk).first()
    hidden = make_image(caption="草稿的图片")
    place(draft, [hidden])
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT, published_at=None)

    public = {i["id"] for i in api.get(IMAGES).json()["results"]}
    assert public == {lead.pk, second.pk}
    assert api.get(f"{IMAGES}{hidden.pk}/").status_code == 404
    assert api.get(f"{IMAGES}{unplaced.pk}/").status_code == 404
    staff = {i["id"] for i in editor_api.get(IMAGES).json()["results"]}
    assert staff == {lead.pk, second.pk, unplaced.pk, hidden.pk}

    one = api.get(f"{IMAGES}{lead.pk}/").json()
    assert one["articles"] == [{"id": article.pk, "headline": article.headline,
                                "url": f"http://testserver{ARTICLES}{article.pk}/",
                                "public_url": f"http://testserver{article.get_absolute_url()}", "is_lead": True}]
    assert one["credit"]["person"]["id"] == photographer.pk
    assert {a["id"] for a in api.get(one["articles_url"]).json()["results"]} == {article.pk}
    assert {i["id"] for i in api.get(IMAGES, {"article": article.pk}).json()["results"]} == {lead.pk, second.pk}
    assert {i["id"] for i in api.get(IMAGES, {"person": photographer.pk}).json()["results"]} == {lead.pk}
    assert api.get(IMAGES, {"source": "page"}).json()["results"] == []
    assert api.get(IMAGES, {"source": "nonsense"}).status_code == 400
    assert api.get(IMAGES, {"article": "x"}).status_code == 400


def test_ninjs_gives_each_picture_as_an_association_of_type_picture(api, pictured):
    article, lead, second, photographer = pictured
    item = api.get(f"{ARTICLES}{article.pk}/", {"format": "ninjs"}).json()
    assert_valid_ninjs(item)
    pictures = [a for a in item["associations"] if a.get("type") == "picture"]
    assert [p["uri"] for p in pictures] == [f"http://testserver{IMAGES}{lead.pk}/",
                                            f"http://testserver{IMAGES}{second.pk}/"]
    first = pictures[0]
    assert first["rel"] == "lead-image" and pictures[1]["rel"] == "image"
    assert first["by"] == "测试摄影"
    assert first["people"] == [{"name": "测试摄影", "rel": "photographer",
                                "uri": f"http://testserver/api/v1/people/{photographer.pk}/"}]
    assert first["descriptions"] == [
        {"role": "caption", "contentType": "text/plain", "value": "市民在广场上观看演出。"},
        {"role": "alt-text", "contentType": "text/plain", "value": "广场上的人群"},
    ]
    renditions = {r["name"]: r for r in first["renditions"]}
    assert set(renditions) == {f"{size}-{fmt}" for size in ("thumb", "medium", "large") for fmt in ("webp", "jpeg")}
    assert renditions["medium-webp"] == {"name": "medium-webp", "href": absolute(lead.medium_webp.url),
                                         "contentType": "image/webp", "width": 800, "height": 533}
    assert renditions["large-jpeg"]["contentType"] == "image/jpeg"
    assert "renditions" not in item  # a story's own renditions: none (it is text)


def test_a_photo_storys_ninjs_item_carries_its_lead_pictures_renditions(api, pictured):
    article, lead, *_ = pictured
    Article.objects.filter(pk=article.pk).update(kind=Article.Kind.PHOTO)
    representations_rebuild(article_ids=[article.pk])  # the update above went past the services
    item = api.get(f"{ARTICLES}{article.pk}/", {"format": "ninjs"}).json()
    assert_valid_ninjs(item)
    assert item["type"] == "picture"
    assert {r["href"] for r in item["renditions"]} >= {absolute(lead.large_jpeg.url)}


def test_a_pictures_change_shows_in_the_cached_responses(api, pictured):
    article, lead, second, _ = pictured
    detail, image_url = f"{ARTICLES}{article.pk}/", f"{IMAGES}{lead.pk}/"
    for url in (detail, ARTICLES, image_url):
        api.get(url)  # cached now
    image_describe(image=lead, caption="新的图片说明。", alt_text="新的替代文字")
    assert api.get(detail).json()["images"][0]["caption"] == "新的图片说明。"
    listed = next(i for i in api.get(ARTICLES).json()["results"] if i["id"] == article.pk)
    assert listed["images"][0]["alt_text"] == "新的替代文字"
    assert api.get(image_url).json()["caption"] == "新的图片说明。"
    # a new lead placed
    article_images_set(article=article, images=[lead, second], lead=second)
    assert [i["id"] for i in api.get(detail).json()["images"]] == [second.pk, lead.pk]


@pytest.fixture
def wsgi_traffic(settings):
    """schemathesis calls the WSGI application, as tests/test_api_schemathesis.py sets it up."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_responses_with_pictures_match_the_published_schema(pictured, wsgi_traffic):
    article, lead, *_ = pictured
    for path, parameters, query in (
        ("/api/v1/articles/", {}, {}),
        ("/api/v1/articles/{id}/", {"id": article.pk}, {}),
        ("/api/v1/images/", {}, {}),
        ("/api/v1/images/{id}/", {"id": lead.pk}, {}),
    ):
        case = schema[path]["GET"].Case(path_parameters=parameters, query=query)
        response = case.call()
        assert response.status_code == 200, response.text
        case.validate_response(response, checks=CHECKS)


def test_the_schema_documents_the_pictures(api):
    document = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = document["components"]["schemas"]
    article = components["Article"]["properties"]
    assert article["images"]["type"] == "array"
    picture = components["ArticlePicture"]["properties"]
    assert {"renditions", "credit", "alt_text", "caption", "is_lead", "width", "height"} <= set(picture)
    assert "/api/v1/images/" in document["paths"] and "/api/v1/images/{id}/" in document["paths"]
    names = [p["name"] for p in document["paths"]["/api/v1/images/"]["get"]["parameters"]]
    assert {"article", "source", "person", "fields"} <= set(names)
