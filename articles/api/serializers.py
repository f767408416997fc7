"""What the API returns, and what it accepts.

The read serializers declare their fields (that is the documented schema, drf-spectacular
reads it) and build their output directly from rows fetched in a few batched queries per
page: a list of 20 articles with credits, captions, keywords and mentions takes a fixed
number of queries however many items it holds, and `?fields=` skips the queries of the
fields not asked for. Schema and output are kept in step by the schemathesis test, which
checks every response against the schema.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson
from django.db import connections, router
from django.db.models import CharField, F, IntegerField, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Article, Caption, Event, Issue, Page
from newsroom.db import id_array, prepared_cursor, publish_time_problem
from people.models import (
    Credit,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
)

# ------------------------------------------------------------------------------------------ links

_templates: dict[tuple[str, str], str] = {}


def _template(name: str, kinds: dict[str, type]) -> str:
    """A URL pattern as a format string, made once per script prefix: reverse() per row is slow."""
    key = (name, get_script_prefix())
    template = _templates.get(key)
    if template is None:
        sample = {k: (987654321000 + i if kind is int else f"__{k}__") for i, (k, kind) in enumerate(kinds.items())}
        template = reverse(name, kwargs=sample)
        for k, value in sample.items():
            template = template.replace(str(value), "{" + k + "}")
        _templates[key] = template
    return template


class Links:
    """Absolute URLs of the API resources and the public pages, for one request."""

    def __init__(self, request: Request | None) -> None:
        self.origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._cache: dict[str, str] = {}

    def _format(self, name: str, **values: Any) -> str:
        template = self._cache.get(name)
        if template is None:
            kinds = {k: (int if isinstance(v, int) else str) for k, v in values.items()}
            template = self._cache[name] = self.origin + _template(name, kinds)
        return template.format(**values)

    def url_maker(self, name: str):
        """`pk -> URL` for a route taking only a pk: a bound str.format, for the hot loops."""
        self._format(name, pk=0)
        return lambda pk, _format=self._cache[name].format: _format(pk=pk)

    def api(self, resource: str, pk: int) -> str:
        return self._format(f"api:{resource}-detail", pk=pk)

    def api_list(self, resource: str) -> str:
        return self._format(f"api:{resource}-list")

    def site(self, name: str, pk: int) -> str:
        return self._format(f"site:{name}", pk=pk)

    def article_page(self, pk: int, slug: str) -> str:
        return self._format("site:article", pk=pk, slug=quote(slug or "article", safe=""))

    def issue_page(self, date: datetime.date) -> str:
        return self._format("site:issue", date=date.isoformat())

    def print_page(self, date: datetime.date, number: int) -> str:
        return self._format("site:page", date=date.isoformat(), number=number)


def _datetime(value: datetime.datetime | None, zone: datetime.tzinfo | None = None) -> str | None:
    """ISO 8601 in the current time zone (`zone`, where the caller looked it up once for many)."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _event_date(year: int | None, month: int | None, day: int | None) -> str:
    return Event(year=year, month=month, day=day).iso_date


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


def _by(rows: Iterable[Sequence], key_index: int = 0) -> dict[Any, list]:
    grouped: dict[Any, list] = defaultdict(list)
    for row in rows:
        grouped[row[key_index]].append(row)
    return grouped


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


class SourceSerializer(serializers.Serializer):
    first_line = serializers.IntegerField(help_text="First line of the article in the imported page text.")
    last_line = serializers.IntegerField()
    parser_version = serializers.CharField()
    edited_since_import = serializers.BooleanField()
    has_import_conflict = serializers.BooleanField()


# ------------------------------------------------------------------------------------ articles

#: Fields of Article rows each top-level output field needs (the rest are deferred).
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
}


def _date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    year, month, day = (int(part) if part else None for part in text.split("|"))
    return year, month, day


