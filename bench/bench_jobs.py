#!/usr/bin/env python
"""A backfill through import jobs and real Celery workers into PostgreSQL: pages/s with 1 and with 2
worker processes, and where a worker's time goes (parse, write, index, the rest).

    .venv/bin/python bench/bench_jobs.py [--pages 1000] [--workers 1 2]

The dev pages (../shared/pages/dev; the seed page where that is absent) are repeated to --pages
pages, each under an issue date of its own (a day after the one before) which its header prints,
so each is a new page of the archive, as in a backfill of back issues. For each number of workers: a fresh database
(`newsroom_bench_jobs` on the local PostgreSQL), a private redis-server as the broker, a temporary
media folder as the shared storage; every page is queued first (one job per page: a job's options
carry one issue date), then the workers start (`celery -A newsroom worker -c 1`, each its own
process, as on separate machines) and the clock runs from the first page a worker takes to the last
one it finishes. The workers are this script again (`--worker`), which times the import's stages
(articles.services.importing's parse_page, writer.PageWriter.write with the entity look-ups,
articles.search.index_articles) around Celery's own worker. Also measured: PostgreSQL's WAL written
per page. Results: bench/results/jobs.txt.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchlib import Tee, start_private_redis, stop

REPO = Path(__file__).resolve().parents[1]
DEV_PAGES = REPO.parent / "shared" / "pages" / "dev"
SEED_PAGE = REPO / "articles" / "fixtures" / "seed_page.txt"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DB = "newsroom_bench_jobs"
RESULTS = REPO / "bench" / "results" / "jobs.txt"
FIRST_DATE = datetime.date(2001, 1, 1)
STAGES = ("parse", "write", "index")
HEADER_LINES = 6
PRINTED_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def page_files() -> list[Path]:
    if DEV_PAGES.is_dir():
        return sorted(DEV_PAGES.glob("*.txt"))
    print(f"note: {DEV_PAGES} is absent; benchmarking the seed page alone", file=sys.stderr)
    return [SEED_PAGE]


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


# ----------------------------------------------------------------------------------- the worker


def worker(name: str, timings_path: Path) -> None:
    """A Celery worker whose import stages are timed: each task appends its seconds per stage to
    `timings_path` (one JSON line per page)."""
    django_setup(os.environ["DATABASE_URL"])
    from celery.signals import task_postrun, task_prerun

    from articles.parsing.tokenizer import get_tokenizer
    from articles.services import importing, writer
    from newsroom.celery import app

    current: dict[str, float] = defaultdict(float)

    def timed(stage: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                current[stage] += time.perf_counter() - started
        return wrapper

    importing.parse_page = timed("parse", importing.parse_page)
    importing.index_articles = timed("index", importing.index_articles)
    writer.PageWriter.write = timed("write", writer.PageWriter.write)
    get_tokenizer()  # loaded before the pool forks, as the worker's first task would

    @task_prerun.connect(weak=False)
    def started(**_: object) -> None:
        current.clear()
        current["_start"] = time.perf_counter()

    @task_postrun.connect(weak=False)
    def finished(**_: object) -> None:
        total = time.perf_counter() - current.pop("_start")
        with timings_path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"total": total, **current}) + "\n")

    app.worker_main(["worker", "-n", f"{name}@%h", "-c", "1", "--pool", "prefork", "--without-gossip",
                     "--without-mingle", "--without-heartbeat", "-l", "warning"])


# ---------------------------------------------------------------------------------- the backfill


def queue_pages(pages: int) -> None:
    """Migrate the fresh database and queue the backfill (in a child process: one Django per database)."""
    django_setup(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    from articles.services import jobs
    from articles.services.jobs import JobFile

    call_command("migrate", verbosity=0)
    files = page_files()
    started = time.perf_counter()
    texts = [path.read_text(encoding="utf-8") for path in files]
    for index in range(pages):
        date = FIRST_DATE + datetime.timedelta(days=index)
        text = as_of(texts[index % len(texts)], date)
        job = jobs.job_create(files=[JobFile(name=files[index % len(files)].name, data=text.encode())], date=date)
        jobs.job_enqueue(job=job)
    print(json.dumps({"queue_seconds": time.perf_counter() - started}))


def as_of(text: str, date: datetime.date) -> str:
    """The page as printed on `date`: the date its header prints (the first one in its first lines)
    is that date's, so each copy is a page of its own, as a back issue's is (the import refuses a
    text it has already stored under another date). A page printing no date gets its date as a line."""
    lines = text.split("\n")
    printed = f"{date.year}年{date.month}月{date.day}日"
    for number, line in enumerate(lines[:HEADER_LINES]):
        changed, count = PRINTED_DATE.subn(printed, line, count=1)
        if count:
            return "\n".join([*lines[:number], changed, *lines[number + 1:]])
    return f"{printed}\n{text}"


def measure(database_url: str) -> dict:
    """The backfill's figures from the database (in a child process)."""
    django_setup(database_url)
    from django.db.models import Max, Min

    from articles.models import Article, ImportJobItem, Page

    items = ImportJobItem.objects.all()
    span = items.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return {
        "done": items.filter(status="done").count(), "failed": items.filter(status="failed").count(),
        "retried": items.filter(attempts__gt=1).count(), "pages": Page.objects.count(),
        "articles": Article.objects.count(),
        "seconds": (span["last"] - span["first"]).total_seconds() if span["last"] and span["first"] else 0.0,
    }


