"""Importing pages: parsed page text into the database. All writing of imports starts here.

`page_import()` parses a page's text and stores it in one transaction: a failure anywhere
leaves nothing of that page. Importing the same text again changes nothing; a changed page
updates the articles nobody has edited and flags the edited ones as conflicting, with the
new parse kept beside them (`writer.PageWriter`). The command, the admin upload and the API
call it through `documents`, which also takes PDFs."""

from __future__ import annotations

import datetime
import logging
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, OperationalError, transaction
from django.utils import timezone

from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Article, Page, PageImport
from articles.page_text import PageFileError, clean_page_text, decode_page_bytes, text_sha256
from articles.parsing import ParseError, parse_page
from articles.parsing.model import ArticleKind, ParsedPage
from articles.search import index_articles
from articles.services.lexicon import archive_lexicon
from articles.services.representations import representations_rebuild
from articles.services.writer import ImportReport, PageTarget, PageWriter
from newsroom.history import UNDATED, UNDATED_NUMBERED
from newsroom.i18n import Message, MessageError, gettext_noop

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

logger = logging.getLogger(__name__)


#: the earliest issue date an import takes: older archives are typed into no such system
EARLIEST_ISSUE_DATE = datetime.date(1800, 1, 1)


def issue_date_problem(date: datetime.date | None) -> Message | None:
    """What is wrong with an issue date no paper has (a slip of the keyboard or a misread header):
    before EARLIEST_ISSUE_DATE, or more than a year from today (papers are printed days ahead)."""
    latest = timezone.localdate() + datetime.timedelta(days=366)
    if date is not None and not EARLIEST_ISSUE_DATE <= date <= latest:
        return Message(gettext_noop("the issue date %(date)s is implausible: give one from %(earliest)s to %(latest)s"),
                       {"date": date.isoformat(), "earliest": EARLIEST_ISSUE_DATE.isoformat(),
                        "latest": latest.isoformat()})
    return None


def page_place(page: Page) -> Message:
    """Where a page is filed, as an editor names it: "2024-03-06 第1版", "本报 (undated)" (`str()`;
    the undated in the reader's language where it is shown: `translated()`)."""
    if page.issue is None:
        if page.number:
            return UNDATED_NUMBERED.message(publication=page.publication.name, number=page.number)
        return UNDATED.message(publication=page.publication.name)
    where = page.issue.date.isoformat()
    return Message.verbatim(f"{where} 第{page.number}版" if page.number else where)


class PageImportError(MessageError):
    """A page that cannot be imported; `str()` is one line naming the file and the reason, in English
    (`translated()`: in the reader's language). `reason` is the reason alone in English, `reason_message`
    the same to translate (`translated_reason()`). `field`: the import's parameter at fault where it is
    one ("date", "page_number"), else None.

    The reason is an English source string marked for the catalogue and its parameters
    (`PageImportError(name, gettext_noop("page %(number)d ..."), number=3)`), a Message, or the error
    of a check it passes on (a ParseError, a PageFileError: their own message)."""

    def __init__(self, source_file: str, reason: str | Message | BaseException, /, *, field: str | None = None,
                 **params: Any) -> None:
        if isinstance(reason, BaseException):
            reason = Message.of(reason)
        self.source_file = source_file
        self.reason_message = reason if isinstance(reason, Message) else Message(reason, params)
        self.reason = str(self.reason_message)
        self.field = field
        super().__init__(gettext_noop("%(file)s: %(reason)s"),
                         file=source_file or Message(gettext_noop("<text>")), reason=self.reason_message)

    def translated_reason(self) -> str:
        return self.reason_message.translated()


def page_parse_file(*, data: bytes, source_file: str, date: datetime.date | None = None) -> ParsedPage:
    """Decode and parse a page file without writing anything (the dry run)."""
    text = _decode(data, source_file)
    try:
        return parse_page(text, date=date, file=source_file or None, lexicon=archive_lexicon())
    except ParseError as error:
        raise PageImportError(source_file, error) from error


@dataclass(frozen=True)
class PagePlan:
    """What importing a page would store, and where: everything `page_import` checks before it writes."""

    text: str
    source_file: str
    parsed: ParsedPage
    target: PageTarget


def page_plan_file(
    *, data: bytes, source_file: str, publication: str | None = None, date: datetime.date | None = None,
    page_number: int | None = None,
) -> PagePlan:
    """`page_import_file()` up to the writing: raises the PageImportError the import would raise
    (the admin's preview shows it, and offers only pages that will import)."""
    return _plan(text=_decode(data, source_file), source_file=source_file, publication=publication, date=date,
                 page_number=page_number)


