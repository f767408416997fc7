"""The import service: parsed pages into the database. All writing of imports happens here.

`page_import()` parses a page's text and stores it in one transaction: a failure anywhere
leaves nothing of that page. Importing the same text again changes nothing; a changed page
updates the articles nobody has edited and flags the edited ones as conflicting, with the
new parse kept beside them. The command, the admin upload and the API all call it.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, OperationalError, connections, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from articles.models import (
    MAX_PAGE_NUMBER,
    MIN_PAGE_NUMBER,
    Article,
    Caption,
    Event,
    Issue,
    Keyword,
    Page,
    PageImport,
    Publication,
)
from articles.page_text import PageFileError, clean_page_text, decode_page_bytes, text_sha256
from articles.parsing import PARSER_VERSION, ParseError, parse_page
from articles.parsing.model import ArticleKind, ParsedArticle, ParsedPage
from articles.parsing.tokenizer import add_words, get_tokenizer
from articles.search import index_articles
from people.models import (
    Credit,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
)

logger = logging.getLogger(__name__)


def _unused_publication_slug(name: str) -> str:
    """The slug of a new publication: its name's, or "paper" for a name with no letter a slug
    keeps, numbered ("paper-2") where another publication has it."""
    base = (slugify(name, allow_unicode=True) or "paper")[:90]
    taken = set(Publication.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    number = 1
    slug = base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


#: the earliest issue date an import takes: older archives are typed into no such system
EARLIEST_ISSUE_DATE = datetime.date(1800, 1, 1)


def issue_date_problem(date: datetime.date | None) -> str | None:
    """What is wrong with an issue date no paper has (a slip of the keyboard or a misread header):
    before EARLIEST_ISSUE_DATE, or more than a year from today (papers are printed days ahead)."""
    latest = timezone.localdate() + datetime.timedelta(days=366)
    if date is not None and not EARLIEST_ISSUE_DATE <= date <= latest:
        return (f"the issue date {date.isoformat()} is implausible: give one from {EARLIEST_ISSUE_DATE.isoformat()} "
                f"to {latest.isoformat()}")
    return None


class PageImportError(Exception):
    """A page that cannot be imported; `str()` is one line naming the file and the reason.
    `field`: the import's parameter at fault where it is one ("date", "page_number"), else None."""

    def __init__(self, source_file: str, reason: str, *, field: str | None = None) -> None:
        self.source_file = source_file
        self.reason = reason
        self.field = field
        super().__init__(f"{source_file or '<text>'}: {reason}")


@dataclass(frozen=True)
class ImportReport:
    source_file: str
    outcome: str  # a PageImport.Outcome value
    page_id: int
    article_ids: tuple[int, ...] = ()
    new_people: int = 0
    new_organizations: int = 0
    new_places: int = 0
    new_events: int = 0
    warnings: tuple[str, ...] = ()
    conflicts: tuple[int, ...] = ()

    @property
    def articles(self) -> int:
        return len(self.article_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "outcome": self.outcome,
            "page_id": self.page_id,
            "article_ids": list(self.article_ids),
            "articles": self.articles,
            "new_people": self.new_people,
            "new_organizations": self.new_organizations,
            "new_places": self.new_places,
            "new_events": self.new_events,
            "warnings": list(self.warnings),
            "conflicts": list(self.conflicts),
        }


@dataclass(frozen=True)
class BatchOutcome:
    """What became of one file of a batch: its report, or the one-line reason it failed (nothing of it
    was stored)."""

    path: Path
    report: ImportReport | None = None
    error: str | None = None


def page_import_batch(
    *,
    paths: Sequence[Path],
    jobs: int = 1,
    publication: str | None = None,
    date: datetime.date | None = None,
    page_number: int | None = None,
    status: str | None = None,
) -> Iterator[BatchOutcome]:
    """`page_import_file()` for each file, one transaction each, in `jobs` worker processes; yields
    each file's outcome as it is done (in the order of `paths` with one job, else as they finish).

    One broken file never stops the others. Workers are forked from this process after the
    tokenizer is loaded (they share its dictionary) and open their own database connections;
    on PostgreSQL they write at once (concurrent imports of one page leave one copy), SQLite
    serialises writers, so there the files are imported one after the other whatever `jobs` says."""
    options = {"publication": publication, "date": date, "page_number": page_number, "status": status}
    if jobs <= 1 or len(paths) <= 1 or connections["default"].vendor != "postgresql":
        for path in paths:
            yield _import_one(path, options)
        return
    _teach_confirmed_names()  # the dictionary loads and learns the archive's names once, before the
    get_tokenizer()  # fork, for all workers
    connections.close_all()  # a connection must not be shared with the children
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_import_one, path, options) for path in paths]
        for future in as_completed(futures):
            yield future.result()


