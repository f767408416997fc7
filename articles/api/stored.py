"""The API's article representations as stored by articles.services.representations: the JSON of
ArticleSerializer.represent (every field) and its ninjs document, compact UTF-8 as the renderers
write it, with ORIGIN where each link's origin goes. Registered with the service when the app
loads (articles.apps): the services sit below the API and do not import it."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from articles.models import Article
from articles.services.representations import ORIGIN

from .renderers import JSONRenderer, article_to_ninjs
from .serializers.links import Links
from .serializers.read import ArticleSerializer

# A marker no article can hold (random per process), replaced by ORIGIN once the JSON is written:
# ORIGIN itself (a control byte) cannot go through JSON unescaped.
_MARKER = f"https://origin-{uuid.uuid4().hex}.invalid"
_MARKER_BYTES = _MARKER.encode()
#: The ninjs built for readers: a public article is never under embargo (they see it only once
#: its publish time has passed).
_NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)
_JSON = JSONRenderer()


def _dumps(data: object) -> bytes:
    return _JSON.render(data).replace(_MARKER_BYTES, ORIGIN)


def build_representations(article_ids: list[int]) -> dict[int, tuple[bytes, bytes]]:
    """`{article id: (API JSON, ninjs JSON)}` of `article_ids` (related rows in one query), origins as
    ORIGIN, datetimes in the site's time zone; ids that are no articles are left out."""
    links = Links(None)
    links.origin = _MARKER
    built: dict[int, tuple[bytes, bytes]] = {}
    with timezone.override(timezone.get_default_timezone()):
        serializer = ArticleSerializer(context={"fields": None, "links": links})
        articles = list(ArticleSerializer.prepare_queryset(Article.objects.filter(pk__in=article_ids), None)
                        .order_by())
        serializer.load_related(articles)
        for article in articles:
            if serializer.gone(article):
                continue
            data = serializer.represent(article)
            built[article.pk] = (_dumps(data), _dumps(article_to_ninjs(data, now=_NEVER)))
    return built
