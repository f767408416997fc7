"""PostgreSQL: match and rank a ParsedQuery against the generated tsvector columns.

Takes an Article queryset and a `ParsedQuery`; gives the queryset joined to the search documents,
filtered to the matches and annotated `search_rank`. Every unit is
``document @@ phraseto_tsquery(words) OR grams_vector @@ phraseto_tsquery(bigrams)`` (a one-character
unit: a prefix query on the bigrams), all units ANDed; both columns have GIN indexes, so the
planner ANDs and ORs bitmap index scans. User text reaches the database only as parameters of
`phraseto_tsquery`, never as tsquery syntax (the one exception, a prefix, is one Chinese character).
Relevance is `ts_rank` of the query's words over the weighted `document` (A 1.0, B 0.4, C 0.2) —
not the much larger bigram column, so ranking stays cheap.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db.models import QuerySet

from articles.search.expressions import condition, number
from articles.search.query import ParsedQuery

_ANCHOR = "search_document__date"


def _unit_sql(unit) -> tuple[str, list[str]]:
    arms = ["{table}.document @@ phraseto_tsquery('simple', %s)"]
    params = [" ".join(unit.words)]
    if unit.grams:
        arms.append("{table}.grams_vector @@ phraseto_tsquery('simple', %s)")
        params.append(" ".join(unit.grams))
    if unit.prefix:
        arms.append("{table}.grams_vector @@ to_tsquery('simple', %s)")
        params.append(f"'{unit.prefix}':*")
    return "(" + " OR ".join(arms) + ")", params


def search(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    sqls, params = [], []
    for unit in parsed.units:
        sql, unit_params = _unit_sql(unit)
        sqls.append(sql)
        params += unit_params
    rank_query = " | ".join(f"'{word}'" for word in parsed.rank_words)
    return queryset.annotate(
        search_rank=number("ts_rank({table}.document, to_tsquery('simple', %s))", [rank_query], anchor=_ANCHOR)
    ).filter(condition(" AND ".join(sqls), params, anchor=_ANCHOR))


#: the GIN indexes of migration 0003, dropped and rebuilt around a full re-index
GIN_INDEXES = {
    "articles_search_document_gin": "document",
    "articles_search_grams_gin": "grams_vector",
}


@contextlib.contextmanager
def gin_indexes_rebuilt_after(connection) -> Iterator[None]:
    """Drop the GIN indexes for the block and build them afresh after it: one sorted build is
    many times faster than updating them row by row when every article is re-indexed."""
    with connection.cursor() as cursor:
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, column in GIN_INDEXES.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON articles_search_document USING gin ({column})"
                )
            cursor.execute("ANALYZE articles_search_document")
