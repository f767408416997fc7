"""Moving a page to where it belongs: an editor's explicit action, never a side effect of an import.

A page imported under the wrong date or page number (or with none) is refused a second import
elsewhere (`importing`: the same text is imported once); `page_move()` files the page itself
under the right date and number. Its rows stay what they are: the page's and its articles' ids
(so their URLs), the editors' edits, the pictures. The articles' publish time follows the issue
date where it was the import's own (an editor's chosen time stands), and their search documents
follow the new date."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from articles.models import Issue, Page, Publication
from articles.page_text import PageFileError, clean_page_text, decode_page_bytes, text_sha256
from articles.search import index_articles
from articles.services.importing import (
    PageImportError,
    _check_page_number,
    issue_date_problem,
    page_place,
)
from articles.services.pdf_import import is_pdf, pdf_parse
from articles.services.representations import representations_rebuild
from articles.services.writer import print_publish_time
from newsroom.history import MOVED
from newsroom.i18n import gettext_noop

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def page_move(
    *, page: Page, date: datetime.date | None, page_number: int | None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Page:
    """File `page` under `date` (None: undated) as page `page_number` (None: keep its number), in one
    transaction. Raises PageImportError (nothing changed) for an implausible date or number, or a
    place another page holds."""
    label = page.source_file
    problem = issue_date_problem(date)
    if problem:
        raise PageImportError(label, problem, field="date")
    number = page.number if page_number is None else page_number
    if number is not None:
        _check_page_number(label, number, "page_number")
    with transaction.atomic():
        page = Page.objects.select_for_update(of=("self",)).select_related("issue", "publication").get(pk=page.pk)
        old_issue = page.issue
        old_date = old_issue.date if old_issue else None
        issue = Issue.objects.get_or_create(publication=page.publication, date=date)[0] if date else None
        taken = Page.objects.filter(publication=page.publication).exclude(pk=page.pk)
        if issue is not None and number is not None:
            taken = taken.filter(issue=issue, number=number)
        elif issue is not None:
            taken = taken.filter(issue=issue, number__isnull=True, sha256=page.sha256)
        else:
            taken = taken.filter(issue__isnull=True, sha256=page.sha256)
        other = taken.select_related("issue", "publication").first()
        if other is not None:
            raise PageImportError(label, gettext_noop("%(place)s is another page's (page %(page)d); move or delete "
                                                      "that one first. Nothing was moved"),
                                  place=page_place(other), page=other.pk)
        page.issue, page.number = issue, number
        page.save(update_fields=["issue", "number", "updated_at"])
        _follow_publish_times(page, old_date=old_date, user=user)
        if old_issue is not None and old_issue != issue and not old_issue.pages.exists():
            old_issue.delete()  # an issue of no page is no issue
        moved = list(page.articles.values_list("pk", flat=True))
        index_articles(moved)
        representations_rebuild(article_ids=moved)  # their print position
    return page


def _follow_publish_times(page: Page, *, old_date: datetime.date | None,
                          user: AbstractBaseUser | AnonymousUser | None) -> None:
    """The articles published at their old issue's print time (or, undated, at the import's time)
    are published at the new issue's; a time an editor chose is theirs and stays."""
    new_date = page.issue.date if page.issue is not None else None
    old_time = print_publish_time(old_date, fallback=page.imported_at)
    for article in page.articles.filter(published_at__isnull=False):
        if article.published_at is None:  # (the filter leaves none; for the type checker)
            continue
        if old_date is None:
            # an undated page's articles were published when imported: within the import's second
            follows = abs((article.published_at - page.imported_at).total_seconds()) < 1
        else:
            follows = article.published_at == old_time
        if not follows:
            continue
        article.published_at = print_publish_time(new_date, fallback=article.published_at)
        article._change_reason = MOVED.stored(place=page_place(page))
        article._history_user = user if getattr(user, "is_authenticated", False) else None
        article.save(update_fields=["published_at", "updated_at"])


def page_move_file(
    *, data: bytes, source_file: str, publication: str | None = None, date: datetime.date | None,
    page_number: int | None = None, user: AbstractBaseUser | AnonymousUser | None = None,
) -> list[Page]:
    """Move the page(s) a file's text was imported as (found by the text's hash, in whatever
    encoding the file now comes) to `date` and `page_number`: `import_page FILE --date D --move`."""
    name = (publication or settings.NEWSROOM_DEFAULT_PUBLICATION).strip()
    try:
        if is_pdf(data=data, source_file=source_file):
            texts = [pdf_page.text for pdf_page in pdf_parse(data=data, source_file=source_file)]
        else:
            texts = [clean_page_text(decode_page_bytes(data, max_bytes=settings.NEWSROOM_MAX_PAGE_BYTES))]
    except PageFileError as error:
        raise PageImportError(source_file, error) from error
    if page_number is not None and len(texts) > 1:
        raise PageImportError(source_file, gettext_noop("a PDF of several pages cannot be moved to one page number"),
                              field="page_number")
    pages = []
    for text in texts:
        page = (Page.objects.filter(publication__in=Publication.objects.filter(name=name), sha256=text_sha256(text))
                .order_by("pk").first())
        if page is None:
            raise PageImportError(source_file, gettext_noop("this text was never imported into %(publication)s: "
                                                            "nothing to move; import it instead"), publication=name)
        pages.append(page)
    with transaction.atomic():  # all of a PDF's pages, or none
        return [page_move(page=page, date=date, page_number=page_number, user=user) for page in pages]
