"""Request rates: anonymous clients by address (scope "anon"), signed-in clients by account
(scope "user"), each counted in fixed windows of the rate's period.

DRF's SimpleRateThrottle keeps the time of every request of the period in a list, read and written
whole on every request: two cache round trips, and a list as long as the rate. These count the
requests of the current window (12:00:00-12:00:59 for a rate per minute) in one counter, one round
trip on Redis (`ReusingRedisCache.count_hit`), and answer a refused client with the seconds left
in the window (Retry-After). A client may spend two windows' budgets around a window's end: the
price of the counter, as in most public APIs' limits.

A client is its address as newsroom.client_address reads it: `X-Forwarded-For` counts only as
written by the proxies of settings.NEWSROOM_TRUSTED_PROXIES (DRF's own reading takes the header
from anyone, so a client that changed it each time was never throttled).
"""

from __future__ import annotations

from django.core.cache import BaseCache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from newsroom.cache import add_and_count
from newsroom.client_address import client_address


def count_hit(cache: BaseCache, key: str, timeout: int) -> int:
    """One more request counted at `key` (expiring after `timeout` s); the count so far."""
    counter = getattr(cache, "count_hit", None)
    if counter is not None:
        return counter(key, timeout)
    return add_and_count(cache, key, timeout)


class WindowCountMixin:
    """Counts a SimpleRateThrottle's requests per fixed window (see the module docstring)."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        return count_hit(self.cache, f"{self.key}:{window}", self.duration) <= self.num_requests

    def wait(self) -> float:
        return self.window_ends - self.now

    def get_ident(self, request) -> str:
        return client_address(request.META)


class AnonymousRateThrottle(WindowCountMixin, AnonRateThrottle):
    """The "anon" rate, for anonymous clients, by address."""


class SignedInRateThrottle(WindowCountMixin, UserRateThrottle):
    """The "user" rate, for signed-in clients only.

    DRF's UserRateThrottle also counts anonymous requests, by address, against the "user" rate: a
    second cache round trip on every anonymous request, for a limit that the anonymous one ("anon",
    the lower rate) always reaches first. Anonymous clients are the anon throttle's alone."""

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
