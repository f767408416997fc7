"""Articles in the admin: the list with its filters, the change form with its inlines, the preview,
the import conflicts; and the events, keywords and captions articles carry."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles import roles
from articles.admin.forms import ArticleAdminForm, ListTextField
from articles.admin.history import ArticleHistoryContextHelper
from articles.admin.images import ArticleImageInline, ArticleImagesAdminMixin
from articles.admin.imports import admin_context
from articles.models import Article, Caption, Event, Keyword, Page
from articles.search import SearchQueryError, search_articles
from articles.services import ArticleChangedError, article_resolve_conflict, article_save_edit, article_set_status
from articles.services.representations import representations_rebuild, representations_rebuild_showing
from newsroom.admin_freshness import DropsStoredRepresentations
from newsroom.db import parse_id
from newsroom.i18n import translated
from people.models import Credit, Organization, OrganizationMention, Person, PersonMention, PlaceMention

#: Byline roles shown as "reporters" in the list.
BYLINE_ROLES = (Credit.Role.REPORTER, Credit.Role.CORRESPONDENT, Credit.Role.INTERN)


# --------------------------------------------------------------------------------- list filters


class PageNumberFilter(admin.SimpleListFilter):
    title = _("page")
    parameter_name = "page_number"

    def lookups(self, request, model_admin):
        numbers = (
            Page.objects.exclude(number=None).order_by("number").values_list("number", flat=True).distinct()
        )
        return [(str(n), f"第{n}版") for n in numbers]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        number = parse_id(value)
        if number is None:
            return queryset.none()  # a hand-edited URL: an empty list, not an error
        return queryset.filter(page__number=number)


class ArticlesByIdFilter(admin.SimpleListFilter):
    """Articles related to one row of `model`, by its id: the `shown` most used as choices, and any
    row's id in the URL (a hand-edited id that is no row's gives an empty list, not an error)."""

    model: type[Model]
    shown: int

    def most_used(self) -> QuerySet:
        raise NotImplementedError

    def article_ids(self, pk: int) -> QuerySet:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        choices = [(str(row.pk), str(row)) for row in self.most_used()[: self.shown]]
        chosen = parse_id(self.value())
        if chosen is not None and str(chosen) not in {pk for pk, _ in choices}:
            row = self.model.objects.filter(pk=chosen).first()
            if row:
                choices.append((self.value(), str(row)))
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        chosen = parse_id(self.value())
        return queryset.none() if chosen is None else queryset.filter(pk__in=self.article_ids(chosen))


class ReporterFilter(ArticlesByIdFilter):
    """The most credited people (staff first): everyone credited on a story, in its byline or
    under a photo (a photographer credited only with 摄 is a reporter to the desk too); any
    person's id works in the URL (the person list links every name here)."""

    title = _("reporter")
    parameter_name = "reporter"
    model = Person
    shown = 40

    def most_used(self) -> QuerySet:
        return (
            Person.objects.filter(credits__isnull=False)
            .annotate(credit_count=Count("credits"))
            .order_by("-is_staff_reporter", "-credit_count", "name")
        )

    def article_ids(self, pk: int) -> QuerySet:
        return Credit.objects.filter(person_id=pk).values("article_id")


class OrganizationFilter(ArticlesByIdFilter):
    """The most mentioned organizations; any organization's id works in the URL."""

    title = _("organization")
    parameter_name = "organization"
    model = Organization
    shown = 30

    def most_used(self) -> QuerySet:
        return (
            Organization.objects.annotate(mention_count=Count("mentions"))
            .filter(mention_count__gt=0)
            .order_by("-mention_count", "name")
        )

    def article_ids(self, pk: int) -> QuerySet:
        return OrganizationMention.objects.filter(organization_id=pk).values("article_id")


# --------------------------------------------------------------------------------------- inlines


