"""`python bench/build_archive.py --articles N [--pages DIR] [--no-index]`: a realistic archive for
the benchmarks (bench_site, bench_search), on the database DATABASE_URL names.

Real article texts under many dates: the seed page and every page file in DIR (default: the dev
pages in ../shared/pages/dev) are imported once through the import service (`page_import`); then, because
~14,000 page imports would take about an hour, the imported pages are CLONED in bulk — page,
articles, captions, credits, person/organization/place mentions and keywords — into issues of
earlier dates (one issue per day, going back from the day before the earliest imported issue)
until the archive holds N articles. Clones skip the edit history and events. New articles are
indexed for search (`index_articles`) unless --no-index.

Benchmark-only, so it lives here and not among the app's management commands; a benchmark (or a
test) runs it as `call_command(build_archive.Command(), articles=N, ...)`.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import time
from itertools import cycle
from pathlib import Path

if __name__ == "__main__":  # run as a script: Django is set up before its models are imported
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from articles.models import Article, Caption, Issue, Page
from articles.search import index_articles
from articles.services import PageImportError, page_import
from people.models import Credit, OrganizationMention, PersonMention, PlaceMention

DEFAULT_PAGES = Path(settings.BASE_DIR).parent / "shared" / "pages" / "dev"
SEED_PAGE = Path(settings.BASE_DIR) / "articles" / "fixtures" / "seed_page.txt"
SEED_DATE = datetime.date(2024, 3, 6)
PAGES_PER_ISSUE = 8


class Command(BaseCommand):
    help = (
        "Build an archive of N articles: import the page files once through the import service, then CLONE the "
        "imported pages in bulk under earlier dates (real texts; clones have no edit history or events) until "
        "there are N articles. Indexes them for search unless --no-index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, required=True, help="articles the archive should hold")
        parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of page .txt files")
        parser.add_argument("--no-index", action="store_true", help="do not index the new articles for search")

    def handle(self, *args, articles: int, pages: Path, no_index: bool, **options) -> None:
        if articles < 1:
            raise CommandError("--articles must be a positive number")
        started = time.perf_counter()
        imported = self._import_pages(pages) if not Page.objects.exists() else []
        if imported:
            self.stdout.write(f"imported {len(imported)} page files through page_import")
        before = Article.objects.count()
        cloned = ArchiveCloner(verbosity=options.get("verbosity", 1), out=self.stdout).clone(articles - before)
        self.stdout.write(
            f"cloned {len(cloned)} articles in bulk under earlier dates (not imported one by one); "
            f"{Article.objects.count()} articles in {time.perf_counter() - started:.1f} s"
        )
        if not no_index:
            index_started = time.perf_counter()
            index_articles(Article.objects.values_list("pk", flat=True) if imported else cloned)
            self.stdout.write(f"indexed for search in {time.perf_counter() - index_started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner's statistics still describe the archive before

    def _import_pages(self, folder: Path) -> list[int]:
        files = sorted(folder.glob("*.txt"))
        if not files:
            raise CommandError(f"no page files (*.txt) in {folder}")
        imported = []
        if SEED_PAGE.exists():  # the repository's seed page (2024) is part of every archive
            imported.append(page_import(text=SEED_PAGE.read_text(encoding="utf-8"), source_file=SEED_PAGE.name,
                                        date=SEED_DATE, page_number=1).page_id)
        for path in files:
            try:
                imported.append(page_import(text=path.read_text(encoding="utf-8"), source_file=path.name,
                                            **date_and_number(path.name)).page_id)
            except (PageImportError, UnicodeDecodeError) as error:
                self.stderr.write(f"skipped {error}")
            except DatabaseError as error:  # a fault of the import service: reported, the archive goes on
                self.stderr.write(f"skipped {path.name}: import failed in the database: {error}")
        if not imported:
            raise CommandError(f"none of the {len(files)} page files in {folder} could be imported")
        return imported


def date_and_number(file_name: str) -> dict:
    """The date and page number a file name like 19980105-02.txt gives (none where it gives none)."""
    match = re.match(r"(\d{4})(\d{2})(\d{2})-(\d{1,3})\b", file_name)
    if not match:
        return {}
    try:
        date = datetime.date(*(int(g) for g in match.groups()[:3]))
    except ValueError:
        return {}
    return {"date": date, "page_number": int(match.group(4))}


class ArchiveCloner:
    """Copies the pages that hold articles into new issues, one issue a day going back in time."""

    def __init__(self, *, verbosity: int = 1, out=None) -> None:
        self.verbosity = verbosity
        self.out = out

    def clone(self, wanted: int) -> list[int]:
        if wanted <= 0:
            return []
        # one page per distinct text: a second run clones the imported pages, not the clones
        first_of_text: dict[str, int] = {}
        for pk, sha256 in Page.objects.filter(articles__isnull=False).order_by("pk").values_list("pk", "sha256"):
            first_of_text.setdefault(sha256, pk)
        sources = list(
            Page.objects.filter(pk__in=first_of_text.values()).order_by("issue__date", "number", "pk")
            .select_related("publication")
        )
        if not sources:
            raise CommandError("no page with articles to clone: import pages first")
        articles = {
            page.pk: list(page.articles.order_by("order").prefetch_related(
                "captions", "credits", "person_mentions", "organization_mentions", "place_mentions", "keywords"))
            for page in sources
        }
        earliest = Issue.objects.order_by("date").values_list("date", flat=True).first() or datetime.date.today()
        day = earliest - datetime.timedelta(days=1)
        created: list[int] = []
        source_cycle = cycle(sources)
        while len(created) < wanted:
            batch: list[tuple[Issue, list[Page]]] = []
            budget = 0
            while budget < 2000 and len(created) + budget < wanted:
                publication = sources[0].publication
                issue = Issue(publication=publication, date=day)
                pages = []
                for number in range(1, PAGES_PER_ISSUE + 1):
                    if len(created) + budget >= wanted:
                        break
                    source = next(source_cycle)
                    pages.append(self._page(source, issue, number))
                    budget += len(articles[source.pk])
                batch.append((issue, pages))
                day -= datetime.timedelta(days=1)
            created += self._write(batch, articles, wanted - len(created))
            if self.verbosity > 1 and self.out:
                self.out.write(f"  {len(created)} articles cloned")
        return created

    @staticmethod
    def _page(source: Page, issue: Issue, number: int) -> Page:
        page = Page(
            publication=source.publication, number=number, name=source.name, source_file=source.source_file,
            sha256=source.sha256, raw_text=source.raw_text, parser_version=source.parser_version,
            warnings=source.warnings, header=source.header,
        )
        page._source_pk = source.pk
        page._issue = issue
        return page

    @transaction.atomic
    def _write(self, batch, articles: dict[int, list[Article]], limit: int) -> list[int]:
        Issue.objects.bulk_create([issue for issue, _ in batch])
        pages = []
        for issue, issue_pages in batch:
            for page in issue_pages:
                page.issue = issue
                pages.append(page)
        Page.objects.bulk_create(pages)
        pairs: list[tuple[Article, Article]] = []
        for page in pages:
            published = timezone.make_aware(datetime.datetime.combine(page.issue.date, datetime.time(6)))
            for source in articles[page._source_pk]:
                if len(pairs) >= limit:
                    break
                clone = Article(
                    page=page, order=source.order, kind=source.kind, kicker=source.kicker, headline=source.headline,
                    subtitle=source.subtitle, dateline=source.dateline, body=source.body, status=source.status,
                    published_at=published if source.published_at else None, slug=source.slug,
                    source_first_line=source.source_first_line, source_last_line=source.source_last_line,
                    parser_version=source.parser_version,
                )
                pairs.append((source, clone))
        Article.objects.bulk_create([clone for _, clone in pairs], batch_size=1000)
        captions: list[tuple[Caption, Caption]] = []
        for source, clone in pairs:
            captions += [(c, Caption(article=clone, order=c.order, text=c.text)) for c in source.captions.all()]
        Caption.objects.bulk_create([c for _, c in captions], batch_size=1000)
        caption_ids = {(old.pk, new.article.pk): new.pk for old, new in captions}
        credits, people, organizations, places, keywords = [], [], [], [], []
        for source, clone in pairs:
            credits += [
                Credit(article=clone, person_id=c.person_id, role=c.role, label=c.label, order=c.order,
                       caption_id=caption_ids.get((c.caption_id, clone.pk)) if c.caption_id else None)
                for c in source.credits.all()
            ]
            people += [PersonMention(article=clone, person_id=m.person_id, titles=m.titles)
                       for m in source.person_mentions.all()]
            organizations += [OrganizationMention(article=clone, organization_id=m.organization_id, forms=m.forms)
                              for m in source.organization_mentions.all()]
            places += [PlaceMention(article=clone, place_id=m.place_id) for m in source.place_mentions.all()]
            keywords += [Article.keywords.through(article_id=clone.pk, keyword_id=k.pk)
                         for k in source.keywords.all()]
        for model, rows in ((Credit, credits), (PersonMention, people), (OrganizationMention, organizations),
                            (PlaceMention, places), (Article.keywords.through, keywords)):
            model.objects.bulk_create(rows, batch_size=2000)
        return [clone.pk for _, clone in pairs]


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "build_archive", *sys.argv[1:]])
