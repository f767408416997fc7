"""The readers' site: every page type renders, only what is published shows, machine-readable
outputs (feeds, sitemaps, JSON-LD) parse, and each page costs a bounded number of queries."""

from __future__ import annotations

import datetime
import json
import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import Article, Caption, Event, Issue, Keyword, Page, Publication
from articles.services import article_set_status, page_import
from articles.services.representations import representations_rebuild
from articles.views import VERSION_RECHECK_SECONDS
from people.models import Credit, Organization, OrganizationMention, Person, PersonMention, Place, PlaceMention

# WhiteNoise warns that STATIC_ROOT is absent until collectstatic runs; tests use the finders.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

SEED_DAY = datetime.date(2024, 3, 6)
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
              "news": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings):
    """Each test starts with an empty page cache (the cache outlives a test's rolled-back data), and
    servers re-read the content version on every request (the one-second recheck has its own test)."""
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed(db, seed_text):
    report = page_import(text=seed_text, source_file="seed.txt", date=SEED_DAY, page_number=1,
                         status=Article.Status.PUBLISHED)
    return Article.objects.filter(page_id=report.page_id).order_by("order")


# ------------------------------------------------------------------------------- synthetic data
class Archive:
    """A synthetic archive made with bulk_create: `days` issues of `pages` pages of `per_page`
    articles, each credited to a reporter and a correspondent, with keywords, mentions and events."""

    def __init__(self, *, days: int = 3, pages: int = 2, per_page: int = 3, start=datetime.date(2024, 1, 1),
                 stored: bool = False):
        self.publication = Publication.objects.create(name="测试日报", slug="test-daily")
        self.reporter = Person.objects.create(name="李记者", is_staff_reporter=True)
        self.correspondent = Person.objects.create(name="王通讯")
        self.official = Person.objects.create(name="张主任")
        self.organization = Organization.objects.create(name="示范区管委会")
        self.place = Place.objects.create(name="人民广场", kind=Place.Kind.SQUARE)
        self.keywords = Keyword.objects.bulk_create([Keyword(name=f"主题{i}") for i in range(4)])
        self.issues = Issue.objects.bulk_create(
            [Issue(publication=self.publication, date=start + datetime.timedelta(days=d)) for d in range(days)])
        self.pages = Page.objects.bulk_create([
            Page(publication=self.publication, issue=issue, number=n, name=f"版面{n}",
                 sha256=f"{issue.pk:032d}{n:032d}", raw_text="x", parser_version="test")
            for issue in self.issues for n in range(1, pages + 1)
        ])
        published_at = timezone.now() - datetime.timedelta(days=10)
        articles = []
        for page in self.pages:
            for order in range(1, per_page + 1):
                articles.append(Article(
                    page=page, order=order, headline=f"第{page.number}版稿件{order}：城市建设新进展",
                    kicker="引题" if order == 1 else "", subtitle="副题" if order == 2 else "",
                    dateline="本报讯", slug=f"稿件-{page.pk}-{order}",
                    body=[{"type": "paragraph", "text": f"示范区召开会议，部署城市建设工作。第{order}段。"},
                          {"type": "subhead", "text": "小标题"},
                          {"type": "paragraph", "text": "会议要求，各部门要抓好落实。"}],
                    status=Article.Status.PUBLISHED, published_at=published_at,
                    source_first_line=1, source_last_line=2, parser_version="test",
                ))
        self.articles = Article.objects.bulk_create(articles)
        Credit.objects.bulk_create(
            [Credit(article=a, person=self.reporter, role=Credit.Role.REPORTER, label="记者", order=0)
             for a in self.articles]
            + [Credit(article=a, person=self.correspondent, role=Credit.Role.CORRESPONDENT, label="通讯员", order=1)
               for a in self.articles])
        Article.keywords.through.objects.bulk_create([
            Article.keywords.through(article=a, keyword=k) for a in self.articles for k in self.keywords[:3]])
        PersonMention.objects.bulk_create(
            [PersonMention(article=a, person=self.official, titles=["主任"]) for a in self.articles])
        OrganizationMention.objects.bulk_create(
            [OrganizationMention(article=a, organization=self.organization, forms=["管委会"]) for a in self.articles])
        PlaceMention.objects.bulk_create([PlaceMention(article=a, place=self.place) for a in self.articles])
        captions = Caption.objects.bulk_create([Caption(article=a, order=0, text="会议现场。") for a in self.articles])
        Credit.objects.bulk_create([
            Credit(article=c.article, caption=c, person=self.reporter, role=Credit.Role.PHOTOGRAPHER, order=0)
            for c in captions])
        self.events = []
        for index, article in enumerate(self.articles[:10]):
            event = Event.objects.create(name=f"城市建设推进会{index}", year=start.year, month=start.month,
                                         day=1 + index % 28, place=self.place)
            event.articles.add(article)
            event.organizers.add(self.organization)
            event.participants.add(self.official)
            self.events.append(event)
        if stored:  # written in bulk, past the services: their stored representations built as after a deploy
            representations_rebuild(article_ids=[a.pk for a in self.articles])

    @property
    def first(self) -> Article:
        return self.articles[0]