class CaptionInline(admin.StackedInline):
    model = Caption
    extra = 0
    fields = ["order", "text"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class _ArticleChildInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A caption credit may only point at one of this article's captions, not any in the archive.
        if db_field.name == "caption":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Caption.objects.filter(article_id=object_id) if object_id else Caption.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CreditInline(_ArticleChildInline):
    model = Credit
    fields = ["person", "role", "label", "caption", "order"]
    autocomplete_fields = ["person"]
    verbose_name_plural = _("credits (bylines and photo credits)")


class PersonMentionForm(forms.ModelForm):
    titles = ListTextField(label=_("titles"))

    class Meta:
        model = PersonMention
        fields = ["person", "titles"]


class PersonMentionInline(_ArticleChildInline):
    model = PersonMention
    form = PersonMentionForm
    autocomplete_fields = ["person"]
    verbose_name_plural = _("people mentioned (with their titles)")


class OrganizationMentionForm(forms.ModelForm):
    forms = ListTextField(label=_("forms used"))

    class Meta:
        model = OrganizationMention
        fields = ["organization", "forms"]


class OrganizationMentionInline(_ArticleChildInline):
    model = OrganizationMention
    form = OrganizationMentionForm
    autocomplete_fields = ["organization"]
    verbose_name_plural = _("organizations mentioned")


class PlaceMentionInline(_ArticleChildInline):
    model = PlaceMention
    autocomplete_fields = ["place"]
    verbose_name_plural = _("places mentioned")


def _event_link_str(link: Model) -> str:
    return str(link.event)  # type: ignore[attr-defined]


# The link rows are Django's own through model, whose str "Event_articles object (1)" the inline
# prints atop each row: it names the event instead.
Event.articles.through.__str__ = _event_link_str  # type: ignore[method-assign]


class _ThroughRowsLabelled:
    """Rows of a many-to-many's own through model: its foreign keys have no verbose names, so their
    column would read "Event" in every language; they take the related model's (translated) name."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("label", capfirst(db_field.related_model._meta.verbose_name))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class EventLinkInline(_ThroughRowsLabelled, _ArticleChildInline):
    model = Event.articles.through
    autocomplete_fields = ["event"]
    verbose_name = _("event")
    verbose_name_plural = _("events reported")


# --------------------------------------------------------------------------------------- articles


@admin.register(Article)
class ArticleAdmin(ArticleImagesAdminMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "headline_display", "issue_date", "page_display", "kind", "status_display", "reporters", "last_change",
    ]
    list_display_links = ["headline_display"]
    list_filter = [
        "status", PageNumberFilter, "kind", ReporterFilter, OrganizationFilter, "has_import_conflict",
        "edited_since_import",
    ]
    date_hierarchy = "page__issue__date"
    # The search box appears with search_fields; get_search_results does the searching.
    search_fields = ["headline"]
    search_help_text = _("Headline, body and names (reporters and people mentioned), in Chinese.")
    list_per_page = 50
    show_full_result_count = False
    actions = ["publish", "unpublish", "send_to_review"]
    autocomplete_fields = ["keywords", "page"]
    inlines = [
        ArticleImageInline, CaptionInline, CreditInline, PersonMentionInline, OrganizationMentionInline,
        PlaceMentionInline, EventLinkInline,
    ]
    editor_readonly_fields = [
        "public_link", "publish_time_source", "source_span", "parser_version", "edited_since_import",
        "has_import_conflict", "created_at", "updated_at",
    ]

    def view_on_site(self, obj: Article) -> str:
        # "View on site" of an article readers cannot see yet opens the desk's preview instead of a 404.
        if obj.is_visible:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_historical_record_context_helper(self, request, historical_record):
        return ArticleHistoryContextHelper(self.model, historical_record)

    @admin.display(description=_("publish time from"))
    def publish_time_source(self, obj: Article) -> str:
        # An import publishes at the print date's morning; a page without a date cannot, and the
        # desk should know why such a story looks fresh (a move to its date fixes the time).
        if obj.pk is None:
            return "-"
        if obj.page.issue_id is None:
            return gettext("the page is undated: published at the time of the import; move the page to its issue "
                     "date to publish it at the print date")
        return gettext("the issue date, %(date)s, at %(hour)02d:00 (an editor may set another time)") % {
            "date": obj.page.issue.date.isoformat(), "hour": settings.NEWSROOM_PUBLISH_HOUR}

    def get_fieldsets(self, request, obj=None):
        publishing = ["status", "published_at", "publish_time_source", "kind", "keywords", "slug"]
        return [
            # (opened_version: the hidden version the form was opened at, see ArticleAdminForm)
            (None, {"fields": ["kicker", "headline", "subtitle", "dateline", "opened_version"]}),
            (_("Body"), {"fields": ["body"]}),
            (_("Publishing"), {"fields": [*publishing, "public_link"]}),
            (_("Print position and import"), {
                "classes": ["collapse"],
                "fields": ["page", "order", "source_span", "parser_version", "edited_since_import",
                           "has_import_conflict", "created_at", "updated_at"],
            }),
        ]

    def get_readonly_fields(self, request, obj=None):
        if roles.is_editor(request.user):
            return self.editor_readonly_fields
        # A reporter edits the text and may send it to review; where and when it runs is the desk's.
        return [*self.editor_readonly_fields, "published_at", "kind", "keywords", "slug", "page", "order"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not roles.is_editor(request.user):
            kwargs["choices"] = [
                (value, label) for value, label in Article.Status.choices if value != Article.Status.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # -- who sees what ------------------------------------------------------------------------------

    def _with_bylines(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("page", "page__issue", "page__publication").prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.filter(caption__isnull=True, role__in=BYLINE_ROLES)
                .select_related("person")
                .order_by("order", "pk"),
                to_attr="byline_credits",
            )
        )

    def get_queryset(self, request):
        return roles.editable_articles(request.user, self._with_bylines(super().get_queryset(request)))

    def has_add_permission(self, request):
        # Articles come from page imports (an article needs its page and source lines).
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_edit(request.user, obj))

    def has_view_permission(self, request, obj=None):
        # The change form is the desk's: shown for the articles one may change (a reporter's own
        # drafts), not for every article one may read.
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or roles.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return roles.is_editor(request.user) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return roles.is_editor(request.user)

    # -- list columns -------------------------------------------------------------------------------

    @admin.display(description=_("headline"), ordering="headline")
    def headline_display(self, obj: Article) -> str:
        return str(obj)

    @admin.display(description=_("issue date"), ordering="page__issue__date")
    def issue_date(self, obj: Article):
        return obj.page.issue.date if obj.page.issue_id else "—"

    @admin.display(description=_("page"), ordering="page__number")
    def page_display(self, obj: Article) -> str:
        page = obj.page
        number = f"第{page.number}版" if page.number else ""
        return f"{number} {page.name}".strip() or page.source_file

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj: Article) -> str:
        label = obj.get_status_display()
        if obj.status == Article.Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            when = timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")
            return format_html("{} <small>({} {})</small>", label, _("scheduled"), when)
        if obj.has_import_conflict:
            return format_html('{} <small class="nr-error">{}</small>', label, _("import conflict"))
        return label

    @admin.display(description=_("last change"), ordering="updated_at")
    def last_change(self, obj: Article):
        return obj.updated_at

    @admin.display(description=_("reporters"))
    def reporters(self, obj: Article) -> str:
        credits = getattr(obj, "byline_credits", None)
        if credits is None:  # not from the list queryset
            credits = obj.credits.filter(caption__isnull=True, role__in=BYLINE_ROLES).select_related("person")
        return "、".join(credit.person.name for credit in credits)

    # -- form read-only fields ------------------------------------------------------------------------

    @admin.display(description=_("on the site"))
    def public_link(self, obj: Article) -> str:
        if obj.pk is None:
            return "—"
        preview = reverse("admin:articles_article_preview", args=[obj.pk])
        if obj.is_visible:
            return format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}">{}</a>',
                obj.get_absolute_url(), _("public page"), preview, _("preview"),
            )
        reason = _("scheduled: not yet visible to readers") if obj.status == Article.Status.PUBLISHED else _(
            "not visible to readers"
        )
        return format_html('{} · <a href="{}" target="_blank">{}</a>', reason, preview, _("preview"))

    @admin.display(description=_("source lines"))
    def source_span(self, obj: Article) -> str:
        return f"{obj.source_first_line}–{obj.source_last_line}"

    # -- saving goes through the services ------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        article_save_edit(article=obj, user=request.user, reason="edited in the admin",
                          opened=getattr(form, "opened", None))

    def save_related(self, request, form, formsets, change):
        # keywords, captions, credits, mentions and events are saved after the article: its stored
        # representation is rebuilt once they are (the admin's transaction holds both)
        super().save_related(request, form, formsets, change)
        representations_rebuild(article_ids=[form.instance.pk])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusing_lost_updates(request, super().changeform_view, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._refusing_lost_updates(request, super().history_form_view, object_id, version_id, extra_context)

    def _refusing_lost_updates(self, request, view, *args):
        """The form refuses a save over a newer change; a change that came in after the form's check
        is refused by the service (under a lock), here: the whole save rolled back, the form again."""
        try:
            return view(request, *args)
        except ArticleChangedError as error:
            self.message_user(request, translated(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if len(term) > 200:
            self.message_user(request, _("The search is too long (at most 200 characters)."), messages.WARNING)
            return queryset.none(), False
        name_hits = Article.objects.filter(
            Q(credits__person__name__icontains=term) | Q(person_mentions__person__name__icontains=term)
        ).values("pk")
        text_hits = self._text_hits(request, term)
        return queryset.filter(Q(pk__in=text_hits) | Q(pk__in=name_hits)), False

    def _text_hits(self, request, term: str):
        """Articles whose text matches, by the full-text engine (word segmentation for Chinese)."""
        try:
            return search_articles(term, queryset=Article.objects.all()).order_by().values("pk")
        except SearchQueryError as error:
            # A query of nothing but punctuation, say: headline matches still help the desk.
            self.message_user(request, translated(error), messages.WARNING)
            return Article.objects.filter(headline__icontains=term).values("pk")

    # -- bulk actions ---------------------------------------------------------------------------------

    def _set_status(self, request, queryset: QuerySet, status: str, done: str) -> None:
        changed = article_set_status(articles=queryset, status=status, user=request.user)
        self.message_user(request, done % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED, _("%(count)d article(s) published."))

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.DRAFT, _("%(count)d article(s) back to draft."))

    @admin.action(description=_("Send to review"), permissions=["publish"])
    def send_to_review(self, request, queryset):
        self._set_status(request, queryset, Article.Status.REVIEW, _("%(count)d article(s) sent to review."))

    # -- extra views: preview, conflicts --------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="articles_article_preview"),
            path("conflicts/", view(self.conflicts_view), name="articles_article_conflicts"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            lines = article.page.source_lines(article.source_first_line, article.source_last_line)
            extra_context["source_lines"] = lines
            extra_context["source_page"] = article.page
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_view(self, request: HttpRequest, pk: int):
        """The article as readers will see it — drafts and scheduled ones included — for the desk."""
        article = get_object_or_404(self._with_bylines(Article.objects.all()), pk=pk)
        if not roles.can_see(request.user, article):
            raise Http404  # as on the site and the API: an article one may not see does not exist
        return TemplateResponse(request, "admin/articles/article/preview.html", {"article": article})

    def conflicts_view(self, request: HttpRequest):
        return article_conflicts_view(self, request)


# ------------------------------------------------------------------------------------ conflicts


def _side_by_side(article: Article) -> dict[str, Any]:
    pending = article.pending_parse or {}
    removed = bool(pending.get("removed"))
    heads = []
    for name, label in (("kicker", gettext("kicker")), ("headline", gettext("headline")),
                        ("subtitle", gettext("subtitle")), ("dateline", gettext("dateline"))):
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


def article_conflicts_view(model_admin: ModelAdmin, request: HttpRequest) -> HttpResponse:
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
            messages.error(request, gettext("No such conflict."))
            return HttpResponseRedirect(request.get_full_path())
        article = get_object_or_404(Article.objects.conflicting(), pk=article_id)
        choice = request.POST.get("choice")
        if choice not in {"keep", "accept"}:
            messages.error(request, gettext("Choose to keep the edited text or to take the new parse."))
        else:
            article_resolve_conflict(article=article, accept_new_parse=choice == "accept", user=request.user)
            messages.success(request, gettext("“%(article)s”: %(what)s.") % {
                "article": article,
                "what": (gettext("the new parse was taken") if choice == "accept"
                         else gettext("the edited text was kept")),
            })
        return HttpResponseRedirect(request.get_full_path())

    paginator = Paginator(queryset, 20)
    page_obj = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "admin/articles/article/conflicts.html",
        admin_context(
            model_admin, request, gettext("Import conflicts"),
            conflicts=[_side_by_side(article) for article in page_obj.object_list],
            page_obj=page_obj, total=paginator.count,
        ),
    )


# ------------------------------------------------------------------------------------------ events


class EventArticleInline(_ThroughRowsLabelled, admin.TabularInline):
    model = Event.articles.through
    extra = 0
    autocomplete_fields = ["article"]
    verbose_name = _("article")
    verbose_name_plural = _("articles reporting it")


@admin.register(Event)
class EventAdmin(DropsStoredRepresentations, SimpleHistoryAdmin):
    def articles_shown(self, obj: Event):
        return Article.objects.filter(events=obj)

    def save_related(self, request, form, formsets, change):
        # the articles reporting it before and after the edit show its name and date (mentions.events)
        before = set(Event.articles.through.objects.filter(event_id=form.instance.pk)
                     .values_list("article_id", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        representations_rebuild(article_ids=before | set(
            Event.articles.through.objects.filter(event_id=form.instance.pk).values_list("article_id", flat=True)))

    list_display = ["name", "iso_date", "part_of_day", "place", "article_list"]
    list_filter = ["year", "month", "part_of_day"]
    list_select_related = ["place"]
    search_fields = ["name", "location"]
    ordering = ["-year", "-month", "-day", "name"]
    autocomplete_fields = ["place", "organizers", "participants"]
    fields = ["name", "year", "month", "day", "part_of_day", "time", "place", "location", "organizers",
              "participants"]
    inlines = [EventArticleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("articles", queryset=Article.objects.only("pk", "headline", "kind", "body").order_by("pk"))
        )

    @admin.display(description=_("date"), ordering="year")
    def iso_date(self, obj: Event) -> str:
        return obj.iso_date or "—"

    @admin.display(description=_("articles"))
    def article_list(self, obj: Event) -> str:
        articles = list(obj.articles.all())
        if not articles:
            return "—"
        return format_html_join(
            "、", '<a href="{}">{}</a>',
            ((reverse("admin:articles_article_change", args=[a.pk]), str(a)) for a in articles),
        )


@admin.register(Keyword)
class KeywordAdmin(DropsStoredRepresentations, admin.ModelAdmin):
    def articles_shown(self, obj: Keyword):
        return Article.objects.filter(keywords=obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # a renamed keyword: the articles listing it
            representations_rebuild_showing(keywords=[obj.pk])

    list_display = ["name", "article_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj: Keyword) -> int:
        return obj.article_total


@admin.register(Caption)
class CaptionAdmin(DropsStoredRepresentations, admin.ModelAdmin):
    """Captions are edited inline on their article; this list (out of the index) is for finding them."""

    def articles_shown(self, obj: Caption):
        return Article.objects.filter(pk=obj.article_id)

    def get_model_perms(self, request):
        return {}

    list_display = ["__str__", "article", "order"]
    list_select_related = ["article"]
    search_fields = ["text"]
    autocomplete_fields = ["article"]
