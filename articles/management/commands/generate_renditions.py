"""`manage.py generate_renditions [--force] [--ids N ...]`: make the pictures' renditions that are
missing from storage (all of them with --force).

Renditions are made when an image is saved and a request never makes one (the Optimistic
strategy, articles.models.Image), so this is for what that cannot cover: a rendition size added
or changed since the images were stored, renditions lost from storage, images copied in by hand."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from articles.models import Image
from articles.services.images import image_renditions_make


class Command(BaseCommand):
    help = "Make the pictures' missing renditions (every rendition with --force)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="make every rendition again, present or not")
        parser.add_argument("--ids", type=int, nargs="+", help="only these images")

    def handle(self, *args, force: bool, ids: list[int] | None, **options) -> None:
        images = Image.objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        started = time.monotonic()
        count = images.count()
        made = image_renditions_make(images=images.iterator(chunk_size=200), force=force)
        self.stdout.write(f"{made} rendition(s) made for {count} image(s) in {time.monotonic() - started:.1f} s.")
