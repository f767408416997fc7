#!/usr/bin/env python
"""Import throughput of the dev pages into SQLite and PostgreSQL, and SQL queries per page as
the archive grows (they must not grow with it).

    .venv/bin/python bench/bench_import.py [--rounds 4] [--jobs 1 2] [--only sqlite|postgres]

Each round imports every dev page (../shared/pages/dev, or the seed page where that is absent)
through the batch import service (`page_import_batch`, what `import_page --jobs N` runs) as new
pages of a new publication, so round N writes into an archive N times the size of round 1's: the
whole import — decoding, parsing with entities, writing, search indexing — of real pages, timed
from the first file read to the last commit. Prints, per database, number of jobs and round:
pages/s and, with one job (the queries are counted in this process), the mean and max of SQL
queries per page. SQLite imports one page at a time whatever --jobs says. Uses throw-away
databases: a temporary SQLite file and `newsroom_bench_import` on the local PostgreSQL (dropped
and created afresh for each number of jobs). The output is also written to
bench/results/import.txt.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import Tee

REPO = Path(__file__).resolve().parents[1]
DEV_PAGES = REPO.parent / "shared" / "pages" / "dev"
SEED_PAGE = REPO / "articles" / "fixtures" / "seed_page.txt"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DB = "newsroom_bench_import"
RESULTS = REPO / "bench" / "results" / "import.txt"


def page_files() -> list[Path]:
    if DEV_PAGES.is_dir():
        return sorted(DEV_PAGES.glob("*.txt"))
    print(f"note: {DEV_PAGES} is absent; benchmarking the seed page alone", file=sys.stderr)
    return [SEED_PAGE]


def run_one(database_url: str, rounds: int, jobs: int) -> None:
    """In a child process (one Django set-up per database): migrate, then import the rounds."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.test_settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from articles.parsing.tokenizer import get_tokenizer
    from articles.services import page_import_batch

    call_command("migrate", verbosity=0)
    get_tokenizer()  # the dictionary loads once per process, before the clock starts
    files = page_files()
    print(f"{connection.vendor}, {jobs} job(s): {len(files)} pages per round")
    print(f"{'round':>5} {'archive before':>15} {'pages/s':>8} {'queries/page mean':>18} {'max':>5}")
    total_seconds = 0.0
    for round_number in range(1, rounds + 1):
        archive = Article.objects.count()
        publication = f"第{round_number}轮测试报"
        started = time.perf_counter()
        if jobs == 1:
            counts = []
            batch = page_import_batch(paths=files, publication=publication)
            while True:
                with CaptureQueriesContext(connection) as captured:
                    outcome = next(batch, None)
                if outcome is None:
                    break
                counts.append(len(captured))
                assert outcome.error is None, outcome.error
            queries = f"{statistics.mean(counts):>18.1f} {max(counts):>5}"
        else:
            outcomes = list(page_import_batch(paths=files, jobs=jobs, publication=publication))
            failed = [outcome.error for outcome in outcomes if outcome.error is not None]
            assert not failed, failed
            queries = f"{'(other processes)':>18} {'':>5}"
        elapsed = time.perf_counter() - started
        total_seconds += elapsed
        print(f"{round_number:>5} {archive:>15,} {len(files) / elapsed:>8.1f} {queries}")
    print(f"all rounds: {rounds * len(files)} pages in {total_seconds:.1f} s = "
          f"{rounds * len(files) / total_seconds:.1f} pages/s; articles stored: {Article.objects.count():,}")


def recreate_postgres_database() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {POSTGRES_DB}")
    except psycopg.OperationalError as error:
        print(f"postgresql: not reachable ({error}); skipped", file=sys.stderr)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="numbers of jobs to compare")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.child, args.rounds, args.jobs[0])
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", encoding="utf-8") as results, tempfile.TemporaryDirectory() as folder:
        out = Tee(sys.stdout, results)
        out.write(f"bench_import, {datetime.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs\n")
        runs = []
        if args.only in (None, "sqlite"):
            runs.append(("sqlite", f"sqlite:///{folder}/bench.sqlite3", 1))
        if args.only in (None, "postgres"):
            runs += [("postgres", f"{POSTGRES_SERVER}/{POSTGRES_DB}", jobs) for jobs in args.jobs]
        for vendor, url, jobs in runs:
            if vendor == "postgres" and not recreate_postgres_database():
                continue
            if vendor == "sqlite":
                Path(f"{folder}/bench.sqlite3").unlink(missing_ok=True)
            child = subprocess.run(
                [sys.executable, __file__, "--rounds", str(args.rounds), "--jobs", str(jobs), "--child", url],
                check=True, capture_output=True, text=True,
            )
            out.write(child.stdout)
            if child.stderr.strip():
                sys.stderr.write(child.stderr)
        io.TextIOBase.flush(out)


if __name__ == "__main__":
    main()
