"""The readers' site's stored fragments of an article: its list card (templates/site/_article_item.html,
with its lead and without), a search result (templates/site/_search_result.html) split around
the query's snippet, the one part a request makes, and its own page's head and article
(_article_head.html, _article_main.html: canonical link, Open Graph, JSON-LD, the text, pictures,
captions, mentions), their absolute links' origin a placeholder the request fills in.

Built by articles.services.representations whenever the article or what it shows changes (the site
registers `build_site_fragments` with it when the app loads, as the API registers its builder), and
stored beside the API's representations (ArticleRepresentation.site, UTF-8 JSON
`{"card": ..., "card_short": ..., "result_head": ..., "result_tail": ..., "head": ..., "main": ...,
"title": ..., "description": ..., "keyword_ids": [...]}`). An article's page reads the article and its
fragments in one query, then only its reading path and related articles. A list of the home page,
an article's related articles or a page of search hits reads its ids through its usual query, the
fragments in one more, and joins them (`cards`, `search_results`), instead of reading each article's
byline and pictures and rendering the template for each: an article without stored fragments of the
current shape (dropped by an admin edit until rebuilt, or before `rebuild_representations` ran) is
rendered live, from the same templates, so a list is the same either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import selectors
from articles.models import Article
from articles.services import representations

CARD = "site/_article_item.html"
RESULT = "site/_search_result.html"
ARTICLE_HEAD = "site/_article_head.html"
ARTICLE_MAIN = "site/_article_main.html"
#: where a search result's snippet goes (control characters no article text holds, in a word of its own)
_SNIPPET = "\x1fsnippet-5e1d\x1f"


class _PlaceholderOrigin:
    """Stands in for a request where the article page's parts make absolute links: ORIGIN where
    the request's scheme and host go (filled in per request: `stored_article`)."""

    @staticmethod
    def build_absolute_uri(location: str) -> str:
        return location if "://" in location else ORIGIN + location


#: where a stored page part's links take the request's origin (no text holds it: a host that is none)
ORIGIN = "https://origin-placeholder-5e1d.invalid"


def _fragments(article: Article) -> dict[str, str]:
    """A list's card and a search result of an article read as `selectors.listed_articles` reads it."""
    card = get_template(CARD)
    article.snippet = mark_safe(_SNIPPET)
    head, tail = get_template(RESULT).render({"article": article}).split(_SNIPPET)
    del article.snippet
    with_lead = card.render({"article": article, "show_lead": True})
    return {"card": with_lead, "card_short": _without_lead(with_lead), "result_head": head, "result_tail": tail}


_LEAD = '<p class="item-lead">'


def _without_lead(card: str) -> str:
    """The card the template renders without `show_lead` (its lead paragraph's line left empty), cut
    from the one with it: a render less per article built (the lead is escaped text: no tag in it)."""
    if _LEAD not in card:
        return card
    before, _, after = card.rpartition(_LEAD)
    return before + after[after.index("</p>") + len("</p>"):]


def _page_fragments(article: Article) -> dict[str, Any]:
    """The article page's own parts (templates/site/_article_head.html, _article_main.html) of an
    article read as `selectors.detailed_articles` reads it, links' origins as ORIGIN; its title,
    description and keywords' ids (the related articles are read per request)."""
    from articles.views import article_parts  # the site's views sit above this module

    parts = article_parts(_PlaceholderOrigin(), article)  # type: ignore[arg-type]
    return {"head": get_template(ARTICLE_HEAD).render(parts), "main": get_template(ARTICLE_MAIN).render(parts),
            "title": str(article), "description": parts["description"],
            "keyword_ids": [keyword.pk for keyword in parts["keywords"]]}


def build_site_fragments(article_ids: list[int]) -> dict[int, bytes]:
    """`{article id: its fragments as UTF-8 JSON}` of `article_ids` (related rows in a query each);
    ids that are no articles are left out."""
    with timezone.override(timezone.get_default_timezone()):
        # (an article never published has no page to show: it gets one when a service publishes it)
        return {article.pk: orjson.dumps({**_fragments(article),
                                          **(_page_fragments(article) if article.published_at else {})})
                for article in selectors.detailed_articles(article_ids=article_ids)}


def stored_article(stub: Article, *, origin: str) -> dict[str, Any] | None:
    """The stored parts of an article's page (`selectors.published_article_stub` reads them with
    it), its links' origin `origin` (`https://host`): `head` and `main` HTML, `title`, `description`,
    `keyword_ids`; None where none of the current shape is stored."""
    site = getattr(stub, "stored_site", None)
    if not site or stub.stored_shape != representations.SHAPE_VERSION:
        return None
    parts = orjson.loads(bytes(site))
    if "main" not in parts:
        return None
    # built by the site's own templates from escaped text; the origin is the request's validated host
    for name in ("head", "main"):
        parts[name] = mark_safe(parts[name].replace(ORIGIN, origin))
    return parts


def _stored(article_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    return {pk: orjson.loads(site)
            for pk, site in representations.stored_site_fragments(article_ids=article_ids).items() if site}


def _live(article_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    return {article.pk: _fragments(article) for article in selectors.listed_articles(article_ids=article_ids)}


def _read(article_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    fragments = _stored(article_ids)
    missing = [pk for pk in article_ids if pk not in fragments]
    if missing:
        fragments.update(_live(missing))
    return fragments


def cards(article_ids: Sequence[int], *, lead: bool = True) -> list[SafeString]:
    """The list cards of `article_ids` in that order (with the article's lead, or without), read in
    one query (an article deleted meanwhile left out)."""
    fragments = _read(article_ids)
    part = "card" if lead else "card_short"
    # built by the site's own template from escaped text (as the template would render them here)
    return [mark_safe(fragments[pk][part]) for pk in article_ids if pk in fragments]


def search_results(hits: Sequence[Article | selectors.SearchHit], snippets: Sequence[str]) -> list[SafeString]:
    """Each search hit as its `<li>`, the snippet (HTML the search engine escaped and marked)
    between its stored head and tail. A hit read with its stored fragments (selectors.SearchHit)
    takes them from itself; one without reads them (one query), and an article with none of the
    current shape is rendered live."""
    fragments: dict[int, dict[str, str]] = {}
    unread: list[int] = []
    missing: list[int] = []
    for hit in hits:
        if not isinstance(hit, selectors.SearchHit):
            unread.append(hit.pk)
        elif hit.stored_site and hit.stored_shape == representations.SHAPE_VERSION:
            fragments[hit.pk] = orjson.loads(hit.stored_site)
        else:
            missing.append(hit.pk)
    if unread:
        fragments.update(_read(unread))
    if missing:
        fragments.update(_live(missing))
    return [mark_safe(fragments[hit.pk]["result_head"] + snippet + fragments[hit.pk]["result_tail"])
            for hit, snippet in zip(hits, snippets, strict=True) if hit.pk in fragments]
