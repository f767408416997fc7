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
`results`), without numbering every hit by date first. It finds them one of two ways, chosen by
how common the query's grams are (`choose_scan`, from PostgreSQL's statistics of the gram
column): a common word along the date index, newest first, testing each document's short runs
row until the window is full (about RANK_WINDOW / share documents); a rarer one through the GIN
index, all its matches, then the newest. bench_api's 15 queries, their newest hits ranked,
mean per query: 10,000 articles 3.9 → 2.5 ms; 100,000 articles 7.8 → 4.2 ms.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from django.db import connections
from django.db.models import F, QuerySet

from articles.models import SearchDocument
from articles.search.expressions import condition, number
from articles.search.query import ParsedQuery, Unit
from articles.search.text import query_grams
from newsroom.db import prepared_cursor

#: how many hits, the newest, are ranked by relevance; older hits follow them, newest first
RANK_WINDOW = 200


#: a candidate's runs of Chinese characters (its SearchRuns row), and whether one holds a run of the query
_RUNS_OF = "FROM articles_search_runs r WHERE r.article_id = {table}.article_id"
_RUN_CHECK = f"EXISTS (SELECT 1 {_RUNS_OF} AND strpos(r.runs, %s) > 0)"


def _runs_hold(count: int, table: str) -> str:
    """Whether the runs of `table`'s document hold all of `count` texts (parameters): one scalar
    subquery, which PostgreSQL neither moves into a subquery of `table` nor turns into a join, so
    it runs on the rows `table` yields, in their order, only as long as they are read."""
    held = " AND ".join(["strpos(r.runs, %s) > 0"] * count)
    return f"(SELECT {held} {_RUNS_OF.format(table=table)})"


@dataclass(frozen=True)
class UnitMatch:
    """How a query unit is matched: its GIN-indexed condition over `{table}` and its parameters;
    `run`, the text every match holds in its runs of Chinese characters (None for Latin text); and
    whether the condition alone decides (`exact`) or its candidates must also hold the run."""

    sql: str
    params: tuple[str, ...]
    run: str | None
    exact: bool


def unit_match(unit: Unit) -> UnitMatch:
    """See UnitMatch."""
    # A Chinese unit is matched by its grams alone: with punctuation separated and layout spaces
    # dropped, its words can only be adjacent where its text is, so the grams find every such hit
    # (its words serve the ranking). Two or three characters: one exact GIN look-up of the gram.
    # More: the GIN look-up of all its trigrams, then the run itself in the candidates' runs (their
    # SearchRuns rows), a short read per candidate beside comparing positions of grams. Either way
    # a document matches exactly when its runs hold the unit's text: its grams are every bigram,
    # trigram and run-final character of those runs (text.document_grams).
    grams = "({table}.grams_vector @@ plainto_tsquery('simple', %s))"
    if unit.prefix:
        return UnitMatch("({table}.grams_vector @@ to_tsquery('simple', %s))", (f"'{unit.prefix}':*",), unit.prefix,
                         exact=True)
    if len(unit.grams) == 1:
        return UnitMatch(grams, (unit.grams[0],), unit.text, exact=True)
    if unit.grams:
        return UnitMatch(grams, (" ".join(unit.grams),), unit.text, exact=False)
    return UnitMatch("({table}.document @@ phraseto_tsquery('simple', %s))", (" ".join(unit.words),), None, exact=True)


def _indexed(matches: list[UnitMatch]) -> tuple[str, list[str]]:
    """The GIN-indexed conditions of `matches`, ANDed, and their parameters."""
    return " AND ".join(m.sql for m in matches), [p for m in matches for p in m.params]


