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
  `SearchQuerySet.answered_by(articles, documents, candidates)` keeps the equivalent SearchDocument queryset
  beside the Article one, and uses it for the keys and for `count()` as long as the caller has not
  narrowed, reordered or annotated the articles further (then the Article query answers, as it
  always can) — except by terms that refer only to the key and the rank, which are applied to both
  (the API's cursor paging: ordered by relevance and key, continued after a position in them).
  bench_search, 国务院 in 8,734 of 100,000 articles, first 20 articles + count: p50 37.8 ms →
  19.0 ms; bench_api at 100,000, `q=` on 2 connections: p95 193 ms → 80 ms.
* The count with the page. `SearchPaginator` asks `page_and_count()`, whose keys query also
  counts every hit (COUNT(*) OVER ()), instead of a count query that matches them all again first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Expression, F, Q, QuerySet, Value, Window
from django.db.models.expressions import Col, RawSQL
from django.db.models.query import ModelIterable

from articles.models import ArticleQuerySet, row_selection


def _shape(queryset: QuerySet) -> tuple:
    """What decides which rows a queryset yields, and in which order (not how many: slicing)."""
    return row_selection(queryset), tuple(queryset.query.order_by)


def _names(term: Any) -> tuple[str, ...] | None:
    """The fields or annotations a filter, annotation or ordering term refers to (by their first
    part: "search_relevance" of "search_relevance__lt"); None for a term that may refer to more
    (a subquery, raw SQL, an expression as a lookup's value) or to no column at all ("?")."""
    if isinstance(term, str):
        return None if term == "?" else (term.removeprefix("-").split("__")[0],)
    if isinstance(term, F):
        return (term.name.split("__")[0],)
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


class SearchQuerySet(ArticleQuerySet):
    """Article hits of a search; see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._iterable_class = KeysThenRowsIterable
        #: (the SearchDocument queryset of the same hits, the shape of this queryset it stands for,
        #: the candidate articles its keys' rows are read from)
        self._documents: tuple[QuerySet, tuple, QuerySet] | None = None
        #: set by page_and_count(): the keys' query also counts all the hits, into _hits_total
        self._counting_hits = False
        self._hits_total: int | None = None

    @classmethod
    def answered_by(cls, articles: QuerySet, documents: QuerySet | None, candidates: QuerySet) -> SearchQuerySet:
        """The hits `articles`; `documents` the same hits on the index alone (None: it cannot
        answer), whose keys' rows are read from `candidates` (so an article the index still calls
        visible after a change that skipped re-indexing, such as a queryset update(), is never
        shown: it only stays counted)."""
        results = cls(model=articles.model, query=articles.query.chain(), using=articles._db, hints=articles._hints)
        if documents is not None:
            results._documents = (documents, _shape(results), candidates)
        return results

    def _clone(self) -> SearchQuerySet:
        clone = super()._clone()
        clone._documents = self._documents
        return clone

    def _replayed(self, result: SearchQuerySet, method: str, args: tuple, kwargs: dict) -> SearchQuerySet:
        """`result` (this queryset after `method(*args, **kwargs)`), still answered by the index
        when the operation refers only to what both querysets have: the key and the annotations
        (the rank, and what was built from it). The API's cursor paging does just that: it orders
        by relevance and key, and continues after a position given in them."""
        if self._documents is None or _shape(self) != self._documents[1]:
            return result
        terms = (*args, Q(**kwargs)) if method == "filter" else (*args, *kwargs.values())
        names = [_names(term) for term in terms]
        known = {"pk", *self.query.annotations}
        if any(found is None or not known.issuperset(found) for found in names):
            return result
        documents, _, candidates = self._documents
        result._documents = (getattr(documents, method)(*args, **kwargs), _shape(result), candidates)
        return result

    def filter(self, *args: Any, **kwargs: Any) -> SearchQuerySet:
        return self._replayed(super().filter(*args, **kwargs), "filter", args, kwargs)

    def annotate(self, *args: Any, **kwargs: Any) -> SearchQuerySet:
        return self._replayed(super().annotate(*args, **kwargs), "annotate", args, kwargs)

    def order_by(self, *field_names: Any) -> SearchQuerySet:
        return self._replayed(super().order_by(*field_names), "order_by", field_names, {})

    def documents(self) -> tuple[QuerySet, QuerySet] | None:
        """The SearchDocument queryset of exactly these hits, in this order and slice, and the
        articles to read their rows from; None once the caller narrowed, reordered or annotated the
        articles (their own query must answer)."""
        if self._documents is None:
            return None
        documents, shape, candidates = self._documents
        if _shape(self) != shape:
            return None
        low, high = self.query.low_mark, self.query.high_mark
        return (documents[low:high] if (low or high is not None) else documents), candidates

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

    def count(self) -> int:
        answer = self.documents()
        if answer is None or self._result_cache is not None:
            return super().count()
        return answer[0].count()


class KeysThenRowsIterable(ModelIterable):
    """A ModelIterable that reads the keys and annotations of the hits in one query (from the
    search documents alone where they answer), then the selected rows of those objects in a second
    one (with the same select_related and deferred fields); objects come in the first query's
    order, each with its annotations set."""

    def __iter__(self) -> Iterator[Any]:
        queryset = self.queryset
        names = list(queryset.query.annotation_select)
        searched = isinstance(queryset, SearchQuerySet)
        answer = queryset.documents() if searched else None
        if answer is None:
            hits, rows = queryset, queryset.model._base_manager.db_manager(queryset.db).all()
        else:
            hits, rows = answer
        counting = searched and queryset._counting_hits
        if counting:
            hits = hits.annotate(_hits_total=Window(Count("*")))
        keys = list(hits.values_list("pk", *names, *(["_hits_total"] if counting else [])))
        if counting:
            queryset._hits_total = keys[0][-1] if keys else None
            keys = [key[:-1] for key in keys]
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


class SearchPaginator(Paginator):
    """A Paginator of a SearchQuerySet that reads the page's hits and the count of all the hits
    in one query (SearchQuerySet.page_and_count) instead of counting first: the matching, the
    larger part of either query, runs once. Other object lists page as with Paginator."""

    def page(self, number: Any) -> Page:
        if "count" in self.__dict__ or not isinstance(self.object_list, SearchQuerySet):
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
        return self._get_page(hits[: top - bottom], number, self)
