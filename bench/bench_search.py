#!/usr/bin/env python
"""Full-text search on PostgreSQL at 10,000 and 100,000 articles, beside a naive `icontains` scan.

    .venv/bin/python bench/bench_search.py [--scales 10000 100000] [--runs 5] [--naive-runs 2]

Uses its own database `newsroom_bench` on the local PostgreSQL (dropped and created afresh; or
BENCH_DATABASE_URL). For each scale it grows the archive with `bench/build_archive.py` (the dev pages
imported once through the import service, then cloned in bulk under earlier dates — real texts),
times a full `rebuild_search_index` (the index build: segmentation + writing + GIN upkeep), then
runs 20 queries — names, organizations, places, terms, phrases, AND — each a warm-up and
--runs timed runs of what a results page needs: the first 20 articles in order plus the hit count,
paged as the site pages them (search: SearchPaginator, one query for both; the naive search:
Paginator, a count then the page; --naive-runs timed runs, no warm-up).
The naive search does the same with `headline/body icontains` (every word, ordered by date).
Prints per scale: index build time and size, p50/p95 of both searches, hits per query; and the
growth of p95 from the first scale to the last. The output is also written to
bench/results/search.txt.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from benchlib import Tee, percentile

REPO = Path(__file__).resolve().parents[1]
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "newsroom_bench"
RESULTS = REPO / "bench" / "results" / "search.txt"

QUERIES = [
    "江泽民", "钱其琛", "宋力", "雷锋", "周恩来", "国务院", "新华社", "联合国", "党工委", "香港",
    "以色列", "人民大会堂", "消防", "志愿服务", "乡村振兴", "扶贫", "下岗职工", "金融危机", "香港 回归",
    '"国务院 侨务"',
]


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (full-text search)")
    parser.add_argument("--naive-runs", type=int, default=1, help="timed runs per query (icontains)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the index build (default 2)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database as it is (no drop/create); the results are appended")
    parser.add_argument("--no-rebuild", action="store_true",
                        help="with --keep: search the index as it is (no index build is timed)")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", f"{SERVER}/{DATABASE}")
    if not url.startswith("postgres"):
        sys.exit("this benchmark is for PostgreSQL: BENCH_DATABASE_URL must be a postgres:// URL")
    if not args.keep:
        fresh_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    import build_archive  # bench/, beside this script
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.db.models import Q

    from articles.models import Article
    from articles.search import SearchPaginator, search_articles

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    log = RESULTS.open("a" if args.keep else "w", encoding="utf-8")
    out = Tee(sys.stdout, log)
    from articles.search.postgres import RANK_WINDOW

    out.write(f"\nbench_search (rank window {RANK_WINDOW}) on {connection.vendor} {connection.pg_version}, "
              f"database {url.rsplit('/', 1)[1]}, "
              f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}\n")
    call_command("migrate", verbosity=0)

    def naive(query: str):
        words = [w.strip('"') for w in query.replace('"', " ").split()] if '"' not in query else \
            [query.strip('"').replace(" ", "")]
        condition = Q()
        for word in words:
            condition &= Q(headline__icontains=word) | Q(body__icontains=word)
        return Article.objects.filter(condition).order_by("-page__issue__date", "-pk")

    def timed(make, runs: int, warm_up: bool = True, paginator_class=Paginator) -> tuple[list[float], int]:
        times, total = [], 0
        for run in range(int(warm_up), runs + 1):  # run 0 warms caches and is not counted
            started = time.perf_counter()
            paginator = paginator_class(make(), 20)
            list(paginator.page(1).object_list)  # the articles themselves, as a results page reads them
            total = paginator.count
            if run:
                times.append((time.perf_counter() - started) * 1000)
        return times, total

    summary = []
    for scale in args.scales:
        out.write(f"\n=== {scale:,} articles ===\n")
        started = time.perf_counter()
        stdout = io.StringIO()
        call_command(build_archive.Command(), articles=scale, no_index=True, stdout=stdout)
        out.write("".join(f"  build_archive: {line}\n" for line in stdout.getvalue().splitlines()))
        out.write(f"  archive built in {time.perf_counter() - started:.1f} s; {Article.objects.count():,} articles\n")
        started = time.perf_counter()
        if not (args.keep and args.no_rebuild):
            call_command("rebuild_search_index", jobs=args.jobs, stdout=io.StringIO())
        build = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_search_document")
            cursor.execute("VACUUM ANALYZE articles_article")
            cursor.execute(
                "SELECT pg_total_relation_size('articles_search_document'),"
                " pg_relation_size('articles_search_document_gin'), pg_relation_size('articles_search_grams_gin')"
            )
            total_size, doc_gin, grams_gin = cursor.fetchone()
        if args.keep and args.no_rebuild:
            out.write("  index build: not timed (--no-rebuild: the index built by an earlier run)\n")
        else:
            out.write(f"  index build (rebuild_search_index --jobs {args.jobs}, all articles): {build:.1f} s "
                      f"({build / scale * 1000:.2f} ms/article)\n")
        out.write(f"  index size: {total_size / 2**20:.0f} MB in all (words GIN {doc_gin / 2**20:.0f} MB, "
                  f"grams GIN {grams_gin / 2**20:.0f} MB)\n")
        out.write(f"  {'query':<16} {'hits':>6} {'icontains':>9} {'p50 ms':>8} {'icont. p50':>11}\n")
        fts_all, naive_all = [], []
        for query in QUERIES:
            fts_times, fts_hits = timed(lambda q=query: search_articles(q), args.runs, paginator_class=SearchPaginator)
            # a sequential scan gains nothing from a warm-up run (and takes seconds at 100,000)
            naive_times, naive_hits = timed(lambda q=query: naive(q), args.naive_runs, warm_up=False)
            fts_all += fts_times
            naive_all += naive_times
            out.write(f"  {query:<16} {fts_hits:>6} {naive_hits:>9} {statistics.median(fts_times):>8.1f} "
                      f"{statistics.median(naive_times):>11.1f}\n")
        row = (scale, build, percentile(fts_all, 0.5), percentile(fts_all, 0.95),
               percentile(naive_all, 0.5), percentile(naive_all, 0.95))
        summary.append(row)
        out.write(f"  full-text search: p50 {row[2]:.1f} ms, p95 {row[3]:.1f} ms ({len(fts_all)} timings)\n")
        out.write(f"  naive icontains:  p50 {row[4]:.1f} ms, p95 {row[5]:.1f} ms ({len(naive_all)} timings)\n")

    out.write("\n=== summary (first 20 hits + count per query) ===\n")
    out.write(f"{'articles':>9} {'index build s':>14} {'search p50':>11} {'search p95':>11} "
              f"{'icontains p50':>14} {'icontains p95':>14}\n")
    for scale, build, p50, p95, n50, n95 in summary:
        out.write(f"{scale:>9,} {build:>14.1f} {p50:>9.1f}ms {p95:>9.1f}ms {n50:>12.1f}ms {n95:>12.1f}ms\n")
    if len(summary) > 1:
        first, last = summary[0], summary[-1]
        out.write(f"growth {first[0]:,} → {last[0]:,} articles (x{last[0] / first[0]:.0f}): search p95 "
                  f"x{last[3] / first[3]:.1f}, icontains p95 x{last[5] / first[5]:.1f}, "
                  f"index build x{last[1] / first[1]:.1f}\n")
    log.close()


if __name__ == "__main__":
    main()
