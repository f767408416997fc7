"""Shared fixtures. The seed page is the repo's own copy; ../shared is optional."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_PAGE = REPO / "articles" / "fixtures" / "seed_page.txt"
SHARED = REPO.parent / "shared"
DEV_PAGES = SHARED / "pages" / "dev"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_pages() -> list[Path]:
    if not DEV_PAGES.is_dir():
        pytest.skip(f"the dev pages are not here: {DEV_PAGES} is absent (it is in ../shared, which CI has)")
    return sorted(DEV_PAGES.glob("*.txt"))
