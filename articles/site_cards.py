"""The readers' site's stored fragments of an article: its list card (templates/site/_article_item.html,
with its lead and without) and a search result (templates/site/_search_result.html) split around
the query's snippet, the one part a request makes.

Built by articles.services.representations whenever the article or what it shows changes (the site
registers `build_site_fragments` with it when the app loads, as the API registers its builder), and
stored beside the API's representations (ArticleRepresentation.site, UTF-8 JSON
`{"card": ..., "card_short": ..., "result_head": ..., "result_tail": ...}`). A list of the home page,
an article's related articles or a page of search hits reads its ids through its usual query, the
fragments in one more, and joins them (`cards`, `search_results`), instead of reading each article's
byline and pictures and rendering the template for each: an article without stored fragments of the
current shape (dropped by an admin edit until rebuilt, or before `rebuild_representations` ran) is
rendered live, from the same templates, so a list is the same either way.
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import selectors
from articles.models import Article
from articles.services import representations

CARD = "site/_article_item.html"
RESULT = "site/_search_result.html"
#: where a search result's snippet goes (control characters no article text holds, in a word of its own)
_SNIPPET = "\x1fsnippet-5e1d\x1f"


def _fragments(article: Article) -> dict[str, str]:
    card = get_template(CARD)
    article.snippet = mark_safe(_SNIPPET)
    head, tail = get_template(RESULT).render({"article": article}).split(_SNIPPET)
    del article.snippet
    return {"card": card.render({"article": article, "show_lead": True}),
            "card_short": card.render({"article": article}), "result_head": head, "result_tail": tail}


def build_site_fragments(article_ids: list[int]) -> dict[int, bytes]:
    """`{article id: its fragments as UTF-8 JSON}` of `article_ids` (related rows in two queries);
    ids that are no articles are left out."""
    with timezone.override(timezone.get_default_timezone()):
        return {article.pk: orjson.dumps(_fragments(article))
                for article in selectors.listed_articles(article_ids=article_ids)}


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


def search_results(hits: Sequence[Article], snippets: Sequence[str]) -> list[SafeString]:
    """Each search hit as its `<li>`, the snippet (HTML the search engine escaped and marked)
    between its stored head and tail."""
    fragments = _read([hit.pk for hit in hits])
    return [mark_safe(fragments[hit.pk]["result_head"] + snippet + fragments[hit.pk]["result_tail"])
            for hit, snippet in zip(hits, snippets, strict=True) if hit.pk in fragments]