def finished_items(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM articles_importjobitem WHERE status IN ('done', 'failed')").fetchone()
    return row[0]


def wal_position(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn").fetchone()[0]


def backends_cpu(database_url: str) -> float:
    """CPU seconds PostgreSQL's backends serving the workers have used (read from /proc: the
    server runs on this machine); the workers keep their connections for the whole run."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        pids = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def recreate_database() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {POSTGRES_DB}")
    return f"{POSTGRES_SERVER}/{POSTGRES_DB}"


def run(workers: int, pages: int, out: Tee) -> None:
    database_url = recreate_database()
    redis, broker = start_private_redis()
    if broker is None:
        raise SystemExit("redis-server is not installed: the workers need a broker")
    with tempfile.TemporaryDirectory() as media:
        env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker, "DJANGO_MEDIA_ROOT": media,
               "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_DEBUG": "",
               # one connection per worker for the whole run, so its backend's CPU can be read at the end
               "NEWSROOM_CELERY_DB_REUSE_MAX": "1000000",
               "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-0123456789-0123456789"}
        processes: list[subprocess.Popen] = []
        try:
            queued = subprocess.run([sys.executable, __file__, "--queue", str(pages)], env=env, check=True,
                                    capture_output=True, text=True)
            queue_seconds = json.loads(queued.stdout.strip().splitlines()[-1])["queue_seconds"]
            wal_before = wal_position(database_url)
            timings = Path(media) / "timings.jsonl"
            load_before = os.getloadavg()[0]
            cpu_before = os.times()
            started = time.perf_counter()
            for number in range(1, workers + 1):
                processes.append(subprocess.Popen(
                    [sys.executable, __file__, "--worker", f"w{number}", str(timings)], env=env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
            while finished_items(database_url) < pages:
                if any(process.poll() is not None for process in processes):
                    raise SystemExit("a worker stopped: " + "".join(p.stderr.read() for p in processes if p.stderr))
                time.sleep(1)
            wall = time.perf_counter() - started
            load_after = os.getloadavg()[0]
            database_cpu = backends_cpu(database_url)
            wal = wal_position(database_url) - wal_before
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
            stop(redis)
        cpu_after = os.times()
        figures = json.loads(subprocess.run([sys.executable, __file__, "--measure", database_url], env=env,
                                            check=True, capture_output=True, text=True).stdout)
        rows = [json.loads(line) for line in timings.read_text(encoding="utf-8").splitlines()]
    worker_cpu = (cpu_after.children_user + cpu_after.children_system
                  - cpu_before.children_user - cpu_before.children_system)
    rate = figures["done"] / figures["seconds"] if figures["seconds"] else 0.0
    out.write(f"\n{workers} worker process(es), {pages} pages queued in {queue_seconds:.1f} s "
              f"({pages / queue_seconds:.0f} jobs/s queued)\n")
    out.write(f"  done {figures['done']}, failed {figures['failed']}, taken twice {figures['retried']}; "
              f"{figures['pages']:,} pages, {figures['articles']:,} articles in the archive after\n")
    out.write(f"  first page taken to last finished: {figures['seconds']:.1f} s = {rate:.2f} pages/s "
              f"({rate / workers:.2f} per worker); with the workers' start: {wall:.1f} s\n")
    out.write(f"  load average (1 min) {load_before:.1f} before, {load_after:.1f} after; workers' CPU "
              f"{worker_cpu:.0f} s = {worker_cpu / max(figures['done'], 1):.2f} s/page\n")
    out.write(f"  PostgreSQL WAL: {wal / 2**20:.0f} MB = {wal / max(figures['done'], 1) / 1024:.0f} KB per page; "
              f"its backends' CPU {database_cpu:.0f} s = {database_cpu / max(figures['done'], 1):.3f} s/page\n")
    total = sum(row["total"] for row in rows)
    stages = {stage: sum(row.get(stage, 0.0) for row in rows) for stage in STAGES}
    rest = total - sum(stages.values())
    out.write(f"  a worker's time per page (mean of {len(rows)}): {total / len(rows) * 1000:.0f} ms = "
              + ", ".join(f"{stage} {stages[stage] / len(rows) * 1000:.0f} ms ({stages[stage] / total:.0%})"
                          for stage in STAGES)
              + f", the rest {rest / len(rows) * 1000:.0f} ms ({rest / total:.0%}: decoding, the job's rows, the "
              "commit, reading the file from storage)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--append", action="store_true", help="add to bench/results/jobs.txt, do not replace it")
    parser.add_argument("--worker", nargs=2, metavar=("NAME", "TIMINGS"), help=argparse.SUPPRESS)
    parser.add_argument("--queue", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return
    if args.queue:
        queue_pages(args.queue)
        return
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a" if args.append else "w", encoding="utf-8") as results:
        out = Tee(sys.stdout, results)
        out.write(f"{chr(10) if args.append else ''}bench_jobs, {datetime.datetime.now():%Y-%m-%d %H:%M}, "
                  f"{os.cpu_count()} CPUs shared with other "
                  f"work (load average {os.getloadavg()[0]:.1f} at the start); {len(page_files())} dev pages "
                  f"repeated to {args.pages}, each a new page (an issue date of its own)\n")
        for workers in args.workers:
            run(workers, args.pages, out)


if __name__ == "__main__":
    main()
