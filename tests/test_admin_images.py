"""Pictures in the admin: the article form's pictures (upload of one or many files, order, lead,
alt text and caption, all saved through the services), the image library (thumbnails, search,
filters, a flat query count) and its form; refused files leave nothing behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ArticleImage, Image
from articles.services.images import article_images_set, image_upload, rendition_names
from people.models import Person
from tests.admin_support import make_archive, make_user
from tests.test_admin import change_form_data
from tests.test_images import picture_bytes, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def source_language(settings):
    """These tests read the admin's messages as written (English source strings); the Chinese
    catalogue has its own test (tests/test_translations.py)."""
    settings.LANGUAGE_CODE = "en"


PREFIX = "article_images"


def upload_file(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(**kwargs), content_type="image/jpeg")


@pytest.fixture
def article(db) -> Article:
    """A draft article written in bulk (no parse: the pictures are the point)."""
    return make_archive(3, pages=1)[0]


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def upload_url(article: Article) -> str:
    return reverse("admin:articles_article_images_upload", args=[article.pk])


def with_new_rows(data: dict, image_ids: list[int], *, lead: int | None = None) -> dict:
    """The form's data with a row per image id appended, as article_images.js adds them."""
    total = int(data[f"{PREFIX}-TOTAL_FORMS"])
    for offset, image_id in enumerate(image_ids):
        index = total + offset
        data[f"{PREFIX}-{index}-image"] = str(image_id)
        data[f"{PREFIX}-{index}-order"] = str(index)
        data[f"{PREFIX}-{index}-alt_text"] = ""
        data[f"{PREFIX}-{index}-caption"] = ""
        if lead == image_id:
            data[f"{PREFIX}-{index}-is_lead"] = "on"
    data[f"{PREFIX}-TOTAL_FORMS"] = str(total + len(image_ids))
    return data


def placements(article: Article) -> list[tuple[int, int, bool]]:
    return list(ArticleImage.objects.filter(article=article).order_by("order")
                .values_list("image_id", "order", "is_lead"))


# ------------------------------------------------------------------------------- the article form


