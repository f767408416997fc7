"""Pictures in the admin: the article's pictures on its change form (thumbnails, drag-and-drop
upload of one or many files, reorder by drag, the lead, alt text and caption), and the image
library (the Image changelist and its form, with a preview and the renditions).

Every write goes through articles.services.images. On the article form, files dropped on the
pictures' box are uploaded at once (`ArticleImagesAdminMixin.images_upload_view`: checked, stored,
their renditions made) and come back as rows of the inline; they are placed on the article, in the
order shown, with the lead chosen, when the form is saved (`save_formset`), so an upload never
moves the article's version under the editor's open form. Without JavaScript the box is a plain
file input whose files are checked with the form and stored when it is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleImage, Image, PageImage
from articles.services.images import (
    ALLOWED_FORMATS,
    CheckedImage,
    ImageError,
    article_images_set,
    image_check,
    image_delete,
    image_describe,
    image_upload,
)
from newsroom.i18n import translated

#: Most files one upload request (or one save of the form) takes: a photo story's worth.
MAX_FILES_PER_UPLOAD = 30
#: The `accept` of the file inputs: what the service keeps.
ACCEPT = ",".join(f"image/{fmt.lower()}" for fmt in ALLOWED_FORMATS)
#: The name of the form's file input (the path without JavaScript).
UPLOAD_FIELD = "images_upload"


def thumbnail(image: Image | None, *, width: int = 120) -> str:
    """A small <picture> of an image's thumb rendition (WebP, JPEG for the rest): URLs only."""
    if image is None or not image.file:
        return "—"
    thumb_width, thumb_height = image.rendition_size("thumb")
    height = round(thumb_height * width / thumb_width) if thumb_width else width
    return format_html(
        '<picture class="nr-thumb"><source srcset="{}" type="image/webp">'
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy"></picture>',
        image.rendition_url("thumb", "webp"), image.rendition_url("thumb", "jpeg"), width, height,
        image.alt_text or "",
    )


# ------------------------------------------------------------------------- the article's pictures