def match_sql(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """The WHERE condition of a parsed query, over the search-document table `{table}`."""
    matches = [unit_match(unit) for unit in parsed.units]
    sql, params = _indexed(matches)
    checks = [cast(str, m.run) for m in matches if not m.exact]  # an inexact match has its run
    return " AND ".join([sql] + [_RUN_CHECK] * len(checks)), params + checks


def search(queryset: QuerySet, parsed: ParsedQuery, *, document: str = "search_document__") -> QuerySet:
    """`queryset` of Articles (`document` the path to their SearchDocument) or of SearchDocuments ("")."""
    anchor = f"{document}date"
    match, params = match_sql(parsed)
    rank = number(_WINDOW_RANK, [RANK_WINDOW, _rank_query(parsed)], anchor=anchor)
    rank.contains_over_clause = True
    return queryset.annotate(search_rank=rank).filter(condition(match, params, anchor=anchor))


#: ts_rank reads a hit's whole tsvector: only the newest RANK_WINDOW hits pay for it. Their
#: recency is a window function over the hits, so the hits are found once per query.
_WINDOW_RANK = ("(CASE WHEN row_number() OVER (ORDER BY {table}.date DESC, {table}.article_id DESC) <= %s"
                " THEN ts_rank({table}.document, to_tsquery('simple', %s)) ELSE 0 END)::double precision")


def visible_page_keys(parsed: ParsedQuery, *, now: datetime.datetime, low: int, high: int,
                      using: str) -> tuple[list[tuple[int, float]], int | None]:
    """The (article id, rank) of the hits [low:high] visible at `now`, as `search` of the visible
    SearchDocuments ranks and orders them (rank, newest date, id), and the number of all of them
    (a window count over the same matches; None where the slice is empty): the query the ORM makes
    of them for a page and its count (`results.SearchQuerySet.page_and_count`), written out, since
    building and compiling that queryset cost more of a search page's time than running it. It
    runs prepared (newsroom.db.prepared_cursor), a statement per shape of query: its one plan,
    every match through the GIN index, then sorted, is what PostgreSQL picks for a rare word and
    for the commonest character alike, and planning it took a third of its time."""
    table = connections[using].ops.quote_name(SearchDocument._meta.db_table)
    match, params = match_sql(parsed)
    sql = (f"SELECT {table}.article_id, {_WINDOW_RANK.format(table=table)}, COUNT(*) OVER ()"
           f" FROM {table} WHERE ({table}.visible_from <= %s AND {match.format(table=table)})"
           f" ORDER BY 2 DESC, {table}.date DESC, 1 DESC LIMIT %s OFFSET %s")
    with prepared_cursor(connections[using]) as cursor:
        cursor.execute(sql, [RANK_WINDOW, _rank_query(parsed), now, *params, high - low, low])
        rows = cursor.fetchall()
    return [(pk, rank) for pk, rank, _ in rows], (rows[0][2] if rows else None)


class Scan(enum.Enum):
    """How `newest_hits` finds the newest matches (see `choose_scan`)."""

    #: one query with the GIN conditions, ordered by date and limited; the planner picks the plan
    PLANNER = "planner"
    #: along the date index, newest first, each document's runs read until the window is full: a
    #: short row per document (its grams would be a TOAST read of kilobytes)
    WALK = "walk"
    #: every match through the GIN index, then the newest of them
    GIN = "gin"


def newest_hits(documents: QuerySet, parsed: ParsedQuery, *, scan: Scan | None = None) -> QuerySet:
    """The newest RANK_WINDOW SearchDocuments of `documents` that match, each annotated
    `search_rank` as `search` ranks it (the same number); `scan` (default: `choose_scan`'s, from
    the database's statistics) says how they are found."""
    matches = [unit_match(unit) for unit in parsed.units]
    runs = [m.run for m in matches if m.run is not None]
    if scan is None:
        scan = choose_scan(matches, gram_shares(documents.db))
    if scan is Scan.WALK and not runs:
        scan = Scan.PLANNER  # Latin words alone: no runs to test on the walk
    if scan is Scan.WALK:
        latin = [m for m in matches if m.run is None]
        sql, params = _indexed(latin)
        condition_sql = " AND ".join([*([sql] if latin else []), _runs_hold(len(runs), "{table}")])
        matching = documents.filter(condition(condition_sql, [*params, *runs], anchor="date"))
        checks = []
    else:
        matching = documents.filter(condition(*_indexed(matches), anchor="date"))
        checks = [m.run for m in matches if not m.exact]
    matching = matching.values("article_id", "date")
    if scan is Scan.GIN:
        inner, inner_params = matching.query.get_compiler(documents.db).as_sql()
        # MATERIALIZED: the matches are found first, whole; the planner cannot walk the date index
        inner = (f"WITH hits AS MATERIALIZED ({inner})"
                 " SELECT article_id, date FROM hits ORDER BY date DESC, article_id DESC")
    else:
        ordered = matching.order_by(F("date").desc(), F("pk").desc())
        inner, inner_params = ordered.query.get_compiler(documents.db).as_sql()
    # The runs of a long unit are checked on the candidates newest first, only until the window is
    # full; the planner plans the candidates' subquery for the first rows the LIMIT needs.
    where = f"WHERE {_runs_hold(len(checks), 'newest')}" if checks else ""
    newest = f"SELECT newest.article_id FROM ({inner}) newest {where} LIMIT %s"
    rank = number(
        "ts_rank({table}.document, to_tsquery('simple', %s))::double precision", [_rank_query(parsed)], anchor="date"
    )
    # = ANY(ARRAY(...)): the window is read once, then its documents by key (IN would join it with
    # a hash over the whole table)
    return documents.model._base_manager.db_manager(documents.db).filter(
        condition(f"{{table}}.article_id = ANY(ARRAY({newest}))", [*inner_params, *checks, RANK_WINDOW],
                  anchor="date")
    ).annotate(search_rank=rank)


#: the walk reads about RANK_WINDOW / share documents (~2.4 µs each), the GIN scan every match
#: (~0.8 µs each): the walk is the faster where share² × documents ≥ this (bench: at 10,000
#: documents from a share of about 0.25, at 100,000 from about 0.07)
WALK_CROSSOVER = 600.0
#: how long a process trusts the statistics it read (ANALYZE refreshes them, autovacuum or not)
STATISTICS_TTL = 300.0


@dataclass(frozen=True)
class GramShares:
    """What the last ANALYZE of the search documents counted: how many there are, and the share
    of them holding each of the most common grams (PostgreSQL's own statistics of the gram column,
    the ones its planner reads). A gram not in the list is rarer than all of them; like the planner,
    it is taken to be in at most half the rarest listed share, and at most 0.5%."""

    documents: float
    shares: dict[str, float]
    unlisted: float

    def share(self, match: UnitMatch) -> float | None:
        """The estimated share of documents `match` finds: that of its gram, or of its rarest
        trigram (every match holds them all); None for Latin text, whose words the gram column
        lacks, and for a one-character prefix, which stands for many grams."""
        if match.run is None or len(match.run) < 2:
            return None
        grams = query_grams(match.run)
        return min(self.shares.get(gram, self.unlisted) for gram in grams)


_statistics: dict[str, tuple[float, GramShares | None]] = {}


def gram_shares(using: str) -> GramShares | None:
    """The GramShares of database `using`, read at most every STATISTICS_TTL seconds per process;
    None before the search documents were first analyzed."""
    now = time.monotonic()
    cached = _statistics.get(using)
    if cached is not None and cached[0] > now:
        return cached[1]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs"
            " FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
            " AND s.tablename = c.relname AND s.attname = 'grams_vector'"
            " WHERE c.oid = 'articles_search_document'::regclass"
        )
        documents, grams, frequencies = cursor.fetchone()
    shares = None
    if documents > 0 and grams:
        # the frequencies of the listed grams, then the least and the greatest of them
        shares = GramShares(documents, dict(zip(grams, frequencies, strict=False)),
                            min(0.005, frequencies[len(grams)] / 2))
    _statistics[using] = (now + STATISTICS_TTL, shares)
    return shares


def choose_scan(matches: list[UnitMatch], statistics: GramShares | None) -> Scan:
    """The quickest way to the newest matches, by the share of documents they are estimated to
    be in: along the date index where they are dense (it stops once the window is full), through
    the GIN index where they are sparse. PostgreSQL's planner knows those shares too, but it reckons
    the walk's test of each document as cheap as the GIN scan's, while it reads the document's
    grams out of TOAST (kilobytes); the walk here reads its runs instead. Left to the planner where
    there is no estimate (no statistics yet, or only Latin words and one-character prefixes)."""
    if statistics is None:
        return Scan.PLANNER
    shares = [s for s in map(statistics.share, matches) if s is not None]
    if not shares:
        return Scan.PLANNER
    share = min(shares)  # all units must match: at most the rarest one's share
    return Scan.WALK if share * share * statistics.documents >= WALK_CROSSOVER else Scan.GIN


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
