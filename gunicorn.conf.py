"""gunicorn settings for Newsroom: `gunicorn -c gunicorn.conf.py` (the app is newsroom.wsgi).

The application and jieba's dictionaries load once, in the master, before the workers fork:
the workers share those pages instead of each holding its own ~135 MB of jieba. `gc.freeze()`
moves everything loaded so far out of the collector's reach, so collections in the workers do
not write to (and so copy) the shared pages. Environment: GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_ACCESSLOG (a path, or "-" for stdout).
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
    connections.close_all()  # no database connection may cross the fork
    with contextlib.suppress(ImportError):  # the search engine may keep state of its own
        import articles.search  # noqa: F401


def when_ready(server) -> None:
    # Runs in the master after the app is loaded (preload_app) and before any worker forks.
    warm_up()
    gc.collect()
    gc.freeze()
