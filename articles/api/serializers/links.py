"""Absolute URLs of the API's resources and of the public pages, and the API's date formats.

URLs are built from format strings made once per URL pattern and script prefix: the serializers
make several per row, and reverse() per row would cost more than the rest of the row."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from rest_framework.request import Request

from articles.models import Event

_templates: dict[tuple[str, str], str] = {}


def _template(name: str, kinds: dict[str, type]) -> str:
    """A URL pattern as a format string, made once per script prefix: reverse() per row is slow."""
    key = (name, get_script_prefix())
    template = _templates.get(key)
    if template is None:
        sample = {k: (987654321000 + i if kind is int else f"__{k}__") for i, (k, kind) in enumerate(kinds.items())}
        template = reverse(name, kwargs=sample)
        for k, value in sample.items():
            template = template.replace(str(value), "{" + k + "}")
        _templates[key] = template
    return template


class Links:
    """Absolute URLs of the API resources and the public pages, for one request."""

    def __init__(self, request: Request | None) -> None:
        self.origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._cache: dict[str, str] = {}

    def _format(self, name: str, **values: Any) -> str:
        template = self._cache.get(name)
        if template is None:
            kinds = {k: (int if isinstance(v, int) else str) for k, v in values.items()}
            template = self._cache[name] = self.origin + _template(name, kinds)
        return template.format(**values)

    def url_maker(self, name: str):
        """`pk -> URL` for a route taking only a pk: a bound str.format, for the hot loops."""
        self._format(name, pk=0)
        return lambda pk, _format=self._cache[name].format: _format(pk=pk)

    def api(self, resource: str, pk: int) -> str:
        return self._format(f"api:{resource}-detail", pk=pk)

    def api_list(self, resource: str) -> str:
        return self._format(f"api:{resource}-list")

    def site(self, name: str, pk: int) -> str:
        return self._format(f"site:{name}", pk=pk)

    def article_page(self, pk: int, slug: str) -> str:
        return self._format("site:article", pk=pk, slug=quote(slug or "article", safe=""))

    def issue_page(self, date: datetime.date) -> str:
        return self._format("site:issue", date=date.isoformat())

    def print_page(self, date: datetime.date, number: int) -> str:
        return self._format("site:page", date=date.isoformat(), number=number)

    def media(self, url: str) -> str:
        """A stored file's URL made absolute: storage gives a path on this site (file system) or
        a full URL already (an S3-compatible store or a CDN)."""
        return self.origin + url if url.startswith("/") else url


def iso_datetime(value: datetime.datetime | None, zone: datetime.tzinfo | None = None) -> str | None:
    """ISO 8601 in the current time zone (`zone`, where the caller looked it up once for many)."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def event_date(year: int | None, month: int | None, day: int | None) -> str:
    return Event(year=year, month=month, day=day).iso_date
