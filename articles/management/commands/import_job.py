"""`manage.py import_job ID`: an import job's progress — its pages done of total, each file's state,
the reasons of failures; `--wait` follows it to the end, `--rerun-failed` queues its failed files again."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from articles.models import ImportJob
from articles.services import jobs


class Command(BaseCommand):
    help = "Show an import job's progress (queued with `import_page --queue`, the admin or the API)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job_id", type=int, metavar="ID")
        parser.add_argument("--wait", action="store_true", help="follow the job until it is finished")
        parser.add_argument("--rerun-failed", action="store_true", help="queue the job's failed files again")

    @no_translations  # an English command line: the statuses as written, not the admin's Chinese
    def handle(self, *args, job_id: int, wait: bool, rerun_failed: bool, **options) -> None:
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None:
            raise CommandError(f"no import job {job_id}")
        if rerun_failed:
            count = jobs.job_rerun_failed(job=job)
            self.stdout.write(f"{count} failed file(s) queued again")
        while wait and not job.is_finished:
            self.stderr.write(f"\r{job.pages_done + job.pages_failed}/{job.pages_total} pages", ending="")
            time.sleep(1)
            job.refresh_from_db()
        if wait:
            self.stderr.write("")
        self._show(job)
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(f"{job.pages_failed} page(s) failed", returncode=1)

    def _show(self, job: ImportJob) -> None:
        who = job.created_by.get_username() if job.created_by else "a command"
        self.stdout.write(f"job {job.pk}: {job.get_status_display()}, {job.pages_done} of {job.pages_total} page(s) "
                          f"done, {job.pages_failed} failed ({job.files_total} file(s), by {who}, "
                          f"{job.created_at:%Y-%m-%d %H:%M})")
        for item in job.items.all():
            line = f"  {item.file_name}: {item.get_status_display()}"
            if item.reports:
                outcomes = ", ".join(f"{report['outcome']} {report['articles']} article(s)" for report in item.reports)
                line += f" ({outcomes})"
            if item.error:
                line += f": {item.error}"
            if item.attempts > 1:
                line += f" [{item.attempts} tries]"
            self.stdout.write(line)
