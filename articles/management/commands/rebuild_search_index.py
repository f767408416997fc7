"""`manage.py rebuild_search_index`: (re)index every article for full-text search.

A thin shell over `articles.search.index_articles`, in chunks, with progress and the time taken.
Needed after a change of the segmentation (dictionary, `articles.search.text`) or a bulk load
that bypassed the services; imports and edits keep the index current by themselves.
A full rebuild on PostgreSQL drops the GIN indexes and builds them once at the end (searches
in the meantime scan without them: run it when the site is quiet)."""

from __future__ import annotations

import contextlib
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from articles.models import Article
from articles.search import index_articles
from articles.search.models import SearchDocument
from articles.search.postgres import gin_indexes_rebuilt_after


class Command(BaseCommand):
    help = "Rebuild the full-text search index of all articles (or of --ids)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ids", type=int, nargs="+", help="only these article ids")
        parser.add_argument("--chunk", type=int, default=2000, help="articles per progress step (default 2000)")

    def handle(self, *args, ids: list[int] | None, chunk: int, **options) -> None:
        if chunk < 1:
            raise CommandError("--chunk must be positive")
        started = time.perf_counter()
        all_ids = sorted(ids) if ids else list(Article.objects.order_by("pk").values_list("pk", flat=True))
        bulk = contextlib.nullcontext()
        if not ids:
            SearchDocument.objects.all().delete()  # a full rebuild starts from nothing
            if connection.vendor == "postgresql":
                bulk = gin_indexes_rebuilt_after(connection)
        with bulk:
            for start in range(0, len(all_ids), chunk):
                index_articles(all_ids[start : start + chunk])
                if options.get("verbosity", 1) > 1:
                    self.stdout.write(f"  {min(start + chunk, len(all_ids))}/{len(all_ids)}")
        self.stdout.write(f"indexed {len(all_ids)} articles in {time.perf_counter() - started:.1f} s")
