"""Feeds of the latest published articles: the whole paper, one reporter, one organization (RSS 2.0).

An article with a picture carries its lead picture twice: as a Media RSS `media:content`
(https://www.rssboard.org/media-rss: URL, type, width, height, caption, credit), which feed readers
show as the item's image, and as the RSS 2.0 `<enclosure>` older readers know. Both give the
800-pixel JPEG rendition (every reader knows JPEG), never the original upload."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from people.models import Organization, Person

from . import selectors
from .models import Article, Image
from .paper import current_paper

FEED_LENGTH = 30


MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
#: The rendition a feed gives: the article column's size.
FEED_RENDITION = "medium"


def feed_picture(item: Article) -> Image | None:
    """The picture a feed gives for an article: its lead (or first) picture, as the site's list shows."""
    images = getattr(item, "shown_images", None)
    return images[0].image if images else None


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the Media RSS namespace: an item's picture as `media:content` too."""

    def add_item(self, *args: Any, enclosures: list[Enclosure] | None = None, **kwargs: Any) -> None:
        # The Feed makes an item's link absolute, not its enclosures: a media URL is made absolute
        # against the feed's own (absolute) link here, where the request's host is known.
        enclosures = [Enclosure(urljoin(self.feed["link"], e.url), e.length, e.mime_type) for e in enclosures or ()]
        super().add_item(*args, enclosures=enclosures, **kwargs)

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        picture, enclosures = item.get("picture"), item.get("enclosures")
        if not picture or not enclosures:
            return
        # the enclosure's URL, made absolute in add_item
        handler.startElement("media:content", {
            "url": enclosures[0].url, "type": "image/jpeg", "medium": "image",
            "width": str(picture["width"]), "height": str(picture["height"]),
        })
        if picture["caption"]:
            handler.addQuickElement("media:description", picture["caption"], {"type": "plain"})
        if picture["credit"]:
            handler.addQuickElement("media:credit", picture["credit"], {"role": picture["credit_role"]})
        handler.endElement("media:content")


class LatestArticlesFeed(Feed):
    feed_type = MediaRssFeed
    def title(self) -> str:
        return f"{current_paper().masthead} — 最新稿件"
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

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        image = feed_picture(item)
        if image is None:
            return []
        rendition = getattr(image, f"{FEED_RENDITION}_jpeg")
        try:  # the file's length in bytes, as RSS asks; 0 where storage cannot say (RSS Best Practices)
            length = rendition.storage.size(rendition.name)
        except (OSError, NotImplementedError):
            length = 0
        return [Enclosure(rendition.url, str(length), "image/jpeg")]

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        image = feed_picture(item)
        if image is None:
            return {}
        width, height = image.rendition_size(FEED_RENDITION)
        return {"picture": {
            "width": width, "height": height, "caption": image.caption,
            "credit": image.credit.name if image.credit else "", "credit_role": image.credit_role,
        }}


class ReporterFeed(LatestArticlesFeed):
    description = "记者的最新稿件"

    def get_object(self, request: HttpRequest, pk: int) -> Person:
        # Only someone credited on a visible article: a draft's byline must not leak through a feed title.
        return get_object_or_404(selectors.credited_people(), pk=pk)

    def title(self, obj: Person) -> str:
        return f"{current_paper().masthead} — {obj} 的稿件"

    def link(self, obj: Person) -> str:
        return reverse("site:reporter", kwargs={"pk": obj.pk})

    def feed_articles(self, obj: Person) -> QuerySet[Article]:
        return selectors.articles_crediting(person=obj)


class OrganizationFeed(LatestArticlesFeed):
    description = "提及该机构的最新稿件"

    def get_object(self, request: HttpRequest, pk: int) -> Organization:
        return get_object_or_404(selectors.mentioned_organizations(), pk=pk)

    def title(self, obj: Organization) -> str:
        return f"{current_paper().masthead} — {obj}"

    def link(self, obj: Organization) -> str:
        return obj.get_absolute_url()

    def feed_articles(self, obj: Organization) -> QuerySet[Article]:
        return selectors.articles_mentioning_organization(organization=obj)
