"""`manage.py reparse [--before-version V] [--dry-run] [--json]`: the current parser over the archive.

A thin shell over `articles.services.reparse`: every page stored by an older parser (or by one
older than V) is re-imported from its raw text the way a re-import goes (edited articles and
merges kept); prints per page what changed and a summary. --dry-run parses and writes nothing."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Article
from articles.parsing import PARSER_VERSION
from articles.services.reparse import KINDS, page_reparse, pages_to_reparse, version_key


class Command(BaseCommand):
    help = "Re-parse stored pages whose parser version is older than the parser's (or than --before-version)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before-version", help=f"only pages parsed by a version older than this "
                                                     f"(default: the current parser, {PARSER_VERSION})")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument("--status", choices=Article.Status.values,
                            help="status of articles a re-parse finds that were not there before")
        parser.add_argument("--json", action="store_true", help="one JSON object per page")

    def handle(self, *args, before_version: str | None, dry_run: bool, status: str | None, json: bool,
               **options) -> None:
        if before_version is not None and not version_key(before_version):
            raise CommandError(f"--before-version: {before_version!r} is no version (e.g. {PARSER_VERSION})")
        pages = pages_to_reparse(before_version=before_version)
        outcomes: Counter[str] = Counter()
        for page in pages:
            report = page_reparse(page=page, dry_run=dry_run, status=status)
            outcomes[report.outcome] += 1
            if json:
                self.stdout.write(_json(report.to_dict()))
                continue
            line = f"page {report.page_id} {report.source_file or '-'} ({report.old_version}): {report.outcome}"
            for kind in KINDS:
                if report.added.get(kind) or report.removed.get(kind):
                    line += (f"\n  {kind}: +{len(report.added[kind])} {' '.join(report.added[kind][:12])}"
                             f" | -{len(report.removed[kind])} {' '.join(report.removed[kind][:12])}")
            if report.conflicts:
                line += f"\n  edited articles kept, flagged: {', '.join(map(str, report.conflicts))}"
            if report.message:
                line += f"\n  {report.message}"
            self.stdout.write(line)
        summary = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items())) or "nothing to re-parse"
        self.stdout.write(f"{len(pages)} page(s) older than {before_version or PARSER_VERSION}: {summary}"
                          + (" (dry run: nothing written)" if dry_run else ""))
        if outcomes["failed"]:
            raise CommandError(f"{outcomes['failed']} page(s) failed; nothing of them changed")


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