class ArticleImageForm(forms.ModelForm):
    """One of the article's pictures: which image (hidden), its place, whether it leads, and the
    image's alt text and caption (saved on the image, through the service)."""

    alt_text = forms.CharField(label=_("alt text"), max_length=300, required=False,
                               widget=forms.TextInput(attrs={"class": "nr-image-alt"}))
    caption = forms.CharField(label=_("caption"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "class": "nr-image-caption"}))

    class Meta:
        model = ArticleImage
        fields = ["image", "order", "is_lead"]
        widgets = {
            "image": forms.HiddenInput(attrs={"class": "nr-image-id"}),
            "order": forms.NumberInput(attrs={"class": "nr-image-order", "min": 0, "max": 999}),
            "is_lead": forms.CheckboxInput(attrs={"class": "nr-image-lead"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.image_id:
            self.fields["alt_text"].initial = self.instance.image.alt_text
            self.fields["caption"].initial = self.instance.image.caption

    @property
    def picture(self) -> Image | None:
        """The image this row shows (for the thumbnail), also on a re-rendered bound form."""
        if self.instance.image_id:
            return self.instance.image
        image = self.cleaned_data.get("image") if hasattr(self, "cleaned_data") else None
        return image if isinstance(image, Image) else None

    @property
    def thumbnail_html(self) -> str:
        return thumbnail(self.picture)

    def _get_validation_exclusions(self) -> set[str]:
        # "One lead per article" is the formset's to check (clean() below) and the service's to
        # keep: checked row by row against the stored rows it would refuse moving the lead.
        return {*super()._get_validation_exclusions(), "is_lead"}


class ArticleImageFormSet(forms.BaseInlineFormSet):
    def is_multipart(self) -> bool:
        return True  # the form carries the file input of new pictures

    def clean(self) -> None:
        super().clean()
        self.checked_uploads: list[CheckedImage] = []
        kept = [form for form in self.forms
                if form.has_changed() or form.instance.pk
                if not (self.can_delete and self._should_delete_form(form))]
        if sum(1 for form in kept if form.cleaned_data.get("is_lead")) > 1:
            raise ValidationError(gettext("Choose one lead image: an article has at most one."))
        files = self.files.getlist(UPLOAD_FIELD) if self.files else []
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(gettext("At most %(count)d pictures at a time.") % {"count": MAX_FILES_PER_UPLOAD})
        errors = []
        for upload in files:
            try:
                self.checked_uploads.append(image_check(file=upload))
            except ImageError as error:
                errors.append(translated(error))
        if errors:
            raise ValidationError(errors)


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    form = ArticleImageForm
    formset = ArticleImageFormSet
    template = "admin/articles/article/image_inline.html"
    extra = 0
    fields = ["image", "alt_text", "caption", "is_lead", "order"]
    verbose_name = _("picture")
    verbose_name_plural = _("pictures")

    class Media:
        css = {"all": ["newsroom_admin/admin.css"]}
        js = ["newsroom_admin/article_images.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("image").order_by("order", "pk")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        formset = super().get_formset(request, obj, **kwargs)
        formset.upload_field = UPLOAD_FIELD
        formset.accept = ACCEPT
        return formset


class ArticleImagesAdminMixin:
    """For ArticleAdmin: the upload view of the pictures' box and the saving of the inline."""

    def get_urls(self):
        view = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("<int:pk>/images/upload/", view(self.images_upload_view), name="articles_article_images_upload"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def images_upload_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _images_upload(self, request, pk)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ArticleImage:
            return super().save_formset(request, form, formset, change)  # type: ignore[misc]
        return _save_article_images(request, form.instance, formset)


def _images_upload(model_admin: Any, request: HttpRequest, pk: int) -> HttpResponse:
    """Store the files posted as `files` (each checked; one refused does not stop the others) and
    answer with each stored image's id and thumbnail, or why it was refused."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(Article.objects.all(), pk=pk)
    if not (model_admin.has_change_permission(request, article) and request.user.has_perm("articles.add_image")
            and request.user.has_perm("articles.add_articleimage")):
        raise PermissionDenied
    files = request.FILES.getlist("files")
    if not files:
        return JsonResponse({"images": [], "errors": [{"name": "", "error": gettext("No file was sent.")}]},
                            status=400)
    if len(files) > MAX_FILES_PER_UPLOAD:
        return JsonResponse({"images": [], "errors": [{"name": "", "error": gettext(
            "At most %(count)d pictures at a time.") % {"count": MAX_FILES_PER_UPLOAD}}]}, status=400)
    stored, errors = [], []
    for upload in files:
        try:
            image = image_upload(file=upload, uploaded_by=request.user)
        except ImageError as error:
            errors.append({"name": upload.name, "error": translated(error)})
            continue
        width, height = image.rendition_size("thumb")
        stored.append({
            "id": image.pk, "name": upload.name, "thumb_webp": image.rendition_url("thumb", "webp"),
            "thumb_jpeg": image.rendition_url("thumb", "jpeg"), "width": width, "height": height,
            "admin_url": reverse("admin:articles_image_change", args=[image.pk]),
        })
    return JsonResponse({"images": stored, "errors": errors}, status=200 if stored or not errors else 400)


def _save_article_images(request: HttpRequest, article: Article, formset: ArticleImageFormSet) -> None:
    """The inline's rows as the service's calls: each image's words, then the article's pictures in
    the order shown (ties in the order boxes keep the rows' order) with the lead, new files last."""
    rows, deleted, changed = [], [], []
    for position, row in enumerate(formset.forms):
        if not row.has_changed() and not row.instance.pk:
            continue
        if formset.can_delete and formset._should_delete_form(row):
            if row.instance.pk:
                deleted.append(row.instance)
            continue
        rows.append((row.cleaned_data.get("order") or 0, position, row))
    rows.sort(key=lambda item: item[:2])
    images, lead = [], None
    for _order, _position, row in rows:
        image: Image = row.cleaned_data["image"]
        image_describe(image=image, alt_text=row.cleaned_data.get("alt_text", ""),
                       caption=row.cleaned_data.get("caption", ""))
        images.append(image)
        if row.cleaned_data.get("is_lead"):
            lead = image
        if row.instance.pk and row.changed_data:
            changed.append((row.instance, row.changed_data))
    had_pictures = bool(rows) or bool(deleted)
    new = [image_upload(file=checked, uploaded_by=request.user) for checked in formset.checked_uploads]
    images.extend(new)
    if lead is None and new and not had_pictures:
        lead = new[0]  # an article's first pictures: the first leads, as when one is added
    placements = article_images_set(article=article, images=images, lead=lead)
    existing_ids = {row.instance.image_id for _o, _p, row in rows if row.instance.pk}
    formset.new_objects = [placement for placement in placements if placement.image_id not in existing_ids]
    formset.changed_objects = changed
    formset.deleted_objects = deleted


# ---------------------------------------------------------------------------------- the library

#: the renditions' names as the library's table shows them (the names themselves are code: URLs, specs)
RENDITION_LABELS = {"thumb": _("thumbnail"), "medium": _("medium size"), "large": _("large size")}


class HasArticlesFilter(admin.SimpleListFilter):
    title = _("on articles")
    parameter_name = "on_articles"

    def lookups(self, request, model_admin):
        return [("yes", _("on an article")), ("no", _("on no article"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(placements__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(placements__isnull=True)
        return queryset


class ImageAddForm(forms.ModelForm):
    """A new picture for the library: the file is checked here (the message on the form) and
    stored by the service when the form is saved."""

    upload = forms.FileField(label=_("file"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                             help_text=_("JPEG, PNG, WebP or GIF. Camera data (EXIF, GPS) is removed."))

    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit", "credit_role"]

    def clean_upload(self) -> CheckedImage:
        try:
            return image_check(file=self.cleaned_data["upload"])
        except ImageError as error:
            raise ValidationError(translated(error)) from error


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail_display", "description", "credit", "source", "size", "article_count", "created_at"]
    list_display_links = ["thumbnail_display", "description"]
    list_filter = ["source", HasArticlesFilter]
    list_select_related = ["credit"]
    search_fields = ["caption", "alt_text", "credit__name"]
    search_help_text = _("Caption, alt text or the credited person's name.")
    list_per_page = 50
    show_full_result_count = False
    autocomplete_fields = ["credit"]
    class Media:
        css = {"all": ["newsroom_admin/admin.css"]}

    readonly_fields = [
        "preview", "renditions", "used_on", "source", "page", "page_index", "bbox", "size", "sha256",
        "uploaded_by", "created_at",
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["upload", "alt_text", "caption", "credit", "credit_role"]})]
        return [
            (None, {"fields": ["preview", "alt_text", "caption", "credit", "credit_role"]}),
            (_("Renditions"), {"fields": ["renditions", "size", "sha256"]}),
            (_("Where it is from and where it is used"), {
                "fields": ["used_on", "source", "page", "page_index", "bbox", "uploaded_by", "created_at"],
            }),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ImageAddForm
            kwargs["fields"] = ["alt_text", "caption", "credit", "credit_role"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(placement_total=Count("placements"))

    # -- columns and read-only fields ---------------------------------------------------------------

    @admin.display(description=_("picture"))
    def thumbnail_display(self, obj: Image) -> str:
        return thumbnail(obj, width=96)

    @admin.display(description=_("caption"), ordering="caption")
    def description(self, obj: Image) -> str:
        return str(obj)

    @admin.display(description=_("size"))
    def size(self, obj: Image) -> str:
        return f"{obj.width}×{obj.height}"

    @admin.display(description=_("articles"), ordering="placement_total")
    def article_count(self, obj: Image) -> int:
        return getattr(obj, "placement_total", 0)

    @admin.display(description=_("preview"))
    def preview(self, obj: Image) -> str:
        width, height = obj.rendition_size("medium")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><picture class="nr-image-preview">'
            '<source srcset="{}" sizes="(max-width: 800px) 100vw, 800px" type="image/webp">'
            '<img src="{}" srcset="{}" sizes="(max-width: 800px) 100vw, 800px" width="{}" height="{}" alt="{}">'
            "</picture></a>",
            obj.file.url, obj.srcset("webp"), obj.rendition_url("medium", "jpeg"), obj.srcset("jpeg"), width, height,
            obj.alt_text,
        )

    @admin.display(description=_("renditions"))
    def renditions(self, obj: Image) -> str:
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}×{}</td><td><a href=\"{}\">WebP</a> · <a href=\"{}\">JPEG</a></td></tr>",
            ((RENDITION_LABELS.get(r["name"], r["name"]), r["width"], r["height"], r["webp"], r["jpeg"])
             for r in obj.rendition_set()),
        )
        return format_html(
            '<table class="nr-renditions"><tbody>{}<tr><td>{}</td><td>{}×{}</td><td><a href="{}">{}</a></td></tr>'
            "</tbody></table>",
            rows, gettext("original"), obj.width, obj.height, obj.file.url, gettext("file"),
        )

    @admin.display(description=_("on articles"))
    def used_on(self, obj: Image) -> str:
        placements = list(obj.placements.select_related("article").order_by("article_id"))
        if not placements:
            return gettext("on no article")
        return format_html_join(
            "、", '<a href="{}">{}</a>{}',
            ((reverse("admin:articles_article_change", args=[p.article_id]), str(p.article),
              gettext(" (lead)") if p.is_lead else "") for p in placements),
        )

    # -- saving and deleting go through the service ------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            stored = image_upload(
                file=form.cleaned_data["upload"], alt_text=obj.alt_text, caption=obj.caption, credit=obj.credit,
                credit_role=obj.credit_role, uploaded_by=request.user,
            )
            obj.pk, obj.file, obj.width, obj.height, obj.sha256 = (
                stored.pk, stored.file, stored.width, stored.height, stored.sha256)
            obj._state.adding = False
            return
        stored = Image.objects.get(pk=obj.pk)
        image_describe(image=stored, alt_text=obj.alt_text, caption=obj.caption, credit=obj.credit,
                       clear_credit=obj.credit is None, credit_role=obj.credit_role)

    def delete_model(self, request, obj):
        image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image)

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > 200:
            self.message_user(request, _("The search is too long (at most 200 characters)."), messages.WARNING)
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def get_object(self, request, object_id, from_field=None):
        try:
            return super().get_object(request, object_id, from_field)
        except (ValueError, ValidationError):
            raise Http404 from None


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    """Placements are edited on their article (ArticleImageInline); this list (out of the index)
    is for finding them."""

    list_display = ["__str__", "article", "image", "order", "is_lead"]
    list_select_related = ["article", "image"]
    search_fields = ["article__headline", "image__caption"]
    raw_id_fields = ["article", "image"]

    def get_model_perms(self, request):
        return {}

    def has_add_permission(self, request):
        return False  # placed on the article's form, through the service

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PageImage)
class PageImageAdmin(admin.ModelAdmin):
    """The printed pages drawn from PDFs, read-only: the PDF import stores them (page_image_store)."""

    list_display = ["page_thumbnail", "page", "size", "page_index"]
    list_select_related = ["page", "page__issue", "page__publication"]
    fields = ["page_preview", "page", "size", "page_index", "width_points", "height_points"]
    readonly_fields = fields

    class Media:
        css = {"all": ["newsroom_admin/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page"))
    def page_thumbnail(self, obj: PageImage) -> str:
        return format_html('<img src="{}" width="80" alt="" loading="lazy" class="nr-page-thumb">', obj.file.url)

    @admin.display(description=_("preview"))
    def page_preview(self, obj: PageImage) -> str:
        return format_html('<a href="{0}"><img src="{0}" alt="" class="nr-page-preview"></a>', obj.file.url)

    @admin.display(description=_("size"))
    def size(self, obj: PageImage) -> str:
        return f"{obj.width}×{obj.height}"
