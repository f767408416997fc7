"""Celery tasks (newsroom/celery.py): thin shells over articles.services.jobs, carrying ids only.

One task per file of an import job. It is acknowledged late and rejected back to the queue when
its worker dies, so a page a killed worker was importing is imported again by another (its
transaction never committed); a delivery of an item already done does nothing. A deadlock or a lost
database connection is retried with a growing pause; when the retries are spent, the item fails
with the reason and the job goes on."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import DatabaseError, close_old_connections, connection

from articles.services import jobs
from newsroom.i18n import Message, gettext_noop

logger = logging.getLogger(__name__)

#: tries of one item against a database error that may pass (deadlock, failover, restart)
MAX_RETRIES = 5


@shared_task(bind=True, name="articles.import_job_item", acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RETRIES)
def import_job_item(self: Task, item_id: int) -> str:
    """Import the file of job item `item_id`; returns its status (for the worker's log)."""
    try:
        item = jobs.job_item_run(item_id=item_id, worker=self.request.hostname or "")
    except DatabaseError as error:
        if not connection.in_atomic_block:  # (eager, inside a caller's transaction: that one is not ours to close)
            close_old_connections()  # a broken connection is not reused by the retry
        if self.request.retries >= MAX_RETRIES:
            logger.exception("import job item %s: giving up after %s tries", item_id, MAX_RETRIES + 1)
            jobs.job_item_fail(item_id=item_id, reason=Message(
                gettext_noop("the database kept failing (%(error)s); re-run it"), {"error": str(error)}))
            return "failed"
        raise self.retry(exc=error, countdown=min(2 ** self.request.retries, 30)) from error
    return item.status if item is not None else "gone"
