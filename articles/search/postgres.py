"""PostgreSQL: match and rank a ParsedQuery against the generated tsvector columns.

Takes an Article queryset and a `ParsedQuery`; gives the queryset joined to the search documents,
filtered to the matches and annotated `search_rank` (or, given a SearchDocument queryset, the
same on the documents alone). A Chinese unit is
``grams_vector @@ its bigram | trigram`` or, longer, ``grams_vector @@ all its trigrams AND
strpos(its SearchRuns row, it) > 0`` (one character: a prefix query), a Latin/digit or mixed quoted unit
``document @@ phraseto_tsquery(words)``; all units ANDed, each answered by a GIN index. User
text reaches the database only as parameters of `plainto_tsquery`, `phraseto_tsquery` and `strpos`,
never as tsquery syntax (the one exception, a prefix, is one Chinese character). Relevance is
`ts_rank` of the query's words over the weighted `document` (A 1.0, B 0.4, C 0.2) — not the gram
column — for the newest RANK_WINDOW hits (a window function over the hits); older hits get 0 and so
follow them by date: ranking reads each ranked hit's whole tsvector, and this keeps a query that
hits a tenth of a large archive fast. (SQLite ranks all hits.) The rank is a double precision
(ts_rank's real, cast): its text form reads back as the same number, as a cursor needs.

`newest_hits` gives the RANK_WINDOW newest hits alone, ranked: every hit with a positive rank is
one of them, so a page of positive ranks read from them is that page of all the hits (see
`results`), without numbering every hit by date first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from articles.search.expressions import condition, number
from articles.search.query import ParsedQuery

#: how many hits, the newest, are ranked by relevance; older hits follow them, newest first
RANK_WINDOW = 200


#: a candidate's runs of Chinese characters (its SearchRuns row), and whether one holds a run of the query
_RUNS_OF = "FROM articles_search_runs r WHERE r.article_id = {table}.article_id"
_RUN_CHECK = f"EXISTS (SELECT 1 {_RUNS_OF} AND strpos(r.runs, %s) > 0)"


def _unit_sql(unit) -> tuple[str, list[str], str | None]:
    """The GIN-indexed condition of a query unit, its parameters, and the run of text its
    candidates must also hold (None: the condition alone decides)."""
    # A Chinese unit is matched by its grams alone: with punctuation separated and layout spaces
    # dropped, its words can only be adjacent where its text is, so the grams find every such hit
    # (its words serve the ranking). Two or three characters: one exact GIN look-up of the gram.
    # More: the GIN look-up of all its trigrams, then the run itself in the candidates' runs (their
    # SearchRuns rows), a short read per candidate beside comparing positions of grams.
    if unit.prefix:
        return "({table}.grams_vector @@ to_tsquery('simple', %s))", [f"'{unit.prefix}':*"], None
    if len(unit.grams) == 1:
        return "({table}.grams_vector @@ plainto_tsquery('simple', %s))", [unit.grams[0]], None
    if unit.grams:
        return "({table}.grams_vector @@ plainto_tsquery('simple', %s))", [" ".join(unit.grams)], unit.text
    return "({table}.document @@ phraseto_tsquery('simple', %s))", [" ".join(unit.words)], None


def _candidates_and_runs(parsed: ParsedQuery) -> tuple[str, list[str], list[str]]:
    """The GIN-indexed part of the query's condition, its parameters, and the runs to check after it."""
    sqls, params, runs = [], [], []
    for unit in parsed.units:
        sql, unit_params, run = _unit_sql(unit)
        sqls.append(sql)
        params += unit_params
        if run is not None:
            runs.append(run)
    return " AND ".join(sqls), params, runs


def match_sql(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """The WHERE condition of a parsed query, over the search-document table `{table}`."""
    sql, params, runs = _candidates_and_runs(parsed)
    return " AND ".join([sql] + [_RUN_CHECK] * len(runs)), params + runs


def search(queryset: QuerySet, parsed: ParsedQuery, *, document: str = "search_document__") -> QuerySet:
    """`queryset` of Articles (`document` the path to their SearchDocument) or of SearchDocuments ("")."""
    anchor = f"{document}date"
    match, params = match_sql(parsed)
    # ts_rank reads a hit's whole tsvector: only the newest RANK_WINDOW hits pay for it. Their
    # recency is a window function over the hits, so the hits are found once per query.
    rank = number(
        "(CASE WHEN row_number() OVER (ORDER BY {table}.date DESC, {table}.article_id DESC) <= %s"
        " THEN ts_rank({table}.document, to_tsquery('simple', %s)) ELSE 0 END)::double precision",
        [RANK_WINDOW, _rank_query(parsed)], anchor=anchor,
    )
    rank.contains_over_clause = True
    return queryset.annotate(search_rank=rank).filter(condition(match, params, anchor=anchor))


def newest_hits(documents: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """The newest RANK_WINDOW SearchDocuments of `documents` that match, each annotated
    `search_rank` as `search` ranks it (the same number)."""
    sql, params, runs = _candidates_and_runs(parsed)
    newest = documents.filter(condition(sql, params, anchor="date")).order_by(F("date").desc(), F("pk").desc())
    if not runs:
        newest = newest.values("pk")[:RANK_WINDOW]
    else:
        # The runs are checked on the candidates newest first, only until the window is full (a
        # word in a third of the archive: some 200 checks instead of every candidate's). The checks
        # are scalar subqueries, which PostgreSQL neither moves into the candidates' subquery nor
        # turns into a join; so the outer query reads one relation in the subquery's order, and
        # the planner plans the subquery for the first rows the LIMIT needs (along the date index,
        # where the candidates are dense enough), not for all of them.
        inner, inner_params = newest.values("article_id", "date").query.get_compiler(documents.db).as_sql()
        checks = " AND ".join([f"(SELECT strpos(r.runs, %s) > 0 {_RUNS_OF})".format(table="newest")] * len(runs))
        newest = RawSQL(
            f"SELECT newest.article_id FROM ({inner}) newest WHERE {checks} LIMIT %s",
            (*inner_params, *runs, RANK_WINDOW),
        )
    rank = number(
        "ts_rank({table}.document, to_tsquery('simple', %s))::double precision", [_rank_query(parsed)], anchor="date"
    )
    return documents.model._base_manager.db_manager(documents.db).filter(pk__in=newest).annotate(search_rank=rank)


def _rank_query(parsed: ParsedQuery) -> str:
    return " | ".join(f"'{word}'" for word in parsed.rank_words)


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
            # inside an outer transaction the rows' deferred foreign-key checks must run first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, column in GIN_INDEXES.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON articles_search_document USING gin ({column})"
                )
            cursor.execute("ANALYZE articles_search_document")
