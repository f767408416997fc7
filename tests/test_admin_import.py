"""Importing from the admin: upload, see the parse, confirm — then the import log and the conflicts
of a re-import, resolved side by side."""


from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.admin.imports import SESSION_KEY, STAGING_DIR
from articles.models import Article, Image, Page, PageImport
from articles.services import article_save_edit
from tests.admin_support import make_user
from tests.conftest import SEED_DATE
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def source_language(settings):
    """These tests read the admin's messages as written (English source strings); the Chinese
    catalogue has its own test (tests/test_translations.py)."""
    settings.LANGUAGE_CODE = "en"


UPLOAD = "admin:articles_pageimport_upload"
CONFIRM = "admin:articles_pageimport_confirm"


@pytest.fixture(autouse=True)
def staging_in_tmp(settings, tmp_path):
    """Staged uploads go to a throwaway media folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, files: list[tuple[str, bytes]], **fields):
    data = {"date": SEED_DATE.isoformat(), "publication": "本报", "status": "draft", **fields,
            "files": [SimpleUploadedFile(name, content, content_type="text/plain") for name, content in files]}
    return client.post(reverse(UPLOAD), data)


def staged_files(tmp_path) -> list:
    folder = tmp_path / STAGING_DIR
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_upload_shows_the_parse_and_stores_nothing_until_confirmed(editor_client, seed_text, tmp_path):
    response = upload(editor_client, [("seed.txt", seed_text.encode("utf-8"))], page_number=1)
    assert response.status_code == 200
    html = response.content.decode()
    previews = response.context["previews"]
    assert len(previews) == 1 and not previews[0].error
    assert len(previews[0].articles) >= 5
    for article in previews[0].articles:
        if article["headline"]:
            assert article["headline"] in html
    assert "姬慧洋" in html  # the bylines
    assert Page.objects.count() == 0 and Article.objects.count() == 0 and PageImport.objects.count() == 0
    assert len(staged_files(tmp_path)) == 1

    response = editor_client.post(reverse(CONFIRM), {"token": response.context["token"]})
    assert response.status_code == 200
    result = response.context["results"][0]
    assert result["report"].outcome == "created"
    page = Page.objects.get()
    assert page.issue.date == SEED_DATE and page.number == 1
    assert page.articles.count() == len(previews[0].articles)
    assert set(page.articles.values_list("status", flat=True)) == {"draft"}
    log = PageImport.objects.get()
    assert log.imported_by.username == "editor"
    assert staged_files(tmp_path) == []

    # The same token again: nothing waits any more; no second import.
    again = editor_client.post(reverse(CONFIRM), {"token": response.context.get("token", "x")})
    assert again.status_code == 302 and PageImport.objects.count() == 1
    # The import log lists it.
    log_page = editor_client.get(reverse("admin:articles_pageimport_changelist"))
    assert "seed.txt" in log_page.content.decode()


def test_several_files_at_once_and_a_bad_one_among_them(editor_client, seed_text, tmp_path):
    variant = seed_text.replace("姬慧洋", "姬慧洋", 1) + "\n"
    response = upload(editor_client, [
        ("a.txt", seed_text.encode("gb18030")),
        ("b.txt", b"\x00\x01\x02 binary \xff\xfe\x00"),
        ("c.txt", variant.encode("utf-8")),
    ])
    assert response.status_code == 200
    previews = {p.name: p for p in response.context["previews"]}
    assert not previews["a.txt"].error and not previews["c.txt"].error
    assert previews["b.txt"].error  # a clear reason, and it is left out
    assert response.context["importable"] == 2
    response = editor_client.post(reverse(CONFIRM), {"token": response.context["token"]})
    results = response.context["results"]
    # every file of the upload has its line, in upload order: the binary one refused at the preview
    assert [r["name"] for r in results] == ["a.txt", "b.txt", "c.txt"]
    assert results[1]["at_preview"] and results[1]["error"] == previews["b.txt"].error
    outcomes = [r["report"].outcome for r in results if "report" in r]
    assert outcomes[0] == "created" and len(outcomes) == 2
    assert PageImport.objects.count() == 2


@pytest.mark.parametrize("files", [[], [("empty.txt", b"")], [("big.txt", b"x" * 2048)]])
def test_bad_uploads_are_refused_with_a_message(editor_client, settings, files):
    settings.NEWSROOM_MAX_PAGE_BYTES = 1024
    response = upload(editor_client, files)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Page.objects.count() == 0


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_an_implausible_issue_date_is_refused_on_the_form(editor_client, seed_text, date):
    response = upload(editor_client, [("seed.txt", seed_text.encode())], date=date)
    assert response.status_code == 400 and "implausible" in str(response.context["form"].errors["date"])
    assert Page.objects.count() == 0


def test_more_files_than_an_upload_takes_get_the_forms_message(editor_client):
    response = upload(editor_client, [(f"{n}.txt", "第1版".encode()) for n in range(101)])
    assert response.status_code == 400 and "At most 100 files" in str(response.context["form"].errors["files"])


def test_a_page_number_is_for_one_file_only(editor_client, seed_text):
    response = upload(editor_client, [("a.txt", seed_text.encode()), ("b.txt", seed_text.encode())], page_number=2)
    assert response.status_code == 400 and "page_number" in response.context["form"].errors


def test_cancel_discards_the_upload(editor_client, seed_text, tmp_path):
    response = upload(editor_client, [("seed.txt", seed_text.encode())])
    token = response.context["token"]
    response = editor_client.post(reverse(CONFIRM), {"token": token, "cancel": "1"})
    assert response.status_code == 302
    assert Page.objects.count() == 0 and staged_files(tmp_path) == []
    assert token not in editor_client.session.get(SESSION_KEY, {})


def test_another_user_cannot_confirm_someone_elses_upload(editor_client, seed_text):
    token = upload(editor_client, [("seed.txt", seed_text.encode())]).context["token"]
    stranger = Client()  # the staged files are known only to the uploader's session
    stranger.force_login(make_user("other-editor", group="editor"))
    assert stranger.post(reverse(CONFIRM), {"token": token}).status_code == 302
    assert Page.objects.count() == 0


def test_a_reimport_conflict_is_shown_side_by_side_and_resolved(editor_client, editor, seed_page, seed_text):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    article.body = [{"type": "paragraph", "text": "编辑改写的导语。"}, *article.body[1:]]
    article_save_edit(article=article, user=editor)
    # The corrected page: the same page (date and number), one word of the first story changed.
    first_paragraph_line = seed_text.splitlines()[article.source_first_line + 3]
    assert first_paragraph_line.strip()
    changed = seed_text.replace(first_paragraph_line, first_paragraph_line.replace(
        first_paragraph_line.strip()[:2], "修订"), 1)
    assert changed != seed_text

    preview = upload(editor_client, [("seed-v2.txt", changed.encode())], page_number=1)
    assert preview.context["previews"][0].replaces == seed_page
    result = editor_client.post(reverse(CONFIRM), {"token": preview.context["token"]})
    report = result.context["results"][0]["report"]
    assert report.outcome == "updated"
    assert article.pk in report.conflicts
    article.refresh_from_db()
    assert article.has_import_conflict and article.body[0]["text"] == "编辑改写的导语。"

    log = editor_client.get(reverse("admin:articles_pageimport_changelist"))
    assert reverse("admin:articles_article_conflicts") in log.content.decode()
    conflicts = editor_client.get(reverse("admin:articles_article_conflicts") + f"?ids={article.pk}")
    html = conflicts.content.decode()
    assert "编辑改写的导语。" in html and "修订" in html
    assert [c["article"].pk for c in conflicts.context["conflicts"]] == [article.pk]

    response = editor_client.post(reverse("admin:articles_article_conflicts"),
                                  {"article": article.pk, "choice": "accept"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.has_import_conflict and article.pending_parse is None
    assert article.body[0]["text"] != "编辑改写的导语。"
    assert "修订" in article.body_text or "修订" in article.headline + article.kicker


def test_keeping_the_edit_closes_the_conflict(editor_client, editor, seed_page):
    article = seed_page.articles.order_by("order").first()
    article.has_import_conflict = True
    article.pending_parse = {"headline": "新的解析标题", "blocks": [{"type": "paragraph", "text": "新的段落。"}]}
    article.edited_since_import = True
    article.save()
    html = editor_client.get(reverse("admin:articles_article_conflicts")).content.decode()
    assert "新的解析标题" in html and article.headline in html
    editor_client.post(reverse("admin:articles_article_conflicts"), {"article": article.pk, "choice": "keep"})
    article.refresh_from_db()
    assert not article.has_import_conflict and article.headline != "新的解析标题"


@pytest.mark.parametrize("data", [{"article": "abc", "choice": "keep"}, {"article": "999999", "choice": "keep"},
                                  {"choice": "accept"}, {"article": "1", "choice": "nonsense"}])
def test_nonsense_conflict_resolutions_change_nothing(editor_client, seed_page, data):
    conflicting = seed_page.articles.order_by("order").first()
    Article.objects.filter(pk=conflicting.pk).update(has_import_conflict=True, pending_parse={"headline": "新"})
    response = editor_client.post(reverse("admin:articles_article_conflicts"), data)
    assert response.status_code in (302, 404)
    conflicting.refresh_from_db()
    assert conflicting.has_import_conflict


def test_the_conflicts_page_and_upload_are_for_editors_only(client, seed_page):
    client.force_login(make_user("someone-staff"))
    for name in ("admin:articles_article_conflicts", UPLOAD):
        assert client.get(reverse(name)).status_code == 403


def test_revert_form_of_an_article_renders_after_an_admin_edit(editor_client, seed_page):
    article = seed_page.articles.order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.post(url, change_form_data(editor_client.get(url))).status_code == 302
    record = article.history.earliest("history_date")
    response = editor_client.get(reverse("admin:articles_article_simple_history", args=[article.pk, record.pk]))
    assert response.status_code == 200


SAMPLE_PDF = Path(__file__).parent / "data" / "sample_page.pdf"


def test_a_pdf_upload_previews_its_pages_and_pictures_then_imports_them(editor_client, tmp_path):
    response = upload(editor_client, [("sample_page.pdf", SAMPLE_PDF.read_bytes())], date="")
    assert response.status_code == 200
    [preview] = response.context["previews"]
    assert not preview.error and preview.page["number"] == 3 and len(preview.articles) >= 4
    # the photo on the article its caption belongs to, and the advert said to be left out
    kinds = [(picture["kind"], picture["article"]) for picture in preview.pictures]
    assert kinds == [("photo", 1), ("advert", None)]
    html = response.content.decode()
    assert html.count('src="data:image/jpeg;base64,') == 2 and "市民在人民广场观看迎春文艺演出。" in html
    assert not Page.objects.exists() and not Image.objects.exists()
    assert [p.suffix for p in staged_files(tmp_path)] == [".pdf"]

    response = editor_client.post(reverse(CONFIRM), {"token": response.context["token"]})
    [result] = response.context["results"]
    assert result["report"].outcome == "created" and result["name"] == "sample_page.pdf"
    page = Page.objects.get()
    assert page.number == 3 and page.printed.width > 0
    assert Image.objects.get().placements.get().article.order == 1
    assert staged_files(tmp_path) == []


def test_a_bad_pdf_is_refused_at_the_preview(editor_client):
    bad = Path(__file__).parent / "data" / "bad" / "encrypted.pdf"
    response = upload(editor_client, [("encrypted.pdf", bad.read_bytes())])
    [preview] = response.context["previews"]
    assert "password" in preview.error and not response.context["token"]
