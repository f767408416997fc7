"""Settings of the plain DRF peer (see README.md): Django's defaults as `startproject` writes them,
DEBUG off, the database from DATABASE_URL with persistent connections (PEER_CONN_MAX_AGE)."""

from __future__ import annotations

import os
import urllib.parse

_url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL",
                                            "postgres://postgres@127.0.0.1:5432/newsroom_bench_peer_drf"))

SECRET_KEY = "peer-drf-bench-only-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "peer_news",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peer_urls"
WSGI_APPLICATION = "peer_wsgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": urllib.parse.unquote(_url.username or ""),
        "PASSWORD": urllib.parse.unquote(_url.password or ""),
        "HOST": urllib.parse.unquote(_url.hostname or ""),
        "PORT": _url.port or "",
        # persistent connections as Newsroom's bench runs it (DJANGO_CONN_MAX_AGE=600); PEER_CONN_MAX_AGE=0
        # is Django's default (startproject's: a connection per request)
        "CONN_MAX_AGE": int(os.environ.get("PEER_CONN_MAX_AGE", "600")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
TEMPLATES: list[dict] = []
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
