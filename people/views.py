"""Readers' pages for persons, organizations and places. Views only read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article

from .models import Organization, Person, Place


def _listing(request: HttpRequest, title: str, articles) -> HttpResponse:
    articles = articles.with_print_position().in_print_order().distinct()[:50]
    return render(request, "site/list.html", {"title": title, "articles": articles})


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    visible = Article.objects.published()
    return _listing(request, str(person), visible.filter(credits__person=person) | visible.filter(
        person_mentions__person=person))


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    return _listing(request, str(organization),
                    Article.objects.published().filter(organization_mentions__organization=organization))


def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk)
    return _listing(request, str(place), Article.objects.published().filter(place_mentions__place=place))
