"""The OpenAPI schema's AutoSchema: each operation's security is what its permissions decide.

drf-spectacular marks an operation open to anonymous clients (security `{}`) only where the view
uses DRF's AllowAny or IsAuthenticatedOrReadOnly; any other permission class (ours:
articles.api.permissions) made every read look as if it needed a token, while anonymous reads
work. Here the view's own permission classes are asked, for an anonymous request of the
operation's method, as the server would ask them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.request import Request


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        if {} not in auths and self._anonymous_allowed():
            auths.append({})
        return auths

    def _anonymous_allowed(self) -> bool:
        """Whether every permission of the view lets an anonymous request of this method through."""
        django_request = HttpRequest()
        django_request.method = self.method
        request = Request(django_request, authenticators=())
        request.user = AnonymousUser()
        try:
            return all(permission.has_permission(request, self.view) for permission in self.view.get_permissions())
        except Exception:  # a permission that needs more of a real request: claim nothing for it
            return False
