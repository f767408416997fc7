"""Settings for the test suite: production settings with a throwaway key and fast hashing.

The database still comes from DATABASE_URL, so the same suite runs on SQLite and PostgreSQL."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .settings import *  # noqa: F403
from .settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
# Templates use {% static %}: the manifest storage would need collectstatic before every test run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files from the apps' folders: the tests run without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Import jobs run in the test's own process whatever broker the environment names; the test with a
# real worker (tests/test_jobs_worker.py) turns this off for itself.
CELERY_TASK_ALWAYS_EAGER = True
NEWSROOM_IMPORT_ASYNC = False
