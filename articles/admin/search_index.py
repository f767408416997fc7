"""The tables derived from articles in the admin — the search index's and the stored public
representations: read-only, out of the index page."""

from __future__ import annotations

from django.contrib import admin

from articles.models import ArticleRepresentation
from articles.roles import is_editor
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


@admin.register(ArticleRepresentation)
class ArticleRepresentationAdmin(SearchIndexAdmin):
    """An article's stored public JSON (articles.services.representations): which shape, and when
    it was built — for the desk to see whether an article is served from it."""

    list_display = ["article", "shape_version", "built_at"]
    readonly_fields = ["article", "shape_version", "built_at"]
    fields = readonly_fields
    date_hierarchy = "built_at"

    # the model has no permissions of its own (only the services write it): editors may look
    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return False
