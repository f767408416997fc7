"""Pictures for the benchmarks' archives (bench_api.py, bench_site.py): a pool of real JPEGs stored
through the upload service (each with its six renditions), then one Image row per placement cloned
from the pool (its file shared: uploading thousands would take the build an hour), placed on a
share of the articles as the lead picture, some with a second one, so that lists, pages and the API
carry pictures as a paper's do, each picture on one article. Requests only build rendition URLs
(imagekit's Optimistic strategy): the files need not outlive the build."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

#: how many distinct pictures the archive holds (articles share them: a request's cost is per picture shown)
POOL = 40


def _jpeg(rng: random.Random, width: int, height: int) -> bytes:
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (width, height), tuple(rng.randrange(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse((x, y, x + width // 4, y + height // 4), fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def add_pictures(article_ids: Sequence[int], *, share: float = 0.5, seed: int = 21) -> int:
    """Give `share` of the articles a lead picture (and every third of those a second one) from a
    pool of POOL uploads, credited to a photographer; returns the number of placements made."""
    from articles.models import ArticleImage, Image
    from articles.services.images import image_upload
    from people.models import Person

    rng = random.Random(seed)
    photographers = [Person.objects.get_or_create(name=f"摄影{i:02d}")[0] for i in range(8)]
    pool = [
        image_upload(file=_jpeg(rng, *rng.choice([(1600, 1067), (1200, 900), (900, 1200), (2000, 1200)])),
                     caption=f"基准测试图片{i}。", alt_text=f"图片{i}", credit=rng.choice(photographers))
        for i in range(POOL)
    ]
    wanted: list[tuple[int, Image, int]] = []  # (article, the pool's picture, order)
    for article_id in article_ids:
        if rng.random() >= share:
            continue
        first, second = rng.sample(pool, 2)
        wanted.append((article_id, first, 0))
        if rng.random() < 1 / 3:
            wanted.append((article_id, second, 1))
    clones = Image.objects.bulk_create([
        Image(file=source.file.name, width=source.width, height=source.height, caption=source.caption,
              alt_text=source.alt_text, credit=source.credit, credit_role=source.credit_role, sha256=source.sha256)
        for _, source, _ in wanted
    ], batch_size=5000)
    ArticleImage.objects.bulk_create([
        ArticleImage(article_id=article_id, image=clone, order=order, is_lead=order == 0)
        for (article_id, _, order), clone in zip(wanted, clones, strict=True)
    ], batch_size=5000)
    return len(wanted)