def test_the_article_form_shows_its_pictures_and_the_drop_box_without_inline_script(editor_client, article):
    image = image_upload(file=picture_bytes(), alt_text="大桥")
    article_images_set(article=article, images=[image], lead=image)
    response = editor_client.get(change_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert image.thumb_webp.url in html and image.thumb_jpeg.url in html
    assert 'class="nr-image-drop"' in html and 'name="images_upload"' in html
    assert f'data-upload-url="{upload_url(article)}"' in html
    assert "newsroom_admin/article_images.js" in html
    assert 'enctype="multipart/form-data"' in html
    # every script is a file (the Content-Security-Policy allows no inline script)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_uploading_stores_the_pictures_and_placing_waits_for_the_save(editor_client, editor, article, media_root):
    before = article.updated_at
    response = editor_client.post(upload_url(article), {
        "files": [upload_file("一.jpg", color="red"), upload_file("二.jpg", color="green"),
                  SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>")],
    })
    answer = response.json()
    assert response.status_code == 200
    assert [image["name"] for image in answer["images"]] == ["一.jpg", "二.jpg"]
    assert len(answer["errors"]) == 1 and "SVG is refused" in answer["errors"][0]["error"]
    first, second = (Image.objects.get(pk=image["id"]) for image in answer["images"])
    assert first.uploaded_by == editor and answer["images"][0]["thumb_webp"] == first.thumb_webp.url
    assert len(stored_files(media_root)) == 14  # two originals and their six renditions each
    article.refresh_from_db()
    assert placements(article) == [] and article.updated_at == before  # the open form is not outdated

    data = with_new_rows(change_form_data(editor_client.get(change_url(article))), [first.pk, second.pk],
                         lead=second.pk)
    data[f"{PREFIX}-0-alt_text"] = "红色的图"
    data[f"{PREFIX}-1-caption"] = "绿色的图。"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert placements(article) == [(first.pk, 0, False), (second.pk, 1, True)]
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.alt_text, second.caption) == ("红色的图", "绿色的图。")


def test_reordering_and_moving_the_lead_on_the_form(editor_client, article):
    images = [image_upload(file=picture_bytes()) for _ in range(3)]
    article_images_set(article=article, images=images, lead=images[0])
    data = change_form_data(editor_client.get(change_url(article)))
    # the script renumbers the order boxes after a drag: the last picture first, and it leads
    data[f"{PREFIX}-2-order"], data[f"{PREFIX}-0-order"], data[f"{PREFIX}-1-order"] = "0", "1", "2"
    data.pop(f"{PREFIX}-0-is_lead")
    data[f"{PREFIX}-2-is_lead"] = "on"
    assert editor_client.post(change_url(article), data).status_code == 302
    assert placements(article) == [(images[2].pk, 0, True), (images[0].pk, 1, False), (images[1].pk, 2, False)]

    data = change_form_data(editor_client.get(change_url(article)))
    data[f"{PREFIX}-1-DELETE"] = "on"  # (rows come in their order: images[0] is the second)
    assert editor_client.post(change_url(article), data).status_code == 302
    assert placements(article) == [(images[2].pk, 0, True), (images[1].pk, 1, False)]  # renumbered
    assert Image.objects.filter(pk=images[0].pk).exists()  # off the article, still in the library


def test_two_leads_are_refused_with_a_message_and_nothing_changes(editor_client, article):
    images = [image_upload(file=picture_bytes()) for _ in range(2)]
    article_images_set(article=article, images=images, lead=images[0])
    data = change_form_data(editor_client.get(change_url(article)))
    data[f"{PREFIX}-1-is_lead"] = "on"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Choose one lead image" in response.content.decode()
    assert placements(article) == [(images[0].pk, 0, True), (images[1].pk, 1, False)]


def test_without_javascript_files_are_sent_with_the_form(editor_client, article, media_root):
    data = change_form_data(editor_client.get(change_url(article)))
    data["images_upload"] = [upload_file("a.jpg"), upload_file("b.png", fmt="PNG")]
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    images = list(Image.objects.order_by("pk"))
    assert placements(article) == [(images[0].pk, 0, True), (images[1].pk, 1, False)]
    assert len(stored_files(media_root)) == 14


def test_a_bad_file_sent_with_the_form_is_refused_and_nothing_is_stored(editor_client, article, media_root):
    data = change_form_data(editor_client.get(change_url(article)))
    headline = data["headline"]
    data["headline"] = headline + "（改）"
    data["images_upload"] = [upload_file("good.jpg"), SimpleUploadedFile("notes.jpg", b"just text " * 50)]
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "“notes.jpg” is not a picture" in response.content.decode()
    assert not Image.objects.exists() and stored_files(media_root) == []
    article.refresh_from_db()
    assert article.headline == headline


def test_the_upload_view_is_for_those_who_may_change_the_article(client, article):
    reporter = make_user("reporter1", group="reporter")
    client.force_login(reporter)
    response = client.post(upload_url(article), {"files": [upload_file()]})
    assert response.status_code == 403
    client.force_login(make_user("reader1", staff=False))
    assert client.post(upload_url(article), {"files": [upload_file()]}).status_code == 302  # to the login
    assert not Image.objects.exists()


def test_the_upload_view_answers_a_get_and_an_empty_post_plainly(editor_client, article):
    assert editor_client.get(upload_url(article)).status_code == 405
    response = editor_client.post(upload_url(article), {})
    assert response.status_code == 400 and response.json()["errors"][0]["error"] == "No file was sent."


# ---------------------------------------------------------------------------------- the library


def library(count: int) -> list[Image]:
    people = [Person.objects.get_or_create(name=f"摄影{n}")[0] for n in range(3)]
    start = Image.objects.count()
    return [image_upload(file=picture_bytes((64, 48)), caption=f"图片说明{n}", credit=people[n % 3])
            for n in range(start, start + count)]


def test_the_library_list_takes_the_same_queries_for_3_and_30_images(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:articles_image_changelist")
    editor_client.get(url)  # (the first request fills per-process caches: content types)
    counts = []
    for total in (3, 30):
        library(total - Image.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('<picture class="nr-thumb">') == total
        counts.append(len(queries))
    assert counts[0] == counts[1] == 6, counts  # session, user, permissions (2), the page, its count


def test_the_library_searches_captions_and_credit_names_and_filters(editor_client, article):
    images = library(4)
    article_images_set(article=article, images=[images[1]], lead=None)
    url = reverse("admin:articles_image_changelist")

    def listed(query: str) -> set[int]:
        response = editor_client.get(url + query)
        assert response.status_code == 200
        return {image.pk for image in response.context["cl"].result_list}

    assert listed("?q=图片说明2") == {images[2].pk}
    assert listed("?q=摄影1") == {images[1].pk}
    assert listed("?on_articles=yes") == {images[1].pk}
    assert listed("?on_articles=no") == {images[0].pk, images[2].pk, images[3].pk}
    assert listed("?source__exact=page") == set()
    assert len(listed("?source__exact=uploaded")) == 4


def test_the_image_form_shows_the_preview_and_renditions_and_saves_through_the_service(editor_client, article):
    image = image_upload(file=picture_bytes((2000, 1000)), alt_text="旧的")
    article_images_set(article=article, images=[image], lead=image)
    url = reverse("admin:articles_image_change", args=[image.pk])
    html = editor_client.get(url).content.decode()
    for rendition in image.rendition_set():
        assert rendition["webp"] in html and rendition["jpeg"] in html
    assert "1600×800" in html and image.file.url in html and change_url(article) in html
    data = {"alt_text": "新的", "caption": "说明", "credit": "", "credit_role": "photographer"}
    assert editor_client.post(url, data).status_code == 302
    image.refresh_from_db()
    assert (image.alt_text, image.caption) == ("新的", "说明")


def test_adding_to_the_library_checks_the_file(editor_client, media_root):
    url = reverse("admin:articles_image_add")
    response = editor_client.post(url, {"upload": SimpleUploadedFile("x.svg", b"<svg/>"), "alt_text": "",
                                         "caption": "", "credit": "", "credit_role": "photographer"})
    assert response.status_code == 200 and "SVG is refused" in response.content.decode()
    assert not Image.objects.exists() and stored_files(media_root) == []
    response = editor_client.post(url, {"upload": upload_file("ok.jpg", exif=True), "alt_text": "街头",
                                         "caption": "", "credit": "", "credit_role": "photographer"})
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.alt_text == "街头" and len(stored_files(media_root)) == 7


def test_deleting_from_the_library_deletes_the_files(editor_client, media_root, django_capture_on_commit_callbacks):
    image = image_upload(file=picture_bytes())
    url = reverse("admin:articles_image_delete", args=[image.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Image.objects.exists() and stored_files(media_root) == []


def test_admin_pages_make_no_rendition_files(editor_client, article, media_root):
    image = image_upload(file=picture_bytes())
    article_images_set(article=article, images=[image], lead=image)
    for name in rendition_names(image):
        (media_root / name).unlink()
    for url in (change_url(article), reverse("admin:articles_image_changelist"),
                reverse("admin:articles_image_change", args=[image.pk])):
        assert editor_client.get(url).status_code == 200
    assert [path for path in stored_files(media_root) if "renditions" in Path(path).parts] == []


def test_the_article_form_takes_the_same_queries_for_1_and_6_pictures(editor_client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    images = [image_upload(file=picture_bytes((64, 48))) for _ in range(6)]
    editor_client.get(change_url(article))  # (the first request fills per-process caches: content types)
    counts = []
    for shown in (1, 6):
        article_images_set(article=article, images=images[:shown], lead=images[0])
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(change_url(article))
        assert response.content.decode().count('<picture class="nr-thumb">') == shown
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
