"""The import service: atomic, idempotent, traceable; bad input changes nothing."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article, Issue, Page, PageImport
from articles.services import PageImportError, page_import, page_import_file
from articles.services.lexicon import confirmed_names
from articles.services.writer import PageWriter
from people.models import Credit, Organization, Person, PersonMention

SEED_NAME = "000_c583b74fb9e7868d.txt"

SEED_CREDITS = [
    ("党建领航风帆劲 奋楫笃行踏新程", {"reporter": ["姬慧洋"]}),
    ("传承雷锋精神 弘扬时代新风", {"reporter": ["姬慧洋"], "correspondent": ["罗阳阳"]}),
    ("推动示范区经济社会高质量发展", {"reporter": ["姬慧洋"]}),
    ("践行新时代“枫桥经验” 推动矛盾纠纷源头化解", {"reporter": ["姬慧洋"], "correspondent": ["王名扬"]}),
    ("示范区“红色物业”创建工作成绩优异", {"reporter": ["姬慧洋"]}),
    ("以更高站位更强担当推动示范区安全发展", {"reporter": ["姬慧洋"]}),
    ("", {"photographer": ["姬慧洋", "闫文博"]}),
]


def row_counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(), "articles": Article.objects.count(), "people": Person.objects.count(),
        "organizations": Organization.objects.count(), "credits": Credit.objects.count(),
        "imports": PageImport.objects.count(),
    }


@pytest.fixture
def seed_import(db, seed_text):
    return page_import(text=seed_text, source_file=SEED_NAME)


SEED_DAY = datetime.date(2024, 3, 6)


def test_seed_page_gives_seven_articles_with_their_credits(seed_import):
    assert seed_import.outcome == "created"
    articles = list(Article.objects.filter(page_id=seed_import.page_id).order_by("order"))
    assert len(articles) == 7
    for article, (headline, roles) in zip(articles, SEED_CREDITS, strict=True):
        assert article.headline == headline
        credited: dict[str, list[str]] = {}
        for credit in article.credits.filter(caption__isnull=True).order_by("order"):
            credited.setdefault(credit.role, []).append(credit.person.name)
        assert credited == roles, headline
    assert articles[-1].kind == Article.Kind.PHOTO
    caption = articles[1].captions.get()
    assert caption.text == "志愿者为群众检查口腔。"
    assert [c.person.name for c in caption.credits.all()] == ["姬慧洋"]
    assert all(a.status == Article.Status.PUBLISHED and a.published_at for a in articles)
    page = Page.objects.get(pk=seed_import.page_id)
    assert page.issue is None and page.raw_text.startswith("\n党建领航")
    assert articles[1].source_first_line == 205 and articles[1].parser_version == page.parser_version


def test_one_person_across_articles_is_one_row(seed_import):
    assert Person.objects.filter(name="姬慧洋").count() == 1
    assert Credit.objects.filter(person__name="姬慧洋").count() >= 7


def test_reimport_changes_nothing(seed_import, seed_text):
    before = row_counts()
    ids = sorted(Article.objects.values_list("pk", flat=True))
    again = page_import(text=seed_text, source_file=SEED_NAME)
    assert again.outcome == "unchanged"
    assert sorted(Article.objects.values_list("pk", flat=True)) == ids
    assert row_counts() == {**before, "imports": before["imports"] + 1}


def test_gb18030_copy_imports_as_the_same_page(seed_import, seed_text):
    ids = sorted(Article.objects.values_list("pk", flat=True))
    for encoded in (seed_text.encode("gb18030"), "\ufeff".encode() + seed_text.encode("utf-8")):
        report = page_import_file(data=encoded, source_file="copy.txt")
        assert report.outcome == "unchanged" and report.page_id == seed_import.page_id
    assert sorted(Article.objects.values_list("pk", flat=True)) == ids


def test_edited_article_survives_a_reimport_of_a_changed_page(db, seed_text):
    # A changed text is the same page only where date and number identify it (else its hash does).
    seed_import = page_import(text=seed_text, source_file=SEED_NAME, date=SEED_DAY, page_number=3)
    edited = Article.objects.get(page_id=seed_import.page_id, order=2)
    edited.body = [*edited.body[:-1], {"type": "paragraph", "text": "编辑改写的结尾。"}]
    services.article_save_edit(article=edited)  # a person's edit: marked edited, so a re-import keeps it
    untouched = Article.objects.get(page_id=seed_import.page_id, order=3)
    changed_text = seed_text.replace("此外， 志愿者还为群众提供免", "此外， 志愿者还为市民提供免").replace(
        "会议指出，要深入学习习近平", "会议强调，要深入学习习近平")
    report = page_import(text=changed_text, source_file=SEED_NAME, date=SEED_DAY, page_number=3)
    assert report.outcome == "updated" and report.conflicts == (edited.pk,)
    edited.refresh_from_db()
    assert edited.body[-1]["text"] == "编辑改写的结尾。"
    assert edited.has_import_conflict
    assert any("市民" in block["text"] for block in edited.pending_parse["blocks"])
    untouched.refresh_from_db()
    assert untouched.body[1]["text"].startswith("会议强调")
    assert Article.objects.filter(page_id=seed_import.page_id).count() == 7
    assert Article.objects.get(pk=untouched.pk).history.count() == 2  # import, then re-import


def test_a_reimport_that_drops_an_article_says_it_removed_it(db, seed_text):
    first = page_import(text=seed_text, source_file=SEED_NAME, date=SEED_DAY, page_number=3)
    last = Article.objects.filter(page_id=first.page_id).order_by("order").last()
    shorter = "\n".join(seed_text.split("\n")[: last.source_first_line - 1])
    report = page_import(text=shorter, source_file=SEED_NAME, date=SEED_DAY, page_number=3)
    assert report.outcome == "updated" and not Article.objects.filter(pk=last.pk).exists()
    removed = [warning for warning in report.warnings if "were removed" in warning]
    assert len(removed) == 1 and str(last.pk) in removed[0].split(": ")[-1].split(", ")


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1799, 12, 31), datetime.date(9999, 12, 31)])
def test_an_implausible_issue_date_is_refused_and_changes_nothing(db, seed_text, day):
    with pytest.raises(PageImportError, match="implausible"):
        page_import(text=seed_text, source_file=SEED_NAME, date=day)
    assert Page.objects.count() == 0 and Article.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "no text"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 100, "binary"),
        ("\ufeff".encode() + b"\xff\xfe\xfa", "invalid UTF-8"),
        ("第2版\n\n1998年1月1日 星期四\n".encode(), "no recognizable article"),
        ("这不是一个版面。".encode(), "no recognizable article"),
        ("１２３４５\n６７８９０\n".encode("gb18030"), "no recognizable article"),
    ],
    ids=["empty", "blank", "noise", "png", "bad-utf8-after-bom", "header-only", "one-sentence", "figures"],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(db, data, reason):
    with pytest.raises(PageImportError) as error:
        page_import_file(data=data, source_file="bad.txt")
    assert str(error.value).startswith("bad.txt: ") and reason in str(error.value)
    assert "\n" not in str(error.value)
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_file_over_the_size_limit_is_refused(db, settings, seed_text):
    settings.NEWSROOM_MAX_PAGE_BYTES = 1000
    with pytest.raises(PageImportError, match="over the limit of 1,000 bytes"):
        page_import_file(data=seed_text.encode(), source_file="big.txt")
    assert Page.objects.count() == 0


def test_a_failure_midway_leaves_nothing_of_the_page(db, seed_text, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PageWriter, "_link_events", explode)
    with pytest.raises(RuntimeError):
        page_import(text=seed_text, source_file=SEED_NAME)
    assert row_counts() == dict.fromkeys(row_counts(), 0)
    assert Issue.objects.count() == 0


def test_draft_status_on_request(db, seed_text):
    page_import(text=seed_text, source_file=SEED_NAME, status="draft")
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert not Article.objects.published().exists()


def test_date_and_page_number_identify_a_page(db, seed_text):
    day = datetime.date(2024, 3, 6)
    first = page_import(text=seed_text, source_file=SEED_NAME, date=day, page_number=3, publication="周口日报")
    page = Page.objects.select_related("issue__publication").get(pk=first.page_id)
    assert (page.issue.date, page.number, page.publication.name) == (day, 3, "周口日报")
    other_day = page_import(text=seed_text, source_file=SEED_NAME, date=day + datetime.timedelta(days=1))
    assert other_day.page_id != first.page_id


def test_queries_per_page_do_not_grow_with_the_archive(db, seed_text):
    def queries_for(day: datetime.date) -> int:
        with CaptureQueriesContext(connection) as captured:
            # one text is imported once (#24): each day's page differs by trailing blank lines
            page_import(text=seed_text + "\n" * day.day, source_file=SEED_NAME, date=day)
        return len(captured)

    first = queries_for(datetime.date(2024, 3, 1))  # creates every person and organization
    # The names the first pages confirm join the next pages' lexicon and change their parse
    # (and so their writes) a little; once the archive's names settle, every page costs the same.
    counts = [queries_for(datetime.date(2024, 3, day)) for day in range(2, 10)]
    last = counts[-1]
    assert counts[-4:] == [last] * 4 and last <= first
    assert last < 120, "queries per page must stay bounded (bulk writes, not one query per row)"


@pytest.mark.django_db(transaction=True)
def test_two_processes_importing_one_page_leave_one_copy(seed_text):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writers)")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            outcomes.append(page_import(text=seed_text, source_file=SEED_NAME, date=datetime.date(2024, 3, 6),
                                        page_number=3).outcome)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(outcomes) == ["created", "unchanged"]
    assert Page.objects.count() == 1 and Article.objects.count() == 7


# -- the command ------------------------------------------------------------------------------------


def test_command_imports_a_folder_and_reports_failures(db, tmp_path, seed_text, capsys):
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_page", str(tmp_path))
    captured = capsys.readouterr()
    assert "b.txt: empty file" in captured.err
    assert "7 articles" in captured.out
    assert Page.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_command_imports_in_parallel_jobs_and_reports_each_file(tmp_path, seed_text, capsys):
    # Two files of one page race in two worker processes (PostgreSQL; SQLite imports them one
    # after the other): one copy is stored, the other file finds it unchanged; the broken file
    # fails alone.
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed_text, encoding="gb18030")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "d.txt").write_text(seed_text, encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 4 file"):
        call_command("import_page", str(tmp_path), "--jobs", "2", "--date", "2024-03-06", "--page", "1")
    captured = capsys.readouterr()
    assert "c.txt:" in captured.err and "a.txt" not in captured.err
    assert "(1 new, 0 updated, 2 unchanged, 1 failed)" in captured.out
    assert Page.objects.count() == 1 and Article.objects.count() == 7
    assert PageImport.objects.filter(outcome=PageImport.Outcome.UNCHANGED).count() == 2


def test_command_dry_run_writes_nothing(db, tmp_path, seed_text, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    call_command("import_page", str(path), "--dry-run", "--json")
    import json

    payload = json.loads(capsys.readouterr().out)
    assert payload["page"]["file"] == "seed.txt" and len(payload["articles"]) == 7
    call_command("import_page", str(path), str(path), "--dry-run", "--json")
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert Page.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-13-01"], "not a date"),
        (["--page", "0"], "positive page number"),
        (["--json"], "--json goes with --dry-run"),
        (["--jobs", "0"], "--jobs must be 1 or more"),
    ],
)
def test_command_rejects_nonsense_options(db, tmp_path, seed_text, args, message):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_page", str(path), *args)


def test_command_names_a_missing_path(db):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_page", "/nonexistent/page.txt")


def test_imports_and_edits_are_searchable_at_once(seed_import):
    from articles.search import search_articles

    found = list(search_articles("雷锋").values_list("headline", flat=True))
    assert "传承雷锋精神 弘扬时代新风" in found
    article = Article.objects.get(page_id=seed_import.page_id, order=3)
    article.body = [*article.body, {"type": "paragraph", "text": "会后，与会人员参观了科技馆展厅。"}]
    services.article_save_edit(article=article)
    assert list(search_articles("科技馆")) == [article]
    services.article_set_status(articles=[article], status=Article.Status.DRAFT)
    assert not search_articles("科技馆", queryset=Article.objects.published()).exists()


def test_only_confirmed_names_feed_the_tokenizer(seed_import):
    # A byline name, and a name found in two articles, are confirmed; a single mention is not.
    names = dict(confirmed_names())
    assert names["姬慧洋"] == "nr"
    assert names.get("宋力") == "nr"  # named in two stories of the seed page
    once = set(PersonMention.objects.values_list("person__name", flat=True)) - set(names)
    assert "朱苏亚" in once
