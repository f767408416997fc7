"""Import jobs with real Celery worker processes against the local Redis, on PostgreSQL: a job queued
through the API is imported by a worker; a worker killed with `kill -9` in the middle of a page
leaves nothing of it, and another worker imports it.

Run by .ci/run (NEWSROOM_WORKER_TESTS=1, CELERY_BROKER_URL, a PostgreSQL DATABASE_URL); skipped,
saying why, without them: the workers are other processes, which reach the test's database over
the network (not SQLite's in-memory one) and take their tasks from Redis. The suite itself runs jobs
eagerly (newsroom/test_settings.py); these tests turn that off for themselves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article, ImportJob, ImportJobItem, Page, PageImport
from newsroom.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.usefixtures("fresh_throttle_counters")]

REPO = Path(__file__).resolve().parents[1]
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"
#: how soon Redis gives a killed worker's task to another (seconds; production: an hour)
VISIBILITY_TIMEOUT = 3


def _redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(autouse=True)
def real_workers_possible() -> None:
    if os.environ.get("NEWSROOM_WORKER_TESTS") != "1":
        pytest.skip("real-worker test: .ci/run runs it (NEWSROOM_WORKER_TESTS=1, with Redis and PostgreSQL)")
    if connection.vendor != "postgresql":
        pytest.skip("real-worker test: needs PostgreSQL (a worker process cannot reach SQLite's test database)")
    if not _redis_reachable(BROKER):
        pytest.skip(f"real-worker test: Redis is not reachable at {BROKER}")


@pytest.fixture
def queued_for_workers(settings) -> Iterator[str]:
    """This process queues on Redis (not eagerly), on a queue of this test's own; yields its name."""
    queue = f"test-imports-{uuid.uuid4().hex[:8]}"
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    conf.update(broker_url=BROKER, task_always_eager=False, task_default_queue=queue)
    _reset_connections()
    yield queue
    conf.update(saved)
    _reset_connections()
    import redis

    # the queue and kombu's bindings of it: nothing of a test's queue stays in Redis
    redis.Redis.from_url(BROKER).delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


def _reset_connections() -> None:
    """The app takes its pools again, for the broker URL it has now (kombu keeps one per URL)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def start_worker(queued_for_workers) -> Iterator[Callable[[str], subprocess.Popen]]:
    """Starts `celery -A newsroom worker` processes on the test's database, broker and queue; each is
    the leader of its own process group (killed whole at the end, if still there)."""
    started: list[subprocess.Popen] = []
    db = connection.settings_dict
    database_url = (f"postgres://{quote(db['USER'] or '')}:{quote(str(db['PASSWORD'] or ''))}@{db['HOST']}:"
                    f"{db['PORT'] or 5432}/{db['NAME']}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_SECRET_KEY": "test-only-secret-key-for-the-worker-processes-0123456789",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": BROKER,
        "NEWSROOM_CELERY_QUEUE": queued_for_workers,
        "NEWSROOM_CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_CONN_MAX_AGE": "0",
    }

    def start(name: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "-n", f"{name}@%h", "-c", "1",
             "--pool", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=REPO, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def _wait(predicate: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_job_queued_through_the_api_is_imported_by_a_worker(editor_api, seed_text, start_worker):
    worker = start_worker("first")
    response = editor_api.post("/api/v1/imports/", {"text": seed_text, "source_file": "p1.txt", "async": True,
                                                    "date": "2024-03-06"}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["status"] in ("queued", "running")  # answered before the worker is done
    job = ImportJob.objects.get()
    _wait(lambda: ImportJob.objects.get(pk=job.pk).is_finished, seconds=120, what="the worker to import the page")
    assert worker.poll() is None
    body = editor_api.get(response["Location"]).json()
    assert (body["status"], body["pages_done"], body["pages_failed"]) == ("done", 1, 0)
    [item] = body["items"]
    page = Page.objects.get()
    assert item["reports"][0]["page_id"] == page.pk and item["attempts"] == 1
    assert Article.objects.filter(page=page).count() == item["reports"][0]["articles"] > 0
    assert ImportJobItem.objects.get().worker.startswith("first@")


def _writing_backends() -> int:
    """Other sessions holding a write lock on the articles' table: a page being written, not committed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'articles_article' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid() "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_page_leaves_nothing_and_another_imports_the_page(editor, dev_pages, start_worker):
    from articles.services import jobs
    from articles.services.jobs import JobFile

    # one long page (a day's pages run together, under the page limit), so the kill lands inside it
    text = ""
    for path in dev_pages:
        more = path.read_text(encoding="utf-8")
        if len((text + more).encode()) > settings.NEWSROOM_MAX_PAGE_BYTES * 0.6:
            break
        text += more + "\n\n"
    first = start_worker("first")
    job = jobs.job_submit(files=[JobFile(name="long.txt", data=text.encode())], user=editor)
    _wait(lambda: _writing_backends() > 0, seconds=120, what="the first worker to write the page")
    os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool's process: no goodbye, no rollback sent
    first.wait(timeout=30)

    # nothing half written: the page's transaction died with its connection
    _wait(lambda: _writing_backends() == 0, seconds=30, what="PostgreSQL to end the killed session")
    assert not Page.objects.exists() and not Article.objects.exists() and not PageImport.objects.exists()
    item = ImportJobItem.objects.get(job=job)
    assert (item.status, item.attempts) == ("running", 1) and item.worker.startswith("first@")

    start_worker("second")  # Redis gives it the task once the visibility timeout has passed
    _wait(lambda: ImportJob.objects.get(pk=job.pk).is_finished, seconds=180, what="the second worker")
    item.refresh_from_db()
    job.refresh_from_db()
    assert (job.status, item.status, item.attempts) == ("done", "done", 2)
    assert item.worker.startswith("second@")
    page = Page.objects.get()
    assert item.reports[0]["outcome"] == "created" and item.reports[0]["page_id"] == page.pk
    assert Article.objects.filter(page=page).count() == item.reports[0]["articles"]
    assert PageImport.objects.count() == 1
