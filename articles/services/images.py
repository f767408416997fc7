"""Pictures: checking and storing an image (an editor's upload, a picture cut from a PDF page, a
page's rendering), placing images on an article in order with one lead, describing and deleting.

Every file is checked in memory before anything is stored: it must be a JPEG, PNG, WebP or GIF
that Pillow can read whole, no larger than settings.NEWSROOM_MAX_IMAGE_BYTES and no more pixels
than Pillow's MAX_IMAGE_PIXELS (a decompression bomb); SVG is refused (it can carry script).
A refused file raises ImageError (a ValueError) whose message says why, and stores nothing.

The stored original is re-encoded with its EXIF orientation applied and without its EXIF (camera,
GPS, time) or XMP: readers get none of it, from the original or the renditions (which are made
from it when the Image is saved: articles.models.Image). Its SHA-256 is the stored file's.

Files are written inside the caller's transaction. If that transaction (or the savepoint the file
was written under) rolls back, the files written in it are deleted again: a failed import or
upload leaves no file behind (`_delete_unless_committed`)."""

from __future__ import annotations

import hashlib
import io
import logging
import math
import warnings
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from articles.models import RENDITION_FORMATS, RENDITION_WIDTHS, Article, ArticleImage, Image, Page, PageImage
from articles.services.representations import representations_rebuild
from newsroom.i18n import Message, MessageError, gettext_noop

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from articles.parsing.model import PagePicture, PageRendering
    from people.models import Person

logger = logging.getLogger(__name__)

#: What Pillow calls the formats we keep, and the file suffix each is stored under.
ALLOWED_FORMATS: dict[str, str] = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024
_EXIF_ORIENTATION = 0x0112


class ImageError(MessageError, ValueError):
    """A picture refused (not an image, SVG, too large, a decompression bomb, a format we do not
    keep) or a placement that cannot be (an image twice, a lead not among the images). `str()`
    says why in English, `translated()` for the person who sent it; nothing was stored."""


# ------------------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class CheckedImage:
    """A picture that passed the checks, re-encoded for storage (no EXIF, orientation applied)."""

    data: bytes
    format: str  # Pillow's name: "JPEG", "PNG", "WEBP", "GIF"
    width: int
    height: int
    sha256: str

    @property
    def suffix(self) -> str:
        return ALLOWED_FORMATS[self.format]


def max_image_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _read_limited(file: Any, label: str | Message) -> bytes:
    """The file's bytes, refusing one over the limit without reading more than one byte past it."""
    limit = max_image_bytes()
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > limit:
            raise ImageError(gettext_noop("%(name)s is %(size)s: a picture may be at most %(limit)s."),
                             name=label, size=_megabytes(size), limit=_megabytes(limit))
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ImageError(gettext_noop("%(name)s is larger than %(limit)s, the most a picture may be."),
                         name=label, limit=_megabytes(limit))
    if not data:
        raise ImageError(gettext_noop("%(name)s is empty."), name=label)
    return data


def _looks_like_svg(data: bytes, name: str) -> bool:
    if name.lower().endswith((".svg", ".svgz")):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head


def _bomb_error(label: str | Message, pixels: int | None = None) -> ImageError:
    limit = PILImage.MAX_IMAGE_PIXELS or 0
    return ImageError(
        gettext_noop("%(name)s has too many pixels to open safely (%(pixels)s million; at most %(limit)s million): "
                     "it may be a decompression bomb. Scale the picture down and send it again."),
        name=label, pixels=f"{pixels / 1e6:.0f}" if pixels else Message(gettext_noop("over")),
        limit=f"{limit / 1e6:.0f}",
    )


