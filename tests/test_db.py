"""newsroom.db: the `__any` lookup and prepared statements, on both databases."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.db import datetime_in_range, parse_id, prepared_cursor
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("picked", [[], [0], [0, 2], [0, 1, 2, 3], [3, 3]])
def test_any_finds_what_in_finds(picked):
    people = [Person.objects.create(name=f"人{n}") for n in range(4)]
    ids = [people[n].pk for n in picked]
    assert sorted(Person.objects.filter(pk__any=ids).values_list("pk", flat=True)) == \
        sorted(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))


def test_any_on_postgresql_is_one_statement_for_any_number_of_ids():
    if connection.vendor != "postgresql":
        pytest.skip("an array parameter is PostgreSQL's")
    people = [Person.objects.create(name=f"人{n}") for n in range(3)]
    one = str(Person.objects.filter(pk__any=[people[0].pk]).query.sql_with_params()[0])
    three = str(Person.objects.filter(pk__any=[p.pk for p in people]).query.sql_with_params()[0])
    assert one == three and "= ANY(%s)" in one


def test_a_prepared_statement_is_planned_once_and_logged_as_any_query():
    person = Person.objects.create(name="宋力")
    sql = "SELECT name FROM people_person WHERE id = %s"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            with prepared_cursor(connection) as cursor:
                cursor.execute(sql, [person.pk])
                assert cursor.fetchall() == [("宋力",)]
    logged = f"SELECT name FROM people_person WHERE id = {person.pk}"
    assert [query["sql"] for query in queries.captured_queries] == [logged] * 3
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = %s",
                           ["SELECT name FROM people_person WHERE id = $1"])
            assert cursor.fetchall() == [(3,)]


def test_without_a_prepare_threshold_the_usual_cursor_runs_it(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    with prepared_cursor(connection) as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchall() == [(1,)]
        assert type(cursor.cursor) is type(connection.cursor().cursor)


@pytest.mark.parametrize(("text", "expected"), [
    ("7", 7), ("007", 7), (str(2**63 - 1), 2**63 - 1),
    (None, None), ("", None), ("0", None), ("-1", None), ("²", None), ("١", None), ("1.0", None), (" 7", None),
    (str(2**63), None), ("9" * 30, None),
])
def test_parse_id_takes_ascii_digits_for_an_id_a_bigint_holds(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (datetime.datetime(2024, 3, 6, tzinfo=datetime.UTC), True),
    (datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC), True),
    (datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), False),  # year 0 in UTC
    (datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC), False),
    (datetime.datetime(9998, 12, 31, 23, tzinfo=datetime.timezone(datetime.timedelta(hours=-2))), False),
])
def test_datetime_in_range_is_about_the_year_in_utc(value, expected):
    assert datetime_in_range(value) is expected
