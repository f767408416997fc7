"""Reads: what the readers' site, its feeds and sitemaps, the people's pages and the API ask of the
database, in one place.

Every function here only reads, takes keyword arguments and returns querysets (lazy, for the
caller to narrow, order or page) or rows. Who may see what is `articles.roles`'s to say: the
API's reads go through it; the site, its feeds and its sitemaps show what readers see
(`Article.objects.published()`) whoever is signed in, because their pages are cached for everyone.

The site's "has a published article" tests are correlated `Exists` subqueries on the article's
status and publish time (the `article_status_published` index answers them); the API's go
through `roles.visible_articles(user)`, so that a reporter's own drafts count for them too."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, Concat, RowNumber
from django.utils import timezone

from articles import roles
from articles import search as engine
from articles.models import (
    Article,
    ArticleImage,
    ArticleQuerySet,
    Caption,
    Event,
    EventQuerySet,
    Image,
    Issue,
    Keyword,
    Page,
    PageImage,
)
from newsroom.db import id_array, prepared_cursor
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

#: Who asks: a signed-in account or the anonymous reader (request.user).
User = AbstractBaseUser | AnonymousUser

#: What the site never shows of a page: its raw text is large, and lists hold many articles.
PAGE_UNSHOWN = ("page__raw_text", "page__warnings", "page__header")
#: The same columns read from a page itself.
PAGE_TEXT_COLUMNS = ("raw_text", "warnings", "header")
RELATED_ARTICLES = 5
#: Articles a page of a list holds.
LIST_PAGE_SIZE = 20
#: How many events a person's, an organization's or a place's page lists.
EVENTS_SHOWN = 50


# ------------------------------------------------------------------------------- who sees what


def has_published_article(*, through: str) -> Exists:
    """`Exists` of an article readers see, through `through` (the path from Article back to the
    model being filtered, e.g. "page__issue" for issues, "credits__person" for people)."""
    return Exists(Article.objects.published().filter(**{through: OuterRef("pk")}))


def visible_articles(*, user: User) -> ArticleQuerySet:
    """The articles `user` may see (articles.roles): the API's every article read starts here."""
    return roles.visible_articles(user)


def page_of(
    queryset: QuerySet | Sequence, *, number: str | None, per_page: int = LIST_PAGE_SIZE,
    paginator_class: type[Paginator] = Paginator,
) -> PaginatorPage:
    """Page `number` of a list (as the `page` query parameter gives it); a nonsense or too-large
    number gives the nearest page."""
    return paginator_class(queryset, per_page).get_page(number)


# ------------------------------------------------------------------------------ the site's reads


def shown_images() -> Prefetch:
    """An article's pictures as `shown_images`: its ArticleImages with their image and the image's
    credited person, the lead first, then in order (one query for every article of a list)."""
    return Prefetch(
        "article_images",
        queryset=ArticleImage.objects.select_related("image__credit").order_by("-is_lead", "order", "pk"),
        to_attr="shown_images",
    )


def load_shown_images(articles: Sequence[Article]) -> None:
    """Give articles already read (a page of search hits) their `shown_images`: one query."""
    prefetch_related_objects(list(articles), shown_images())


def published_articles() -> ArticleQuerySet:
    """Articles readers see, with where they were printed (the page's text left unread), their
    byline (`byline_credits`) and their pictures (`shown_images`, the lead first): what every list
    on the site and in the feeds shows."""
    return as_listed(Article.objects.published())


def as_listed(articles: ArticleQuerySet) -> ArticleQuerySet:
    """`articles` with what a list shows of each (published_articles)."""
    return articles.with_print_position().defer(*PAGE_UNSHOWN).prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person").filter(caption__isnull=True)
                 .order_by("order", "pk"), to_attr="byline_credits"),
        shown_images(),
    )


def listed_articles(*, article_ids: Iterable[int]) -> list[Article]:
    """The articles `article_ids` (any status: the site's stored fragments are built for every
    article) with what a list shows of each."""
    return list(as_listed(Article.objects.filter(pk__in=list(article_ids))).order_by())


def related_article_ids(*, article: Article, keyword_ids: Sequence[int]) -> list[int]:
    """related_articles, ids only."""
    if not keyword_ids:
        return []
    return list(
        Article.objects.published().exclude(pk=article.pk).filter(keywords__in=keyword_ids)
        .annotate(shared=Count("keywords")).order_by("-shared", "-published_at", "-pk")
        .values_list("pk", flat=True)[:RELATED_ARTICLES]
    )


def published_article_detail() -> ArticleQuerySet:
    """`published_articles()` with all an article's page shows: keywords, captions with their
    credits, mentions and events (each a prefetch: one query apiece)."""
    return as_detailed(published_articles())


