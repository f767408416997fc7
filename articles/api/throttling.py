"""Request rates: anonymous clients by address (DRF's AnonRateThrottle, scope "anon"), signed-in
clients by account (SignedInRateThrottle, scope "user")."""

from __future__ import annotations

from rest_framework.throttling import UserRateThrottle


class SignedInRateThrottle(UserRateThrottle):
    """The "user" rate, for signed-in clients only.

    DRF's UserRateThrottle also counts anonymous requests, by address, against the "user" rate: a
    second read and write of the shared cache on every anonymous request, for a limit that the
    anonymous one ("anon", the lower rate) always reaches first. Anonymous clients are the anon
    throttle's alone."""

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
