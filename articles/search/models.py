"""The search index: one `SearchDocument` row per article, holding its segmented text.

Takes nothing at import; gives the model. The row stores the jieba words of the article by
field (space-separated, see `articles.search.text`) and its distinct Chinese character grams; a
`SearchRuns` row beside it holds its runs of Chinese characters. The
databases index those columns themselves (migration 0003), so writing the row is all that
keeping the index current takes:

* PostgreSQL: generated `tsvector` columns with GIN indexes, `document` (headline weight A,
  names/kicker/subtitle B, body/captions C, 'simple' configuration) and `grams_vector`; the
  large columns are stored out of line (toast_tuple_target), so that visiting the rows of
  thousands of hits for their date reads small heap rows; `grams_vector` holds no positions;
* SQLite: the FTS5 table `articles_search_fts` (external content = this table), kept in step by
  triggers on insert, update and delete.

The tsvector columns and the FTS5 table are unknown to the ORM; the backends reach them with SQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["SearchDocument", "SearchRuns"]


class SearchDocument(models.Model):
    """The indexed text of one article; written only by `articles.search.index_articles`."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_document",
        verbose_name=_("article"),
    )
    headline = models.TextField(_("headline words"), blank=True)
    names = models.TextField(_("name, kicker and subtitle words"), blank=True)
    body = models.TextField(_("body and caption words"), blank=True)
    grams = models.TextField(_("character grams"), blank=True)
    #: the article's issue date (else its publish or creation date): ties in relevance go to the newest,
    #: and the search orders by it without joining the pages and issues of every hit. Never empty: an
    #: empty date would sort first in PostgreSQL's descending index, which could then not serve
    #: "newest first, undated last" (the newest hits of a common word are read along that index)
    date = models.DateField(_("date"))
    #: when readers may see the article: its publish time if it is published, else never (NULL). A
    #: copy, so that a search of what readers see is answered by this table alone (see
    #: `search_articles(public=True)`); the article's every save that changes it re-indexes it
    visible_from = models.DateTimeField(_("visible from"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        app_label = "articles"
        db_table = "articles_search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["-date", "-article"], name="articles_search_date")]

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"


class SearchRuns(models.Model):
    """An article's runs of Chinese characters (space-separated), in which the run of a query longer
    than a trigram is checked as a substring once the gram index has found the candidates.

    A table of its own: every hit of every query visits its SearchDocument row, which stays small
    (its large columns in TOAST); only the candidates of a long query read these rows, which keep
    their text in the row (PostgreSQL STORAGE MAIN, migration 0006). Written only by
    `articles.search.index_articles`, beside the document."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_runs",
        verbose_name=_("article"),
    )
    runs = models.TextField(_("runs of Chinese characters"), blank=True)

    class Meta:
        app_label = "articles"
        db_table = "articles_search_runs"
        verbose_name = _("search runs")
        verbose_name_plural = _("search runs")

    def __str__(self) -> str:
        return f"runs of Chinese characters of article {self.article_id}"
