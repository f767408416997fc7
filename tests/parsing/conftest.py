"""Fixtures of the parser's tests: the seed page and its gold kept in the repository, the
scorer (`tests/data/score_parse.py`, a copy of ../shared/tools/score_parse.py), and the dev
pages of ../shared (tests needing them skip when it is absent)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
SEED_DIR = DATA / "seed"
SEED_NAME = "000_c583b74fb9e7868d"
DEV_DIR = REPO.parent / "shared" / "pages" / "dev"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", DATA / "score_parse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scorer() -> ModuleType:
    return load_scorer()


@pytest.fixture(scope="session")
def seed_page_text() -> str:
    return (SEED_DIR / f"{SEED_NAME}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((SEED_DIR / f"{SEED_NAME}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not DEV_DIR.is_dir() or not any(DEV_DIR.glob("*.gold.json")):
        pytest.skip(f"dev pages absent: {DEV_DIR} (they live in ../shared next to the repository)")
    return DEV_DIR
