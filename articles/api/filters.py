"""Query filters of the API (django-filter). Bad values are 400s with the parameter named."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.drainage import set_override

from articles.models import Article, ArticleImage, Event, Image, Issue
from articles.search import search_articles
from newsroom.db import MAX_ID, datetime_problem
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


class GivenFiltersBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend whose filterset holds only the filters a request gives (by each field's
    widget: a date range reads `<name>_after` and `<name>_before`). A filter not given filters
    nothing, yet its field was deep-copied and validated on every request: with ~20 filters that
    cost ~1 ms, more than a page's own query. The schema still documents every filter (drf-spectacular
    reads `get_filterset_class`)."""

    def get_filterset(self, request, queryset: QuerySet, view) -> filters.FilterSet | None:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        given = given_filters(filterset_class, request.query_params)
        if not given:
            return None
        return _with_only(filterset_class, given)(**self.get_filterset_kwargs(request, queryset, view))


def given_filters(filterset_class: type[filters.FilterSet], query_params: Mapping[str, str]) -> frozenset[str]:
    """The names of the filters of `filterset_class` these query parameters give (by each field's
    widget: a date range reads `<name>_after` and `<name>_before`); none: the filterset filters nothing."""
    return frozenset(
        name for name, filter_ in filterset_class.base_filters.items()
        if not filter_.field.widget.value_omitted_from_data(query_params, {}, name)
    )


@functools.lru_cache(maxsize=256)
def _with_only(filterset_class: type[filters.FilterSet], names: frozenset[str]) -> type[filters.FilterSet]:
    narrowed = type(filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__})
    narrowed.base_filters = {name: f for name, f in filterset_class.base_filters.items() if name in names}
    return narrowed


MAX_QUERY_LENGTH = 200


class BoundedIntegerField(forms.IntegerField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class DocumentedFilterMixin:
    """A filter whose OpenAPI schema is `schema` with its help text as the description
    (drf-spectacular takes a schema given for a filter class as it is, description included)."""

    schema: dict

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        help_text = self.extra.get("help_text")
        set_override(self, "field", {**self.schema, **({"description": str(help_text)} if help_text else {})})


class IdFilter(DocumentedFilterMixin, filters.NumberFilter):
    field_class = BoundedIntegerField
    schema = {"type": "integer", "minimum": 0, "maximum": MAX_ID}


class StrictBooleanField(forms.Field):
    """true or false (also 1 or 0, any case); anything else is an error, where django-filter's
    boolean filter ignores it and filters nothing."""

    def to_python(self, value: str | None) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(f"Use true or false, not {str(value)[:20]!r}.")


class StrictBooleanFilter(DocumentedFilterMixin, filters.BooleanFilter):
    field_class = StrictBooleanField
    schema = {"type": "boolean"}

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput)  # the raw text, for the field to judge
        super().__init__(*args, **kwargs)


class SafeIsoDateTimeField(IsoDateTimeField):
    """ISO 8601 date-time; a naive one is in the site's time zone; one a database can store (years,
    and an offset PostgreSQL takes)."""

    def clean(self, value):
        value = super().clean(value)
        problem = datetime_problem(value) if value is not None else None
        if problem is not None:
            raise forms.ValidationError(problem)
        return value


class SafeIsoDateTimeFilter(DocumentedFilterMixin, filters.IsoDateTimeFilter):
    field_class = SafeIsoDateTimeField
    schema = {"type": "string", "format": "date-time"}


class QueryFilter(DocumentedFilterMixin, filters.CharFilter):
    schema = {"type": "string", "maxLength": MAX_QUERY_LENGTH}

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(*args, **kwargs)


def _on_or_after(date: datetime.date) -> Q:
    """Events dated on or after `date` (partial dates count where the known part decides)."""
    return Q(year__gt=date.year) | Q(year=date.year, month__gt=date.month) | Q(
        year=date.year, month=date.month, day__gte=date.day
    )


def _on_or_before(date: datetime.date) -> Q:
    return Q(year__lt=date.year) | Q(year=date.year, month__lt=date.month) | Q(
        year=date.year, month=date.month, day__lte=date.day
    )


def _name_query(queryset: QuerySet, value: str, condition) -> QuerySet:
    """Filter by a name fragment; blank text filters nothing."""
    value = value.strip()
    return queryset.filter(condition(value)) if value else queryset