def _import_one(path: Path, options: dict[str, Any]) -> BatchOutcome:
    try:
        report = page_import_file(data=path.read_bytes(), source_file=path.name, **options)
    except PageImportError as error:
        return BatchOutcome(path=path, error=str(error))
    except OSError as error:
        return BatchOutcome(path=path, error=f"{path.name}: cannot be read ({error.strerror or error})")
    except Exception as error:  # one broken page must not stop the batch
        logger.exception("import of %s failed", path)
        return BatchOutcome(path=path, error=f"{path.name}: internal error, nothing of it was stored: {error!r}")
    return BatchOutcome(path=path, report=report)


def page_parse_file(*, data: bytes, source_file: str, date: datetime.date | None = None) -> ParsedPage:
    """Decode and parse a page file without writing anything (the dry run)."""
    text = _decode(data, source_file)
    _teach_confirmed_names()
    try:
        return parse_page(text, date=date, file=source_file or None)
    except ParseError as error:
        raise PageImportError(source_file, str(error)) from error


@dataclass(frozen=True)
class PagePlan:
    """What importing a page would store, and where: everything `page_import` checks before it writes."""

    text: str
    source_file: str
    parsed: ParsedPage
    target: _PageTarget


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
    user=None,
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
    user=None,
) -> ImportReport:
    """Parse a page's text and store it atomically and idempotently; see the module docstring.

    Raises PageImportError (nothing written) for a page that cannot be parsed or has no article."""
    status = status or settings.NEWSROOM_IMPORT_STATUS
    if status not in Article.Status.values:
        raise PageImportError(source_file, f"unknown status {status!r}; use one of {', '.join(Article.Status.values)}")
    plan = _plan(text=text, source_file=source_file, publication=publication, date=date, page_number=page_number)
    source_file = plan.source_file
    # Two importers of one page race on the page's unique constraints: the loser's transaction
    # rolls back whole and its second attempt finds the winner's page unchanged. Importers of
    # different pages that create the same names may deadlock: PostgreSQL cancels one, which
    # tries again.
    for attempt in (1, 2, 3):
        try:
            with transaction.atomic():
                report = _PageWriter(
                    parsed=plan.parsed, text=plan.text, source_file=source_file, target=plan.target, status=status,
                    user=user,
                ).write()
                if report.outcome != PageImport.Outcome.UNCHANGED:
                    index_articles(report.article_ids)  # searchable the moment the import commits
            break
        except (IntegrityError, OperationalError) as error:
            if attempt == 3 or not (isinstance(error, IntegrityError) or _is_deadlock(error)):
                raise
        except DataError as error:
            # A value the database cannot hold that the checks above let through: the page's
            # transaction rolled back whole; the importer gets the reason, not a 500.
            logger.warning("page %s: the database refused a value: %s", source_file, error)
            raise PageImportError(source_file, f"the page could not be stored, nothing of it was: {error}") from error
    _teach_names(plan.parsed)
    return report


