"""How a search's hits become Article objects: the ranked keys first, then the rows of those alone.

Takes the queryset `search_articles` builds (matched, ranked, ordered, maybe sliced by a paginator
and narrowed further by the caller); gives, when it is evaluated, the same Article objects with the
same annotations and order. Three savings:

* Keys, then rows. Ranking sorts every hit, and a sort carries whatever the query selects:
  selecting the articles' columns (and their page, publication and issue, as the API does) made
  the database carry every hit's whole row through that sort — for a word in 9% of 100,000
  articles, 87 ms instead of 30 for its first page. So the query that matches, ranks, orders and
  slices selects only the keys and the annotations, and a second query reads the page's rows by key.
* The index alone, where it can answer. A search of all articles, or of what readers see (the
  index keeps when each article becomes visible), is matched, ranked, ordered and counted on the
  search documents without joining the articles, whose whole table a join scans for every query:
  `SearchQuerySet.answered_by(articles, candidates=..., documents=...)` keeps the equivalent SearchDocument
  queryset beside the Article one, and uses it for the keys and for `count()` as long as the caller has not
  narrowed, reordered or annotated the articles further (then the Article query answers, as it
  always can) — except by terms that refer only to the key and the rank, which are applied to both
  (the API's cursor paging: ordered by relevance and key, continued after a position in them).
  bench_search, 国务院 in 8,734 of 100,000 articles, first 20 articles + count: p50 37.8 ms →
  19.0 ms; bench_api at 100,000, `q=` on 2 connections: p95 193 ms → 80 ms.
* The newest hits first. On PostgreSQL only the newest RANK_WINDOW hits are ranked (the others
  rank 0 and follow), which takes numbering every hit by date. A slice ordered by rank that the
  newest hits alone fill with positive ranks is the same slice of all the hits, so it is read
  from those few first (`newest`, no window over every hit); otherwise from all of them. That is
  the API's every page of positive ranks. A common word's few are read along the date index,
  stopping at the window's last, a rarer word's through the GIN index (`postgres.choose_scan`). An
  uncached API `q=` at 100,000 articles, in-process (bench_api's 15 queries): 106 → 48 ms a
  request, of which SQL 85 → 24 ms (session 5's machine).
* The count with the page. `SearchPaginator` asks `page_and_count()`, whose keys query also
  counts every hit (COUNT(*) OVER ()), instead of a count query that matches them all again first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Expression, F, Q, QuerySet, Value, Window
from django.db.models.expressions import Col, OrderBy, RawSQL
from django.db.models.query import ModelIterable

from articles.models import ArticleQuerySet


def _shape(queryset: QuerySet) -> tuple:
    """What decides which rows a queryset yields, and in which order (not how many: slicing).
    (Read from the compiled query's parts: the search compares two querysets it built itself.)"""
    query = queryset.query
    return (query.where, tuple(query.annotations), query.distinct, tuple(query.distinct_fields), query.combinator,
            tuple(query.extra), tuple(query.extra_tables), tuple(query.order_by))


def _names(term: Any) -> tuple[str, ...] | None:
    """The fields or annotations a filter, annotation or ordering term refers to (by their first
    part: "search_relevance" of "search_relevance__lt"); None for a term that may refer to more
    (a subquery, raw SQL, an expression as a lookup's value) or to no column at all ("?")."""
    if isinstance(term, str):
        return None if term == "?" else (term.removeprefix("-").split("__")[0],)
    if isinstance(term, F):
        return (term.name.split("__")[0],)  # type: ignore[attr-defined]  # F.name: missing from the stubs
    if isinstance(term, Value):
        return ()
    if isinstance(term, Q):
        sources = []
        for child in term.children:
            if isinstance(child, tuple):
                lookup, value = child
                if hasattr(value, "resolve_expression"):
                    return None
                sources.append(lookup)
            else:
                sources.append(child)
    elif isinstance(term, Expression) and not isinstance(term, RawSQL | Col):
        sources = [source for source in term.get_source_expressions() if source is not None]
    else:
        return None
    names: list[str] = []
    for source in sources:
        found = _names(source)
        if found is None:
            return None
        names.extend(found)
    return tuple(names)


@dataclass(frozen=True)
class IndexAnswer:
    """How the search index answers a SearchQuerySet (see SearchQuerySet.answered_by): its
    querysets are built when first read, with the operations the caller replayed and its slice,
    so that a page the newest hits answer never builds the query of all the hits."""

    #: builds the SearchDocument queryset of the same hits, in the same order
    build_documents: Callable[[], QuerySet]
    #: builds the newest hits alone, ranked the same (None: the backend ranks every hit)
    build_newest: Callable[[], QuerySet] | None
    #: the articles the hits' rows are read from
    candidates: QuerySet
    #: the shape of the SearchQuerySet it stands for (changed by the caller: it no longer does)
    shape: tuple
    operations: tuple = ()
    bounds: tuple[int, int | None] = (0, None)

    def replayed(self, method: str, args: tuple, kwargs: dict, shape: tuple) -> IndexAnswer:
        return replace(self, operations=(*self.operations, (method, args, kwargs)), shape=shape)

    def sliced(self, low: int, high: int | None) -> IndexAnswer:
        return replace(self, bounds=(low, high))

    def _built(self, build: Callable[[], QuerySet]) -> QuerySet:
        queryset = build()
        for method, args, kwargs in self.operations:
            queryset = getattr(queryset, method)(*args, **kwargs)
        low, high = self.bounds
        return queryset[low:high] if (low or high is not None) else queryset

    @cached_property
    def documents(self) -> QuerySet:
        """The SearchDocument queryset of the same hits, in the same order."""
        return self._built(self.build_documents)

    @cached_property
    def newest(self) -> QuerySet | None:
        """The newest hits alone, ranked the same (None: the backend ranks every hit)."""
        return None if self.build_newest is None else self._built(self.build_newest)


def _ranked_first(queryset: QuerySet) -> bool:
    """Whether `queryset` orders by the search rank, highest first, before anything else."""
    order = queryset.query.order_by
    if not order:
        return False
    first = order[0]
    if isinstance(first, str):
        return first == "-search_rank"
    return isinstance(first, OrderBy) and first.descending and isinstance(first.expression, F) \
        and first.expression.name == "search_rank"  # type: ignore[attr-defined]  # F.name, as above


class SearchQuerySet(ArticleQuerySet):
    """Article hits of a search; see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._iterable_class = KeysThenRowsIterable
        self._index: IndexAnswer | None = None
        #: set by page_and_count(): the keys' query also counts all the hits, into _hits_total
        self._counting_hits = False
        self._hits_total: int | None = None

    @classmethod
    def answered_by(
        cls, articles: QuerySet, *, candidates: QuerySet, documents: Callable[[], QuerySet] | None = None,
        newest: Callable[[], QuerySet] | None = None,
    ) -> SearchQuerySet:
        """The hits `articles`; `documents()` builds the same hits on the index alone (None: it
        cannot answer), whose keys' rows are read from `candidates` (so an article the index still
        calls visible after a change that skipped re-indexing, such as a queryset update(), is
        never shown: it only stays counted); `newest()` the newest of those hits, the only ones
        the backend ranks above 0, with the same ranks and order."""
        # the same query, database and routing hints as `articles` (QuerySet's own private state)
        results = cls(model=articles.model, query=articles.query.chain(),
                      using=articles._db, hints=articles._hints)  # type: ignore[attr-defined]
        if documents is not None:
            results._index = IndexAnswer(documents, newest, candidates, _shape(results))
        return results

    def _clone(self) -> SearchQuerySet:
        clone = cast(SearchQuerySet, super()._clone())
        clone._index = self._index
        return clone

    def _replayed(self, result: SearchQuerySet, method: str, args: tuple, kwargs: dict) -> SearchQuerySet:
        """`result` (this queryset after `method(*args, **kwargs)`), still answered by the index
        when the operation refers only to what both querysets have: the key and the annotations
        (the rank, and what was built from it). The API's cursor paging does just that: it orders
        by relevance and key, and continues after a position given in them."""
        if self._index is None or _shape(self) != self._index.shape:
            return result
        terms = (*args, Q(**kwargs)) if method == "filter" else (*args, *kwargs.values())
        names = [_names(term) for term in terms]
        known = {"pk", *self.query.annotations}
        if any(found is None or not known.issuperset(found) for found in names):
            return result
        result._index = self._index.replayed(method, args, kwargs, _shape(result))
        return result

    def filter(self, *args: Any, **kwargs: Any) -> SearchQuerySet:
        return self._replayed(cast(SearchQuerySet, super().filter(*args, **kwargs)), "filter", args, kwargs)

    def annotate(self, *args: Any, **kwargs: Any) -> SearchQuerySet:
        return self._replayed(cast(SearchQuerySet, super().annotate(*args, **kwargs)), "annotate", args, kwargs)

    def order_by(self, *field_names: Any) -> SearchQuerySet:
        return self._replayed(cast(SearchQuerySet, super().order_by(*field_names)), "order_by", field_names, {})

    def index_answer(self) -> IndexAnswer | None:
        """How the index answers exactly these hits, in this order and slice (its querysets
        sliced the same); None once the caller narrowed, reordered or annotated the articles
        (their own query must answer)."""
        if self._index is None or _shape(self) != self._index.shape:
            return None
        return self._index.sliced(self.query.low_mark, self.query.high_mark)

    def page_and_count(self, low: int, high: int) -> tuple[list, int | None]:
        """The hits [low:high] and the number of all the hits, read by the same query (a window
        count over the matches it ranks anyway); the number is None when the page is empty (past
        the last hit) or a filter on the rank makes the window count more than what is kept."""
        page = self[low:high]
        if self.query.where.contains_over_clause:
            return list(page), None
        page._counting_hits = True
        hits = list(page)
        return hits, page._hits_total

    def keys_and_count(self, low: int, high: int) -> tuple[list[tuple], int | None]:
        """The keys of the hits [low:high], each `(pk, *annotations)` in order, and the number of
        all the hits, read by one query as `page_and_count` reads them, without the rows (a caller
        that reads what it shows of them itself); the number is None as with `page_and_count`."""
        page = self[low:high]
        if self.query.where.contains_over_clause:
            return _keys(page, counting=False)[0], None
        return _keys(page, counting=True)

    def count(self) -> int:
        answer = self.index_answer()
        if answer is None or self._result_cache is not None:
            return super().count()
        return answer.documents.count()


class KeysThenRowsIterable(ModelIterable):
    """A ModelIterable that reads the keys and annotations of the hits in one query (from the
    search documents alone where they answer: from the newest hits alone where they hold the
    whole slice with positive ranks), then the selected rows of those objects in a second
    one (with the same select_related and deferred fields); objects come in the first query's
    order, each with its annotations set."""

    def __iter__(self) -> Iterator[Any]:
        queryset: Any = self.queryset  # a SearchQuerySet where the search built it, else any
        names = list(queryset.query.annotation_select)
        searched = isinstance(queryset, SearchQuerySet)
        answer = queryset.index_answer() if searched else None
        counting = searched and queryset._counting_hits
        keys, total = _keys(queryset, counting=counting)
        if counting:
            queryset._hits_total = total
        rows = queryset.model._base_manager.db_manager(queryset.db).all() if answer is None else answer.candidates
        if not keys:
            return
        rows = rows.filter(pk__in=[key[0] for key in keys])
        rows.query.select_related = queryset.query.select_related
        rows.query.deferred_loading = queryset.query.deferred_loading
        by_key = {row.pk: row for row in rows.order_by()}
        for key, *values in keys:
            row = by_key.get(key)
            if row is None:  # deleted between the two queries, or no longer a candidate
                continue
            for name, value in zip(names, values, strict=True):
                setattr(row, name, value)
            yield row


def _keys(queryset: Any, *, counting: bool) -> tuple[list[tuple], int | None]:
    """The keys and annotations of `queryset`'s hits, `(pk, *annotations)` each, from the search
    documents alone where they answer (from the newest hits alone where they hold the whole slice
    with positive ranks); with `counting`, the number of all the hits too (a window count in the
    same query: None when the slice is empty), else None."""
    names = list(queryset.query.annotation_select)
    answer = queryset.index_answer() if isinstance(queryset, SearchQuerySet) else None
    if answer is not None and not counting:
        keys = _newest_keys(queryset, answer, names)
        if keys is not None:
            return keys, None
    hits = queryset if answer is None else answer.documents
    if not counting:
        return list(hits.values_list("pk", *names)), None
    rows = list(hits.annotate(_hits_total=Window(Count("*"))).values_list("pk", *names, "_hits_total"))
    return [row[:-1] for row in rows], (rows[0][-1] if rows else None)


def _newest_keys(queryset: QuerySet, answer: IndexAnswer, names: list[str]) -> list[tuple] | None:
    """The keys of a slice ordered by rank, highest first, read from the newest hits alone — when
    those fill the slice with positive ranks; None otherwise. Every hit ranked above 0 is one of
    the newest, and the others rank 0, so such a slice is the same slice of all the hits; a query
    of those few hits spares numbering every hit by date (tens of ms for a word in most of
    100,000 articles)."""
    low, high = queryset.query.low_mark, queryset.query.high_mark
    if answer.newest is None or high is None or "search_rank" not in names or not _ranked_first(queryset):
        return None
    keys = list(answer.newest.values_list("pk", *names))
    rank = 1 + names.index("search_rank")
    if len(keys) < high - low or keys[-1][rank] <= 0:
        return None
    return keys


class SearchPaginator(Paginator):
    """A Paginator of a SearchQuerySet that reads the page's hits and the count of all the hits
    in one query (SearchQuerySet.page_and_count) instead of counting first: the matching, the
    larger part of either query, runs once. Other object lists page as with Paginator."""

    def page(self, number: Any) -> Page:
        # (or any list of hits that reads a page with their count so: selectors.PublishedSearch)
        if "count" in self.__dict__ or not hasattr(self.object_list, "page_and_count"):
            return super().page(number)
        if not (isinstance(number, int) or (isinstance(number, str) and number.isdecimal())) or int(number) < 1:
            return super().page(number)  # its message for a nonsense number
        wanted = int(number)
        bottom = (wanted - 1) * self.per_page
        hits, total = self.object_list.page_and_count(bottom, bottom + self.per_page + self.orphans)
        if total is None:
            return super().page(number)
        self.__dict__["count"] = total  # Paginator.count is a cached_property
        number = self.validate_number(wanted)
        top = bottom + self.per_page
        if top + self.orphans >= total:
            top = total
        return self._get_page(hits[: top - bottom], number, self)  # type: ignore[attr-defined]  # Paginator's own
