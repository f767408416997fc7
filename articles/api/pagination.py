"""Keyset ("cursor") pagination over any ordering a view declares.

DRF's CursorPagination keys on the first ordering field only and steps over ties with an
offset, which drifts when rows are added and gets slow inside large ties. Here the cursor
holds the full sort key of a boundary row (every ordering field plus the primary key, so the
order is total), and the next page is "rows after this key": each row comes exactly once
however deep the client pages, with no count and no cap. NULLs sort where the database puts
them (PostgreSQL: as the highest value; SQLite: the lowest), so plain indexes still serve.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from newsroom.db import datetime_in_range, prepared_cursor

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SortKey:
    """One column of an ordering: an ORM path, its direction and how its cursor value is read back."""

    path: str
    descending: bool = False
    kind: str = "int"  # "int" | "float" | "str" | "date" | "datetime"
    nullable: bool = False


@dataclass(frozen=True)
class Ordering:
    """A named ordering offered to clients (`?ordering=name`), e.g. "-published_at"."""

    keys: tuple[SortKey, ...]
    description: str

    def total(self) -> tuple[SortKey, ...]:
        """The keys plus the primary key (in the direction of the last key), making the order total."""
        if self.keys and self.keys[-1].path == "pk":
            return self.keys
        descending = self.keys[-1].descending if self.keys else False
        return (*self.keys, SortKey("pk", descending, "int"))


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _decode_value(key: SortKey, value: Any) -> Any:
    if value is None:
        if key.nullable:
            return None
        raise ValueError("null")
    if key.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or not -(2**63) <= value < 2**63:
            raise ValueError("int")
        return value
    if key.kind == "float":
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValueError("float")
        return float(value)
    if key.kind == "str":
        # no database column holds a NUL (PostgreSQL refuses it: a DataError, a 500)
        if not isinstance(value, str) or "\x00" in value:
            raise ValueError("str")
        return value
    if not isinstance(value, str):
        raise ValueError(key.kind)
    if key.kind == "date":
        return datetime.date.fromisoformat(value)
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None or not datetime_in_range(parsed):
        raise ValueError("datetime")
    return parsed


def _beyond(key: SortKey, value: Any, nulls_high: bool) -> Q | None:
    """Rows strictly after `value` in this column's order (None: no row can be)."""
    nulls_after_values = nulls_high != key.descending
    if value is None:
        return None if nulls_after_values else Q(**{f"{key.path}__isnull": False})
    after = Q(**{f"{key.path}__{'lt' if key.descending else 'gt'}": value})
    if key.nullable and nulls_after_values:
        after |= Q(**{f"{key.path}__isnull": True})
    return after


def keyset_after(keys: Sequence[SortKey], values: Sequence[Any], *, nulls_high: bool) -> Q:
    """Rows after the key `values` in the lexicographic order of `keys`."""
    alternatives: list[Q] = []
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        beyond = _beyond(key, value, nulls_high)
        if beyond is not None:
            alternatives.append(equal_so_far & beyond)
        equal_so_far &= Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})
    return reduce(or_, alternatives) if alternatives else Q(pk__in=[])


def selected_names(query: Any) -> list[str]:
    """The names of a values() query's columns in the order selected (as Django's ValuesIterable
    reads them)."""
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


def values_prepared(queryset: QuerySet) -> list[dict[str, Any]]:
    """The rows of a `values()` queryset, its statement prepared once per connection on PostgreSQL
    (newsroom.db.prepared_cursor: planning a page's query costs PostgreSQL more than running it);
    the values converted as Django's own iteration converts them."""
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    names = selected_names(query)
    with prepared_cursor(connections[queryset.db]) as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return [dict(zip(names, row, strict=True)) for row in compiler.results_iter([fetched])]


def _flipped(keys: Sequence[SortKey]) -> tuple[SortKey, ...]:
    return tuple(SortKey(k.path, not k.descending, k.kind, k.nullable) for k in keys)


