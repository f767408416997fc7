"""Admin views beyond the model forms: page upload (preview, then confirm) and import conflicts.

The upload checks each file with `page_plan_file` (the import's own checks; writes nothing) and
shows the parse, or why the file cannot be imported; the importable files wait in a staging
folder of the default storage, known only to the uploader's session, until the editor confirms —
then `page_import_file` imports them, the same service the command and the API use, and the
results list every file of the upload. Conflicts (edited articles whose page was re-imported
with a different parse) are shown side by side and closed with `article_resolve_conflict`."""

from __future__ import annotations

import datetime
import logging
import os
import secrets
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.db import parse_id

from . import roles
from .admin_forms import PageUploadForm
from .models import Article, Page
from .services import PageImportError, PagePlan, article_resolve_conflict, page_import_file, page_plan_file

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

logger = logging.getLogger(__name__)

STAGING_DIR = "import-staging"
SESSION_KEY = "newsroom_import_staging"
STAGING_LIFETIME = datetime.timedelta(hours=12)


def _context(model_admin: ModelAdmin, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


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


def _preview(name: str, data: bytes, *, publication: str, date: datetime.date | None,
             page_number: int | None) -> FilePreview:
    """The parse of one file, and why it cannot be imported where it cannot: the import service's
    own checks (`page_plan_file`), so a page offered here imports on confirm."""
    preview = FilePreview(name=name, size=len(data))
    try:
        plan = page_plan_file(data=data, source_file=name, publication=publication, date=date,
                              page_number=page_number)
    except PageImportError as error:
        preview.error = error.reason
        return preview
    except Exception:  # a file the parser chokes on is that file's failure, not the whole upload's
        logger.exception("preview of the uploaded page %s failed", name)
        preview.error = _("the page could not be read (an internal error, logged); it cannot be imported")
        return preview
    parsed = plan.parsed
    preview.page = parsed.page.to_dict()
    preview.warnings = list(parsed.warnings)
    for order, article in enumerate(parsed.articles, start=1):
        preview.articles.append({
            "order": order,
            "kind": article.kind.value,
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
    return preview


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


def upload_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    title = _("Import pages")
    if request.method != "POST":
        form = PageUploadForm()
        return TemplateResponse(request, "admin/articles/pageimport/upload.html",
                                _context(model_admin, request, title, form=form))
    form = PageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "admin/articles/pageimport/upload.html",
                                _context(model_admin, request, title, form=form), status=400)

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
        preview = _preview(upload.name, data, publication=publication, date=date, page_number=page_number)
        previews.append(preview)
        if preview.error:
            refused.append({"index": index, "name": upload.name, "error": preview.error})
            continue
        path = default_storage.save(f"{STAGING_DIR}/{token}/{index:03d}.txt", ContentFile(data))
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
        _context(
            model_admin, request, _("Check the parse before importing"),
            previews=previews, token=token if staged else "", importable=len(staged),
            date=date, publication=publication, page_number=page_number,
            status=dict(Article.Status.choices)[form.cleaned_data["status"]],
        ),
    )


def confirm_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
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
        messages.error(request, _("This upload is no longer waiting (already imported, cancelled or expired). "
                                  "Please upload the files again."))
        return HttpResponseRedirect(upload_url)
    if "cancel" in request.POST:
        _delete_staged(entry)
        messages.info(request, _("The upload was cancelled; nothing was imported."))
        return HttpResponseRedirect(reverse("admin:articles_pageimport_changelist"))

    try:
        results = _import_staged(entry, request.user)
    finally:  # whatever happened, the staged files are not left behind
        _delete_staged(entry)
    imported = sum(1 for r in results if "report" in r)
    level = messages.SUCCESS if imported == len(results) else messages.WARNING
    messages.add_message(request, level, _("%(done)d of %(total)d page(s) imported.") % {
        "done": imported, "total": len(results)})
    return TemplateResponse(
        request,
        "admin/articles/pageimport/result.html",
        _context(model_admin, request, _("Import results"), results=results),
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
        result: dict[str, Any] = {"index": item.get("index", len(results)), "name": item["name"]}
        results.append(result)
        try:
            with default_storage.open(item["path"], "rb") as staged:
                data = staged.read()
        except OSError:
            result["error"] = _("the uploaded file is gone; upload it again")
            continue
        try:
            result["report"] = page_import_file(
                data=data, source_file=item["name"], publication=entry["publication"], date=date,
                page_number=entry.get("page_number"), status=entry["status"], user=user,
            )
        except PageImportError as error:
            result["error"] = error.reason
        except Exception:  # this page's transaction rolled back whole; the others go on
            logger.exception("import of the uploaded page %s failed", item["name"])
            result["error"] = _("an internal error (logged); nothing of this page was stored")
    return sorted(results, key=lambda result: result["index"])


# ---------------------------------------------------------------------------------- conflicts


def _side_by_side(article: Article) -> dict[str, Any]:
    pending = article.pending_parse or {}
    removed = bool(pending.get("removed"))
    heads = []
    for name, label in (("kicker", _("kicker")), ("headline", _("headline")), ("subtitle", _("subtitle")),
                        ("dateline", _("dateline"))):
        mine = getattr(article, name) or ""
        new = "" if removed else (pending.get(name) or "")
        heads.append({"label": label, "mine": mine, "new": new, "differs": mine != new})
    blocks = []
    new_blocks = [] if removed else (pending.get("blocks") or [])
    for mine, new in zip_longest(article.body or [], new_blocks, fillvalue=None):
        mine_text = (mine or {}).get("text", "")
        new_text = (new or {}).get("text", "")
        blocks.append({
            "mine": mine_text, "mine_type": (mine or {}).get("type", ""),
            "new": new_text, "new_type": (new or {}).get("type", ""),
            "differs": mine_text != new_text,
        })
    return {"article": article, "removed": removed, "heads": heads, "blocks": blocks}


def conflicts_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
    """Edited articles a re-import parsed differently: the edit and the new parse side by side."""
    if not (roles.is_editor(request.user) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    queryset = Article.objects.conflicting().with_print_position().order_by("-updated_at", "pk")
    ids_param = request.GET.get("ids", "")
    if ids_param:
        ids = [pk for pk in map(parse_id, (part.strip() for part in ids_param.split(","))) if pk is not None]
        queryset = queryset.filter(pk__in=ids)

    if request.method == "POST":
        article_id = parse_id(request.POST.get("article"))
        if article_id is None:
            messages.error(request, _("No such conflict."))
            return HttpResponseRedirect(request.get_full_path())
        article = get_object_or_404(Article.objects.conflicting(), pk=article_id)
        choice = request.POST.get("choice")
        if choice not in {"keep", "accept"}:
            messages.error(request, _("Choose to keep the edited text or to take the new parse."))
        else:
            article_resolve_conflict(article=article, accept_new_parse=choice == "accept", user=request.user)
            messages.success(request, _("“%(article)s”: %(what)s.") % {
                "article": article,
                "what": _("the new parse was taken") if choice == "accept" else _("the edited text was kept"),
            })
        return HttpResponseRedirect(request.get_full_path())

    paginator = Paginator(queryset, 20)
    page_obj = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "admin/articles/article/conflicts.html",
        _context(
            model_admin, request, _("Import conflicts"),
            conflicts=[_side_by_side(article) for article in page_obj.object_list],
            page_obj=page_obj, total=paginator.count,
        ),
    )
