"""Re-parsing the archive: the current parser over pages stored by an older one.

`pages_to_reparse()` picks the pages whose `parser_version` is older than the parser's (or than a
given version); `page_reparse()` re-imports one page's stored raw text through the import's own
path (`importing.page_import` → `writer.PageWriter`), so what a re-import keeps, a re-parse
keeps: articles nobody edited and their mentions take the new parse, edited ones keep their text
and are flagged as conflicting with the new parse beside them, merged persons and organizations
stay merged (names resolve to the rows that remain). Each page is its own transaction; a page
that fails changes nothing and the others go on. `PageReparse` says what changed: the outcome,
the conflicts and the names mentioned before and after::

    >>> report = page_reparse(page=page, dry_run=True)
    >>> report.outcome, report.added["places"], report.removed["places"]
    ('would update', ('田庄', '贾寨'), ('湖北', '湖北路'))

Pages read from a PDF are left out: their articles came from the PDF's layout, which their raw
text does not keep (import the PDF again)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from articles.models import Page
from articles.parsing import PARSER_VERSION, parse_page
from articles.parsing.model import ParsedArticle
from articles.services.importing import PageImportError, page_import
from articles.services.lexicon import archive_lexicon
from people.models import OrganizationMention, PersonMention, PlaceMention

KINDS = ("people", "organizations", "places")


def version_key(version: str) -> tuple[int | str, ...]:
    """"2026.12.1" → (2026, 12, 1): versions compare part by part, numbers as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version.strip()) if p)


def _older(version: str, than: str) -> bool:
    a, b = version_key(version), version_key(than)
    try:
        return a < b
    except TypeError:  # a part that is a number in one and a word in the other: unordered, so re-parse
        return version != than


@dataclass(frozen=True)
class PageReparse:
    """What re-parsing one page did (or, in a dry run, would do)."""

    page_id: int
    source_file: str
    old_version: str
    outcome: str  # updated, unchanged, would update, skipped, failed
    conflicts: tuple[int, ...] = ()
    added: dict[str, tuple[str, ...]] = field(default_factory=dict)
    removed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"page_id": self.page_id, "source_file": self.source_file, "old_version": self.old_version,
                "outcome": self.outcome, "conflicts": list(self.conflicts),
                "added": {k: list(v) for k, v in self.added.items()},
                "removed": {k: list(v) for k, v in self.removed.items()}, "message": self.message}


def pages_to_reparse(*, before_version: str | None = None) -> list[Page]:
    """Pages stored by a parser older than `before_version` (default: the current parser), in the
    order they were imported."""
    limit = before_version or PARSER_VERSION
    pages: QuerySet[Page] = Page.objects.select_related("publication", "issue").order_by("pk")
    return [p for p in pages.exclude(parser_version=limit) if _older(p.parser_version, limit)]


def is_pdf_page(page: Page) -> bool:
    return bool(re.search(r"\.pdf(#\d+)?$", page.source_file, re.IGNORECASE))


def page_reparse(*, page: Page, dry_run: bool = False, status: str | None = None) -> PageReparse:
    """Re-parse one stored page (see the module docstring); raises nothing for a bad page: its
    `PageReparse` says why it failed, and nothing of it changed."""
    def result(outcome: str, *, changes: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None,
               conflicts: tuple[int, ...] = (), message: str = "") -> PageReparse:
        before, after = changes or ({}, {})
        return PageReparse(
            page_id=page.pk, source_file=page.source_file, old_version=page.parser_version, outcome=outcome,
            conflicts=conflicts, message=message,
            added={k: tuple(sorted(after[k] - before[k])) for k in KINDS} if changes else {},
            removed={k: tuple(sorted(before[k] - after[k])) for k in KINDS} if changes else {},
        )

    if is_pdf_page(page):
        return result("skipped", message="read from a PDF: its articles follow the PDF's layout; import the PDF again")
    before = page_names(page)
    date = page.issue.date if page.issue is not None else None
    if dry_run:
        parsed = parse_page(page.raw_text, date=date, file=page.source_file or None, lexicon=archive_lexicon())
        return result("would update", changes=(before, parsed_names(parsed.articles)))
    try:
        report = page_import(text=page.raw_text, source_file=page.source_file, publication=page.publication.name,
                             date=date, page_number=page.number, status=status)
    except PageImportError as error:
        return result("failed", message=error.reason)
    after = page_names(Page.objects.get(pk=report.page_id))
    return result(report.outcome, changes=(before, after), conflicts=report.conflicts,
                  message="; ".join(report.warnings))


def archive_reparse(*, before_version: str | None = None, dry_run: bool = False,
                    status: str | None = None) -> list[PageReparse]:
    """`page_reparse` over every page `pages_to_reparse` picks."""
    return [page_reparse(page=page, dry_run=dry_run, status=status)
            for page in pages_to_reparse(before_version=before_version)]


def page_names(page: Page) -> dict[str, set[str]]:
    """The names the page's stored articles mention, by kind."""
    return {
        "people": set(PersonMention.objects.filter(article__page=page).values_list("person__name", flat=True)),
        "organizations": set(OrganizationMention.objects.filter(article__page=page)
                             .values_list("organization__name", flat=True)),
        "places": set(PlaceMention.objects.filter(article__page=page).values_list("place__name", flat=True)),
    }


def parsed_names(articles: Iterable[ParsedArticle]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for a in articles:
        out["people"].update(p.name for p in a.entities.people)
        out["organizations"].update(o.name for o in a.entities.organizations)
        out["places"].update(p.name for p in a.entities.places)
    return out
