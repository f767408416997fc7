"""Pictures on the readers' site: the article page's lead and other pictures (`<picture>` with WebP
and a JPEG fallback), captions with credits linked to the photographer, a photo story's full-width
photo, list thumbnails at a flat query count, og:image and JSON-LD, feed enclosures, and a
picture's change showing through the page cache."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import search
from articles.models import Article
from articles.services.images import image_describe
from articles.services.representations import representations_rebuild
from people.models import Person
from tests.images_support import make_image, place
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

MEDIA_NS = "http://search.yahoo.com/mrss/"


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings):
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def pictured():
    """One published article with a lead picture (credited) and a second one, in a small archive."""
    articles = build_archive(3, per_page=3)
    photographer = Person.objects.get(name="测试摄影")
    lead = make_image(caption="市民在广场上观看演出。", alt_text="广场上的人群", credit=photographer)
    second = make_image(width=900, height=1200, caption="演员候场。", alt_text="后台的演员", color=(40, 90, 160))
    place(articles[0], [second, lead], lead=lead)
    return articles[0], lead, second, photographer


def test_the_article_page_shows_its_lead_picture_first_with_webp_and_a_jpeg_fallback(client, pictured):
    article, lead, second, photographer = pictured
    html = client.get(article.get_absolute_url()).content.decode()
    page = parse(html)
    sources, imgs = page.all("source"), page.all("img")
    assert len(sources) == 2 and len(imgs) == 2
    # the lead first, though placed second
    assert lead.medium_jpeg.url == imgs[0]["src"] and second.medium_jpeg.url == imgs[1]["src"]
    assert sources[0]["type"] == "image/webp"
    assert sources[0]["srcset"] == lead.srcset("webp") and imgs[0]["srcset"] == lead.srcset("jpeg")
    # the room a picture takes is known before it loads; the lead loads at once, the others lazily
    assert (imgs[0]["width"], imgs[0]["height"]) == ("800", "533")
    assert (imgs[1]["width"], imgs[1]["height"]) == ("800", "1067")
    assert imgs[0]["loading"] == "eager" and imgs[0]["fetchpriority"] == "high"
    assert imgs[1]["loading"] == "lazy"
    assert imgs[0]["alt"] == "广场上的人群" and imgs[1]["alt"] == "后台的演员"
    # the lead above the text, the other picture after it
    body = html[html.index("<article"):]
    assert body.index(lead.medium_jpeg.url) < body.index("第0号新闻的正文") < body.index(second.medium_jpeg.url)
    # the caption with its credit, linked to the photographer's page, which lists the article
    reporter_url = reverse("site:reporter", kwargs={"pk": photographer.pk})
    assert re.search(rf'市民在广场上观看演出。<span class="image-credit">（<a href="{reporter_url}" rel="author">'
                     r"测试摄影</a> 摄）</span>", html)
    assert "演员候场。" in html
    reporter_page = client.get(reporter_url)
    assert reporter_page.status_code == 200 and article.headline in reporter_page.content.decode()
    # no original upload reaches readers (it may carry the camera's EXIF)
    assert lead.file.url not in html and second.file.url not in html


def test_a_photographer_credited_only_on_pictures_has_a_page_and_a_feed(client, pictured):
    article, _lead, second, _ = pictured
    only_pictures = Person.objects.create(name="图片摄影")
    image_describe(image=second, credit=only_pictures)
    page = client.get(reverse("site:reporter", kwargs={"pk": only_pictures.pk}))
    assert page.status_code == 200 and article.headline in page.content.decode()
    assert "摄影（1）" in page.content.decode()
    assert client.get(reverse("site:reporter-feed", kwargs={"pk": only_pictures.pk})).status_code == 200
    assert client.get(only_pictures.get_absolute_url()).status_code == 200


def test_og_image_and_json_ld_name_the_lead_pictures_largest_jpeg(client, pictured):
    article, lead, second, _ = pictured
    html = client.get(article.get_absolute_url()).content.decode()
    metas = {m.get("property") or m.get("name"): m["content"] for m in parse(html).all("meta") if "content" in m}
    assert metas["og:image"] == f"http://testserver{lead.large_jpeg.url}"
    assert (metas["og:image:width"], metas["og:image:height"]) == ("1200", "800")  # never enlarged
    assert metas["og:image:alt"] == "广场上的人群" and metas["og:image:type"] == "image/jpeg"
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert [i["url"] for i in data["image"]] == [f"http://testserver{lead.large_jpeg.url}",
                                                 f"http://testserver{second.large_jpeg.url}"]
    assert data["image"][0]["@type"] == "ImageObject" and data["image"][0]["width"] == 1200
    assert data["image"][0]["caption"] == "市民在广场上观看演出。"
    assert data["image"][0]["creator"]["name"] == "测试摄影" and "creator" not in data["image"][1]


def test_an_article_without_pictures_has_no_picture_markup(client, pictured):
    article = Article.objects.exclude(pk=pictured[0].pk).first()
    html = client.get(article.get_absolute_url()).content.decode()
    own = html[html.index("<article"):html.index("</article>")]
    assert "<picture" not in own and "og:image" not in html and '"image"' not in html


def test_a_photo_story_shows_its_photo_full_width(client, pictured):
    article, lead, *_ = pictured
    Article.objects.filter(pk=article.pk).update(kind=Article.Kind.PHOTO)
    representations_rebuild(article_ids=[article.pk])  # (an update past the services)
    html = client.get(article.get_absolute_url()).content.decode()
    page = parse(html)
    figures = page.all("figure")
    assert "full-width" in figures[0]["class"] and "lead-image" in figures[0]["class"]
    img = page.all("img")[0]
    assert img["src"] == lead.large_jpeg.url and img["sizes"] == "100vw"
    assert 'class="article photo-story"' in html


def test_lists_show_the_lead_pictures_thumbnail(client, pictured):
    article, lead, *_ = pictured
    page = article.page
    search.index_articles(list(Article.objects.values_list("pk", flat=True)))
    urls = {
        "home": reverse("site:home"),
        "page": page.get_absolute_url(),
        "keyword": article.keywords.first().get_absolute_url(),
        "reporter": reverse("site:reporter", kwargs={"pk": article.credits.first().person_id}),
        "person": Person.objects.get(name="张测试").get_absolute_url(),
        "search": reverse("site:search") + "?q=新闻",
    }
    for name, url in urls.items():
        html = client.get(url).content.decode()
        imgs = parse(html).all("img")
        assert [img["src"] for img in imgs] == [lead.thumb_jpeg.url], name
        assert imgs[0]["loading"] == "lazy" and imgs[0]["width"] == "320" and imgs[0]["height"] == "213", name
        source = parse(html).all("source")[0]
        assert source["srcset"] == f"{lead.thumb_webp.url} 320w, {lead.medium_webp.url} 800w", name


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_with_thumbnails_cost_the_same_queries_for_one_article_or_many(client, django_assert_num_queries):
    articles = build_archive(12, per_page=12)
    representations_rebuild(article_ids=[a.pk for a in articles])  # written in bulk, past the services
    photographer = Person.objects.get(name="测试摄影")
    place(articles[0], [make_image(width=400, height=300, credit=photographer)])
    page_url = articles[0].page.get_absolute_url()
    keyword_url = articles[0].keywords.first().get_absolute_url()
    home_url = reverse("site:home")
    article_url = articles[0].get_absolute_url()
    urls = (page_url, keyword_url, home_url, article_url)
    for url in urls:  # what a process reads once for many requests is no query of a page
        client.get(url)
    one = {url: _queries(client, url) for url in urls}
    for article in articles[1:]:
        place(article, [make_image(width=400, height=300, credit=photographer),
                        make_image(width=300, height=400)])
    for url, count in one.items():
        cache.clear()
        with django_assert_num_queries(count):
            response = client.get(url)
        assert response.content.decode().count("<picture") >= (2 if url == article_url else 1)
    assert client.get(page_url).content.decode().count("<picture") == 12


def test_the_feed_carries_each_lead_picture_as_media_content_and_an_enclosure(client, pictured):
    article, lead, *_ = pictured
    root = ET.fromstring(client.get(reverse("site:feed")).content)
    items = {item.findtext("link"): item for item in root.iter("item")}
    item = items[f"http://testserver{article.get_absolute_url()}"]
    content = item.find(f"{{{MEDIA_NS}}}content")
    assert content.get("url") == f"http://testserver{lead.medium_jpeg.url}"
    assert (content.get("type"), content.get("medium")) == ("image/jpeg", "image")
    assert (content.get("width"), content.get("height")) == ("800", "533")
    assert content.findtext(f"{{{MEDIA_NS}}}description") == "市民在广场上观看演出。"
    assert content.findtext(f"{{{MEDIA_NS}}}credit") == "测试摄影"
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == content.get("url") and enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == lead.medium_jpeg.storage.size(lead.medium_jpeg.name)
    others = [i for link, i in items.items() if link != f"http://testserver{article.get_absolute_url()}"]
    assert others and all(i.find(f"{{{MEDIA_NS}}}content") is None and i.find("enclosure") is None for i in others)


def test_a_caption_changed_shows_on_the_cached_article_page(client, pictured):
    article, lead, *_ = pictured
    url = article.get_absolute_url()
    assert "市民在广场上观看演出。" in client.get(url).content.decode()
    image_describe(image=lead, caption="新的图片说明。")
    html = client.get(url).content.decode()
    assert "新的图片说明。" in html and "市民在广场上观看演出。" not in html


def test_a_draft_articles_pictures_show_nowhere(client, pictured):
    article, lead, *_ = pictured
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    for url in (reverse("site:home"), article.page.get_absolute_url()):
        assert lead.thumb_jpeg.url not in client.get(url).content.decode()
