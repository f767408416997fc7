"""The archive's confirmed names, given to the parser as its lexicon (`parse_page(lexicon=…)`),
so that it keeps a name it has confirmed in one piece (a name cut in two is neither a credit nor
a mention). The parse depends on the page's text and this lexicon alone: two processes given
the same archive parse a page the same, whatever each parsed before."""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError
from django.db.models import Count, Max, Q, QuerySet, Value

from articles.parsing import Lexicon
from people.models import Credit, OrganizationAlias, OrganizationMention, Person, PersonMention, PlaceMention

logger = logging.getLogger(__name__)

_cache_lock = threading.Lock()
_cached: tuple[tuple[object, ...], Lexicon] | None = None


def archive_lexicon() -> Lexicon:
    """The archive's confirmed names as a lexicon, read again whenever the tables they come
    from have changed (their newest rows and their counts say so: one cheap query each); an
    empty lexicon where there is no database (a dry run needs none)."""
    global _cached
    try:
        state = _names_state()
        with _cache_lock:
            if _cached is not None and _cached[0] == state:
                return _cached[1]
        lexicon = frozenset(confirmed_names())
    except DatabaseError:
        logger.info("no database to read confirmed names from; using the curated dictionary only")
        return frozenset()
    with _cache_lock:
        _cached = (state, lexicon)
    return lexicon


def _names_state() -> tuple[object, ...]:
    """What changes whenever a confirmed name may have, in one query: each source table's
    newest id and size."""
    tables = (Credit, Person, PersonMention, OrganizationAlias, OrganizationMention, PlaceMention)
    per_table = [
        model.objects.order_by().annotate(table=Value(model.__name__)).values("table")
        .annotate(newest=Max("id"), rows=Count("id")).values_list("table", "newest", "rows")
        for model in tables
    ]
    rows = per_table[0].union(*per_table[1:], all=True)
    return tuple(sorted(rows, key=lambda row: row[0]))


def confirmed_names() -> list[tuple[str, str]]:
    """(name, part of speech) of every confirmed name: "nr" persons, "nt" organizations, "ns" places."""

    def repeated(mentions: QuerySet, name_field: str) -> set[str]:
        return set(
            mentions.values(name_field).annotate(articles=Count("article_id", distinct=True))
            .filter(articles__gte=2).values_list(name_field, flat=True)
        )

    people = set(Credit.objects.values_list("person__name", flat=True).distinct())
    people |= set(Person.objects.filter(Q(is_staff_reporter=True) | Q(user__isnull=False))
                  .values_list("name", flat=True))
    people |= repeated(PersonMention.objects.all(), "person__name")
    organizations = set(OrganizationAlias.objects.values_list("name", flat=True))
    organizations |= set(OrganizationAlias.objects.values_list("organization__name", flat=True))
    organizations |= repeated(OrganizationMention.objects.all(), "organization__name")
    places = repeated(PlaceMention.objects.all(), "place__name")
    return ([(name, "nr") for name in sorted(people)] + [(name, "nt") for name in sorted(organizations)]
            + [(name, "ns") for name in sorted(places)])