def _plan(*, text: str, source_file: str, publication: str | None, date: datetime.date | None,
          page_number: int | None) -> PagePlan:
    source_file = _file_name(source_file)
    try:
        text = clean_page_text(text)
    except PageFileError as error:
        raise PageImportError(source_file, str(error)) from error
    if page_number is not None:
        _check_page_number(source_file, page_number, "page_number")
    _teach_confirmed_names()
    try:
        parsed = parse_page(text, date=date, file=source_file or None)
    except ParseError as error:
        raise PageImportError(source_file, str(error)) from error
    # A page is news when at least one article has a headline or is a credited photo story; text
    # without either (a stray paragraph, a table of figures) would only be stored as junk.
    if not any(a.headline or a.kind == ArticleKind.PHOTO for a in parsed.articles):
        raise PageImportError(source_file, "no recognizable article on the page (no headline, no photo story); "
                                           "nothing was stored")
    target = _PageTarget(
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
    return PagePlan(text=text, source_file=source_file, parsed=parsed, target=target)


def _check_page_number(source_file: str, number: int, given_by: str) -> None:
    if not MIN_PAGE_NUMBER <= number <= MAX_PAGE_NUMBER:
        hint = "" if given_by == "page_number" else "; give the page number to use"
        raise PageImportError(
            source_file,
            f"page number {number} (from {given_by}) is out of range: pages are numbered "
            f"{MIN_PAGE_NUMBER} to {MAX_PAGE_NUMBER}{hint}",
            field="page_number",
        )


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
        raise PageImportError(source_file, str(error)) from error


_taught_lock = threading.Lock()
_taught_confirmed = False


def _teach_confirmed_names() -> None:
    """Once per process: the names the archive has confirmed join the tokenizer's dictionary.

    Confirmed means more than one extraction: a byline credit, a staff reporter or a login, an
    organization alias, or a name found in two articles or more. A single extraction may be a
    false name, and a taught false name would recur on every later page."""
    global _taught_confirmed
    with _taught_lock:
        if _taught_confirmed:
            return
        try:
            words = _confirmed_names()
        except DatabaseError:
            # A dry run needs no database: without one, the curated dictionary alone serves.
            logger.info("no database to read confirmed names from; using the curated dictionary only")
            return
        add_words(words)
        _taught_confirmed = True


def _confirmed_names() -> list[tuple[str, str]]:
    def repeated(mentions, name_field: str) -> set[str]:
        return set(
            mentions.values(name_field).annotate(articles=Count("article_id", distinct=True))
            .filter(articles__gte=2).values_list(name_field, flat=True)
        )

    people = set(Credit.objects.values_list("person__name", flat=True).distinct())
    people |= set(Person.objects.filter(Q(is_staff_reporter=True) | Q(user__isnull=False))
                  .values_list("name", flat=True))
    people |= repeated(PersonMention.objects, "person__name")
    organizations = set(OrganizationAlias.objects.values_list("name", flat=True))
    organizations |= set(OrganizationAlias.objects.values_list("organization__name", flat=True))
    organizations |= repeated(OrganizationMention.objects, "organization__name")
    places = repeated(PlaceMention.objects, "place__name")
    return ([(name, "nr") for name in sorted(people)] + [(name, "nt") for name in sorted(organizations)]
            + [(name, "ns") for name in sorted(places)])


def _teach_names(parsed: ParsedPage) -> None:
    """Byline names are confirmed by their form: the tokenizer learns them at once."""
    add_words([(credit.name, "nr") for article in parsed.articles for credit in article.credits])


@dataclass(frozen=True)
class _PageTarget:
    publication: str
    date: datetime.date | None
    number: int | None
    sha256: str


_PLACE_KINDS = (
    (("路", "街", "大道", "大街", "巷", "胡同"), Place.Kind.ROAD),
    (("广场",), Place.Kind.SQUARE),
    (("村", "庄", "寨", "镇", "乡"), Place.Kind.VILLAGE),
    (("社区", "小区", "街道"), Place.Kind.COMMUNITY),
    (("大厦", "中心", "酒店", "大楼", "古镇", "新世界", "馆", "园"), Place.Kind.BUILDING),
    (("省", "自治区"), Place.Kind.PROVINCE),
    (("市", "县", "区", "州"), Place.Kind.CITY),
    (("国",), Place.Kind.COUNTRY),
)

_PART_OF_DAY = {
    "凌晨": Event.PartOfDay.EARLY_MORNING,
    "清晨": Event.PartOfDay.EARLY_MORNING,
    "早上": Event.PartOfDay.MORNING,
    "上午": Event.PartOfDay.MORNING,
    "中午": Event.PartOfDay.NOON,
    "下午": Event.PartOfDay.AFTERNOON,
    "傍晚": Event.PartOfDay.EVENING,
    "晚上": Event.PartOfDay.EVENING,
    "晚": Event.PartOfDay.EVENING,
}


def place_kind(name: str) -> str:
    for suffixes, kind in _PLACE_KINDS:
        if name.endswith(suffixes):
            return kind
    return Place.Kind.OTHER


@dataclass
class _Entities:
    """Name → row maps for every person, organization, place and keyword of one page."""

    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)  # any form → organization
    places: dict[str, Place] = field(default_factory=dict)
    keywords: dict[str, Keyword] = field(default_factory=dict)
    new_people: int = 0
    new_organizations: int = 0
    new_places: int = 0


