"""The names the tokenizer learns from the archive, so that the parser keeps a name it has
confirmed in one piece (a name cut in two is neither a credit nor a mention)."""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError
from django.db.models import Count, Q, QuerySet

from articles.parsing.model import ParsedPage
from articles.parsing.tokenizer import add_words
from people.models import Credit, OrganizationAlias, OrganizationMention, Person, PersonMention, PlaceMention

logger = logging.getLogger(__name__)


_taught_lock = threading.Lock()
_taught_confirmed = False


def teach_confirmed_names() -> None:
    """Once per process: the names the archive has confirmed join the tokenizer's dictionary.

    Confirmed means more than one extraction: a byline credit, a staff reporter or a login, an
    organization alias, or a name found in two articles or more. A single extraction may be a
    false name, and a taught false name would recur on every later page."""
    global _taught_confirmed
    with _taught_lock:
        if _taught_confirmed:
            return
        try:
            words = confirmed_names()
        except DatabaseError:
            # A dry run needs no database: without one, the curated dictionary alone serves.
            logger.info("no database to read confirmed names from; using the curated dictionary only")
            return
        add_words(words)
        _taught_confirmed = True


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
    people |= repeated(PersonMention.objects, "person__name")
    organizations = set(OrganizationAlias.objects.values_list("name", flat=True))
    organizations |= set(OrganizationAlias.objects.values_list("organization__name", flat=True))
    organizations |= repeated(OrganizationMention.objects, "organization__name")
    places = repeated(PlaceMention.objects, "place__name")
    return ([(name, "nr") for name in sorted(people)] + [(name, "nt") for name in sorted(organizations)]
            + [(name, "ns") for name in sorted(places)])


def teach_byline_names(parsed: ParsedPage) -> None:
    """Byline names are confirmed by their form: the tokenizer learns them at once."""
    add_words([(credit.name, "nr") for article in parsed.articles for credit in article.credits])
