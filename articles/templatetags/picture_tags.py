"""Template helpers of the readers' site for pictures: a responsive `<picture>` (WebP with a JPEG
fallback, each a `srcset` of the image's renditions) and a picture's credit as papers print it.

They read what `Image.rendition_set()` gives (URLs and sizes, no storage asked; kept per process by
`selectors.renditions`) and the image's
credited person, which the site's selectors fetch with the image (`shown_images`): no query here.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles import selectors
from articles.models import RENDITION_WIDTHS, Image

register = template.Library()

#: What a credit adds after the name, by the image's `credit_role` ("张三 摄", "李四 绘").
CREDIT_SUFFIXES = {"photographer": "摄", "illustrator": "绘"}
#: The column of an article page and its lists (settings of site.css: 60rem body less its padding).
COLUMN_SIZES = "(min-width: 64rem) 58rem, calc(100vw - 2rem)"


def renditions_upto(image: Image, largest: str) -> list[dict[str, Any]]:
    """The image's renditions from the smallest to `largest` ("thumb", "medium", "large"), each
    width once (an original narrower than a rendition gives the same file for several names)."""
    names = list(RENDITION_WIDTHS)
    wanted = set(names[: names.index(largest) + 1])
    seen: set[int] = set()
    out = []
    for rendition in selectors.renditions(image):
        if rendition["name"] in wanted and rendition["width"] not in seen:
            seen.add(rendition["width"])
            out.append(rendition)
    return out


@register.simple_tag
def picture(image: Image, *, src: str = "medium", largest: str = "large", sizes: str = COLUMN_SIZES,
            loading: str = "lazy", css_class: str = "", priority: str = "") -> SafeString:
    """`<picture>`: a WebP `<source>` and a JPEG `<img>` (the fallback), both with a `srcset` of
    the renditions up to `largest`; the `<img>` shows rendition `src`, carries its width and height
    (the browser keeps the picture's room before it loads: no layout shift), the alt text, and
    `loading` ("lazy" below the fold, "eager" for a lead image, which may ask `priority="high"`)."""
    renditions = renditions_upto(image, largest)
    if not renditions:
        return mark_safe("")
    shown = next((r for r in renditions if r["name"] == src), renditions[-1])
    if sizes == COLUMN_SIZES:
        # never wider than the largest file: a small picture (one cut from a printed page) stretched
        # to the column would blur; `sizes` is what the browser lays the picture out at
        widest = renditions[-1]["width"]
        sizes = f"(min-width: 64rem) min(58rem, {widest}px), min(calc(100vw - 2rem), {widest}px)"
    webp = ", ".join(f"{r['webp']} {r['width']}w" for r in renditions)
    jpeg = ", ".join(f"{r['jpeg']} {r['width']}w" for r in renditions)
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        webp, sizes, shown["jpeg"], jpeg, sizes, shown["width"], shown["height"], image.alt_text, loading,
        format_html(' fetchpriority="{}"', priority) if priority else "",
    )


@register.simple_tag
def image_credit(image: Image) -> SafeString:
    """The picture's credit as printed after its caption, "（张三 摄）", the name linked to the
    person's page of credited work (their reporter's page), or nothing without a credit."""
    person = image.credit
    if person is None:
        return mark_safe("")
    link = format_html('<a href="{}" rel="author">{}</a>', reverse("site:reporter", kwargs={"pk": person.pk}),
                       person.name)
    suffix = CREDIT_SUFFIXES.get(image.credit_role)
    if suffix:
        return format_html('<span class="image-credit">（{} {}）</span>', link, suffix)
    return format_html('<span class="image-credit">（来源：{}）</span>', link)
