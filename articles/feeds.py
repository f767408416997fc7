"""Feeds of the latest published articles: the whole paper, one reporter, one organization (RSS 2.0)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from people.models import Organization, Person

from . import selectors
from .models import Article

FEED_LENGTH = 30
SITE_NAME = "Newsroom"


class LatestArticlesFeed(Feed):
    title = f"{SITE_NAME} — 最新稿件"
    description = "最新发布的稿件"
    language = "zh-CN"

    def link(self) -> str:
        return reverse("site:home")

    def feed_articles(self, obj) -> QuerySet[Article]:
        return selectors.published_articles()

    def items(self, obj=None) -> list[Article]:
        return list(self.feed_articles(obj).prefetch_related("keywords").order_by("-published_at", "-pk")[:FEED_LENGTH])

    def item_title(self, item: Article) -> str:
        return str(item)

    def item_description(self, item: Article) -> str:
        return item.lead[:200]

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return reverse("site:article-short", kwargs={"pk": item.pk})

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Article) -> str | None:
        return "、".join(credit.person.name for credit in item.byline_credits) or None

    def item_categories(self, item: Article) -> list[str]:
        return [keyword.name for keyword in item.keywords.all()]


class ReporterFeed(LatestArticlesFeed):
    description = "记者的最新稿件"

    def get_object(self, request: HttpRequest, pk: int) -> Person:
        # Only someone credited on a visible article: a draft's byline must not leak through a feed title.
        return get_object_or_404(selectors.credited_people(), pk=pk)

    def title(self, obj: Person) -> str:
        return f"{SITE_NAME} — {obj} 的稿件"

    def link(self, obj: Person) -> str:
        return reverse("site:reporter", kwargs={"pk": obj.pk})

    def feed_articles(self, obj: Person) -> QuerySet[Article]:
        return selectors.articles_crediting(person=obj)


class OrganizationFeed(LatestArticlesFeed):
    description = "提及该机构的最新稿件"

    def get_object(self, request: HttpRequest, pk: int) -> Organization:
        return get_object_or_404(selectors.mentioned_organizations(), pk=pk)

    def title(self, obj: Organization) -> str:
        return f"{SITE_NAME} — {obj}"

    def link(self, obj: Organization) -> str:
        return obj.get_absolute_url()

    def feed_articles(self, obj: Organization) -> QuerySet[Article]:
        return selectors.articles_mentioning_organization(organization=obj)