def _branch(queryset: QuerySet, kind: str, **columns: Any) -> QuerySet:
    """One UNION branch: the nine columns of `related_rows`, all annotations, in a fixed order."""
    text, integer = CharField(), IntegerField()
    defaults = {
        "r_name": Value("", output_field=text), "r_disambiguation": Value("", output_field=text),
        "r_extra1": Value("", output_field=text), "r_extra2": Value("", output_field=text),
        "r_n": Value(0, output_field=integer), "r_caption": Value(None, output_field=integer),
    }
    annotations = {"r_kind": Value(kind, output_field=text), **defaults, **columns}
    names = ["r_kind", "r_article", "r_id", "r_name", "r_disambiguation", "r_extra1", "r_extra2", "r_n", "r_caption"]
    return queryset.order_by().annotate(**annotations).values_list(*names)


def _related_query(article_ids: list[int], kinds: tuple[str, ...]) -> QuerySet:
    text = TextField()
    builders = {
        "credit": lambda: _branch(
            Credit.objects.filter(article_id__any=article_ids), "credit", r_article=F("article_id"),
            r_id=F("person_id"), r_name=F("person__name"), r_disambiguation=F("person__disambiguation"),
            r_extra1=F("role"), r_extra2=F("label"), r_n=F("order"), r_caption=F("caption_id"),
        ),
        "caption": lambda: _branch(
            Caption.objects.filter(article_id__any=article_ids), "caption", r_article=F("article_id"),
            r_id=F("id"), r_name=F("text"), r_n=F("order"),
        ),
        "keyword": lambda: _branch(
            Article.keywords.through.objects.filter(article_id__any=article_ids), "keyword",
            r_article=F("article_id"), r_id=F("keyword_id"), r_name=F("keyword__name"),
        ),
        "person": lambda: _branch(
            PersonMention.objects.filter(article_id__any=article_ids), "person", r_article=F("article_id"),
            r_id=F("person_id"), r_name=F("person__name"), r_disambiguation=F("person__disambiguation"),
            r_extra1=Cast("titles", text), r_n=F("id"),
        ),
        "organization": lambda: _branch(
            OrganizationMention.objects.filter(article_id__any=article_ids), "organization",
            r_article=F("article_id"), r_id=F("organization_id"), r_name=F("organization__name"),
            r_disambiguation=F("organization__disambiguation"), r_extra1=Cast("forms", text), r_n=F("id"),
        ),
        "place": lambda: _branch(
            PlaceMention.objects.filter(article_id__any=article_ids), "place", r_article=F("article_id"),
            r_id=F("place_id"), r_name=F("place__name"), r_disambiguation=F("place__disambiguation"),
            r_extra1=F("place__kind"), r_n=F("id"),
        ),
        "event": lambda: _branch(
            Event.articles.through.objects.filter(article_id__any=article_ids), "event", r_article=F("article_id"),
            r_id=F("event_id"), r_name=F("event__name"),
            r_extra1=Concat(*[part for name in ("year", "month", "day") for part in (
                Coalesce(Cast(f"event__{name}", text), Value("", output_field=text)), Value("|", output_field=text)
            )][:-1], output_field=text),
        ),
        # the print position: issue, publication (name and slug), page name, issue date, page number
        "position": lambda: _branch(
            Article.objects.filter(id__any=article_ids), "position", r_article=F("id"),
            r_id=F("page__issue_id"), r_name=F("page__publication__name"),
            r_disambiguation=F("page__publication__slug"), r_extra1=F("page__name"),
            r_extra2=Coalesce(Cast("page__issue__date", text), Value("", output_field=text)), r_n=F("page__number"),
        ),
    }
    first, *rest = [builders[kind]() for kind in kinds]
    return first.union(*rest, all=True) if rest else first


#: Compiled SQL of `_related_query` per (database, kinds, number of ids where each is a parameter),
#: with where the ids go
_compiled_related: dict[tuple, tuple[str, list, list[tuple[int, int | None]]]] = {}


