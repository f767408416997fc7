"""Template helpers of the readers' site: bylines as the paper prints them, and JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from people.models import Credit

register = template.Library()

#: What the paper prints before a name when the byline gave no label of its own.
ROLE_LABELS = {
    Credit.Role.REPORTER: "记者",
    Credit.Role.CORRESPONDENT: "通讯员",
    Credit.Role.PHOTOGRAPHER: "",
    Credit.Role.INTERN: "实习生",
    Credit.Role.EDITOR: "编辑",
}


def credit_label(credit: Credit) -> str:
    return credit.label or ROLE_LABELS.get(credit.role, "")


def _credit_parts(credits: Sequence[Credit]) -> SafeString:
    """"记者 <a>姬慧洋</a> 通讯员 <a>罗阳阳</a>": a label once per run of credits sharing it, and
    "摄" after a run of photographers, as bylines and photo credits are printed."""
    parts: list[SafeString] = []
    previous_label = None
    for index, credit in enumerate(credits):
        label = credit_label(credit)
        if label and label != previous_label:
            parts.append(format_html("{}", label))
        previous_label = label
        parts.append(format_html(
            '<a href="{}" rel="author">{}</a>', credit.person_url, credit.person.name,
        ) if getattr(credit, "person_url", None) else format_html("{}", credit.person.name))
        is_last = index == len(credits) - 1
        if credit.role == Credit.Role.PHOTOGRAPHER and (is_last or credits[index + 1].role != Credit.Role.PHOTOGRAPHER):
            parts.append(mark_safe("摄"))
    return mark_safe(" ".join(parts))


def _with_reporter_urls(credits: Iterable[Credit]) -> list[Credit]:
    from django.urls import reverse

    credits = list(credits)
    for credit in credits:
        credit.person_url = reverse("site:reporter", kwargs={"pk": credit.person_id})
    return credits


@register.simple_tag
def byline(article) -> SafeString:
    """The dateline and byline as printed: "本报讯（记者 姬慧洋 通讯员 罗阳阳）", names linked.

    Uses `article.byline_credits` (the article's own credits, prefetched by the views)."""
    credits = _with_reporter_urls(getattr(article, "byline_credits", ()))
    names = _credit_parts(credits) if credits else ""
    if article.dateline and names:
        return format_html("{}（{}）", article.dateline, names)
    return format_html("{}", article.dateline) if article.dateline else names


@register.simple_tag
def caption_credit(caption) -> SafeString:
    """A caption's photo credit, "（姬慧洋 摄）", from its prefetched credits."""
    credits = _with_reporter_urls(caption.credits.all())
    return format_html("（{}）", _credit_parts(credits)) if credits else mark_safe("")


@register.filter
def role_names(credits: Iterable[Credit]) -> str:
    """The roles of a person's credits on one article, "记者、摄影"."""
    names = {
        Credit.Role.REPORTER: "记者", Credit.Role.CORRESPONDENT: "通讯员", Credit.Role.PHOTOGRAPHER: "摄影",
        Credit.Role.INTERN: "实习生", Credit.Role.EDITOR: "编辑",
    }
    seen: list[str] = []
    for credit in credits:
        name = names.get(credit.role, credit.role)
        if name not in seen:
            seen.append(name)
    return "、".join(seen)


# JSON inside <script>: these characters must not close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026",
                   ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` element, safe against "</script>" in the text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def join_links(objects: Iterable, separator: str = "、") -> SafeString:
    """Objects as links to their pages, joined by `separator`."""
    return format_html_join(separator, '<a href="{}">{}</a>', ((o.get_absolute_url(), str(o)) for o in objects))
