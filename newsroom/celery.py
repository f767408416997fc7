"""The Celery application of the import workers: `celery -A newsroom worker` (README, "Import jobs and workers").

Its configuration is Django's settings under the CELERY_ prefix (newsroom/settings.py): the broker
is Redis (CELERY_BROKER_URL, else REDIS_URL); with neither, tasks run eagerly, in the process that
queues them (the web or command process), so development and the test suite need no worker. The
tasks are articles.tasks; they carry ids only, the state being in the database."""

from __future__ import annotations

import os

from celery import Celery

# Like the servers (wsgi.py), a worker is in production mode unless DJANGO_DEBUG says otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
