"""Hardening (issue 19, items 1, 4, 6 and 7's API and CSP parts): the throttle counts the socket's
address unless a proxy of ours forwards it; odd parameters are 400s (API) or 404s (site), never
500s; the site and the API go on when Redis is down; every error under /api/ is JSON; the schema
says reads are open; a Content-Security-Policy on the site, the admin and the API docs."""

from __future__ import annotations

import base64
import datetime
import json
import logging
import re
import runpy
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from rest_framework.throttling import AnonRateThrottle

import newsroom.cache
from articles.api.pagination import KeysetCursorPagination
from newsroom.client_address import client_address
from newsroom.db import datetime_problem, publish_time_problem
from tests.test_api_support import build_archive

pytestmark = pytest.mark.usefixtures("fresh_throttle_counters")

REPO = Path(__file__).resolve().parents[1]
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
#: RFC 3339's date-time, which the schema's `format: date-time` means: an offset of hours and minutes
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def archive(db):
    return build_archive(12, per_page=4)


# ------------------------------------------------------------------------ 1. whose address counts

@pytest.mark.parametrize(("remote", "forwarded", "trusted", "expected"), [
    ("203.0.113.9", "", [], "203.0.113.9"),
    ("203.0.113.9", "1.1.1.1", [], "203.0.113.9"),  # no proxy trusted: the header is the client's word
    ("203.0.113.9", "1.1.1.1", ["10.0.0.0/8"], "203.0.113.9"),  # not from a proxy of ours
    ("10.0.0.2", "198.51.100.7", ["10.0.0.0/8"], "198.51.100.7"),  # our proxy forwards its peer
    ("10.0.0.2", "6.6.6.6, 198.51.100.7", ["10.0.0.0/8"], "198.51.100.7"),  # the client's own prefix ignored
    ("10.0.0.2", "198.51.100.7, 10.0.0.5", ["10.0.0.0/8"], "198.51.100.7"),  # two proxies of ours
    ("10.0.0.2", "10.0.0.9", ["10.0.0.0/8"], "10.0.0.9"),  # every hop ours: the farthest one
    ("10.0.0.2", "garbage, 10.0.0.9", ["10.0.0.0/8"], "10.0.0.9"),
    ("10.0.0.2", "", ["10.0.0.2"], "10.0.0.2"),
    ("::ffff:203.0.113.9", "", [], "203.0.113.9"),
    ("2001:db8:1:2:3:4:5:6", "", [], "2001:db8:1:2::/64"),  # a host picks any address of its /64
    ("127.0.0.1", "198.51.100.7", ["127.0.0.1", "::1"], "198.51.100.7"),
    ("", "198.51.100.7", ["10.0.0.0/8"], ""),
])
def test_the_client_address_believes_only_proxies_of_ours(settings, remote, forwarded, trusted, expected):
    settings.NEWSROOM_TRUSTED_PROXIES = trusted
    assert client_address({"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}) == expected


def test_a_trusted_proxy_that_is_no_address_is_a_configuration_error(settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example"]
    with pytest.raises(ImproperlyConfigured, match=r"proxy\.example"):
        client_address({"REMOTE_ADDR": "10.0.0.2"})


def test_a_client_changing_x_forwarded_for_is_throttled_all_the_same(api, archive, monkeypatch):
    # The probe: 300 requests with changing values all got 200 within an allowance of 120.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    statuses = [api.get("/api/v1/people/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(api, archive, monkeypatch, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")

    def get(client_ip: str, claimed: str = "") -> int:
        forwarded = f"{claimed}, {client_ip}" if claimed else client_ip
        return api.get("/api/v1/people/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # What the client writes before the proxy's own entry changes nothing.
    assert [get("198.51.100.7", claimed=f"6.6.6.{n}") for n in range(3)] == [200, 200, 429]
    assert get("198.51.100.8") == 200  # another client behind the same proxy


def test_gunicorn_trusts_the_same_proxies_for_the_scheme(monkeypatch):
    monkeypatch.setenv("NEWSROOM_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    assert runpy.run_path(str(REPO / "gunicorn.conf.py"))["forwarded_allow_ips"] == "10.0.0.0/8,192.0.2.1"
    monkeypatch.delenv("NEWSROOM_TRUSTED_PROXIES")
    assert "forwarded_allow_ips" not in runpy.run_path(str(REPO / "gunicorn.conf.py"))  # gunicorn's default


# ------------------------------------------------------------------ 4. odd parameters: 400s, 404s

@pytest.mark.parametrize("parameter", ["published_after", "published_before", "updated_since"])
@pytest.mark.parametrize("offset", ["+16:00", "-23:59", "+15:59:30"])
def test_an_offset_postgresql_cannot_hold_is_a_400(api, archive, parameter, offset):
    # PostgreSQL's timestamptz takes offsets up to ±15:59; Python's parser up to ±23:59:59 (a DataError, a 500).
    response = api.get("/api/v1/articles/", {parameter: f"2024-01-01T00:00:00{offset}"})
    assert response.status_code == 400
    assert response.json()["errors"][parameter] == ["Time zone offset out of range: use one from -15:59 to +15:59."]


@pytest.mark.parametrize("parameter", ["published_after", "published_before", "updated_since"])
def test_the_widest_offsets_postgresql_holds_are_taken(api, archive, parameter):
    for offset in ("+15:59", "-15:59", "+14:00"):
        assert api.get("/api/v1/articles/", {parameter: f"2024-01-01T00:00:00{offset}"}).status_code == 200


def cursor(ordering: str, values: list) -> str:
    return KeysetCursorPagination().encode_cursor(ordering, values, False)


@pytest.mark.parametrize(("path", "ordering", "values"), [
    ("/api/v1/articles/", "-published_at", ["2024-01-01T00:00:00+16:00", 1]),
    ("/api/v1/articles/", "updated_at", ["2024-01-01T00:00:00-20:00", 1]),
    ("/api/v1/people/", "name", ["\x00", "", 1]),  # a NUL PostgreSQL refuses in text (a DataError)
    ("/api/v1/people/", "name", ["测试", "a\x00b", 1]),
    ("/api/v1/events/", "name", ["\x00", 1]),
])
def test_a_forged_cursor_postgresql_cannot_hold_is_a_400(api, archive, path, ordering, values):
    response = api.get(path, {"ordering": ordering, "cursor": cursor(ordering, values)})
    assert response.status_code == 400
    assert response.json() == {"detail": "cursor: Invalid cursor: use the next/previous links as given.",
                               "errors": {"cursor": ["Invalid cursor: use the next/previous links as given."]}}


def test_a_nul_in_the_cursor_parameter_itself_is_a_400(api, archive):
    raw = base64.urlsafe_b64encode(json.dumps({"o": "name", "v": ["\x00", "", 1]}).encode()).decode()
    for value in ("\x00", raw + "\x00", "\x00" + raw):
        assert api.get("/api/v1/people/", {"ordering": "name", "cursor": value}).status_code == 400


@pytest.mark.parametrize("path", [
    "/keywords/%00/", "/keywords/a%00b/", "/issues/%00/", "/articles/1/%00/", "/search/?q=%00",
])
def test_a_nul_in_a_site_path_is_not_a_server_error(client, archive, path):
    response = client.get(path)
    assert response.status_code in (200, 301, 302, 404)
    if path.startswith("/keywords/"):
        assert response.status_code == 404


@pytest.mark.parametrize(("publish_at", "problem"), [
    ("0183-05-01T00:00:00Z", "Implausible publish time"),  # the probe's: given back as +08:05:43
    ("1799-12-31T00:00:00+08:00", "Implausible publish time"),
    ("1850-06-01T00:00:00+08:00", "before the site's time zone kept standard time"),  # Shanghai's LMT
    ("9999-12-31T23:59:59Z", ""),
])
def test_an_implausible_publish_time_is_a_400(editor_api, archive, publish_at, problem):
    article = archive[0]
    response = editor_api.post(f"/api/v1/articles/{article.pk}/status/",
                               {"status": "published", "publish_at": publish_at}, format="json")
    assert response.status_code == 400, response.content
    assert problem in " ".join(response.json()["errors"]["publish_at"])
    article.refresh_from_db()
    assert article.published_at.year > 2000


def test_a_publish_time_more_than_a_year_ahead_is_a_400_and_within_one_is_taken(editor_api, api, archive):
    article = archive[0]
    url = f"/api/v1/articles/{article.pk}/status/"
    too_far = (timezone.now() + datetime.timedelta(days=400)).isoformat()
    response = editor_api.post(url, {"status": "published", "publish_at": too_far}, format="json")
    assert response.status_code == 400 and "Implausible publish time" in response.json()["detail"]
    for when in (timezone.now() + datetime.timedelta(days=300), datetime.datetime(1901, 1, 1, tzinfo=SHANGHAI)):
        response = editor_api.post(url, {"status": "published", "publish_at": when.isoformat()}, format="json")
        assert response.status_code == 200, response.content
        assert RFC3339.match(response.json()["published_at"]), response.json()["published_at"]


@pytest.mark.parametrize(("value", "expected"), [
    (datetime.datetime(2024, 3, 6, 8, tzinfo=SHANGHAI), None),
    (datetime.datetime(1901, 1, 1, tzinfo=SHANGHAI), None),
    (datetime.datetime(1800, 1, 1, 12, tzinfo=datetime.UTC), "before the site's time zone kept standard time"),
    (datetime.datetime(1799, 12, 31, 12, tzinfo=datetime.UTC), "Implausible"),
    (datetime.datetime(183, 5, 1, tzinfo=datetime.UTC), "Implausible"),
    (datetime.datetime(2027, 12, 3, tzinfo=datetime.UTC), None),  # within a year and a day of 2026-12-03
    (datetime.datetime(2027, 12, 5, tzinfo=datetime.UTC), "Implausible"),
    (datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=16))), "offset out of range"),
])
def test_publish_times_follow_the_rule_of_issue_dates(value, expected):
    from zoneinfo import ZoneInfo

    problem = publish_time_problem(value, ZoneInfo("Asia/Shanghai"), datetime.date(2026, 12, 3))
    assert problem is None if expected is None else expected in problem


def test_an_offset_beyond_postgresqls_is_a_datetime_problem():
    assert datetime_problem(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(
        hours=15, minutes=59)))) is None
    assert "offset" in datetime_problem(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(
        hours=-16))))


