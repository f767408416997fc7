"""Readers' pages for reporters, persons, organizations and places. Views only read.

A person, organization or place that no visible article names is 404: drafts must not leak."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from articles.views import paginate, public_page, visible_articles, visible_events

from .models import Credit, Organization, Person, PersonMention, Place

ROLE_NAMES = {
    Credit.Role.REPORTER: "记者", Credit.Role.CORRESPONDENT: "通讯员", Credit.Role.PHOTOGRAPHER: "摄影",
    Credit.Role.INTERN: "实习生", Credit.Role.EDITOR: "编辑",
}


@public_page
def reporter_list(request: HttpRequest) -> HttpResponse:
    visible = Article.objects.published()
    reporters = (
        Person.objects.filter(credits__article__in=visible)
        .annotate(article_count=Count("credits__article", distinct=True))
        .order_by("-article_count", "name", "pk")
    )
    return render(request, "site/reporter_list.html", {"page_obj": paginate(request, reporters, 100)})


@public_page
def reporter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A reporter's articles, newest first, filterable by the role they had (?role=reporter)."""
    person = get_object_or_404(Person, pk=pk)
    visible = Article.objects.published()
    roles = list(
        Credit.objects.filter(person=person, article__in=visible).values("role")
        .annotate(count=Count("article", distinct=True)).order_by("role")
    )
    if not roles:
        raise Http404("No published article credits this person")
    for role in roles:
        role["name"] = ROLE_NAMES.get(role["role"], role["role"])
    role = request.GET.get("role", "")
    credits = Credit.objects.filter(person=person)
    if role in {r["role"] for r in roles}:
        credits = credits.filter(role=role)
    else:
        role = ""
    articles = (
        visible_articles().filter(pk__in=credits.values("article"))
        .prefetch_related(Prefetch("credits", queryset=Credit.objects.filter(person=person), to_attr="own_credits"))
        .order_by("-page__issue__date", "-published_at", "pk")
    )
    return render(request, "site/reporter.html", {
        "person": person, "roles": roles, "role": role,
        "total": sum(r["count"] for r in roles) if not role else None,
        "page_obj": paginate(request, articles),
        "is_mentioned": PersonMention.objects.filter(person=person, article__in=visible).exists(),
    })


@public_page
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person the articles mention: the titles they are given and the articles, newest first."""
    person = get_object_or_404(Person, pk=pk)
    visible = Article.objects.published()
    mentions = PersonMention.objects.filter(person=person, article__in=visible).values_list("titles", flat=True)
    titles: list[str] = []
    for mentioned in mentions:
        for title in mentioned or ():
            if title not in titles:
                titles.append(title)
    articles = visible_articles().filter(person_mentions__person=person).order_by(
        "-page__issue__date", "-published_at", "pk")
    page_obj = paginate(request, articles)
    is_reporter = Credit.objects.filter(person=person, article__in=visible).exists()
    if not page_obj.paginator.count and not is_reporter:
        raise Http404("No published article names this person")
    events = visible_events().filter(participants=person).in_chronological_order()[:50]
    return render(request, "site/person.html", {
        "person": person, "titles": titles, "page_obj": page_obj, "is_reporter": is_reporter, "events": events,
    })


@public_page
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.prefetch_related("aliases"), pk=pk)
    articles = visible_articles().filter(organization_mentions__organization=organization).order_by(
        "-page__issue__date", "-published_at", "pk")
    page_obj = paginate(request, articles)
    events = list(visible_events().filter(organizers=organization).in_chronological_order()[:50])
    if not page_obj.paginator.count and not events:
        raise Http404("No published article names this organization")
    return render(request, "site/organization.html", {
        "organization": organization, "page_obj": page_obj, "events": events,
    })


@public_page
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk)
    articles = visible_articles().filter(place_mentions__place=place).order_by(
        "-page__issue__date", "-published_at", "pk")
    page_obj = paginate(request, articles)
    events = list(visible_events().filter(place=place).in_chronological_order()[:50])
    if not page_obj.paginator.count and not events:
        raise Http404("No published article names this place")
    return render(request, "site/place.html", {"place": place, "page_obj": page_obj, "events": events})
