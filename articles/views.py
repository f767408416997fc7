"""Readers' pages: the latest issue, the e-paper reading path, articles, keywords, events, search.

Views only read, and read through articles.selectors: everything public is what readers see
(`Article.objects.published()`): drafts, articles in review and articles scheduled for later are
404 here, and lists leave them out.

Pages are cached (`public_page`, articles/caching.py): a scheduled article appears on time, and an
article unpublished or edited (saved) shows so within a second; see articles.caching."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import time
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from articles import search as engine

from . import selectors, site_cards
from .caching import PAGE_CACHE_SECONDS, content_version, public_page
from .caching import VERSION_RECHECK_SECONDS as VERSION_RECHECK_SECONDS  # re-exported: the site's tests read it
from .models import Article, Event, Image, Issue, Keyword, PageImage
from .paper import current_paper

SEARCH_PAGE_SIZE = 10
SEARCH_MAX_LENGTH = 100


# --------------------------------------------------------------------------------------- helpers
def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = selectors.LIST_PAGE_SIZE, *,
             paginator_class: type[Paginator] = Paginator) -> PaginatorPage:
    """The page of a list the request asks for (`?page=`)."""
    return selectors.page_of(queryset, number=request.GET.get("page"), per_page=per_page,
                             paginator_class=paginator_class)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_day(date: str) -> datetime.date:
    """The day of an issue's URL, written YYYY-MM-DD only: Python also reads 20240306 and
    2024-W10-3, which would serve each issue under several addresses."""
    try:
        if _DAY.fullmatch(date):
            return datetime.date.fromisoformat(date)
    except ValueError:
        pass
    raise Http404("No such date")


# ----------------------------------------------------------------------------------------- pages
@public_page
def home(request: HttpRequest) -> HttpResponse:
    issue, pages = latest_issue_pages()
    # the cards stored beside each article (articles.site_cards), joined
    latest = site_cards.cards(selectors.latest_article_ids(limit=10))
    return render(request, "site/home.html", {"issue": issue, "pages": pages, "latest": latest})


class _ListedArticle:
    """An article as an issue's page lists show it (templates/site/_page_articles.html and
    _printed_page.html): its link, its title (`{{ article }}`) and its printed regions (hot zones)."""

    __slots__ = ("get_absolute_url", "regions", "title")

    def __init__(self, url: str, title: str, regions: list) -> None:
        self.get_absolute_url, self.title, self.regions = url, title, regions

    def __str__(self) -> str:
        return self.title


class _IssuePage:
    """A page of an issue as _page_articles.html shows it (what selectors.issue_pages gives of a Page)."""

    __slots__ = ("get_absolute_url", "hot_zones", "name", "number", "pk", "printed", "visible_articles")

    def __init__(self, pk: int, number: int | None, name: str, url: str, printed: PageImage | None) -> None:
        self.pk, self.number, self.name, self.get_absolute_url, self.printed = pk, number, name, url, printed
        self.visible_articles: list[_ListedArticle] = []
        self.hot_zones: list[tuple[Any, list[dict[str, float]]]] = []  # (each of visible_articles)


def latest_issue_pages() -> tuple[Issue | None, list[_IssuePage]]:
    """The latest issue and its pages with their articles, as selectors.latest_issue and issue_pages
    give them to the templates, from one query of plain rows (selectors.latest_issue_rows): the
    home page's issue without a model instance per article (nor its body, but for a title read
    from it). tests/test_site_home.py compares the page with the one rendered from those selectors."""
    rows = selectors.latest_issue_rows()
    if not rows:
        return None, []
    first = rows[0]
    issue = Issue(pk=first["page__issue_id"], date=first["page__issue__date"], number=first["page__issue__number"])
    page_url = functools.partial(reverse, "site:page")
    article_url = functools.partial(reverse, "site:article")
    pages: list[_IssuePage] = []
    for row in rows:
        if not pages or pages[-1].pk != row["page_id"]:
            number = row["page__number"]
            pages.append(_IssuePage(
                row["page_id"], number, row["page__name"],
                page_url(kwargs={"date": issue.date.isoformat(), "number": number}) if number else reverse("site:home"),
                None if row["page__printed__file"] is None else PageImage(
                    file=row["page__printed__file"], width=row["page__printed__width"],
                    height=row["page__printed__height"], page_index=row["page__printed__page_index"],
                    width_points=row["page__printed__width_points"],
                    height_points=row["page__printed__height_points"])))
        page = pages[-1]
        title = row["headline"] or str(Article(pk=row["pk"], kind=row["kind"], body=row["untitled_body"] or []))
        page.visible_articles.append(_ListedArticle(
            article_url(kwargs={"pk": row["pk"], "slug": row["slug"] or "article"}), title, row["regions"]))
    for page in pages:
        if page.printed is not None:  # (a page printed on paper only has none)
            page.hot_zones = page.printed.hot_zones(page.visible_articles)  # type: ignore[arg-type]
    return issue, pages


@public_page
def issue_archive(request: HttpRequest) -> HttpResponse:
    return render(request, "site/issue_archive.html", {"page_obj": paginate(request, selectors.issue_archive(), 60)})


@public_page
def issue_detail(request: HttpRequest, date: str) -> HttpResponse:
    day = _parse_day(date)
    issue = selectors.issue_on(day=day)
    if issue is None:
        raise Http404("No issue on this day")
    pages = selectors.issue_pages(issue=issue)
    if not pages:
        raise Http404("No published article in this issue")
    return render(request, "site/issue.html", {
        "issue": issue, "pages": pages,
        "previous_issue": selectors.neighbour_issue(day=day, later=False),
        "next_issue": selectors.neighbour_issue(day=day, later=True),
    })


@public_page
def page_detail(request: HttpRequest, date: str, number: int) -> HttpResponse:
    day = _parse_day(date)
    page = selectors.print_page_on(day=day, number=number)
    if page is None:
        raise Http404("No such page")
    articles = selectors.page_articles(page=page)
    if not articles:
        raise Http404("No published article on this page")
    numbers = selectors.published_page_numbers(issue_id=page.issue_id)
    index = numbers.index(page.number)
    return render(request, "site/page.html", {
        "page": page, "issue": page.issue, "articles": articles,
        "printed": selectors.printed_page(page),
        "hot_zones": selectors.printed_page_zones(page=page, articles=articles),
        "previous_number": numbers[index - 1] if index > 0 else None,
        "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
        "previous_issue": selectors.neighbour_issue(day=day, later=False) if index == 0 else None,
        "next_issue": selectors.neighbour_issue(day=day, later=True) if index + 1 == len(numbers) else None,
    })


@public_page
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    stub = selectors.published_article_stub(pk=pk)
    if stub is None:
        raise Http404("No Article matches the given query.")
    stored = site_cards.stored_article(stub, origin=request.build_absolute_uri("/")[:-1])
    if stored is None:  # no stored fragments of the current shape: built live, as they are stored
        return _article_live(request, pk, slug)
    if slug != (stub.slug or "article"):
        return redirect(stub, permanent=True)
    return render(request, "site/article.html", {
        "stored_article": stored, "article_title": stored["title"], "description": stored["description"],
        "related": site_cards.cards(selectors.related_article_ids(article=stub, keyword_ids=stored["keyword_ids"]),
                                    lead=False),
        **_reading_path(stub),
    })


def _article_live(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(selectors.published_article_detail(), pk=pk)
    if slug != (article.slug or "article"):
        return redirect(article, permanent=True)
    parts = article_parts(request, article)
    return render(request, "site/article.html", {
        **parts, "article_title": str(article),
        "related": site_cards.cards(
            selectors.related_article_ids(article=article, keyword_ids=[k.pk for k in parts["keywords"]]), lead=False),
        **_reading_path(article),
    })


def _reading_path(article: Article) -> dict[str, Article | None]:
    """The previous and next article of its page, in print order."""
    siblings = selectors.article_siblings(article=article)
    position = next((i for i, sibling in enumerate(siblings) if sibling.pk == article.pk), 0)
    return {"previous_article": siblings[position - 1] if position > 0 else None,
            "next_article": siblings[position + 1] if position + 1 < len(siblings) else None}


def article_parts(request: HttpRequest, article: Article) -> dict[str, Any]:
    """What templates/site/_article_head.html and _article_main.html show of an article (read with
    published_article_detail's related rows): the page renders them live, and articles.site_cards
    stores them rendered (with a request whose links' origin is a placeholder)."""
    keywords = list(article.keywords.all())
    absolute_url = request.build_absolute_uri(article.get_absolute_url())
    images = [placement.image for placement in article.shown_images]
    # a caption printed under one of the pictures is not repeated on its own
    pictured = {image.caption.strip() for image in images if image.caption}
    return {
        "article": article, "keywords": keywords,
        "loose_captions": [caption for caption in article.captions.all() if caption.text.strip() not in pictured],
        "lead_image": images[0] if images else None, "more_images": images[1:],
        "og_image": share_image(request, images[0]) if images else None,
        "canonical_url": absolute_url,
        "description": article.lead[:120],
        "json_ld": article_json_ld(request, article, keywords, absolute_url, images),
    }


def share_image(request: HttpRequest, image: Image) -> dict[str, Any]:
    """The rendition of `image` that link previews and search engines take (og:image, JSON-LD): the
    largest JPEG (every reader of og:image knows JPEG; WebP not all), with its absolute URL and size.
    Never the original upload, which may carry the camera's EXIF (GPS)."""
    largest = selectors.renditions(image)[-1]
    return {"url": request.build_absolute_uri(largest["jpeg"]), "width": largest["width"],
            "height": largest["height"], "alt": image.alt_text, "caption": image.caption}


def article_json_ld(request: HttpRequest, article: Article, keywords: list[Keyword], url: str,
                    images: Sequence[Image] = ()) -> dict:
    """schema.org NewsArticle of an article (https://schema.org/NewsArticle), its pictures as
    ImageObjects (the lead first) in the largest JPEG rendition."""
    publication = article.page.publication
    authors = [
        {"@type": "Person", "name": credit.person.name,
         "url": request.build_absolute_uri(reverse("site:reporter", kwargs={"pk": credit.person_id}))}
        for credit in article.byline_credits
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": str(article)[:110],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "zh-CN",
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "publisher": {"@type": "Organization", "name": publication.title},
        "description": article.lead[:200],
        "articleBody": article.body_text,
    }
    if authors:
        data["author"] = authors
    if keywords:
        data["keywords"] = [k.name for k in keywords]
    if article.page.name or article.page.number:
        data["articleSection"] = (f"第{article.page.number}版 " if article.page.number else "") + article.page.name
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    if images:
        data["image"] = []
        for image in images:
            shared = share_image(request, image)
            picture: dict[str, Any] = {"@type": "ImageObject", "url": shared["url"], "contentUrl": shared["url"],
                                       "width": shared["width"], "height": shared["height"]}
            if image.caption:
                picture["caption"] = image.caption
            if image.credit is not None:
                picture["creditText"] = image.credit.name
                picture["creator"] = {"@type": "Person", "name": image.credit.name, "url": request.build_absolute_uri(
                    reverse("site:reporter", kwargs={"pk": image.credit_id}))}
            data["image"].append(picture)
    return data


@public_page
def keyword_detail(request: HttpRequest, name: str) -> HttpResponse:
    if "\x00" in name:  # no keyword holds a NUL, and PostgreSQL refuses to compare one (a 500)
        raise Http404("No keyword has this name")
    keyword = get_object_or_404(Keyword, name=name)
    page_obj = paginate(request, selectors.keyword_articles(keyword=keyword))
    if not page_obj.paginator.count:
        raise Http404("No published article has this keyword")
    return render(request, "site/keyword.html", {"keyword": keyword, "page_obj": page_obj})


# -------------------------------------------------------------------------------------- sections
@public_page
def sections_index(request: HttpRequest) -> HttpResponse:
    return render(request, "site/sections.html", {"sections": selectors.published_sections()})


@public_page
def section_detail(request: HttpRequest, name: str) -> HttpResponse:
    """A section (栏目): the articles printed on the pages of one name (版名), issue after issue."""
    if "\x00" in name:  # no page name holds a NUL, and PostgreSQL refuses to compare one (a 500)
        raise Http404("No section has this name")
    page_obj = paginate(request, selectors.section_articles(name=name))
    if not page_obj.paginator.count:
        raise Http404("No published article in this section")
    return render(request, "site/section.html", {"section": name, "page_obj": page_obj})


# ---------------------------------------------------------------------------------------- events
@public_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        selectors.published_events().prefetch_related("organizers", "participants"), pk=pk,
    )
    articles = selectors.event_articles(event=event)
    return render(request, "site/event.html", {"event": event, "articles": articles})


@public_page
def events_index(request: HttpRequest) -> HttpResponse:
    """The calendar of the latest month with a reported event (or this month when there is none)."""
    latest = selectors.published_events().filter(year__isnull=False).order_by("-year", "-month").values(
        "year", "month").first()
    if latest is None:
        today = timezone.localdate()
        latest = {"year": today.year, "month": today.month}
    return redirect("site:events-month", year=latest["year"], month=latest["month"])


@public_page
def events_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and datetime.MINYEAR <= year <= datetime.MAXYEAR):
        raise Http404("No such month")
    events = list(selectors.published_events().in_month(year, month).in_chronological_order())
    by_day: dict[int | None, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    weeks = [
        [{"day": day, "events": by_day.get(day, [])} if day else None for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    dated = selectors.published_events().filter(year__isnull=False)
    before = dated.filter(Q(year__lt=year) | Q(year=year, month__lt=month)).order_by("-year", "-month")
    after = dated.filter(Q(year__gt=year) | Q(year=year, month__gt=month)).order_by("year", "month")
    return render(request, "site/events_month.html", {
        "month": datetime.date(year, month, 1), "weeks": weeks,
        "days": sorted(((day, items) for day, items in by_day.items() if day), key=lambda pair: pair[0]),
        "undated": by_day.get(None, []),
        "previous_month": before.values("year", "month").first(),
        "next_month": after.values("year", "month").first(),
        "weekdays": ["一", "二", "三", "四", "五", "六", "日"],
    })


# ---------------------------------------------------------------------------------------- search
class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=SEARCH_MAX_LENGTH, required=False, strip=True)
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reporter = forms.IntegerField(label="记者", required=False, min_value=1)

    def __init__(self, *args: Any, reporters: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reporters = reporters

    def reporter_options(self) -> str:
        """The <option>s of the reporter filter, built here and kept per list of reporters: a
        template loop over hundreds of names would cost more than the rest of the page."""
        selected = self.cleaned_data.get("reporter") if hasattr(self, "cleaned_data") else None
        options = _reporter_options(tuple(self.reporters.items()))
        if selected is not None:
            options = options.replace(f'<option value="{selected}">', f'<option value="{selected}" selected>', 1)
        return mark_safe(options)  # built of escaped names and integers only

    def clean_reporter(self) -> int | None:
        reporter = self.cleaned_data["reporter"]
        if reporter is not None and reporter not in self.reporters:
            raise forms.ValidationError("没有这位记者的稿件。")
        return reporter

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期晚于截止日期。")
        return data


@functools.lru_cache(maxsize=4)
def _reporter_options(reporters: tuple[tuple[int, str], ...]) -> str:
    return "".join(f'<option value="{int(pk)}">{escape(name)}</option>' for pk, name in reporters)


#: how long a process keeps the reporter filter's choices it read from the cache
REPORTERS_KEPT_SECONDS = 10.0
#: this process's copy of the reporter filter's choices: (content version, until when, choices)
_reporters_kept: tuple[str, float, dict[int, str]] | None = None


def search_reporters(version: str) -> dict[int, str]:
    """The people credited on a visible article, {pk: name}, by name: the reporter filter's
    choices, kept in the cache for as long as the content version lasts (at most
    PAGE_CACHE_SECONDS: a renamed person saves no article), and by this process for up to
    REPORTERS_KEPT_SECONDS more, so that a search does not fetch and unpickle hundreds of names
    each time (a renamed reporter may reach the filter that much later than before)."""
    global _reporters_kept
    now = time.monotonic()
    kept = _reporters_kept
    if kept is not None and kept[0] == version and now < kept[1]:
        return kept[2]
    choices = cache.get_or_set(f"site:search-reporters:{version}", selectors.reporter_choices, PAGE_CACHE_SECONDS)
    _reporters_kept = (version, now + REPORTERS_KEPT_SECONDS, choices)
    return choices


SEARCH_PAGE = "site/search.html"
SEARCH_CONTENT = "site/_search_content.html"
#: where the search page kept by `_search_frame` takes the query and its own part (control
#: characters no template text holds, that escaping leaves as they are)
_QUERY_STAND_IN = "\x1esearch-query-5e1d\x1e"
_CONTENT_STAND_IN = "\x1esearch-content-5e1d\x1e"
#: the search page around its own part, per (language, URL prefix, paper, whether there is a query)
_search_frames: dict[tuple, tuple[str, str]] = {}


def _search_frame(request: HttpRequest, *, with_query: bool) -> tuple[str, str]:
    """The search page (SEARCH_PAGE) before and after its own part, the query's place in them
    _QUERY_STAND_IN: rendered once per process for each language, URL prefix and paper's names
    (all it shows besides the query and its own part), since its masthead and links (a dozen URLs
    reversed) cost more than the form and the results."""
    key = (translation.get_language(), get_script_prefix(), current_paper(), with_query)
    frame = _search_frames.get(key)
    if frame is None:
        page = render_to_string(SEARCH_PAGE, {"query": _QUERY_STAND_IN if with_query else "",
                                              "search_content": mark_safe(_CONTENT_STAND_IN)}, request)
        before, after = page.split(_CONTENT_STAND_IN)
        if len(_search_frames) >= 16:  # a paper renamed many times: keep only the newest
            _search_frames.clear()
        frame = _search_frames[key] = (before, after)
    return frame


def _render_search(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """SEARCH_PAGE of `context`, as `render` gives it: its own part rendered, the page around it kept."""
    query = context["query"]
    before, after = _search_frame(request, with_query=bool(query))
    escaped = escape(query)
    content = render_to_string(SEARCH_CONTENT, context, request)
    return HttpResponse(before.replace(_QUERY_STAND_IN, escaped) + content + after.replace(_QUERY_STAND_IN, escaped))


@public_page
def search(request: HttpRequest) -> HttpResponse:
    version = getattr(request, "site_content_version", None) or content_version()
    form = SearchForm(request.GET, reporters=search_reporters(version))
    context: dict[str, Any] = {"form": form, "query": "", "page_obj": None, "message": ""}
    if not form.is_valid():
        context["message"] = "请检查搜索条件：" + "；".join(
            str(message) for messages in form.errors.values() for message in messages)
        return _render_search(request, context)
    query = form.cleaned_data["q"]
    context["query"] = query
    if not query:
        context["message"] = "请输入要搜索的词语。" if "q" in request.GET else ""
        return _render_search(request, context)
    try:
        # the page's ids and the count of all hits in one query, their texts and stored results in one more
        results = selectors.PublishedSearch(
            query=query, start=form.cleaned_data["start"], end=form.cleaned_data["end"],
            reporter_id=form.cleaned_data["reporter"],
        )
        page_obj = paginate(request, results, SEARCH_PAGE_SIZE, paginator_class=engine.SearchPaginator)  # type: ignore[arg-type]
        hits = list(page_obj.object_list)
    except engine.SearchQueryError:
        context["message"] = "无法按这个词语搜索，请换一个词语再试。"
        return _render_search(request, context)
    # The engine escapes the text and adds only <mark> (its documented contract): safe as HTML,
    # between each hit's stored head and tail (articles.site_cards)
    context.update(page_obj=page_obj, results=site_cards.search_results(hits, engine.search_snippets(hits, query)))
    return _render_search(request, context)


# ----------------------------------------------------------------------------------- the others
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", {"sitemap_url": request.build_absolute_uri(reverse("sitemap-index"))},
                  content_type="text/plain; charset=utf-8")

