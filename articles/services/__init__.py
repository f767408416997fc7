"""The services: all writing of articles, pages and imports. Keyword-only functions, each change
in one transaction; the admin, the API and the commands call them and write nothing themselves.

Modules, one seam each:
`documents` — files of either kind (page text or PDF) and batches of them; `importing` —
`page_import()` and its forms for files, dry runs and previews: the checks, one transaction per
page, retries of a raced import; `pdf_import` — a PDF's pages, photos and printed image, all in
one transaction; `images` — pictures: checks, storage, renditions, placement on articles;
`writer` — one parsed page into rows inside that transaction (the names it mentions are people's
rows: `people.services.entities_resolve`);
`lexicon` — the names the tokenizer learns from the archive; `editing` — a person's changes:
saving an edit without undoing a newer one, status, import conflicts; `moving` — a page filed
under another date or page number, ids and edits kept.
"""

from articles.services.documents import (
    BatchOutcome,
    document_import_file,
    document_parse_file,
    page_import_batch,
)
from articles.services.editing import (
    ArticleChangedError,
    ArticleVersion,
    article_newer_change,
    article_resolve_conflict,
    article_save_edit,
    article_set_status,
    article_version,
)
from articles.services.importing import (
    EARLIEST_ISSUE_DATE,
    PageImportError,
    PagePlan,
    issue_date_problem,
    page_import,
    page_import_file,
    page_parse_file,
    page_plan_file,
)
from articles.services.moving import page_move, page_move_file
from articles.services.pdf_import import pdf_import, pdf_parse, pdf_plan
from articles.services.writer import ImportReport

__all__ = [
    "EARLIEST_ISSUE_DATE",
    "ArticleChangedError",
    "ArticleVersion",
    "BatchOutcome",
    "ImportReport",
    "PageImportError",
    "PagePlan",
    "article_newer_change",
    "article_resolve_conflict",
    "article_save_edit",
    "article_set_status",
    "article_version",
    "document_import_file",
    "document_parse_file",
    "issue_date_problem",
    "page_import",
    "page_import_batch",
    "page_import_file",
    "page_move",
    "page_move_file",
    "page_parse_file",
    "page_plan_file",
    "pdf_import",
    "pdf_parse",
    "pdf_plan",
]
