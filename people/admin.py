"""The editors' admin for people, organizations and places: counts, merges, staff reporters."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article
from articles.roles import is_editor
from articles.services.representations import (
    organization_article_ids,
    person_article_ids,
    representations_rebuild_showing,
)
from newsroom.admin_freshness import DropsStoredRepresentations
from newsroom.history import MARKED_STAFF, UNMARKED_STAFF
from newsroom.i18n import translated

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
from .services import MergeError, organization_merge, person_merge


def _article_count(model, fk: str):
    """Distinct articles of `model` rows pointing at the outer row, as a correlated subquery:
    two counts on one list never multiply each other's joins."""
    rows = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(total=Count("article_id", distinct=True))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


class HiddenFromIndexAdmin(DropsStoredRepresentations, admin.ModelAdmin):
    """Credits, mentions and aliases are edited inline on their article or organization: their own
    lists stay reachable by URL (for finding them) but out of the index, which shows the desk's tools.
    What is changed here drops the stored representations of the article it belongs to."""

    def articles_shown(self, obj):
        return Article.objects.filter(pk=obj.article_id)

    def get_model_perms(self, request):
        return {}


class MergeActionMixin:
    """An action merging exactly two selected records: a confirmation page picks the one to keep."""

    merge_service = None  # a keyword-only service(source=, target=, user=)
    merge_template = "admin/people/merge.html"

    def has_merge_permission(self, request) -> bool:
        return is_editor(request.user) and self.has_change_permission(request) and self.has_delete_permission(
            request
        )

    def merge_summary(self, obj) -> list[str]:
        raise NotImplementedError

    @admin.action(description=_("Merge the two selected into one"), permissions=["merge"])
    def merge(self, request, queryset):
        records = list(queryset.order_by("pk")[:3])
        if len(records) != 2:
            self.message_user(request, _("Select exactly two records to merge."), messages.WARNING)
            return None
        if "confirm" in request.POST:
            keep = request.POST.get("keep")
            by_pk = {str(r.pk): r for r in records}
            if keep not in by_pk:
                self.message_user(request, _("Choose the record to keep."), messages.ERROR)
                return None
            target = by_pk.pop(keep)
            source = next(iter(by_pk.values()))
            try:
                merged = self.merge_service(source=source, target=target, user=request.user)
            except MergeError as error:
                self.message_user(request, translated(error), messages.ERROR)
                return None
            self.message_user(
                request, _("“%(source)s” was merged into “%(target)s”.") % {"source": source, "target": merged},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[merged.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge %(name)s") % {"name": self.opts.verbose_name_plural},
            "records": [{"obj": r, "summary": [line for line in self.merge_summary(r) if line]} for r in records],
            "action": "merge",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.merge_template, context)


class ShownInArticlesMixin(DropsStoredRepresentations):
    """A record articles show (its name, its kind): an edit rewrites their stored representations
    in the admin's transaction (articles.services.representations), a deletion drops them. A new
    one no article shows yet."""

    shown_as = ""  # the keyword of representations_rebuild_showing

    def articles_shown(self, obj):
        return {
            "persons": lambda: person_article_ids(person_ids=[obj.pk]),
            "organizations": lambda: organization_article_ids(organization_ids=[obj.pk]),
            "places": lambda: set(PlaceMention.objects.filter(place=obj).values_list("article_id", flat=True)),
        }[self.shown_as]()

    def save_model(self, request, obj, form, change):
        # the save of the admins after this mixin (history's): rebuilt below, so not dropped first
        super(DropsStoredRepresentations, self).save_model(request, obj, form, change)
        if change:
            representations_rebuild_showing(**{self.shown_as: [obj.pk]})


@admin.register(Person)
class PersonAdmin(ShownInArticlesMixin, MergeActionMixin, SimpleHistoryAdmin):
    shown_as = "persons"
    merge_service = staticmethod(person_merge)
    list_display = ["name", "disambiguation", "is_staff_reporter", "user", "credited", "mentioned"]
    list_filter = ["is_staff_reporter"]
    search_fields = ["name", "disambiguation"]
    list_select_related = ["user"]
    fields = ["name", "disambiguation", "is_staff_reporter", "user", "bio"]
    actions = ["merge", "mark_staff_reporter", "unmark_staff_reporter"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            credited_total=_article_count(Credit, "person"),
            mentioned_total=_article_count(PersonMention, "person"),
        )

    @admin.display(description=_("articles credited"), ordering="credited_total")
    def credited(self, obj: Person):
        if not obj.credited_total:
            return 0
        url = reverse("admin:articles_article_changelist") + f"?reporter={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.credited_total)

    @admin.display(description=_("articles mentioning"), ordering="mentioned_total")
    def mentioned(self, obj: Person) -> int:
        return obj.mentioned_total

    def merge_summary(self, obj: Person) -> list[str]:
        return [
            _("%(n)d credit(s)") % {"n": obj.credits.count()},
            _("%(n)d mention(s)") % {"n": obj.mentions.count()},
            _("%(n)d event(s)") % {"n": obj.events.count()},
            _("staff reporter") if obj.is_staff_reporter else "",
            _("login: %(user)s") % {"user": obj.user} if obj.user_id else "",
        ]

    def _set_staff(self, request, queryset, value: bool) -> int:
        changed = 0
        for person in queryset.filter(is_staff_reporter=not value):
            person.is_staff_reporter = value
            person._history_user = request.user
            person._change_reason = (MARKED_STAFF if value else UNMARKED_STAFF).stored()
            person.save(update_fields=["is_staff_reporter"])
            changed += 1
        return changed

    @admin.action(description=_("Mark as staff reporter"), permissions=["change"])
    def mark_staff_reporter(self, request, queryset):
        changed = self._set_staff(request, queryset, True)
        self.message_user(request, _("%(n)d person(s) marked as staff reporters.") % {"n": changed})

    @admin.action(description=_("Unmark as staff reporter"), permissions=["change"])
    def unmark_staff_reporter(self, request, queryset):
        changed = self._set_staff(request, queryset, False)
        self.message_user(request, _("%(n)d person(s) no longer staff reporters.") % {"n": changed})


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(ShownInArticlesMixin, MergeActionMixin, SimpleHistoryAdmin):
    shown_as = "organizations"
    merge_service = staticmethod(organization_merge)
    list_display = ["name", "disambiguation", "alias_list", "mentioned"]
    search_fields = ["name", "disambiguation", "aliases__name"]
    fields = ["name", "disambiguation"]
    inlines = [OrganizationAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mentioned_total=_article_count(OrganizationMention, "organization"))
            .prefetch_related("aliases")
        )

    @admin.display(description=_("aliases"))
    def alias_list(self, obj: Organization) -> str:
        return "、".join(alias.name for alias in obj.aliases.all()) or "—"

    @admin.display(description=_("articles mentioning"), ordering="mentioned_total")
    def mentioned(self, obj: Organization):
        if not obj.mentioned_total:
            return 0
        url = reverse("admin:articles_article_changelist") + f"?organization={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.mentioned_total)

    def merge_summary(self, obj: Organization) -> list[str]:
        return [
            _("%(n)d mention(s)") % {"n": obj.mentions.count()},
            _("%(n)d event(s) organized") % {"n": obj.organized_events.count()},
            _("aliases: %(names)s") % {"names": "、".join(a.name for a in obj.aliases.all()) or "—"},
        ]


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(HiddenFromIndexAdmin):
    def articles_shown(self, obj):
        return organization_article_ids(organization_ids=[obj.organization_id])

    list_display = ["name", "organization"]
    list_select_related = ["organization"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(Place)
class PlaceAdmin(ShownInArticlesMixin, admin.ModelAdmin):
    shown_as = "places"
    list_display = ["name", "kind", "disambiguation", "mentioned"]
    list_filter = ["kind"]
    search_fields = ["name", "disambiguation"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mentioned_total=_article_count(PlaceMention, "place"))

    @admin.display(description=_("articles mentioning"), ordering="mentioned_total")
    def mentioned(self, obj: Place) -> int:
        return obj.mentioned_total


@admin.register(Credit)
class CreditAdmin(HiddenFromIndexAdmin):
    list_display = ["person", "role", "label", "article"]
    list_filter = ["role"]
    list_select_related = ["person", "article"]
    search_fields = ["person__name", "label"]
    autocomplete_fields = ["article", "person"]
    raw_id_fields = ["caption"]


@admin.register(PersonMention)
class PersonMentionAdmin(HiddenFromIndexAdmin):
    list_display = ["person", "titles", "article"]
    list_select_related = ["person", "article"]
    search_fields = ["person__name"]
    autocomplete_fields = ["article", "person"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(HiddenFromIndexAdmin):
    list_display = ["organization", "forms", "article"]
    list_select_related = ["organization", "article"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["article", "organization"]


@admin.register(PlaceMention)
class PlaceMentionAdmin(HiddenFromIndexAdmin):
    list_display = ["place", "article"]
    list_select_related = ["place", "article"]
    search_fields = ["place__name"]
    autocomplete_fields = ["article", "place"]
