"""Shared fixtures. The seed page is the repo's own copy; ../shared is optional.

Every test takes its clients, accounts and seed page from here (by name, as pytest hands fixtures
over); builders it calls itself are plain functions in tests/test_api_support.py (`build_archive`)
and tests/admin_support.py (`make_user`, `make_archive`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

if TYPE_CHECKING:
    from articles.models import Page

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


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor(db) -> User:
    """A staff account in the `editor` group, with the permissions its data migration gives."""
    from tests.admin_support import make_user

    return make_user("editor", group="editor")


@pytest.fixture
def editor_client(client, editor):
    """The site's and the admin's test client, signed in as the editor."""
    client.force_login(editor)
    return client


@pytest.fixture
def seed_page(db, seed_text) -> Page:
    """The seed page imported as drafts into page 1 of the 2024-03-06 issue (the admin's tests)."""
    from articles.models import Page
    from articles.services import page_import

    report = page_import(text=seed_text, source_file="seed.txt", date=SEED_DATE, page_number=1, status="draft")
    return Page.objects.get(pk=report.page_id)


@pytest.fixture
def editor_api(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def reader(db) -> User:
    return User.objects.create_user("reader", password="x-reader-pass")


@pytest.fixture
def reader_api(reader) -> APIClient:
    return token_client(reader)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory) -> Path:
    """Each test stores pictures in a temporary MEDIA_ROOT of its own, never in var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT
