"""Odd page files on every import path (issue 19 items 5 and 7): never a 500, never half a page
stored, a clear line for every file of a batch, no staged upload left behind; the admin's
preview refuses what the import would refuse; one page-number limit everywhere.

A stray NUL or control character in a page's text is an artefact of the PDF's extraction (the
parser removes the others; the page's text loses its NULs, which no PostgreSQL text can hold):
such a page imports. A file of many control bytes is binary, refused with that reason. The
assertions hold either way: each file either imports or is refused with its reason."""


from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DataError
from django.urls import reverse
from django.utils.translation import gettext

from articles.admin import imports as admin_imports
from articles.admin.imports import STAGING_DIR
from articles.models import MAX_PAGE_NUMBER, Article, Page, PageImport, Publication
from articles.page_text import PageFileError, clean_page_text, decode_page_bytes
from articles.services import PageImportError, importing, page_import, page_import_file, page_plan_file
from tests.conftest import SEED_DATE


@pytest.fixture(autouse=True)
def source_language(settings):
    """These tests read the messages as written (English source strings); the Chinese catalogue has
    its own test (tests/test_translations.py)."""
    settings.LANGUAGE_CODE = "en"

IMPORTS = "/api/v1/imports/"
UPLOAD = "admin:articles_pageimport_upload"
CONFIRM = "admin:articles_pageimport_confirm"
NOT_A_PAGE = "这不是一个版面。".encode()  # parses into one article, with no headline: nothing to import
BINARY = b"\x00\x01\x02 binary \xff\xfe\x00" * 20


def with_nul(text: str) -> bytes:
    """The page with one NUL in the middle of a paragraph, as a PDF extraction leaves it."""
    middle = text.index("凝聚奋进力量")
    return (text[:middle] + "\x00" + text[middle:]).encode("utf-8")


def variant(text: str, n: int) -> bytes:
    """Another page: the seed's text with a paragraph of its own (so another SHA-256)."""
    return (text + f"\n本报讯 第{n}段附加的正文。\n").encode("utf-8")


def stored() -> tuple[int, int, int]:
    return Page.objects.count(), Article.objects.count(), PageImport.objects.count()


# ------------------------------------------------------------------------------ the page's text


def test_a_lone_nul_among_text_is_an_artefact_removed(seed_text):
    text = decode_page_bytes(with_nul(seed_text), max_bytes=10**6)
    assert "\x00" not in text and "凝聚奋进力量" in text
    assert clean_page_text("第一段\x00正文。\r\n") == "第一段正文。\n"


@pytest.mark.parametrize(("text", "reason"), [
    ("\x00" * 50 + "正文" * 10, "binary data, not text"),
    ("正文\ud800正文", "lone UTF-16 surrogate"),  # text decoded wrongly: no UTF-8 can hold it
    ("\x00 \n\x00", "no text, only white space"),
])
def test_text_that_is_no_page_is_refused_with_its_reason(text, reason):
    with pytest.raises(PageFileError, match=reason):
        clean_page_text(text)


@pytest.mark.django_db
def test_the_service_stores_a_nul_page_without_its_nul(seed_text):
    report = page_import_file(data=with_nul(seed_text), source_file="nul\x00.txt", date=SEED_DATE)
    page = Page.objects.get(pk=report.page_id)
    assert "\x00" not in page.raw_text and page.source_file == "nul.txt"
    assert report.articles >= 5
    # the same page given as text is the same page
    assert page_import(text=with_nul(seed_text).decode(), date=SEED_DATE).outcome == "unchanged"


@pytest.mark.django_db
def test_a_value_the_database_refuses_is_a_clear_error_and_stores_nothing(seed_text, monkeypatch):
    """Whatever the checks miss and the database refuses after the page was written: the whole page
    rolls back and the importer gets the reason."""
    def refuse(ids):
        raise DataError("value too long for type character varying(300)")

    monkeypatch.setattr(importing, "index_articles", refuse)
    with pytest.raises(PageImportError, match="could not be stored"):
        page_import(text=seed_text, source_file="seed.txt", date=SEED_DATE)
    assert stored() == (0, 0, 0)


# ------------------------------------------------------------------------------------- the API


