"""Articles' public representations, built when they change and stored beside them
(articles.models.ArticleRepresentation): a cold API request then reads ids through its usual
indexed query, the stored bytes in one more, and joins them, instead of building each article's
JSON again from a dozen related rows.

Takes article ids; gives nothing (it writes). `representations_rebuild(article_ids=[17, 18])`
builds the API JSON of each article (ArticleSerializer.represent, every field) and its ninjs
document (renderers.article_to_ninjs), as compact UTF-8 JSON where every link's origin
(`https://host`) is the byte 0x00 — a byte JSON never holds raw, so no article text can fake it —
and the readers' site's fragments (articles.site_cards: its list card, a search result's head),
and stores them, deleting the rows of ids that are no longer articles. A request fills the origin
in with `fill_origin(stored, origin)`.

Freshness is exact: every service that changes what an article shows (the import, edits and
status changes, image changes, merges of people and organizations, moved pages) calls it in its
own transaction, for the articles concerned; tests/test_representations.py walks them and
compares the stored bytes with bytes built afresh. A new SHAPE_VERSION (a field added, a format
changed) makes every stored row unused until `manage.py rebuild_representations` builds it
again; until then requests build the article's JSON as before.

The stored JSON is the public one: what any reader would get (drafts are built too, but only
requests that see no unpublished article read stored rows; staff read the live path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson
from django.db import connections, router, transaction
from django.utils import timezone

from articles.models import ArticleRepresentation
from newsroom.db import id_array, prepared_cursor

#: The stored shape: raise it with any change to the API's article fields, the ninjs mapping, the
#: links or the site's fragments (templates/site/_article_item.html, _search_result.html), then run
#: `manage.py rebuild_representations` after the deploy. (2: the site's cards; 3: its article pages.)
SHAPE_VERSION = 3

#: Where the origin goes in the stored bytes.
ORIGIN = b"\x00"

#: Articles built per batch (one UNION query of related rows each).
BATCH = 200

#: Stored rows dropped per DELETE (SQLite binds at most 32,766 values a statement).
DROP_BATCH = 10_000

#: Builds `{article id: (API JSON, ninjs JSON)}` for ids, origins as ORIGIN, leaving out ids that
#: are no articles. The representations are the API's own (its serializer and ninjs mapping), and
#: the API sits above the services: it registers its builder when the app loads
#: (articles.apps -> articles.api.stored.build_representations), so the services never import it.
_builder: Callable[[list[int]], dict[int, tuple[bytes, bytes]]] | None = None
#: Builds `{article id: the site's fragments as UTF-8 JSON}` (articles.site_cards, registered the
#: same way: the readers' site sits above the services too).
_site_builder: Callable[[list[int]], dict[int, bytes]] | None = None


def register_builder(builder: Callable[[list[int]], dict[int, tuple[bytes, bytes]]]) -> None:
    global _builder
    _builder = builder


def register_site_builder(builder: Callable[[list[int]], dict[int, bytes]]) -> None:
    global _site_builder
    _site_builder = builder


def representations_build(*, article_ids: Iterable[int]) -> dict[int, tuple[bytes, bytes, bytes]]:
    """`{article id: (API JSON, ninjs JSON, site fragments JSON)}` built now from the database,
    origins as ORIGIN; ids that are no articles are left out."""
    if _builder is None or _site_builder is None:
        raise RuntimeError("no representation builder registered: is the articles app loaded?")
    ids = sorted(set(article_ids))
    built: dict[int, tuple[bytes, bytes, bytes]] = {}
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        api = _builder(batch)
        site = _site_builder([pk for pk in batch if pk in api])
        built.update({pk: (api_json, ninjs, site.get(pk, b"")) for pk, (api_json, ninjs) in api.items()})
    return built


def representations_rebuild(*, article_ids: Iterable[int]) -> int:
    """Build and store the representations of `article_ids` (in the caller's transaction, or one of
    its own); returns how many were stored."""
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        built = representations_build(article_ids=ids)
        ArticleRepresentation.objects.filter(pk__in=[i for i in ids if i not in built]).delete()
        ArticleRepresentation.objects.bulk_create(
            [ArticleRepresentation(article_id=pk, api=api, ninjs=ninjs, site=site, shape_version=SHAPE_VERSION,
                                   built_at=now)
             for pk, (api, ninjs, site) in built.items()],
            update_conflicts=True, unique_fields=["article"],
            update_fields=["api", "ninjs", "site", "shape_version", "built_at"],
        )
    return len(built)


def representations_drop(*, article_ids: Iterable[int]) -> int:
    """Forget the stored representations of `article_ids`: until they are built again (the next
    write that rebuilds them, or `rebuild_representations --stale`), requests build those articles'
    JSON live, so a change is never served stale. For changes that reach many articles at once (a
    page renamed, an issue's date, a publication's name) or rows edited outside the services (the
    admin's lists of captions, credits, mentions): dropping costs one DELETE, however many."""
    ids = sorted(set(article_ids))
    deleted = 0
    # in slices: a publication renamed reaches every article, more ids than SQLite binds at once
    for start in range(0, len(ids), DROP_BATCH):
        deleted += ArticleRepresentation.objects.filter(pk__in=ids[start:start + DROP_BATCH]).delete()[0]
    return deleted


def stored_representations(*, article_ids: Iterable[int], ninjs: bool = False) -> dict[int, bytes]:
    """`{article id: stored bytes}` of the current shape, in ONE query; ids without one are left out."""
    column = "ninjs" if ninjs else "api"
    rows = ArticleRepresentation.objects.filter(pk__in=list(article_ids), shape_version=SHAPE_VERSION) \
        .values_list("pk", column)
    return {pk: bytes(value) for pk, value in rows}


def stored_site_fragments(*, article_ids: Iterable[int]) -> dict[int, bytes]:
    """`{article id: the site's fragments (UTF-8 JSON)}` of the current shape, in ONE query; ids
    without them are left out."""
    ids = list(article_ids)
    connection = connections[router.db_for_read(ArticleRepresentation)]
    if connection.vendor != "postgresql":
        rows = ArticleRepresentation.objects.filter(pk__in=ids, shape_version=SHAPE_VERSION).values_list("pk", "site")
        return {pk: bytes(value) for pk, value in rows}
    # every page of the site reads its cards so: the statement is made by the ORM once per
    # connection (the ids one array parameter) and run prepared, as selectors.article_related_rows
    key = f"_newsroom_site_fragments_{SHAPE_VERSION}"
    compiled = connection.__dict__.get(key)
    if compiled is None:
        query = ArticleRepresentation.objects.filter(pk__any=[-1], shape_version=SHAPE_VERSION) \
            .values_list("pk", "site").query
        sql, params = query.get_compiler(connection.alias).as_sql()
        slot = next(position for position, value in enumerate(params) if isinstance(value, list))
        compiled = connection.__dict__[key] = (sql, list(params), slot)
    sql, params, slot = compiled
    params = list(params)
    params[slot] = id_array(ids)
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return {pk: bytes(value) for pk, value in cursor.fetchall()}


def fill_origin(stored: bytes, origin: str) -> bytes:
    """Stored bytes with the request's origin (`https://host`, JSON-escaped) where links need it."""
    return stored.replace(ORIGIN, orjson.dumps(origin)[1:-1])


def person_article_ids(*, person_ids: Iterable[int]) -> set[int]:
    """The articles showing any of the persons: credited (byline, captions), mentioned, or credited
    with a picture they show — those a change of the persons' names rewrites."""
    from articles.models import ArticleImage
    from people.models import Credit, PersonMention

    ids = list(person_ids)
    return {
        *Credit.objects.filter(person_id__in=ids).values_list("article_id", flat=True),
        *PersonMention.objects.filter(person_id__in=ids).values_list("article_id", flat=True),
        *ArticleImage.objects.filter(image__credit_id__in=ids).values_list("article_id", flat=True),
    } - {None}


def organization_article_ids(*, organization_ids: Iterable[int]) -> set[int]:
    """The articles mentioning any of the organizations."""
    from people.models import OrganizationMention

    return set(OrganizationMention.objects.filter(organization_id__in=list(organization_ids))
               .values_list("article_id", flat=True))


def representations_rebuild_showing(
    *, persons: Iterable[int] = (), organizations: Iterable[int] = (), places: Iterable[int] = (),
    keywords: Iterable[int] = (), events: Iterable[int] = (),
) -> int:
    """Rebuild the articles showing any of these records (by id), after a change of what they show
    of it: a renamed person, organization, place or keyword, an event's name or date (the admin's
    edits). Returns how many were stored."""
    from articles.models import Article, Event
    from people.models import PlaceMention

    ids: set[int] = set()
    person_ids, organization_ids, place_ids = list(persons), list(organizations), list(places)
    keyword_ids, event_ids = list(keywords), list(events)
    if person_ids:
        ids |= person_article_ids(person_ids=person_ids)
    if organization_ids:
        ids |= organization_article_ids(organization_ids=organization_ids)
    if place_ids:
        ids |= set(PlaceMention.objects.filter(place_id__in=place_ids).values_list("article_id", flat=True))
    if keyword_ids:
        ids |= set(Article.keywords.through.objects.filter(keyword_id__in=keyword_ids)
                   .values_list("article_id", flat=True))
    if event_ids:
        ids |= set(Event.articles.through.objects.filter(event_id__in=event_ids).values_list("article_id", flat=True))
    return representations_rebuild(article_ids=ids)