def image_check(*, file: Any, name: str = "") -> CheckedImage:
    """Check a picture in memory and re-encode it for storage; ImageError says what is wrong.

    `file` is bytes, a Django File (an upload) or any binary file object; `name` (or the file's
    own name) is only for the messages and for telling SVG by its suffix."""
    name = name or str(getattr(file, "name", "") or "")
    label: str | Message = f"“{name}”" if name else Message(gettext_noop("The file"))
    data = _read_limited(file, label)
    if _looks_like_svg(data, name):
        raise ImageError(gettext_noop("%(name)s is an SVG drawing: SVG is refused, as it can carry script. "
                                      "Send a JPEG, PNG, WebP or GIF."), name=label)
    not_an_image = ImageError(gettext_noop("%(name)s is not a picture that can be read (JPEG, PNG, WebP or GIF), "
                                           "or it is damaged."), name=label)
    try:
        # Past MAX_IMAGE_PIXELS Pillow only warns (to twice that it raises): a bomb either way.
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as probe:
                image_format = probe.format or ""
                if image_format not in ALLOWED_FORMATS:
                    raise ImageError(
                        gettext_noop("%(name)s is a %(format)s picture: only JPEG, PNG, WebP and GIF are kept."),
                        name=label, format=image_format or Message(gettext_noop("unknown")))
                probe.verify()  # the file's structure (checksums, chunks), without decoding it
            with PILImage.open(io.BytesIO(data)) as picture:
                frames = getattr(picture, "n_frames", 1)
                limit = PILImage.MAX_IMAGE_PIXELS
                if limit and frames * picture.width * picture.height > limit:
                    raise _bomb_error(label, frames * picture.width * picture.height)
                picture.load()  # a truncated or corrupt picture fails here, not in a reader's browser
                encoded, width, height = _reencode(picture, image_format, frames)
    except ImageError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise _bomb_error(label) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            MemoryError) as error:
        # (Pillow's plugins report a damaged file in any of these)
        raise not_an_image from error
    return CheckedImage(data=encoded, format=image_format, width=width, height=height,
                        sha256=hashlib.sha256(encoded).hexdigest())


def _reencode(picture: PILImage.Image, image_format: str, frames: int) -> tuple[bytes, int, int]:
    """The picture written again, turned upright by its EXIF orientation and without EXIF or XMP:
    Pillow writes metadata only when it is passed in, and we pass only the colour profile."""
    out = io.BytesIO()
    options: dict[str, Any] = {}
    if picture.info.get("icc_profile"):
        options["icc_profile"] = picture.info["icc_profile"]  # colours, not personal data
    orientation = picture.getexif().get(_EXIF_ORIENTATION, 1) if frames == 1 else 1
    if frames > 1:
        # An animation is kept whole (GIF and WebP carry no orientation of their own).
        options.update(save_all=True, loop=picture.info.get("loop", 0))
        if "duration" in picture.info:
            options["duration"] = picture.info["duration"]
        if image_format == "WEBP":
            options.update(quality=90)
        picture.save(out, image_format, **options)
        return out.getvalue(), picture.width, picture.height
    upright = ImageOps.exif_transpose(picture) if orientation != 1 else picture
    if image_format == "JPEG":
        if upright is picture:
            # The same quantization: no second generation of JPEG loss for an upright photo.
            options.update(quality="keep", subsampling="keep")
        else:
            options.update(quality=92)
        options["optimize"] = True
    elif image_format == "WEBP":
        options.update(quality=90, method=4)
    elif image_format in ("PNG", "GIF") and "transparency" in picture.info:
        options["transparency"] = picture.info["transparency"]
    upright.save(out, image_format, **options)
    return out.getvalue(), upright.width, upright.height


# --------------------------------------------------------------- files and their transactions


