"""What the API's writes accept (a status change, a page to import) and what they answer."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Article, ImportJob, ImportJobItem, PageImport
from newsroom.db import publish_time_problem

from .read import ArticleSerializer


class PublishTimeField(serializers.DateTimeField):
    """A publish time: one a database holds (DRF's own check of a time near year 1 or 9999 raises
    OverflowError, a 500; PostgreSQL refuses offsets beyond ±15:59) and plausible as an issue date
    is (newsroom.db.publish_time_problem): year 183 was taken, and given back with Shanghai's
    local mean time, +08:05:43, no valid date-time."""

    def to_internal_value(self, value: Any) -> datetime.datetime:
        try:
            parsed = super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")
        problem = publish_time_problem(parsed, timezone.get_current_timezone(), timezone.localdate())
        if problem is not None:
            raise serializers.ValidationError(problem)
        return parsed


class ArticleStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Article.Status.choices)
    publish_at = PublishTimeField(
        required=False, allow_null=True,
        help_text="Only with `published`: the publish time (a future time schedules the article, and "
        "reschedules one already published). Default: the time already set, else now.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("publish_at") is not None and attrs["status"] != Article.Status.PUBLISHED:
            raise serializers.ValidationError({"publish_at": ["A publish time goes only with `published`."]})
        return attrs


class OptionalBooleanField(serializers.BooleanField):
    """A yes/no whose absence means "the server's default" (None), in a form as in JSON: DRF's own
    reads a form without the field as an unticked checkbox, False."""

    default_empty_html = serializers.empty


class PageImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False,
        help_text="The page file, as a multipart upload: a PDF of one or more pages, or a page's text (UTF-8, "
        "GB18030/GBK, or UTF-16 with its byte-order mark).",
    )
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="The page text, instead of a file."
    )
    source_file = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="File name to record (default: the upload's)."
    )
    date = serializers.DateField(
        required=False, allow_null=True,
        help_text="Issue date of the page. Without one the page belongs to no issue: its articles are imported "
        "and published, with no issue date in their print position.",
    )
    publication = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Publication name (default: the site's)."
    )
    page_number = serializers.IntegerField(
        required=False, allow_null=True, min_value=MIN_PAGE_NUMBER, max_value=MAX_PAGE_NUMBER,
        help_text="Page number (版次).",
    )
    status = serializers.ChoiceField(
        choices=Article.Status.choices, required=False, help_text="Status of new articles (default: the site's)."
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # `async` is a Python keyword: no class attribute can be named so
        fields["async"] = OptionalBooleanField(
            required=False, allow_null=True, default=None,
            help_text="Import in the background, by the workers: the answer is 202 with the import job's URL "
            "(`file` may then also be a zip of a day's pages). Default: the server's (yes when it has workers).",
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_file, has_text = attrs.get("file") is not None, bool(attrs.get("text"))
        if has_file == has_text:
            raise serializers.ValidationError("Send exactly one of `file` (an upload) and `text`.")
        return attrs


class PageReportSerializer(serializers.Serializer):
    source_file = serializers.CharField()
    outcome = serializers.ChoiceField(choices=PageImport.Outcome.choices)
    page_id = serializers.IntegerField()
    article_ids = serializers.ListField(child=serializers.IntegerField())
    articles = serializers.IntegerField()
    new_people = serializers.IntegerField()
    new_organizations = serializers.IntegerField()
    new_places = serializers.IntegerField()
    new_events = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    conflicts = serializers.ListField(child=serializers.IntegerField(), help_text="Edited articles now in conflict.")


class ImportReportSerializer(PageReportSerializer):
    """The first page's report, and every page's: a PDF may hold several pages."""

    pages = PageReportSerializer(
        many=True,
        help_text="Every page the file gave, in order: one for a page's text, one per page for a PDF "
        "(the fields above are the first page's).",
    )


class StatusChangeResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    article = ArticleSerializer()


# ------------------------------------------------------------------------------------ import jobs


class ImportJobItemSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="The file's place in the job, from 1.")
    file_name = serializers.CharField()
    status = serializers.ChoiceField(choices=ImportJobItem.Status.choices)
    pages = serializers.IntegerField(help_text="Pages the file holds (a PDF's count; 0 where it cannot be read).")
    attempts = serializers.IntegerField(help_text="Times a worker took the file (more than 1 after a lost worker).")
    error = serializers.CharField(source="error_display", help_text=(
        "Why the file failed (nothing of it was stored), in the request's language (Accept-Language); "
        "empty otherwise."))
    reports = PageReportSerializer(many=True, source="reports_display", help_text=(
        "One report per page stored, once the file is done (its warnings in the request's language)."))


class ImportJobSerializer(serializers.Serializer):
    """An import job: the files of one request, imported in the background by the workers."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="This job's URL: GET it for its progress.")
    status = serializers.ChoiceField(
        choices=ImportJob.Status.choices,
        help_text="`queued`, `running`, then `done` (every file imported) or `failed` (done, some files failed).",
    )
    finished = serializers.BooleanField(source="is_finished")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    files_total = serializers.IntegerField()
    pages_total = serializers.IntegerField()
    pages_done = serializers.IntegerField()
    pages_failed = serializers.IntegerField()
    items = ImportJobItemSerializer(many=True, source="items.all")

    def get_url(self, job: ImportJob) -> str:
        request = self.context.get("request")
        url = reverse("api:import-job", args=[job.pk])
        return request.build_absolute_uri(url) if request is not None else url
