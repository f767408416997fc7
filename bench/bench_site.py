#!/usr/bin/env python
"""The readers' site under load: requests/s and latency of the home, article and search pages
with 10,000 articles in PostgreSQL under gunicorn (2 workers), beside a static hello page served
by the same server in the same run.

    .venv/bin/python bench/bench_site.py [--articles 10000] [--duration 10] [--connections 8] [--fresh]
                                         [--targets home,home-cold]

Uses its own database `newsroom_site_bench` on the local PostgreSQL (or BENCH_DATABASE_URL); it is
built once with `bench/build_archive.py` (real page texts imported, then cloned; indexed for
search) and reused by later runs unless --fresh. Starts gunicorn on 127.0.0.1 (production
settings, DEBUG off, static files collected and served by WhiteNoise; bench/site_settings.py adds
the hello page of bench/site_urls.py to the site's URLs) with the page cache in a private
redis-server on 127.0.0.1 (REDIS_URL, as in production; the local-memory cache when redis-server
is absent) and drives it with `wrk`
(apt-get install -y wrk): every page is first requested a few times (unreported warm-up), then
each target gets a timed run, one after the other:

  hello          /_bench/hello/ — the same middleware, no work: the ceiling of this machine now
  home           /  (cached page: one content-version query per request)
  article        200 different article pages in rotation (cached page: + one visibility query)
  pictured       200 article pages with a lead picture (half the articles have one, a third of
                 those a second: bench_pictures.py), in rotation
  page           40 printed pages' lists (each article with its thumbnail), in rotation
  search         40 different Chinese queries in rotation (cached pages, as the site serves them)
  home-cold, article-cold
                 home and article, each request made new to the cache (a nonce parameter: a query
                 string no cache has seen): what a page costs to build, every time
  search-cold    the same queries, each request made new to the cache (a nonce parameter): the
                 search engine and the rendering run every time
  search-cold/2  the same with 2 connections, one request per worker: a miss's latency on a busy
                 server without the queue (with 8 connections each request waits for ~3 others)

It also times, in this process and one request at a time, the uncached rendering of the home,
article (with and without pictures), page and search pages (what a cache miss costs without queueing).
Targets: home and article ≥ 500 req/s with p99 ≤ 100 ms; search p95 ≤ 50 ms. Prints the figures
and writes them to bench/results/site.txt. Only 127.0.0.1 is contacted.

--targets runs only the timed runs named (hello always, as the base of the ratios) and the
in-process timing of their pages (home-cold times home), and writes to bench/results/site_<names>.txt:
a short run of one page on a loaded machine, the full results left as they were.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from benchlib import Tee, free_port, percentile, start_private_redis, stop, wrk

REPO = Path(__file__).resolve().parents[1]
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "newsroom_site_bench"
RESULTS = REPO / "bench" / "results" / "site.txt"
TARGETS = {"home": (500, 100, None), "article": (500, 100, None), "pictured": (500, 100, None),
           "page": (500, 100, None), "search": (None, None, 50),
           "search-cold": (None, None, 50), "search-cold/2": (None, None, 50)}
#: the timed runs, in the order they run
PLAN_NAMES = ("hello", "home", "article", "pictured", "page", "search", "home-cold", "article-cold", "search-cold",
              "search-cold/2")



def ensure_database(url: str, *, fresh: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # only ever 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each timed run (wrk takes whole seconds)")
    parser.add_argument("--warmup-passes", type=int, default=4, help="requests of every page before timing")
    parser.add_argument("--connections", type=int, default=8, help="concurrent wrk connections")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the benchmark database")
    parser.add_argument("--targets", default="", help=f"comma-separated, of: {', '.join(PLAN_NAMES)} (default: all)")
    args = parser.parse_args()
    targets = [name for name in args.targets.split(",") if name]
    unknown = sorted(set(targets) - set(PLAN_NAMES))
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    chosen = {"hello", *targets} if targets else set(PLAN_NAMES)
    # the pages timed in process: the runs' own, a cold run's without its suffix
    timed = {name.split("-cold")[0] for name in chosen}
    results_path = RESULTS.with_name(f"site_{'_'.join(targets).replace('/', '-')}.txt") if targets else RESULTS
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    url = os.environ.get("BENCH_DATABASE_URL", f"{SERVER}/{DATABASE}")
    if not url.startswith("postgres"):
        sys.exit("this benchmark is for PostgreSQL: BENCH_DATABASE_URL must be a postgres:// URL")
    ensure_database(url, fresh=args.fresh)
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-bench-static-"))
    env = {
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "site_settings", "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver", "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        # the pictures' files (bench_pictures.py): pages only build their renditions' URLs
        "DJANGO_MEDIA_ROOT": str(static_root / "media"),
    }
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    import build_archive  # bench/, beside this script
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from articles import views
    from articles.models import Article, ArticleImage, Keyword, Page

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    out = Tee(sys.stdout, results_path.open("w", encoding="utf-8"))
    out.write(f"bench_site on PostgreSQL {connection.pg_version}, database {url.rsplit('/', 1)[1]}, "
              f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} CPUs, "
              f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have < args.articles:
        started = time.perf_counter()
        stdout = io.StringIO()
        call_command(build_archive.Command(), articles=args.articles, stdout=stdout)
        out.write("".join(f"  build_archive: {line}\n" for line in stdout.getvalue().splitlines()))
        out.write(f"  archive built in {time.perf_counter() - started:.0f} s\n")
        with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather them in time
            cursor.execute("VACUUM ANALYZE")
    from articles.search.models import SearchDocument

    if SearchDocument.objects.count() != Article.objects.count():
        started = time.perf_counter()
        call_command("rebuild_search_index", stdout=io.StringIO())
        out.write(f"  search index rebuilt in {time.perf_counter() - started:.0f} s\n")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if not ArticleImage.objects.exists():
        from bench_pictures import add_pictures  # bench/, beside this script

        started = time.perf_counter()
        placed = add_pictures(list(Article.objects.values_list("pk", flat=True)))
        out.write(f"  {placed:,} pictures placed in {time.perf_counter() - started:.0f} s\n")
    # the archive's clones and pictures were written in bulk, past the services: their stored
    # representations (the API's, the site's cards) are built as after a deploy
    started = time.perf_counter()
    stdout = io.StringIO()
    call_command("rebuild_representations", stale=True, stdout=stdout)
    out.write(f"  rebuild_representations --stale: {stdout.getvalue().strip()} "
              f"({time.perf_counter() - started:.0f} s)\n")
    visible = Article.objects.published()
    out.write(f"archive: {Article.objects.count():,} articles, {visible.count():,} visible, "
              f"{visible.filter(article_images__isnull=False).distinct().count():,} of them with pictures\n")
    call_command("collectstatic", interactive=False, verbosity=0)

    rng = random.Random(8)
    article_ids = list(visible.values_list("pk", flat=True))
    article_paths = [a.get_absolute_url() for a in visible.filter(pk__in=rng.sample(article_ids, min(200, len(
        article_ids))))]
    pictured_ids = list(visible.filter(article_images__is_lead=True).values_list("pk", flat=True))
    pictured_paths = [a.get_absolute_url() for a in visible.filter(pk__in=rng.sample(pictured_ids, min(200, len(
        pictured_ids))))]
    page_paths = [p.get_absolute_url() for p in Page.objects.filter(
        issue__isnull=False, number__isnull=False, articles__in=visible).distinct().order_by("-issue__date",
                                                                                            "number")[:40]]
    common = list(Keyword.objects.annotate(n=Count("articles")).filter(n__gte=5).order_by("-n")
                  .values_list("name", flat=True)[:400])
    queries = rng.sample(common, min(40, len(common)))
    search_paths = [f"/search/?q={quote(q)}" for q in queries]

    # The first rendering, without the page cache, in this process (what a cache miss costs).
    client = Client()
    cold: dict[str, list[float]] = {"home": [], "article": [], "pictured": [], "page": [], "search": []}
    for name, paths in (("home", ["/"] * 10), ("article", article_paths[:40]), ("pictured", pictured_paths[:40]),
                        ("page", page_paths), ("search", search_paths)):
        if name not in timed:
            del cold[name]
            continue
        for path in paths:
            cache.clear()
            # and what the search page keeps per process for a few seconds (the reporter filter's choices)
            views._reporters_kept = None
            started = time.perf_counter()
            response = client.get(path)
            cold[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    out.write("uncached rendering in-process, one request at a time: " + ", ".join(
        f"{name} median {statistics.median(times):.1f} ms / p95 {percentile(times, 0.95):.1f} ms"
        for name, times in cold.items()) + "\n")

    redis, redis_url = start_private_redis()
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
        cache_name = "a private redis-server (REDIS_URL), shared by the workers"
    else:
        cache_name = "the local-memory cache of each worker (redis-server is not installed)"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen(
        # bench/ on the path: the settings and URLs with the hello page (site_settings, site_urls)
        [gunicorn, "newsroom.wsgi:application", "--pythonpath", str(REPO / "bench"), "--workers", "2",
         "--bind", f"127.0.0.1:{port}",
         "--error-logfile", "-", "--log-level", "warning"],
        cwd=REPO, env=os.environ.copy(), stdout=subprocess.DEVNULL,
    )
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-wrk-"))
    try:
        wait_until_up(base + "/_bench/hello/")
        for path in ("/", article_paths[0], search_paths[0], "/static/css/site.css"):
            with urllib.request.urlopen(base + path, timeout=10) as response:  # only ever 127.0.0.1
                assert response.status == 200, path
        plan = {"hello": ["/_bench/hello/"], "home": ["/"], "article": article_paths, "pictured": pictured_paths,
                "page": page_paths, "search": search_paths, "home-cold": ["/"], "article-cold": article_paths,
                "search-cold": search_paths, "search-cold/2": search_paths}
        assert list(plan) == list(PLAN_NAMES)
        plan = {name: paths for name, paths in plan.items() if name in chosen}
        warm = list(dict.fromkeys(path for name, paths in plan.items() if name != "hello" for path in paths))
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            for _ in range(args.warmup_passes):
                list(pool.map(lambda path: urllib.request.urlopen(base + path, timeout=60).read(),  # only 127.0.0.1
                              warm))
        out.write(f"gunicorn 2 sync workers on 127.0.0.1, page cache in {cache_name}; warm-up: every page requested "
                  f"{args.warmup_passes} times ({time.perf_counter() - started:.0f} s); wrk -t2 -c{args.connections} "
                  f"for {args.duration:.0f} s per target; {len(article_paths)} article pages and {len(search_paths)} "
                  f"search queries in rotation\n\n")
        out.write(f"{'page':<12}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
                  f"{'vs hello':>10}  target\n")
        results = {}
        for name, paths in plan.items():
            connections = 2 if name.endswith("/2") else args.connections
            results[name] = figures = wrk(base, paths, duration=args.duration, connections=connections,
                                          workdir=workdir, nonce="-cold" in name)
            share = figures["rps"] / results["hello"]["rps"] * 100
            target = ""
            if name in TARGETS:
                min_rps, max_p99, max_p95 = TARGETS[name]
                checks = []
                if min_rps:
                    checks.append(f"≥{min_rps} req/s " + ("ok" if figures["rps"] >= min_rps else "MISSED"))
                if max_p99:
                    checks.append(f"p99≤{max_p99} ms " + ("ok" if figures["p99"] <= max_p99 else "MISSED"))
                if max_p95:
                    checks.append(f"p95≤{max_p95} ms " + ("ok" if figures["p95"] <= max_p95 else "MISSED"))
                target = ", ".join(checks)
            out.write(f"{name:<12}{figures['rps']:>9.0f}{figures['p50']:>9.1f}{figures['p95']:>9.1f}"
                      f"{figures['p99']:>9.1f}{figures['max']:>9.1f}{figures['errors']:>8}{share:>9.1f}%  {target}\n")
        out.write(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
                  "(the machine is shared: compare each page with hello of the same run)\n")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        stop(redis)
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
