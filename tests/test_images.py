"""Pictures: the checks an image passes before anything is stored, EXIF stripped, renditions made
once at upload (never by a request), placements with one lead, files gone when a transaction rolls
back, pictures cut from PDF pages and page renderings (articles/services/images.py)."""

from __future__ import annotations

import contextlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.db import transaction
from PIL import Image as PILImage

from articles.models import RENDITION_SPECS, RENDITION_WIDTHS, Article, ArticleImage, Image, PageImage
from articles.parsing.model import PageBox, PagePicture, PageRendering, PictureKind
from articles.services.images import (
    ImageError,
    article_image_add,
    article_images_set,
    image_delete,
    image_describe,
    image_from_page,
    image_renditions_make,
    image_upload,
    page_image_store,
    rendition_names,
)
from people.models import Person
from tests.admin_support import make_archive


@pytest.fixture(autouse=True)
def source_language(settings):
    """These tests read the messages as written (English source strings); the Chinese catalogue has
    its own test (tests/test_translations.py)."""
    settings.LANGUAGE_CODE = "en"

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


# ------------------------------------------------------------------------------------ pictures


def picture_bytes(size: tuple[int, int] = (1200, 800), fmt: str = "JPEG", *, exif: bool = False,
                  orientation: int | None = None, color: str = "steelblue", mode: str = "RGB") -> bytes:
    """A picture in memory; with `exif` a camera make and a GPS position, as phones write them."""
    picture = PILImage.new(mode, size, color)
    # a mark in the top left corner, to see which way up a rendition came out
    picture.paste("red" if mode == "RGB" else 0, (0, 0, size[0] // 4, size[1] // 4))
    options = {}
    if exif or orientation:
        data = PILImage.Exif()
        if exif:
            data[MAKE] = "PhoneCam"
            data[GPS_IFD] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
        if orientation:
            data[ORIENTATION] = orientation
        options["exif"] = data.tobytes()
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


def png_header_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: what a decompression bomb shows Pillow."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(
        b"IEND", b"")


def stored_files(media_root: Path) -> list[Path]:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def exif_of(path: Path) -> dict:
    with PILImage.open(path) as picture:
        return dict(picture.getexif())


@pytest.fixture
def article(db) -> Article:
    """An article written in bulk (no parse: the pictures are the point)."""
    return make_archive(2, pages=1)[0]


# --------------------------------------------------------------------------------- bad input


BAD_INPUTS = [
    pytest.param(b"this is a page of text, not a picture\n" * 10, "notes.jpg", "not a picture", id="text"),
    pytest.param(b"", "empty.png", "is empty", id="empty"),
    pytest.param(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                 "logo.svg", "SVG is refused", id="svg"),
    pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.png", "SVG is refused",
                 id="svg-named-png"),
    pytest.param(png_header_bomb(30_000, 30_000), "bomb.png", "decompression bomb", id="bomb"),
    pytest.param(picture_bytes((64, 64), "TIFF"), "scan.tif", "only JPEG, PNG, WebP and GIF", id="tiff"),
    pytest.param(picture_bytes((300, 300))[:400], "cut.jpg", "not a picture", id="truncated"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "name", "message"), BAD_INPUTS)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_stored(data, name, message, media_root):
    with pytest.raises(ImageError, match=message) as refused:
        image_upload(file=io.BytesIO(data) if data else data, alt_text="x")
    if data:
        refused_again = pytest.raises(ImageError, match=name.replace(".", r"\."))
        with refused_again:
            from django.core.files.uploadedfile import SimpleUploadedFile
            image_upload(file=SimpleUploadedFile(name, data))
    assert str(refused.value)
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_picture_over_the_size_limit_is_refused(settings, media_root):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 10_000
    data = picture_bytes((600, 600), "PNG", color="white")
    noisy = PILImage.effect_noise((400, 400), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 10_000
    with pytest.raises(ImageError, match=r"at most|larger than"):
        image_upload(file=out.getvalue())
    assert len(data) < 10_000  # a plain picture under the limit passes
    image_upload(file=data)
    assert Image.objects.count() == 1


@pytest.mark.django_db
def test_pillows_pixel_limit_is_the_bomb_limit(monkeypatch, media_root):
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 500 * 500)
    with pytest.raises(ImageError, match="decompression bomb"):
        image_upload(file=picture_bytes((600, 600)))  # over the limit but under twice it: Pillow only warns
    assert Image.objects.count() == 0 and stored_files(media_root) == []


