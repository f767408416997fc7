"""Import jobs in the admin: upload many page files at once (or a zip of a day's pages) as a job the
Celery workers import in the background; the job's page shows its progress live (a small script
polls its JSON, static/newsroom_admin/jobs.js), every page's report and the reasons of failures,
and re-runs the failed files. Everything is done by articles.services.jobs; the admin shows and asks.

The preview-then-confirm upload of the import log (articles.admin.imports) stays for the editor who
wants to check the parse first; a job imports at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.admin.imports import PageUploadForm, admin_context
from articles.models import ImportJob, ImportJobItem
from articles.services import jobs
from articles.services.jobs import MAX_JOB_FILES, JobFile, JobFileError
from newsroom.i18n import translated


class JobUploadForm(PageUploadForm):
    """The import log's upload form, taking zips too; the job service checks each file (sizes, kinds,
    the zip's contents) and says what it refuses."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Page files (PDFs or page texts), as many as a day has, or a zip of them: its *.txt and *.pdf "
            "files are imported, anything else in it is left out.")
        self.fields["files"].widget.attrs["accept"] = ".txt,.pdf,.zip"

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > MAX_JOB_FILES:
            raise ValidationError(_("At most %(count)d files at a time.") % {"count": MAX_JOB_FILES})
        return files


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "created_by", "status", "progress", "pages_failed", "files_total"]
    list_filter = ["status", ("created_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
    list_per_page = 50

    # -- permissions: importing pages is an editor's (articles.add_page), as in the import log

    def has_import_permission(self, request: HttpRequest) -> bool:
        return roles.editor_may(request.user, "articles.add_page")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_import_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_import_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_import_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a job's rows are the workers' to write

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_import_permission(request)

    @admin.display(description=_("pages done"))
    def progress(self, obj: ImportJob) -> str:
        return format_html("{} / {}", obj.pages_done, obj.pages_total)

    def delete_model(self, request: HttpRequest, obj: ImportJob) -> None:
        jobs.job_delete(job=obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for job in queryset:
            jobs.job_delete(job=job)

    # -- views

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:job_id>/progress/", view(self.progress_view), name="articles_importjob_progress"),
            path("<int:job_id>/rerun/", view(self.rerun_view), name="articles_importjob_rerun"),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        title = gettext("Import pages in the background")
        form = JobUploadForm(request.POST, request.FILES) if request.method == "POST" else JobUploadForm()
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                uploads = [JobFile(name=upload.name, data=upload.read()) for upload in data["files"]]
                job = jobs.job_submit(
                    files=uploads, publication=(data["publication"] or "").strip() or None, date=data["date"],
                    page_number=data["page_number"], status=data["status"], user=request.user,
                )
            except JobFileError as error:
                form.add_error("files", translated(error))
            else:
                messages.success(request, gettext("Import job %(id)d: %(pages)d page(s) in %(files)d file(s) queued.")
                                 % {"id": job.pk, "pages": job.pages_total, "files": job.files_total})
                return HttpResponseRedirect(job.get_absolute_url())
        return TemplateResponse(
            request, "admin/articles/importjob/upload.html",
            admin_context(self, request, title, form=form, max_files=MAX_JOB_FILES,
                          preview_url=reverse("admin:articles_pageimport_upload"),
                          pdf_megabytes=settings.NEWSROOM_MAX_PDF_BYTES // 2**20),
            status=400 if request.method == "POST" else 200,
        )

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = self._job(object_id)
        progress = jobs.job_progress(job=job, items=list(job.items.all()))
        return TemplateResponse(
            request, "admin/articles/importjob/job.html",
            admin_context(self, request, str(job), job=job, progress=progress,
                          has_delete_permission=self.has_delete_permission(request, job),
                          progress_url=reverse("admin:articles_importjob_progress", args=[job.pk]),
                          rerun_url=reverse("admin:articles_importjob_rerun", args=[job.pk])),
        )

    def progress_view(self, request: HttpRequest, job_id: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = self._job(job_id)
        response = JsonResponse(jobs.job_progress(job=job, items=list(job.items.all())),
                                json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "no-store"
        return response

    def rerun_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = self._job(job_id)
        count = jobs.job_rerun_failed(job=job)
        if count:
            messages.success(request, gettext("%(count)d failed file(s) queued again.") % {"count": count})
        else:
            messages.info(request, gettext("No failed file to run again."))
        return HttpResponseRedirect(job.get_absolute_url())

    @staticmethod
    def _job(job_id: Any) -> ImportJob:
        jobs_ = ImportJob.objects.select_related("created_by")
        job = jobs_.filter(pk=job_id).first() if str(job_id).isdigit() else None
        if job is None:
            raise Http404(gettext("No such import job."))
        return job



@admin.register(ImportJobItem)
class ImportJobItemAdmin(admin.ModelAdmin):
    """A job's files are shown and re-run on the job's page; this list (out of the index) is for
    finding one by its file name or error."""

    list_display = ["__str__", "job", "status", "attempts", "reason", "finished_at"]
    list_select_related = ["job"]
    list_filter = ["status"]
    search_fields = ["file_name", "error"]  # (the reason's English text)
    exclude = ["error", "error_message"]  # shown as `reason`, in the reader's language
    readonly_fields = ["reason"]

    @admin.display(description=_("reason of the failure"))
    def reason(self, obj: ImportJobItem) -> str:
        return obj.error_display or "—"

    def get_model_perms(self, request: HttpRequest) -> dict[str, bool]:
        return {}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # items come from a job's upload, through articles.services.jobs

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