class _PageWriter:
    """Writes one parsed page inside the caller's transaction. Queries are per page, never per row
    of the archive: look-ups go by `name__in` over indexed columns and inserts are bulk."""

    def __init__(self, *, parsed: ParsedPage, text: str, source_file: str, target: _PageTarget, status: str,
                 user) -> None:
        self.parsed = parsed
        self.text = text
        self.source_file = source_file
        self.target = target
        self.status = status
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.now = timezone.now()
        self.new_events = 0
        self.warnings: list[str] = list(parsed.warnings)

    # -- page -------------------------------------------------------------------------------------

    def write(self) -> ImportReport:
        publication = self._publication()
        issue = None
        if self.target.date:
            issue, _ = Issue.objects.get_or_create(publication=publication, date=self.target.date)
        page = self._existing_page(publication, issue)
        if page is None:
            page = self._create_page(publication, issue)
            article_ids, entities = self._create_articles(page, list(enumerate(self.parsed.articles, start=1)))
            return self._finish(page, PageImport.Outcome.CREATED, article_ids, entities, conflicts=())
        if page.sha256 == self.target.sha256 and page.parser_version == PARSER_VERSION:
            article_ids = tuple(page.articles.values_list("pk", flat=True))
            self._log(page, PageImport.Outcome.UNCHANGED, ImportReport(
                source_file=self.source_file, outcome=PageImport.Outcome.UNCHANGED, page_id=page.pk,
                article_ids=article_ids))
            return ImportReport(source_file=self.source_file, outcome=PageImport.Outcome.UNCHANGED,
                                page_id=page.pk, article_ids=article_ids)
        return self._update_page(page)

    def _publication(self) -> Publication:
        name = self.target.publication
        publication = Publication.objects.filter(name=name).first()
        if publication is None:
            publication = Publication.objects.create(name=name, slug=_unused_publication_slug(name))
        return publication

    def _existing_page(self, publication: Publication, issue: Issue | None) -> Page | None:
        # Lock the page row only: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
        pages = Page.objects.select_for_update(of=("self",))
        if issue is not None and self.target.number is not None:
            return pages.filter(issue=issue, number=self.target.number).first()
        if issue is not None:
            return pages.filter(issue=issue, number__isnull=True, sha256=self.target.sha256).first()
        return pages.filter(publication=publication, issue_id__isnull=True, sha256=self.target.sha256).first()

    def _page_fields(self) -> dict[str, Any]:
        meta = self.parsed.page
        return {
            "name": meta.name or "",
            "source_file": self.source_file[:255],
            "sha256": self.target.sha256,
            "raw_text": self.text,
            "parser_version": PARSER_VERSION,
            "warnings": list(self.parsed.warnings),
            "header": meta.to_dict(),
        }

    def _create_page(self, publication: Publication, issue: Issue | None) -> Page:
        return Page.objects.create(
            publication=publication, issue=issue, number=self.target.number, imported_at=self.now,
            **self._page_fields(),
        )

    def _update_page(self, page: Page) -> ImportReport:
        for name, value in self._page_fields().items():
            setattr(page, name, value)
        page.save()
        existing = list(page.articles.order_by("order"))
        matches = _match_articles(existing, list(self.parsed.articles))
        # Free the order numbers first: (page, order) is unique and the new parse may reorder.
        Article.objects.filter(page=page).update(order=F("order") + 10000)

        to_create: list[tuple[int, ParsedArticle]] = []
        to_refresh: list[tuple[Article, ParsedArticle]] = []
        conflicts: list[int] = []
        kept: list[Article] = []
        for order, parsed in enumerate(self.parsed.articles, start=1):
            old = matches.get(order - 1)
            if old is None:
                to_create.append((order, parsed))
            elif old.edited_since_import:
                old.order = order
                old.has_import_conflict = True
                old.pending_parse = parsed.to_dict()
                old.save(update_fields=["order", "has_import_conflict", "pending_parse", "updated_at"])
                conflicts.append(old.pk)
                kept.append(old)
            else:
                old.order = order
                to_refresh.append((old, parsed))
        matched_ids = {article.pk for article in matches.values()}
        next_order = len(self.parsed.articles) + 1
        removed: list[int] = []
        for old in existing:
            if old.pk in matched_ids:
                continue
            if old.edited_since_import:
                old.order = next_order
                next_order += 1
                old.has_import_conflict = True
                old.pending_parse = {"removed": True}
                old.save(update_fields=["order", "has_import_conflict", "pending_parse", "updated_at"])
                conflicts.append(old.pk)
                kept.append(old)
                self.warnings.append(f"article {old.pk} is not in the new parse; kept because it was edited")
            else:
                removed.append(old.pk)
                old.delete()
        if removed:  # their URLs now answer 404: whoever re-imports should know
            self.warnings.append(f"{len(removed)} article(s) of the earlier import are not in the new parse and "
                                 f"were removed: {', '.join(map(str, removed))}")

        entities = self._resolve_entities([parsed for _, parsed in to_create] + [p for _, p in to_refresh])
        for old, parsed in to_refresh:
            for name, value in self._article_fields(parsed).items():
                if name not in {"status", "published_at"}:  # an editor's status decision stands
                    setattr(old, name, value)
            old._change_reason = "re-import"
            old.save()
            self._clear_links(old)
        created_ids, _ = self._create_articles(page, to_create, entities=entities)
        self._link_all([(old, parsed) for old, parsed in to_refresh], entities)
        article_ids = tuple(sorted(created_ids + tuple(old.pk for old, _ in to_refresh) + tuple(a.pk for a in kept)))
        return self._finish(page, PageImport.Outcome.UPDATED, article_ids, entities, conflicts=tuple(conflicts))

    def _finish(self, page: Page, outcome: str, article_ids: Sequence[int], entities: _Entities,
                conflicts: tuple[int, ...]) -> ImportReport:
        report = ImportReport(
            source_file=self.source_file, outcome=outcome, page_id=page.pk, article_ids=tuple(article_ids),
            new_people=entities.new_people, new_organizations=entities.new_organizations,
            new_places=entities.new_places, new_events=self.new_events, warnings=tuple(self.warnings),
            conflicts=conflicts,
        )
        self._log(page, outcome, report)
        return report

    def _log(self, page: Page, outcome: str, report: ImportReport) -> None:
        PageImport.objects.create(
            page=page, source_file=self.source_file[:255], sha256=self.target.sha256, outcome=outcome,
            report=report.to_dict(), imported_by=self.user,
            message="; ".join(report.warnings)[:2000],
        )

    # -- articles ---------------------------------------------------------------------------------

    def _article_fields(self, parsed: ParsedArticle) -> dict[str, Any]:
        published = self.status == Article.Status.PUBLISHED
        headline = parsed.headline or ""
        lead = next((b.text for b in parsed.blocks if b.type == "paragraph"), "")
        return {
            "kind": parsed.kind.value,
            "kicker": (parsed.kicker or "")[:300],
            "headline": headline[:300],
            "subtitle": (parsed.subtitle or "")[:300],
            "dateline": (parsed.dateline or "")[:100],
            "body": [{"type": b.type.value, "text": b.text} for b in parsed.blocks],
            "status": self.status,
            "published_at": self.now if published else None,
            "slug": slugify(headline or lead[:20], allow_unicode=True)[:120] or "article",
            "source_first_line": parsed.source.first_line,
            "source_last_line": max(parsed.source.last_line, parsed.source.first_line),
            "parser_version": PARSER_VERSION,
        }

    def _create_articles(self, page: Page, numbered: list[tuple[int, ParsedArticle]],
                         entities: _Entities | None = None) -> tuple[tuple[int, ...], _Entities]:
        if entities is None:
            entities = self._resolve_entities([parsed for _, parsed in numbered])
        if not numbered:
            return (), entities
        articles = [Article(page=page, order=order, **self._article_fields(parsed)) for order, parsed in numbered]
        for article in articles:
            article._change_reason = "import"
        created = bulk_create_with_history(articles, Article, default_user=self.user)
        if any(article.pk is None for article in created):  # backends that return no ids
            by_order = dict(Article.objects.filter(page=page).values_list("order", "pk"))
            for article in created:
                article.pk = article.id = by_order[article.order]
        self._link_all([(article, parsed) for article, (_, parsed) in zip(created, numbered, strict=True)],
                       entities)
        return tuple(article.pk for article in created), entities

    @staticmethod
    def _clear_links(article: Article) -> None:
        article.credits.all().delete()
        article.captions.all().delete()
        article.person_mentions.all().delete()
        article.organization_mentions.all().delete()
        article.place_mentions.all().delete()
        article.keywords.clear()
        article.events.clear()

    def _link_all(self, pairs: list[tuple[Article, ParsedArticle]], entities: _Entities) -> None:
        """Captions, credits, mentions, keywords and events of the given articles, in bulk."""
        captions: list[Caption] = []
        caption_photographers: list[tuple[Caption, Article, tuple[str, ...]]] = []
        for article, parsed in pairs:
            for order, parsed_caption in enumerate(parsed.captions, start=1):
                caption = Caption(article=article, order=order, text=parsed_caption.text)
                captions.append(caption)
                caption_photographers.append((caption, article, parsed_caption.photographers))
        Caption.objects.bulk_create(captions)
        if captions and any(c.pk is None for c in captions):
            ids = {(c.article_id, c.order): c.pk for c in
                   Caption.objects.filter(article__in=[a for a, _ in pairs]).only("pk", "article_id", "order")}
            for caption in captions:
                caption.pk = ids[(caption.article_id, caption.order)]

        credits: list[Credit] = []
        person_mentions: list[PersonMention] = []
        organization_mentions: list[OrganizationMention] = []
        place_mentions: list[PlaceMention] = []
        keyword_links = []
        for article, parsed in pairs:
            seen: set[tuple[int, str]] = set()
            for order, credit in enumerate(parsed.credits):
                person = entities.people[credit.name]
                if (person.pk, credit.role.value) not in seen:
                    seen.add((person.pk, credit.role.value))
                    credits.append(Credit(article=article, person=person, role=credit.role.value,
                                          label=credit.label[:50], order=order))
            mentioned: dict[int, list[str]] = {}
            for mention in parsed.entities.people:
                person = entities.people[mention.name]
                titles = mentioned.setdefault(person.pk, [])
                titles.extend(t for t in mention.titles if t not in titles)
            person_mentions += [PersonMention(article=article, person_id=pk, titles=titles)
                                for pk, titles in mentioned.items()]
            org_forms: dict[int, list[str]] = {}
            for mention in parsed.entities.organizations:
                organization = entities.organizations[mention.name]
                forms = org_forms.setdefault(organization.pk, [])
                forms.extend(f for f in (mention.name, *mention.aliases) if f not in forms)
            organization_mentions += [OrganizationMention(article=article, organization_id=pk, forms=forms)
                                      for pk, forms in org_forms.items()]
            place_ids = {entities.places[p.name].pk for p in parsed.entities.places}
            place_mentions += [PlaceMention(article=article, place_id=pk) for pk in sorted(place_ids)]
            keyword_ids = {entities.keywords[k].pk for k in parsed.entities.keywords if k in entities.keywords}
            keyword_links += [Article.keywords.through(article_id=article.pk, keyword_id=pk)
                              for pk in sorted(keyword_ids)]
        for caption, article, photographers in caption_photographers:
            for order, name in enumerate(dict.fromkeys(photographers)):
                credits.append(Credit(article=article, caption=caption, person=entities.people[name],
                                      role=Credit.Role.PHOTOGRAPHER, order=order))
        Credit.objects.bulk_create(credits)
        PersonMention.objects.bulk_create(person_mentions)
        OrganizationMention.objects.bulk_create(organization_mentions)
        PlaceMention.objects.bulk_create(place_mentions)
        Article.keywords.through.objects.bulk_create(keyword_links, ignore_conflicts=True)
        self._link_events(pairs, entities)

    def _link_events(self, pairs: list[tuple[Article, ParsedArticle]], entities: _Entities) -> None:
        """One event reported by several articles is one row: identified by name and date."""
        wanted: dict[tuple, Any] = {}
        for _, parsed in pairs:
            for event in parsed.entities.events:
                parts = Event.date_parts(event.date)
                wanted.setdefault((event.name[:200], parts["year"], parts["month"], parts["day"]), event)
        if not wanted:
            return
        found = {
            (e.name, e.year, e.month, e.day): e
            for e in Event.objects.filter(name__in={key[0] for key in wanted})
        }
        missing = []
        for key, event in wanted.items():
            if key in found:
                continue
            place = entities.places.get(event.location or "")
            time_of_day = event.time_of_day or ""
            missing.append(Event(
                name=key[0], year=key[1], month=key[2], day=key[3],
                part_of_day=_PART_OF_DAY.get(time_of_day, ""),
                time=_parse_clock(time_of_day), place=place, location=(event.location or "")[:200],
            ))
        if missing:
            bulk_create_with_history(missing, Event, default_user=self.user)
            self.new_events += len(missing)
            found.update({
                (e.name, e.year, e.month, e.day): e
                for e in Event.objects.filter(name__in={key[0] for key in wanted})
            })
        article_links, organizer_links, participant_links = [], [], []
        for article, parsed in pairs:
            for event in parsed.entities.events:
                parts = Event.date_parts(event.date)
                row = found[(event.name[:200], parts["year"], parts["month"], parts["day"])]
                article_links.append(Event.articles.through(event_id=row.pk, article_id=article.pk))
                organizer_links += [
                    Event.organizers.through(event_id=row.pk, organization_id=entities.organizations[name].pk)
                    for name in event.organizers if name in entities.organizations
                ]
                participant_links += [
                    Event.participants.through(event_id=row.pk, person_id=entities.people[name].pk)
                    for name in event.participants if name in entities.people
                ]
        Event.articles.through.objects.bulk_create(article_links, ignore_conflicts=True)
        Event.organizers.through.objects.bulk_create(organizer_links, ignore_conflicts=True)
        Event.participants.through.objects.bulk_create(participant_links, ignore_conflicts=True)

    # -- entities ---------------------------------------------------------------------------------

    def _resolve_entities(self, articles: Iterable[ParsedArticle]) -> _Entities:
        articles = list(articles)
        result = _Entities()
        person_names: set[str] = set()
        org_forms: list[tuple[str, ...]] = []
        place_names: set[str] = set()
        keyword_names: set[str] = set()
        for parsed in articles:
            person_names.update(c.name for c in parsed.credits)
            person_names.update(name for caption in parsed.captions for name in caption.photographers)
            person_names.update(p.name for p in parsed.entities.people)
            person_names.update(n for e in parsed.entities.events for n in e.participants)
            org_forms += [(o.name, *o.aliases) for o in parsed.entities.organizations]
            place_names.update(p.name for p in parsed.entities.places)
            place_names.update(e.location for e in parsed.entities.events if e.location)
            keyword_names.update(k for k in parsed.entities.keywords if len(k) <= 50)

        people, result.new_people = _get_or_create_named(Person, {n for n in person_names if len(n) <= 50})
        result.people = people
        places, result.new_places = _get_or_create_named(
            Place, {n for n in place_names if len(n) <= 100}, defaults=lambda name: {"kind": place_kind(name)}
        )
        result.places = places
        result.organizations, result.new_organizations = _resolve_organizations(org_forms)
        existing = {k.name: k for k in Keyword.objects.filter(name__in=keyword_names)}
        missing = [Keyword(name=name) for name in sorted(keyword_names - existing.keys())]
        if missing:
            Keyword.objects.bulk_create(missing, ignore_conflicts=True)
            existing = {k.name: k for k in Keyword.objects.filter(name__in=keyword_names)}
        result.keywords = existing
        return result