def post_file(client, name: str, content: bytes, **fields):
    return client.post(IMPORTS, {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


@pytest.mark.django_db
def test_the_api_answers_json_for_every_odd_file(editor_api, seed_text):
    response = post_file(editor_api, "nul.txt", with_nul(seed_text), date=SEED_DATE.isoformat())
    assert response.status_code == 201 and response["Content-Type"].startswith("application/json")
    assert response.json()["articles"] >= 5

    for name, content, reason in (("b.bin", BINARY, "binary data"),
                                  ("none.txt", NOT_A_PAGE, "no recognizable article")):
        before = stored()
        response = post_file(editor_api, name, content, date=SEED_DATE.isoformat())
        assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
        assert reason in str(response.json())
        assert stored() == before


@pytest.mark.django_db
def test_the_api_refuses_a_page_number_past_the_limit_under_its_name(editor_api, seed_text):
    response = editor_api.post(IMPORTS, {"text": seed_text, "date": SEED_DATE.isoformat(),
                                                   "page_number": MAX_PAGE_NUMBER + 1}, format="json")
    assert response.status_code == 400
    assert "page_number" in str(response.json()) and f"{MAX_PAGE_NUMBER}" in str(response.json())
    assert stored() == (0, 0, 0)
    response = editor_api.post(IMPORTS, {"text": seed_text, "date": SEED_DATE.isoformat(),
                                                   "page_number": MAX_PAGE_NUMBER}, format="json")
    assert response.status_code == 201


# ---------------------------------------------------------------------------------- the command


@pytest.mark.django_db
def test_the_command_reports_every_file_of_a_batch_and_no_traceback(seed_text, tmp_path: Path):
    files = {"1-good.txt": variant(seed_text, 1), "2-nul.txt": with_nul(seed_text), "3-good.txt": variant(seed_text, 3)}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_page", str(tmp_path), "--date", SEED_DATE.isoformat(), stdout=out, stderr=err)
    assert "3 page(s) imported" in out.getvalue() and "0 failed" in out.getvalue()
    assert "Traceback" not in err.getvalue()
    assert set(Page.objects.values_list("source_file", flat=True)) == set(files)

    (tmp_path / "4-binary.txt").write_bytes(BINARY)
    (tmp_path / "5-none.txt").write_bytes(NOT_A_PAGE)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 5 file"):
        call_command("import_page", str(tmp_path), "--date", SEED_DATE.isoformat(), stdout=out, stderr=err)
    assert "error: 4-binary.txt: binary data" in err.getvalue()
    assert "error: 5-none.txt: no recognizable article" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert "3 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_the_command_takes_the_page_number_limit(seed_text, tmp_path: Path):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    with pytest.raises(CommandError, match=f"at most {MAX_PAGE_NUMBER}"):
        call_command("import_page", str(path), "--page", str(MAX_PAGE_NUMBER + 1), stdout=io.StringIO())
    assert stored() == (0, 0, 0)


# ------------------------------------------------------------------------------------ the admin


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, files: list[tuple[str, bytes]], **fields):
    data = {"date": SEED_DATE.isoformat(), "publication": "本报", "status": "draft", **fields,
            "files": [SimpleUploadedFile(name, content, content_type="text/plain") for name, content in files]}
    return client.post(reverse(UPLOAD), data)


def staging_left(media: Path) -> list[Path]:
    folder = media / STAGING_DIR
    return list(folder.rglob("*")) if folder.exists() else []  # files and folders alike


@pytest.mark.django_db
def test_an_admin_batch_with_a_nul_page_reports_every_file_and_leaves_no_staging(editor_client, seed_text, media):
    files = [("1.txt", variant(seed_text, 1)), ("2-nul.txt", with_nul(seed_text)), ("3.txt", variant(seed_text, 3)),
             ("4.bin", BINARY)]
    preview = upload(editor_client, files)
    assert preview.status_code == 200
    errors = {p.name: p.error for p in preview.context["previews"]}
    assert "binary data" in errors["4.bin"]
    offered = preview.context["importable"]
    assert offered == sum(1 for error in errors.values() if not error)

    result = editor_client.post(reverse(CONFIRM), {"token": preview.context["token"]})
    assert result.status_code == 200
    lines = result.context["results"]
    assert [line["name"] for line in lines] == [name for name, _ in files]
    imported = [line for line in lines if "report" in line]
    assert len(imported) == offered  # what the preview offered imports
    assert all(line.get("error") for line in lines if "report" not in line)
    assert Page.objects.count() == offered
    assert staging_left(media) == []


@pytest.mark.django_db
def test_a_page_failing_inside_the_import_is_its_own_line_not_a_500(editor_client, seed_text, media, monkeypatch):
    preview = upload(editor_client, [("1.txt", variant(seed_text, 1)), ("2.txt", variant(seed_text, 2)),
                                     ("3.txt", variant(seed_text, 3))])
    real = admin_imports.document_import_file

    def breaking_on_the_second(**kwargs):
        if kwargs["source_file"] == "2.txt":
            raise RuntimeError("a bug")
        return real(**kwargs)

    monkeypatch.setattr(admin_imports, "document_import_file", breaking_on_the_second)
    result = editor_client.post(reverse(CONFIRM), {"token": preview.context["token"]})
    assert result.status_code == 200
    lines = result.context["results"]
    assert ["report" in line for line in lines] == [True, False, True]  # the third is not skipped
    assert lines[1]["error"] == gettext("an internal error (logged); nothing of this file was stored")
    assert set(Page.objects.values_list("source_file", flat=True)) == {"1.txt", "3.txt"}
    assert staging_left(media) == []


@pytest.mark.django_db
def test_a_cancelled_upload_leaves_no_staging(editor_client, seed_text, media):
    preview = upload(editor_client, [("1.txt", seed_text.encode())])
    assert staging_left(media)
    editor_client.post(reverse(CONFIRM), {"token": preview.context["token"], "cancel": "1"})
    assert staging_left(media) == [] and stored() == (0, 0, 0)


@pytest.mark.django_db
def test_the_preview_says_a_page_with_no_article_will_not_import_and_offers_no_confirm(editor_client, media):
    preview = upload(editor_client, [("none.txt", NOT_A_PAGE)])
    assert preview.status_code == 200
    (file,) = preview.context["previews"]
    assert "no recognizable article" in file.error
    assert preview.context["importable"] == 0 and not preview.context["token"]
    html = preview.content.decode()
    assert "import-confirm-form" not in html and "None of the files can be imported" in html
    assert staging_left(media) == [] and stored() == (0, 0, 0)


@pytest.mark.django_db
def test_the_preview_applies_the_imports_own_checks(seed_text, media):
    """What the preview refuses, the import refuses, with the same reason, and the other way round."""
    cases = [
        ({"data": NOT_A_PAGE}, "no recognizable article"),
        ({"data": ("第1200版 要闻\n" + seed_text).encode(), "date": SEED_DATE}, "page number 1200"),
        ({"data": seed_text.encode(), "page_number": MAX_PAGE_NUMBER + 1}, "out of range"),
    ]
    for kwargs, reason in cases:
        with pytest.raises(PageImportError, match=reason) as at_preview:
            page_plan_file(source_file="p.txt", **kwargs)
        with pytest.raises(PageImportError) as at_import:
            page_import_file(source_file="p.txt", **kwargs)
        assert at_import.value.reason == at_preview.value.reason
    assert stored() == (0, 0, 0)


# ---------------------------------------------------------------------------- one page-number limit


@pytest.mark.django_db
def test_one_page_number_limit_on_the_model_and_the_admin_form(editor_client, seed_text, media):
    publication = Publication.objects.create(name="本报", slug="benbao")
    page = Page(publication=publication, number=MAX_PAGE_NUMBER + 1, sha256="0" * 64, raw_text="x",
                parser_version="test")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "number" in error.value.message_dict

    response = upload(editor_client, [("seed.txt", seed_text.encode())], page_number=MAX_PAGE_NUMBER + 1)
    assert response.status_code == 400
    assert "page_number" in response.context["form"].errors
    response = upload(editor_client, [("seed.txt", seed_text.encode())], page_number=MAX_PAGE_NUMBER)
    assert response.status_code == 200 and response.context["importable"] == 1
