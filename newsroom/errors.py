"""Django's own error responses, JSON under /api/ (the API's shape: {"detail": ..., "errors": {}})
and Django's pages elsewhere.

The API's views answer their errors themselves (articles.api.exceptions); what reaches Django's
handlers instead is what no API view answered: an exception no handler knew (a 500), a path under
/api/ outside /api/v1/ (a 404), a request CsrfViewMiddleware refused (a 403), a bad Host (a 400).
Those were the site's HTML pages, which an API client cannot read. Their sentences are in the
request's language (Accept-Language, as the API's other errors).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import csrf, defaults

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX) or request.path_info == API_PREFIX.rstrip("/")


def api_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html") -> HttpResponse:
    if is_api_request(request):
        return api_error(gettext("Malformed request."), 400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request: HttpRequest, exception: Exception, template_name: str = "403.html") -> HttpResponse:
    if is_api_request(request):
        return api_error(str(exception) or gettext("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request: HttpRequest, exception: Exception, template_name: str = "404.html") -> HttpResponse:
    if is_api_request(request):
        return api_error(gettext("No API endpoint at %(path)s; the API is at %(api)s.")
                         % {"path": request.path, "api": f"{API_PREFIX}v1/"}, 404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    if is_api_request(request):
        return api_error(gettext("Internal server error; it has been logged."), 500)
    return defaults.server_error(request, template_name)


def csrf_failure(request: HttpRequest, reason: str = "", template_name: str = "403_csrf.html") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW. An API client signs in with a token, which needs no CSRF token;
    a browser's session needs the X-CSRFToken header."""
    if is_api_request(request):
        return api_error(gettext("CSRF check failed: %(reason)s Send a token (Authorization: Token ...), "
                                 "or with a session cookie the X-CSRFToken header.") % {"reason": reason}, 403)
    return csrf.csrf_failure(request, reason, template_name)
