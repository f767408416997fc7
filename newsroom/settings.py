"""Django settings for Newsroom, read from the environment.

DATABASE_URL         default: sqlite:///var/newsroom.sqlite3 (nothing to install)
DJANGO_SECRET_KEY    required when DJANGO_DEBUG is off
DJANGO_DEBUG         "1"/"true" for development; off by default
DJANGO_ALLOWED_HOSTS comma-separated; defaults to localhost names in debug mode
POSTGRES_RANDOM_PAGE_COST  the planner's random_page_cost on PostgreSQL (default 1.1: data in memory/SSD)
NEWSROOM_TRUSTED_PROXIES   comma-separated addresses/networks of our reverse proxies (default: none)
NEWSROOM_MAX_IMAGE_BYTES   largest picture accepted (default 20 MB)
NEWSROOM_S3_BUCKET (and NEWSROOM_S3_*)  pictures on an S3-compatible store instead of var/media
CELERY_BROKER_URL    the import workers' Redis (default: REDIS_URL; neither: imports run in-process)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production mode)."
        )
    # A development key: only ever used with DEBUG on, never in production.
    SECRET_KEY = "django-insecure-development-only-key-newsroom"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.forms",  # Django's own form templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "imagekit",  # the pictures' renditions (articles.models.Image)
    "articles",
    "people",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.paper.paper",
            ],
        },
    },
]
#: Forms render with the project's template engine (TEMPLATES: templates/ and the apps' templates),
#: so a widget's template in templates/ is found without overriding its render()
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if "DATABASE_URL" not in os.environ:
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default needs its folder
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers (the site) go on while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The archive's hot part lives in memory or on SSD, where a random read costs about what a
    # sequential one does. PostgreSQL's default (4.0, for spinning disks) makes a search on a
    # small archive scan the whole search table, un-TOASTing every row's grams (40x slower than
    # its GIN index at 10,000 articles). Set POSTGRES_RANDOM_PAGE_COST to tune it for the server.
    server_settings = f"-c random_page_cost={float(os.environ.get('POSTGRES_RANDOM_PAGE_COST', '1.1'))}"
    # Django turns psycopg's prepared statements off (for PgBouncer); its cursors bind parameters
    # client-side and never prepare. The threshold lets newsroom.db.prepared_cursor prepare the
    # few statements it runs, whose one plan fits every parameter: so they are planned once
    # ("force_generic_plan": PostgreSQL would otherwise re-plan a page of one article each time,
    # its custom plan looking cheaper). NEWSROOM_PREPARED_STATEMENTS=0 turns this off.
    if os.environ.get("NEWSROOM_PREPARED_STATEMENTS", "1") not in ("0", "false", "no", "off"):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
        server_settings += " -c plan_cache_mode=force_generic_plan"
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", server_settings)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
#: our catalogue (English source strings → locale/zh_Hans, made by makemessages, compiled by `make install`)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))


def s3_media_storage() -> tuple[dict, list[str]]:
    """Pictures on an S3-compatible store (AWS S3, MinIO, Ceph, R2...), for several app servers:
    django-storages' S3 backend (the `s3` extra), its options from NEWSROOM_S3_* (README, "Media
    storage"), and the origins the media URLs name, for the Content-Security-Policy's img-src.

    Objects are public and addressed without signatures by default (NEWSROOM_S3_SIGNED_URLS=0), so
    a URL is built without asking the store and browsers and CDNs may cache it: every stored name
    is new (originals get a fresh name, renditions one of their source and size), hence a year."""
    bucket = os.environ["NEWSROOM_S3_BUCKET"]
    endpoint = os.environ.get("NEWSROOM_S3_ENDPOINT_URL", "").rstrip("/")
    region = os.environ.get("NEWSROOM_S3_REGION", "")
    domain = os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN", "").strip("/")
    options: dict = {
        "bucket_name": bucket,
        "location": os.environ.get("NEWSROOM_S3_PREFIX", "media"),
        "file_overwrite": False,
        "querystring_auth": env_flag("NEWSROOM_S3_SIGNED_URLS"),
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    if endpoint:
        options["endpoint_url"] = endpoint
    if region:
        options["region_name"] = region
    if domain:
        options["custom_domain"] = domain
    if os.environ.get("NEWSROOM_S3_ACCESS_KEY_ID"):  # otherwise boto3's own chain (AWS_* variables, roles)
        options["access_key"] = os.environ["NEWSROOM_S3_ACCESS_KEY_ID"]
        options["secret_key"] = os.environ.get("NEWSROOM_S3_SECRET_ACCESS_KEY", "")
    if os.environ.get("NEWSROOM_S3_ADDRESSING_STYLE"):  # "path" for MinIO and most self-hosted stores
        options["addressing_style"] = os.environ["NEWSROOM_S3_ADDRESSING_STYLE"]
    if domain:
        origins = [f"https://{domain.split('/')[0]}"]
    elif endpoint:
        scheme, _, host = endpoint.partition("://")
        origins = [f"{scheme}://{host}", f"{scheme}://{bucket}.{host}"]
    else:
        origins = [f"https://{bucket}.s3.amazonaws.com"] + (
            [f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origins


#: Where pictures are kept: var/media (MEDIA_ROOT) on this machine by default; an S3-compatible
#: bucket where NEWSROOM_S3_BUCKET is set. Either way through Django's storage API only.
MEDIA_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
#: Origins besides our own that serve media (the bucket, its CDN): the CSP lets pages show them.
MEDIA_ORIGINS: list[str] = env_list("NEWSROOM_MEDIA_ORIGINS", [])
if os.environ.get("NEWSROOM_S3_BUCKET"):
    MEDIA_STORAGE, _s3_origins = s3_media_storage()
    MEDIA_ORIGINS = MEDIA_ORIGINS or _s3_origins
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    # drf-spectacular's, stating what the server does: reads open to anonymous clients say so
    "DEFAULT_SCHEMA_CLASS": "newsroom.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "articles.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["articles.api.filters.GivenFiltersBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.throttling.AnonymousRateThrottle",
        "articles.api.throttling.SignedInRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("NEWSROOM_API_ANON_RATE", "120/minute"),
        "user": os.environ.get("NEWSROOM_API_USER_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "articles.api.exceptions.api_exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "articles.api.renderers.StrictContentNegotiation",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The throttles read the client's address themselves (newsroom.client_address, by
    # NEWSROOM_TRUSTED_PROXIES); DRF's reading, for any other class, takes the socket's address.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Structured news from Chinese e-paper pages: articles, people, organizations, places, "
    "events and issues.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "articles.models.Article.Kind",
        "PlaceKindEnum": "people.models.Place.Kind",
        # (the article's status keeps the name it had before import jobs brought statuses of their own)
        "StatusEnum": "articles.models.Article.Status",
        "ImportJobStatusEnum": "articles.models.ImportJob.Status",
    },
    # Swagger UI and ReDoc served from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Throttle counters and cached pages are shared by every app server: a cache all of them reach.
# Redis where REDIS_URL is set (production); otherwise the local-memory cache of one process.
# Redis is an accelerator: while it cannot be reached, newsroom.cache serves from each process's
# own memory and tries Redis again every few seconds. Its timeouts bound what one try costs a request
# (a cache operation takes well under a millisecond; redis-py waits 5 s by default).
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "newsroom.cache.ReusingRedisCache",
                          "LOCATION": os.environ["REDIS_URL"],
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
else:
    # Whole pages are cached: the default of 300 entries would cull them constantly.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": 5000}}}

# --- Import jobs (Celery; README, "Import jobs and workers") -----------------------------------
#: The broker the web processes queue import tasks on and the workers take them from: Redis.
#: CELERY_BROKER_URL, else REDIS_URL (the cache's Redis, another database number is advised).
#: With neither, no worker is needed: tasks run eagerly, in the process that queues them.
_celery_broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_TASK_ALWAYS_EAGER = not _celery_broker
#: (the in-memory transport where there is none: eager tasks never reach it, nothing looks for a server)
CELERY_BROKER_URL = _celery_broker or "memory://localhost/"
#: A job's rows are its results (articles.models.ImportJob): no result backend to fill or expire.
CELERY_TASK_IGNORE_RESULT = True
#: An item is acknowledged once done, and given back to the queue if its worker dies with it, so
#: another worker does it again (the import is one transaction: nothing of a half-done page stays).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
#: A page takes a second or more: a worker takes one at a time, leaving the rest to the others.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("NEWSROOM_CELERY_QUEUE", "imports")
#: Redis gives a task taken by a worker that vanished (kill -9, a machine lost) to another after
#: this many seconds. It must be longer than the longest task (a 100 MB PDF's pages: minutes).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("NEWSROOM_CELERY_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
#: Celery's Django fix-up closes the database connection around every task by default: a new
#: PostgreSQL backend (a fork, its authentication) per page, from every worker process. A worker
#: keeps its connection for this many tasks instead; a broken one is dropped when a task fails
#: with it (articles.tasks: the retry connects afresh).
CELERY_DB_REUSE_MAX = int(os.environ.get("NEWSROOM_CELERY_DB_REUSE_MAX", "100"))
#: The API imports in the background (202 and the job's URL) unless asked otherwise (`async=false`):
#: by default when a broker is configured, otherwise in the request as before.
NEWSROOM_IMPORT_ASYNC = env_flag("NEWSROOM_IMPORT_ASYNC", bool(_celery_broker))

# --- Newsroom ---------------------------------------------------------------------------------
#: Status of newly imported articles: "published" (default) or "draft" for newsrooms that review first.
NEWSROOM_IMPORT_STATUS = os.environ.get("NEWSROOM_IMPORT_STATUS", "published")
#: Largest page file the importer accepts, in bytes.
#: A broadsheet page holds some 10,000 characters (30 KB); 1 MB is thirty such pages, parsed in about
#: 2 s, and imported well within a request's time (5 MB took 10 s to parse alone)
NEWSROOM_MAX_PAGE_BYTES = int(os.environ.get("NEWSROOM_MAX_PAGE_BYTES", str(1024 * 1024)))
#: Largest PDF the importer accepts, in bytes: a broadsheet page with its photos is 2-20 MB, and a
#: PDF is read one page at a time, so its size bounds the upload, not the memory an import takes.
NEWSROOM_MAX_PDF_BYTES = int(os.environ.get("NEWSROOM_MAX_PDF_BYTES", str(100 * 1024 * 1024)))
#: A page may come as text in a form or JSON body (the API's imports): room for the largest page,
#: written twice over (JSON may escape each character as \uXXXX, 6 bytes for UTF-8's 3), and its fields
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * NEWSROOM_MAX_PAGE_BYTES + 64 * 1024
#: above the admin's own limit of files per upload (articles.admin.imports.MAX_UPLOAD_FILES), which
#: answers with a message on the form instead of Django's bare 400
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
#: Longest a cached public page lives, and how often a process re-reads the content version
#: (so an unpublished article disappears within that many seconds).
NEWSROOM_SITE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_SITE_CACHE_SECONDS", "60"))
NEWSROOM_SITE_VERSION_RECHECK_SECONDS = float(os.environ.get("NEWSROOM_SITE_VERSION_RECHECK_SECONDS", "1.0"))
#: Addresses or networks (CIDR) of our own reverse proxies: only these are believed when they say,
#: in X-Forwarded-For, which client they forward (newsroom.client_address). None by default: the
#: socket's address is the client, so behind a proxy set it, or every client counts as the proxy.
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES", [])
#: Largest picture file accepted (an upload, a picture cut from a PDF), in bytes: 20 MB holds a
#: camera's full-size JPEG; beyond that an editor should scale it down first.
NEWSROOM_MAX_IMAGE_BYTES = int(os.environ.get("NEWSROOM_MAX_IMAGE_BYTES", str(20 * 1024 * 1024)))
#: Name of the publication pages belong to when the import names none.
NEWSROOM_DEFAULT_PUBLICATION = os.environ.get("NEWSROOM_DEFAULT_PUBLICATION", "本报")
#: The paper's masthead (报头, what readers see atop the site and news sites list) and short name
#: (本报), for the Publication record `manage.py ensure_publication` creates; editable in the admin.
NEWSROOM_PUBLICATION_MASTHEAD = os.environ.get("NEWSROOM_PUBLICATION_MASTHEAD", "")
NEWSROOM_PUBLICATION_SHORT_NAME = os.environ.get("NEWSROOM_PUBLICATION_SHORT_NAME", "本报")
#: The hour of the issue date (in TIME_ZONE) an imported article is published at: a printed paper's
#: stories are news of their issue's morning, not of the day they were typed in.
NEWSROOM_PUBLISH_HOUR = int(os.environ.get("NEWSROOM_PUBLISH_HOUR", "6"))

# Pictures' renditions (articles.models.Image, django-imagekit): made once, when the image is saved,
# into the default storage under renditions/; a request only builds their URLs (Optimistic strategy:
# never a storage check, never a picture drawn while a reader waits). `manage.py generate_renditions`
# makes any that are missing.
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

# Content-Security-Policy (django-csp) on every response: scripts only from our own origin (none
# of our pages, the admin's or Swagger UI's needs an inline one: the docs load theirs as a file,
# articles.api.urls); inline styles allowed, which the admin's templates and Django's use, and
# Swagger UI sets; images also as data: URLs (Swagger UI's icons). No plugins, no framing, forms
# post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
#: Under /api/ every error is JSON, those Django answers too (a CSRF failure, a 500: newsroom.errors).
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
