"""The page writer: one parsed page into rows, inside the import's transaction (see `importing`).

A page new to the archive is created with its articles; a page imported before is updated: the
articles nobody edited take the new parse, the edited ones keep their text and are flagged as
conflicting with the new parse kept beside them, and articles gone from the parse go (edited
ones stay, flagged). The names the articles mention are people's rows (`people.services`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from articles.models import Article, Caption, Event, Issue, Keyword, Page, PageImport, Publication
from articles.parsing import PARSER_VERSION
from articles.parsing.model import ParsedArticle, ParsedPage
from articles.titles import text_title
from newsroom.history import IMPORTED, REIMPORTED
from newsroom.i18n import Message, MessageText, gettext_noop
from people.models import Credit, OrganizationMention, PersonMention, PlaceMention
from people.services import ResolvedEntities, entities_resolve

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


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
    #: English texts; the parser's (ParseWarning) and the writer's (MessageText) keep their message
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

    def to_stored(self) -> dict[str, Any]:
        """`to_dict()` as the import log and a job's item keep it: the warnings in English, and
        beside them (`warning_messages`) the same to show in the reader's language
        (`newsroom.i18n.stored_displays`)."""
        return {**self.to_dict(), "warning_messages": [Message.of(warning).to_json() for warning in self.warnings]}


def print_publish_time(date: datetime.date | None, *, fallback: datetime.datetime) -> datetime.datetime:
    """When an imported article is published: its issue's date at NEWSROOM_PUBLISH_HOUR in the
    site's time zone (a back issue is not fresh news), or `fallback` (the import's time) for a page
    with no date."""
    if date is None:
        return fallback
    morning = datetime.datetime.combine(date, datetime.time(settings.NEWSROOM_PUBLISH_HOUR))
    return timezone.make_aware(morning, timezone.get_default_timezone())


@dataclass(frozen=True)
class PageTarget:
    """Where a page goes: its publication, issue date and page number, and its text's hash."""

    publication: str
    date: datetime.date | None
    number: int | None
    sha256: str




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


@dataclass(frozen=True)
class _PageEntities:
    """The rows of every name and keyword of one page's articles."""

    names: ResolvedEntities
    keywords: dict[str, Keyword]


