"""The editors' admin for articles, pages, imports, events and the search index.

Every change an editor makes goes through the services (articles.services): the admin only
shows, asks and calls. Who may do what is articles.roles' answer, the same the API and the site
get: an editor may do all of it; a reporter may edit the drafts they are credited on and nothing
else; readers (no is_staff) never get in.

Modules: `articles` (articles, their inlines and list filters, the conflicts view, events,
keywords, captions), `forms` (the article's form and its body editor), `images` (the article's
pictures, the image library), `history` (history diffs by body block), `imports` (publications,
issues, pages, the import log with its upload views and form), `jobs` (import jobs: many files or a
zip imported by the Celery workers, their live progress), `search_index` (the index tables,
read-only). Django's autodiscovery imports this package; importing the modules registers their
admins.
"""

from articles.admin import articles, images, imports, jobs, search_index

__all__ = ["articles", "images", "imports", "jobs", "search_index"]
