"""The admin's history list: a change's stored reason ("status: published") in the reader's language."""

from __future__ import annotations

from django import template

from newsroom.history import change_reason_display

register = template.Library()


@register.filter
def change_reason(text: str | None) -> str:
    """`{{ record.history_change_reason|change_reason }}`: see `newsroom.history`."""
    return change_reason_display(text)
