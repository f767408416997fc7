"""Shared fixtures. The seed page is the repo's own copy; ../shared is optional.

The API's and the site's tests take their clients, accounts and seed page from here (by name, as
pytest hands fixtures over); builders they call themselves (`build_archive`) are in
tests/test_api_support.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

REPO = Path(__file__).resolve().parents[1]
SEED_PAGE = REPO / "articles" / "fixtures" / "seed_page.txt"
SHARED = REPO.parent / "shared"
DEV_PAGES = SHARED / "pages" / "dev"
#: The issue the `seed` fixture imports the seed page into, as page 1.
SEED_DATE = datetime.date(2024, 3, 6)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_pages() -> list[Path]:
    if not DEV_PAGES.is_dir():
        pytest.skip(f"the dev pages are not here: {DEV_PAGES} is absent (it is in ../shared, which CI has)")
    return sorted(DEV_PAGES.glob("*.txt"))


# --------------------------------------------------------------------------------- API and site


def empty_cache_around(settings) -> Iterator[None]:
    """Throttle counts and cached responses live in the cache: a test starts and ends with none.
    The content version is re-read on every request, so a change shows in the next response."""
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fresh_throttle_counters(settings) -> Iterator[None]:
    """empty_cache_around each test: the API's test modules ask for it in their `pytestmark`."""
    yield from empty_cache_around(settings)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def seed(db, seed_text):
    """The seed page imported as page 1 of the 2024-03-06 issue (all articles published)."""
    from articles.services import page_import

    return page_import(text=seed_text, source_file="seed.txt", date=SEED_DATE, page_number=1, status="published")


def editor_group() -> Group:
    group, created = Group.objects.get_or_create(name="editor")
    if created:  # the people app's data migration normally makes it, with these permissions
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=["articles", "people"]))
    return group


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="x-editor-pass", is_staff=True)
    user.groups.add(editor_group())
    return user


@pytest.fixture
def editor_api(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def reader(db) -> User:
    return User.objects.create_user("reader", password="x-reader-pass")


@pytest.fixture
def reader_api(reader) -> APIClient:
    return token_client(reader)
