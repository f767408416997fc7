"""`manage.py rebuild_representations [--ids N ...] [--stale]`: build the stored public
representations of every article (articles.services.representations).

Run after a deploy that changes their shape (a new SHAPE_VERSION: until then requests build those
articles live, as before) or after a bulk load that bypassed the services; imports and edits keep
them current by themselves. Each chunk is one transaction: interrupted, it resumes with --stale."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Article, ArticleRepresentation
from articles.services.representations import SHAPE_VERSION, representations_rebuild


class Command(BaseCommand):
    help = "Build the stored API and ninjs representations of all articles (or of --ids, or the --stale ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ids", type=int, nargs="+", help="only these article ids")
        parser.add_argument("--stale", action="store_true",
                            help="only articles without a representation of the current shape")
        parser.add_argument("--chunk", type=int, default=500, help="articles per transaction (default 500)")

    def handle(self, *args, ids: list[int] | None, stale: bool, chunk: int, **options) -> None:
        if chunk < 1:
            raise CommandError("--chunk must be positive")
        started = time.perf_counter()
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
        if stale:
            articles = articles.exclude(pk__in=ArticleRepresentation.objects.filter(shape_version=SHAPE_VERSION)
                                        .values("pk"))
        all_ids = list(articles.values_list("pk", flat=True))
        done = 0
        for start in range(0, len(all_ids), chunk):
            done += representations_rebuild(article_ids=all_ids[start:start + chunk])
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{len(all_ids)}")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"{done} article representations built in {time.perf_counter() - started:.1f} s"))
