"""The admin's edits of what articles show, outside the article form: after each save or delete,
the stored public representations of the articles concerned are dropped
(`articles.services.representations.representations_drop`), so readers and clients get those
articles built afresh until they are stored again. Exact freshness for every admin list — the
page's name and number, an issue's date, the paper's name, a caption, a credit, a mention, a
deleted person — without a hook in each. It lives beside the settings because both apps' admins use
it (people's may not reach into the articles' admin)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from articles.models import Article
from articles.services.representations import representations_drop


class DropsStoredRepresentations:
    """ModelAdmin mixin (put it first): `articles_shown(obj)` names the articles an object shows on."""

    def articles_shown(self, obj: Any) -> QuerySet[Article] | set[int]:
        """The articles `obj` shows on: a QuerySet of them, or their ids."""
        raise NotImplementedError

    def _shown_ids(self, objects: Any) -> set[int]:
        ids: set[int] = set()
        for obj in objects:
            shown = self.articles_shown(obj)
            ids.update(shown.values_list("pk", flat=True) if isinstance(shown, QuerySet) else shown)
        return ids

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # what the stored row showed on (a caption moved to another article leaves its first one)
        before = self._shown_ids(type(obj)._default_manager.filter(pk=obj.pk)) if change and obj.pk else set()
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        representations_drop(article_ids=before | self._shown_ids([obj]))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        shown = self._shown_ids([obj])  # read before the rows that link them go
        super().delete_model(request, obj)  # type: ignore[misc]
        representations_drop(article_ids=shown)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        shown = self._shown_ids(queryset)
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        representations_drop(article_ids=shown)