def detailed_articles(*, article_ids: Iterable[int]) -> list[Article]:
    """The articles `article_ids` (any status: the site's stored fragments are built for every
    article) with all a list and an article's page show of each."""
    return list(as_detailed(as_listed(Article.objects.filter(pk__in=list(article_ids)))).order_by())


def published_article_stub(*, pk: int) -> Article | None:
    """The article readers see with this id, only what its page needs beside its stored fragments
    (its link, title, page, time zone-free columns), and those fragments (`stored_site`,
    `stored_shape`) in the same query; None where readers see none."""
    return (Article.objects.published().filter(pk=pk).order_by()
            .only("pk", "slug", "headline", "kicker", "kind", "page_id")
            .annotate(stored_site=F("representation__site"), stored_shape=F("representation__shape_version"))
            .first())


def as_detailed(articles: ArticleQuerySet) -> ArticleQuerySet:
    """`articles` (as_listed) with all an article's page shows (published_article_detail)."""
    return articles.prefetch_related(
        "keywords",
        Prefetch("captions__credits", queryset=Credit.objects.select_related("person").order_by("order", "pk")),
        Prefetch("person_mentions", queryset=PersonMention.objects.select_related("person")),
        Prefetch("organization_mentions", queryset=OrganizationMention.objects.select_related("organization")),
        Prefetch("place_mentions", queryset=PlaceMention.objects.select_related("place")),
        Prefetch("events", queryset=Event.objects.in_chronological_order()),
    )


def latest_articles(*, limit: int) -> ArticleQuerySet:
    return published_articles().order_by("-published_at", "-pk")[:limit]


def article_siblings(*, article: Article) -> list[Article]:
    """The published articles of `article`'s page in print order (the reading path's previous and
    next), with the few columns a link needs."""
    return list(
        Article.objects.published().filter(page=article.page_id).order_by("order")
        .only("pk", "slug", "headline", "kind", "order", "body")
    )


def related_articles(*, article: Article, keyword_ids: Sequence[int]) -> ArticleQuerySet:
    """Published articles sharing the most keywords with `article` (the keywords hold the names of
    the people and organizations it is about), newest first among equals: one query."""
    if not keyword_ids:
        return Article.objects.none()
    return (
        Article.objects.published().with_print_position().defer(*PAGE_UNSHOWN).exclude(pk=article.pk)
        .filter(keywords__in=keyword_ids).annotate(shared=Count("keywords")).prefetch_related(shown_images())
        .order_by("-shared", "-published_at", "-pk")[:RELATED_ARTICLES]
    )


def keyword_articles(*, keyword: Keyword) -> ArticleQuerySet:
    return published_articles().filter(keywords=keyword).in_print_order()


def section_articles(*, name: str) -> ArticleQuerySet:
    """A section's articles (栏目: the pages of one name, 版名, in every issue), newest issue first."""
    return published_articles().filter(page__name=name).in_print_order()


def published_sections() -> list[tuple[str, int]]:
    """The sections readers can open, each with its number of articles readers see, largest first."""
    rows = (Article.objects.published().exclude(page__name="").values_list("page__name")
            .annotate(total=Count("pk")).order_by("-total", "page__name"))
    return [(name, total) for name, total in rows]


def published_issues() -> QuerySet[Issue]:
    """Issues with an article readers see."""
    return Issue.objects.filter(has_published_article(through="page__issue"))


def latest_issue() -> Issue | None:
    # Issues newest first, each checked for a visible article: stops at the first that has one.
    return published_issues().select_related("publication").order_by("-date", "pk").first()


def issue_archive() -> QuerySet[Issue]:
    """Issues with an article readers see, newest first, with their publication and `page_count`."""
    return published_issues().select_related("publication").annotate(
        page_count=Count("pages", distinct=True)).order_by("-date")


def issue_on(*, day: datetime.date) -> Issue | None:
    """The issue of `day` (published or not: the caller asks for its published pages)."""
    return Issue.objects.select_related("publication").filter(date=day).order_by("pk").first()


def issue_pages(*, issue: Issue) -> list[Page]:
    """The issue's pages in order, each with `visible_articles` in print order; pages without any left out."""
    pages = issue.pages.order_by("number", "pk").defer(*PAGE_TEXT_COLUMNS).select_related("printed").prefetch_related(
        Prefetch("articles", queryset=Article.objects.published().order_by("order"), to_attr="visible_articles")
    )
    pages = [page for page in pages if page.visible_articles]
    for page in pages:
        page.hot_zones = printed_page_zones(page=page, articles=page.visible_articles)
    return pages


#: the columns of `latest_issue_rows`: the article's, then its page's, its issue's and its page's printed image's
LATEST_ISSUE_COLUMNS = (
    "pk", "slug", "headline", "kind", "regions", "untitled_body", "page_id", "page__number", "page__name",
    "page__issue_id", "page__issue__date", "page__issue__number", "page__printed__file", "page__printed__width",
    "page__printed__height", "page__printed__page_index", "page__printed__width_points",
    "page__printed__height_points",
)


