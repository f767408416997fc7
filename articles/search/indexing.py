"""Articles → their `SearchDocument` rows.

Takes article ids; gives nothing, leaves each existing article's row equal to its current text
(headline; names of the people, organizations and places it credits or mentions, its keywords,
kicker and subtitle; body and captions; its date and when readers may see it), its SearchRuns
row beside it, and no rows for an id whose article is gone. The databases update their
full-text structures from the row (see `articles.search.models`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import cast

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from articles.models import Article
from articles.search.models import SearchDocument, SearchRuns
from articles.search.text import document_grams, join_texts, words
from people.models import Credit, OrganizationMention, PersonMention, PlaceMention

#: articles read and written per round trip
CHUNK = 500
#: the key of `document_fields` that goes to the article's SearchRuns row, not its SearchDocument
RUNS = "runs"


def index_words(text: str) -> list[str]:
    """The words of a text as the index holds them: punctuation separators and sub-words too."""
    return words(text, separators=True, subwords=True)


def document_fields(article: Article, name_words: dict[str, list[str]] | None = None) -> dict[str, object]:
    """The SearchDocument columns for one article (its relations prefetched for speed).

    `name_words` memoizes the words of names and keywords, which recur from article to article,
    within one indexing run (not longer: the tokenizer learns new names as pages are imported)."""
    name_words = {} if name_words is None else name_words

    def words_of_name(name: str) -> list[str]:
        if name not in name_words:
            name_words[name] = index_words(name)
        return name_words[name]

    names: list[str] = []
    names += [credit.person.name for credit in article.credits.all()]
    names += [mention.person.name for mention in article.person_mentions.all()]
    for mention in article.organization_mentions.all():
        names += [mention.organization.name, *(mention.forms or [])]
    names += [mention.place.name for mention in article.place_mentions.all()]
    names += [keyword.name for keyword in article.keywords.all()]
    names = list(dict.fromkeys(n for n in names if n))
    body = [block.get("text", "") for block in article.body if isinstance(block, dict)]
    body += [caption.text for caption in article.captions.all()]
    side = [article.kicker, article.subtitle, *names]
    grams, runs = document_grams([article.headline, *side, *body])
    return {
        "headline": " ".join(index_words(article.headline)),
        "names": join_texts([index_words(article.kicker), index_words(article.subtitle),
                             *(words_of_name(n) for n in names)]),
        "body": join_texts([index_words(text) for text in body]),
        "grams": grams,
        RUNS: runs,
        "date": article_date(article),
        "visible_from": article.published_at if article.status == Article.Status.PUBLISHED else None,
    }


def article_date(article: Article) -> datetime.date:
    """The date recency is judged by: the issue's, else the publish time's, else the creation's."""
    issue_date = getattr(getattr(article.page, "issue", None), "date", None) if article.page_id else None
    return issue_date or timezone.localdate(article.published_at or article.created_at or timezone.now())


def _articles(ids: list[int]) -> QuerySet[Article]:
    # at most CHUNK ids: read at once (a server-side cursor would only add round trips)
    return (
        Article.objects.filter(pk__in=ids)
        .select_related("page__issue")
        .only("pk", "headline", "kicker", "subtitle", "body", "status", "published_at", "created_at",
              "page__issue__date")
        .prefetch_related(
            "captions", "keywords",
            Prefetch("credits", queryset=Credit.objects.select_related("person").only("article_id", "person__name")),
            Prefetch("person_mentions", queryset=PersonMention.objects.select_related("person")
                     .only("article_id", "person__name")),
            Prefetch("organization_mentions", queryset=OrganizationMention.objects.select_related("organization")
                     .only("article_id", "forms", "organization__name")),
            Prefetch("place_mentions", queryset=PlaceMention.objects.select_related("place")
                     .only("article_id", "place__name")),
        )
        .order_by()
    )


def index_articles(article_ids: Iterable[int]) -> None:
    """(Re)index these articles; ids of deleted articles lose their rows. Idempotent; runs in one
    transaction per chunk of `CHUNK` ids (inside the caller's transaction if there is one)."""
    ids = sorted({int(i) for i in article_ids})
    name_words: dict[str, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        documents, runs = [], []
        for article in _articles(chunk):
            fields = document_fields(article, name_words)
            runs.append(SearchRuns(article_id=article.pk, runs=cast(str, fields.pop(RUNS))))
            documents.append(SearchDocument(article_id=article.pk, **fields))
        with transaction.atomic():
            # delete + insert rather than upsert: the same statements fire SQLite's FTS triggers
            # and PostgreSQL's generated columns, on every supported version of both
            SearchDocument.objects.filter(pk__in=chunk).delete()
            SearchRuns.objects.filter(pk__in=chunk).delete()
            SearchDocument.objects.bulk_create(documents, batch_size=CHUNK)
            SearchRuns.objects.bulk_create(runs, batch_size=CHUNK)