@pytest.fixture
def archive(db) -> Archive:
    return Archive()


def all_page_urls(archive: Archive) -> dict[str, str]:
    article = archive.first
    issue = archive.issues[0]
    event = archive.events[0]
    return {
        "home": reverse("site:home"),
        "issues": reverse("site:issues"),
        "issue": issue.get_absolute_url(),
        "page": archive.pages[0].get_absolute_url(),
        "article": article.get_absolute_url(),
        "keyword": archive.keywords[0].get_absolute_url(),
        "event": event.get_absolute_url(),
        "events-month": reverse("site:events-month", kwargs={"year": event.year, "month": event.month}),
        "reporters": reverse("site:reporters"),
        "reporter": reverse("site:reporter", kwargs={"pk": archive.reporter.pk}),
        "person": archive.official.get_absolute_url(),
        "organization": archive.organization.get_absolute_url(),
        "place": archive.place.get_absolute_url(),
        "feed": reverse("site:feed"),
        "reporter-feed": reverse("site:reporter-feed", kwargs={"pk": archive.reporter.pk}),
        "organization-feed": reverse("site:organization-feed", kwargs={"pk": archive.organization.pk}),
        "sitemap": reverse("sitemap-index"),
        "sitemap-articles": reverse("sitemap-section", kwargs={"section": "articles"}),
        "news-sitemap": reverse("news-sitemap"),
    }


