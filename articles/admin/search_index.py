"""The search index's tables in the admin: read-only, out of the index page."""

from __future__ import annotations

from django.contrib import admin

from articles.search.models import SearchDocument, SearchRuns


class SearchIndexAdmin(admin.ModelAdmin):
    """A table of the search index, read-only and out of the index page: written only by
    `index_articles`; shown so the desk can see what an article was indexed as when a search
    surprises them."""

    list_select_related = ["article"]

    def get_model_perms(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SearchDocument)
class SearchDocumentAdmin(SearchIndexAdmin):
    list_display = ["article", "date", "indexed_at"]
    readonly_fields = ["article", "date", "indexed_at", "headline", "names", "body"]
    fields = readonly_fields
    date_hierarchy = "indexed_at"


@admin.register(SearchRuns)
class SearchRunsAdmin(SearchIndexAdmin):
    list_display = ["article"]
    readonly_fields = ["article", "runs"]
    fields = readonly_fields
