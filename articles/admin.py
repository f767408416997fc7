"""Admin registration of the articles app (the full editors' experience is built on this)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from people.models import Credit, OrganizationMention, PersonMention, PlaceMention

from .models import Article, Caption, Event, Issue, Keyword, Page, PageImport, Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["date", "publication", "number"]
    list_filter = ["publication"]
    date_hierarchy = "date"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "name", "source_file", "parser_version", "imported_at"]
    list_filter = ["publication", "parser_version"]
    list_select_related = ["issue__publication", "publication"]
    search_fields = ["source_file", "name", "sha256"]
    readonly_fields = ["sha256", "raw_text", "parser_version", "imported_at", "updated_at", "warnings", "header"]
    raw_id_fields = ["issue"]


class CaptionInline(admin.TabularInline):
    model = Caption
    extra = 0


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    raw_id_fields = ["person", "caption"]


class PersonMentionInline(admin.TabularInline):
    model = PersonMention
    extra = 0
    raw_id_fields = ["person"]


class OrganizationMentionInline(admin.TabularInline):
    model = OrganizationMention
    extra = 0
    raw_id_fields = ["organization"]


class PlaceMentionInline(admin.TabularInline):
    model = PlaceMention
    extra = 0
    raw_id_fields = ["place"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "page", "order", "kind", "status", "published_at", "updated_at"]
    list_filter = ["status", "kind", "has_import_conflict", "edited_since_import"]
    list_select_related = ["page__issue__publication", "page__publication"]
    search_fields = ["headline", "kicker", "subtitle"]
    date_hierarchy = "published_at"
    raw_id_fields = ["page"]
    filter_horizontal = ["keywords"]
    readonly_fields = ["source_first_line", "source_last_line", "parser_version", "created_at", "updated_at"]
    inlines = [CaptionInline, CreditInline, PersonMentionInline, OrganizationMentionInline, PlaceMentionInline]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso_date", "part_of_day", "place"]
    search_fields = ["name"]
    raw_id_fields = ["place", "organizers", "participants", "articles"]


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(PageImport)
class PageImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source_file", "outcome", "page", "imported_by"]
    list_filter = ["outcome"]
    readonly_fields = ["page", "source_file", "sha256", "outcome", "message", "report", "imported_by", "created_at"]


@admin.register(Caption)
class CaptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "order"]
    list_select_related = ["article"]
    search_fields = ["text"]
    raw_id_fields = ["article"]
