"""`manage.py rebuild_search_index [--jobs N]`: (re)index every article for full-text search.

A thin shell over `articles.search.index_articles`, in chunks, with progress and the time taken.
Needed after a change of the segmentation (dictionary, `articles.search.text`) or a bulk load
that bypassed the services; imports and edits keep the index current by themselves.
A full rebuild on PostgreSQL drops the GIN indexes and builds them once at the end (searches
in the meantime scan without them: run it when the site is quiet). --jobs N segments in N
processes (jieba is single-threaded Python: the rebuild is CPU-bound)."""

from __future__ import annotations

import contextlib
import multiprocessing
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from articles.models import Article
from articles.search import index_articles
from articles.search.models import SearchDocument, SearchRuns
from articles.search.postgres import gin_indexes_rebuilt_after


def _index_chunk(ids: list[int]) -> int:
    """In a worker process: index one chunk on the worker's own database connection."""
    index_articles(ids)
    connections.close_all()
    return len(ids)


class Command(BaseCommand):
    help = "Rebuild the full-text search index of all articles (or of --ids)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ids", type=int, nargs="+", help="only these article ids")
        parser.add_argument("--chunk", type=int, default=1000, help="articles per progress step (default 1000)")
        parser.add_argument("--jobs", type=int, default=1, help="processes that segment in parallel (default 1)")

    def handle(self, *args, ids: list[int] | None, chunk: int, jobs: int, **options) -> None:
        if chunk < 1 or jobs < 1:
            raise CommandError("--chunk and --jobs must be positive")
        if jobs > 1 and connection.vendor == "sqlite":
            jobs = 1  # one writer at a time: more processes would only wait for the lock
        started = time.perf_counter()
        all_ids = sorted(ids) if ids else list(Article.objects.order_by("pk").values_list("pk", flat=True))
        chunks = [all_ids[start : start + chunk] for start in range(0, len(all_ids), chunk)]
        bulk = contextlib.nullcontext()
        if not ids:
            SearchDocument.objects.all().delete()  # a full rebuild starts from nothing
            SearchRuns.objects.all().delete()
            if connection.vendor == "postgresql":
                bulk = gin_indexes_rebuilt_after(connection)
        done = 0
        with bulk:
            if jobs == 1 or connection.in_atomic_block:
                for ids_chunk in chunks:
                    index_articles(ids_chunk)
                    done = self._progress(done + len(ids_chunk), len(all_ids), options)
            else:
                connections.close_all()  # the workers must not share the parent's connection
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    for count in pool.imap_unordered(_index_chunk, chunks):
                        done = self._progress(done + count, len(all_ids), options)
        self.stdout.write(f"indexed {len(all_ids)} articles in {time.perf_counter() - started:.1f} s"
                          + (f" ({jobs} processes)" if jobs > 1 else ""))

    def _progress(self, done: int, total: int, options) -> int:
        if options.get("verbosity", 1) > 1:
            self.stdout.write(f"  {done}/{total}")
        return done
