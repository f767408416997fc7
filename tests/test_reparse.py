"""`manage.py reparse`: the current parser over pages an older one stored, keeping what a
re-import keeps (editors' changes, merges), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles import services
from articles.models import Article, Page
from articles.parsing import PARSER_VERSION
from articles.services.reparse import archive_reparse, page_reparse, pages_to_reparse, version_key
from people.models import Person, PersonMention
from people.services import person_merge

pytestmark = pytest.mark.django_db

OLD = "2000.1.1"


@pytest.fixture
def old_page(seed) -> Page:
    """The seed page as an older parser would have left it."""
    Page.objects.filter(pk=seed.page_id).update(parser_version=OLD)
    Article.objects.filter(page_id=seed.page_id).update(parser_version=OLD)
    return Page.objects.get(pk=seed.page_id)


@pytest.mark.parametrize(("version", "than", "older"), [
    ("2000.1.1", "2026.12.1", True),
    ("2026.9.3", "2026.12.1", True),   # 9 < 12 as numbers, not as text
    ("2026.12.1", "2026.12.1", False),
    ("2026.12.2", "2026.12.1", False),
], ids=["years", "months-as-numbers", "same", "newer"])
def test_pages_are_picked_by_version(old_page, version, than, older):
    Page.objects.filter(pk=old_page.pk).update(parser_version=version)
    assert (old_page.pk in {p.pk for p in pages_to_reparse(before_version=than)}) is older


def test_version_key_orders_parts_as_numbers():
    assert version_key("2026.9.3") < version_key("2026.12.1")


def test_reparse_keeps_an_edited_article_and_a_merged_person(old_page, editor):
    edited = Article.objects.filter(page=old_page).order_by("order")[1]
    edited.body = [*edited.body[:-1], {"type": "paragraph", "text": "编辑改写的结尾。"}]
    services.article_save_edit(article=edited, user=editor)
    untouched = Article.objects.filter(page=old_page).exclude(pk=edited.pk).order_by("order").first()

    # an editor merged a namesake duplicate into the person the parse links
    keep = PersonMention.objects.filter(article__page=old_page).select_related("person").first().person
    duplicate = Person.objects.create(name=keep.name, disambiguation="重复")
    PersonMention.objects.filter(article__page=old_page, person=keep).update(person=duplicate)
    person_merge(source=duplicate, target=keep, user=editor)

    report = page_reparse(page=old_page)

    assert report.outcome == "updated" and report.conflicts == (edited.pk,)
    edited.refresh_from_db()
    assert edited.body[-1]["text"] == "编辑改写的结尾。" and edited.has_import_conflict
    assert edited.pending_parse and edited.pending_parse.get("blocks")  # the new parse, beside the edit
    untouched.refresh_from_db()
    assert untouched.parser_version == PARSER_VERSION and not untouched.has_import_conflict
    assert Page.objects.get(pk=old_page.pk).parser_version == PARSER_VERSION
    assert list(Person.objects.filter(name=keep.name).values_list("pk", flat=True)) == [keep.pk]
    assert PersonMention.objects.filter(article__page=old_page, person=keep).exists()
    # done once, the archive is current: a second run finds nothing to do
    assert archive_reparse() == []


def test_dry_run_reports_and_writes_nothing(old_page):
    before = (Article.objects.count(), PersonMention.objects.count(), Person.objects.count())
    report = page_reparse(page=old_page, dry_run=True)
    assert report.outcome == "would update"
    assert set(report.added) == {"people", "organizations", "places"}
    assert (Article.objects.count(), PersonMention.objects.count(), Person.objects.count()) == before
    assert Page.objects.get(pk=old_page.pk).parser_version == OLD


def test_command_prints_what_changed(old_page):
    out = StringIO()
    call_command("reparse", "--dry-run", stdout=out)
    assert f"1 page(s) older than {PARSER_VERSION}: 1 would update (dry run: nothing written)" in out.getvalue()
    out = StringIO()
    call_command("reparse", stdout=out)
    assert "1 updated" in out.getvalue()
    assert Page.objects.get(pk=old_page.pk).parser_version == PARSER_VERSION


def test_command_refuses_a_version_that_is_none(old_page):
    with pytest.raises(CommandError, match="no version"):
        call_command("reparse", "--before-version", "...", stdout=StringIO())
    assert Page.objects.get(pk=old_page.pk).parser_version == OLD


def test_a_pdf_page_is_left_for_its_pdf(old_page):
    Page.objects.filter(pk=old_page.pk).update(source_file="issue.pdf#2")
    report = page_reparse(page=Page.objects.get(pk=old_page.pk))
    assert report.outcome == "skipped" and "PDF" in report.message
    assert Page.objects.get(pk=old_page.pk).parser_version == OLD