def related_rows(article_ids: list[int], kinds: dict[str, None]) -> list[tuple]:
    """The related rows of these articles, one UNION ALL query for the `kinds` asked for:
    (kind, article id, id, name, disambiguation, extra1, extra2, number, caption id).

    Building this queryset through the ORM costs several times what running it does, and only
    the ids change between requests: the SQL is compiled once per shape (with negative
    stand-in ids, whose parameter positions are recorded) and reused with the real ids. On
    PostgreSQL the ids are one array parameter per branch, so the statement is the same for every
    page, and it is prepared (newsroom.db.prepared_cursor): planned once per connection."""
    using = router.db_for_read(Article)
    connection = connections[using]
    whole_array = connection.vendor == "postgresql"
    key = (using, connection.vendor, tuple(kinds), None if whole_array else len(article_ids))
    compiled = _compiled_related.get(key)
    if compiled is None:
        stand_ins = {-(n + 1): n for n in range(len(article_ids))}
        sql, params = _related_query(list(stand_ins), key[2]).query.get_compiler(using).as_sql()
        # an id's place: a parameter of its own (n), or the array of them all (None)
        slots = [(position, None if isinstance(value, list) else stand_ins[value])
                 for position, value in enumerate(params)
                 if isinstance(value, list) or (type(value) is int and value in stand_ins)]
        compiled = _compiled_related[key] = (sql, list(params), slots)
    sql, params, slots = compiled
    params = list(params)
    ids = id_array(article_ids) if whole_array else None
    for position, n in slots:
        params[position] = ids if n is None else article_ids[n]
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    keywords = serializers.ListField(child=serializers.CharField())
    mentions = MentionsSerializer()
    print_position = PrintPositionSerializer()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    source = SourceSerializer(help_text="Where the article came from in the imported page.")

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
                ("print_position", "position"),
            ) if self.wants(name)
        ]
        rows = related_rows(ids, dict.fromkeys(branches)) if ids and branches else []
        grouped: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            grouped[row[0]][row[1]].append(row)
        for rows_of in grouped.values():
            for article_rows in rows_of.values():
                article_rows.sort(key=lambda row: (row[7], row[2]))
        credits, captions, keywords = grouped["credit"], grouped["caption"], grouped["keyword"]
        people, organizations, places, events = (grouped[k] for k in ("person", "organization", "place", "event"))
        positions = grouped["position"]
        for article in items:
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
                sorted(((pk, r[2], r[3], *_date_parts(r[5])) for r in events.get(pk, ())),
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
            by_caption = _by((row for row in article._api_credits if row[1] is not None), 1)
            out["captions"] = [
                {"order": order, "text": text,
                 "credits": [self._credit(row, person_url) for row in by_caption.get(cid, ())]}
                for _, cid, order, text in article._api_captions
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
                    {"id": i, "name": n, "date": _event_date(y, m, dd), "url": event_url(i)}
                    for _, i, n, y, m, dd in events
                ],
            }
        if wants("print_position"):
            out["print_position"] = print_position(article._api_position, article.order, links)
        if wants("status"):
            out["status"] = article.status
        if wants("published_at"):
            out["published_at"] = _datetime(article.published_at, zone)
        if wants("created_at"):
            out["created_at"] = _datetime(article.created_at, zone)
        if wants("updated_at"):
            out["updated_at"] = _datetime(article.updated_at, zone)
        if wants("source"):
            out["source"] = {
                "first_line": article.source_first_line, "last_line": article.source_last_line,
                "parser_version": article.parser_version, "edited_since_import": article.edited_since_import,
                "has_import_conflict": article.has_import_conflict,
            }
        return out


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
            _by(OrganizationAlias.objects.filter(organization_id__in=[o.pk for o in items])
                .order_by("organization_id", "name").values_list("organization_id", "name"))
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
        organizers = _by(Event.organizers.through.objects.filter(event_id__in=ids).order_by("event_id", "pk")
                         .values_list("event_id", "organization_id", "organization__name")) if ids else {}
        participants = _by(
            Event.participants.through.objects.filter(event_id__in=ids).order_by("event_id", "pk")
            .values_list("event_id", "person_id", "person__name", "person__disambiguation")
        ) if ids else {}
        articles = _by(Event.articles.through.objects.filter(event_id__in=ids, article__in=visible)
                       .order_by("event_id", "article_id")
                       .values_list("event_id", "article_id", "article__headline", "article__slug")) if ids else {}
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
        pages = _by(Page.objects.filter(issue_id__in=ids).order_by("issue_id", "number", "pk")
                    .values_list("issue_id", "id", "number", "name")) if want_pages else {}
        visible: QuerySet = self.context["visible_articles"]
        articles = _by(visible.filter(page__issue_id__in=ids).order_by("page_id", "order")
                       .values_list("page_id", "id", "headline", "slug")) if want_pages else {}
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


