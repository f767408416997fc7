"""`populate N`: N articles of 1,000-3,000 characters, each body sentences of Newsroom's seed page
(as bench_api.py's articles are), titles from the same sentences, published a minute apart."""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from peer_news.models import News

SEED_PAGE = Path(__file__).resolve().parents[5] / "articles" / "fixtures" / "seed_page.txt"


class Command(BaseCommand):
    help = "Fill the peer's database with N padded articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("count", type=int)

    def handle(self, *args, count: int, **options) -> None:
        text = SEED_PAGE.read_text(encoding="utf-8")
        parts = re.split(r"(?<=[。！？])", text.replace("\n", ""))
        parts = re.split(r"(?<=[。！？])", text.replace("\n", ""))
        sentences = [s.strip() for s in parts if 12 <= len(s.strip()) <= 200]
        rng = random.Random(20240306)
        now = timezone.now()
        News.objects.all().delete()
        batch: list[News] = []
        for i in range(count):
            target = rng.randint(1000, 3000)
            body = ""
            while len(body) < target:
                body += rng.choice(sentences)
            batch.append(News(title=rng.choice(sentences)[:60], body=body[:target], author=f"记者{i % 40:02d}",
                              published=now - datetime.timedelta(minutes=count - i)))
            if len(batch) == 2000:
                News.objects.bulk_create(batch)
                batch = []
        News.objects.bulk_create(batch)
        self.stdout.write(f"{News.objects.count()} articles")
