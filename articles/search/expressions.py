"""One ORM expression: raw SQL that refers to a column of a row the ORM joins or selects.

Takes an SQL template with one `{table}` placeholder, its parameters, and the path of a real field
(e.g. "search_document__indexed_at" to join the article's search document, or "pk" for the
article itself); gives an expression whose `{table}` becomes the alias the ORM chose for that
field's table — so it stays right in subqueries and when the caller's queryset adds joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F, Field, FloatField


class TableSQL(Expression):
    def __init__(self, sql: str, params: list[Any], *, anchor: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.sql = sql
        self.params = list(params)
        # a column reference until resolved, then the query's Col (alias and target)
        self.anchor: Any = F(anchor)

    def get_source_expressions(self) -> list[Any]:
        return [self.anchor]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.anchor,) = exprs

    def resolve_expression(
        self, query: Any = None, allow_joins: bool = True, reuse: Any = None, summarize: bool = False,
        for_save: bool = False,
    ) -> TableSQL:
        clone = self.copy()
        clone.is_summary = summarize
        clone.anchor = self.anchor.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone

    def as_sql(  # type: ignore[override]  # Django's compilers take the params as a list too
        self, compiler: Any, connection: Any
    ) -> tuple[str, list[Any]]:
        table = compiler.quote_name_unless_alias(self.anchor.alias)
        column = connection.ops.quote_name(self.anchor.target.column)
        return self.sql.format(table=table, column=f"{table}.{column}"), list(self.params)


def condition(sql: str, params: list[Any], *, anchor: str) -> TableSQL:
    """A boolean `TableSQL`, usable in `.filter()`."""
    return TableSQL(sql, params, anchor=anchor, output_field=BooleanField())


def number(sql: str, params: list[Any], *, anchor: str) -> TableSQL:
    """A float `TableSQL`, usable in `.annotate()` and `.order_by()`."""
    return TableSQL(sql, params, anchor=anchor, output_field=FloatField())
