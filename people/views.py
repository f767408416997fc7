"""Readers' pages for reporters, persons, organizations and places. Views only read.

A person, organization or place that no visible article names is 404: drafts must not leak."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles import selectors
from articles.caching import public_page

from .models import Credit, Organization, Person, Place

ROLE_NAMES = {
    Credit.Role.REPORTER: "记者", Credit.Role.CORRESPONDENT: "通讯员", Credit.Role.PHOTOGRAPHER: "摄影",
    Credit.Role.INTERN: "实习生", Credit.Role.EDITOR: "编辑",
}


def _page(request: HttpRequest, items, per_page: int = selectors.LIST_PAGE_SIZE):
    return selectors.page_of(items, number=request.GET.get("page"), per_page=per_page)


@public_page
def reporter_list(request: HttpRequest) -> HttpResponse:
    return render(request, "site/reporter_list.html", {"page_obj": _page(request, selectors.reporter_ranking(), 100)})


@public_page
def reporter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A reporter's articles, newest first, filterable by the role they had (?role=reporter)."""
    person = get_object_or_404(Person, pk=pk)
    roles = selectors.reporter_roles(person=person)
    if not roles:
        raise Http404("No published article credits this person")
    for role in roles:
        role["name"] = ROLE_NAMES.get(role["role"], role["role"])
    role = request.GET.get("role", "")
    if role not in {r["role"] for r in roles}:
        role = ""
    return render(request, "site/reporter.html", {
        "person": person, "roles": roles, "role": role,
        "total": sum(r["count"] for r in roles) if not role else None,
        "page_obj": _page(request, selectors.reporter_articles(person=person, role=role)),
        "is_mentioned": selectors.is_mentioned(person=person),
    })


@public_page
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person the articles mention: the titles they are given and the articles, newest first."""
    person = get_object_or_404(Person, pk=pk)
    titles = selectors.person_titles(person=person)
    page_obj = _page(request, selectors.articles_mentioning_person(person=person))
    is_reporter = selectors.is_credited(person=person)
    if not page_obj.paginator.count and not is_reporter:
        raise Http404("No published article names this person")
    events = selectors.published_events().filter(participants=person).in_chronological_order()[
        :selectors.EVENTS_SHOWN]
    return render(request, "site/person.html", {
        "person": person, "titles": titles, "page_obj": page_obj, "is_reporter": is_reporter, "events": events,
    })


@public_page
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.prefetch_related("aliases"), pk=pk)
    page_obj = _page(request, selectors.articles_mentioning_organization(organization=organization))
    events = list(selectors.published_events().filter(organizers=organization).in_chronological_order()[
        :selectors.EVENTS_SHOWN])
    if not page_obj.paginator.count and not events:
        raise Http404("No published article names this organization")
    return render(request, "site/organization.html", {
        "organization": organization, "page_obj": page_obj, "events": events,
    })


@public_page
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk)
    page_obj = _page(request, selectors.articles_mentioning_place(place=place))
    events = list(selectors.published_events().filter(place=place).in_chronological_order()[:selectors.EVENTS_SHOWN])
    if not page_obj.paginator.count and not events:
        raise Http404("No published article names this place")
    return render(request, "site/place.html", {"place": place, "page_obj": page_obj, "events": events})
