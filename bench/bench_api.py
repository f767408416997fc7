"""Benchmark the REST API under gunicorn (gunicorn.conf.py: 2 workers, app and jieba preloaded).

For each archive size (default 10,000 and 100,000 articles) it builds a PostgreSQL database of
synthetic articles (bodies cut from the seed page, each with credits, a caption, keywords and
mentions), indexes them for search, starts gunicorn on it and loads it with `wrk` (Debian
package wrk) over a rotation of paths, one endpoint after the other in one run:

    hello    a static response from the same server (a WSGI wrapper before Django): the ceiling
    list     /api/v1/articles/ (page of 20, all fields: credits, captions, mentions, print position)
    detail   /api/v1/articles/<id>/ for 1,000 articles in rotation
    q        /api/v1/articles/?q=... for 15 Chinese queries in rotation (names, terms, a phrase in a
             few percent of the articles, 示范区 in nearly all; page of 20), as the API serves them
    q-cold   the same queries, each request new to the response cache (a parameter of its own):
             the search engine, the page of 20 and the JSON run every time
    q-cold/2 the same with 2 connections, one request per worker: a miss's latency on a busy
             server without the queue (with 8 connections each request waits for ~3 others)
    list-cold, detail-cold
             list and detail, each request new to the response cache: what a page costs to build
    list-cold-nopics
             list-cold with every field but `images` (?fields=): beside list-cold, what the pictures
             cost a page (half the articles show a lead picture, a third of those a second one:
             bench_pictures.py)
    images, images-cold
             /api/v1/images/ (page of 20 pictures with their renditions and the articles showing
             them), as served and each request new to the cache
    peer-list, peer-detail, peer-q/2, peer-list-newconn, peer-detail-newconn
             the plain DRF news API of bench/peer_drf/ (ListAPIView of a ModelSerializer,
             PageNumberPagination of 20, counted; RetrieveAPIView; `icontains` search, with 2
             connections: one search takes about a second), started by this script beside
             Newsroom on the same PostgreSQL (a database of its own, as many articles, bodies
             padded to 1,000-3,000 characters), gunicorn 2 sync workers, the same wrk settings:
             the base of the issue's cold targets (#26), measured in the same run; with
             persistent database connections as Newsroom's (CONN_MAX_AGE 600), and with Django's
             default, a connection per request (-newconn, a second server)

It prints requests/s, p50/p95/p99 latency (ms), the queries per request (one request in-process)
and the memory (PSS) of each worker. Then it checks the issue's targets (at 10,000 articles: list
>= 600 req/s with p99 <= 100 ms, detail >= 1,000 req/s, q p95 <= 50 ms; at 100,000 no worse than
half) on the rows as served: list, detail and q, whose every path the warm-up requested once, so
that the response cache answers them as it answers what was asked before in production. Beside
each it prints the uncached row's figure against the same number: what a cache miss costs (the
targets are not met there; see README, "Performance"). The output also goes to
bench/results/api.txt. Last, the cold targets of #26 against the peer of the same run: list-cold
>= 5x peer-list (and >= 40% of list), detail-cold >= 3x peer-detail, q-cold p95 <= 50 ms at 10,000
articles (100 ms above); where the peer cannot start, the hello floor is the base, with the peer's
share of it that the issue measured (list 2.3%, detail 6.8%)::

    $ .venv/bin/python bench/bench_api.py                  # both sizes
    $ .venv/bin/python bench/bench_api.py --sizes 10000 --seconds 10 --reuse

Needs PostgreSQL at --database-url (its databases newsroom_bench_api_<size> are dropped and
recreated; pass --reuse to keep an existing one of the right size). Loopback traffic only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchlib import Tee, start_private_redis, stop, wrk

REPO = Path(__file__).resolve().parents[1]
SEED_PAGE = REPO / "articles" / "fixtures" / "seed_page.txt"
RESULTS = REPO / "bench" / "results" / "api.txt"
HELLO_PATH = "/bench/hello"


# --------------------------------------------------------------------- the server's WSGI app


def hello_or_django():
    """gunicorn app factory: HELLO_PATH answered before Django, everything else by Django."""
    from newsroom.wsgi import application as django_app

    body = b"hello"
    headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]

    def app(environ, start_response):
        if environ.get("PATH_INFO") == HELLO_PATH:
            start_response("200 OK", headers)
            return [body]
        return django_app(environ, start_response)

    return app


# ------------------------------------------------------------------------------ the archive


def _sentences() -> list[str]:
    text = SEED_PAGE.read_text(encoding="utf-8")
    parts = re.split(r"(?<=[。！？])", text.replace("\n", ""))
    return [p.strip() for p in parts if 12 <= len(p.strip()) <= 200]


def populate(count: int) -> None:
    """Fill the (migrated, empty) database Django is configured with: `count` articles."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.utils import timezone

    from articles.models import Article, Caption, Event, Issue, Keyword, Page, Publication
    from people.models import Credit, Organization, OrganizationMention, Person, PersonMention, Place, PlaceMention

    rng = random.Random(20240306)
    sentences = _sentences()
    per_page, pages_per_issue = 8, 8
    publication = Publication.objects.create(name="示范区报", slug="shifanqu")
    issue_count = -(-count // (per_page * pages_per_issue))
    start = datetime.date(2024, 3, 6) - datetime.timedelta(days=issue_count)
    issues = Issue.objects.bulk_create(
        [Issue(publication=publication, date=start + datetime.timedelta(days=i)) for i in range(issue_count)]
    )
    pages = Page.objects.bulk_create([
        Page(publication=publication, issue=issue, number=n, name=f"第{n}版", sha256=f"{issue.pk:032x}{n:032x}",
             raw_text="（基准测试生成的版面）", parser_version="bench")
        for issue in issues for n in range(1, pages_per_issue + 1)
    ])
    people = Person.objects.bulk_create(
        [Person(name=f"人{i:04d}", is_staff_reporter=i < 40) for i in range(2000)]
    )
    organizations = Organization.objects.bulk_create([Organization(name=f"单位{i:04d}") for i in range(500)])
    places = Place.objects.bulk_create([Place(name=f"地点{i:04d}", kind=Place.Kind.OTHER) for i in range(1000)])
    keywords = Keyword.objects.bulk_create([Keyword(name=f"关键词{i:04d}") for i in range(3000)])
    now = timezone.now()
    batch = 5000
    for offset in range(0, count, batch):
        articles = Article.objects.bulk_create([
            Article(
                page=pages[i // per_page], order=1 + i % per_page, kind=Article.Kind.STORY,
                headline=rng.choice(sentences)[:60], slug=f"a{i}", dateline="本报讯",
                body=[{"type": "paragraph", "text": rng.choice(sentences)} for _ in range(rng.randint(3, 8))],
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=count - i),
                source_first_line=1, source_last_line=2, parser_version="bench",
            )
            for i in range(offset, min(offset + batch, count))
        ])
        captions = Caption.objects.bulk_create(
            [Caption(article=a, order=1, text=rng.choice(sentences)) for a in articles[::3]]
        )
        credits, person_mentions, org_mentions, place_mentions, tags = [], [], [], [], []
        for a in articles:
            for order, person in enumerate(rng.sample(people[:40], 2)):
                credits.append(Credit(article=a, person=person, role="reporter" if order == 0 else "correspondent",
                                      label="本报记者" if order == 0 else "通讯员", order=order))
            person_mentions += [PersonMention(article=a, person=p, titles=["书记"]) for p in rng.sample(people, 3)]
            org_mentions += [OrganizationMention(article=a, organization=o, forms=[o.name])
                             for o in rng.sample(organizations, 2)]
            place_mentions += [PlaceMention(article=a, place=p) for p in rng.sample(places, 2)]
            tags += [Article.keywords.through(article_id=a.pk, keyword_id=k.pk) for k in rng.sample(keywords, 3)]
        credits += [Credit(article=c.article, caption=c, person=rng.choice(people[:40]), role="photographer")
                    for c in captions]
        Credit.objects.bulk_create(credits)
        PersonMention.objects.bulk_create(person_mentions)
        OrganizationMention.objects.bulk_create(org_mentions)
        PlaceMention.objects.bulk_create(place_mentions)
        Article.keywords.through.objects.bulk_create(tags)
        events = Event.objects.bulk_create([
            Event(name=f"活动{a.pk}", year=2024, month=1 + a.pk % 12, day=1 + a.pk % 28, place=rng.choice(places))
            for a in articles[::10]
        ])
        Event.articles.through.objects.bulk_create(
            [Event.articles.through(event_id=e.pk, article_id=a.pk)
             for e, a in zip(events, articles[::10], strict=True)]
        )
        try:
            from articles.search import index_articles
        except ImportError:
            pass
        else:
            index_articles([a.pk for a in articles])
        print(f"  {min(offset + batch, count):,} articles", file=sys.stderr, flush=True)
    from bench_pictures import add_pictures

    placed = add_pictures(list(Article.objects.values_list("pk", flat=True)))
    print(f"  {placed:,} pictures placed", file=sys.stderr, flush=True)
    # written in bulk, past the services: their stored representations are built as after a deploy
    from django.core.management import call_command

    call_command("rebuild_representations")


# ------------------------------------------------------------------------------ measuring


def _database_url(base: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _psql(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def _article_count(url: str) -> int | None:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            # an archive built before pictures were is not reused: it would measure none
            if not connection.execute("SELECT EXISTS (SELECT 1 FROM articles_articleimage)").fetchone()[0]:
                return None
            return connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    except psycopg.Error:
        return None


def prepare_database(base: str, size: int, reuse: bool, env: dict[str, str]) -> str:
    name = f"newsroom_bench_api_{size}"
    url = _database_url(base, name)
    if reuse and _article_count(url) == size:
        print(f"reusing {name} ({size:,} articles)", file=sys.stderr)
        # brought up to the code's schema, and the stored representations to its shape (as a deploy does)
        run_env = {**env, "DATABASE_URL": url}
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=run_env,
                       check=True)
        subprocess.run([sys.executable, "manage.py", "rebuild_representations", "--stale"], cwd=REPO,
                       env=run_env, check=True)
        return url
    _psql(base, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(base, f'CREATE DATABASE "{name}"')
    run_env = {**env, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=run_env, check=True)
    started = time.perf_counter()
    # the pictures' files go to a folder of their own: requests only build their URLs
    media = tempfile.mkdtemp(prefix="newsroom-bench-media-")
    subprocess.run([sys.executable, __file__, "--populate", str(size)], cwd=REPO,
                   env={**run_env, "DJANGO_MEDIA_ROOT": media}, check=True)
    shutil.rmtree(media, ignore_errors=True)
    subprocess.run([sys.executable, "-c", "import psycopg,os;c=psycopg.connect(os.environ['DATABASE_URL'],"
                    "autocommit=True);c.execute('VACUUM ANALYZE')"], env=run_env, check=True)
    print(f"built {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(REPO / "gunicorn.conf.py"),
         "--pythonpath", f"{REPO},{REPO / 'bench'}", "--bind", f"127.0.0.1:{port}", "bench_api:hello_or_django()"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    problem = wait_until_up(server, f"http://127.0.0.1:{port}{HELLO_PATH}", seconds=120)
    if problem:
        raise SystemExit(f"gunicorn: {problem}")
    return server


def wait_until_up(server: subprocess.Popen, url: str, *, seconds: float) -> str | None:
    """None once `url` answers (any HTTP status: the server is up), else why it did not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return None
        except urllib.error.HTTPError:
            return None  # it answers (a peer's article 1 deleted is a 404)
        except OSError:
            time.sleep(0.5)
        if server.poll() is not None:
            return f"exited: {server.stderr.read().decode(errors='replace')[-2000:]}"
    return f"did not come up in {seconds:.0f} s"


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def worker_pss_mb(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def workers_cpu_ms(master_pid: int) -> float:
    """CPU time (ms, user and system) the server's workers have used so far: per request, beside
    req/s, it is what a request costs the app's Python, whatever else loads the machine."""
    total = 0
    for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def queries_per_request(env: dict[str, str], path: str) -> int:
    """Run one request in-process with query logging (outside the measured server), after one of
    another URL: what a process reads once for many requests (the search statistics) is not a
    query per request. The content version, re-read once a second, is counted when it falls due."""
    warm_up = path + ("&" if "?" in path else "?") + "warm-up=1"
    code = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','newsroom.settings');django.setup();"
        "from django.db import connection;from django.test import Client;"
        f"from django.test.utils import CaptureQueriesContext;c=Client();c.get({warm_up!r});"
        f"ctx=CaptureQueriesContext(connection);ctx.__enter__();r=c.get({path!r});ctx.__exit__(None,None,None);"
        "assert r.status_code==200,r.status_code;print(len(ctx))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


#: every article field but `images` (list-cold-nopics)
NO_PICTURES = ("id", "url", "public_url", "kind", "kicker", "headline", "subtitle", "dateline", "credits", "body",
               "captions", "keywords", "mentions", "print_position", "status", "published_at", "created_at",
               "updated_at", "source")


#: Chinese queries the synthetic articles (sentences of the seed page) answer: a phrase in a few
#: percent of them, names, places, terms, and 示范区, a word in nearly all (the worst case)
QUERIES = ["枫桥经验", "示范区", "志愿服务", "雷锋", "党工委", "宋力", "文明实践", "新时代", "乡村振兴", "群众",
           "口腔", "消防", "疫情", "服务站", "学雷锋 志愿"]


#: The issue's targets at 10,000 articles, (row, figure, bound, whether the figure must be at least
#: the bound); above 10,000 articles each is halved (req/s) or doubled (ms): "no worse than half"
TARGETS = [("list", "rps", 600.0, True), ("list", "p99", 100.0, False), ("detail", "rps", 1000.0, True),
           ("q", "p95", 50.0, False)]
#: each served row's uncached counterpart
UNCACHED = {"list": "list-cold", "detail": "detail-cold", "q": "q-cold"}
PSS_TARGET_MB = 100.0


def target_lines(size: int, measured: dict[str, dict], pss: list[float]) -> list[str]:
    """One line per target: the served row's figure against it (met or MISSED), and the uncached
    row's figure beside it, for reference."""
    lines = []
    for row, figure, bound, at_least in TARGETS:
        if size > 10_000:
            bound = bound / 2 if at_least else bound * 2
        sign, unit = (">=", "req/s") if at_least else ("<=", "ms")

        def verdict(value: float, bound: float = bound, at_least: bool = at_least) -> str:
            return "met" if (value >= bound if at_least else value <= bound) else "MISSED"

        served = measured[row][figure]
        line = f"  {row} {figure} {sign} {bound:g} {unit}: {served:.1f} {verdict(served)}"
        uncached = measured.get(UNCACHED[row])
        if uncached is not None:
            line += f" (uncached, {UNCACHED[row]}: {uncached[figure]:.1f} {verdict(uncached[figure])})"
        lines.append(line)
    lines.append(f"  worker PSS <= {PSS_TARGET_MB:g} MB: {max(pss):.1f} "
                 f"{'met' if max(pss) <= PSS_TARGET_MB else 'MISSED'}")
    return lines


# ------------------------------------------------------------------------- the plain DRF peer

PEER = REPO / "bench" / "peer_drf"
#: the peer's share of the hello floor in the issue's run (#26: list 73-90 req/s, detail 208-285,
#: hello 3,300-3,900): the ratios' base where the peer cannot be started
PEER_SHARE_OF_HELLO = {"list": 81.5 / 3600, "detail": 246.5 / 3600}
#: the issue's cold targets (#26): (row, peer row, at least this many times the peer's req/s); each
#: against the peer with persistent connections (as Newsroom runs) and with Django's default (a
#: connection per request, `-newconn`)
COLD_TARGETS = [("list-cold", "peer-list", 5.0), ("detail-cold", "peer-detail", 3.0),
                ("list-cold", "peer-list-newconn", 5.0), ("detail-cold", "peer-detail-newconn", 3.0)]


def prepare_peer(base: str, size: int, reuse: bool, env: dict[str, str]) -> str:
    """The peer's database, `size` padded articles (bench/peer_drf: `populate`)."""
    name = f"newsroom_bench_peer_drf_{size}"
    url = _database_url(base, name)
    run_env = {**env, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "peer_settings"}
    if reuse:
        import psycopg

        try:
            with psycopg.connect(url) as connection:
                if connection.execute("SELECT count(*) FROM peer_news_news").fetchone()[0] == size:
                    print(f"reusing {name} ({size:,} articles)", file=sys.stderr)
                    return url
        except psycopg.Error:
            pass
    _psql(base, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(base, f'CREATE DATABASE "{name}"')
    manage = [sys.executable, str(PEER / "peer_manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=PEER, env=run_env, check=True)
    subprocess.run([*manage, "populate", str(size)], cwd=PEER, env=run_env, check=True)
    subprocess.run([sys.executable, "-c", "import psycopg,os;c=psycopg.connect(os.environ['DATABASE_URL'],"
                    "autocommit=True);c.execute('VACUUM ANALYZE')"], env=run_env, check=True)
    return url


def start_peer(url: str, env: dict[str, str], port: int, conn_max_age: int = 600) -> subprocess.Popen | None:
    """gunicorn (2 sync workers, as Newsroom's) serving the peer; None where it does not come up."""
    run_env = {**env, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "peer_settings",
               "PEER_CONN_MAX_AGE": str(conn_max_age)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync", "--preload",
         "--pythonpath", str(PEER), "--bind", f"127.0.0.1:{port}", "peer_wsgi:application"],
        cwd=PEER, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    problem = wait_until_up(server, f"http://127.0.0.1:{port}/news/1/", seconds=60)
    if problem is None:
        return server
    print(f"the peer did not start: {problem}", file=sys.stderr)
    if server.poll() is None:
        stop_server(server)
    return None


def cold_target_lines(size: int, measured: dict[str, dict], peer: bool) -> list[str]:
    """The issue's cold targets (#26): each cold row against the peer's row of the same run (or
    the hello floor times the peer's share of it in the issue's run), and the cold search's p95."""
    lines = []
    for row, peer_row, times in COLD_TARGETS:
        if peer:
            if peer_row not in measured:
                continue
            base, named = measured[peer_row]["rps"], f"{peer_row} {measured[peer_row]['rps']:.1f}"
        else:
            if peer_row.endswith("-newconn"):
                continue
            share = PEER_SHARE_OF_HELLO[peer_row.removeprefix("peer-")]
            base = measured["hello"]["rps"] * share
            named = f"hello {measured['hello']['rps']:.1f} x {share:.3f} (the issue's peer share) = {base:.1f}"
        ratio = measured[row]["rps"] / base
        lines.append(f"  {row} >= {times:g}x {peer_row}: {measured[row]['rps']:.1f} / {named} = {ratio:.2f}x "
                     f"{'met' if ratio >= times else 'MISSED'}")
        if peer and "cpu_ms" in measured[row]:
            ours, theirs = measured[row]["cpu_ms"], measured[peer_row]["cpu_ms"]
            lines.append(f"    (workers' CPU per request: {ours:.2f} ms against {theirs:.2f}: {theirs / ours:.2f}x)")
    share = measured["list-cold"]["rps"] / measured["list"]["rps"]
    lines.append(f"  list-cold >= 40% of list: {share:.0%} {'met' if share >= 0.4 else 'MISSED'}")
    bound = 50.0 if size <= 10_000 else 100.0
    p95 = measured["q-cold"]["p95"]
    lines.append(f"  q-cold p95 <= {bound:g} ms (8 connections): {p95:.1f} {'met' if p95 <= bound else 'MISSED'}")
    return lines


def measure(size: int, url: str, env: dict[str, str], port: int, seconds: int, concurrency: int,
            workdir: Path, peer_url: str | None = None, rows: list[str] | None = None) -> None:
    run_env = {**env, "DATABASE_URL": url}
    import psycopg

    with psycopg.connect(url) as connection:
        ids = [row[0] for row in connection.execute(
            "SELECT id FROM articles_article ORDER BY random() LIMIT 1000").fetchall()]
    searches = ["/api/v1/articles/?q=" + urllib.parse.quote(query) for query in QUERIES]
    targets = {
        "hello": [HELLO_PATH],
        "list": ["/api/v1/articles/"],
        "detail": [f"/api/v1/articles/{pk}/" for pk in ids],
        "q": searches,
        "q-cold": searches,
        "q-cold/2": searches,
        "list-cold": ["/api/v1/articles/"],
        "detail-cold": [f"/api/v1/articles/{pk}/" for pk in ids],
        "list-cold-nopics": ["/api/v1/articles/?fields=" + ",".join(NO_PICTURES)],
        "images": ["/api/v1/images/"],
        "images-cold": ["/api/v1/images/"],
    }
    if rows:
        targets = {name: paths for name, paths in targets.items() if name == "hello" or name in rows}
    counts = {name: queries_per_request(run_env, paths[0]) for name, paths in targets.items() if name != "hello"}
    peer_targets: dict[str, list[str]] = {}
    if peer_url is not None:
        with psycopg.connect(peer_url) as connection:
            peer_ids = [row[0] for row in connection.execute(
                "SELECT id FROM peer_news_news ORDER BY random() LIMIT 1000").fetchall()]
        # each beside its Newsroom counterpart in the run (load drifts on a shared machine)
        peer_targets = {"peer-list": ["/news/"], "peer-detail": [f"/news/{pk}/" for pk in peer_ids],
                        "peer-q/2": ["/news/?q=" + urllib.parse.quote(query) for query in QUERIES],
                        "peer-list-newconn": ["/news/"],
                        "peer-detail-newconn": [f"/news/{pk}/" for pk in peer_ids]}
    redis, redis_url = start_private_redis()  # the response cache as in production, empty for each size
    if redis_url:
        run_env["REDIS_URL"] = redis_url
    server = start_server(run_env, port)
    peer = start_peer(peer_url, env, port + 1) if peer_url is not None else None
    peer_newconn = start_peer(peer_url, env, port + 2, conn_max_age=0) if peer is not None else None
    order = list(targets)
    if peer is not None:
        for name, after in (("peer-list", "list-cold"), ("peer-detail", "detail-cold"), ("peer-q/2", "q-cold/2"),
                            ("peer-list-newconn", "peer-list"), ("peer-detail-newconn", "peer-detail")):
            if name.endswith("-newconn") and peer_newconn is None:
                continue
            order.insert(order.index(after) + 1 if after in order else len(order), name)

    def base_of(name: str) -> str:
        offset = (2 if name.endswith("-newconn") else 1) if name.startswith("peer-") else 0
        return f"http://127.0.0.1:{port + offset}"

    if rows:
        order = [name for name in order if name == "hello" or name in rows]
    bases = {name: base_of(name) for name in order}
    targets = {**targets, **(peer_targets if peer is not None else {})}
    try:
        base = f"http://127.0.0.1:{port}"
        for name in order:  # warm every worker's connections (and the cache, but for *-cold)
            paths = targets[name]
            wrk(bases[name], paths, duration=2, connections=2, workdir=workdir, nonce="-cold" in name)
            if "-cold" not in name and not name.startswith("peer-"):  # every path of a row as served in the cache
                for path in paths:
                    urllib.request.urlopen(base + path, timeout=30).close()
        print(f"\n== {size:,} articles (PostgreSQL, gunicorn 2 workers; wrk -t2 -c{concurrency}, {seconds} s per "
              f"endpoint)")
        print(f"{'endpoint':<11} {'req/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'queries':>8} {'errors':>7}"
              f"  worker PSS MB after; workers' CPU ms per request")
        measured = {}
        masters = {name: (peer_newconn if name.endswith("-newconn") else peer) if name.startswith("peer-")
                   else server for name in order}
        for name in order:
            paths = targets[name]
            cpu_before = workers_cpu_ms(masters[name].pid)
            # the peer has no cache: a nonce of its own changes nothing there, and is given all the same
            figures = measured[name] = wrk(bases[name], paths, duration=seconds,
                                           connections=2 if name.endswith("/2") else concurrency,
                                           workdir=workdir, nonce="-cold" in name or name.startswith("peer-"))
            figures["cpu_ms"] = (workers_cpu_ms(masters[name].pid) - cpu_before) / max(figures["requests"], 1)
            print(f"{name:<11} {figures['rps']:>9.1f} {figures['p50']:>7.1f} {figures['p95']:>7.1f} "
                  f"{figures['p99']:>7.1f} {counts.get(name, 0):>8} {figures['errors']:>7}  "
                  + ", ".join(f"{p:.1f}" for p in worker_pss_mb(server.pid)) + f"; {figures['cpu_ms']:.2f}",
                  flush=True)
        pss = worker_pss_mb(server.pid)
        print("worker PSS (MB): " + ", ".join(f"{p:.1f}" for p in pss) + "; response cache: "
              + ("a private redis-server" if redis_url else "each worker's memory"), flush=True)
        if rows:
            return  # (the targets need every row)
        print("targets (rows as served; uncached beside them):")
        print("\n".join(target_lines(size, measured, pss)), flush=True)
        print("cold targets (#26), " + ("against the plain DRF peer of this run (bench/peer_drf):" if peer is not None
                                         else "the peer did not start: against the hello floor:"))
        print("\n".join(cold_target_lines(size, measured, peer is not None)), flush=True)
    finally:
        stop_server(server)
        for process in (peer, peer_newconn):
            if process is not None:
                stop_server(process)
        stop(redis)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seconds", type=int, default=15, help="duration of each endpoint's timed run")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--reuse", action="store_true", help="keep a database that already has the size")
    parser.add_argument("--no-peer", action="store_true", help="leave out the plain DRF peer (bench/peer_drf)")
    parser.add_argument("--rows", nargs="+", help="only these rows (and hello), e.g. list-cold peer-list")
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        sys.path.insert(0, str(REPO))
        populate(args.populate)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("needs wrk: apt-get install wrk")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdef"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "600",
        # Throttling stays on (its cost, a counter per client and window, is part of a request) with
        # rates the benchmark's one client cannot reach
        "NEWSROOM_API_ANON_RATE": "1000000/second",
        "NEWSROOM_API_USER_RATE": "1000000/second",
        "GUNICORN_WORKERS": "2",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", encoding="utf-8") as results, tempfile.TemporaryDirectory() as folder:
        sys.stdout = Tee(sys.__stdout__, results)
        print(f"bench_api {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
              f"python {sys.version.split()[0]}")
        for size in args.sizes:
            url = prepare_database(args.database_url, size, args.reuse, env)
            peer_url = None if args.no_peer else prepare_peer(args.database_url, size, args.reuse, env)
            measure(size, url, env, args.port, args.seconds, args.concurrency, Path(folder), peer_url, args.rows)
        print(json.dumps({"sizes": args.sizes, "seconds": args.seconds, "concurrency": args.concurrency}))
        sys.stdout = sys.__stdout__


if __name__ == "__main__":
    main()