def _page_query(queryset: QuerySet, keys: tuple[SortKey, ...], reverse: bool, position: Sequence[Any] | None,
                nulls_high: bool, values: dict[str, Any] | None) -> tuple[QuerySet, list[str]]:
    """The page's query, unsliced (rows after `position` in the ordering, or before it when
    `reverse`), and the names its rows' sort key values are read back by."""
    # Each key's value is read back from its row: an annotation already selected serves as it
    # is (a copy would be computed again); a column path gets an alias.
    selected = set(queryset.query.annotation_select)
    attributes = [key.path if key.path == "pk" or key.path in selected else f"_cursor_{i}"
                  for i, key in enumerate(keys)]
    queryset = queryset.annotate(**{
        name: F(key.path) for name, key in zip(attributes, keys, strict=True) if name.startswith("_cursor_")
    })
    walk = _flipped(keys) if reverse else keys
    if position is not None:
        queryset = queryset.filter(keyset_after(walk, position, nulls_high=nulls_high))
    queryset = queryset.order_by(*[F(k.path).desc() if k.descending else F(k.path).asc() for k in walk])
    if values is not None:
        queryset = queryset.values(*dict.fromkeys(attributes), **values)
    return queryset, attributes


#: A page statement's SQL, each parameter (a value given: (its index among `now` and the cursor's
#: values, how the database takes it); a constant: (None, it)), the columns' names, the compiler
#: that converts its rows, the sort keys' names among them and the integer keys' ranges (their
#: index among the values given, the column's least and greatest); None: made by the ORM each time
_Statement = tuple[str, list[tuple[Any, Any]], list[str], Any, list[str], list[tuple[int, int | None, int | None]]]
#: {page shape: statement}, per process (KeysetCursorPagination.paginate_statement), at most
#: MAX_STATEMENTS of them (each holds its query: some kilobytes); a shape beyond them is made each time
MAX_STATEMENTS = 200
_STATEMENTS: dict[tuple, _Statement | None] = {}
#: A time no request gives (each probe round and value its own): where `now` and a cursor's
#: datetimes land in a page's SQL, made once
_SOME_TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)


def _probe_value(key: SortKey, index: int, round_: int) -> Any:
    """A value of this key's kind, one of its own per index and round (ints within a small
    integer's range: out of a column's range the ORM writes other SQL)."""
    if key.kind == "int":
        return 30_011 + 97 * index + round_
    if key.kind == "float":
        return 8_765_432_109.25 + 97 * index + round_
    if key.kind == "str":
        return f"probe-{index}-{round_}-7f3c9a5e0b1d4e26"
    if key.kind == "date":
        return datetime.date(1901 + round_, 3, 1 + index)
    return _SOME_TIME + datetime.timedelta(days=round_, seconds=1 + index)


def _adapters(connection: Any, value: Any) -> list[Callable[[Any], Any]]:
    """The ways a value of this type may reach the SQL's parameters (as it is, or as the backend
    adapts a date, datetime or integer column's value: SQLite takes dates as text, psycopg an
    integer column's value typed by its size)."""
    same: Callable[[Any], Any] = lambda given: given  # noqa: E731
    if isinstance(value, int):
        kinds = getattr(connection.ops, "integerfield_type_map", {})
        return [same, *(functools.partial(connection.ops.adapt_integerfield_value, internal_type=kind)
                        for kind in kinds)]
    if isinstance(value, datetime.datetime):
        return [same, connection.ops.adapt_datetimefield_value]
    if isinstance(value, datetime.date):
        return [same, connection.ops.adapt_datefield_value]
    return [same]


def _traced(base: Callable[[datetime.datetime], QuerySet], connection: Any, keys: tuple[SortKey, ...],
            reverse: bool, position: Sequence[Any] | None, values: dict[str, Any], size: int,
            round_: int) -> tuple[str, list[tuple[Any, Any]], Any, list[str]] | None:
    """The page's SQL made by the ORM with probe values of this round, each parameter traced back
    to `now` or a cursor value (or a constant), its compiler and the sort keys' names; None where
    a value given is not found as a parameter of its own."""
    probes: list[Any] = [_SOME_TIME + datetime.timedelta(days=7 * round_)]
    if position is not None:
        probes += [None if value is None else _probe_value(key, i, round_) for i, (key, value) in
                   enumerate(zip(keys, position, strict=True))]
    nulls_high = connection.vendor in {"postgresql", "oracle"}
    queryset, attributes = _page_query(base(probes[0]), keys, reverse, probes[1:] if position is not None else None,
                                       nulls_high, values)
    queryset = queryset[: size + 1]
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    candidates = [(index, adapter, adapter(probe)) for index, probe in enumerate(probes) if probe is not None
                  for adapter in _adapters(connection, probe)]
    slots: list[tuple[Any, Any]] = []
    for param in params:
        match = next(((index, adapter) for index, adapter, value in candidates
                      if type(value) is type(param) and value == param), None)
        slots.append((None, param) if match is None else match)
    if {slot[0] for slot in slots} - {None} != {index for index, probe in enumerate(probes) if probe is not None}:
        return None
    return sql, slots, compiler, attributes


