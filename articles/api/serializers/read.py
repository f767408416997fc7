"""The API's read serializers: articles, people, organizations, places, events and issues.

They declare their fields (that is the documented schema, drf-spectacular reads it) and build
their output directly from rows fetched in a few batched queries per page (articles.selectors):
a list of 20 articles with credits, captions, keywords and mentions takes a fixed number of
queries however many items it holds, and `?fields=` skips the queries of the fields not asked
for. Schema and output are kept in step by the schemathesis test, which checks every response
against the schema."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from articles import selectors
from articles.models import Article, Event, Image, Issue
from people.models import Organization, Person, Place

from .links import Links, event_date, iso_datetime
from .related import (
    ArticlePictureSerializer,
    BodyBlockSerializer,
    CaptionSerializer,
    CreditSerializer,
    MentionsSerializer,
    PictureSerializer,
    PrintedRegionSerializer,
    PrintPosition,
    PrintPositionSerializer,
    SourceSerializer,
    date_parts,
    group_by,
    picture,
    print_position,
)

# -------------------------------------------------------------------------------- base classes


class SelectableFieldsMixin:
    """`?fields=a,b` (validated by the view) arrives as context["fields"]; None means all."""

    def wants(self, name: str) -> bool:
        fields = self.context.get("fields")
        return fields is None or name in fields

    def links(self) -> Links:
        links = self.context.get("links")
        if links is None:
            links = self.context["links"] = Links(self.context.get("request"))
        return links

    @classmethod
    def field_names(cls) -> list[str]:
        return list(cls._declared_fields)

    def get_fields(self) -> dict[str, serializers.Field]:
        # `?fields=` leaves the others out of a response: the schema must not call any of them required
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields


class BatchListSerializer(serializers.ListSerializer):
    """Loads the related rows of all items in one go, then represents each."""

    def to_representation(self, data: Iterable) -> list[dict]:
        items = list(data.all() if isinstance(data, QuerySet) else data)
        self.child.load_related(items)
        return [self.child.to_representation(item) for item in items if not self.child.gone(item)]


class ReadSerializer(SelectableFieldsMixin, serializers.Serializer):
    """Read-only: `represent(item)` gives the dict; `load_related(items)` batches its queries."""

    class Meta:
        list_serializer_class = BatchListSerializer

    def load_related(self, items: Sequence) -> None:
        pass

    def gone(self, item: Any) -> bool:
        """Whether `load_related` found `item` deleted since it was read (its rows are read apart)."""
        return False

    def represent(self, item: Any) -> dict[str, Any]:
        raise NotImplementedError

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if not getattr(instance, "_api_loaded", False):
            self.load_related([instance])
            if self.gone(instance):
                raise NotFound()
        full = self.represent(instance)
        fields = self.context.get("fields")
        return full if fields is None else {k: v for k, v in full.items() if k in fields}


# ------------------------------------------------------------------------------------ articles

_ARTICLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "public_url": ("slug",),
    "kind": ("kind",),
    "kicker": ("kicker",),
    "headline": ("headline",),
    "subtitle": ("subtitle",),
    "dateline": ("dateline",),
    "body": ("body",),
    "print_position": ("order",),
    "status": ("status",),
    "published_at": ("published_at",),
    "created_at": ("created_at",),
    "updated_at": ("updated_at",),
    "source": ("source_first_line", "source_last_line", "parser_version", "edited_since_import",
               "has_import_conflict"),
    "regions": ("regions",),
}


def _placed_image(row: Sequence) -> tuple[Image, bool, int]:
    """(image, is lead, order) of an "image" row of `article_related_rows`: the Image rebuilt from the
    row (its renditions' URLs need only its file's name and size), with its credited person."""
    _, _, image_id, credit_name, credit_disambiguation, caption, packed, order, credit_id = row
    parts = selectors.image_row_parts(packed)
    image = Image(pk=image_id, file=parts["file"], width=int(parts["width"]), height=int(parts["height"]),
                  alt_text=parts["alt_text"], caption=caption, source=parts["source"],
                  credit_role=parts["credit_role"], credit_id=credit_id)
    if credit_id is not None:
        image.credit = Person(pk=credit_id, name=credit_name, disambiguation=credit_disambiguation)
    return image, parts["is_lead"] == "1", order


class ArticleSerializer(ReadSerializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="This article in the API.")
    public_url = serializers.URLField(help_text="The article's page on the readers' site.")
    kind = serializers.ChoiceField(choices=Article.Kind.choices)
    kicker = serializers.CharField(help_text="引题: the line above the headline.")
    headline = serializers.CharField(help_text="Empty for a photo story without one.")
    subtitle = serializers.CharField(help_text="副题: the line below the headline.")
    dateline = serializers.CharField(help_text="电头, e.g. 本报讯.")
    credits = CreditSerializer(many=True, help_text="The byline: reporters, correspondents, interns, editors.")
    body = BodyBlockSerializer(many=True)
    captions = CaptionSerializer(many=True)
    images = ArticlePictureSerializer(many=True, help_text="The article's pictures: the lead first, then in order.")
    keywords = serializers.ListField(child=serializers.CharField())
    mentions = MentionsSerializer()
    print_position = PrintPositionSerializer()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    source = SourceSerializer(help_text="Where the article came from in the imported page.")
    regions = PrintedRegionSerializer(
        many=True,
        help_text="Where a page read from a PDF prints the article (its hot zones on the printed page); "
        "empty for a page imported as text.",
    )

    @classmethod
    def prepare_queryset(cls, queryset: QuerySet, fields: frozenset[str] | None) -> QuerySet:
        """Select only the article columns the fields need (the print position comes with the
        related rows: no page, issue and publication objects for each article)."""
        wanted = set(cls.field_names()) if fields is None else fields
        columns = {"id", "updated_at"}
        for name in wanted:
            columns.update(_ARTICLE_COLUMNS.get(name, ()))
        return queryset.only(*columns)

    def load_related(self, items: Sequence[Article]) -> None:
        """Credits, captions, keywords and mentions of all `items` in ONE query (a UNION ALL of
        one branch per relation asked for): a database round trip costs more than the rows."""
        ids = [a.pk for a in items]
        branches = [
            branch for name, branch in (
                ("credits", "credit"), ("captions", "credit"), ("captions", "caption"), ("keywords", "keyword"),
                ("mentions", "person"), ("mentions", "organization"), ("mentions", "place"), ("mentions", "event"),
                ("print_position", "position"), ("images", "image"),
            ) if self.wants(name)
        ]
        rows = (selectors.article_related_rows(article_ids=ids, kinds=dict.fromkeys(branches))
                if ids and branches else [])
        grouped: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            grouped[row[0]][row[1]].append(row)
        for rows_of in grouped.values():
            for article_rows in rows_of.values():
                article_rows.sort(key=lambda row: (row[7], row[2]))
        credits, captions, keywords = grouped["credit"], grouped["caption"], grouped["keyword"]
        people, organizations, places, events = (grouped[k] for k in ("person", "organization", "place", "event"))
        positions = grouped["position"]
        pictures = grouped["image"]
        for article in items:
            article._api_images = [_placed_image(row) for row in sorted(
                pictures.get(article.pk, ()), key=lambda row: (not row[6].startswith("1"), row[7], row[2]))]
            pk = article.pk
            article._api_loaded = True
            # Rows keep the shape of the branch: (kind, article, id, name, disambiguation, extra1, extra2, n, caption)
            article._api_credits = [
                (pk, r[8], r[5], r[6], r[7], r[2], r[3], r[4]) for r in credits.get(pk, ())
            ]
            article._api_captions = [(pk, r[2], r[7], r[3]) for r in captions.get(pk, ())]
            article._api_keywords = sorted(r[3] for r in keywords.get(pk, ()))
            article._api_mentions = (
                [(pk, r[2], r[3], r[4], orjson.loads(r[5] or "[]")) for r in people.get(pk, ())],
                [(pk, r[2], r[3], r[4], orjson.loads(r[5] or "[]")) for r in organizations.get(pk, ())],
                [(pk, r[2], r[3], r[4], r[5]) for r in places.get(pk, ())],
                sorted(((pk, r[2], r[3], *date_parts(r[5])) for r in events.get(pk, ())),
                       key=lambda e: (e[3] or 0, e[4] or 0, e[5] or 0, e[1])),
            )
            position = positions[pk][0] if pk in positions else None
            article._api_position = None if position is None else PrintPosition(
                publication=position[3], publication_slug=position[4], issue_id=position[2],
                issue_date=datetime.date.fromisoformat(position[6]) if position[6] else None,
                page_number=position[7], page_name=position[5],
            )

    def gone(self, article: Article) -> bool:
        # every article has a page, so only an article deleted after its row was read lacks a position
        return self.wants("print_position") and article._api_position is None

    def _credit(self, row: Sequence, person_url) -> dict[str, Any]:
        _, _, role, label, order, person_id, name, disambiguation = row
        return {
            "person": {"id": person_id, "name": name, "disambiguation": disambiguation, "url": person_url(person_id)},
            "role": role, "label": label, "order": order,
        }

    def represent(self, article: Article) -> dict[str, Any]:
        links = self.links()
        fields = self.context.get("fields")
        wants = (lambda name: True) if fields is None else fields.__contains__
        person_url = links.url_maker("api:person-detail")
        zone = timezone.get_current_timezone()
        pk = article.pk
        out: dict[str, Any] = {"id": pk}
        if wants("url"):
            out["url"] = links.api("article", pk)
        if wants("public_url"):
            out["public_url"] = links.article_page(pk, article.slug)
        for name in ("kind", "kicker", "headline", "subtitle", "dateline"):
            if wants(name):
                out[name] = getattr(article, name)
        if wants("credits"):
            out["credits"] = [self._credit(row, person_url) for row in article._api_credits if row[1] is None]
        if wants("body"):
            out["body"] = article.body
        if wants("captions"):
            by_caption = group_by((row for row in article._api_credits if row[1] is not None), 1)
            out["captions"] = [
                {"order": order, "text": text,
                 "credits": [self._credit(row, person_url) for row in by_caption.get(cid, ())]}
                for _, cid, order, text in article._api_captions
            ]
        if wants("images"):
            out["images"] = [
                {**picture(image, links, person_url), "is_lead": is_lead, "order": order}
                for image, is_lead, order in article._api_images
            ]
        if wants("keywords"):
            out["keywords"] = article._api_keywords
        if wants("mentions"):
            people, organizations, places, events = article._api_mentions
            organization_url = links.url_maker("api:organization-detail")
            place_url = links.url_maker("api:place-detail")
            event_url = links.url_maker("api:event-detail")
            out["mentions"] = {
                "people": [
                    {"id": i, "name": n, "disambiguation": d, "titles": t, "url": person_url(i)}
                    for _, i, n, d, t in people
                ],
                "organizations": [
                    {"id": i, "name": n, "disambiguation": d, "forms": f, "url": organization_url(i)}
                    for _, i, n, d, f in organizations
                ],
                "places": [
                    {"id": i, "name": n, "disambiguation": d, "kind": k, "url": place_url(i)}
                    for _, i, n, d, k in places
                ],
                "events": [
                    {"id": i, "name": n, "date": event_date(y, m, dd), "url": event_url(i)}
                    for _, i, n, y, m, dd in events
                ],
            }
        if wants("print_position"):
            out["print_position"] = print_position(article._api_position, article.order, links)
        if wants("status"):
            out["status"] = article.status
        if wants("published_at"):
            out["published_at"] = iso_datetime(article.published_at, zone)
        if wants("created_at"):
            out["created_at"] = iso_datetime(article.created_at, zone)
        if wants("updated_at"):
            out["updated_at"] = iso_datetime(article.updated_at, zone)
        if wants("source"):
            out["source"] = {
                "first_line": article.source_first_line, "last_line": article.source_last_line,
                "parser_version": article.parser_version, "edited_since_import": article.edited_since_import,
                "has_import_conflict": article.has_import_conflict,
            }
        if wants("regions"):
            out["regions"] = article.regions
        return out


# ------------------------------------------------------------------ people, organizations, places


class PersonSerializer(ReadSerializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    public_url = serializers.URLField()
    name = serializers.CharField()
    disambiguation = serializers.CharField(help_text="Tells namesakes apart, e.g. 示范区 or 新华社.")
    is_staff_reporter = serializers.BooleanField()
    bio = serializers.CharField()
    articles_url = serializers.URLField(help_text="The articles crediting or mentioning this person.")

    def represent(self, person: Person) -> dict[str, Any]:
        links = self.links()
        return {
            "id": person.pk, "url": links.api("person", person.pk), "public_url": links.site("person", person.pk),
            "name": person.name, "disambiguation": person.disambiguation,
            "is_staff_reporter": person.is_staff_reporter, "bio": person.bio,
            "articles_url": f"{links.api_list('article')}?person={person.pk}",
        }


class OrganizationSerializer(ReadSerializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    public_url = serializers.URLField()
    name = serializers.CharField(help_text="Canonical name.")
    disambiguation = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField(), help_text="Other names the press uses.")
    articles_url = serializers.URLField(help_text="The articles mentioning this organization.")

    def load_related(self, items: Sequence[Organization]) -> None:
        aliases = (
            group_by(selectors.organization_alias_rows(organization_ids=[o.pk for o in items]))
            if items and self.wants("aliases") else {}
        )
        for organization in items:
            organization._api_loaded = True
            organization._api_aliases = [row[1] for row in aliases.get(organization.pk, ())]

    def represent(self, organization: Organization) -> dict[str, Any]:
        links, pk = self.links(), organization.pk
        return {
            "id": pk, "url": links.api("organization", pk), "public_url": links.site("organization", pk),
            "name": organization.name, "disambiguation": organization.disambiguation,
            "aliases": organization._api_aliases,
            "articles_url": f"{links.api_list('article')}?organization={pk}",
        }


class PlaceSerializer(ReadSerializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    public_url = serializers.URLField()
    name = serializers.CharField()
    disambiguation = serializers.CharField()
    kind = serializers.ChoiceField(choices=Place.Kind.choices)
    articles_url = serializers.URLField(help_text="The articles mentioning this place.")

    def represent(self, place: Place) -> dict[str, Any]:
        links, pk = self.links(), place.pk
        return {
            "id": pk, "url": links.api("place", pk), "public_url": links.site("place", pk),
            "name": place.name, "disambiguation": place.disambiguation, "kind": place.kind,
            "articles_url": f"{links.api_list('article')}?place={pk}",
        }


# -------------------------------------------------------------------------------------- events


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    headline = serializers.CharField()
    url = serializers.URLField()
    public_url = serializers.URLField()


class OrganizationNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()


class PlaceNameSerializer(OrganizationNameSerializer):
    pass


class PersonNameSerializer(OrganizationNameSerializer):
    disambiguation = serializers.CharField()


class EventSerializer(ReadSerializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    public_url = serializers.URLField()
    name = serializers.CharField()
    date = serializers.CharField(
        help_text='ISO 8601 to the precision known: "2024-03-05", "--03-05" (year unknown), "2024-03" or "".'
    )
    year = serializers.IntegerField(allow_null=True)
    month = serializers.IntegerField(allow_null=True)
    day = serializers.IntegerField(allow_null=True)
    part_of_day = serializers.CharField(help_text="early_morning, morning, noon, afternoon, evening or empty.")
    time = serializers.TimeField(allow_null=True)
    place = PlaceNameSerializer(allow_null=True)
    location = serializers.CharField(help_text="The location as printed.")
    organizers = OrganizationNameSerializer(many=True)
    participants = PersonNameSerializer(many=True)
    articles = ArticleRefSerializer(many=True, help_text="The articles reporting it (those you may read).")

    def load_related(self, items: Sequence[Event]) -> None:
        ids = [e.pk for e in items]
        visible: QuerySet = self.context["visible_articles"]
        organizers = group_by(selectors.event_organizer_rows(event_ids=ids)) if ids else {}
        participants = group_by(selectors.event_participant_rows(event_ids=ids)) if ids else {}
        articles = group_by(selectors.event_article_rows(event_ids=ids, visible=visible)) if ids else {}
        for event in items:
            event._api_loaded = True
            event._api_related = (organizers.get(event.pk, ()), participants.get(event.pk, ()),
                                  articles.get(event.pk, ()))

    def represent(self, event: Event) -> dict[str, Any]:
        links, pk = self.links(), event.pk
        organizers, participants, articles = event._api_related
        place = event.place
        return {
            "id": pk, "url": links.api("event", pk), "public_url": links.site("event", pk),
            "name": event.name, "date": event.iso_date, "year": event.year, "month": event.month, "day": event.day,
            "part_of_day": event.part_of_day, "time": event.time.isoformat() if event.time else None,
            "place": {"id": place.pk, "name": place.name, "url": links.api("place", place.pk)} if place else None,
            "location": event.location,
            "organizers": [{"id": i, "name": n, "url": links.api("organization", i)} for _, i, n in organizers],
            "participants": [
                {"id": i, "name": n, "disambiguation": d, "url": links.api("person", i)} for _, i, n, d in participants
            ],
            "articles": [
                {"id": i, "headline": h, "url": links.api("article", i), "public_url": links.article_page(i, s)}
                for _, i, h, s in articles
            ],
        }


# -------------------------------------------------------------------------------------- issues


class IssuePageSerializer(serializers.Serializer):
    number = serializers.IntegerField(allow_null=True, help_text="版次.")
    name = serializers.CharField(help_text="版名.")
    public_url = serializers.URLField(allow_null=True, help_text="The page on the readers' site.")
    articles = ArticleRefSerializer(many=True, help_text="Its articles in print order (those you may read).")


class IssueSerializer(ReadSerializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    public_url = serializers.URLField()
    publication = serializers.CharField()
    publication_slug = serializers.CharField()
    date = serializers.DateField()
    number = serializers.IntegerField(allow_null=True, help_text="Issue number (期号), where printed.")
    articles_url = serializers.URLField(help_text="The articles of this issue.")
    pages = IssuePageSerializer(many=True)

    def load_related(self, items: Sequence[Issue]) -> None:
        ids = [i.pk for i in items]
        want_pages = ids and self.wants("pages")
        pages = group_by(selectors.issue_page_rows(issue_ids=ids)) if want_pages else {}
        visible: QuerySet = self.context["visible_articles"]
        articles = group_by(selectors.issue_article_rows(issue_ids=ids, visible=visible)) if want_pages else {}
        for issue in items:
            issue._api_loaded = True
            issue._api_pages = [(row, articles.get(row[1], ())) for row in pages.get(issue.pk, ())]

    def represent(self, issue: Issue) -> dict[str, Any]:
        links, pk = self.links(), issue.pk
        return {
            "id": pk, "url": links.api("issue", pk), "public_url": links.issue_page(issue.date),
            "publication": issue.publication.name, "publication_slug": issue.publication.slug,
            "date": issue.date.isoformat(), "number": issue.number,
            "articles_url": f"{links.api_list('article')}?issue={pk}",
            "pages": [
                {
                    "number": number, "name": name,
                    "public_url": links.print_page(issue.date, number) if number else None,
                    "articles": [
                        {"id": i, "headline": h, "url": links.api("article", i), "public_url": links.article_page(i, s)}
                        for _, i, h, s in articles
                    ],
                }
                for (_, _, number, name), articles in issue._api_pages
            ],
        }


# -------------------------------------------------------------------------------------- images


#: How many of the articles showing a picture its representation lists (the newest); all: `articles_url`.
IMAGE_ARTICLES_SHOWN = 10


class ImageArticleRefSerializer(ArticleRefSerializer):
    is_lead = serializers.BooleanField(help_text="The picture is this article's lead picture.")


class ImageSerializer(ReadSerializer, PictureSerializer):
    articles = ImageArticleRefSerializer(
        many=True, help_text=f"The newest {IMAGE_ARTICLES_SHOWN} articles showing it (of those you may read).")
    articles_url = serializers.URLField(help_text="All the articles showing it.")
    created_at = serializers.DateTimeField()

    def load_related(self, items: Sequence[Image]) -> None:
        ids = [image.pk for image in items]
        visible: QuerySet = self.context["visible_articles"]
        placements = group_by(selectors.image_placement_rows(
            image_ids=ids, visible=visible, per_image=IMAGE_ARTICLES_SHOWN)) if ids and self.wants("articles") else {}
        for image in items:
            image._api_loaded = True
            image._api_placements = placements.get(image.pk, ())

    def represent(self, image: Image) -> dict[str, Any]:
        links = self.links()
        return {
            **picture(image, links, links.url_maker("api:person-detail")),
            "articles": [
                {"id": i, "headline": h, "url": links.api("article", i), "public_url": links.article_page(i, s),
                 "is_lead": lead}
                for _, i, h, s, lead in image._api_placements
            ],
            "articles_url": f"{links.api_list('article')}?image={image.pk}",
            "created_at": iso_datetime(image.created_at),
        }
