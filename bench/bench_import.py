#!/usr/bin/env python
"""Import throughput of the dev pages into SQLite and PostgreSQL, and SQL queries per page as
the archive grows (they must not grow with it).

    .venv/bin/python bench/bench_import.py [--rounds 4] [--only sqlite|postgres]

Each round imports every dev page (../shared/pages/dev, or the seed page where that is absent)
as new pages under new dates, so round N writes into an archive N times the size of round 1's. Prints, per
database and round: pages/s (parse with entities + writing) and the mean and max of SQL queries
per page. Uses throw-away databases: a temporary SQLite file and `newsroom_bench_import` on the
local PostgreSQL (dropped and created afresh).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_PAGES = REPO.parent / "shared" / "pages" / "dev"
SEED_PAGE = REPO / "articles" / "fixtures" / "seed_page.txt"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DB = "newsroom_bench_import"


def page_files() -> list[Path]:
    if DEV_PAGES.is_dir():
        return sorted(DEV_PAGES.glob("*.txt"))
    print(f"note: {DEV_PAGES} is absent; benchmarking the seed page alone", file=sys.stderr)
    return [SEED_PAGE]


def run_one(database_url: str, rounds: int) -> None:
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
    from articles.services import page_import

    call_command("migrate", verbosity=0)
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in page_files()]
    print(f"{connection.vendor}: {len(texts)} pages per round")
    print(f"{'round':>5} {'archive before':>15} {'pages/s':>8} {'queries/page mean':>18} {'max':>5}")
    for round_number in range(1, rounds + 1):
        archive = Article.objects.count()
        counts = []
        started = time.perf_counter()
        for index, (name, text) in enumerate(texts):
            # Every page of every round on a day of its own: a new page, never an update.
            day = datetime.date(2000, 1, 1) + datetime.timedelta(days=round_number * len(texts) + index)
            with CaptureQueriesContext(connection) as captured:
                page_import(text=text, source_file=name, date=day)
            counts.append(len(captured))
        elapsed = time.perf_counter() - started
        print(f"{round_number:>5} {archive:>15,} {len(texts) / elapsed:>8.1f} "
              f"{statistics.mean(counts):>18.1f} {max(counts):>5}")
    print(f"articles stored: {Article.objects.count():,}")


def recreate_postgres_database() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
            conn.execute(f"CREATE DATABASE {POSTGRES_DB}")
    except psycopg.OperationalError as error:
        print(f"postgresql: not reachable ({error}); skipped", file=sys.stderr)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.child, args.rounds)
        return
    targets = []
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "sqlite"):
            targets.append(f"sqlite:///{folder}/bench.sqlite3")
        if args.only in (None, "postgres") and recreate_postgres_database():
            targets.append(f"{POSTGRES_SERVER}/{POSTGRES_DB}")
        for url in targets:
            subprocess.run([sys.executable, __file__, "--rounds", str(args.rounds), "--child", url], check=True)


if __name__ == "__main__":
    main()
