"""Readers' pages: the latest issue, the e-paper reading path, articles, keywords, events, search.

Views only read. Everything public goes through `Article.objects.published()`: drafts, articles in
review and articles scheduled for later are 404 here, and lists leave them out.

Pages are cached (`public_page`, articles/caching.py): a scheduled article appears on time, and an
article unpublished or edited (saved) shows so within a second; see articles.caching."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from people.models import Credit, OrganizationMention, PersonMention, PlaceMention

from .caching import PAGE_CACHE_SECONDS, content_version, public_page
from .caching import VERSION_RECHECK_SECONDS as VERSION_RECHECK_SECONDS  # re-exported: the site's tests read it
from .models import Article, Event, Issue, Keyword, Page

LIST_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 10
SEARCH_MAX_LENGTH = 100
RELATED_ARTICLES = 5
SITE_NAME = "Newsroom"


# --------------------------------------------------------------------------------------- helpers
#: What the site never shows of a page: its raw text is large, and lists hold many articles.
PAGE_UNSHOWN = ("page__raw_text", "page__warnings", "page__header")


def visible_articles() -> QuerySet[Article]:
    """Published articles readers may see, with where they were printed and their byline."""
    return Article.objects.published().with_print_position().defer(*PAGE_UNSHOWN).prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person").filter(caption__isnull=True)
                 .order_by("order", "pk"), to_attr="byline_credits")
    )


def has_visible_article(relation: str) -> Exists:
    """`Exists` of a visible article through `relation` (the reverse path from Article to the model)."""
    now = timezone.now()
    return Exists(Article.objects.filter(
        **{relation: OuterRef("pk")}, status=Article.Status.PUBLISHED, published_at__lte=now,
    ))


def paginate(request: HttpRequest, queryset, per_page: int = LIST_PAGE_SIZE, *,
             paginator_class: type[Paginator] = Paginator) -> PaginatorPage:
    """The requested page of a list; a nonsense or too-large page number gives the nearest page."""
    return paginator_class(queryset, per_page).get_page(request.GET.get("page"))


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


def _visible_pages(issue: Issue) -> list[Page]:
    """The issue's pages in order, each with `visible_articles` in print order; pages without any left out."""
    pages = issue.pages.order_by("number", "pk").defer("raw_text", "warnings", "header").prefetch_related(
        Prefetch("articles", queryset=Article.objects.published().order_by("order"), to_attr="visible_articles")
    )
    return [page for page in pages if page.visible_articles]


def _neighbour_issue(day: datetime.date, *, later: bool) -> Issue | None:
    issues = Issue.objects.filter(has_visible_article("page__issue"))
    if later:
        return issues.filter(date__gt=day).order_by("date").first()
    return issues.filter(date__lt=day).order_by("-date").first()


# ----------------------------------------------------------------------------------------- pages
@public_page
def home(request: HttpRequest) -> HttpResponse:
    # Issues newest first, each checked for a visible article: stops at the first that has one.
    issue = Issue.objects.select_related("publication").filter(has_visible_article("page__issue")).order_by(
        "-date", "pk").first()
    pages = _visible_pages(issue) if issue else []
    latest = visible_articles().order_by("-published_at", "-pk")[:10]
    return render(request, "site/home.html", {"issue": issue, "pages": pages, "latest": latest})


@public_page
def issue_archive(request: HttpRequest) -> HttpResponse:
    issues = Issue.objects.select_related("publication").filter(has_visible_article("page__issue")).annotate(
        page_count=Count("pages", distinct=True)).order_by("-date")
    return render(request, "site/issue_archive.html", {"page_obj": paginate(request, issues, 60)})


@public_page
def issue_detail(request: HttpRequest, date: str) -> HttpResponse:
    day = _parse_day(date)
    issue = Issue.objects.select_related("publication").filter(date=day).order_by("pk").first()
    if issue is None:
        raise Http404("No issue on this day")
    pages = _visible_pages(issue)
    if not pages:
        raise Http404("No published article in this issue")
    return render(request, "site/issue.html", {
        "issue": issue, "pages": pages,
        "previous_issue": _neighbour_issue(day, later=False), "next_issue": _neighbour_issue(day, later=True),
    })


