"""Readers' pages: the latest issue, the e-paper reading path and articles. Views only read."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from people.models import Credit

from .models import Article, Event, Issue, Keyword, Page


def _visible_articles():
    return Article.objects.published().with_print_position().prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person").filter(caption__isnull=True))
    )


def home(request: HttpRequest) -> HttpResponse:
    visible = Article.objects.published()
    issue = Issue.objects.filter(pages__articles__in=visible).distinct().order_by("-date").first()
    pages = []
    if issue:
        pages = issue.pages.order_by("number").prefetch_related(
            Prefetch("articles", queryset=visible.order_by("order"), to_attr="visible_articles")
        )
    latest = _visible_articles().order_by("-published_at", "-pk")[:10]
    return render(request, "site/home.html", {"issue": issue, "pages": pages, "latest": latest})


def issue_detail(request: HttpRequest, date: str) -> HttpResponse:
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404("No such date") from error
    issue = get_object_or_404(Issue.objects.select_related("publication"), date=day)
    visible = Article.objects.published()
    pages = issue.pages.order_by("number").prefetch_related(
        Prefetch("articles", queryset=visible.order_by("order"), to_attr="visible_articles")
    )
    previous_issue = Issue.objects.filter(date__lt=day).order_by("-date").first()
    next_issue = Issue.objects.filter(date__gt=day).order_by("date").first()
    return render(
        request, "site/issue.html",
        {"issue": issue, "pages": pages, "previous_issue": previous_issue, "next_issue": next_issue},
    )


def page_detail(request: HttpRequest, date: str, number: int) -> HttpResponse:
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404("No such date") from error
    page = get_object_or_404(Page.objects.select_related("issue"), issue__date=day, number=number)
    articles = _visible_articles().filter(page=page).order_by("order")
    siblings = list(page.issue.pages.order_by("number").values_list("number", flat=True))
    index = siblings.index(page.number)
    return render(request, "site/page.html", {
        "page": page, "articles": articles,
        "previous_number": siblings[index - 1] if index > 0 else None,
        "next_number": siblings[index + 1] if index + 1 < len(siblings) else None,
    })


def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    article = get_object_or_404(
        _visible_articles().prefetch_related(
            "keywords", "captions__credits__person", "person_mentions__person",
            "organization_mentions__organization", "place_mentions__place", "events",
        ),
        pk=pk,
    )
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "site/article.html", {"article": article})


def keyword_detail(request: HttpRequest, name: str) -> HttpResponse:
    keyword = get_object_or_404(Keyword, name=name)
    articles = _visible_articles().filter(keywords=keyword).in_print_order()[:50]
    return render(request, "site/list.html", {"title": keyword.name, "articles": articles})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("place"), pk=pk)
    articles = _visible_articles().filter(events=event).in_print_order()
    if not articles:
        raise Http404("No published article reports this event")
    return render(request, "site/list.html", {"title": str(event), "articles": articles})
