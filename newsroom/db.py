"""Database helpers: two for queries that run on every API page with only their ids changing,
and some for values that come from outside: `parse_id` (an id given as text),
`datetime_problem`/`datetime_in_range` (a date-time the database can store) and
`publish_time_problem` (one plausible for an article, by the rule for issue dates).

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


#: the widest UTC offset PostgreSQL's timestamptz takes (its "time zone displacement"): Python
#: parses offsets up to ±23:59:59, which would reach the database as a DataError, a 500
MAX_UTC_OFFSET = datetime.timedelta(hours=15, minutes=59)
#: the earliest date a paper's issue or an article's publish time may carry: older archives are
#: typed into no such system (and before standard time, the site's zone has offsets of seconds,
#: which no ISO 8601 date-time can write)
EARLIEST_PLAUSIBLE_DATE = datetime.date(1800, 1, 1)
#: how far ahead an issue date or a publish time may lie: papers are printed, and articles
#: scheduled, days or weeks ahead; a year more is a slip of the keyboard
PLAUSIBLE_DAYS_AHEAD = 366


def datetime_problem(value: datetime.datetime) -> str | None:
    """Why a database cannot hold an aware date-time from outside, or None: its offset must be
    within ±15:59, and it must lie in the years 1 to 9998 in UTC (an offset must not carry it
    out of them, where Python cannot even convert it)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        return "Time zone offset out of range: use one from -15:59 to +15:59."
    try:
        in_years = 1 <= value.astimezone(datetime.UTC).year <= 9998
    except (OverflowError, ValueError):
        in_years = False
    return None if in_years else "Date-time out of range."


def datetime_in_range(value: datetime.datetime) -> bool:
    """Whether a database can hold an aware date-time from outside (see `datetime_problem`)."""
    return datetime_problem(value) is None


def plausible_date_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dates an issue or a publish time may carry, seen from `today` (one rule for both)."""
    return EARLIEST_PLAUSIBLE_DATE, today + datetime.timedelta(days=PLAUSIBLE_DAYS_AHEAD)


def publish_time_problem(value: datetime.datetime, zone: datetime.tzinfo, today: datetime.date) -> str | None:
    """Why an article cannot be given `value` as its publish time, or None. Beyond what a database
    holds, its date in the site's time zone (`zone`) must be plausible as an issue date is, and
    that zone's offset then must be whole minutes (local mean time, +08:05:43 for Shanghai before
    1901, cannot be written as an ISO 8601 date-time, the form the API gives it back in)."""
    problem = datetime_problem(value)
    if problem is not None:
        return problem
    local = value.astimezone(zone)
    earliest, latest = plausible_date_range(today)
    if not earliest <= local.date() <= latest:
        return (f"Implausible publish time {local.isoformat()}: give one from {earliest.isoformat()} "
                f"to {latest.isoformat()}.")
    offset = local.utcoffset()
    if offset is not None and offset.seconds % 60:
        return f"Implausible publish time {local.isoformat()}: before the site's time zone kept standard time."
    return None


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
