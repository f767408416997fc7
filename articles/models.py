"""Publications, their issues and pages, the articles on them, and the events they report."""

from __future__ import annotations

import datetime
import enum
import functools
import hashlib
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from imagekit import ImageSpec, hashers
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFit, Transpose
from pilkit.utils import suggest_extension
from simple_history.models import HistoricalRecords

from articles.titles import text_title
from newsroom.i18n import stored_display, stored_displays
from newsroom.json import UnicodeJSONEncoder


class Publication(models.Model):
    """A paper: imports file pages under its `name`; readers see its masthead (报头), and its short
    name where it speaks of itself (本报)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True,
                                  help_text=_("How the paper names itself in print, e.g. 本报; empty: the name."))
    masthead = models.CharField(_("masthead"), max_length=100, blank=True,
                                help_text=_("The title readers see atop every page and news sites list, e.g. "
                                            "周口日报; empty: the name."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        """The paper's name as readers see it."""
        return self.masthead or self.name


class Issue(models.Model):
    """One day's paper of a publication."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="issues", verbose_name=_("publication")
    )
    date = models.DateField(_("publication date"))
    number = models.PositiveIntegerField(_("issue number"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "publication__name"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(fields=["publication", "date"], name="issue_unique_date_per_publication"),
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("site:issue", kwargs={"date": self.date.isoformat()})


#: The page numbers (版次) a page may have: one limit for the API, the admin and the import.
#: No paper prints a thousand pages a day; a larger number is a misread header or a typing slip.
MIN_PAGE_NUMBER = 1
MAX_PAGE_NUMBER = 999


class Page(models.Model):
    """One printed page (版) as imported: its raw text is kept for provenance.

    A page is identified by its issue and number where both are known, otherwise by the
    SHA-256 of its decoded text."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="pages", verbose_name=_("publication")
    )
    issue = models.ForeignKey(
        Issue, on_delete=models.PROTECT, related_name="pages", null=True, blank=True, verbose_name=_("issue")
    )
    number = models.PositiveSmallIntegerField(
        _("page number"), null=True, blank=True,
        validators=[MinValueValidator(MIN_PAGE_NUMBER), MaxValueValidator(MAX_PAGE_NUMBER)],
    )
    name = models.CharField(_("page name"), max_length=100, blank=True)
    source_file = models.CharField(_("source file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, db_index=True)
    raw_text = models.TextField(_("raw text"))
    parser_version = models.CharField(_("parser version"), max_length=40)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    warnings = models.JSONField(_("parser warnings"), encoder=UnicodeJSONEncoder, default=list, blank=True)
    header = models.JSONField(_("page header"), encoder=UnicodeJSONEncoder, default=dict, blank=True)

    class Meta:
        ordering = ["-issue__date", "number", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"],
                condition=Q(issue__isnull=False, number__isnull=False),
                name="page_unique_number_in_issue",
            ),
            models.UniqueConstraint(
                fields=["issue", "sha256"],
                condition=Q(issue__isnull=False, number__isnull=True),
                name="page_unique_text_in_issue",
            ),
            models.UniqueConstraint(
                fields=["publication", "sha256"],
                condition=Q(issue__isnull=True),
                name="page_unique_undated_text",
            ),
        ]

    def __str__(self) -> str:
        # (a format, not _() inside an f-string: makemessages extracts no string from an f-string)
        where = f"{self.issue}" if self.issue_id else gettext("%(publication)s (undated)") % {
            "publication": self.publication}
        number = f" 第{self.number}版" if self.number else ""
        return f"{where}{number} {self.name or self.source_file}".strip()

    def get_absolute_url(self) -> str:
        if self.issue_id and self.number:
            return reverse("site:page", kwargs={"date": self.issue.date.isoformat(), "number": self.number})
        return reverse("site:home")

    def clean(self) -> None:
        if self.issue_id and self.issue.publication_id != self.publication_id:
            raise ValidationError({"issue": _("The issue belongs to another publication.")})

    def source_lines(self, first: int, last: int) -> list[tuple[int, str]]:
        """Lines `first`..`last` (1-based, inclusive) of the raw text, numbered."""
        lines = self.raw_text.splitlines()
        return [(n, lines[n - 1]) for n in range(max(first, 1), min(last, len(lines)) + 1)]


class Keyword(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:keyword", kwargs={"name": self.name})


class ArticleScope(enum.Enum):
    EVERY = "every article"
    PUBLISHED = "what readers see"


def readers_see(now: datetime.datetime | None = None) -> Q:
    """The condition of an article readers may see (as of `now`): published, its time come.
    `published()` filters by it; articles.roles adds it to what a reporter may see."""
    # (positional, not keywords, which Q sorts: the SQL keeps the order it always had)
    return Q(("status", Article.Status.PUBLISHED), ("published_at__lte", now or timezone.now()))


class ArticleQuerySet(models.QuerySet):
    """Articles, knowing whether they are every article or exactly those readers see (`scope()`).

    The scope is an explicit flag, not read back from the SQL: a queryset made by the manager
    keeps every article, `published()` of it keeps what readers see, and the flag survives only
    the methods overridden below, which change which columns, related rows or order come back,
    never which rows. Any other method, today's or a later Django's, clears it: a search then joins
    the articles' own query instead of answering from its index alone, slower but never wrong."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A queryset built afresh (by the manager, on a new query) holds every article; a clone is
        # given its scope by the method that made it (_clone, then the row-keeping ones and published()).
        query = kwargs.get("query", args[1] if len(args) > 1 else None)
        self._scope: ArticleScope | None = ArticleScope.EVERY if query is None else None

    def _clone(self) -> ArticleQuerySet:
        clone = super()._clone()
        clone._scope = None
        return clone

    def _keeping_scope(self, method: str, *args: Any, **kwargs: Any) -> ArticleQuerySet:
        clone = getattr(super(), method)(*args, **kwargs)
        clone._scope = self._scope
        return clone

    def all(self) -> ArticleQuerySet:
        return self._keeping_scope("all")

    def only(self, *fields: str) -> ArticleQuerySet:
        return self._keeping_scope("only", *fields)

    def defer(self, *fields: str | None) -> ArticleQuerySet:
        return self._keeping_scope("defer", *fields)

    def select_related(self, *fields: str | None) -> ArticleQuerySet:
        return self._keeping_scope("select_related", *fields)

    def prefetch_related(self, *lookups: Any) -> ArticleQuerySet:
        return self._keeping_scope("prefetch_related", *lookups)

    def order_by(self, *field_names: Any) -> ArticleQuerySet:
        return self._keeping_scope("order_by", *field_names)

    def reverse(self) -> ArticleQuerySet:
        return self._keeping_scope("reverse")

    def using(self, alias: str | None) -> ArticleQuerySet:
        return self._keeping_scope("using", alias)

    def published(self, now: datetime.datetime | None = None) -> ArticleQuerySet:
        """What readers may see: published, and the publish time has come."""
        visible = self.filter(readers_see(now))
        if now is None and self._scope == ArticleScope.EVERY:  # as of another time: not what readers see
            visible._scope = ArticleScope.PUBLISHED
        return visible

    def scope(self) -> ArticleScope | None:
        """Whether these are every article, exactly those readers see (`published()` of every
        article, whatever columns, related rows or order it then asks for), or fewer (None).
        Search uses it: the search index alone answers a search of the first two."""
        return self._scope

    def with_print_position(self) -> ArticleQuerySet:
        return self.select_related("page", "page__issue", "page__publication")

    def in_print_order(self) -> ArticleQuerySet:
        return self.order_by("-page__issue__date", "page__number", "order")

    def credited_to(self, person) -> ArticleQuerySet:
        return self.filter(credits__person=person).distinct()

    def conflicting(self) -> ArticleQuerySet:
        return self.filter(has_import_conflict=True)


class Article(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", _("story")
        PHOTO = "photo", _("photo story")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")

    class BlockType(models.TextChoices):
        PARAGRAPH = "paragraph", _("paragraph")
        SUBHEAD = "subhead", _("subhead")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="articles", verbose_name=_("page"))
    order = models.PositiveSmallIntegerField(_("order on the page"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STORY)
    kicker = models.CharField(_("kicker"), max_length=300, blank=True, help_text=_("引题: the line above the headline"))
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True, help_text=_("副题: below the headline"))
    dateline = models.CharField(_("dateline"), max_length=100, blank=True, help_text=_("电头, e.g. 本报讯"))
    body = models.JSONField(
        _("body"), encoder=UnicodeJSONEncoder, default=list, blank=True,
        help_text=_("Ordered blocks: paragraphs and subheads."),
    )
    keywords = models.ManyToManyField(Keyword, related_name="articles", blank=True, verbose_name=_("keywords"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"), null=True, blank=True, help_text=_("A future time keeps it from readers until then.")
    )
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True, blank=True)
    source_first_line = models.PositiveIntegerField(_("first source line"))
    source_last_line = models.PositiveIntegerField(_("last source line"))
    parser_version = models.CharField(_("parser version"), max_length=40)
    edited_since_import = models.BooleanField(
        _("edited since import"), default=False, help_text=_("A person has changed it: re-imports keep it.")
    )
    has_import_conflict = models.BooleanField(_("import conflict"), default=False)
    regions = models.JSONField(
        _("printed regions"), encoder=UnicodeJSONEncoder, default=list, blank=True,
        help_text=_("Where a page read from a PDF prints the article: boxes in PDF points, for the page's hot zones."),
    )
    pending_parse = models.JSONField(
        _("newer parse awaiting review"), encoder=UnicodeJSONEncoder, null=True, blank=True,
        help_text=_("A re-import's parse of an edited article, kept beside it for review."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ArticleQuerySet.as_manager()
    # Set before a save for django-simple-history, which records them with the change (no fields).
    _change_reason: str
    _history_user: Any

    class Meta:
        ordering = ["-page__issue__date", "page__number", "order"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Editors publish; reporters may change their own drafts but never publish them.
        permissions = [("publish_article", _("Can publish articles"))]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="article_unique_order_on_page"),
            models.CheckConstraint(
                condition=Q(source_last_line__gte=models.F("source_first_line")),
                name="article_source_span_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="article_status_published")]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:120] or "article"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("site:article", kwargs={"pk": self.pk, "slug": self.slug or "article"})

    def clean(self) -> None:
        errors = validate_body(self.body)
        if errors:
            raise ValidationError({"body": errors})

    @property
    def title(self) -> str:
        """What readers see as its title everywhere (lists, feeds, sitemaps, its page, its slug): the
        headline, or for a story printed without one (a photo story) its text's first clause."""
        return self.headline or text_title(self.lead)

    @property
    def paragraphs(self) -> list[str]:
        return [b["text"] for b in self.body if b.get("type") == self.BlockType.PARAGRAPH]

    @property
    def lead(self) -> str:
        paragraphs = self.paragraphs
        return paragraphs[0] if paragraphs else ""

    @property
    def body_text(self) -> str:
        return "\n".join(b["text"] for b in self.body)

    @property
    def is_visible(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def validate_body(body: object) -> list[str]:
    """The invariant of `Article.body`: a list of {"type": paragraph|subhead, "text": non-empty}."""
    if not isinstance(body, list):
        return [_("The body must be a list of blocks.")]
    errors = []
    valid_types = set(Article.BlockType.values)
    for index, block in enumerate(body, start=1):
        if not isinstance(block, dict) or block.get("type") not in valid_types:
            errors.append(_("Block %(n)d must be a paragraph or a subhead.") % {"n": index})
        elif not isinstance(block.get("text"), str) or not block["text"].strip():
            errors.append(_("Block %(n)d has no text.") % {"n": index})
    return errors


class Caption(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captions", verbose_name=_("article"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["article_id", "order"]
        verbose_name = _("caption")
        verbose_name_plural = _("captions")
        constraints = [models.UniqueConstraint(fields=["article", "order"], name="caption_unique_order")]

    def __str__(self) -> str:
        return self.text[:40]


def image_upload_to(instance: Image, filename: str) -> str:
    """A fresh name under the month of the upload: editors' file names collide and may say too much."""
    suffix = Path(filename).suffix.lower() or ".jpg"
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def page_image_upload_to(instance: PageImage, filename: str) -> str:
    suffix = Path(filename).suffix.lower() or ".png"
    return f"pages/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImageQuerySet(models.QuerySet):
    def uploaded(self) -> ImageQuerySet:
        return self.filter(source=Image.Source.UPLOADED)

    def cut_from_pages(self) -> ImageQuerySet:
        return self.filter(source=Image.Source.PAGE)


#: The renditions readers and clients get, by name and largest width in pixels: a list's thumbnail,
#: the article column, a full-width photo (and 2x screens of the column). Never wider than the original.
RENDITION_WIDTHS: dict[str, int] = {"thumb": 320, "medium": 800, "large": 1600}
RENDITION_FORMATS = ("webp", "jpeg")
_RENDITION_OPTIONS = {
    # WebP at 80 is about JPEG 85's look in two thirds of its bytes; progressive JPEG draws early
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 85, "optimize": True, "progressive": True},
}


class JpegDraft:
    """A processor: decode a JPEG at the smallest of 1/1, 1/2, 1/4 or 1/8 of its size that is still
    at least `size` pixels each way (libjpeg scales while decoding), before ResizeToFit resizes it
    exactly. A thumbnail of a 12-megapixel photo decodes 1/64 of the pixels: a photo's six
    renditions take 1.1 s instead of 3.5. Other formats are decoded whole."""

    def __init__(self, size: int) -> None:
        self.size = size

    def process(self, img: Any) -> Any:
        if getattr(img, "format", None) == "JPEG":
            img.draft(None, (self.size, self.size))
        return img


class RenditionSpec(ImageSpec):
    """One rendition of an Image's file: EXIF orientation applied, fitted to `width`, never enlarged.

    Pillow writes no EXIF (camera, GPS) unless it is asked to, so none reaches the rendition.
    Optimistic: the file is made when the Image is saved (imagekit's source_saved signal) and a
    request only builds its URL, never checks storage or draws one (`generate_renditions` mends).
    Subclasses set `width` and `fmt`; `_rendition()` makes them.
    """

    width: int = 0
    fmt: str = "jpeg"
    cachefile_strategy = "imagekit.cachefiles.strategies.Optimistic"
    _fingerprint: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.processors = [JpegDraft(cls.width), Transpose(), ResizeToFit(width=cls.width, upscale=False)]
        cls.format = cls.fmt.upper()
        cls.options = _RENDITION_OPTIONS[cls.fmt]
        cls._fingerprint = hashers.pickle([cls.processors, cls.format, cls.options, cls.autoconvert])

    @classmethod
    def digest(cls, source_name: str) -> str:
        # imagekit's own hash pickles the processors again for every URL (0.3 ms a URL, 2 ms an
        # image's six): they are fixed per class, so only the source's name varies.
        return hashlib.md5(f"{source_name}\n{cls._fingerprint}".encode(), usedforsecurity=False).hexdigest()

    def get_hash(self) -> str:
        return self.digest(self.source.name)

    @classmethod
    def name_for(cls, source_name: str) -> str:
        """The rendition's storage name, as imagekit's namer of spec fields (source_name_as_path)
        gives it, without the objects it builds (tests/test_images.py holds the two equal)."""
        stem, suffix = os.path.splitext(source_name)
        return os.path.normpath(os.path.join(
            settings.IMAGEKIT_CACHEFILE_DIR, stem, cls.digest(source_name) + _rendition_suffix(suffix, cls.format)))


@functools.lru_cache(maxsize=64)
def _rendition_suffix(source_suffix: str, image_format: str) -> str:
    return suggest_extension(f"x{source_suffix}", image_format)


#: The rendition spec of each (name, format): `Image.rendition_url` builds URLs from them.
RENDITION_SPECS: dict[tuple[str, str], type[RenditionSpec]] = {}


def _rendition(width: int, fmt: str) -> ImageSpecField:
    spec = type(f"Rendition{width}{fmt.title()}", (RenditionSpec,),
                {"width": width, "fmt": fmt, "__module__": __name__})
    name = next(name for name, size in RENDITION_WIDTHS.items() if size == width)
    RENDITION_SPECS[(name, fmt)] = spec
    return ImageSpecField(source="file", spec=spec)


class Image(models.Model):
    """A picture: uploaded by an editor or cut from a PDF page; articles show it through ArticleImage.

    Renditions (`thumb_webp` ... `large_jpeg`, see RENDITION_WIDTHS) are imagekit spec files of
    `file`; `rendition_set()` and `srcset()` give their URLs and sizes without touching storage.
    """

    class Source(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded by an editor")
        PAGE = "page", _("cut from a PDF page")

    file = models.ImageField(
        _("file"), upload_to=image_upload_to, width_field="width", height_field="height", max_length=255,
    )
    width = models.PositiveIntegerField(_("width in pixels"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height in pixels"), editable=False, default=0)
    alt_text = models.CharField(
        _("alt text"), max_length=300, blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="images",
        verbose_name=_("credit"), help_text=_("Who took or made the picture."),
    )
    credit_role = models.CharField(
        _("credit role"), max_length=20, default="photographer",
        choices=[("photographer", _("photographer")), ("illustrator", _("illustrator")), ("source", _("source"))],
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.UPLOADED)
    page = models.ForeignKey(
        Page, on_delete=models.SET_NULL, null=True, blank=True, related_name="images",
        verbose_name=_("PDF page"), help_text=_("The page a picture was cut from."),
    )
    page_index = models.PositiveSmallIntegerField(_("page of the PDF"), null=True, blank=True)
    bbox = models.JSONField(
        _("box on the page"), null=True, blank=True, help_text=_("[x0, y0, x1, y1] in PDF points, origin bottom left."),
    )
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    thumb_webp = _rendition(RENDITION_WIDTHS["thumb"], "webp")
    thumb_jpeg = _rendition(RENDITION_WIDTHS["thumb"], "jpeg")
    medium_webp = _rendition(RENDITION_WIDTHS["medium"], "webp")
    medium_jpeg = _rendition(RENDITION_WIDTHS["medium"], "jpeg")
    large_webp = _rendition(RENDITION_WIDTHS["large"], "webp")
    large_jpeg = _rendition(RENDITION_WIDTHS["large"], "jpeg")

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="uploaded") | Q(page_index__isnull=False, bbox__isnull=False),
                name="image_cut_from_page_has_box",
            ),
        ]

    def __str__(self) -> str:
        return self.caption[:40] or self.alt_text[:40] or Path(self.file.name).name

    def get_absolute_url(self) -> str:
        return self.file.url

    def rendition_size(self, name: str) -> tuple[int, int]:
        """The pixel size of rendition `name` ("thumb", "medium", "large"), from the original's size.

        ResizeToFit rounds the same way; an original narrower than the rendition keeps its size.
        """
        target = RENDITION_WIDTHS[name]
        if not self.width or not self.height or self.width <= target:
            return self.width, self.height
        return target, max(1, round(self.height * target / self.width))

    def rendition_url(self, name: str, fmt: str) -> str:
        """The URL of rendition `name` ("thumb", "medium", "large") in `fmt` ("webp", "jpeg"): the
        same as `self.<name>_<fmt>.url`, in a tenth of its time (lists show many)."""
        return self.file.storage.url(RENDITION_SPECS[(name, fmt)].name_for(self.file.name))

    def rendition_set(self) -> list[dict[str, Any]]:
        """Each rendition, smallest first: `{"name", "width", "height", "webp": url, "jpeg": url}`.

        URLs only: no storage is asked (the files were made when the image was saved).
        """
        renditions = []
        for name in RENDITION_WIDTHS:
            width, height = self.rendition_size(name)
            renditions.append({
                "name": name, "width": width, "height": height,
                **{fmt: self.rendition_url(name, fmt) for fmt in RENDITION_FORMATS},
            })
        return renditions

    def srcset(self, fmt: str = "webp") -> str:
        """The `srcset` of an <img> or <source> in `fmt` ("webp" or "jpeg"): "url 320w, url 800w, ...".

        Sizes the original is too narrow for give the same file: each width is listed once.
        """
        if fmt not in RENDITION_FORMATS:
            raise ValueError(f"no {fmt!r} renditions: {', '.join(RENDITION_FORMATS)}")
        seen: set[int] = set()
        entries = []
        for name in RENDITION_WIDTHS:
            width, _height = self.rendition_size(name)
            if width in seen:
                continue
            seen.add(width)
            entries.append(f"{self.rendition_url(name, fmt)} {width}w")
        return ", ".join(entries)


class ArticleImage(models.Model):
    """An image shown with an article, in order; at most one is the article's lead."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="article_images", verbose_name=_("article"),
    )
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="placements", verbose_name=_("image"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_lead = models.BooleanField(_("lead image"), default=False)

    class Meta:
        ordering = ["article_id", "order", "pk"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="article_image_once"),
            models.UniqueConstraint(fields=["article"], condition=Q(is_lead=True), name="article_one_lead_image"),
        ]

    def __str__(self) -> str:
        return f"{self.article} · {self.image}"


class PageImage(models.Model):
    """The printed page drawn once at screen resolution: the reader's page view, with hot zones."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="printed", verbose_name=_("page"))
    file = models.ImageField(
        _("file"), upload_to=page_image_upload_to, width_field="width", height_field="height", max_length=255,
    )
    width = models.PositiveIntegerField(_("width in pixels"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height in pixels"), editable=False, default=0)
    page_index = models.PositiveSmallIntegerField(_("page of the PDF"), default=1)
    width_points = models.FloatField(_("PDF page width in points"))
    height_points = models.FloatField(_("PDF page height in points"))

    class Meta:
        ordering = ["page_id"]
        verbose_name = _("printed page image")
        verbose_name_plural = _("printed page images")

    def __str__(self) -> str:
        return f"{self.page} ({self.width}×{self.height})"

    def get_absolute_url(self) -> str:
        return self.page.get_absolute_url()

    def zone(self, bbox: list[float]) -> dict[str, float]:
        """A box in PDF points (origin bottom left) as percentages of the picture (origin top left),
        for a hot zone laid over it at any display size."""
        x0, y0, x1, y1 = (float(value) for value in bbox)
        width, height = self.width_points, self.height_points
        return {
            "left": round(100 * max(x0, 0) / width, 3),
            "top": round(100 * max(height - y1, 0) / height, 3),
            "width": round(100 * (min(x1, width) - max(x0, 0)) / width, 3),
            "height": round(100 * (min(y1, height) - max(y0, 0)) / height, 3),
        }

    def hot_zones(self, articles: Iterable[Article]) -> list[tuple[Article, list[dict[str, float]]]]:
        """Each article printed on this page with its regions as zones (articles with none left out)."""
        zones = []
        for article in articles:
            boxes = [self.zone(region["bbox"]) for region in article.regions or ()
                     if region.get("page_index", 1) == self.page_index and len(region.get("bbox") or ()) == 4]
            if boxes:
                zones.append((article, boxes))
        return zones


class EventQuerySet(models.QuerySet):
    def in_month(self, year: int, month: int) -> EventQuerySet:
        return self.filter(year=year, month=month)

    def in_chronological_order(self) -> EventQuerySet:
        return self.order_by("year", "month", "day", "name")


class Event(models.Model):
    """A dated happening the articles report: a meeting, an activity, a ceremony, an inspection.

    The date may be partial: a month and day with the year unknown is allowed ("--03-05")."""

    class PartOfDay(models.TextChoices):
        EARLY_MORNING = "early_morning", _("early morning (凌晨)")
        MORNING = "morning", _("morning (上午)")
        NOON = "noon", _("noon (中午)")
        AFTERNOON = "afternoon", _("afternoon (下午)")
        EVENING = "evening", _("evening (晚上)")

    name = models.CharField(_("name"), max_length=200, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    part_of_day = models.CharField(_("part of day"), max_length=20, choices=PartOfDay.choices, blank=True)
    time = models.TimeField(_("time of day"), null=True, blank=True)
    place = models.ForeignKey(
        "people.Place", on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("place"),
    )
    location = models.CharField(_("location as printed"), max_length=200, blank=True)
    organizers = models.ManyToManyField(
        "people.Organization", related_name="organized_events", blank=True, verbose_name=_("organizers")
    )
    participants = models.ManyToManyField(
        "people.Person", related_name="events", blank=True, verbose_name=_("participants")
    )
    articles = models.ManyToManyField(Article, related_name="events", blank=True, verbose_name=_("articles"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[organizers, participants])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "-day", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                                   name="event_month_valid"),
            models.CheckConstraint(condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31, month__isnull=False),
                                   name="event_day_valid"),
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(month__isnull=False),
                                   name="event_year_needs_month"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.iso_date})" if self.iso_date else self.name

    def get_absolute_url(self) -> str:
        return reverse("site:event", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.year and self.month and self.day:
            try:
                datetime.date(self.year, self.month, self.day)
            except ValueError as error:
                raise ValidationError(_("No such date.")) from error

    @property
    def date(self) -> datetime.date | None:
        if self.year and self.month and self.day:
            return datetime.date(self.year, self.month, self.day)
        return None

    @property
    def iso_date(self) -> str:
        """ISO 8601 with the precision known: "2024-03-05", "--03-05", "2024-03" or ""."""
        if self.month and self.day:
            if self.year:
                return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            return f"--{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return ""

    @classmethod
    def date_parts(cls, iso: str | None) -> dict[str, int | None]:
        """"2024-03-05" / "--03-05" → year, month, day (None where unknown)."""
        year = month = day = None
        if iso:
            if iso.startswith("--"):
                month, day = (int(x) for x in iso[2:].split("-"))
            else:
                parts = [int(x) for x in iso.split("-")]
                year, month, day = [*parts, None, None][:3]
        return {"year": year, "month": month, "day": day}


class PageImport(models.Model):
    """One run of the import service over one file: what it did, for the import log."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        UNCHANGED = "unchanged", _("unchanged")
        # (no "failed": a page that fails leaves nothing, not even its log entry; the importer is told)

    page = models.ForeignKey(
        Page, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports", verbose_name=_("page")
    )
    source_file = models.CharField(_("source file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    message = models.TextField(_("message"), blank=True)
    report = models.JSONField(_("report"), encoder=UnicodeJSONEncoder, default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("imported by")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("page import")
        verbose_name_plural = _("page imports")

    def __str__(self) -> str:
        return f"{self.source_file or self.sha256[:12]} — {self.get_outcome_display()}"

    def warnings_display(self) -> list[str]:
        """The report's warnings in the active language (an entry logged before they were stored
        to translate: in English, as logged)."""
        report = self.report or {}
        return stored_displays(report.get("warning_messages"), report.get("warnings") or [])


# ---------------------------------------------------------------------------------- search index
# The search's tables are defined here, with the app's other models, so that loading the models needs
# nothing from articles.search (whose modules import these models); articles.search.models names them.
#
# One `SearchDocument` row per article, holding its segmented text. The row stores the jieba words of the article by
# field (space-separated, see `articles.search.text`) and its distinct Chinese character grams; a
# `SearchRuns` row beside it holds its runs of Chinese characters. The
# databases index those columns themselves (migration 0003), so writing the row is all that
# keeping the index current takes:
#
# * PostgreSQL: generated `tsvector` columns with GIN indexes, `document` (headline weight A,
#   names/kicker/subtitle B, body/captions C, 'simple' configuration) and `grams_vector`; the
#   large columns are stored out of line (toast_tuple_target), so that visiting the rows of
#   thousands of hits for their date reads small heap rows; `grams_vector` holds no positions;
# * SQLite: the FTS5 table `articles_search_fts` (external content = this table), kept in step by
#   triggers on insert, update and delete.
#
# The tsvector columns and the FTS5 table are unknown to the ORM; the backends reach them with SQL.


class SearchDocument(models.Model):
    """The indexed text of one article; written only by `articles.search.index_articles`."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_document",
        verbose_name=_("article"),
    )
    headline = models.TextField(_("headline words"), blank=True)
    names = models.TextField(_("name, kicker and subtitle words"), blank=True)
    body = models.TextField(_("body and caption words"), blank=True)
    grams = models.TextField(_("character grams"), blank=True)
    #: the article's issue date (else its publish or creation date): ties in relevance go to the newest,
    #: and the search orders by it without joining the pages and issues of every hit. Never empty: an
    #: empty date would sort first in PostgreSQL's descending index, which could then not serve
    #: "newest first, undated last" (the newest hits of a common word are read along that index)
    date = models.DateField(_("date"))
    #: when readers may see the article: its publish time if it is published, else never (NULL). A
    #: copy, so that a search of what readers see is answered by this table alone (see
    #: `search_articles(public=True)`); the article's every save that changes it re-indexes it
    visible_from = models.DateTimeField(_("visible from"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        app_label = "articles"
        db_table = "articles_search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["-date", "-article"], name="articles_search_date")]

    def __str__(self) -> str:
        return gettext("search document of article %(id)s") % {"id": self.article_id}


class SearchRuns(models.Model):
    """An article's runs of Chinese characters (space-separated), in which the run of a query longer
    than a trigram is checked as a substring once the gram index has found the candidates.

    A table of its own: every hit of every query visits its SearchDocument row, which stays small
    (its large columns in TOAST); only the candidates of a long query read these rows, which keep
    their text in the row (PostgreSQL STORAGE MAIN, migration 0006). Written only by
    `articles.search.index_articles`, beside the document."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_runs",
        verbose_name=_("article"),
    )
    runs = models.TextField(_("runs of Chinese characters"), blank=True)

    class Meta:
        app_label = "articles"
        db_table = "articles_search_runs"
        verbose_name = _("search runs")
        verbose_name_plural = _("search runs")

    def __str__(self) -> str:
        return gettext("runs of Chinese characters of article %(id)s") % {"id": self.article_id}


# ----------------------------------------------------------------------------------- import jobs
# An import job: files uploaded at once (the admin, the API, `import_page --queue`), imported in the
# background by Celery workers (articles.tasks), one task per file: a page's text, or a PDF whose pages
# are stored together in one transaction. The rows are the jobs' whole state: the tasks carry only an
# item's id, so any worker on any machine can take any item (articles.services.jobs).


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("done, with failures")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_jobs",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: the import's options, the same for every file of the job (document_import_file's)
    publication = models.CharField(_("publication"), max_length=100, blank=True)
    date = models.DateField(_("issue date"), null=True, blank=True)
    page_number = models.PositiveSmallIntegerField(_("page number"), null=True, blank=True)
    article_status = models.CharField(_("status of new articles"), max_length=20, blank=True)
    #: kept up to date by the workers as items finish (ImportJob rows are read by the progress page
    #: every second or two: a row, not an aggregate over the items)
    files_total = models.PositiveIntegerField(_("files"), default=0)
    pages_total = models.PositiveIntegerField(_("pages"), default=0)
    pages_done = models.PositiveIntegerField(_("pages done"), default=0)
    pages_failed = models.PositiveIntegerField(_("pages failed"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return gettext("import job %(id)s (%(status)s, %(done)d/%(total)d)") % {
            "id": self.pk, "status": self.get_status_display(), "done": self.pages_done, "total": self.pages_total}

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_importjob_change", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportJobItem(models.Model):
    """One file of a job, imported by one task: its bytes wait in the default storage until it is done."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items", verbose_name=_("job"))
    position = models.PositiveIntegerField(_("position"))
    file_name = models.CharField(_("file name"), max_length=255)
    #: where the bytes are in the default storage ("" once the item is done and they are deleted)
    stored_name = models.CharField(_("stored file"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    #: pages the file holds: 1 for a page's text, a PDF's page count (0 where it could not be read)
    pages = models.PositiveIntegerField(_("pages"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: one ImportReport.to_stored() per page stored (its warnings in English and to translate)
    reports = models.JSONField(_("reports"), encoder=UnicodeJSONEncoder, default=list, blank=True)
    #: the reason in English (logs, the command, searching the admin's list) ...
    error = models.TextField(_("reason of the failure"), blank=True)
    #: ... and the same to show in the reader's language: newsroom.i18n.Message.to_json() ({} before
    #: reasons were stored so, or where there is no failure)
    error_message = models.JSONField(_("reason of the failure, to translate"), encoder=UnicodeJSONEncoder,
                                     default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        verbose_name = _("import job file")
        verbose_name_plural = _("import job files")
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="articles_importjobitem_position")]
        indexes = [models.Index(fields=["job", "status"], name="articles_importjobitem_status")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return self.job.get_absolute_url()

    @property
    def error_display(self) -> str:
        """Why the file failed, in the active language ("" where it did not)."""
        return stored_display(self.error_message, self.error) if self.error else ""

    @property
    def reports_display(self) -> list[dict[str, Any]]:
        """The pages' reports with their warnings in the active language."""
        return [{**report, "warnings": stored_displays(report.get("warning_messages"), report.get("warnings") or [])}
                for report in self.reports or []]


class ArticleRepresentation(models.Model):
    """An article's public representations, stored ready to send: the API's JSON (all fields) and
    its ninjs document, built when the article or anything it shows changes
    (articles.services.representations; freshness is the services' job, in the same transaction).
    Links are stored with a placeholder byte where the request's origin goes (filled in per request)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True,
                                   related_name="representation", verbose_name=_("article"))
    api = models.BinaryField(_("API JSON"))
    ninjs = models.BinaryField(_("ninjs JSON"))
    #: the readers' site's fragments of the article as UTF-8 JSON (articles.site_cards): its list card
    #: with and without its lead, and a search result's head; lists join them
    site = models.BinaryField(_("site HTML"), default=b"")
    #: the representations' shape (services.representations.SHAPE_VERSION): an older one is not served
    shape_version = models.PositiveIntegerField(_("shape version"))
    built_at = models.DateTimeField(_("built at"))

    class Meta:
        verbose_name = _("article representation")
        verbose_name_plural = _("article representations")
        default_permissions = ()  # written by the services only: no one edits it, no permission to grant

    def __str__(self) -> str:
        return gettext("representation of article %(id)s") % {"id": self.article_id}