class ArticleFilter(filters.FilterSet):
    issue_date_after = filters.DateFilter(
        field_name="page__issue__date", lookup_expr="gte", help_text="Printed in an issue of this date or later."
    )
    issue_date_before = filters.DateFilter(
        field_name="page__issue__date", lookup_expr="lte", help_text="Printed in an issue of this date or earlier."
    )
    issue = IdFilter(field_name="page__issue_id", help_text="Printed in this issue (its id).")
    publication = filters.CharFilter(
        field_name="page__publication__slug", max_length=100, help_text="Printed in this publication (its slug)."
    )
    page = IdFilter(
        field_name="page__number", help_text="Printed on this page number (版次), e.g. 1 for the front page."
    )
    section = filters.CharFilter(
        method="filter_section", max_length=100,
        help_text="Printed on a page of this name (版名, the section readers browse), e.g. 要闻.",
    )
    published_after = SafeIsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at this time (ISO 8601) or later."
    )
    published_before = SafeIsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte", help_text="Published at this time (ISO 8601) or earlier."
    )
    event_date_after = filters.DateFilter(
        method="filter_event_date", help_text="Reports an event dated on this day or later."
    )
    event_date_before = filters.DateFilter(
        method="filter_event_date", help_text="Reports an event dated on this day or earlier."
    )
    kind = filters.ChoiceFilter(choices=Article.Kind.choices, help_text="story or photo (a photo story).")
    status = filters.ChoiceFilter(
        choices=Article.Status.choices, help_text="Workflow status; readers only ever see published articles."
    )
    reporter = IdFilter(method="filter_reporter", help_text="Credited to this person (id), in any role.")
    person = IdFilter(method="filter_person", help_text="Credited to or mentioning this person (id).")
    organization = IdFilter(method="filter_organization", help_text="Mentions this organization (id).")
    place = IdFilter(method="filter_place", help_text="Mentions this place (id).")
    keyword = filters.CharFilter(method="filter_keyword", max_length=50, help_text="Has this keyword (its name).")
    image = IdFilter(method="filter_image", help_text="Shows this picture (id).")
    updated_since = SafeIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte",
        help_text="Changed at this time (ISO 8601) or later: for clients that keep a copy in sync.",
    )
    # Last, so that the search engine ranks what the other filters left.
    q = QueryFilter(
        method="filter_q",
        help_text="Chinese full-text search of headlines and bodies; results come by relevance "
        "unless another ordering is asked for.",
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_event_date(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        when = _on_or_after(value) if name == "event_date_after" else _on_or_before(value)
        return queryset.filter(Exists(Event.objects.filter(when, articles=OuterRef("pk"))))

    def filter_reporter(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Exists(Credit.objects.filter(article=OuterRef("pk"), person_id=value)))

    def filter_person(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(
            Exists(Credit.objects.filter(article=OuterRef("pk"), person_id=value))
            | Exists(PersonMention.objects.filter(article=OuterRef("pk"), person_id=value))
        )

    def filter_organization(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(
            Exists(OrganizationMention.objects.filter(article=OuterRef("pk"), organization_id=value))
        )

    def filter_place(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Exists(PlaceMention.objects.filter(article=OuterRef("pk"), place_id=value)))

    def filter_section(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if "\x00" in value:  # no page name holds a NUL, and PostgreSQL refuses to compare one
            return queryset.none()
        return queryset.filter(page__name=value.strip())

    def filter_keyword(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = Article.keywords.through
        return queryset.filter(Exists(through.objects.filter(article_id=OuterRef("pk"), keyword__name=value)))

    def filter_image(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Exists(ArticleImage.objects.filter(article=OuterRef("pk"), image_id=value)))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # The cursor keys on search_rank, a double precision on every database: its text form
        # reads back as the same number.
        return search_articles(value, queryset=queryset)


class PersonFilter(filters.FilterSet):
    q = QueryFilter(method="filter_q", help_text="Part of the person's name.")
    is_staff_reporter = StrictBooleanFilter(help_text="Only the newspaper's own reporters (true) or others.")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _name_query(queryset, value, lambda text: Q(name__icontains=text))


class OrganizationFilter(filters.FilterSet):
    q = QueryFilter(method="filter_q", help_text="Part of the organization's name or of one of its aliases.")

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _name_query(queryset, value, lambda text: Q(name__icontains=text) | Exists(
            OrganizationAlias.objects.filter(organization=OuterRef("pk"), name__icontains=text)
        ))


class PlaceFilter(filters.FilterSet):
    q = QueryFilter(method="filter_q", help_text="Part of the place's name.")
    kind = filters.ChoiceFilter(choices=Place.Kind.choices, help_text="Kind of place.")

    class Meta:
        model = Place
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _name_query(queryset, value, lambda text: Q(name__icontains=text))


class EventFilter(filters.FilterSet):
    q = QueryFilter(method="filter_q", help_text="Part of the event's name.")
    date_after = filters.DateFilter(method="filter_date", help_text="Dated on this day or later.")
    date_before = filters.DateFilter(method="filter_date", help_text="Dated on this day or earlier.")
    place = IdFilter(field_name="place_id", help_text="Held at this place (id).")
    organization = IdFilter(method="filter_organization", help_text="Organized by this organization (id).")
    person = IdFilter(method="filter_person", help_text="With this participant (id).")
    article = IdFilter(method="filter_article", help_text="Reported by this article (id).")

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _name_query(queryset, value, lambda text: Q(name__icontains=text))

    def filter_date(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(_on_or_after(value) if name == "date_after" else _on_or_before(value))

    def filter_organization(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        through = Event.organizers.through
        return queryset.filter(Exists(through.objects.filter(event_id=OuterRef("pk"), organization_id=value)))

    def filter_person(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        through = Event.participants.through
        return queryset.filter(Exists(through.objects.filter(event_id=OuterRef("pk"), person_id=value)))

    def filter_article(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        through = Event.articles.through
        return queryset.filter(Exists(through.objects.filter(event_id=OuterRef("pk"), article_id=value)))


class IssueFilter(filters.FilterSet):
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte", help_text="Issues of this day or later.")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte", help_text="Issues of this day or earlier.")
    publication = filters.CharFilter(field_name="publication__slug", max_length=100, help_text="Publication slug.")

    class Meta:
        model = Issue
        fields: list[str] = []


class ImageFilter(filters.FilterSet):
    article = IdFilter(method="filter_article", help_text="Shown by this article (id).")
    source = filters.ChoiceFilter(choices=Image.Source.choices,
                                  help_text="`uploaded` by an editor or cut from a PDF `page`.")
    person = IdFilter(field_name="credit_id", help_text="Credited to this person (id).")

    class Meta:
        model = Image
        fields: list[str] = []

    def filter_article(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Exists(ArticleImage.objects.filter(image_id=OuterRef("pk"), article_id=value)))
