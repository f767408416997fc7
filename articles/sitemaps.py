"""Sitemaps: an index of sections, and a Google news sitemap of the last two days' articles.

Only what readers may see is listed: published articles whose time has come, and the issues,
pages and reporters that have some."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from people.models import Person

from . import selectors
from .models import Article, Issue, Page

NEWS_SITEMAP_DAYS = 2


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["site:home", "site:issues", "site:reporters", "site:events"]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> QuerySet[Article]:
        return selectors.sitemap_articles()

    def lastmod(self, item: Article) -> datetime.datetime:
        return max(item.updated_at, item.published_at)


class IssueSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Issue]:
        return selectors.published_issues().order_by("-date")


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Page]:
        return selectors.published_print_pages()


class ReporterSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Person]:
        return selectors.credited_people().order_by("pk")

    def location(self, item: Person) -> str:
        return reverse("site:reporter", kwargs={"pk": item.pk})


class NewsSitemap(Sitemap):
    """Articles published in the last two days, for the news sitemap template (site/news_sitemap.xml)."""

    limit = 1000  # Google's limit for a news sitemap

    def items(self) -> QuerySet[Article]:
        return selectors.news_articles(days=NEWS_SITEMAP_DAYS)

    def lastmod(self, item: Article) -> datetime.datetime:
        return max(item.updated_at, item.published_at)


SITEMAPS = {
    "static": StaticSitemap,
    "news": NewsSitemap,
    "articles": ArticleSitemap,
    "issues": IssueSitemap,
    "pages": PageSitemap,
    "reporters": ReporterSitemap,
}
