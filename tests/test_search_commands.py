"""The search commands: bench/build_archive.py (a benchmark archive of real texts under many dates)
and rebuild_search_index. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Issue
from articles.search import search_articles
from articles.search.models import SearchDocument
from bench.build_archive import Command as BuildArchive
from tests.conftest import SEED_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_folder(tmp_path):
    """A folder with one page file, filed under its date and page number like the dev pages."""
    # another day's page: a text is imported once (#24), so not the seed page's own text
    text = SEED_PAGE.read_text(encoding="utf-8").replace("河南", "湖北")
    (tmp_path / "20240307-02.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_build_archive_imports_the_pages_then_clones_them_under_earlier_dates(page_folder):
    out = io.StringIO()
    call_command(BuildArchive(), articles=40, pages=page_folder, stdout=out)
    assert Article.objects.count() == 40
    assert "cloned" in out.getvalue() and "not imported one by one" in out.getvalue()
    dates = sorted(Issue.objects.values_list("date", flat=True))
    assert len(dates) > 2 and dates[-1].isoformat() == "2024-03-07"
    # the clones carry the real texts and are indexed
    assert SearchDocument.objects.count() == 40
    hits = search_articles("雷锋")
    assert hits.count() == Article.objects.filter(headline__contains="雷锋").count() > 2


def test_build_archive_refuses_a_folder_without_pages(tmp_path):
    with pytest.raises(CommandError, match="no page files"):
        call_command(BuildArchive(), articles=10, pages=tmp_path, stdout=io.StringIO())


def test_rebuild_search_index_indexes_every_article_afresh(page_folder):
    call_command(BuildArchive(), articles=20, pages=page_folder, no_index=True, stdout=io.StringIO())
    imported = SearchDocument.objects.count()  # the import service indexes what it imports; clones wait
    assert imported < 20
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert SearchDocument.objects.count() == 20
    assert "indexed 20 articles" in out.getvalue()
    assert search_articles("党工委").exists()