@public_page
def page_detail(request: HttpRequest, date: str, number: int) -> HttpResponse:
    day = _parse_day(date)
    page = Page.objects.select_related("issue", "publication").defer("raw_text", "warnings", "header").filter(
        issue__date=day, number=number).order_by("pk").first()
    if page is None:
        raise Http404("No such page")
    articles = list(visible_articles().filter(page=page).order_by("order"))
    if not articles:
        raise Http404("No published article on this page")
    numbers = list(
        Page.objects.filter(issue=page.issue_id, number__isnull=False).filter(has_visible_article("page"))
        .order_by("number").values_list("number", flat=True)
    )
    index = numbers.index(page.number)
    return render(request, "site/page.html", {
        "page": page, "issue": page.issue, "articles": articles,
        "previous_number": numbers[index - 1] if index > 0 else None,
        "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
        "previous_issue": _neighbour_issue(day, later=False) if index == 0 else None,
        "next_issue": _neighbour_issue(day, later=True) if index + 1 == len(numbers) else None,
    })


def related_articles(article: Article, keyword_ids: list[int]) -> QuerySet[Article]:
    """Published articles sharing the most keywords with `article` (the keywords hold the names of
    the people and organizations it is about), newest first among equals: one query."""
    if not keyword_ids:
        return Article.objects.none()
    return (
        Article.objects.published().with_print_position().defer(*PAGE_UNSHOWN).exclude(pk=article.pk)
        .filter(keywords__in=keyword_ids).annotate(shared=Count("keywords"))
        .order_by("-shared", "-published_at", "-pk")[:RELATED_ARTICLES]
    )


@public_page
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    article = get_object_or_404(
        visible_articles().prefetch_related(
            "keywords",
            Prefetch("captions__credits", queryset=Credit.objects.select_related("person").order_by("order", "pk")),
            Prefetch("person_mentions", queryset=PersonMention.objects.select_related("person")),
            Prefetch("organization_mentions", queryset=OrganizationMention.objects.select_related("organization")),
            Prefetch("place_mentions", queryset=PlaceMention.objects.select_related("place")),
            Prefetch("events", queryset=Event.objects.in_chronological_order()),
        ),
        pk=pk,
    )
    if slug != (article.slug or "article"):
        return redirect(article, permanent=True)
    keywords = list(article.keywords.all())
    siblings = list(
        Article.objects.published().filter(page=article.page_id).order_by("order")
        .only("pk", "slug", "headline", "kind", "order", "body")
    )
    position = next((i for i, sibling in enumerate(siblings) if sibling.pk == article.pk), 0)
    absolute_url = request.build_absolute_uri(article.get_absolute_url())
    return render(request, "site/article.html", {
        "article": article, "keywords": keywords,
        "related": related_articles(article, [k.pk for k in keywords]),
        "previous_article": siblings[position - 1] if position > 0 else None,
        "next_article": siblings[position + 1] if position + 1 < len(siblings) else None,
        "canonical_url": absolute_url,
        "description": article.lead[:120],
        "json_ld": article_json_ld(request, article, keywords, absolute_url),
    })


def article_json_ld(request: HttpRequest, article: Article, keywords: list[Keyword], url: str) -> dict:
    """schema.org NewsArticle of an article (https://schema.org/NewsArticle)."""
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
        "publisher": {"@type": "Organization", "name": publication.name},
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
    return data


@public_page
def keyword_detail(request: HttpRequest, name: str) -> HttpResponse:
    if "\x00" in name:  # no keyword holds a NUL, and PostgreSQL refuses to compare one (a 500)
        raise Http404("No keyword has this name")
    keyword = get_object_or_404(Keyword, name=name)
    page_obj = paginate(request, visible_articles().filter(keywords=keyword).in_print_order())
    if not page_obj.paginator.count:
        raise Http404("No published article has this keyword")
    return render(request, "site/keyword.html", {"keyword": keyword, "page_obj": page_obj})


# ---------------------------------------------------------------------------------------- events
def visible_events() -> QuerySet[Event]:
    """Events reported by at least one visible article."""
    return Event.objects.filter(has_visible_article("events")).select_related("place")


@public_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        visible_events().prefetch_related("organizers", "participants"), pk=pk,
    )
    articles = visible_articles().filter(events=event).in_print_order()
    return render(request, "site/event.html", {"event": event, "articles": articles})


