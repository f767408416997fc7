"""Every API error is JSON: {"detail": "<one clear sentence>", "errors": {<parameter>: [messages]}}."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from articles.search import SearchQueryError
from articles.services import PageImportError
from newsroom.i18n import translated


# The shape of every error, for the schema (api_exception_handler below builds it). No docstring:
# drf-spectacular would publish it as the component's description.
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per parameter or field (empty when the error concerns no parameter).",
    )


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def _errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _flatten(value) for name, value in detail.items()}
    return {"non_field_errors": _flatten(detail)} if isinstance(detail, list) else {}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler (status, WWW-Authenticate, Retry-After) with one JSON shape for every error,
    and the project's own errors of bad input turned into 400s instead of 500s."""
    if isinstance(exc, PageImportError):
        exc = exceptions.ValidationError({"file": [translated(exc)]})
    elif isinstance(exc, SearchQueryError):
        exc = exceptions.ValidationError({"q": [translated(exc)]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.APIException(
            gettext("The request body is larger than %(limit)s bytes (files go as uploads).")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
        exc.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc) or gettext("Malformed request.")]})

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    if isinstance(exc, exceptions.ValidationError):
        errors = _errors(exc.detail)
        messages = [m for field_messages in errors.values() for m in field_messages]
        if len(errors) == 1 and len(messages) == 1:
            name = next(iter(errors))
            # an import's message names its page itself
            summary = messages[0] if name in {"non_field_errors", "file", "text"} else f"{name}: {messages[0]}"
        else:
            summary = gettext("Invalid input: %(errors)s") % {
                "errors": "; ".join(f"{name}: {' '.join(ms)}" for name, ms in errors.items())}
        response.data = {"detail": summary, "errors": errors}
    else:
        response.data = {"detail": str(detail) if detail is not None else str(exc), "errors": {}}
    return response


@csrf_exempt  # a 404 for any method: CSRF's check would refuse a POST first, with an HTML page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any /api/v1/ path no endpoint answers: a JSON 404 rather than the site's HTML page
    (or, like APPEND_SLASH, a redirect to the endpoint the path names without its slash)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            location = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(location)
    return JsonResponse({"detail": gettext("No API endpoint at %(path)s.") % {"path": request.path}, "errors": {}},
                        status=404)