def _delete_files(storage: Storage, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # a file we cannot delete must not turn a finished request into an error
            logger.exception("could not delete %s from storage", name)


def _delete_unless_committed(storage: Storage, names: list[str]) -> None:
    """Delete `names` from storage if the current transaction (or savepoint) does not commit.

    Django has no rollback hook, but a rollback discards the on_commit callbacks registered under
    it: the callback below marks a commit, and its finalizer, run when Django lets go of it
    (after running it, or on discarding it), deletes the files unless it ran. `names` may still
    grow after this call (the files of one save are registered before they are written)."""
    state = {"committed": False}

    def mark_committed() -> None:
        state["committed"] = True

    def delete_if_rolled_back() -> None:
        if not state["committed"]:
            _delete_files(storage, names)

    weakref.finalize(mark_committed, delete_if_rolled_back)
    transaction.on_commit(mark_committed)


def rendition_names(image: Image) -> list[str]:
    """The storage names of an image's renditions (whether made or not): no storage is asked."""
    return [getattr(image, f"{size}_{fmt}").name for size in RENDITION_WIDTHS for fmt in RENDITION_FORMATS]


def _store(image: Image, checked: CheckedImage) -> Image:
    """Save `image` with the checked file (its renditions are made by the save): all of it deleted
    again if the transaction does not commit."""
    written: list[str] = []
    _delete_unless_committed(image.file.storage, written)
    image.file.save(f"upload{checked.suffix}", ContentFile(checked.data), save=False)
    written.append(str(image.file.name))
    written.extend(rendition_names(image))
    image.width, image.height, image.sha256 = checked.width, checked.height, checked.sha256
    image.save()
    return image


def _validate_box(*, page_index: int | None, bbox: Sequence[float] | None) -> list[float]:
    if page_index is None or bbox is None:
        raise ImageError(gettext_noop("A picture cut from a page needs its page of the PDF and its box."))
    if not isinstance(page_index, int) or page_index < 1:
        raise ImageError(gettext_noop("The page of the PDF counts from 1; %(value)r is not one."), value=page_index)
    try:
        box = [float(value) for value in bbox]
    except (TypeError, ValueError):
        raise ImageError(gettext_noop("The box on the page must be four numbers [x0, y0, x1, y1].")) from None
    if len(box) != 4 or not all(math.isfinite(v) for v in box) or box[0] >= box[2] or box[1] >= box[3]:
        raise ImageError(
            gettext_noop("The box on the page must be four numbers [x0, y0, x1, y1], x0 < x1 and y0 < y1."))
    return [round(v, 1) for v in box]


def _validate_text(*, alt_text: str, caption: str) -> None:
    limit = Image._meta.get_field("alt_text").max_length or 300
    if len(alt_text) > limit:
        raise ImageError(gettext_noop("The alt text is %(length)d characters long: at most %(limit)d."),
                         length=len(alt_text), limit=limit)


# ------------------------------------------------------------------------------------- services


def image_upload(
    *,
    file: Any,
    alt_text: str = "",
    caption: str = "",
    credit: Person | None = None,
    credit_role: str = "photographer",
    uploaded_by: AbstractBaseUser | AnonymousUser | None = None,
    source: str = Image.Source.UPLOADED,
    page: Page | None = None,
    page_index: int | None = None,
    bbox: Sequence[float] | None = None,
) -> Image:
    """Check a picture and store it as an Image with its renditions; ImageError if it is refused
    (nothing stored). `file`: bytes, an upload or a binary file object, or the CheckedImage a form
    already checked it into (`image_check`)."""
    if source not in Image.Source.values:
        raise ImageError(gettext_noop("Unknown source of a picture: %(source)r."), source=source)
    box = _validate_box(page_index=page_index, bbox=bbox) if source == Image.Source.PAGE else (
        None if bbox is None else _validate_box(page_index=page_index, bbox=bbox))
    alt_text, caption = (alt_text or "").strip(), (caption or "").strip()
    _validate_text(alt_text=alt_text, caption=caption)
    checked = file if isinstance(file, CheckedImage) else image_check(file=file)
    with transaction.atomic():
        image = Image(
            alt_text=alt_text, caption=caption, credit=credit, credit_role=credit_role, source=source,
            page=page, page_index=page_index if box else None, bbox=box,
        )
        # (an anonymous or no user: nobody to record)
        image.uploaded_by_id = uploaded_by.pk if uploaded_by is not None and uploaded_by.is_authenticated else None
        return _store(image, checked)


def image_describe(
    *, image: Image, alt_text: str | None = None, caption: str | None = None,
    credit: Person | None = None, credit_role: str | None = None, clear_credit: bool = False,
) -> Image:
    """Change what is said of an image (the arguments given); writes nothing when nothing changes."""
    new_alt = image.alt_text if alt_text is None else alt_text.strip()
    new_caption = image.caption if caption is None else caption.strip()
    _validate_text(alt_text=new_alt, caption=new_caption)
    changes: dict[str, Any] = {}
    if new_alt != image.alt_text:
        changes["alt_text"] = new_alt
    if new_caption != image.caption:
        changes["caption"] = new_caption
    if credit is not None and credit.pk != image.credit_id:
        changes["credit"] = credit
    elif clear_credit and image.credit_id is not None:
        changes["credit"] = None
    if credit_role is not None and credit_role != image.credit_role:
        changes["credit_role"] = credit_role
    if not changes:
        return image
    for field_name, value in changes.items():
        setattr(image, field_name, value)
    with transaction.atomic():
        image.save(update_fields=list(changes))
        # Pages that show the image are cached by article version: show the new words.
        _touch_articles(ArticleImage.objects.filter(image=image).values_list("article_id", flat=True))
    return image


def _touch_articles(article_ids: Iterable[int]) -> None:
    """Move the articles' `updated_at`: the site's and the API's cached responses follow it; and
    rebuild their stored representations, which show the pictures."""
    ids = list(article_ids)
    if ids:
        Article.objects.filter(pk__in=ids).update(updated_at=timezone.now())
        representations_rebuild(article_ids=ids)


def article_images_set(*, article: Article, images: Sequence[Image], lead: Image | None) -> list[ArticleImage]:
    """Make `images` the article's pictures, in that order, with `lead` (one of them, or None) its
    lead. Writes nothing where they are already so; otherwise moves the article's `updated_at`."""
    ids = [image.pk for image in images]
    if None in ids:
        raise ImageError(gettext_noop("An image must be stored before it is placed on an article."))
    if len(set(ids)) != len(ids):
        raise ImageError(gettext_noop("An image is placed on an article once."))
    if lead is not None and lead.pk not in ids:
        raise ImageError(gettext_noop("The lead image must be one of the article's images."))
    wanted = [(image_id, order, lead is not None and image_id == lead.pk) for order, image_id in enumerate(ids)]
    with transaction.atomic():
        # The article's row is the lock two editors' saves of its pictures queue on.
        # (no ordering: the default one joins the issue, which PostgreSQL cannot lock)
        Article.objects.select_for_update().filter(pk=article.pk).order_by().values_list("pk").first()
        current = list(ArticleImage.objects.filter(article=article).order_by("order", "pk")
                       .values_list("image_id", "order", "is_lead"))
        if current == wanted:
            return list(ArticleImage.objects.filter(article=article).select_related("image").order_by("order"))
        ArticleImage.objects.filter(article=article).delete()
        placements = ArticleImage.objects.bulk_create([
            ArticleImage(article=article, image_id=image_id, order=order, is_lead=is_lead)
            for image_id, order, is_lead in wanted
        ])
        _touch_articles([article.pk])
    by_id = {image.pk: image for image in images}
    for placement in placements:
        placement.image = by_id[placement.image_id]
    return placements


def article_image_add(
    *,
    article: Article,
    file: Any,
    alt_text: str = "",
    caption: str = "",
    credit: Person | None = None,
    credit_role: str = "photographer",
    uploaded_by: AbstractBaseUser | AnonymousUser | None = None,
    lead: bool | None = None,
) -> ArticleImage:
    """Upload a picture and place it last on the article; it becomes the lead where `lead` is True,
    or (`lead` None) where the article has no lead yet."""
    with transaction.atomic():
        image = image_upload(file=file, alt_text=alt_text, caption=caption, credit=credit,
                             credit_role=credit_role, uploaded_by=uploaded_by)
        return _place_last(article=article, image=image, lead=lead)


def _place_last(*, article: Article, image: Image, lead: bool | None) -> ArticleImage:
    placements = list(ArticleImage.objects.filter(article=article).select_related("image").order_by("order", "pk"))
    images = [placement.image for placement in placements if placement.image_id != image.pk] + [image]
    current_lead = next((placement.image for placement in placements if placement.is_lead), None)
    if lead or (lead is None and current_lead is None):
        current_lead = image
    elif lead is False and current_lead is not None and current_lead.pk == image.pk:
        current_lead = None
    placed = article_images_set(article=article, images=images, lead=current_lead)
    return next(placement for placement in placed if placement.image_id == image.pk)


def image_from_page(
    *, page: Page, picture: PagePicture, article: Article | None = None, caption: str = "",
    credit: Person | None = None,
) -> Image:
    """Store a picture cut from a PDF page (its own pixels and its box on the page), checked as an
    upload is, and place it last on `article` if one is given (its lead if it has none).

    The same picture of the same page stored before (a re-import) is that Image again, not a
    second copy: the caption given (or the picture's) replaces an empty one."""
    box = _validate_box(page_index=picture.box.page_index, bbox=picture.box.bbox)
    text = (caption or picture.caption or "").strip()
    checked = image_check(file=picture.data, name=f"page {picture.box.page_index} picture")
    with transaction.atomic():
        existing = next((
            image for image in Image.objects.filter(
                page=page, source=Image.Source.PAGE, page_index=picture.box.page_index, sha256=checked.sha256)
            if [round(float(v), 1) for v in (image.bbox or [])] == box
        ), None)
        if existing is not None:
            image = existing
            if text and not image.caption:
                image_describe(image=image, caption=text)
            if credit is not None and image.credit_id is None:
                image_describe(image=image, credit=credit)
        else:
            image = _store(Image(
                caption=text, credit=credit, source=Image.Source.PAGE, page=page,
                page_index=picture.box.page_index, bbox=box,
            ), checked)
        if article is not None:
            _place_last(article=article, image=image, lead=None)
    return image


def page_image_store(*, page: Page, rendering: PageRendering) -> PageImage:
    """Store the printed page's rendering beside the page (replacing an earlier one, whose file is
    deleted once the transaction commits)."""
    if not (rendering.width_points > 0 and rendering.height_points > 0):
        raise ImageError(gettext_noop("A page rendering needs the PDF page's size in points."))
    checked = image_check(file=rendering.data, name=f"page {rendering.page_index} rendering")
    with transaction.atomic():
        printed = PageImage.objects.select_for_update().filter(page=page).first() or PageImage(page=page)
        old_name = printed.file.name if printed.pk else ""
        written: list[str] = []
        _delete_unless_committed(printed.file.storage, written)
        printed.file.save(f"page{checked.suffix}", ContentFile(checked.data), save=False)
        written.append(str(printed.file.name))
        printed.width, printed.height = checked.width, checked.height
        printed.page_index = rendering.page_index
        printed.width_points, printed.height_points = rendering.width_points, rendering.height_points
        printed.save()
        if old_name:
            storage = printed.file.storage
            transaction.on_commit(lambda: _delete_files(storage, [old_name]))
    return printed


def image_delete(*, image: Image) -> None:
    """Delete an image, its placements and (once the deletion commits) its file and renditions."""
    names = [image.file.name, *rendition_names(image)] if image.file.name else []
    storage = image.file.storage
    with transaction.atomic():
        article_ids = list(ArticleImage.objects.filter(image=image).values_list("article_id", flat=True))
        image.delete()
        _touch_articles(article_ids)
        transaction.on_commit(lambda: _delete_files(storage, names))


def image_renditions_make(*, images: Iterable[Image] | None = None, force: bool = False) -> int:
    """Make the renditions missing from storage (all of them with `force`); returns how many were
    made. For images stored before a rendition size existed, or renditions lost from storage."""
    made = 0
    for image in images if images is not None else Image.objects.order_by("pk").iterator():
        if not image.file.name:
            continue
        for size in RENDITION_WIDTHS:
            for fmt in RENDITION_FORMATS:
                rendition = getattr(image, f"{size}_{fmt}")
                exists = rendition.storage.exists(rendition.name)
                if exists and not force:
                    continue
                if exists:
                    # (saved over an existing name, the storage would pick another one, unused)
                    rendition.storage.delete(rendition.name)
                rendition.generate(force=True)
                made += 1
    return made
