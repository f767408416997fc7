"""SQLite: match and rank a ParsedQuery with the FTS5 table `articles_search_fts`.

Takes an Article (or SearchDocument) queryset and a `ParsedQuery`; gives it filtered to the
matches and annotated `search_rank`. The FTS5 query mirrors the PostgreSQL one: a Chinese unit
``grams : "bigram | trigram"`` or, longer, all its trigrams and ``instr(runs, it) > 0`` (one
character: a prefix query), a Latin/digit unit
``{headline names body} : "words…"``, units ANDed; the words of Chinese units are added as an
optional OR so that bm25 ranks by them. Every term is a double-quoted FTS5 string, so no user text is
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
    # as on PostgreSQL: a Chinese unit by its grams alone (they find every hit its words would),
    # its words only rank
    if unit.prefix:
        return f"(grams : {_string([unit.prefix])} *)"
    if unit.grams:
        return "(" + " AND ".join(f"grams : {_string([gram])}" for gram in unit.grams) + ")"
    return f"({_WORD_COLUMNS} : {_string(unit.words)})"


def _substrings(parsed: ParsedQuery) -> list[str]:
    """The runs that, found by their trigrams, must also occur whole in a hit's SearchRuns row."""
    return [unit.text for unit in parsed.units if len(unit.grams) > 1]


def match_expression(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH string of a parsed query."""
    return " AND ".join(_unit_match(unit) for unit in parsed.units)


def search(queryset: QuerySet, parsed: ParsedQuery, *, document: str = "search_document__") -> QuerySet:
    """`queryset` of Articles or of SearchDocuments: both are anchored on their key, the article id,
    which is the FTS rowid (`document`, the path from an article to its SearchDocument, is for
    PostgreSQL, whose columns are on the documents' table)."""
    match = match_expression(parsed)
    # ranked by the query's words wherever they occur: the OR adds them to bm25 without narrowing
    rank_words = " OR ".join(_string([word]) for word in parsed.rank_words)
    rank_match = f"({match}) OR ({_WORD_COLUMNS} : ({rank_words}))"
    rank = number(
        "(SELECT -bm25(articles_search_fts, 10.0, 4.0, 2.0, 0.0) FROM articles_search_fts"
        " WHERE articles_search_fts MATCH %s AND articles_search_fts.rowid = {column})",
        [rank_match], anchor="pk",
    )
    substrings = _substrings(parsed)
    matches = condition(
        "{column} IN (SELECT articles_search_fts.rowid FROM articles_search_fts"
        + (" JOIN articles_search_runs r ON r.article_id = articles_search_fts.rowid" if substrings else "")
        + " WHERE articles_search_fts MATCH %s"
        + "".join(" AND instr(r.runs, %s) > 0" for _ in substrings)
        + ")",
        [match, *substrings], anchor="pk",
    )
    return queryset.annotate(search_rank=rank).filter(matches)
