"""`manage.py ensure_publication`: the paper's Publication record, created from the settings where
it is missing (NEWSROOM_DEFAULT_PUBLICATION, NEWSROOM_PUBLICATION_MASTHEAD, _SHORT_NAME). An existing
record is the editors' (the admin edits it) and stays as it is."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Publication
from articles.services.writer import _unused_publication_slug


class Command(BaseCommand):
    help = "Create the paper's Publication record from the settings, unless it exists."

    def handle(self, *args, **options) -> None:
        name = settings.NEWSROOM_DEFAULT_PUBLICATION.strip()
        publication = Publication.objects.filter(name=name).first()
        if publication is not None:
            self.stdout.write(f"publication {publication.name!r} exists (masthead {publication.title!r})")
            return
        publication = Publication.objects.create(
            name=name, slug=_unused_publication_slug(name),
            short_name=settings.NEWSROOM_PUBLICATION_SHORT_NAME.strip(),
            masthead=settings.NEWSROOM_PUBLICATION_MASTHEAD.strip(),
        )
        self.stdout.write(f"publication {publication.name!r} created (masthead {publication.title!r})")