def _get_or_create_named(model, names: set[str], defaults=None) -> tuple[dict[str, Any], int]:
    """Rows of `model` by name (the namesake without disambiguation first), creating the missing."""
    if not names:
        return {}, 0
    rows = _by_name(model, names)
    missing = sorted(names - rows.keys())
    if missing:
        model.objects.bulk_create(
            [model(name=name, **(defaults(name) if defaults else {})) for name in missing], ignore_conflicts=True
        )
        rows = _by_name(model, names)
    return rows, len(missing)


def _by_name(model, names: set[str]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for row in model.objects.filter(name__in=names).order_by("name", "disambiguation", "pk"):
        rows.setdefault(row.name, row)
    return rows


def _resolve_organizations(forms_list: list[tuple[str, ...]]) -> tuple[dict[str, Organization], int]:
    """Every form (canonical name or alias) → its organization; a new name makes a new one.

    The forms one mention gives (the name and its aliases) all go to one organization; forms
    not yet known become aliases of it, unless another organization already owns them."""
    forms_list = [tuple(f[:100] for f in forms if f) for forms in forms_list if forms and forms[0]]
    if not forms_list:
        return {}, 0
    all_forms = {f for forms in forms_list for f in forms}

    def known() -> dict[str, Organization]:
        out: dict[str, Organization] = {}
        for org in Organization.objects.filter(name__in=all_forms).order_by("disambiguation", "pk"):
            out.setdefault(org.name, org)
        for alias in OrganizationAlias.objects.filter(name__in=all_forms).select_related("organization"):
            out.setdefault(alias.name, alias.organization)
        return out

    by_form = known()
    new_names = []
    for forms in forms_list:
        if not any(f in by_form for f in forms) and forms[0] not in new_names:
            new_names.append(forms[0])
    if new_names:
        Organization.objects.bulk_create([Organization(name=n) for n in new_names], ignore_conflicts=True)
        by_form = known()
    aliases = []
    claimed: set[str] = set()
    for forms in forms_list:
        owner = next(by_form[f] for f in forms if f in by_form)
        for form in forms:
            if form not in by_form and form not in claimed:
                claimed.add(form)
                aliases.append(OrganizationAlias(organization=owner, name=form))
    if aliases:
        OrganizationAlias.objects.bulk_create(aliases, ignore_conflicts=True)
        by_form = known()
    return by_form, len(new_names)


def _match_articles(existing: list[Article], parsed: list[ParsedArticle]) -> dict[int, Article]:
    """New parse index → the stored article it replaces: same headline first, then same position."""
    matches: dict[int, Article] = {}
    free = list(existing)
    for index, article in enumerate(parsed):
        if article.headline:
            same = next((old for old in free if old.headline == article.headline), None)
            if same is not None:
                matches[index] = same
                free.remove(same)
    for index, article in enumerate(parsed):
        if index in matches:
            continue
        same_place = next((old for old in free if old.order == index + 1 and old.kind == article.kind.value), None)
        if same_place is not None:
            matches[index] = same_place
            free.remove(same_place)
    return matches


def _parse_clock(text: str) -> datetime.time | None:
    if ":" in text:
        hours, _, minutes = text.partition(":")
        digits = (hours + minutes).isascii() and hours.isdigit() and minutes.isdigit()  # not "²"
        if digits and int(hours) < 24 and int(minutes) < 60:
            return datetime.time(int(hours), int(minutes))
    return None


def article_mark_edited(*, article: Article, user=None, reason: str = "edited") -> Article:
    """Record that a person changed an article: later re-imports keep it as it is."""
    if not article.edited_since_import:
        article.edited_since_import = True
        article._change_reason = reason
        article.save(update_fields=["edited_since_import", "updated_at"])
    return article


@dataclass(frozen=True)
class ArticleVersion:
    """The version of an article a form was opened at: its `updated_at` (which every save moves)
    decides whether a newer change came in; the newest history record then names that change."""

    updated_at: datetime.datetime
    history_id: int | None = None

    def token(self) -> str:
        return f"{self.updated_at.isoformat()}|{self.history_id or ''}"

    @classmethod
    def from_token(cls, token: str) -> ArticleVersion | None:
        """The version a form carried back; None for a token no form of ours wrote."""
        stamp, _, history_id = token.partition("|")
        try:
            updated_at = datetime.datetime.fromisoformat(stamp)
        except ValueError:
            return None
        if timezone.is_naive(updated_at) or (history_id and not history_id.isdigit()):
            return None
        return cls(updated_at=updated_at, history_id=int(history_id) if history_id else None)


class ArticleChangedError(Exception):
    """A save over a change made after the form was opened: refused, nothing saved. `str()` says
    what changed, when and by whom."""


#: what a person's edit neither sets nor is compared by: the bookkeeping of saves and imports
_BOOKKEEPING_FIELDS = frozenset({"id", "created_at", "updated_at", "edited_since_import"})


def article_version(*, article_id: int) -> ArticleVersion:
    """The version of the stored article now, for a form to carry (see `article_save_edit`)."""
    updated_at = Article.objects.filter(pk=article_id).values_list("updated_at", flat=True).get()
    history_id = (Article.history.filter(id=article_id).order_by("-history_id")
                  .values_list("history_id", flat=True).first())
    return ArticleVersion(updated_at=updated_at, history_id=history_id)


def article_newer_change(*, article_id: int, opened: ArticleVersion) -> str | None:
    """What changed in the article since the version `opened` (None: nothing; it is that version),
    in one sentence for the person whose save it refuses."""
    current = Article.objects.filter(pk=article_id).first()
    if current is None:
        return "The article was deleted since you opened it; your changes were not saved."
    if current.updated_at == opened.updated_at:
        return None
    history = Article.history.filter(id=article_id)
    newer = list(history.filter(history_id__gt=opened.history_id or 0).select_related("history_user")
                 .order_by("history_id"))
    base = history.filter(history_id=opened.history_id).first() if opened.history_id else None
    changes = []
    if base is not None:
        for model_field in Article._meta.concrete_fields:
            if model_field.name in _BOOKKEEPING_FIELDS:
                continue
            old, new = getattr(base, model_field.attname), getattr(current, model_field.attname)
            if old != new:
                changes.append(_describe_change(model_field, old, new))
    who = list(dict.fromkeys(r.history_user.get_username() for r in newer if r.history_user is not None))
    when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"This article was changed since you opened it (at {when}"
        f"{' by ' + ', '.join(who) if who else ''}"
        f"{': ' + '; '.join(changes) if changes else ''}). Your changes were not saved: open the article "
        f"again to see the newer version, then make your changes again."
    )


