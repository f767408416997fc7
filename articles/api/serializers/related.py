"""The rows related to what the API returns, as the read serializers receive them: grouped by
their owner, an article's print position, and the documented shapes of the nested objects (the
schema drf-spectacular publishes; the serializers build the dicts themselves).

The rows themselves are read by articles.selectors (`article_related_rows` and the rest)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from articles import selectors
from articles.models import RENDITION_WIDTHS, Article, Image
from people.models import Credit, Place

from .links import Links


def group_by(rows: Iterable[Sequence], key_index: int = 0) -> dict[Any, list]:
    """The rows by their value at `key_index` (their owner's id), each group in the rows' order."""
    grouped: dict[Any, list] = defaultdict(list)
    for row in rows:
        grouped[row[key_index]].append(row)
    return grouped


def date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """An event's "year|month|day" (an `article_related_rows` column; a part unknown is empty)."""
    year, month, day = (int(part) if part else None for part in text.split("|"))
    return year, month, day


# ------------------------------------------------------------------------ documentation shapes


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    disambiguation = serializers.CharField(help_text="Tells namesakes apart; empty for most.")
    url = serializers.URLField(help_text="This person in the API.")


class CreditSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    role = serializers.ChoiceField(choices=Credit.Role.choices)
    label = serializers.CharField(help_text="The credit as printed, e.g. 本报记者, 通讯员.")
    order = serializers.IntegerField()


class CaptionSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    text = serializers.CharField()
    credits = CreditSerializer(many=True, help_text="Photographers credited on this caption.")


class RenditionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=list(RENDITION_WIDTHS), help_text="thumb (320 px wide at most), "
                                   "medium (800) or large (1600); never wider than the original.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    webp = serializers.URLField(help_text="The rendition as WebP.")
    jpeg = serializers.URLField(help_text="The same as JPEG, for clients without WebP.")


class ImageCreditSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    role = serializers.ChoiceField(choices=Image._meta.get_field("credit_role").choices)


class PictureSerializer(serializers.Serializer):
    """What every representation of an image gives (an article's `images`, the images resource)."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="This image in the API.")
    width = serializers.IntegerField(help_text="The original's width in pixels.")
    height = serializers.IntegerField(help_text="The original's height in pixels.")
    alt_text = serializers.CharField(help_text="What the picture shows, for readers who cannot see it.")
    caption = serializers.CharField()
    credit = ImageCreditSerializer(allow_null=True, help_text="Who took or made the picture.")
    source = serializers.ChoiceField(choices=Image.Source.choices)
    renditions = RenditionSerializer(many=True, help_text="Smallest first. The original file is not served: "
                                     "it may carry the camera's EXIF data.")


class ArticlePictureSerializer(PictureSerializer):
    is_lead = serializers.BooleanField(help_text="The article's lead picture (listed first).")
    order = serializers.IntegerField(help_text="Position among the article's pictures, from 0.")


def picture(image: Image, links: Links, person_url) -> dict[str, Any]:
    """The PictureSerializer shape of `image` (its credited person read with it)."""
    person = image.credit
    return {
        "id": image.pk, "url": links.api("image", image.pk), "width": image.width, "height": image.height,
        "alt_text": image.alt_text, "caption": image.caption,
        "credit": None if person is None else {
            "person": {"id": person.pk, "name": person.name, "disambiguation": person.disambiguation,
                       "url": person_url(person.pk)},
            "role": image.credit_role,
        },
        "source": image.source,
        "renditions": [
            {"name": r["name"], "width": r["width"], "height": r["height"],
             "webp": links.media(r["webp"]), "jpeg": links.media(r["jpeg"])}
            for r in selectors.renditions(image)
        ],
    }


class BodyBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=Article.BlockType.choices)
    text = serializers.CharField()


class PersonMentionSerializer(PersonRefSerializer):
    titles = serializers.ListField(child=serializers.CharField(), help_text="Titles the article gives, e.g. 市委书记.")


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Canonical name.")
    disambiguation = serializers.CharField()
    url = serializers.URLField()


class OrganizationMentionSerializer(OrganizationRefSerializer):
    forms = serializers.ListField(child=serializers.CharField(), help_text="The names the article uses for it.")


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    disambiguation = serializers.CharField()
    kind = serializers.ChoiceField(choices=Place.Kind.choices)
    url = serializers.URLField()


class EventRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    date = serializers.CharField(
        help_text='ISO 8601 to the precision known: "2024-03-05", "--03-05" (year unknown), "2024-03" or "".'
    )
    url = serializers.URLField()


class MentionsSerializer(serializers.Serializer):
    people = PersonMentionSerializer(many=True)
    organizations = OrganizationMentionSerializer(many=True)
    places = PlaceRefSerializer(many=True)
    events = EventRefSerializer(many=True)


class PrintPositionSerializer(serializers.Serializer):
    publication = serializers.CharField()
    publication_slug = serializers.CharField()
    issue_date = serializers.DateField(allow_null=True, help_text="Null for a page imported without a date.")
    issue_url = serializers.URLField(allow_null=True, help_text="The issue in the API.")
    page_number = serializers.IntegerField(allow_null=True, help_text="版次, e.g. 1 for the front page.")
    page_name = serializers.CharField(help_text="版名, e.g. 要闻.")
    page_url = serializers.URLField(allow_null=True, help_text="The printed page on the readers' site.")
    order = serializers.IntegerField(help_text="Position of the article on its page, from 1.")


class PrintedRegionSerializer(serializers.Serializer):
    page_index = serializers.IntegerField(help_text="The page of the imported PDF, from 1.")
    bbox = serializers.ListField(
        child=serializers.FloatField(), min_length=4, max_length=4,
        help_text="[x0, y0, x1, y1] in PDF points, origin at the page's bottom left.",
    )


class SourceSerializer(serializers.Serializer):
    first_line = serializers.IntegerField(help_text="First line of the article in the imported page text.")
    last_line = serializers.IntegerField()
    parser_version = serializers.CharField()
    edited_since_import = serializers.BooleanField()
    has_import_conflict = serializers.BooleanField()


@dataclass(frozen=True)
class PrintPosition:
    """Where an article's page was printed (a `related_rows` row of kind "position")."""

    publication: str
    publication_slug: str
    issue_id: int | None
    issue_date: datetime.date | None
    page_number: int | None
    page_name: str


def print_position(position: PrintPosition, order: int, links: Links) -> dict[str, Any]:
    date, number = position.issue_date, position.page_number
    return {
        "publication": position.publication,
        "publication_slug": position.publication_slug,
        "issue_date": date.isoformat() if date else None,
        "issue_url": links.api("issue", position.issue_id) if position.issue_id is not None else None,
        "page_number": number,
        "page_name": position.page_name,
        "page_url": links.print_page(date, number) if date and number else None,
        "order": order,
    }