def _latest_issue_query(now: datetime.datetime) -> QuerySet:
    latest = Issue.objects.filter(Exists(Article.objects.published(now).filter(page__issue=OuterRef("pk")))) \
        .order_by("-date", "pk").values("pk")[:1]
    return (
        Article.objects.published(now).filter(page__issue=Subquery(latest))
        .annotate(untitled_body=Case(When(headline="", then=F("body")), default=None, output_field=JSONField()))
        .order_by("page__number", "page_id", "order").values(*LATEST_ISSUE_COLUMNS)
    )


def latest_issue_rows() -> list[dict[str, Any]]:
    """The articles readers see of the latest issue (latest_issue), in issue_pages' order (its pages
    by number, each page's articles in print order), as dicts of LATEST_ISSUE_COLUMNS: what the
    home page shows of each with its page and issue, in ONE query (the issue found by a subquery),
    made by the ORM once per connection (`_compiled_now_rows`). The body (`untitled_body`) only of
    an article printed without a headline, whose title is taken from its text; none where no
    issue has an article readers see."""
    return [dict(zip(names, row, strict=True)) for names, rows in [_compiled_now_rows(_latest_issue_query)]
            for row in rows]


def latest_article_ids(*, limit: int) -> list[int]:
    """The newest articles readers see (latest_articles), ids only (the query made once per
    connection and limit: `_compiled_now_rows`)."""
    def query(now: datetime.datetime) -> QuerySet:
        return Article.objects.published(now).order_by("-published_at", "-pk").values_list("pk")[:limit]

    return [pk for pk, in _compiled_now_rows(query, key=limit)[1]]


#: a publish time no article holds: where a query made once takes the request's time
_NOW_STAND_IN = datetime.datetime(2222, 2, 22, 22, 22, 22, 222222, tzinfo=datetime.UTC)


def _compiled_now_rows(build: Callable[[datetime.datetime], QuerySet], *,
                       key: object = None) -> tuple[list[str], list[tuple]]:
    """The column names and rows of the values() queryset `build(now)` as of now, its SQL made once
    per connection (and `key`), as article_related_rows does: building and compiling a fixed
    query of readers' visibility costs more CPU than the database's answer, and only `now` changes
    (its parameters are found by a stand-in time). Run prepared on PostgreSQL (newsroom.db)."""
    using = router.db_for_read(Article)
    connection = connections[using]
    cache: dict = connection.__dict__.setdefault("_newsroom_compiled_now", {})
    compiled = cache.get((build.__qualname__, key))
    if compiled is None:
        queryset = build(_NOW_STAND_IN)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        stand_in = connection.ops.adapt_datetimefield_value(_NOW_STAND_IN)
        slots = [position for position, value in enumerate(params) if value == stand_in]
        if not slots:  # never run a query of readers' visibility as of the stand-in time
            raise ValueError(f"{build.__qualname__} has no parameter of the time it is run at")
        query = queryset.query
        # (as QuerySet.values() names a row's columns)
        names = list(query.selected) if query.selected else [
            *query.extra_select, *query.values_select, *query.annotation_select]
        compiled = cache[(build.__qualname__, key)] = (compiler, sql, list(params), slots, names)
    compiler, sql, params, slots, names = compiled
    params = list(params)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for position in slots:
        params[position] = now
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return names, list(compiler.results_iter(results=[rows], tuple_expected=True))


def printed_page(page: Page) -> PageImage | None:
    """The page's printed image (pages read from a PDF have one), or None."""
    try:
        return page.printed
    except PageImage.DoesNotExist:
        return None


def printed_page_zones(*, page: Page, articles: Iterable[Article]) -> list[tuple[Article, list[dict[str, float]]]]:
    """The hot zones of the page's printed image: each of `articles` (those readers see) with its
    printed regions as percentages of the image; none for a page without a printed image."""
    printed = printed_page(page)
    return printed.hot_zones(articles) if printed is not None else []


def neighbour_issue(*, day: datetime.date, later: bool) -> Issue | None:
    """The nearest issue before (or after) `day` with an article readers see."""
    issues = published_issues()
    if later:
        return issues.filter(date__gt=day).order_by("date").first()
    return issues.filter(date__lt=day).order_by("-date").first()


def print_page_on(*, day: datetime.date, number: int) -> Page | None:
    return Page.objects.select_related("issue", "publication", "printed").defer(*PAGE_TEXT_COLUMNS).filter(
        issue__date=day, number=number).order_by("pk").first()


def page_articles(*, page: Page) -> list[Article]:
    return list(published_articles().filter(page=page).order_by("order"))