@pytest.mark.django_db
def test_a_placement_that_cannot_be_is_refused(article):
    first, second = image_upload(file=picture_bytes()), image_upload(file=picture_bytes())
    with pytest.raises(ImageError, match="once"):
        article_images_set(article=article, images=[first, first], lead=None)
    with pytest.raises(ImageError, match="lead image must be one of"):
        article_images_set(article=article, images=[first], lead=second)
    with pytest.raises(ImageError, match="alt text"):
        image_upload(file=picture_bytes(), alt_text="长" * 301)
    with pytest.raises(ImageError, match="box"):
        image_upload(file=picture_bytes(), source=Image.Source.PAGE, page=article.page, page_index=1,
                     bbox=[10, 10, 5, 20])
    assert ArticleImage.objects.count() == 0
    assert Image.objects.count() == 2



# ------------------------------------------------------------------------- EXIF and renditions


@pytest.mark.django_db
def test_exif_and_gps_are_stripped_from_the_original_and_every_rendition(media_root):
    image = image_upload(file=picture_bytes((2400, 1600), exif=True), alt_text="街景")
    original = media_root / image.file.name
    assert exif_of(original) == {}
    for name in rendition_names(image):
        assert (media_root / name).is_file(), name
        assert exif_of(media_root / name) == {}, name
        with PILImage.open(media_root / name) as picture:
            assert "xmp" not in picture.info and "exif" not in picture.info


@pytest.mark.django_db
def test_the_exif_orientation_is_applied_to_the_original_and_the_renditions(media_root):
    # A phone held upright writes a landscape sensor image and "rotate 90° clockwise" (6).
    image = image_upload(file=picture_bytes((1200, 800), exif=True, orientation=6))
    assert (image.width, image.height) == (800, 1200)
    with PILImage.open(media_root / image.file.name) as original:
        assert original.size == (800, 1200)
        assert original.getpixel((original.width - 10, 10))[0] > 200  # the red corner is now top right
    with PILImage.open(media_root / image.thumb_jpeg.name) as thumb:
        assert thumb.size == (320, 480)


@pytest.mark.django_db
def test_renditions_exist_after_upload_with_their_sizes_and_are_never_enlarged(media_root):
    image = image_upload(file=picture_bytes((1000, 500), "PNG"))
    renditions = image.rendition_set()
    assert [r["name"] for r in renditions] == list(RENDITION_WIDTHS)
    assert [(r["width"], r["height"]) for r in renditions] == [(320, 160), (800, 400), (1000, 500)]
    for rendition in renditions:
        for fmt, pillow_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
            name = rendition[fmt].removeprefix("/media/")
            with PILImage.open(media_root / name) as picture:
                assert picture.format == pillow_format
                assert picture.size == (rendition["width"], rendition["height"])
    # 1000 px wide: the large rendition is the original's size, and srcset names each width once
    assert image.srcset("webp").count("w,") == 2 and image.srcset("jpeg").endswith(" 1000w")
    assert image.srcset("jpeg").split(", ")[0].endswith(".jpg 320w")
    with pytest.raises(ValueError):
        image.srcset("avif")


@pytest.mark.parametrize("name", ["images/2026/12/a1b2.jpg", "images/2026/12/c3.JPEG", "pages/x/y.png", "z.webp",
                                  "old/no-suffix"])
def test_the_fast_rendition_urls_are_imagekits_own(name):
    image = Image(file=name, width=2000, height=1500)
    for (size, fmt) in RENDITION_SPECS:
        assert image.rendition_url(size, fmt) == getattr(image, f"{size}_{fmt}").url, (size, fmt)


@pytest.mark.django_db
def test_a_request_for_urls_creates_no_file(media_root, client, django_assert_max_num_queries):
    image = image_upload(file=picture_bytes())
    before = stored_files(media_root)
    for path in before:
        if "renditions" in path.parts:
            path.unlink()
    image = Image.objects.get(pk=image.pk)
    urls = image.rendition_set()
    assert urls[0]["webp"].startswith("/media/renditions/")
    assert [p for p in stored_files(media_root) if "renditions" in p.parts] == []
    # the command's service puts back what is missing, and only that
    assert image_renditions_make() == 6
    assert image_renditions_make() == 0
    assert stored_files(media_root) == before
    assert image_renditions_make(force=True) == 6  # made again under the same names, none beside them
    assert stored_files(media_root) == before