def _statement(base: Callable[[datetime.datetime], QuerySet], connection: Any, keys: tuple[SortKey, ...],
               reverse: bool, position: Sequence[Any] | None, values: dict[str, Any],
               size: int) -> _Statement | None:
    """The page's SQL, traced twice with other probe values: the same SQL with the values in the
    same places (no probe taken for a constant, no SQL written for a value), or None; and the
    integer columns' ranges (a value out of one goes through the ORM, which writes other SQL)."""
    first = _traced(base, connection, keys, reverse, position, values, size, 0)
    second = _traced(base, connection, keys, reverse, position, values, size, 1)
    if first is None or second is None or first[0] != second[0] \
            or [slot[0] for slot in first[1]] != [slot[0] for slot in second[1]] \
            or [slot[1] for slot in first[1] if slot[0] is None] != [slot[1] for slot in second[1] if slot[0] is None]:
        return None
    sql, slots, compiler, attributes = first
    query = base(_SOME_TIME).query
    ranges: list[tuple[int, int | None, int | None]] = []
    for index, key in enumerate(keys if position is not None else (), start=1):
        if key.kind == "int":
            kind = query.resolve_ref(key.path).output_field.get_internal_type()
            low, high = connection.ops.integer_field_ranges.get(kind, (None, None))
            ranges.append((index, low, high))
    return sql, slots, selected_names(compiler.query), compiler, attributes, ranges


def _in_range(value: Any, low: int | None, high: int | None) -> bool:
    return value is None or ((low is None or value >= low) and (high is None or value <= high))