@public_page
def events_index(request: HttpRequest) -> HttpResponse:
    """The calendar of the latest month with a reported event (or this month when there is none)."""
    latest = visible_events().filter(year__isnull=False).order_by("-year", "-month").values("year", "month").first()
    if latest is None:
        today = timezone.localdate()
        latest = {"year": today.year, "month": today.month}
    return redirect("site:events-month", year=latest["year"], month=latest["month"])


@public_page
def events_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and datetime.MINYEAR <= year <= datetime.MAXYEAR):
        raise Http404("No such month")
    events = list(visible_events().in_month(year, month).in_chronological_order())
    by_day: dict[int | None, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    weeks = [
        [{"day": day, "events": by_day.get(day, [])} if day else None for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    dated = visible_events().filter(year__isnull=False)
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


def search_reporters(version: str) -> dict[int, str]:
    """The people credited on a visible article, {pk: name}, by name: the reporter filter's
    choices, kept in the cache for as long as the content version lasts."""
    from people.models import Person

    def load() -> dict[int, str]:
        rows = Person.objects.filter(has_visible_article("credits__person")).order_by(
            "name", "disambiguation", "pk").values_list("pk", "name", "disambiguation")
        return {pk: f"{name}（{other}）" if other else name for pk, name, other in rows}

    return cache.get_or_set(f"site:search-reporters:{version}", load, PAGE_CACHE_SECONDS)


def _search_engine():
    """The full-text search engine (articles.search), or None where it is not installed."""
    try:
        from articles import search as engine
    except ImportError:
        return None
    ready = all(hasattr(engine, name)
                for name in ("search_articles", "search_snippets", "SearchPaginator", "SearchQueryError"))
    return engine if ready else None


@public_page
def search(request: HttpRequest) -> HttpResponse:
    version = getattr(request, "site_content_version", None) or content_version()
    form = SearchForm(request.GET, reporters=search_reporters(version))
    context: dict[str, Any] = {"form": form, "query": "", "page_obj": None, "message": ""}
    if not form.is_valid():
        context["message"] = "请检查搜索条件：" + "；".join(
            str(message) for messages in form.errors.values() for message in messages)
        return render(request, "site/search.html", context)
    query = form.cleaned_data["q"]
    context["query"] = query
    if not query:
        context["message"] = "请输入要搜索的词语。" if "q" in request.GET else ""
        return render(request, "site/search.html", context)
    engine = _search_engine()
    if engine is None:
        context["message"] = "搜索暂不可用，请稍后再试。"
        return render(request, "site/search.html", context, status=503)
    narrowing: dict[str, Any] = {}
    if form.cleaned_data["start"]:
        narrowing["page__issue__date__gte"] = form.cleaned_data["start"]
    if form.cleaned_data["end"]:
        narrowing["page__issue__date__lte"] = form.cleaned_data["end"]
    if form.cleaned_data["reporter"]:
        narrowing["pk__in"] = Credit.objects.filter(person=form.cleaned_data["reporter"]).values("article")
    try:
        # Without a narrowing the search index alone finds, ranks and counts what readers may see.
        # The page and issue are joined to the ten hits shown only (the engine reads the hits' keys
        # first, their rows second).
        base = Article.objects.filter(**narrowing)
        results = engine.search_articles(query, queryset=base, public=True).select_related("page__issue").defer(
            *PAGE_UNSHOWN)
        page_obj = paginate(request, results, SEARCH_PAGE_SIZE, paginator_class=engine.SearchPaginator)
        hits = list(page_obj.object_list)
    except engine.SearchQueryError:
        context["message"] = "无法按这个词语搜索，请换一个词语再试。"
        return render(request, "site/search.html", context)
    for article, snippet in zip(hits, engine.search_snippets(hits, query), strict=True):
        # The engine escapes the text and adds only <mark> (its documented contract): safe as HTML.
        article.snippet = mark_safe(snippet)
    context.update(page_obj=page_obj, hits=hits)
    return render(request, "site/search.html", context)


# ----------------------------------------------------------------------------------- the others
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", {"sitemap_url": request.build_absolute_uri(reverse("sitemap-index"))},
                  content_type="text/plain; charset=utf-8")


@require_safe
def bench_hello(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: what the same server and middleware answer with no work at all."""
    return HttpResponse("hello", content_type="text/plain")
