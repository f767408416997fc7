"""The foundation: settings from the environment, deploy checks, complete migrations, constraints."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from articles.models import Article, Event, Issue, Page, Publication
from people.models import Credit, Organization, OrganizationAlias, Person, Place

from .conftest import REPO

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DJANGO_DEBUG": "0",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "expression", "expected"),
    [
        ({"DJANGO_DEBUG": "1"}, "settings.DEBUG", "True"),
        (PRODUCTION_ENV, "settings.DEBUG", "False"),
        ({**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "a.example, b.example"}, "settings.ALLOWED_HOSTS",
         "['a.example', 'b.example']"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example:5433/news"},
         "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['PORT']",
         "('django.db.backends.postgresql', 5433)"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": ""}, "settings.DATABASES['default']['ENGINE']",
         "'django.db.backends.sqlite3'"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example/news"},
         "settings.DATABASES['default']['OPTIONS']",
         "{'prepare_threshold': 5, 'options': '-c random_page_cost=1.1 -c plan_cache_mode=force_generic_plan'}"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example/news", "NEWSROOM_PREPARED_STATEMENTS": "0"},
         "settings.DATABASES['default']['OPTIONS']", "{'options': '-c random_page_cost=1.1'}"),
    ],
)
def test_settings_come_from_the_environment(env, expression, expected):
    env = {k: v for k, v in env.items() if v}
    result = run_manage(
        "shell", "--no-imports", "-c", f"from django.conf import settings; print(repr(({expression})))", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.fixture
def page(db) -> Page:
    publication = Publication.objects.create(name="周口日报", slug="zkrb")
    issue = Issue.objects.create(publication=publication, date=datetime.date(2024, 3, 6))
    return Page.objects.create(publication=publication, issue=issue, number=3, sha256="a" * 64, raw_text="x",
                               parser_version="test")


def make_article(page: Page, order: int, **fields) -> Article:
    defaults = {"headline": "标题", "source_first_line": 1, "source_last_line": 2, "parser_version": "test"}
    return Article.objects.create(page=page, order=order, **{**defaults, **fields})


def rejects(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_issue_is_unique_per_publication_and_date(page):
    rejects(lambda: Issue.objects.create(publication=page.publication, date=page.issue.date))


@pytest.mark.django_db
def test_page_numbers_and_texts_are_unique(page):
    rejects(lambda: Page.objects.create(publication=page.publication, issue=page.issue, number=3, sha256="b" * 64,
                                        raw_text="y", parser_version="t"))
    Page.objects.create(publication=page.publication, sha256="c" * 64, raw_text="z", parser_version="t")
    rejects(lambda: Page.objects.create(publication=page.publication, sha256="c" * 64, raw_text="z",
                                        parser_version="t"))


@pytest.mark.django_db
def test_article_is_unique_by_page_and_order(page):
    make_article(page, 1)
    rejects(lambda: make_article(page, 1, headline="另一篇"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"source_first_line": 9, "source_last_line": 3},
        {"status": "published", "published_at": None},
    ],
    ids=["span-backwards", "published-without-time"],
)
def test_article_invariants(page, fields):
    rejects(lambda: make_article(page, 2, **fields))


@pytest.mark.django_db
def test_photo_story_may_have_no_headline(page):
    assert make_article(page, 2, kind="photo", headline="", body=[{"type": "paragraph", "text": "图为现场。"}]).pk


@pytest.mark.django_db
def test_canonical_names_are_unique_but_namesakes_can_be_told_apart():
    Person.objects.create(name="王磊")
    rejects(lambda: Person.objects.create(name="王磊"))
    Person.objects.create(name="王磊", disambiguation="示范区")
    Organization.objects.create(name="示范区党工委")
    rejects(lambda: Organization.objects.create(name="示范区党工委"))
    Place.objects.create(name="文昌万达广场")
    rejects(lambda: Place.objects.create(name="文昌万达广场"))


@pytest.mark.django_db
def test_an_alias_belongs_to_one_organization():
    first = Organization.objects.create(name="示范区党工委")
    second = Organization.objects.create(name="示范区管委会")
    OrganizationAlias.objects.create(organization=first, name="党工委")
    rejects(lambda: OrganizationAlias.objects.create(organization=second, name="党工委"))


@pytest.mark.django_db
def test_credit_is_unique_per_article_person_and_role(page):
    article = make_article(page, 1)
    person = Person.objects.create(name="姬慧洋")
    Credit.objects.create(article=article, person=person, role=Credit.Role.REPORTER)
    Credit.objects.create(article=article, person=person, role=Credit.Role.PHOTOGRAPHER)
    rejects(lambda: Credit.objects.create(article=article, person=person, role=Credit.Role.REPORTER))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parts", "valid"),
    [
        ({"year": 2024, "month": 3, "day": 5}, True),
        ({"month": 3, "day": 5}, True),
        ({"month": 13, "day": 5}, False),
        ({"day": 5}, False),
        ({"year": 2024}, False),
    ],
)
def test_event_dates_may_lack_a_year(parts, valid):
    def create():
        return Event.objects.create(name="推进会", **parts)

    if valid:
        event = create()
        assert event.iso_date in {"2024-03-05", "--03-05"}
    else:
        rejects(create)


@pytest.mark.parametrize(
    ("iso", "parts"),
    [("2024-03-05", (2024, 3, 5)), ("--03-05", (None, 3, 5)), (None, (None, None, None))],
)
def test_event_date_parts(iso, parts):
    assert tuple(Event.date_parts(iso).values()) == parts


@pytest.mark.django_db
def test_every_model_is_registered_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    for app in ("articles", "people"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert admin.site.is_registered(model), model


@pytest.mark.django_db
def test_the_gunicorn_master_warms_up_with_real_requests(seed_text, caplog):
    # what a worker would load on its first requests is loaded once, before the fork (shared memory)
    import importlib.util
    import logging

    from articles.services import page_import

    page_import(text=seed_text, source_file="seed.txt", date=datetime.date(2024, 3, 6))
    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO / "gunicorn.conf.py")
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        config.warm_up_requests()
    assert not caplog.records, [record.getMessage() for record in caplog.records]


def test_the_redis_cache_reuses_one_client_per_connection_pool():
    from django.core.cache.backends.redis import RedisCacheClient

    from newsroom.cache import ReusingRedisCache

    cache = ReusingRedisCache("redis://127.0.0.1:6379/9", {})
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client  # one server: one pool, one client
    assert isinstance(cache._cache, RedisCacheClient)
    try:
        cache.set("newsroom-test", {"版": 1}, 5)
    except Exception as error:
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
    assert cache.get("newsroom-test") == {"版": 1}
    cache.delete("newsroom-test")


def test_the_redis_cache_counts_a_hit_in_one_command_with_an_expiry():
    from newsroom.cache import ReusingRedisCache

    cache = ReusingRedisCache("redis://127.0.0.1:6379/9", {})
    key = f"newsroom-test-hits-{os.getpid()}"
    try:
        cache.delete(key)
    except Exception as error:
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
    assert [cache.count_hit(key, 30) for _ in range(3)] == [1, 2, 3]
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_and_validate_key(key)) <= 30  # set once, by the first hit
    assert cache.get(key) == 3  # a plain integer, as Django's incr() keeps it
    client.script_flush()  # as after a restart of Redis: the script is loaded again
    assert cache.count_hit(key, 30) == 4
    cache.delete(key)