# -------------------------------------------------------------------------------------- writing


class PublishTimeField(serializers.DateTimeField):
    """A publish time: one a database holds (DRF's own check of a time near year 1 or 9999 raises
    OverflowError, a 500; PostgreSQL refuses offsets beyond ±15:59) and plausible as an issue date
    is (newsroom.db.publish_time_problem): year 183 was taken, and given back with Shanghai's
    local mean time, +08:05:43, no valid date-time."""

    def to_internal_value(self, value: Any) -> datetime.datetime:
        try:
            parsed = super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")
        problem = publish_time_problem(parsed, timezone.get_current_timezone(), timezone.localdate())
        if problem is not None:
            raise serializers.ValidationError(problem)
        return parsed


class ArticleStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Article.Status.choices)
    publish_at = PublishTimeField(
        required=False, allow_null=True,
        help_text="Only with `published`: the publish time (a future time schedules the article, and "
        "reschedules one already published). Default: the time already set, else now.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("publish_at") is not None and attrs["status"] != Article.Status.PUBLISHED:
            raise serializers.ValidationError({"publish_at": ["A publish time goes only with `published`."]})
        return attrs


class PageImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False,
        help_text="The page file (UTF-8, GB18030/GBK, or UTF-16 with its byte-order mark; as a multipart upload).",
    )
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="The page text, instead of a file."
    )
    source_file = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="File name to record (default: the upload's)."
    )
    date = serializers.DateField(
        required=False, allow_null=True,
        help_text="Issue date of the page. Without one the page belongs to no issue: its articles are imported "
        "and published, with no issue date in their print position.",
    )
    publication = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Publication name (default: the site's)."
    )
    page_number = serializers.IntegerField(
        required=False, allow_null=True, min_value=MIN_PAGE_NUMBER, max_value=MAX_PAGE_NUMBER,
        help_text="Page number (版次).",
    )
    status = serializers.ChoiceField(
        choices=Article.Status.choices, required=False, help_text="Status of new articles (default: the site's)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_file, has_text = attrs.get("file") is not None, bool(attrs.get("text"))
        if has_file == has_text:
            raise serializers.ValidationError("Send exactly one of `file` (an upload) and `text`.")
        return attrs


class ImportReportSerializer(serializers.Serializer):
    source_file = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged", "failed"])
    page_id = serializers.IntegerField()
    article_ids = serializers.ListField(child=serializers.IntegerField())
    articles = serializers.IntegerField()
    new_people = serializers.IntegerField()
    new_organizations = serializers.IntegerField()
    new_places = serializers.IntegerField()
    new_events = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    conflicts = serializers.ListField(child=serializers.IntegerField(), help_text="Edited articles now in conflict.")


class StatusChangeResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    article = ArticleSerializer()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per parameter or field (empty when the error concerns no parameter).",
    )
