"""Full-text search of articles, in Chinese, on PostgreSQL and SQLite — the one search service
the readers' site, the admin and the API use.

    search_articles(query, *, queryset=None, public=False) -> QuerySet[Article]
        the matching articles, annotated `search_rank` (float), ordered by relevance, then the
        newest date (issue date, else publish date) and id; `public` keeps what readers may see
        (Article.objects.published()), `queryset` narrows the candidates further, and the result
        can be filtered further. When the candidates are every article or exactly those readers
        see (`ArticleQuerySet.scope()`), the hits are matched, ranked and counted in the search
        index alone (see `results`), much faster on a large archive. Raises
        SearchQueryError (a ValueError) for a query with nothing to search or too long.
    visible_hit_keys(query, *, low, high, queryset=None, now=None) -> (ids, count)
        the ids of the hits [low:high] readers see (of `queryset`, where given), in the order
        `search_articles(public=True)` gives them, and the number of all of them (None where the
        slice is empty), in one query, without the rows: where nothing narrows the search on
        PostgreSQL, written out on the index (`postgres.visible_page_keys`), not built as a
        queryset. Raises SearchQueryError as `search_articles` does.
    search_snippet(article, query, *, length=120) -> str
        HTML-safe text around the hits, hits in <mark>.
    search_snippets(articles, query, *, length=120) -> list[str]
        the same for a page of results, in at most one query (their captions, where needed);
        `articles` need only `pk`, `body_text`, `headline`, `kicker` and `subtitle`.
    SearchPaginator
        a Paginator that reads a page of hits and their count in one query (of a search's
        queryset, or of anything with `page_and_count(low, high)`).
    index_articles(article_ids) -> None
        (re)index these articles; ids of deleted articles drop out of the index.

Modules: text (segmentation shared by index and queries), query (query parsing and semantics),
models (the index tables, defined in articles.models), indexing (articles → index rows),
postgres / sqlite (matching and ranking per database), results (hits read keys first, rows
second), highlight (snippets), expressions (the ORM glue for raw index SQL).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import connections, router
from django.db.models import F, QuerySet
from django.utils import timezone

from articles.models import Article, ArticleQuerySet, ArticleScope, Caption, SearchDocument
from articles.search import indexing, postgres, sqlite
from articles.search.highlight import first_hit, marked, opening
from articles.search.query import ParsedQuery, SearchQueryError, parse_query
from articles.search.results import SearchPaginator, SearchQuerySet

__all__ = ["SearchPaginator", "SearchQueryError", "index_articles", "search_articles", "search_snippet",
           "search_snippets", "visible_hit_keys"]


def search_articles(
    query: str, *, queryset: QuerySet[Article] | None = None, public: bool = False,
    now: datetime.datetime | None = None,
) -> QuerySet[Article]:
    """See the module docstring."""
    return _search(parse_query(query), queryset=queryset, public=public, now=now or timezone.now())


def visible_hit_keys(
    query: str, *, low: int, high: int, queryset: QuerySet[Article] | None = None,
    now: datetime.datetime | None = None,
) -> tuple[list[int], int | None]:
    """See the module docstring."""
    parsed = parse_query(query)
    now = now or timezone.now()
    if queryset is None:
        using = router.db_for_read(SearchDocument)
        if connections[using].vendor == "postgresql":
            keys, total = postgres.visible_page_keys(parsed, now=now, low=low, high=high, using=using)
            return [pk for pk, _ in keys], total
    hits = _search(parsed, queryset=queryset, public=True, now=now)
    keys, total = hits.keys_and_count(low, high)
    return [key[0] for key in keys], total


def _search(parsed: ParsedQuery, *, queryset: QuerySet[Article] | None, public: bool,
            now: datetime.datetime) -> SearchQuerySet:
    candidates = Article.objects.all() if queryset is None else queryset
    scope = candidates.scope() if isinstance(candidates, ArticleQuerySet) else None
    if public:
        # a queryset of Articles has the articles' manager's methods (the stubs see a QuerySet)
        candidates = candidates.published(now)  # type: ignore[attr-defined]
    vendor = connections[candidates.db or router.db_for_read(Article)].vendor
    backend = {"postgresql": postgres, "sqlite": sqlite}.get(vendor)
    if backend is None:
        raise NotImplementedError(f"full-text search supports PostgreSQL and SQLite, not {vendor}")

    def ranked(hits: QuerySet, date: str) -> QuerySet:
        return hits.order_by(F("search_rank").desc(), F(date).desc(), F("pk").desc())

    articles = ranked(backend.search(candidates, parsed), "search_document__date")
    if scope is None:
        return SearchQuerySet.answered_by(articles, candidates=candidates)
    # no narrowing but visibility, which the index knows: it answers alone
    documents = SearchDocument.objects.using(candidates.db)
    if public or scope == ArticleScope.PUBLISHED:
        documents = documents.filter(visible_from__lte=now)
    newest = getattr(backend, "newest_hits", None)
    return SearchQuerySet.answered_by(
        articles, candidates=candidates,
        documents=lambda: ranked(backend.search(documents, parsed, document=""), "date"),
        newest=None if newest is None else lambda: ranked(newest(documents, parsed), "date"),
    )


def search_snippet(article: Article, query: str, *, length: int = 120) -> str:
    """See the module docstring; an unusable query gives the article's opening, unmarked."""
    return search_snippets([article], query, length=length)[0]


def search_snippets(articles: Sequence[Article], query: str, *, length: int = 120) -> list[str]:
    """search_snippet of each of `articles`, the query parsed once and the captions read (in one
    query) only for the articles whose body the query does not hit."""
    try:
        parsed = parse_query(query)
    except SearchQueryError:
        parsed = ParsedQuery(text="", units=())  # nothing to mark
    hits = {article.pk: first_hit([article.body_text], parsed) for article in articles}
    captions: dict[int, list[str]] = {article.pk: [] for article in articles if hits[article.pk] is None}
    if captions:
        for article_id, text in Caption.objects.filter(article__in=list(captions)).values_list("article", "text"):
            captions[article_id].append(text)
    snippets = []
    for article in articles:
        after_body = [*captions.get(article.pk, ()), article.headline, article.kicker, article.subtitle]
        hit = hits[article.pk] or first_hit(after_body, parsed)
        snippets.append(opening([article.body_text, *after_body], length=length) if hit is None
                        else marked(*hit, length=length))
    return snippets


def index_articles(article_ids: Iterable[int]) -> None:
    """See the module docstring."""
    indexing.index_articles(article_ids)