class KeysetCursorPagination(BasePagination):
    """`?cursor=` (opaque), `?page_size=` (1–100, default 20), `?ordering=` (the view's choices).

    The view declares `orderings: dict[str, Ordering]` and `default_ordering`; it may offer
    `ordering_for(request)` to pick another default (e.g. relevance when searching)."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def __init__(self) -> None:
        self.next_url: str | None = None
        self.previous_url: str | None = None

    # -- parameters ---------------------------------------------------------------------------

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def get_ordering(self, request: Request, view) -> tuple[str, Ordering]:
        orderings: dict[str, Ordering] = view.orderings
        name = request.query_params.get(self.ordering_query_param) or ""
        if not name:
            name = view.ordering_for(request) if hasattr(view, "ordering_for") else view.default_ordering
        if name not in orderings:
            raise ValidationError(
                {self.ordering_query_param: [f"Unknown ordering {name!r}; use one of: {', '.join(orderings)}."]}
            )
        return name, orderings[name]

    def decode_cursor(self, request: Request, ordering_name: str, keys: Sequence[SortKey]):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        invalid = ValidationError({self.cursor_query_param: ["Invalid cursor: use the next/previous links as given."]})
        try:
            padded = raw + "=" * (-len(raw) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
            if not isinstance(payload, dict) or payload.get("o") != ordering_name:
                raise invalid
            values = payload.get("v")
            if not isinstance(values, list) or len(values) != len(keys):
                raise invalid
            decoded = [_decode_value(key, value) for key, value in zip(keys, values, strict=True)]
            return bool(payload.get("r")), decoded
        except (ValueError, UnicodeError, binascii.Error, TypeError) as error:
            raise invalid from error

    def encode_cursor(self, ordering_name: str, values: Sequence[Any], reverse: bool) -> str:
        payload = {"o": ordering_name, "v": [_encode_value(v) for v in values]}
        if reverse:
            payload["r"] = 1
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")

    # -- paging --------------------------------------------------------------------------------

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None, *,
                          values: dict[str, Any] | None = None, prepared: bool = False) -> list:
        """The page's rows: model instances, or with `values` ({name: expression}) dicts of the
        primary key, the sort keys and those expressions only (no model instances built: the
        stored representations' read, articles.api.views), `prepared` through a prepared statement
        (values_prepared: for a query of a fixed shape whose best plan is the same for any values)."""
        self.request = request
        size, name, keys, reverse, position = self._parameters(request, view)
        nulls_high = connections[queryset.db].vendor in {"postgresql", "oracle"}
        queryset, attributes = _page_query(queryset, keys, reverse, position, nulls_high, values)
        rows = values_prepared(queryset[: size + 1]) if prepared and values is not None else list(queryset[: size + 1])
        if values is not None:
            return self._page(rows, size, name, reverse, position, lambda row: [row[a] for a in attributes])
        return self._page(rows, size, name, reverse, position, lambda row: [getattr(row, a) for a in attributes])

    def paginate_statement(self, base: Callable[[datetime.datetime], QuerySet], shape: Hashable, using: str,
                           request: Request, view, *, values: dict[str, Any]) -> list[dict[str, Any]]:
        """`paginate_queryset(base(now), values=values, prepared=True)` without the ORM per request:
        for a `base` whose SQL depends on nothing but `shape` and the time `now` (e.g. the articles
        readers see), the page's SQL is made by the ORM once per process and page shape (`shape`,
        the database, the ordering, the page size, the cursor's direction and which of its values
        are null) and run with this request's values (a prepared statement on PostgreSQL): building
        and compiling the query cost a cold page more than the database's answer. Where the SQL
        does not hold the values as plain parameters, the ORM makes it each time. `using`: the
        database `base` reads."""
        self.request = request
        size, name, keys, reverse, position = self._parameters(request, view)
        now = timezone.now()
        connection = connections[using]
        nulls = None if position is None else tuple(value is None for value in position)
        statement_key = (shape, using, name, size, reverse, nulls)
        statement = _STATEMENTS.get(statement_key, ...)
        if statement is ...:
            statement = _statement(base, connection, keys, reverse, position, values, size)
            if len(_STATEMENTS) < MAX_STATEMENTS:  # (page sizes times orderings: a client could ask for many)
                _STATEMENTS[statement_key] = statement
        given = [now, *(position or ())]
        if statement is None or not all(_in_range(given[index], low, high) for index, low, high in statement[5]):
            # (not as expected, or a value out of its column's range: the ORM each time)
            return self.paginate_queryset(base(now), request, view, values=values, prepared=True)
        sql, slots, names, compiler, attributes, _ranges = statement
        with prepared_cursor(connection) as cursor:
            cursor.execute(sql, [slot[1] if slot[0] is None else slot[1](given[slot[0]]) for slot in slots])
            fetched = cursor.fetchall()
        rows = [dict(zip(names, row, strict=True)) for row in compiler.results_iter([fetched])]
        return self._page(rows, size, name, reverse, position, lambda row: [row[a] for a in attributes])

    def _parameters(self, request: Request, view) -> tuple[int, str, tuple[SortKey, ...], bool, list[Any] | None]:
        """The page size, the ordering's name and keys, and the cursor (its direction and values)."""
        size = self.get_page_size(request)
        name, ordering = self.get_ordering(request, view)
        keys = ordering.total()
        cursor = self.decode_cursor(request, name, keys)
        reverse, position = cursor if cursor else (False, None)
        return size, name, keys, reverse, position

    def _page(self, rows: list, size: int, name: str, reverse: bool, position: list[Any] | None,
              key_of: Callable[[Any], list[Any]]) -> list:
        """The page of the `size + 1` rows read (in walking order), its links set."""
        more = len(rows) > size
        rows = rows[:size]
        if reverse:
            rows.reverse()
        self.next_url = self.previous_url = None
        if rows:
            if (more and not reverse) or reverse:
                self.next_url = self._link(self.encode_cursor(name, key_of(rows[-1]), False))
            if (more and reverse) or (not reverse and position is not None):
                self.previous_url = self._link(self.encode_cursor(name, key_of(rows[0]), True))
        elif position is not None:
            # Past the end (or before the start): offer the way back.
            self.previous_url = None if reverse else self._link(self.encode_cursor(name, position, True))
            self.next_url = self._link(self.encode_cursor(name, position, False)) if reverse else None
        return rows

    def _link(self, cursor: str) -> str:
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def get_paginated_response(self, data: list) -> Response:
        return Response({"next": self.next_url, "previous": self.previous_url, "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri",
                         "description": "The next page, or null on the last page."},
                "previous": {"type": "string", "nullable": True, "format": "uri",
                             "description": "The previous page, or null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        orderings: dict[str, Ordering] = view.orderings
        ordering_help = "; ".join(f"`{name}`: {o.description}" for name, o in orderings.items())
        return [
            {
                "name": self.cursor_query_param, "required": False, "in": "query",
                "description": "Opaque position from a `next`/`previous` link (keyset paging: stable, no cap).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param, "required": False, "in": "query",
                "description": f"Results per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.ordering_query_param, "required": False, "in": "query",
                "description": f"Sort order (default `{view.default_ordering}`). {ordering_help}",
                "schema": {"type": "string", "enum": list(orderings)},
            },
        ]
