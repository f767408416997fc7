"""Admin registration of the people app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Credit,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "disambiguation", "is_staff_reporter"]
    list_filter = ["is_staff_reporter"]
    search_fields = ["name", "disambiguation"]


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "disambiguation"]
    search_fields = ["name", "aliases__name"]
    inlines = [OrganizationAliasInline]


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "disambiguation"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "label", "article"]
    list_filter = ["role"]
    list_select_related = ["person", "article"]
    raw_id_fields = ["article", "caption", "person"]


@admin.register(PersonMention)
class PersonMentionAdmin(admin.ModelAdmin):
    list_display = ["person", "titles", "article"]
    list_select_related = ["person", "article"]
    raw_id_fields = ["article", "person"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(admin.ModelAdmin):
    list_display = ["organization", "article"]
    list_select_related = ["organization", "article"]
    raw_id_fields = ["article", "organization"]


@admin.register(PlaceMention)
class PlaceMentionAdmin(admin.ModelAdmin):
    list_display = ["place", "article"]
    list_select_related = ["place", "article"]
    raw_id_fields = ["article", "place"]
