"""`manage.py import_page PATH [PATH ...]`: store e-paper pages (text or PDF), or with --dry-run show their parse.

A thin shell over `articles.services`: it finds the files, shows progress and a summary."""

from __future__ import annotations

import datetime
import json
import sys
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from articles.models import MAX_PAGE_NUMBER, MIN_PAGE_NUMBER, Article
from articles.parsing.model import ParsedPage, PdfPage
from articles.services import PageImportError, document_parse_file, jobs, page_import_batch, page_move_file
from articles.services.importing import page_place
from articles.services.jobs import JobFile, JobFileError


def _iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date: {value!r} is not a date in the form YYYY-MM-DD") from error


class Command(BaseCommand):
    help = (
        "Import e-paper pages: text files or PDFs (a folder means every *.txt and *.pdf in it). "
        "--dry-run --json prints the parse; --queue leaves the import to the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="page text files, PDFs, or folders of them")
        parser.add_argument("--date", type=str, help="publication date YYYY-MM-DD where the page prints none")
        parser.add_argument("--publication", help="publication name (default: the NEWSROOM_DEFAULT_PUBLICATION)")
        parser.add_argument("--page", type=int, dest="page_number", help="page number where the page prints none")
        parser.add_argument("--status", choices=Article.Status.values, help="status of new articles")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument(
            "--move", action="store_true",
            help="file the page this text was imported as under --date (and --page), keeping its articles' ids "
            "and edits; without --date it becomes undated",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="with --dry-run: print the page-parse JSON"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress and no summary")
        parser.add_argument(
            "--jobs", type=int, default=1,
            help="pages imported at once, each in its own process (PostgreSQL; SQLite imports one at a time)",
        )
        parser.add_argument(
            "--queue", action="store_true",
            help="queue an import job for the Celery workers instead of importing here; prints the job's id "
            "(`import_job ID` shows its progress). With no broker configured the job runs here at once",
        )

    @no_translations  # an English command line: statuses as written, not the admin's Chinese
    def handle(self, *args, paths: list[str], dry_run: bool, as_json: bool, quiet: bool, queue: bool,
               **options) -> None:
        raw_date = options.pop("date")
        date = _iso_date(raw_date) if raw_date else None
        number = options["page_number"]
        if number is not None and not MIN_PAGE_NUMBER <= number <= MAX_PAGE_NUMBER:
            raise CommandError(f"--page must be a positive page number, at most {MAX_PAGE_NUMBER}")
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more")
        files = self._files(paths)
        if as_json and not dry_run:
            raise CommandError("--json goes with --dry-run")
        if queue and dry_run:
            raise CommandError("--queue and --dry-run do not go together")
        if options.pop("move"):
            if queue or dry_run:
                raise CommandError("--move goes alone: not with --queue or --dry-run")
            failed = self._move(files, date=date, page_number=number, publication=options["publication"])
            if failed:
                raise CommandError(f"{failed} of {len(files)} file(s) not moved", returncode=1)
            return
        if queue:
            self._queue(files, date=date, **options)
            return
        if dry_run:
            failed = self._dry_run(files, date=date, as_json=as_json)
        else:
            failed = self._import(files, date=date, quiet=quiet, **options)
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) failed", returncode=1)

    def _files(self, paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in {".txt", ".pdf"})
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{raw}: no such file or folder")
        if not files:
            raise CommandError("no *.txt or *.pdf page files found")
        return files

    def _queue(self, files: list[Path], *, date: datetime.date | None, **options) -> None:
        """One job of all the files, queued: "job ID" on the first line, for scripts."""
        try:
            uploads = [JobFile(name=path.name, data=path.read_bytes()) for path in files]
            job = jobs.job_create(files=uploads, publication=options["publication"], date=date,
                                  page_number=options["page_number"], status=options["status"])
        except (JobFileError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"job {job.pk}")
        jobs.job_enqueue(job=job)
        job.refresh_from_db()
        self.stdout.write(f"{job.files_total} file(s), {job.pages_total} page(s) queued; "
                          f"`manage.py import_job {job.pk}` shows its progress ({job.get_status_display()} now)")

    def _move(self, files: list[Path], *, date: datetime.date | None, page_number: int | None,
              publication: str | None) -> int:
        failed = 0
        for path in files:
            try:
                pages = page_move_file(data=path.read_bytes(), source_file=path.name, publication=publication,
                                       date=date, page_number=page_number)
            except (PageImportError, OSError) as error:
                self._error(path, error)
                failed += 1
                continue
            for page in pages:
                self.stdout.write(f"{path.name}: page {page.pk} is now {page_place(page)}")
        return failed

    def _error(self, path: Path, error: Exception) -> None:
        message = str(error) if isinstance(error, PageImportError) else f"{path.name}: {error}"
        self.stderr.write(f"error: {message}")

    def _dry_run(self, files: list[Path], *, date: datetime.date | None, as_json: bool) -> int:
        failed = 0
        pages = []
        for path in files:
            try:
                parses = document_parse_file(data=path.read_bytes(), source_file=path.name, date=date)
            except (PageImportError, OSError) as error:
                self._error(path, error)
                failed += 1
                continue
            for parse in parses:
                if as_json:
                    pages.append(parse.to_dict())
                else:
                    self._describe(path, parse)
        if as_json:
            payload = pages[0] if len(pages) == 1 else pages
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        return failed

    def _describe(self, path: Path, parse: ParsedPage | PdfPage) -> None:
        parsed = parse.parsed if isinstance(parse, PdfPage) else parse
        meta = parsed.page
        self.stdout.write(f"{path.name}: {len(parsed.articles)} article(s)"
                          f"{f', {meta.date}' if meta.date else ''}{f', 第{meta.number}版' if meta.number else ''}")
        for n, article in enumerate(parsed.articles, start=1):
            names = "、".join(f"{c.label or c.role.value} {c.name}" for c in article.credits)
            self.stdout.write(f"  {n}. [{article.kind.value}] {article.headline or '(no headline)'}"
                              f"  {article.dateline or ''} {names}".rstrip())
        if isinstance(parse, PdfPage):
            photos = sum(1 for picture in parse.pictures if picture.kind == "photo")
            self.stdout.write(f"  page {parse.page_index} of the PDF: {photos} photo(s), "
                              f"{len(parse.pictures) - photos} other picture(s) left out")
        for warning in parsed.warnings:
            self.stdout.write(f"  warning: {warning}")

    def _import(self, files: list[Path], *, date, quiet: bool, jobs: int, **options) -> int:
        totals: Counter[str] = Counter()
        failed = 0
        started = time.perf_counter()
        show_progress = not quiet and len(files) > 1
        outcomes = page_import_batch(
            paths=files, jobs=jobs, publication=options["publication"], date=date,
            page_number=options["page_number"], status=options["status"],
        )
        for done, outcome in enumerate(outcomes, start=1):
            if outcome.error is not None:
                self.stderr.write(f"error: {outcome.error}")
                failed += 1
            for report in outcome.reports:
                totals["pages"] += 1
                totals[report.outcome] += 1
                totals["articles"] += report.articles
                totals["people"] += report.new_people
                totals["organizations"] += report.new_organizations
                totals["places"] += report.new_places
                totals["events"] += report.new_events
                totals["warnings"] += len(report.warnings)
                totals["conflicts"] += len(report.conflicts)
            if show_progress:
                rate = done / max(time.perf_counter() - started, 1e-9)
                width = 30
                filled = width * done // len(files)
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{len(files)} pages "
                                 f"{rate:.1f} pages/s")
                sys.stderr.flush()
        if show_progress:
            sys.stderr.write("\n")
        if not quiet:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{len(files) - failed} file(s), {totals['pages']} page(s) imported in {elapsed:.1f} s "
                f"({totals['created']} new, {totals['updated']} updated, {totals['unchanged']} unchanged, "
                f"{failed} failed): {totals['articles']} articles; new: {totals['people']} people, "
                f"{totals['organizations']} organizations, {totals['places']} places, {totals['events']} events; "
                f"{totals['warnings']} warnings, {totals['conflicts']} conflicts"
            )
        return failed
