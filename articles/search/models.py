"""The search index's tables: one `SearchDocument` row per article, holding its segmented text, and
a `SearchRuns` row beside it holding its runs of Chinese characters; written only by
`articles.search.index_articles`.

The models are defined in `articles.models` (where Django loads an app's models, and which
imports nothing of this package); what they hold and how each database indexes them is told
there. This module names them for the search's own code."""

from articles.models import SearchDocument, SearchRuns

__all__ = ["SearchDocument", "SearchRuns"]
