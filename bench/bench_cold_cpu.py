"""CPU per cold API request, in process: what a response the cache has not seen costs the Python
side, measured apart from a loaded server's noise (the machine is shared; wrk's figures drift).

Runs Django's test client in this process against the database DATABASE_URL names (e.g. a
bench_api.py database), every request with a parameter of its own (no cache answers it), and
prints the process CPU time (time.process_time) and the wall time per request, median and mean,
and the mean CPU time of PostgreSQL's backend serving it (its /proc entry), for a page of 20,
one article, its ninjs and a search (15 queries in rotation), and the readers' site's search page
(the same queries)::

    $ DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_api_10000 \\
        .venv/bin/python bench/bench_cold_cpu.py --requests 200

`--redis`: the response cache and throttle counters in a private redis-server, as served;
`--profile ROW`: cProfile of one row."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUERIES = ["枫桥经验", "示范区", "志愿服务", "雷锋", "党工委", "宋力", "文明实践", "新时代", "乡村振兴", "群众",
           "口腔", "消防", "疫情", "服务站", "学雷锋 志愿"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per row (default 200)")
    parser.add_argument("--profile", metavar="ROW", help="profile this row (cProfile) and print its top functions")
    parser.add_argument("--rows", nargs="+", help="only these rows")
    parser.add_argument("--no-stored-cache", action="store_true",
                        help="responses built from stored representations not written to the response cache "
                             "(articles.api.views.STORED_READ_CACHED off)")
    parser.add_argument("--redis", action="store_true",
                        help="the response cache and throttle counters in a private redis-server, as bench_api.py "
                             "serves them (default: this process's memory)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    redis = None
    if args.redis:
        from benchlib import start_private_redis, stop

        redis, url = start_private_redis()
        if url is None:
            raise SystemExit("--redis needs redis-server")
        os.environ["REDIS_URL"] = url
        time.sleep(0.3)
    try:
        run(args)
    finally:
        if redis is not None:
            stop(redis)


def run(args: argparse.Namespace) -> None:
    # production settings (DEBUG off: no query log), as bench_api.py serves them
    for name, value in (("DJANGO_SETTINGS_MODULE", "newsroom.settings"),
                        ("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdef"),
                        ("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver"),
                        ("DJANGO_SECURE_SSL_REDIRECT", "0"), ("DJANGO_CONN_MAX_AGE", "600"),
                        ("NEWSROOM_API_ANON_RATE", "1000000/second")):
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from django.test import Client

    if args.no_stored_cache:
        from articles.api import views

        views.STORED_READ_CACHED = False

    from articles.models import Article

    ids = list(Article.objects.published().order_by("-pk").values_list("pk", flat=True)[:1000])
    client = Client()
    rows = {
        "list-cold": lambda n: ("/api/v1/articles/", {"nonce": n}),
        "detail-cold": lambda n: (f"/api/v1/articles/{ids[n % len(ids)]}/", {"nonce": n}),
        "ninjs-cold": lambda n: (f"/api/v1/articles/{ids[n % len(ids)]}/", {"nonce": n, "format": "ninjs"}),
        "q-cold": lambda n: ("/api/v1/articles/", {"q": QUERIES[n % len(QUERIES)], "nonce": n}),
        # the readers' site's search page (articles.views.search), its page cache missed by the nonce
        "site-search-cold": lambda n: ("/search/", {"q": QUERIES[n % len(QUERIES)], "nonce": n}),
    }
    print(f"{'row':<16} {'cpu ms p50':>10} {'cpu ms mean':>11} {'wall ms p50':>11} {'wall ms mean':>12} "
          f"{'pg cpu ms mean':>14}")
    if args.rows:
        rows = {name: request for name, request in rows.items() if name in args.rows}
    if args.profile:
        profile(client, rows[args.profile], args.requests)
        return
    for name, request in rows.items():
        for n in range(20):  # warm: connections, the search statistics, URL templates
            client.get(*request(-1 - n))
        cpu, wall = [], []
        pg_before = _backend_cpu()
        for n in range(args.requests):
            path, params = request(n)
            started_cpu, started = time.process_time(), time.perf_counter()
            response = client.get(path, params)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        pg = (_backend_cpu() - pg_before) / args.requests if pg_before is not None else float("nan")
        print(f"{name:<16} {statistics.median(cpu):>10.2f} {statistics.mean(cpu):>11.2f} "
              f"{statistics.median(wall):>11.2f} {statistics.mean(wall):>12.2f} {pg:>14.2f}")


def _backend_cpu() -> float | None:
    """CPU time (ms) the PostgreSQL backend of this process's connection has used so far (its
    /proc entry: a server on this machine), or None where it cannot be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")  # utime + stime


def profile(client, request, count: int) -> None:
    """cProfile over `count` requests of one row (after a warm-up): the functions by own time and
    by cumulative time."""
    import cProfile
    import pstats

    for n in range(20):
        client.get(*request(-1 - n))
    profiler = cProfile.Profile(time.process_time)  # CPU, not the waits on PostgreSQL and Redis
    profiler.enable()
    for n in range(count):
        client.get(*request(n))
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