# ----------------------------------------------------------------------------------- HTML checks
class Outline(HTMLParser):
    """Collects what the accessibility checks look at: headings, lang, images, links, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.lang = None
        self.images_without_alt = 0
        self.links: list[str] = []
        self.skip_link = False
        self.main_ids: list[str] = []
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = None
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img" and not attrs.get("alt"):
            self.images_without_alt += 1
        elif tag == "a":
            self.links.append(attrs.get("href", ""))
            if "skip-link" in (attrs.get("class") or ""):
                self.skip_link = attrs.get("href") == "#content"
        elif tag == "main":
            self.main_ids.append(attrs.get("id"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def assert_accessible_page(response) -> Outline:
    page = outline(response)
    assert page.lang == "zh-CN"
    assert page.skip_link and page.main_ids == ["content"]
    assert page.headings.count(1) == 1, page.headings
    assert page.headings[0] == 1
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"heading levels skip: {page.headings}"
    assert page.images_without_alt == 0
    return page


def text_of(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


# ------------------------------------------------------------------------------------- the pages
@pytest.mark.django_db
def test_every_page_type_renders_for_the_seed_page(client, seed):
    articles = list(seed)
    reporter = Person.objects.filter(credits__article__in=articles).first()
    organization = Organization.objects.filter(mentions__article__in=articles).first()
    person = Person.objects.filter(mentions__article__in=articles).first()
    place = Place.objects.filter(mentions__article__in=articles).first()
    keyword = Keyword.objects.filter(articles__in=articles).first()
    event = Event.objects.filter(articles__in=articles).first()
    urls = [reverse("site:home"), reverse("site:issues"), reverse("site:issue", kwargs={"date": "2024-03-06"}),
            reverse("site:page", kwargs={"date": "2024-03-06", "number": 1}), reverse("site:reporters"),
            reverse("site:reporter", kwargs={"pk": reporter.pk}), organization.get_absolute_url(),
            person.get_absolute_url(), place.get_absolute_url(), keyword.get_absolute_url()]
    urls += [article.get_absolute_url() for article in articles]
    if event:  # the parser finds the seed's events; the calendar shows their month
        urls += [event.get_absolute_url(), reverse("site:events-month", kwargs={"year": event.year,
                                                                                "month": event.month})]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_accessible_page(response)
    home = client.get("/").content.decode()
    for article in articles:
        assert article.get_absolute_url() in home


@pytest.mark.django_db
def test_the_issue_leads_to_its_pages_and_the_pages_to_their_articles_in_print_order(client, archive):
    issue = archive.issues[1]
    response = client.get(issue.get_absolute_url())
    html = response.content.decode()
    for page in (p for p in archive.pages if p.issue_id == issue.pk):
        assert page.get_absolute_url() in html
        assert f"第{page.number}版" in html
    assert reverse("site:issue", kwargs={"date": archive.issues[0].date.isoformat()}) in html  # previous
    assert reverse("site:issue", kwargs={"date": archive.issues[2].date.isoformat()}) in html  # next

    page = next(p for p in archive.pages if p.issue_id == issue.pk and p.number == 1)
    html = client.get(page.get_absolute_url()).content.decode()
    positions = [html.index(a.get_absolute_url()) for a in archive.articles if a.page_id == page.pk]
    assert positions == sorted(positions) and len(positions) == 3
    assert reverse("site:page", kwargs={"date": issue.date.isoformat(), "number": 2}) in html  # next page
    # one address per issue: other ISO spellings of its day are no page
    for spelling in (issue.date.strftime("%Y%m%d"), issue.date.strftime("%G-W%V-%u"), "2024-13-45"):
        assert client.get(f"/issues/{spelling}/").status_code == 404, spelling
        assert client.get(f"/issues/{spelling}/pages/1/").status_code == 404, spelling
    assert reverse("site:issue", kwargs={"date": archive.issues[0].date.isoformat()}) in html  # previous issue


@pytest.mark.django_db
def test_article_page_prints_kicker_headline_byline_body_caption_and_links(client, archive):
    article = archive.first
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    text = text_of(response)
    assert "引题" in text and article.headline in text
    assert "本报讯（记者 李记者 通讯员 王通讯）" in text
    reporter_url = reverse("site:reporter", kwargs={"pk": archive.reporter.pk})
    assert f'<a href="{reporter_url}" rel="author">李记者</a>' in html
    assert '<h2 class="subhead">小标题</h2>' in html
    assert "会议现场。（李记者 摄）" in text
    for linked in (archive.official, archive.organization, archive.place, archive.keywords[0], archive.events[0]):
        assert linked.get_absolute_url() in html
    related = outline(response).links
    assert any(link == other.get_absolute_url() for other in archive.articles[1:] for link in related)


@pytest.mark.django_db
def test_photo_story_byline_prints_the_photographers_as_the_paper_does(client, archive):
    article = archive.articles[-1]
    article.kind, article.headline, article.dateline = Article.Kind.PHOTO, "", ""
    article.save()
    Credit.objects.filter(article=article, caption__isnull=True).update(role=Credit.Role.PHOTOGRAPHER)
    text = text_of(client.get(article.get_absolute_url(), follow=True))
    assert "记者 李记者 通讯员 王通讯 摄" in text and "图片新闻" in text


@pytest.mark.django_db
def test_article_json_ld_open_graph_and_canonical_url(client, archive):
    article = archive.first
    response = client.get(article.get_absolute_url())
    page = outline(response)
    assert len(page.json_ld) == 1
    data = json.loads(page.json_ld[0])
    assert data["@type"] == "NewsArticle" and data["@context"] == "https://schema.org"
    assert data["headline"] == article.headline
    assert [author["name"] for author in data["author"]] == ["李记者", "王通讯"]
    assert data["publisher"]["name"] == "测试日报"
    assert datetime.datetime.fromisoformat(data["datePublished"]) == article.published_at
    assert data["keywords"] == ["主题0", "主题1", "主题2"]
    assert page.canonical == "http://testserver" + article.get_absolute_url() == data["url"]
    assert page.meta["og:type"] == "article" and page.meta["og:title"] == article.headline
    assert page.meta["og:url"] == page.canonical and page.meta["og:locale"] == "zh_CN"


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of_by_the_text(client, archive):
    article = archive.first
    article.headline = "标题</script><script>alert(1)</script>"
    article.save()
    response = client.get(article.get_absolute_url(), follow=True)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert json.loads(outline(response).json_ld[0])["headline"] == article.headline


@pytest.mark.django_db
def test_chinese_slugs_are_percent_encoded_and_wrong_slugs_redirect_to_the_canonical_url(client, archive):
    article = archive.first
    url = article.get_absolute_url()
    assert url == f"/articles/{article.pk}/%E7%A8%BF%E4%BB%B6-{article.page_id}-1/"
    assert unquote(url).endswith(f"/{article.slug}/")
    assert client.get(url).status_code == 200
    for other in (f"/articles/{article.pk}/", f"/articles/{article.pk}/wrong-slug/"):
        response = client.get(other)
        assert response.status_code == 301 and response["Location"] == url


@pytest.mark.django_db
def test_reporter_page_lists_articles_by_role(client, archive):
    url = reverse("site:reporter", kwargs={"pk": archive.reporter.pk})
    text = text_of(client.get(url))
    assert "记者（18）" in text and "摄影（18）" in text
    photographed = text_of(client.get(url + "?role=photographer"))
    assert "摄影" in photographed
    correspondent_url = reverse("site:reporter", kwargs={"pk": archive.correspondent.pk})
    assert "通讯员（18）" in text_of(client.get(correspondent_url))
    assert client.get(url + "?role=nonsense&page=abc").status_code == 200


@pytest.mark.django_db
def test_organization_person_place_and_keyword_pages(client, archive):
    org = text_of(client.get(archive.organization.get_absolute_url()))
    assert "城市建设推进会0" in org and archive.first.headline in org  # events it organized, articles
    person = text_of(client.get(archive.official.get_absolute_url()))
    assert "主任" in person and "城市建设推进会0" in person
    assert "人民广场" in text_of(client.get(archive.place.get_absolute_url()))
    keyword = client.get(archive.keywords[0].get_absolute_url())
    assert "共 18 篇稿件" in text_of(keyword)
    second_page = client.get(archive.keywords[0].get_absolute_url() + "?page=2")
    assert second_page.status_code == 200 and "第 1 / 1 页" not in text_of(second_page)


@pytest.mark.django_db
def test_events_calendar_by_month(client, archive):
    response = client.get(reverse("site:events"))
    assert response.status_code == 302
    assert response["Location"] == reverse("site:events-month", kwargs={"year": 2024, "month": 1})
    response = client.get(response["Location"])
    html = response.content.decode()
    assert html.count('class="has-events"') == 10
    assert archive.events[0].get_absolute_url() in html and 'id="day-1"' in html
    assert client.get(reverse("site:events-month", kwargs={"year": 2024, "month": 13})).status_code == 404
    assert client.get(reverse("site:events-month", kwargs={"year": 2023, "month": 5})).status_code == 200


# ----------------------------------------------------------------------------- only what is out
def hidden_article(archive: Archive, **changes) -> Article:
    article = archive.articles[-1]
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()
    return article


def public_urls_listing(archive: Archive) -> list[str]:
    urls = all_page_urls(archive)
    last_page = archive.pages[-1]
    return [urls["home"], urls["keyword"], urls["reporter"], urls["feed"], urls["reporter-feed"],
            urls["organization"], urls["organization-feed"], urls["sitemap-articles"], urls["news-sitemap"],
            urls["person"], urls["place"], last_page.get_absolute_url(), last_page.issue.get_absolute_url()]


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.REVIEW},
    {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=1)},
], ids=["draft", "review", "scheduled"])
def test_unpublished_articles_are_404_and_listed_nowhere(client, archive, changes):
    # The news sitemap lists only the last two days: make the visible articles recent.
    recently = timezone.now() - datetime.timedelta(hours=1)
    Article.objects.exclude(pk=archive.articles[-1].pk).update(published_at=recently)
    article = hidden_article(archive, **changes)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(reverse("site:article-short", kwargs={"pk": article.pk})).status_code == 404
    marker = f"/articles/{article.pk}/"
    for url in public_urls_listing(archive):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert marker not in response.content.decode(), url
    # ... while a visible article of the same page is everywhere
    visible = archive.articles[-2]
    assert f"/articles/{visible.pk}/" in client.get(reverse("news-sitemap")).content.decode()


@pytest.mark.django_db
def test_a_page_whose_articles_are_all_drafts_is_404(client, archive):
    page = archive.pages[-1]
    Article.objects.filter(page=page).update(status=Article.Status.DRAFT)
    assert client.get(page.get_absolute_url()).status_code == 404
    assert client.get(page.issue.get_absolute_url()).status_code == 200  # its other page is out
    Article.objects.filter(page__issue=page.issue).update(status=Article.Status.DRAFT)
    cache.clear()
    assert client.get(page.issue.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_entities_named_only_in_drafts_are_404(client, archive):
    Article.objects.update(status=Article.Status.DRAFT)
    for url in (archive.official.get_absolute_url(), archive.organization.get_absolute_url(),
                archive.place.get_absolute_url(), archive.keywords[0].get_absolute_url(),
                archive.events[0].get_absolute_url(), reverse("site:reporter", kwargs={"pk": archive.reporter.pk})):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_unpublishing_takes_effect_at_once_despite_the_page_cache(client, archive):
    article = archive.articles[-1]  # on the latest issue: the home page shows it
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.get_absolute_url() in client.get("/").content.decode()
    article_set_status(articles=[article], status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.get_absolute_url() not in client.get("/").content.decode()


@pytest.mark.django_db
def test_with_the_default_recheck_an_unpublished_article_goes_within_a_second(client, archive, settings):
    del settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS  # the default: one second
    article = archive.articles[-1]
    assert client.get(article.get_absolute_url()).status_code == 200
    article_set_status(articles=[article], status=Article.Status.DRAFT)
    time.sleep(VERSION_RECHECK_SECONDS + 0.1)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.get_absolute_url() not in client.get("/").content.decode()


@pytest.mark.django_db
def test_deleted_or_bulk_updated_articles_leave_cached_pages_within_the_cache_lifetime(client, archive, settings):
    settings.NEWSROOM_SITE_CACHE_SECONDS = 1
    deleted, unpublished = archive.articles[-1], archive.articles[-2]
    for article in (deleted, unpublished):
        assert client.get(article.get_absolute_url()).status_code == 200  # now cached
    deleted_url = deleted.get_absolute_url()
    deleted.delete()
    # A bulk update saves no article: the content version stays the same.
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.DRAFT)
    time.sleep(1.1)
    assert client.get(deleted_url).status_code == 404
    assert client.get(unpublished.get_absolute_url()).status_code == 404
    assert deleted_url not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_scheduled_article_appears_when_its_time_comes_despite_the_page_cache(client, archive):
    publish_at = timezone.now() + datetime.timedelta(seconds=2)
    article = hidden_article(archive, published_at=publish_at)
    assert article.get_absolute_url() not in client.get("/").content.decode()  # cached now
    assert client.get(article.get_absolute_url()).status_code == 404
    time.sleep(max(0.0, (publish_at - timezone.now()).total_seconds()) + 0.2)
    assert article.get_absolute_url() in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_cached_pages_are_kept_per_language(client, archive):
    english = client.get("/issues/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/issues/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Wednesday" in english  # 2024-01-03, in Django's own weekday names
    assert "星期三" in chinese and "Wednesday" not in chinese


@pytest.mark.django_db
def test_cached_pages_answer_conditional_gets(client, archive):
    first = client.get("/")
    assert first["ETag"] and first["Cache-Control"] == "no-cache"
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


# -------------------------------------------------------------------------- feeds, sitemaps, robots
@pytest.mark.django_db
def test_feeds_parse_as_rss_with_the_latest_visible_articles(client, archive):
    hidden = hidden_article(archive, status=Article.Status.DRAFT)
    urls = all_page_urls(archive)
    for name in ("feed", "reporter-feed", "organization-feed"):
        response = client.get(urls[name])
        assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
        root = ET.fromstring(response.content)
        items = root.findall("./channel/item")
        assert len(items) == len(archive.articles) - 1
        links = [urlparse(item.findtext("link")).path for item in items]
        assert hidden.get_absolute_url() not in links
        assert archive.first.get_absolute_url() in links
        assert {c.text for c in items[0].findall("category")} == {"主题0", "主题1", "主题2"}
    assert client.get(reverse("site:reporter-feed", kwargs={"pk": 99999})).status_code == 404


@pytest.mark.django_db
def test_sitemap_index_and_sections_parse_and_list_visible_pages(client, archive):
    index = ET.fromstring(client.get(reverse("sitemap-index")).content)
    sections = [urlparse(loc.text).path for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert "/sitemap-news.xml" in sections and "/sitemap-articles.xml" in sections
    listed = set()
    for section in sections:
        response = client.get(section)
        assert response.status_code == 200, section
        root = ET.fromstring(response.content)
        listed |= {urlparse(loc.text).path for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)}
    assert {a.get_absolute_url() for a in archive.articles} <= listed
    assert {i.get_absolute_url() for i in archive.issues} <= listed
    assert reverse("site:reporter", kwargs={"pk": archive.reporter.pk}) in listed


@pytest.mark.django_db
def test_news_sitemap_lists_the_last_two_days_only(client, archive):
    now = timezone.now()
    recent, old = archive.articles[0], archive.articles[1]
    Article.objects.filter(pk=recent.pk).update(published_at=now - datetime.timedelta(hours=30))
    Article.objects.filter(pk=old.pk).update(published_at=now - datetime.timedelta(days=3))
    root = ET.fromstring(client.get(reverse("news-sitemap")).content)
    urls = root.findall("sm:url", SITEMAP_NS)
    assert [urlparse(u.findtext("sm:loc", namespaces=SITEMAP_NS)).path for u in urls] == [recent.get_absolute_url()]
    news = urls[0].find("news:news", SITEMAP_NS)
    assert news.findtext("news:publication/news:name", namespaces=SITEMAP_NS) == "测试日报"
    assert news.findtext("news:publication/news:language", namespaces=SITEMAP_NS) == "zh-cn"
    assert news.findtext("news:title", namespaces=SITEMAP_NS) == recent.headline
    assert datetime.datetime.fromisoformat(news.findtext("news:publication_date", namespaces=SITEMAP_NS))


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body and "Disallow: /admin/" in body


# ------------------------------------------------------------------------- errors and bad input
@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/issues/2024-02-30/", "/issues/not-a-date/", "/issues/2024-01-01/pages/99/", "/articles/999999/",
    "/articles/999999/x/", "/keywords/没有这个词/", "/events/999999/", "/events/2024/0/", "/reporters/999999/",
    "/people/999999/", "/organizations/999999/", "/places/999999/", "/feed/organizations/999999/",
    "/sitemap-nonsense.xml", "/no/such/page/",
])
def test_nonsense_urls_are_404_in_the_site_style(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert_accessible_page(response)


@pytest.mark.django_db
def test_nonsense_parameters_never_break_a_page(client, archive):
    for url in ("/?page=-1", "/issues/?page=zzz", "/issues/?page=99999", archive.keywords[0].get_absolute_url()
                + "?page=%FF%FE", "/search/?q=%FF%FE&start=yesterday&reporter=abc"):
        assert client.get(url).status_code == 200, url
    assert client.post("/").status_code == 405


def test_server_error_page_stands_alone():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="zh-CN"' in html and "服务器出错了" in html and "{%" not in html


@pytest.mark.django_db
def test_static_files_are_served_by_whitenoise(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        response = Client().get("/static/css/site.css")
        assert response.status_code == 200
        assert b".skip-link" in b"".join(response.streaming_content)


# ----------------------------------------------------------------------------------- query counts
@pytest.mark.django_db
@pytest.mark.parametrize("days", [2, 6])
def test_page_query_counts_are_bounded_and_do_not_grow_with_the_archive(client, django_assert_max_num_queries, days):
    archive = Archive(days=days, pages=3, per_page=5, stored=True)
    limits = {"home": 4, "issues": 6, "issue": 8, "page": 9, "article": 16, "keyword": 7, "event": 8,
              "events-month": 7, "reporters": 6, "reporter": 10, "person": 10, "organization": 9, "place": 9,
              "feed": 6, "reporter-feed": 6, "organization-feed": 6, "sitemap": 10, "sitemap-articles": 5,
              "news-sitemap": 5}
    for name, url in all_page_urls(archive).items():
        cache.clear()
        with django_assert_max_num_queries(limits[name]):
            response = client.get(url)
        assert response.status_code == 200, name
        # A cached page costs one query: the content version (and none within its recheck interval).
        with django_assert_max_num_queries(1):
            client.get(url)


@pytest.mark.django_db
def test_keywords_with_url_characters_link_and_resolve(client, archive):
    odd = Keyword.objects.create(name="5G/物联网?#")
    archive.first.keywords.add(odd)
    url = odd.get_absolute_url()
    assert "?" not in url and "#" not in url
    assert url in client.get(archive.first.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_feeds_of_people_and_organizations_named_only_in_drafts_are_404(client, archive):
    Article.objects.update(status=Article.Status.DRAFT)
    assert client.get(reverse("site:reporter-feed", kwargs={"pk": archive.reporter.pk})).status_code == 404
    assert client.get(reverse("site:organization-feed", kwargs={"pk": archive.organization.pk})).status_code == 404


@pytest.mark.django_db
def test_within_the_recheck_interval_a_cached_page_costs_no_query(client, archive, settings,
                                                                   django_assert_num_queries):
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 30
    url = archive.first.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
