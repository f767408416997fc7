"""Moving pages in the admin: the editor's explicit action that files a page under another date or
page number (`articles.services.page_move`), keeping its articles' ids and edits. A page's date and
number are not edited in its form: a move also moves its articles' publish times and search dates."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Page
from articles.services import PageImportError, page_move
from articles.services.importing import page_place
from newsroom.i18n import translated


class PageMoveForm(forms.Form):
    date = forms.DateField(label=_("issue date"), required=False,
                           help_text=_("YYYY-MM-DD; empty: the page becomes undated"))
    page_number = forms.IntegerField(label=_("page number"), required=False, min_value=MIN_PAGE_NUMBER,
                                     max_value=MAX_PAGE_NUMBER, help_text=_("empty: the page keeps its number"))


@admin.action(description=_("Move to another date or page number…"))
def move_pages(model_admin: ModelAdmin, request: HttpRequest, queryset: QuerySet[Page]) -> HttpResponse | None:
    """First shows the form (the chosen pages, a date and a number), then moves each page."""
    pages = list(queryset.select_related("issue", "publication").order_by("pk"))
    if "apply" in request.POST:
        form = PageMoveForm(request.POST)
        if form.is_valid():
            date: datetime.date | None = form.cleaned_data["date"]
            number: int | None = form.cleaned_data["page_number"]
            if number is not None and len(pages) > 1:
                form.add_error("page_number", gettext("One page number is for one page: move the pages one by one."))
            else:
                for page in pages:
                    before = translated(page_place(page))
                    try:
                        moved = page_move(page=page, date=date, page_number=number, user=request.user)
                    except PageImportError as error:
                        model_admin.message_user(request, f"{before}: {error.translated_reason()}", messages.ERROR)
                        continue
                    model_admin.message_user(
                        request, gettext("%(before)s is now %(after)s.") % {"before": before,
                                                                          "after": translated(page_place(moved))},
                        messages.SUCCESS)
                return None  # back to the list, with the messages
    else:
        form = PageMoveForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Move pages"),
        "opts": model_admin.model._meta,
        "form": form,
        "pages": [(page, translated(page_place(page))) for page in pages],
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "action": "move_pages",
    }
    return TemplateResponse(request, "admin/articles/page/move.html", context)
