"""Publications, issues, pages and the import log in the admin, and the page upload: its form and
its views (preview, then confirm).

The upload checks each file with `page_plan_file` or, for a PDF, `pdf_plan` (the import's own
checks; writes nothing) and shows the parse — with the photos a PDF page gave — or why the file
cannot be imported; the importable files wait in a staging folder of the default storage, known
only to the uploader's session, until the editor confirms — then `document_import_file` imports
them, the same service the command and the API use, and the results list every page of the upload."""

from __future__ import annotations

import base64
import datetime
import io
import logging
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage

from articles import roles
from articles.admin.pages import move_pages
from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Article, Issue, Page, PageImport, Publication
from articles.parsing.model import PdfPage
from articles.services import (
    PageImportError,
    PagePlan,
    document_import_file,
    issue_date_problem,
    page_plan_file,
    pdf_plan,
)
from articles.services.pdf_import import is_pdf, max_upload_bytes
from newsroom.admin_freshness import DropsStoredRepresentations
from newsroom.i18n import translated

logger = logging.getLogger(__name__)

STAGING_DIR = "import-staging"
SESSION_KEY = "newsroom_import_staging"
STAGING_LIFETIME = datetime.timedelta(hours=12)



def admin_context(model_admin: ModelAdmin, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


# ------------------------------------------------------------------------------------ page upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


#: files one upload may carry (settings.DATA_UPLOAD_MAX_NUMBER_FILES is above it, so that this form
#: says so, not Django's bare 400)
MAX_UPLOAD_FILES = 100


class PageUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("page files"),
        help_text=_("One or more e-paper pages: PDFs, or text files (UTF-8, GB18030/GBK, or UTF-16 with its "
                    "byte-order mark)."),
    )
    date = forms.DateField(
        label=_("issue date"), required=False,
        help_text=_("Leave empty to use the date printed in the page header."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    publication = forms.CharField(
        label=_("publication"), max_length=100, required=False,
        help_text=_("Leave empty for the default publication."),
    )
    page_number = forms.IntegerField(
        label=_("page number"), required=False, min_value=MIN_PAGE_NUMBER, max_value=MAX_PAGE_NUMBER,
        help_text=_("Only for a single file whose header does not print its page number."),
    )
    status = forms.ChoiceField(label=_("status of new articles"), choices=Article.Status.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = settings.NEWSROOM_IMPORT_STATUS
        self.fields["publication"].initial = settings.NEWSROOM_DEFAULT_PUBLICATION

    def clean_date(self) -> datetime.date | None:
        date = self.cleaned_data["date"]
        problem = issue_date_problem(date)
        if problem:
            raise ValidationError(capfirst(translated(problem)))
        return date

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        too_big = [f"{f.name} ({limit} bytes)" for f in files
                   if f.size > (limit := max_upload_bytes(data=f.read(1024), source_file=f.name))]
        for f in files:
            f.seek(0)
        if too_big:
            raise ValidationError(_("Too large (over the limit): %(names)s") % {"names": ", ".join(too_big)})
        empty = [f.name for f in files if f.size == 0]
        if empty:
            raise ValidationError(_("Empty file: %(names)s") % {"names": ", ".join(empty)})
        if len(files) > MAX_UPLOAD_FILES:
            raise ValidationError(_("At most %(count)d files at a time.") % {"count": MAX_UPLOAD_FILES})
        return files

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("page_number") and len(cleaned.get("files") or []) > 1:
            self.add_error("page_number", _("A page number applies to one file only; upload that file alone."))
        return cleaned


# ------------------------------------------------------------------------------------- upload


@dataclass
class FilePreview:
    """What the parser made of one uploaded file, for the editor to check before importing."""

    name: str
    size: int
    error: str = ""
    page: dict[str, Any] = field(default_factory=dict)
    articles: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaces: Page | None = None  # the stored page a confirmed import would update
    edited_on_replaced: int = 0
    pictures: list[dict[str, Any]] = field(default_factory=list)  # a PDF page's photos, as small thumbnails


#: the preview's thumbnails of a PDF page's photos: small enough to travel inside the page
PREVIEW_THUMBNAIL_PX = 240


def _previews(name: str, data: bytes, *, publication: str, date: datetime.date | None,
              page_number: int | None) -> list[FilePreview]:
    """The parse of one file — a preview per page of a PDF — and why it cannot be imported where it
    cannot: the import service's own checks (`page_plan_file`, `pdf_plan`), so a page offered here
    imports on confirm. A PDF imports whole or not at all, so one refused page refuses the file."""
    try:
        if is_pdf(data=data, source_file=name):
            return [
                _page_preview(plan.source_file, len(data), plan, pdf_page)
                for pdf_page, plan in pdf_plan(data=data, source_file=name, publication=publication, date=date,
                                                page_number=page_number)
            ]
        plan = page_plan_file(data=data, source_file=name, publication=publication, date=date,
                              page_number=page_number)
    except PageImportError as error:
        return [FilePreview(name=name, size=len(data), error=error.translated_reason())]
    except Exception:  # a file the parser chokes on is that file's failure, not the whole upload's
        logger.exception("preview of the uploaded page %s failed", name)
        return [FilePreview(name=name, size=len(data), error=gettext(
            "the page could not be read (an internal error, logged); it cannot be imported"))]
    return [_page_preview(name, len(data), plan)]


def _page_preview(name: str, size: int, plan: PagePlan, pdf_page: PdfPage | None = None) -> FilePreview:
    preview = FilePreview(name=name, size=size)
    parsed = plan.parsed
    preview.page = parsed.page.to_dict()
    preview.warnings = [translated(warning) for warning in parsed.warnings]
    for order, article in enumerate(parsed.articles, start=1):
        preview.articles.append({
            "order": order,
            "kind": article.kind.value,
            "kind_display": Article.Kind(article.kind.value).label,
            "kicker": article.kicker or "",
            "headline": article.headline or "",
            "subtitle": article.subtitle or "",
            "dateline": article.dateline or "",
            "credits": [f"{c.label} {c.name}".strip() for c in article.credits],
            "blocks": len(article.blocks),
            "lead": next((b.text for b in article.blocks if b.type.value == "paragraph"), "")[:80],
            "captions": len(article.captions),
            "source": f"{article.source.first_line}–{article.source.last_line}",
        })
    _mark_replaced(preview, plan)
    if pdf_page is not None:
        preview.pictures = [
            {"kind": picture.kind.value, "caption": picture.caption or "",
             "article": picture.article + 1 if picture.article is not None else None,
             "thumbnail": _thumbnail_data_uri(picture.data)}
            for picture in pdf_page.pictures
        ]
    return preview


def _thumbnail_data_uri(data: bytes) -> str:
    """A small JPEG of a picture, inline: the preview writes nothing to storage."""
    with PILImage.open(io.BytesIO(data)) as picture:
        picture.thumbnail((PREVIEW_THUMBNAIL_PX, PREVIEW_THUMBNAIL_PX))
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _mark_replaced(preview: FilePreview, plan: PagePlan) -> None:
    """A page with the same issue and number is already stored: the import would update it."""
    target = plan.target
    if target.date is None or target.number is None:
        return
    page = (
        Page.objects.filter(issue__date=target.date, number=target.number, publication__name=target.publication)
        .select_related("issue")
        .first()
    )
    if page is not None:
        preview.replaces = page
        preview.edited_on_replaced = page.articles.filter(edited_since_import=True).count()


def _clear_stale_staging() -> None:
    """Uploads never confirmed are removed after STAGING_LIFETIME."""
    try:
        folders, _files = default_storage.listdir(STAGING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - STAGING_LIFETIME
    for folder in folders:
        try:
            names = default_storage.listdir(f"{STAGING_DIR}/{folder}")[1]
            paths = [f"{STAGING_DIR}/{folder}/{name}" for name in names]
            if all(default_storage.get_modified_time(p) < limit for p in paths):
                for p in paths:
                    default_storage.delete(p)
                _remove_folder(f"{STAGING_DIR}/{folder}")
        except (OSError, NotImplementedError):
            logger.warning("could not clear the import staging folder %s", folder, exc_info=True)


def _delete_staged(entry: dict[str, Any]) -> None:
    folders = set()
    for item in entry.get("files", []):
        folders.add(item["path"].rpartition("/")[0])
        try:
            default_storage.delete(item["path"])
        except OSError:
            logger.warning("could not delete the staged upload %s", item["path"], exc_info=True)
    for folder in folders:
        _remove_folder(folder)


def _remove_folder(name: str) -> None:
    """An emptied staging folder goes too (storages that keep folders are local file systems)."""
    try:
        os.rmdir(default_storage.path(name))
    except (NotImplementedError, FileNotFoundError):
        pass  # a storage without folders, or it is gone already
    except OSError:
        logger.warning("could not remove the import staging folder %s", name, exc_info=True)


def page_upload_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    title = gettext("Import pages")
    if request.method != "POST":
        form = PageUploadForm()
        return TemplateResponse(request, "admin/articles/pageimport/upload.html",
                                admin_context(model_admin, request, title, form=form))
    form = PageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "admin/articles/pageimport/upload.html",
                                admin_context(model_admin, request, title, form=form), status=400)

    _clear_stale_staging()
    date = form.cleaned_data["date"]
    page_number = form.cleaned_data["page_number"]
    publication = (form.cleaned_data["publication"] or "").strip() or settings.NEWSROOM_DEFAULT_PUBLICATION
    token = secrets.token_hex(16)
    previews: list[FilePreview] = []
    staged: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for index, upload in enumerate(form.cleaned_data["files"]):
        data = upload.read()
        file_previews = _previews(upload.name, data, publication=publication, date=date, page_number=page_number)
        previews += file_previews
        error = next((preview.error for preview in file_previews if preview.error), "")
        if error:
            refused.append({"index": index, "name": upload.name, "error": error})
            continue
        suffix = ".pdf" if is_pdf(data=data, source_file=upload.name) else ".txt"
        path = default_storage.save(f"{STAGING_DIR}/{token}/{index:03d}{suffix}", ContentFile(data))
        staged.append({"index": index, "name": upload.name, "path": path})

    if staged:
        entries = request.session.get(SESSION_KEY, {})
        entries[token] = {
            "files": staged,
            "refused": refused,  # reported again beside the results: a batch reports every file
            "date": date.isoformat() if date else None,
            "publication": publication,
            "status": form.cleaned_data["status"],
            "page_number": page_number,
        }
        request.session[SESSION_KEY] = entries
    return TemplateResponse(
        request,
        "admin/articles/pageimport/preview.html",
        admin_context(
            model_admin, request, gettext("Check the parse before importing"),
            previews=previews, token=token if staged else "",
            importable=sum(1 for preview in previews if not preview.error),
            date=date, publication=publication, page_number=page_number,
            status=dict(Article.Status.choices)[form.cleaned_data["status"]],
        ),
    )


def page_upload_confirm_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    upload_url = reverse("admin:articles_pageimport_upload")
    if request.method != "POST":
        return HttpResponseRedirect(upload_url)
    entries = request.session.get(SESSION_KEY, {})
    token = request.POST.get("token", "")
    entry = entries.pop(token, None) if isinstance(entries, dict) else None
    request.session[SESSION_KEY] = entries
    if entry is None:
        messages.error(request, gettext("This upload is no longer waiting (already imported, cancelled or expired). "
                                  "Please upload the files again."))
        return HttpResponseRedirect(upload_url)
    if "cancel" in request.POST:
        _delete_staged(entry)
        messages.info(request, gettext("The upload was cancelled; nothing was imported."))
        return HttpResponseRedirect(reverse("admin:articles_pageimport_changelist"))

    try:
        results = _import_staged(entry, request.user)
    finally:  # whatever happened, the staged files are not left behind
        _delete_staged(entry)
    imported = sum(1 for r in results if "report" in r)  # pages: a PDF gives a result per page
    level = messages.SUCCESS if imported == len(results) else messages.WARNING
    messages.add_message(request, level, gettext("%(done)d of %(total)d page(s) imported.") % {
        "done": imported, "total": len(results)})
    return TemplateResponse(
        request,
        "admin/articles/pageimport/result.html",
        admin_context(model_admin, request, gettext("Import results"), results=results),
    )


def _import_staged(entry: dict[str, Any], user) -> list[dict[str, Any]]:
    """Each staged file through the import service, one transaction each; one file's failure is
    that file's line of the results, never the others' (and the files refused at the preview have
    theirs too), in the order they were uploaded."""
    date = datetime.date.fromisoformat(entry["date"]) if entry.get("date") else None
    results: list[dict[str, Any]] = [
        {"index": item.get("index", -1), "name": item["name"], "error": item["error"], "at_preview": True}
        for item in entry.get("refused", [])
    ]
    for item in entry["files"]:
        index = item.get("index", len(results))
        failed: dict[str, Any] = {"index": index, "name": item["name"]}
        try:
            with default_storage.open(item["path"], "rb") as staged:
                data = staged.read()
        except OSError:
            results.append({**failed, "error": gettext("the uploaded file is gone; upload it again")})
            continue
        try:
            reports = document_import_file(
                data=data, source_file=item["name"], publication=entry["publication"], date=date,
                page_number=entry.get("page_number"), status=entry["status"], user=user,
            )
        except PageImportError as error:
            results.append({**failed, "error": error.translated_reason()})
        except Exception:  # this file's transaction rolled back whole; the others go on
            logger.exception("import of the uploaded page %s failed", item["name"])
            results.append({**failed, "error": gettext("an internal error (logged); nothing of this file was stored")})
        else:
            # (what the result page shows of a report, in the reader's language)
            results += [{"index": index, "name": report.source_file, "report": report,
                         "outcome_display": PageImport.Outcome(report.outcome).label,
                         "warnings": [translated(warning) for warning in report.warnings]} for report in reports]
    return sorted(results, key=lambda result: result["index"])


# ----------------------------------------------------------------------------- pages, imports


@admin.register(Publication)
class PublicationAdmin(DropsStoredRepresentations, admin.ModelAdmin):
    # the masthead and short name are what readers see (articles.paper); the name is the imports' key
    list_display = ["name", "masthead", "short_name", "slug"]
    fields = ["name", "masthead", "short_name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def articles_shown(self, obj: Publication):
        return Article.objects.filter(page__publication=obj)


@admin.register(Issue)
class IssueAdmin(DropsStoredRepresentations, admin.ModelAdmin):
    list_display = ["date", "publication", "number", "page_count"]
    list_filter = ["publication"]
    list_select_related = ["publication"]
    date_hierarchy = "date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_total=Count("pages"))

    def articles_shown(self, obj: Issue):
        return Article.objects.filter(page__issue=obj)

    @admin.display(description=_("pages"), ordering="page_total")
    def page_count(self, obj: Issue) -> int:
        return obj.page_total


@admin.register(Page)
class PageAdmin(DropsStoredRepresentations, admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "name", "article_count", "warning_count", "parser_version",
                    "imported_at"]
    list_filter = ["publication", "parser_version"]
    list_select_related = ["issue__publication", "publication"]
    search_fields = ["source_file", "name", "sha256"]
    # where a page is filed changes by the move action only (articles.admin.pages): it keeps the
    # articles' publish times and search dates with the page
    readonly_fields = ["issue", "number", "sha256", "raw_text", "parser_version", "imported_at", "updated_at",
                       "warnings_display", "header_display"]
    exclude = ["warnings", "header"]  # shown by warnings_display and header_display, in the reader's language
    date_hierarchy = "imported_at"
    actions = [move_pages]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    def has_add_permission(self, request):
        return False  # pages come from imports (the "Import pages" button of the import log)

    def articles_shown(self, obj: Page):
        return Article.objects.filter(page=obj)

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj: Page) -> int:
        return obj.article_total

    @admin.display(description=_("warnings"))
    def warning_count(self, obj: Page) -> int:
        return len(obj.warnings or [])

    @admin.display(description=_("page header"))
    def header_display(self, obj: Page) -> str:
        """What the printed header said (the parse's PageMeta), labelled instead of its JSON."""
        header = obj.header or {}
        credits = " ".join(f"{credit.get('label') or ''} {credit.get('name') or ''}".strip()
                           for credit in header.get("credits") or [] if isinstance(credit, dict))
        rows = [(label, value) for label, value in (
            (_("file"), header.get("file")), (_("publication"), header.get("publication")),
            (_("date"), header.get("date")), (_("page number"), header.get("number")),
            (_("page name"), header.get("name")), (_("credits"), credits),
        ) if value not in (None, "")]
        if not rows:
            return "—"
        items = format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((capfirst(label), value) for label, value in rows))
        return format_html('<dl class="nr-page-header">{}</dl>', items)

    @admin.display(description=_("parser warnings"))
    def warnings_display(self, obj: Page) -> str:
        if not obj.warnings:
            return "—"
        # The page keeps its parse's warnings in English; its last import logged them with the same
        # to translate: each is shown in the reader's language where that entry has it
        log = obj.imports.exclude(outcome=PageImport.Outcome.UNCHANGED).order_by("-created_at", "-pk").first()
        report = log.report if log is not None else {}
        logged = dict(zip(report.get("warnings") or [], log.warnings_display() if log is not None else [],
                          strict=False))
        items = format_html_join("", "<li>{}</li>", ((logged.get(warning, warning),) for warning in obj.warnings))
        return format_html('<ul class="nr-warnings">{}</ul>', items)


@admin.register(PageImport)
class PageImportAdmin(admin.ModelAdmin):
    change_list_template = "admin/articles/pageimport/change_list.html"
    list_display = ["created_at", "source_file", "outcome", "page_link", "article_count", "warnings_display",
                    "conflicts_display", "imported_by"]
    list_filter = ["outcome", ("imported_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["page__issue__publication", "page__publication", "imported_by"]
    search_fields = ["source_file", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "source_file", "outcome", "page_link", "message_display", "imported_by",
                       "sha256", "warnings_display", "conflicts_display"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # an import log entry is written by the import service only

    def has_change_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request) -> bool:
        return roles.editor_may(request.user, "articles.add_page")

    @admin.display(description=_("page"))
    def page_link(self, obj: PageImport) -> str:
        if obj.page_id is None:
            return "—"
        url = reverse("admin:articles_article_changelist") + f"?page__id__exact={obj.page_id}"
        return format_html('<a href="{}">{}</a>', url, obj.page)

    @admin.display(description=_("articles"))
    def article_count(self, obj: PageImport) -> int:
        return len((obj.report or {}).get("article_ids") or [])

    @admin.display(description=_("message"))
    def message_display(self, obj: PageImport) -> str:
        # the warnings joined, as logged in English: shown in the reader's language where they were
        # stored to translate (an older entry's as it is)
        warnings = obj.warnings_display()
        return gettext("; ").join(warnings) if warnings else obj.message

    @admin.display(description=_("warnings"))
    def warnings_display(self, obj: PageImport) -> str:
        warnings = obj.warnings_display()
        if not warnings:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((warning,) for warning in warnings))
        return format_html('<ul class="nr-warnings">{}</ul>', items)

    @admin.display(description=_("conflicts"))
    def conflicts_display(self, obj: PageImport) -> str:
        conflicts = (obj.report or {}).get("conflicts") or []
        if not conflicts:
            return "—"
        url = reverse("admin:articles_article_conflicts") + "?ids=" + ",".join(str(pk) for pk in conflicts)
        return format_html('<a href="{}">{} {}</a>', url, len(conflicts), _("to resolve"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="articles_pageimport_upload"),
            path("upload/confirm/", view(self.confirm_view), name="articles_pageimport_confirm"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
            "open_conflicts": Article.objects.conflicting().count(),
        }
        return super().changelist_view(request, extra_context)

    def upload_view(self, request: HttpRequest):
        return page_upload_view(self, request)

    def confirm_view(self, request: HttpRequest):
        return page_upload_confirm_view(self, request)