def published_page_numbers(*, issue_id: int) -> list[int]:
    """The numbers of the issue's pages with an article readers see, in order."""
    return list(
        Page.objects.filter(issue=issue_id, number__isnull=False).filter(has_published_article(through="page"))
        .order_by("number").values_list("number", flat=True)
    )


def published_print_pages() -> QuerySet[Page]:
    """Numbered pages of an issue with an article readers see, newest issue first (the sitemap)."""
    return (
        Page.objects.filter(issue__isnull=False, number__isnull=False).filter(has_published_article(through="page"))
        .select_related("issue").order_by("-issue__date", "number")
    )


def sitemap_articles() -> ArticleQuerySet:
    """Every article readers see, with the columns a sitemap entry needs, newest first."""
    return Article.objects.published().only("pk", "slug", "updated_at", "published_at").order_by(
        "-published_at", "-pk")


def news_articles(*, days: int) -> ArticleQuerySet:
    """Articles readers see published in the last `days` days, newest first (the news sitemap)."""
    now = timezone.now()
    return (
        Article.objects.published(now).filter(published_at__gte=now - datetime.timedelta(days=days))
        .select_related("page__publication").order_by("-published_at", "-pk")
    )


def published_events() -> EventQuerySet:
    """Events reported by at least one article readers see, with their place."""
    return Event.objects.filter(has_published_article(through="events")).select_related("place")


def event_articles(*, event: Event) -> ArticleQuerySet:
    return published_articles().filter(events=event).in_print_order()


def _search_narrowing(*, start: datetime.date | None, end: datetime.date | None, reporter_id: int | None) -> Q:
    """The condition of articles printed between `start` and `end` and crediting the person
    `reporter_id`, where given."""
    narrowing = Q()
    if start:
        narrowing &= Q(page__issue__date__gte=start)
    if end:
        narrowing &= Q(page__issue__date__lte=end)
    if reporter_id:
        # a reporter's articles as their page lists them: byline, caption or picture credits
        narrowing &= Q(pk__in=Credit.objects.filter(person=reporter_id).values("article")) | Q(
            pk__in=_pictured_articles(reporter_id))
    return narrowing


def search_published_articles(
    *, query: str, start: datetime.date | None = None, end: datetime.date | None = None,
    reporter_id: int | None = None,
) -> QuerySet[Article]:
    """Articles readers see matching `query` (articles.search), best first, printed between `start`
    and `end` and crediting the person `reporter_id`, where given, with their page and issue.
    Raises articles.search.SearchQueryError for a query with nothing to search."""
    narrowing = _search_narrowing(start=start, end=end, reporter_id=reporter_id)
    # Without a narrowing the search index alone finds, ranks and counts what readers may see
    # (ArticleQuerySet.scope: every article, unfiltered). The page and issue are joined to the hits
    # shown only (the engine reads the hits' keys first, their rows second).
    base = Article.objects.filter(narrowing) if narrowing else Article.objects.all()
    return engine.search_articles(query, queryset=base, public=True).select_related("page__issue").defer(
        *PAGE_UNSHOWN)


class SearchHit:
    """A search hit as the site's search page shows it: what its snippet is cut from (the text
    `articles.search.search_snippets` reads) and its stored fragments (`stored_site`, UTF-8 JSON of
    the representations' shape `stored_shape`; None where none is stored): no model instance,
    nor its page and issue, whose date and number the stored result already shows."""

    __slots__ = ("body", "headline", "kicker", "pk", "stored_shape", "stored_site", "subtitle")

    def __init__(self, pk: int, kicker: str, headline: str, subtitle: str, body: list[dict[str, Any]],
                 stored_site: bytes | None, stored_shape: int | None) -> None:
        self.pk, self.kicker, self.headline, self.subtitle, self.body = pk, kicker, headline, subtitle, body
        self.stored_site, self.stored_shape = stored_site, stored_shape

    @property
    def body_text(self) -> str:
        return "\n".join(block["text"] for block in self.body)


#: the columns of a SearchHit, as `search_hits` reads them
_HIT_COLUMNS = ("pk", "kicker", "headline", "subtitle", "body", "representation__site",
                "representation__shape_version")
#: a publish time no article has: where `search_hits`' compiled SQL takes the request's time
_NOW_STAND_IN = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