class PageWriter:
    """Writes one parsed page inside the caller's transaction. Queries are per page, never per row
    of the archive: look-ups go by `name__in` over indexed columns and inserts are bulk."""

    def __init__(self, *, parsed: ParsedPage, text: str, source_file: str, target: PageTarget, status: str,
                 user: AbstractBaseUser | AnonymousUser | None) -> None:
        self.parsed = parsed
        self.text = text
        self.source_file = source_file
        self.target = target
        self.status = status
        # the account the import log names: a signed-in one, or nobody (a command, a dry run)
        self.user: Any = user if getattr(user, "is_authenticated", False) else None
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
                self.warnings.append(MessageText(Message(gettext_noop(
                    "article %(id)d is not in the new parse; kept because it was edited"), {"id": old.pk})))
            else:
                removed.append(old.pk)
                old.delete()
        if removed:  # their URLs now answer 404: whoever re-imports should know
            self.warnings.append(MessageText(Message(
                gettext_noop("%(count)d article(s) of the earlier import are not in the new parse and were removed: "
                             "%(ids)s"), {"count": len(removed), "ids": ", ".join(map(str, removed))})))

        entities = self._resolve_entities([parsed for _, parsed in to_create] + [p for _, p in to_refresh])
        for old, parsed in to_refresh:
            for name, value in self._article_fields(parsed).items():
                if name not in {"status", "published_at"}:  # an editor's status decision stands
                    setattr(old, name, value)
            old._change_reason = REIMPORTED.stored()
            old.save()
            self._clear_links(old)
        created_ids, _ = self._create_articles(page, to_create, entities=entities)
        self._link_all([(old, parsed) for old, parsed in to_refresh], entities)
        article_ids = tuple(sorted(created_ids + tuple(old.pk for old, _ in to_refresh) + tuple(a.pk for a in kept)))
        return self._finish(page, PageImport.Outcome.UPDATED, article_ids, entities, conflicts=tuple(conflicts))

    def _finish(self, page: Page, outcome: str, article_ids: Sequence[int], entities: _PageEntities,
                conflicts: tuple[int, ...]) -> ImportReport:
        report = ImportReport(
            source_file=self.source_file, outcome=outcome, page_id=page.pk, article_ids=tuple(article_ids),
            new_people=entities.names.new_people, new_organizations=entities.names.new_organizations,
            new_places=entities.names.new_places, new_events=self.new_events, warnings=tuple(self.warnings),
            conflicts=conflicts,
        )
        self._log(page, outcome, report)
        return report

    def _log(self, page: Page, outcome: str, report: ImportReport) -> None:
        PageImport.objects.create(
            page=page, source_file=self.source_file[:255], sha256=self.target.sha256, outcome=outcome,
            report=report.to_stored(), imported_by=self.user,
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
            "published_at": print_publish_time(self.target.date, fallback=self.now) if published else None,
            "slug": slugify(headline or text_title(lead), allow_unicode=True)[:120] or "article",
            "source_first_line": parsed.source.first_line,
            "source_last_line": max(parsed.source.last_line, parsed.source.first_line),
            "regions": [box.to_dict() for box in parsed.regions],
            "parser_version": PARSER_VERSION,
        }

    def _create_articles(self, page: Page, numbered: list[tuple[int, ParsedArticle]],
                         entities: _PageEntities | None = None) -> tuple[tuple[int, ...], _PageEntities]:
        if entities is None:
            entities = self._resolve_entities([parsed for _, parsed in numbered])
        if not numbered:
            return (), entities
        articles = [Article(page=page, order=order, **self._article_fields(parsed)) for order, parsed in numbered]
        for article in articles:
            article._change_reason = IMPORTED.stored()
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

    def _link_all(self, pairs: list[tuple[Article, ParsedArticle]], entities: _PageEntities) -> None:
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
                person = entities.names.people[credit.name]
                if (person.pk, credit.role.value) not in seen:
                    seen.add((person.pk, credit.role.value))
                    credits.append(Credit(article=article, person=person, role=credit.role.value,
                                          label=credit.label[:50], order=order))
            mentioned: dict[int, list[str]] = {}
            for mention in parsed.entities.people:
                person = entities.names.people[mention.name]
                titles = mentioned.setdefault(person.pk, [])
                titles.extend(t for t in mention.titles if t not in titles)
            person_mentions += [PersonMention(article=article, person_id=pk, titles=titles)
                                for pk, titles in mentioned.items()]
            org_forms: dict[int, list[str]] = {}
            for org_mention in parsed.entities.organizations:
                organization = entities.names.organizations[org_mention.name]
                forms = org_forms.setdefault(organization.pk, [])
                forms.extend(f for f in (org_mention.name, *org_mention.aliases) if f not in forms)
            organization_mentions += [OrganizationMention(article=article, organization_id=pk, forms=forms)
                                      for pk, forms in org_forms.items()]
            place_ids = {entities.names.places[p.name].pk for p in parsed.entities.places}
            place_mentions += [PlaceMention(article=article, place_id=pk) for pk in sorted(place_ids)]
            keyword_ids = {entities.keywords[k].pk for k in parsed.entities.keywords if k in entities.keywords}
            keyword_links += [Article.keywords.through(article_id=article.pk, keyword_id=pk)
                              for pk in sorted(keyword_ids)]
        for caption, article, photographers in caption_photographers:
            for order, name in enumerate(dict.fromkeys(photographers)):
                credits.append(Credit(article=article, caption=caption, person=entities.names.people[name],
                                      role=Credit.Role.PHOTOGRAPHER, order=order))
        Credit.objects.bulk_create(credits)
        PersonMention.objects.bulk_create(person_mentions)
        OrganizationMention.objects.bulk_create(organization_mentions)
        PlaceMention.objects.bulk_create(place_mentions)
        Article.keywords.through.objects.bulk_create(keyword_links, ignore_conflicts=True)
        self._link_events(pairs, entities)

    def _link_events(self, pairs: list[tuple[Article, ParsedArticle]], entities: _PageEntities) -> None:
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
            place = entities.names.places.get(event.location or "")
            # the parser read the time of day: its part of the day and its clock time, where given
            part_of_day = Event.PartOfDay(event.part_of_day.value) if event.part_of_day else ""
            missing.append(Event(
                name=key[0], year=key[1], month=key[2], day=key[3], part_of_day=part_of_day,
                time=event.clock, place=place, location=(event.location or "")[:200],
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
                    Event.organizers.through(event_id=row.pk, organization_id=entities.names.organizations[name].pk)
                    for name in event.organizers if name in entities.names.organizations
                ]
                participant_links += [
                    Event.participants.through(event_id=row.pk, person_id=entities.names.people[name].pk)
                    for name in event.participants if name in entities.names.people
                ]
        Event.articles.through.objects.bulk_create(article_links, ignore_conflicts=True)
        Event.organizers.through.objects.bulk_create(organizer_links, ignore_conflicts=True)
        Event.participants.through.objects.bulk_create(participant_links, ignore_conflicts=True)

    # -- entities ---------------------------------------------------------------------------------

    def _resolve_entities(self, articles: Iterable[ParsedArticle]) -> _PageEntities:
        """The people, organizations and places are people's rows (people.services); the keywords
        are the articles' own."""
        articles = list(articles)
        names = entities_resolve(articles=articles)
        keyword_names = {k for parsed in articles for k in parsed.entities.keywords if len(k) <= 50}
        existing = {k.name: k for k in Keyword.objects.filter(name__in=keyword_names)}
        missing = [Keyword(name=name) for name in sorted(keyword_names - existing.keys())]
        if missing:
            Keyword.objects.bulk_create(missing, ignore_conflicts=True)
            existing = {k.name: k for k in Keyword.objects.filter(name__in=keyword_names)}
        return _PageEntities(names=names, keywords=existing)


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