@pytest.mark.django_db
def test_transparent_and_animated_pictures_are_kept(media_root):
    frames = [PILImage.new("RGB", (64, 48), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    animated = image_upload(file=out.getvalue())
    with PILImage.open(media_root / animated.file.name) as stored:
        assert stored.format == "GIF" and stored.n_frames == 3
    transparent = image_upload(file=picture_bytes((400, 300), "PNG", mode="RGBA", color=(0, 0, 0, 0)))
    with PILImage.open(media_root / transparent.thumb_jpeg.name) as thumb:
        assert thumb.mode == "RGB"  # JPEG has no alpha: laid on white
    webp = image_upload(file=picture_bytes((400, 300), "WEBP", exif=True))
    assert exif_of(media_root / webp.file.name) == {}
    assert webp.file.name.endswith(".webp") and len(webp.sha256) == 64


# ------------------------------------------------------------------------ placements and lead


@pytest.mark.django_db
def test_images_are_placed_in_order_with_one_lead(article):
    before = article.updated_at
    a, b, c = (image_upload(file=picture_bytes(color=color)) for color in ("red", "green", "blue"))
    article_images_set(article=article, images=[a, b, c], lead=b)
    rows = list(ArticleImage.objects.filter(article=article).values_list("image_id", "order", "is_lead"))
    assert rows == [(a.pk, 0, False), (b.pk, 1, True), (c.pk, 2, False)]
    article.refresh_from_db()
    assert article.updated_at > before  # the site's and the API's caches follow it
    moved = article.updated_at
    article_images_set(article=article, images=[c, a], lead=c)
    rows = list(ArticleImage.objects.filter(article=article).values_list("image_id", "order", "is_lead"))
    assert rows == [(c.pk, 0, True), (a.pk, 1, False)]
    assert Image.objects.filter(pk=b.pk).exists()  # taken off the article, kept in the library
    article.refresh_from_db()
    assert article.updated_at > moved
    unchanged = article.updated_at
    article_images_set(article=article, images=[c, a], lead=c)
    article.refresh_from_db()
    assert article.updated_at == unchanged  # nothing changed: nothing written


@pytest.mark.django_db
def test_an_added_picture_goes_last_and_is_lead_only_where_there_is_none(article):
    first = article_image_add(article=article, file=picture_bytes(), alt_text="一")
    second = article_image_add(article=article, file=picture_bytes(), alt_text="二")
    third = article_image_add(article=article, file=picture_bytes(), alt_text="三", lead=True)
    rows = list(ArticleImage.objects.filter(article=article).order_by("order")
                .values_list("image__alt_text", "is_lead"))
    assert rows == [("一", False), ("二", False), ("三", True)]
    assert (first.order, second.order, third.order) == (0, 1, 2)


@pytest.mark.django_db
def test_describing_and_deleting_an_image(article, media_root):
    placement = article_image_add(article=article, file=picture_bytes())
    person = Person.objects.create(name="摄影师甲")
    image = image_describe(image=placement.image, alt_text="  会场 ", caption="代表们在会场。", credit=person)
    image.refresh_from_db()
    assert (image.alt_text, image.caption, image.credit_id) == ("会场", "代表们在会场。", person.pk)
    names = [image.file.name, *rendition_names(image)]
    with django_capture_commits():
        image_delete(image=image)
    assert not ArticleImage.objects.exists() and not Image.objects.exists()
    assert not any((media_root / name).exists() for name in names)


def django_capture_commits():
    """Run on-commit callbacks at the end of the block, as a real commit would (the test's own
    transaction never commits)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


# ------------------------------------------------------------------------------------ rollback


@pytest.mark.django_db
def test_files_written_in_a_transaction_that_rolls_back_are_deleted(article, media_root):
    with pytest.raises(RuntimeError), transaction.atomic():
        article_image_add(article=article, file=picture_bytes(), alt_text="rolled back")
        assert len(stored_files(media_root)) == 7  # the original and six renditions, for now
        raise RuntimeError("the import failed later on")
    assert stored_files(media_root) == []
    assert not Image.objects.exists()
    # an inner block (a savepoint) rolled back while the outer one goes on
    with transaction.atomic():
        kept = image_upload(file=picture_bytes())
        with contextlib.suppress(RuntimeError), transaction.atomic():
            image_upload(file=picture_bytes())
            raise RuntimeError("this picture's part failed")
    assert Image.objects.get() == kept
    assert len(stored_files(media_root)) == 7


@pytest.mark.django_db(transaction=True)
def test_committed_files_stay_and_rolled_back_ones_go(media_root):
    kept = image_upload(file=picture_bytes())
    assert len(stored_files(media_root)) == 7
    with pytest.raises(RuntimeError), transaction.atomic():
        image_upload(file=picture_bytes())
        raise RuntimeError
    assert Image.objects.get() == kept
    assert len(stored_files(media_root)) == 7 and (media_root / kept.file.name).is_file()


# ------------------------------------------------------------------------------ from PDF pages


def page_picture(data: bytes, *, caption: str | None = "图为新建成的大桥。", width: int = 900,
                 height: int = 600) -> PagePicture:
    return PagePicture(box=PageBox(page_index=1, bbox=(56.7, 400.25, 300.0, 560.0)), kind=PictureKind.PHOTO,
                       data=data, media_type="image/jpeg", width=width, height=height, article=0, caption=caption)


@pytest.mark.django_db
def test_a_picture_cut_from_a_page_is_stored_with_its_box_and_reused_on_reimport(article):
    picture = page_picture(picture_bytes((900, 600), exif=True))
    image = image_from_page(page=article.page, picture=picture, article=article)
    assert (image.source, image.page_id, image.page_index) == (Image.Source.PAGE, article.page_id, 1)
    assert image.bbox == [56.7, 400.2, 300.0, 560.0] or image.bbox == [56.7, 400.3, 300.0, 560.0]
    assert image.caption == "图为新建成的大桥。"
    placement = ArticleImage.objects.get(article=article)
    assert placement.is_lead and placement.image_id == image.pk
    again = image_from_page(page=article.page, picture=picture, article=article)
    assert again.pk == image.pk and Image.objects.count() == 1 and ArticleImage.objects.count() == 1
    with pytest.raises(ImageError, match="not a picture"):
        image_from_page(page=article.page, picture=page_picture(b"%PDF-1.4 not a picture"))


@pytest.mark.django_db
def test_a_page_rendering_is_stored_and_replaced(article, media_root):
    first = PageRendering(page_index=1, width_points=842.0, height_points=1191.0,
                          data=picture_bytes((1240, 1754), "PNG"), media_type="image/png", width=1240, height=1754)
    printed = page_image_store(page=article.page, rendering=first)
    assert (printed.width, printed.height, printed.width_points) == (1240, 1754, 842.0)
    old = media_root / printed.file.name
    second = PageRendering(page_index=1, width_points=842.0, height_points=1191.0,
                           data=picture_bytes((620, 877), "WEBP"), media_type="image/webp", width=620, height=877)
    with django_capture_commits():
        replaced = page_image_store(page=article.page, rendering=second)
    assert PageImage.objects.get().pk == printed.pk and replaced.file.name.endswith(".webp")
    assert not old.exists() and (media_root / replaced.file.name).is_file()
    with pytest.raises(ImageError, match="SVG"):
        page_image_store(page=article.page, rendering=PageRendering(
            page_index=1, width_points=1, height_points=1, data=b"<svg/>", media_type="image/svg+xml",
            width=1, height=1))


# ------------------------------------------------------------------------------------ storage


def test_an_s3_bucket_is_configured_from_the_environment(monkeypatch):
    from storages.backends.s3 import S3Storage

    from newsroom.settings import s3_media_storage

    monkeypatch.setenv("NEWSROOM_S3_BUCKET", "news-media")
    monkeypatch.setenv("NEWSROOM_S3_ENDPOINT_URL", "https://minio.example:9000/")
    monkeypatch.setenv("NEWSROOM_S3_REGION", "cn-east-1")
    monkeypatch.setenv("NEWSROOM_S3_ADDRESSING_STYLE", "path")
    storage, origins = s3_media_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"], options["location"]) == (
        "news-media", "https://minio.example:9000", "cn-east-1", "media")
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert origins == ["https://minio.example:9000", "https://news-media.minio.example:9000"]
    # URLs are built without asking the store (no credentials, no network here)
    url = S3Storage(**options).url("renditions/images/2026/12/a/b.webp")
    assert url == "https://minio.example:9000/news-media/media/renditions/images/2026/12/a/b.webp"

    monkeypatch.setenv("NEWSROOM_S3_CUSTOM_DOMAIN", "media.example.com")
    storage, origins = s3_media_storage()
    assert origins == ["https://media.example.com"]
    assert S3Storage(**storage["OPTIONS"]).url("images/x.jpg") == "https://media.example.com/media/images/x.jpg"


@pytest.mark.django_db
def test_django_does_not_serve_media_in_production_mode(client, media_root):
    # (the tests run in production mode: the web server or the bucket serves media there; the
    # debug-mode pattern of newsroom/urls.py is Django's static(), which adds nothing then)
    image = image_upload(file=picture_bytes())
    assert (media_root / image.file.name).is_file()
    assert client.get(image.file.url).status_code == 404