def search_hits(*, article_ids: Sequence[int], now: datetime.datetime) -> list[SearchHit]:
    """The SearchHits of the articles of `article_ids` readers see as of `now`, in that order, in
    one query (an article no longer visible, or deleted, left out). On PostgreSQL its SQL is made
    by the ORM once per connection and runs prepared, the ids one array parameter."""
    using = router.db_for_read(Article)
    connection = connections[using]
    if connection.vendor != "postgresql":
        rows = list(Article.objects.db_manager(using).published(now).filter(pk__in=list(article_ids))
                    .values_list(*_HIT_COLUMNS))
    else:
        key = "_newsroom_search_hits"
        compiled = connection.__dict__.get(key)
        if compiled is None:
            query = Article.objects.db_manager(using).published(_NOW_STAND_IN).filter(id__any=[-1]) \
                .values_list(*_HIT_COLUMNS).query
            sql, params = query.get_compiler(using).as_sql()
            ids_slot = next(position for position, value in enumerate(params) if isinstance(value, list))
            now_slot = next(position for position, value in enumerate(params) if value == _NOW_STAND_IN)
            compiled = connection.__dict__[key] = (sql, list(params), ids_slot, now_slot)
        sql, params, ids_slot, now_slot = compiled
        params = list(params)
        params[ids_slot], params[now_slot] = id_array(article_ids), now
        with prepared_cursor(connection) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    by_id = {}
    for pk, kicker, headline, subtitle, body, site, shape in rows:
        if isinstance(body, str | bytes):  # the raw cursor's JSON, as the database sends it
            body = orjson.loads(body)
        by_id[pk] = SearchHit(pk, kicker, headline, subtitle, body, None if site is None else bytes(site), shape)
    return [by_id[pk] for pk in article_ids if pk in by_id]


class PublishedSearch:
    """The hits readers see of a search, as the site's search page pages them (its Paginator,
    articles.search.SearchPaginator, asks `page_and_count`): the page's ids and the number of all
    the hits in one query (articles.search.visible_hit_keys: on the index alone when nothing
    narrows the search), then the page's SearchHits in one more (`search_hits`)."""

    def __init__(self, *, query: str, start: datetime.date | None = None, end: datetime.date | None = None,
                 reporter_id: int | None = None) -> None:
        narrowing = _search_narrowing(start=start, end=end, reporter_id=reporter_id)
        self.query = query
        self.candidates = Article.objects.filter(narrowing) if narrowing else None

    def page_and_count(self, low: int, high: int) -> tuple[list[SearchHit], int | None]:
        """The hits [low:high] and the number of all of them (None where the slice is empty).
        Raises articles.search.SearchQueryError for a query with nothing to search."""
        now = timezone.now()
        ids, total = engine.visible_hit_keys(self.query, queryset=self.candidates, low=low, high=high, now=now)
        return (search_hits(article_ids=ids, now=now) if ids else []), total

    def count(self) -> int:
        return engine.visible_hit_keys(self.query, queryset=self.candidates, low=0, high=1)[1] or 0

    def __getitem__(self, bounds: slice) -> list[SearchHit]:
        return self.page_and_count(bounds.start or 0, bounds.stop)[0]


# ---------------------------------------------------------------------------------------- people


def _pictured_articles(person: Person | int) -> QuerySet[ArticleImage]:
    """The ids of the articles showing a picture credited to `person` (as ArticleImage rows)."""
    return ArticleImage.objects.filter(image__credit=person).values("article")


def credited_people() -> QuerySet[Person]:
    """People credited on an article readers see, in its byline, a caption or a picture it shows
    (a draft's byline must not leak)."""
    return Person.objects.filter(
        has_published_article(through="credits__person")
        | has_published_article(through="article_images__image__credit")
    )


def mentioned_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(has_published_article(through="organization_mentions__organization"))


def reporter_choices() -> dict[int, str]:
    """{pk: name} of the people credited on an article readers see, by name (namesakes told apart)."""
    rows = credited_people().order_by("name", "disambiguation", "pk").values_list("pk", "name", "disambiguation")
    return {pk: f"{name}（{other}）" if other else name for pk, name, other in rows}


def reporter_ranking() -> QuerySet[Person]:
    """People credited on an article readers see, those with the most articles first."""
    return (
        Person.objects.filter(credits__article__in=Article.objects.published())
        .annotate(article_count=Count("credits__article", distinct=True))
        .order_by("-article_count", "name", "pk")
    )


def reporter_roles(*, person: Person) -> list[dict[str, Any]]:
    """[{"role", "count"}] of the roles `person` is credited in on articles readers see, by role.
    A picture an article shows, credited to them, counts as a photographer's credit."""
    roles = {
        row["role"]: row for row in
        Credit.objects.filter(person=person, article__in=Article.objects.published()).values("role")
        .annotate(count=Count("article", distinct=True)).order_by("role")
    }
    if _pictured_articles(person).filter(article__in=Article.objects.published()).exists():
        photographer = Credit.Role.PHOTOGRAPHER
        roles[photographer] = {"role": photographer, "count": articles_crediting(person=person, role=photographer)
                               .count()}
    return [roles[role] for role in sorted(roles)]


