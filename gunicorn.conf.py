"""gunicorn settings for Newsroom: `gunicorn -c gunicorn.conf.py` (the app is newsroom.wsgi).

The application and jieba's dictionaries load once, in the master, before the workers fork:
the workers share those pages instead of each holding its own ~135 MB of jieba. `gc.freeze()`
moves everything loaded so far out of the collector's reach, so collections in the workers do
not write to (and so copy) the shared pages. Environment: GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_ACCESSLOG (a path, or "-" for stdout).

NEWSROOM_TRUSTED_PROXIES, the proxies the app believes about a client's address
(newsroom.client_address), are also the ones gunicorn believes about the scheme (X-Forwarded-Proto):
one list of our proxies. Unset, gunicorn keeps its own default (FORWARDED_ALLOW_IPS, else
127.0.0.1 and ::1).
"""

from __future__ import annotations

import contextlib
import gc
import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
if os.environ.get("NEWSROOM_TRUSTED_PROXIES", "").strip():
    forwarded_allow_ips = ",".join(
        entry.strip() for entry in os.environ["NEWSROOM_TRUSTED_PROXIES"].split(",") if entry.strip())


def warm_up() -> None:
    """Load the project's one jieba tokenizer (the parser's, which the search engine shares) in
    this process. jieba's global default tokenizer is not loaded: nothing reads through it."""
    from articles.parsing.tokenizer import get_tokenizer

    get_tokenizer().cut("预热")
    # What Django would otherwise load lazily in each worker on its first requests: the URL
    # resolver, every language's translation catalogs, the API's modules and renderers.
    import rest_framework.renderers  # noqa: F401
    from django.conf import settings
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    import articles.api.views

    get_resolver().url_patterns  # noqa: B018
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Not found.")
    warm_up_requests()
    connections.close_all()  # no database connection may cross the fork
    with contextlib.suppress(ImportError):  # the search engine's modules, loaded on first use
        import articles.search.highlight
        import articles.search.postgres
        import articles.search.sqlite  # noqa: F401
    with contextlib.suppress(ImportError):  # the cache client (Redis in production), not its connections
        import django.core.cache.backends.redis  # noqa: F401
        import redis  # noqa: F401


#: answered once in the master: each loads what its kind of request loads on first use (views,
#: serializers, filters, templates, the database driver's adapters), so that the workers share it
WARM_UP_PATHS = ("/", "/api/v1/articles/?page_size=1", "/api/v1/articles/?q=%E6%96%B0%E9%97%BB&page_size=1",
                 "/search/?q=%E6%96%B0%E9%97%BB")


def warm_up_requests() -> None:
    """Run WARM_UP_PATHS through the application in this process; a failure (no database yet,
    say) only costs the workers that memory, so it is logged and the server starts."""
    import logging

    from django.conf import settings
    from django.test import Client

    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")] or ["localhost"]
    client = Client(HTTP_HOST=hosts[0])
    for path in WARM_UP_PATHS:
        try:
            client.get(path, secure=not settings.DEBUG and getattr(settings, "SECURE_SSL_REDIRECT", False))
        except Exception:  # the server must start even where a page cannot be rendered yet
            logging.getLogger("gunicorn.error").warning("warm-up request %s failed", path, exc_info=True)


def when_ready(server) -> None:
    # Runs in the master after the app is loaded (preload_app) and before any worker forks.
    warm_up()
    gc.collect()
    gc.freeze()