def _describe_change(model_field, old: Any, new: Any) -> str:
    """"status: published → draft"; long values (the body) by name only."""
    def shown(value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
        return str(value)

    old_text, new_text = shown(old), shown(new)
    if isinstance(old, (list, dict)) or len(old_text) + len(new_text) > 80:
        return f"{model_field.name} changed"
    return f"{model_field.name}: {old_text} → {new_text}"


def _edited_fields(article: Article, stored: Article) -> list[str]:
    return [
        model_field.name for model_field in Article._meta.concrete_fields
        if model_field.name not in _BOOKKEEPING_FIELDS
        and model_field.value_from_object(article) != model_field.value_from_object(stored)
    ]


def article_save_edit(*, article: Article, user=None, reason: str = "edited",
                      opened: ArticleVersion | None = None) -> Article:
    """Save a person's change to an article (admin form, API): it is marked edited, so a
    re-import keeps it, and its history records who changed it.

    `opened` is the version the person's form was opened at: a change saved since then is not
    overwritten (ArticleChangedError says what it was). A save that changes nothing writes
    nothing: no history record, no new version."""
    with transaction.atomic():
        # The row is locked until the transaction ends: no other save slips in between the
        # comparison and the write.
        # (no ordering: the default one joins the issue, which PostgreSQL cannot lock)
        stored = Article.objects.select_for_update().filter(pk=article.pk).order_by().first()
        if stored is None:
            raise ArticleChangedError("The article was deleted since you opened it; your changes were not saved.")
        if opened is not None and stored.updated_at != opened.updated_at:
            raise ArticleChangedError(article_newer_change(article_id=article.pk, opened=opened))
        if not _edited_fields(article, stored):
            article.updated_at = stored.updated_at
            article.edited_since_import = stored.edited_since_import
            return article
        article.edited_since_import = True
        article._change_reason = reason
        if user is not None and getattr(user, "is_authenticated", False):
            article._history_user = user
        article.full_clean(exclude=["slug"])
        article.save()
        index_articles([article.pk])
    return article


def article_set_status(*, articles: Iterable[Article], status: str, user=None,
                       publish_at: datetime.datetime | None = None) -> int:
    """Publish, unpublish (back to draft) or send to review; returns how many changed.

    Publishing sets the publish time to `publish_at` where it is given (so a published article is
    rescheduled); otherwise it keeps a time already set (a scheduled article stays scheduled) or
    sets it to now. `publish_at` is for publishing only."""
    if status not in Article.Status.values:
        raise ValueError(f"unknown status {status!r}")
    if publish_at is not None and status != Article.Status.PUBLISHED:
        raise ValueError("a publish time is given only to publish")
    changed_ids: list[int] = []
    now = timezone.now()
    with transaction.atomic():
        for article in articles:
            published_at = (publish_at or article.published_at or now) if status == Article.Status.PUBLISHED \
                else article.published_at
            if article.status == status and article.published_at == published_at:
                continue
            article.status = status
            article.published_at = published_at
            article._change_reason = f"status: {status}"
            if user is not None and getattr(user, "is_authenticated", False):
                article._history_user = user
            article.save(update_fields=["status", "published_at", "updated_at"])
            changed_ids.append(article.pk)
        index_articles(changed_ids)
    return len(changed_ids)


def article_resolve_conflict(*, article: Article, accept_new_parse: bool, user=None) -> Article:
    """Close an import conflict: keep the edited text, or take the parse kept beside it."""
    with transaction.atomic():
        pending = article.pending_parse or {}
        if accept_new_parse and pending and not pending.get("removed"):
            article.kicker = pending.get("kicker") or ""
            article.headline = pending.get("headline") or ""
            article.subtitle = pending.get("subtitle") or ""
            article.dateline = pending.get("dateline") or ""
            article.body = pending.get("blocks") or []
            article.edited_since_import = False
        article.has_import_conflict = False
        article.pending_parse = None
        article._change_reason = "import conflict resolved"
        article.save()
        index_articles([article.pk])
    return article


__all__ = [
    "ArticleChangedError",
    "ArticleVersion",
    "ImportReport",
    "PageImportError",
    "PagePlan",
    "article_mark_edited",
    "article_newer_change",
    "article_resolve_conflict",
    "article_save_edit",
    "article_set_status",
    "article_version",
    "page_import",
    "page_import_file",
    "page_parse_file",
    "page_plan_file",
    "place_kind",
]
