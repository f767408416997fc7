"""The paper readers read: its masthead, name and short name, from its Publication record.

The site, the feeds and the news sitemap name the paper, never the product: `current_paper()`
gives the publication named NEWSROOM_DEFAULT_PUBLICATION (the one `make run` creates with
`ensure_publication`; editors edit it in the admin), or, where none exists, a paper made from
the settings. Its names are read with the content version (articles.caching), in the same query:
a page costs no query more for them, and an edit shows within the version's recheck interval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from articles.caching import _content_state, _version_memo
from articles.models import Publication


@dataclass(frozen=True)
class Paper:
    name: str
    short_name: str
    masthead: str

    @classmethod
    def named(cls, *, masthead: str | None, short_name: str | None) -> Paper:
        name = settings.NEWSROOM_DEFAULT_PUBLICATION
        return cls(name=name, short_name=short_name or name, masthead=masthead or name)


def current_paper() -> Paper:
    # The memo as the page's own content-version check left it (a public page reads it first), so
    # that a page never reads it twice; read afresh where nothing has yet.
    names = _version_memo.get("paper") if _version_memo["version"] is not None else _content_state().get("paper")
    if names is None:  # an archive of no article: read the record itself
        row = Publication.objects.filter(name=settings.NEWSROOM_DEFAULT_PUBLICATION).values_list(
            "pk", "masthead", "short_name").first()
        names = list(row) if row else [None, None, None]
    pk, masthead, short_name = names
    if pk is None:  # no record yet: the settings `ensure_publication` would create it from
        return Paper.named(masthead=settings.NEWSROOM_PUBLICATION_MASTHEAD,
                           short_name=settings.NEWSROOM_PUBLICATION_SHORT_NAME)
    return Paper.named(masthead=masthead, short_name=short_name)


def paper(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: `paper`, read only by a template that shows it."""
    return {"paper": SimpleLazyObject(current_paper)}