# --------------------------------------------------------------------------- 6. Redis goes down

@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """newsroom.cache's clock, set by the test; outages forgotten before and after."""
    now = [1000.0]
    monkeypatch.setattr(newsroom.cache, "clock", lambda: now[0])
    newsroom.cache._outages.clear()
    yield now
    newsroom.cache._outages.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_redis(settings, port: int) -> None:
    settings.CACHES = {"default": {
        "BACKEND": "newsroom.cache.ReusingRedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "newsroom.cache" and r.levelno == logging.WARNING]


SERVED_PATHS = ("/", "/search/?q=%E6%96%B0%E9%97%BB", "/feed/", "/api/v1/articles/", "/api/v1/articles/?q=新闻")


def test_with_redis_unreachable_the_site_and_the_api_are_served(client, seed, settings, clock, caplog):
    use_redis(settings, free_port())  # nothing listens there
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    for _ in range(3):
        for path in SERVED_PATHS:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1 and "unreachable" in warnings[0]  # one warning, not one per request


def test_with_redis_unreachable_the_throttle_counts_in_local_memory(api, seed, settings, clock, monkeypatch):
    use_redis(settings, free_port())
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    assert [api.get("/api/v1/people/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_long_outage_is_logged_once_per_interval_and_redis_is_retried(client, seed, settings, clock, caplog,
                                                                        monkeypatch):
    use_redis(settings, free_port())
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    tries = []
    real = newsroom.cache.ReusingRedisCacheClient.get

    def counted_get(self, *args, **kwargs):
        tries.append(clock[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(newsroom.cache.ReusingRedisCacheClient, "get", counted_get)
    assert client.get("/").status_code == 200
    assert len(tries) == 1
    for _ in range(5):  # within RETRY_SECONDS: Redis is left alone
        assert client.get("/").status_code == 200
    assert len(tries) == 1
    clock[0] += newsroom.cache.RETRY_SECONDS
    assert client.get("/").status_code == 200
    assert len(tries) == 2  # tried again, once
    assert len(cache_warnings(caplog)) == 1
    clock[0] += newsroom.cache.WARNING_SECONDS
    assert client.get("/").status_code == 200
    warnings = cache_warnings(caplog)
    assert len(warnings) == 2 and "still unreachable" in warnings[1]


@pytest.fixture
def redis_server() -> Iterator[dict]:
    """A real redis-server on a spare loopback port, which the test may stop and start again."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server): the dead-port tests still ran")
    import redis

    port = free_port()
    server: dict = {"port": port, "process": None, "client": redis.Redis(port=port, socket_timeout=1)}

    def start() -> None:
        server["process"] = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):  # until it answers (a start takes some milliseconds)
            try:
                if server["client"].ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop() -> None:
        process = server["process"]
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        server["client"].connection_pool.disconnect()

    server.update(start=start, stop=stop)
    start()
    yield server
    stop()


def test_redis_stopped_mid_run_and_started_again(client, seed, settings, clock, caplog, redis_server):
    use_redis(settings, redis_server["port"])
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    redis = redis_server["client"]
    for path in SERVED_PATHS:
        assert client.get(path).status_code == 200
    assert redis.dbsize() > 0  # pages and responses cached in Redis

    redis_server["stop"]()
    for _ in range(2):
        for path in SERVED_PATHS:
            assert client.get(path).status_code == 200, path
    assert len(cache_warnings(caplog)) == 1

    redis_server["start"]()  # a fresh, empty Redis
    assert redis.dbsize() == 0
    assert client.get("/api/v1/articles/").status_code == 200
    assert redis.dbsize() == 0  # within the retry interval: still in local memory
    clock[0] += newsroom.cache.RETRY_SECONDS
    for path in SERVED_PATHS:
        assert client.get(path).status_code == 200
    assert redis.dbsize() > 0  # back on Redis by itself
    warnings = cache_warnings(caplog)
    assert len(warnings) == 2 and "reachable again" in warnings[1]


# ------------------------------------------------------------------------ 7. JSON errors, schema, CSP

def test_a_server_error_under_the_api_is_json_and_on_the_site_html(archive, monkeypatch):
    import articles.caching

    def broken() -> str:
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(articles.caching, "content_version", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal server error; it has been logged.", "errors": {}}
    assert client.get("/api/v1/articles/").json() == {"detail": "服务器内部错误，已记入日志。", "errors": {}}
    site = client.get("/")
    assert site.status_code == 500 and site["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", [
    "/api/", "/api", "/api/v2/articles/", "/api/v1/nothing/here/", "/api/v1/articles/x/y/",
])
def test_an_unknown_api_path_is_a_json_404(client, db, path):
    response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("No API endpoint at")
    # in the site's language for a client that asks for none
    assert "没有 API 端点" in client.get(path, follow=True).json()["detail"]


def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(db, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/nothing/", {"a": "b"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response.json()["detail"].startswith("No API endpoint at")


def test_a_csrf_failure_under_the_api_is_json(db, archive, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(f"/api/v1/articles/{archive[0].pk}/status/", {"status": "draft"})
    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    assert "CSRF" in response.json()["detail"]
    # Django's own CSRF check (CSRF_FAILURE_VIEW), wherever it meets a request under /api/
    from newsroom.errors import csrf_failure

    with translation.override("en"):
        api_refusal = csrf_failure(RequestFactory().post("/api/v1/imports/"), reason="CSRF cookie not set.")
    assert api_refusal.status_code == 403 and json.loads(api_refusal.content)["detail"].startswith("CSRF check failed")
    with translation.override("zh-hans"):
        api_refusal = csrf_failure(RequestFactory().post("/api/v1/imports/"), reason="CSRF cookie not set.")
    assert json.loads(api_refusal.content)["detail"].startswith("CSRF 校验失败")
    site_refusal = csrf_failure(RequestFactory().post("/admin/login/"), reason="CSRF cookie not set.")
    assert site_refusal.status_code == 403 and site_refusal["Content-Type"].startswith("text/html")


def schema_document() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_says_reads_are_open_and_writes_need_a_token(db):
    paths = schema_document()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            anonymous = {} in operation.get("security", [])
            if "/imports/" in path or method != "get":  # imports and their jobs are the editors'
                assert not anonymous, (method, path)
            else:
                assert anonymous, (method, path)
    assert {} in paths["/api/v1/articles/"]["get"]["security"]
    assert {} in paths["/api/v1/articles/{id}/"]["get"]["security"]


def test_anonymous_reads_work_as_the_schema_says(api, archive):
    assert api.get("/api/v1/articles/").status_code == 200
    assert api.get(f"/api/v1/articles/{archive[0].pk}/").status_code == 200
    assert api.get("/api/v1/imports/").status_code == 401


def csp_of(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/articles/", "/api/v1/docs/", "/feed/"])
def test_every_page_has_a_content_security_policy_without_inline_scripts(client, archive, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = csp_of(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_the_api_docs_load_their_script_as_a_file(client, db):
    page = client.get("/api/v1/docs/").content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts and all("src=" in attributes and not body.strip() for attributes, body in scripts)
    start_up = client.get("/api/v1/docs/?script=")
    assert start_up.status_code == 200 and start_up["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in start_up.content.decode()


def test_our_own_templates_have_no_inline_script():
    inline = []
    for template in (REPO / "templates").rglob("*.html"):
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", template.read_text(), flags=re.S):
            if body.strip() and "application/json" not in attributes:
                inline.append(template.name)
        if re.search(r"\son[a-z]+=", template.read_text()):
            inline.append(template.name)
    assert inline == []