def articles_crediting(*, person: Person, role: str = "") -> ArticleQuerySet:
    """Articles readers see crediting `person` (in `role`, where given), unordered: in the byline or
    a caption, or for a picture they show (a photographer's credit)."""
    credits = Credit.objects.filter(person=person)
    if role:
        credits = credits.filter(role=role)
    crediting = Q(pk__in=credits.values("article"))
    if role in ("", Credit.Role.PHOTOGRAPHER):
        crediting |= Q(pk__in=_pictured_articles(person))
    return published_articles().filter(crediting)


def reporter_articles(*, person: Person, role: str = "") -> ArticleQuerySet:
    """`articles_crediting`, newest issue first, each with `own_credits`: the person's credits on it."""
    return (
        articles_crediting(person=person, role=role)
        .prefetch_related(Prefetch("credits", queryset=Credit.objects.filter(person=person), to_attr="own_credits"))
        .order_by("-page__issue__date", "-published_at", "pk")
    )


def is_credited(*, person: Person) -> bool:
    """Whether an article readers see credits `person` (byline, caption or picture): they have a reporter's page."""
    return credited_people().filter(pk=person.pk).exists()


def is_mentioned(*, person: Person) -> bool:
    return PersonMention.objects.filter(person=person, article__in=Article.objects.published()).exists()


def person_titles(*, person: Person) -> list[str]:
    """The titles articles readers see give `person`, each once, in the order first given."""
    mentions = PersonMention.objects.filter(person=person, article__in=Article.objects.published()).values_list(
        "titles", flat=True)
    titles: list[str] = []
    for mentioned in mentions:
        for title in mentioned or ():
            if title not in titles:
                titles.append(title)
    return titles


def _newest_issue_first(articles: ArticleQuerySet) -> ArticleQuerySet:
    return articles.order_by("-page__issue__date", "-published_at", "pk")


def articles_mentioning_person(*, person: Person) -> ArticleQuerySet:
    """Articles readers see mentioning `person`, newest issue first."""
    return _newest_issue_first(published_articles().filter(person_mentions__person=person))


def articles_mentioning_organization(*, organization: Organization) -> ArticleQuerySet:
    """Articles readers see mentioning `organization`, newest issue first."""
    return _newest_issue_first(published_articles().filter(organization_mentions__organization=organization))


def articles_mentioning_place(*, place: Place) -> ArticleQuerySet:
    """Articles readers see mentioning `place`, newest issue first."""
    return _newest_issue_first(published_articles().filter(place_mentions__place=place))


# ------------------------------------------------------------------------------------- the API


def api_events(*, user: User) -> QuerySet[Event]:
    """The events `user` sees in the API: an event shows with an article they may see."""
    events = Event.objects.select_related("place")
    if roles.is_editor(user):
        return events
    through = Event.articles.through
    return events.filter(Exists(through.objects.filter(
        event_id=OuterRef("pk"), article__in=visible_articles(user=user),
    )))


def api_issues(*, user: User) -> QuerySet[Issue]:
    """The issues `user` sees in the API: an issue shows with an article they may see."""
    issues = Issue.objects.select_related("publication")
    if roles.is_editor(user):
        return issues
    return issues.filter(Exists(visible_articles(user=user).filter(page__issue=OuterRef("pk"))))


def organization_alias_rows(*, organization_ids: Sequence[int]) -> QuerySet:
    """(organization id, alias) of these organizations, by organization and name."""
    return OrganizationAlias.objects.filter(organization_id__in=organization_ids).order_by(
        "organization_id", "name").values_list("organization_id", "name")


def event_organizer_rows(*, event_ids: Sequence[int]) -> QuerySet:
    """(event id, organization id, name), in the order they were added."""
    return Event.organizers.through.objects.filter(event_id__in=event_ids).order_by("event_id", "pk").values_list(
        "event_id", "organization_id", "organization__name")


def event_participant_rows(*, event_ids: Sequence[int]) -> QuerySet:
    """(event id, person id, name, disambiguation), in the order they were added."""
    return Event.participants.through.objects.filter(event_id__in=event_ids).order_by("event_id", "pk").values_list(
        "event_id", "person_id", "person__name", "person__disambiguation")


def event_article_rows(*, event_ids: Sequence[int], visible: QuerySet[Article]) -> QuerySet:
    """(event id, article id, headline, slug) of the `visible` articles reporting these events."""
    return Event.articles.through.objects.filter(event_id__in=event_ids, article__in=visible).order_by(
        "event_id", "article_id").values_list("event_id", "article_id", "article__headline", "article__slug")


def issue_page_rows(*, issue_ids: Sequence[int]) -> QuerySet:
    """(issue id, page id, number, name) of these issues' pages, in order."""
    return Page.objects.filter(issue_id__in=issue_ids).order_by("issue_id", "number", "pk").values_list(
        "issue_id", "id", "number", "name")


