"""Caching of public responses by "content version": one machinery for the readers' site and the API.

What it guarantees, for any response cached through it (`public_page` for site views,
`cache_key`/`cache_timeout` for the API's public reads):

- A saved change shows within VERSION_RECHECK_SECONDS
  (settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS, default 1 s): every key holds the content
  version, the newest `Article.updated_at`, which any save of an article moves (an edit, a status
  change through articles.services, a new import). Each process re-reads it (with the time of the
  next scheduled publication, in the same query) at most once per interval, so within it a cached
  response costs no query at all, and one query after it; a response rendered afresh costs no
  query more than its view.
- A scheduled article appears on time: no entry is stored for longer than the time left until the
  next scheduled publication (an entry that would live under a second is not stored).
- A change that saves no article (a deletion, a renamed person, a queryset `update()`) shows within
  PAGE_CACHE_SECONDS (settings.NEWSROOM_SITE_CACHE_SECONDS, default 60 s): the longest any entry lives.
- Only successful (200), non-streaming responses that set no cookie are stored; what a response
  depends on besides the content (the path and query string, the language, for the API also the
  host, the negotiated format and the audience) is part of its key, so nothing is served to a
  request it was not made for. Callers decide who may share a cached response at all: the API never
  caches what staff see (drafts).
- Every response served from the cache carries an ETag of its body, so conditional GETs get a 304.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from .models import Article, Publication

#: Longest a cached page lives (settings.NEWSROOM_SITE_CACHE_SECONDS): bounds how long a change
#: that saves no article (a deletion, a renamed person, a bulk update) takes to show.
PAGE_CACHE_SECONDS = 60
#: How often a server process re-reads the content version (settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS):
#: bounds how long a saved change (an article unpublished, edited, added) takes to show.
VERSION_RECHECK_SECONDS = 1.0

_version_memo: dict[str, Any] = {"version": None, "next": None, "read_at": 0.0}


def _content_state() -> dict[str, Any]:
    """The memo of the content version and the next scheduled publication, read together in one
    query (the newest article by `updated_at`, one backward step on its index, with the earliest
    future publication as a subquery) at most every VERSION_RECHECK_SECONDS by a process."""
    recheck = getattr(settings, "NEWSROOM_SITE_VERSION_RECHECK_SECONDS", VERSION_RECHECK_SECONDS)
    now = time.monotonic()
    # The read time is kept, not an expiry: a shorter interval set later (tests do) applies at once.
    if _version_memo["version"] is not None and now < _version_memo["read_at"] + recheck:
        return _version_memo
    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now()).order_by(
        "published_at").values("published_at")[:1]
    # the paper's names (articles.paper) come in the same query: readers' pages show them
    paper = Publication.objects.filter(name=settings.NEWSROOM_DEFAULT_PUBLICATION)
    row = Article.objects.order_by("-updated_at").annotate(
        upcoming=Subquery(upcoming), paper_pk=Subquery(paper.values("pk")[:1]),
        paper_masthead=Subquery(paper.values("masthead")[:1]), paper_short=Subquery(paper.values("short_name")[:1]),
    ).values_list("updated_at", "upcoming", "paper_pk", "paper_masthead", "paper_short").first()
    changed, next_publication, *paper_names = row or (None, None, None, None, None)
    version = f"{changed.timestamp()}" if changed else "0"
    _version_memo.update(version=version, next=next_publication, read_at=now,
                         paper=paper_names if row is not None else None)
    return _version_memo


def content_version() -> str:
    """Changes whenever an article is saved or created (a status change is a save): the latest
    `updated_at`, re-read at most every VERSION_RECHECK_SECONDS by a process (a cached page then
    costs no query at all)."""
    return _content_state()["version"]


def seconds_until_next_publication(now: datetime.datetime) -> float | None:
    """Seconds from `now` until the next scheduled article goes public, or None when none is scheduled.
    Read with the content version (the one this request's key holds, not re-read): scheduling an
    article is a save, which changes the version, so an entry made under the old version is no
    longer looked up once the version is re-read."""
    memo = _version_memo if _version_memo["version"] is not None else _content_state()
    upcoming = memo["next"]
    return (upcoming - now).total_seconds() if upcoming else None


def cache_timeout() -> int:
    """Whole seconds a response rendered now may be cached: at most PAGE_CACHE_SECONDS and never past
    the next scheduled publication; 0 means do not store it."""
    timeout = float(getattr(settings, "NEWSROOM_SITE_CACHE_SECONDS", PAGE_CACHE_SECONDS))
    until_next = seconds_until_next_publication(timezone.now())
    if until_next is not None:
        timeout = min(timeout, until_next)
    return math.floor(timeout) if timeout >= 1 else 0


def body_etag(content: bytes) -> str:
    """A strong ETag of a response body."""
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def cache_key(namespace: str, *parts: str) -> str:
    """A cache key under the current content version: `namespace:version:<md5 of the parts>`.
    The parts are hashed, so any text (full URLs, Accept headers) makes a valid key."""
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"{namespace}:{content_version()}:{digest}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a public GET page's successful response, with an ETag for conditional GETs.

    The key holds the content version, so a saved change (an article unpublished, edited, added)
    shows within VERSION_RECHECK_SECONDS; the timeout never reaches past the next scheduled
    publication, so a scheduled article appears on time; and no copy lives longer than
    PAGE_CACHE_SECONDS (a deletion or an update that saves no article)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        request.site_content_version = version = content_version()
        # The language too: LocaleMiddleware may render Django's own strings (weekdays, form errors) in another.
        key = f"site:{version}:{translation.get_language()}:{path}"
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.has_header("Set-Cookie"):
                return response
            if hasattr(response, "render") and callable(response.render):
                response.render()
            entry = (response.content, response["Content-Type"], body_etag(response.content))
            timeout = cache_timeout()
            if timeout:
                cache.set(key, entry, timeout)
        content, content_type, etag = entry
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:
            return conditional
        response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        # Browsers revalidate every time (cheap with the ETag): a page never outlives its article.
        response["Cache-Control"] = "no-cache"
        return response

    return require_safe(wrapper)
