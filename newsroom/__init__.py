"""The Newsroom project: settings, URLs, and the Celery application of the import workers."""

# Loaded with Django, so that `@shared_task` (articles.tasks) binds to this app and its settings.
from .celery import app as celery_app

__all__ = ["celery_app"]
