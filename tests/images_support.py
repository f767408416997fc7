"""Pictures for tests: real small JPEG and PNG files drawn with Pillow, stored as Images and
placed on articles, through the image services. Plain functions (factories), no fixtures: the
conftest's `media_root` gives each test a temporary MEDIA_ROOT."""

from __future__ import annotations

import io

from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, ArticleImage, Image
from articles.services.images import article_images_set, image_upload
from people.models import Person


def picture_bytes(width: int = 1200, height: int = 800, *, fmt: str = "JPEG",
                  color: tuple[int, int, int] = (180, 40, 40)) -> bytes:
    """A picture of `width` × `height` pixels in `fmt`: a coloured field with a lighter band and a
    dark disc, so that a screenshot shows where it is and that it is not stretched."""
    picture = PILImage.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, height * 2 // 3, width, height), fill=tuple(min(255, c + 60) for c in color))
    radius = min(width, height) // 5
    draw.ellipse((width // 2 - radius, height // 2 - radius, width // 2 + radius, height // 2 + radius),
                 fill=(30, 30, 60))
    out = io.BytesIO()
    picture.save(out, format=fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue()


def make_image(*, width: int = 1200, height: int = 800, fmt: str = "JPEG", caption: str = "",
               alt_text: str = "", credit: Person | None = None, credit_role: str = "photographer",
               color: tuple[int, int, int] = (180, 40, 40)) -> Image:
    """An uploaded Image of a real file, through the upload service (its renditions are made then)."""
    return image_upload(file=picture_bytes(width, height, fmt=fmt, color=color), alt_text=alt_text,
                        caption=caption, credit=credit, credit_role=credit_role)


def place(article: Article, images: list[Image], *, lead: Image | None = None) -> list[ArticleImage]:
    """Make `images` the article's pictures, in order, `lead` (one of them) its lead."""
    return article_images_set(article=article, images=images, lead=lead)
