"""SQLite: match and rank a ParsedQuery with the FTS5 table `articles_search_fts`.

Takes an Article queryset and a `ParsedQuery`; gives it filtered to the matches and annotated
`search_rank`. The FTS5 query mirrors the PostgreSQL one: per unit
``{headline names body} : "words…" OR grams : "bigrams…"`` (a one-character unit: a prefix
query on the grams), units ANDed. Every term is a double-quoted FTS5 string, so no user text is
read as FTS5 syntax. Relevance is `-bm25` with column weights headline 10, names 4, body 2,
grams 0 (the fallback column finds, it does not rank).
"""

from __future__ import annotations

from django.db.models import QuerySet

from articles.search.expressions import condition, number
from articles.search.query import ParsedQuery, Unit

_WORD_COLUMNS = "{headline names body}"


def _string(terms) -> str:
    return '"' + " ".join(term.replace('"', '""') for term in terms) + '"'


def _unit_match(unit: Unit) -> str:
    arms = [f"{_WORD_COLUMNS} : {_string(unit.words)}"]
    if unit.grams:
        arms.append(f"grams : {_string(unit.grams)}")
    if unit.prefix:
        arms.append(f"grams : {_string([unit.prefix])} *")
    return "(" + " OR ".join(arms) + ")"


def match_expression(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH string of a parsed query."""
    return " AND ".join(_unit_match(unit) for unit in parsed.units)


def search(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    match = match_expression(parsed)
    rank = number(
        "(SELECT -bm25(articles_search_fts, 10.0, 4.0, 2.0, 0.0) FROM articles_search_fts"
        " WHERE articles_search_fts MATCH %s AND articles_search_fts.rowid = {column})",
        [match], anchor="pk",
    )
    matches = condition(
        "{column} IN (SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s)",
        [match], anchor="pk",
    )
    return queryset.annotate(search_rank=rank).filter(matches)
