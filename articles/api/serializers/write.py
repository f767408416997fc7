"""What the API's writes accept (a status change, a page to import) and what they answer."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Article, PageImport
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