def page_import_file(
    *,
    data: bytes,
    source_file: str,
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> ImportReport:
    """`page_import()` for the bytes of a file, in whatever encoding it came."""
    return page_import(
        text=_decode(data, source_file), source_file=source_file, publication=publication, date=date,
        page_number=page_number, status=status, user=user,
    )


def page_import(
    *,
    text: str,
    source_file: str = "",
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> ImportReport:
    """Parse a page's text and store it atomically and idempotently; see the module docstring.

    Raises PageImportError (nothing written) for a page that cannot be parsed or has no article."""
    status = checked_status(source_file, status or settings.NEWSROOM_IMPORT_STATUS)
    plan = _plan(text=text, source_file=source_file, publication=publication, date=date, page_number=page_number)
    source_file = plan.source_file
    # Two importers of one page race on the page's unique constraints: the loser's transaction
    # rolls back whole and its second attempt finds the winner's page unchanged. Importers of
    # different pages that create the same names may deadlock: PostgreSQL cancels one, which
    # tries again.
    for attempt in (1, 2, 3):
        try:
            with transaction.atomic():
                report = PageWriter(
                    parsed=plan.parsed, text=plan.text, source_file=source_file, target=plan.target, status=status,
                    user=user,
                ).write()
                if report.outcome != PageImport.Outcome.UNCHANGED:
                    index_articles(report.article_ids)  # searchable the moment the import commits
                    representations_rebuild(article_ids=report.article_ids)
            break
        except (IntegrityError, OperationalError) as error:
            if attempt == 3 or not (isinstance(error, IntegrityError) or _is_deadlock(error)):
                raise
        except DataError as error:
            # A value the database cannot hold that the checks above let through: the page's
            # transaction rolled back whole; the importer gets the reason, not a 500.
            logger.warning("page %s: the database refused a value: %s", source_file, error)
            raise PageImportError(source_file,
                                  gettext_noop("the page could not be stored, nothing of it was: %(error)s"),
                                  error=str(error)) from error
    return report


def checked_status(source_file: str, status: str) -> str:
    """The status new articles get, if it is one."""
    if status not in Article.Status.values:
        raise PageImportError(source_file, gettext_noop("unknown status %(status)s; use one of %(statuses)s"),
                              status=repr(status), statuses=", ".join(Article.Status.values))
    return status


def _plan(*, text: str, source_file: str, publication: str | None, date: datetime.date | None,
          page_number: int | None) -> PagePlan:
    source_file = _file_name(source_file)
    try:
        text = clean_page_text(text)
    except PageFileError as error:
        raise PageImportError(source_file, error) from error
    if page_number is not None:
        _check_page_number(source_file, page_number, "page_number")
    try:
        parsed = parse_page(text, date=date, file=source_file or None, lexicon=archive_lexicon())
    except ParseError as error:
        raise PageImportError(source_file, error) from error
    return check_parsed(parsed=parsed, text=text, source_file=source_file, publication=publication, date=date,
                        page_number=page_number)


def check_parsed(*, parsed: ParsedPage, text: str, source_file: str, publication: str | None,
                 date: datetime.date | None, page_number: int | None) -> PagePlan:
    """Where a parsed page goes, once it has passed the checks every import makes (text or PDF)."""
    source_file = _file_name(source_file)
    if page_number is not None:
        _check_page_number(source_file, page_number, "page_number")
    # A page is news when at least one article has a headline or is a credited photo story; text
    # without either (a stray paragraph, a table of figures) would only be stored as junk.
    if not any(a.headline or a.kind == ArticleKind.PHOTO for a in parsed.articles):
        raise PageImportError(source_file, gettext_noop("no recognizable article on the page (no headline, no photo "
                                                        "story); nothing was stored"))
    target = PageTarget(
        publication=(publication or settings.NEWSROOM_DEFAULT_PUBLICATION).strip(),
        date=date or parsed.page.date,
        number=page_number or parsed.page.number,
        sha256=text_sha256(text),
    )
    problem = issue_date_problem(target.date)
    if problem:
        raise PageImportError(source_file, problem, field="date")
    if target.number is not None and page_number is None:
        _check_page_number(source_file, target.number, "the page header")
    _check_not_filed_elsewhere(source_file, target)
    return PagePlan(text=text, source_file=source_file, parsed=parsed, target=target)


def _check_not_filed_elsewhere(source_file: str, target: PageTarget) -> None:
    """A page's text is imported once: the same text (in whatever encoding it came; the hash is of
    the decoded, cleaned text) under another date or page number would publish every story twice.
    Re-importing it where it is stays allowed (unchanged, or updated by a newer parser); filing it
    elsewhere is a move, an editor's explicit action that keeps the articles and their edits."""
    pages = (Page.objects.filter(publication__name=target.publication, sha256=target.sha256)
             .select_related("issue", "publication").order_by("pk"))
    for page in pages:
        page_date = page.issue.date if page.issue is not None else None
        if page_date == target.date and (page_date is None or page.number == target.number):
            continue  # where the writer finds it: the same page
        raise PageImportError(
            source_file,
            gettext_noop("already imported as %(place)s (page %(page)d): the same text is not imported twice; "
                         "nothing was stored. To file it under another date or page number, move that page "
                         "(`import_page FILE --date YYYY-MM-DD --move`, or the admin's action on pages)"),
            place=page_place(page), page=page.pk,
        )


def _check_page_number(source_file: str, number: int, given_by: str) -> None:
    if not MIN_PAGE_NUMBER <= number <= MAX_PAGE_NUMBER:
        if given_by == "page_number":
            message = gettext_noop("page number %(number)d (from page_number) is out of range: pages are numbered "
                                   "%(first)d to %(last)d")
        else:
            message = gettext_noop("page number %(number)d (from the page header) is out of range: pages are "
                                   "numbered %(first)d to %(last)d; give the page number to use")
        raise PageImportError(source_file, message, field="page_number", number=number, first=MIN_PAGE_NUMBER,
                              last=MAX_PAGE_NUMBER)


def _file_name(source_file: str) -> str:
    """The file name as recorded: without control characters (a NUL no database text holds), at
    most the column's 255 characters."""
    name = "".join(ch for ch in source_file or "" if unicodedata.category(ch) != "Cc")
    return name[:255]


# ------------------------------------------------------------------------------------ internals


def _is_deadlock(error: DatabaseError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "40P01"  # PostgreSQL's deadlock_detected


def _decode(data: bytes, source_file: str) -> str:
    try:
        return decode_page_bytes(data, max_bytes=settings.NEWSROOM_MAX_PAGE_BYTES)
    except PageFileError as error:
        raise PageImportError(source_file, error) from error


