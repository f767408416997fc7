"""Database helpers: two for queries that run on every API page with only their ids changing,
and two for values that come from outside: `parse_id` (an id given as text) and
`datetime_in_range` (a date-time the database can store).

    `field__any=[ids]` (the AnyOf lookup, on integer and foreign-key fields)
        PostgreSQL: `field = ANY(%s)` with the ids as one bigint[] parameter, so the SQL and its
        parameter types are the same for any number of ids; elsewhere an IN list as `__in` gives.
    prepared_cursor(connection)
        A cursor whose statements PostgreSQL parses and plans once per connection and then only
        executes (psycopg's server-side binding with `prepare=True`): for a fixed-shape query of a
        few index look-ups, planning costs more than running it (the API's UNION of an article
        page's credits, captions, keywords and mentions: 5.5 ms planned each time, 2.5 ms
        prepared, on a 2-core VM). Queries run through it are logged and wrapped as Django's own.
        Elsewhere, or where the connection's OPTIONS have no `prepare_threshold` (settings: not
        with NEWSROOM_PREPARED_STATEMENTS=0, for PgBouncer in transaction mode, which cannot keep a
        prepared statement with its connection), the usual cursor.

Keep prepared statements to queries whose best plan does not depend on their parameters:
PostgreSQL may switch a prepared statement to one generic plan for every parameter.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import ForeignKey, IntegerField, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, id_array(values)]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


IntegerField.register_lookup(AnyOf)

#: the largest id a bigint primary key holds
MAX_ID = 2**63 - 1


def datetime_in_range(value: datetime.datetime) -> bool:
    """Whether an aware date-time lies in the years a database stores (1 to 9998 in UTC: an
    offset must not carry it out of them, where Python cannot even convert it)."""
    try:
        return 1 <= value.astimezone(datetime.UTC).year <= 9998
    except (OverflowError, ValueError):
        return False


def parse_id(text: str | None) -> int | None:
    """The id a URL or form parameter gives: ASCII digits (str.isdigit() also takes "²") for an
    integer a bigint holds, from 1; None for anything else, which no row has."""
    if text and text.isascii() and text.isdigit():
        number = int(text)
        if 0 < number <= MAX_ID:
            return number
    return None
ForeignKey.register_lookup(AnyOf)


def id_array(ids: Iterable[int]) -> list[int]:
    """The PostgreSQL parameter of `= ANY(%s)`: a bigint[] whatever the ids' size (psycopg would
    send small ints as a smallint[], a statement of other parameter types)."""
    from psycopg.types.numeric import Int8

    return [Int8(value) for value in ids]


def prepared_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """See the module docstring; use it as a context manager, as `connection.cursor()`."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    if getattr(connection.connection, "prepare_threshold", None) is None:  # turned off (or psycopg2)
        return connection.cursor()
    connection.validate_thread_sharing()
    cursor_class, debug_wrapper_class = _prepared_classes()
    raw = cursor_class(connection.connection)
    return debug_wrapper_class(raw, connection) if connection.queries_logged else connection.make_cursor(raw)


@functools.cache
def _prepared_classes() -> tuple[type, type]:
    """The cursor that prepares what it runs, and the wrapper that logs it (psycopg has no text
    of a prepared statement's execution to log: the wrapper writes the SQL with its parameters).
    Made on first use: the PostgreSQL backend's module needs psycopg, which SQLite does not."""
    from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Iterable[Any] | None = None, **kwargs: Any) -> Any:
            return super().execute(query, params, prepare=True, binary=kwargs.get("binary"))

    class PreparedDebugWrapper(CursorDebugWrapper):
        def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
            if use_last_executed_query and not many:
                sql, use_last_executed_query = self.db.ops.compose_sql(sql, params), False
            return super().debug_sql(sql, params, use_last_executed_query, many)

    return PreparingCursor, PreparedDebugWrapper