def issue_article_rows(*, issue_ids: Sequence[int], visible: QuerySet[Article]) -> QuerySet:
    """(page id, article id, headline, slug) of the `visible` articles of these issues, in print order."""
    return visible.filter(page__issue_id__in=issue_ids).order_by("page_id", "order").values_list(
        "page_id", "id", "headline", "slug")


#: The kinds of row `article_related_rows` reads, each a UNION ALL branch.
RELATED_KINDS = ("credit", "caption", "keyword", "person", "organization", "place", "event", "position", "image")

#: How an "image" row of `article_related_rows` packs its picture into `extra2`, "|"-separated (the
#: alt text last: the only part that may hold a "|"); see `image_row_parts`.
IMAGE_ROW_PARTS = ("is_lead", "width", "height", "source", "credit_role", "file", "alt_text")


def _branch(queryset: QuerySet, kind: str, **columns: Any) -> QuerySet:
    """One UNION branch: the nine columns of `article_related_rows`, all annotations, in a fixed order."""
    text, integer = CharField(), IntegerField()
    defaults = {
        "r_name": Value("", output_field=text), "r_disambiguation": Value("", output_field=text),
        "r_extra1": Value("", output_field=text), "r_extra2": Value("", output_field=text),
        "r_n": Value(0, output_field=integer), "r_caption": Value(None, output_field=integer),
    }
    annotations = {"r_kind": Value(kind, output_field=text), **defaults, **columns}
    names = ["r_kind", "r_article", "r_id", "r_name", "r_disambiguation", "r_extra1", "r_extra2", "r_n", "r_caption"]
    return queryset.order_by().annotate(**annotations).values_list(*names)


def _related_query(article_ids: list[int], kinds: tuple[str, ...]) -> QuerySet:
    text = TextField()
    builders = {
        "credit": lambda: _branch(
            Credit.objects.filter(article_id__any=article_ids), "credit", r_article=F("article_id"),
            r_id=F("person_id"), r_name=F("person__name"), r_disambiguation=F("person__disambiguation"),
            r_extra1=F("role"), r_extra2=F("label"), r_n=F("order"), r_caption=F("caption_id"),
        ),
        "caption": lambda: _branch(
            Caption.objects.filter(article_id__any=article_ids), "caption", r_article=F("article_id"),
            r_id=F("id"), r_name=F("text"), r_n=F("order"),
        ),
        "keyword": lambda: _branch(
            Article.keywords.through.objects.filter(article_id__any=article_ids), "keyword",
            r_article=F("article_id"), r_id=F("keyword_id"), r_name=F("keyword__name"),
        ),
        "person": lambda: _branch(
            PersonMention.objects.filter(article_id__any=article_ids), "person", r_article=F("article_id"),
            r_id=F("person_id"), r_name=F("person__name"), r_disambiguation=F("person__disambiguation"),
            r_extra1=Cast("titles", text), r_n=F("id"),
        ),
        "organization": lambda: _branch(
            OrganizationMention.objects.filter(article_id__any=article_ids), "organization",
            r_article=F("article_id"), r_id=F("organization_id"), r_name=F("organization__name"),
            r_disambiguation=F("organization__disambiguation"), r_extra1=Cast("forms", text), r_n=F("id"),
        ),
        "place": lambda: _branch(
            PlaceMention.objects.filter(article_id__any=article_ids), "place", r_article=F("article_id"),
            r_id=F("place_id"), r_name=F("place__name"), r_disambiguation=F("place__disambiguation"),
            r_extra1=F("place__kind"), r_n=F("id"),
        ),
        "event": lambda: _branch(
            Event.articles.through.objects.filter(article_id__any=article_ids), "event", r_article=F("article_id"),
            r_id=F("event_id"), r_name=F("event__name"),
            r_extra1=Concat(*[part for name in ("year", "month", "day") for part in (
                Coalesce(Cast(f"event__{name}", text), Value("", output_field=text)), Value("|", output_field=text)
            )][:-1], output_field=text),
        ),
        # a picture: credited person's name and disambiguation, caption, the rest packed (IMAGE_ROW_PARTS),
        # order, credited person's id
        "image": lambda: _branch(
            ArticleImage.objects.filter(article_id__any=article_ids), "image", r_article=F("article_id"),
            r_id=F("image_id"), r_name=Coalesce(F("image__credit__name"), Value(""), output_field=text),
            r_disambiguation=Coalesce(F("image__credit__disambiguation"), Value(""), output_field=text),
            r_extra1=Cast("image__caption", text),
            r_extra2=Concat(*[part for value in (
                Case(When(is_lead=True, then=Value("1")), default=Value("0"), output_field=text),
                Cast("image__width", text), Cast("image__height", text), F("image__source"),
                F("image__credit_role"), F("image__file"), F("image__alt_text"),
            ) for part in (value, Value("|", output_field=text))][:-1], output_field=text),
            r_n=F("order"), r_caption=F("image__credit_id"),
        ),
        # the print position: issue, publication (name and slug), page name, issue date, page number
        "position": lambda: _branch(
            Article.objects.filter(id__any=article_ids), "position", r_article=F("id"),
            r_id=F("page__issue_id"), r_name=F("page__publication__name"),
            r_disambiguation=F("page__publication__slug"), r_extra1=F("page__name"),
            r_extra2=Coalesce(Cast("page__issue__date", text), Value("", output_field=text)), r_n=F("page__number"),
        ),
    }
    first, *rest = [builders[kind]() for kind in kinds]
    return first.union(*rest, all=True) if rest else first


