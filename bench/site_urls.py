"""The site's URLs plus the benchmark's baseline page, /_bench/hello/ (bench/bench_site.py).

The baseline goes through the same server and middleware as the site's pages and does no work:
it is the ceiling of the machine in that run. It lives here, not in the app, so that no
production deployment can switch it on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from newsroom.urls import handler400, handler403, handler404, handler500
from newsroom.urls import urlpatterns as site_urlpatterns


@require_safe
def hello(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: what the same server and middleware answer with no work at all."""
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("_bench/hello/", hello, name="bench-hello"), *site_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