#: Compiled SQL of `_related_query` per (database, kinds, number of ids where each is a parameter),
#: with where the ids go
_compiled_related: dict[tuple, tuple[str, list, list[tuple[int, int | None]]]] = {}


def article_related_rows(*, article_ids: list[int], kinds: dict[str, None]) -> list[tuple]:
    """The related rows of these articles, one UNION ALL query for the `kinds` asked for (of
    RELATED_KINDS, in the order given):
    (kind, article id, id, name, disambiguation, extra1, extra2, number, caption id).

    Building this queryset through the ORM costs several times what running it does, and only
    the ids change between requests: the SQL is compiled once per shape (with negative
    stand-in ids, whose parameter positions are recorded) and reused with the real ids. On
    PostgreSQL the ids are one array parameter per branch, so the statement is the same for every
    page, and it is prepared (newsroom.db.prepared_cursor): planned once per connection."""
    using = router.db_for_read(Article)
    connection = connections[using]
    whole_array = connection.vendor == "postgresql"
    key = (using, connection.vendor, tuple(kinds), None if whole_array else len(article_ids))
    compiled = _compiled_related.get(key)
    if compiled is None:
        stand_ins = {-(n + 1): n for n in range(len(article_ids))}
        sql, params = _related_query(list(stand_ins), key[2]).query.get_compiler(using).as_sql()
        # an id's place: a parameter of its own (n), or the array of them all (None)
        slots = [(position, None if isinstance(value, list) else stand_ins[value])
                 for position, value in enumerate(params)
                 if isinstance(value, list) or (type(value) is int and value in stand_ins)]
        compiled = _compiled_related[key] = (sql, list(params), slots)
    sql, params, slots = compiled
    params = list(params)
    ids = id_array(article_ids) if whole_array else None
    for position, n in slots:
        params[position] = ids if n is None else article_ids[n]
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()



# ---------------------------------------------------------------------------------------- images


def image_row_parts(packed: str) -> dict[str, str]:
    """The picture an "image" row of `article_related_rows` packs in its `extra2` (IMAGE_ROW_PARTS)."""
    return dict(zip(IMAGE_ROW_PARTS, packed.split("|", len(IMAGE_ROW_PARTS) - 1), strict=True))


def renditions(image: Image) -> list[dict[str, Any]]:
    """`image.rendition_set()` (each rendition's name, size and WebP and JPEG URLs), kept per
    process by file name and size: imagekit derives each URL from the file's name through the
    spec's hash, about 40 µs for the six, and a page of 20 articles shows a dozen pictures (the
    newest pictures, which lists show, stay kept; an old one costs its 40 µs again). A new
    file is a new name (articles.models.image_upload_to), so nothing kept goes stale. The caller
    must not change the lists it gets."""
    return _renditions(image.file.name, image.width, image.height)


@functools.lru_cache(maxsize=2048)  # about 1.5 KB each
def _renditions(name: str, width: int, height: int) -> list[dict[str, Any]]:
    return Image(file=name, width=width, height=height).rendition_set()


def api_images(*, user: User) -> QuerySet[Image]:
    """The images `user` sees in the API: those an article they may see shows (editors: every
    image, an unattached upload included), with their credited person."""
    images = Image.objects.select_related("credit")
    if roles.is_editor(user):
        return images
    return images.filter(Exists(ArticleImage.objects.filter(
        image_id=OuterRef("pk"), article__in=visible_articles(user=user),
    )))


def image_placement_rows(*, image_ids: Sequence[int], visible: QuerySet[Article], per_image: int) -> QuerySet:
    """(image id, article id, headline, slug, is lead) of the newest `per_image` `visible` articles
    showing each of these images (a picture some column reprints daily would otherwise list them all)."""
    newest = Window(RowNumber(), partition_by=F("image_id"), order_by=F("article_id").desc())
    return ArticleImage.objects.filter(image_id__in=image_ids, article__in=visible).annotate(
        newest=newest).filter(newest__lte=per_image).order_by("image_id", "-article_id").values_list(
        "image_id", "article_id", "article__headline", "article__slug", "is_lead")
