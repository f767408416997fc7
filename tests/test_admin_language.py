"""The admin reads in Chinese: an editor whose browser asks for zh-hans sees no English on its pages.

tests/test_translations.py checks the catalogue (every marked string has a translation); this test
checks what it cannot: a string nobody marked (an f-string, a template's literal text, an attribute),
a package's template whose words its own catalogue lacks, a model's name that no one translates. It
walks the pages an editor uses every day — the index, the lists, the forms, the history, the upload,
the job, the merge and move confirmations — over one imported seed page, and lists every run of
three or more Latin letters in the visible text and in the title, placeholder, aria-label and alt
attributes. The article's text is the seed page's (Chinese); the words left are either allowed
below, each for its reason, or a string to translate."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Event, ImportJob, Page
from articles.services.editing import article_save_edit
from people.models import Organization, Person

pytestmark = pytest.mark.django_db

#: Latin words an editor may see in Chinese, and why.
ALLOWED = {
    # names of formats and standards, written so in Chinese too
    "PDF", "RSS", "JPEG", "PNG", "WebP", "GIF", "EXIF", "GPS", "UTF", "GBK", "SHA", "zip", "txt", "pdf",
    "YYYY",  # a date's format (YYYY-MM-DD), as the date field takes it
    # data: the test's account, the seed's file name, a name the seed page prints (昌建·MOCO新世界)
    "editor", "seed", "noise", "MOCO",
    # the admin site's title (newsroom/urls.py): the product's name
    "Newsroom",
    # Django writes a boolean's icon's alt text as the Python value, in every language
    "True", "False",
}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
NOISE = "没有标题的一段话。\n".encode() * 3


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: the text nodes outside scripts, styles and fields' values,
    the labelling attributes, and the buttons' values."""

    HIDDEN = {"script", "style", "template", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        values = dict(attrs)
        self.chunks += [f"{name}={values[name]}" for name in ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(f"value={values['value']}")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.chunks.append(data.strip())


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def english_words(html: str) -> dict[str, str]:
    """Each Latin word (3+ letters) not allowed, with the text it was found in."""
    parser = _VisibleText()
    parser.feed(html)
    found = {}
    for chunk in parser.chunks:
        if chunk.startswith("{") and _is_json(chunk):
            continue  # a stored JSON value shown as it is (a page's parsed header): data
        for word in re.findall(r"[A-Za-z]{3,}", chunk.split("=", 1)[1] if "=" in chunk[:12] else chunk):
            if word not in ALLOWED:
                found.setdefault(word, chunk[:120])
    return found


@pytest.fixture
def newsroom(editor_client, seed_page, editor):
    """The seed page's drafts, one of them edited (so its history has two versions), a failed import
    job, two people to merge."""
    article = Article.objects.filter(page=seed_page).order_by("pk").first()
    article.headline += "（修改）"
    article_save_edit(article=article, user=editor)
    editor_client.post(reverse("admin:articles_importjob_add"), {
        "files": [SimpleUploadedFile("noise.txt", NOISE)], "date": "", "publication": "", "page_number": "",
        "status": "draft"})
    people = [Person.objects.create(name="审计甲"), Person.objects.create(name="审计甲", disambiguation="旧")]
    return article, people


def _pages(article: Article) -> list[str]:
    history = article.history.order_by("history_date").first()
    page = Page.objects.get(pk=article.page_id)
    return [
        reverse("admin:index"),
        reverse("admin:app_list", args=["articles"]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=没有的词",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_simple_history", args=[article.pk, history.history_id]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_conflicts"),
        reverse("admin:articles_page_changelist"),
        reverse("admin:articles_page_change", args=[page.pk]),
        reverse("admin:articles_pageimport_changelist"),
        reverse("admin:articles_pageimport_upload"),
        reverse("admin:articles_importjob_add"),
        ImportJob.objects.get().get_absolute_url(),
        reverse("admin:articles_event_changelist"),
        reverse("admin:articles_event_change", args=[Event.objects.order_by("pk").first().pk]),
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_image_add"),
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_change", args=[Person.objects.order_by("pk").first().pk]),
        reverse("admin:people_organization_changelist"),
        reverse("admin:people_organization_change", args=[Organization.objects.order_by("pk").first().pk]),
    ]


def test_an_editor_in_chinese_sees_no_english_on_the_admin_pages(editor_client, newsroom):
    article, people = newsroom
    responses = {url: editor_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans") for url in _pages(article)}
    posts = {
        "merge": (reverse("admin:people_person_changelist"),
                  {"action": "merge", "_selected_action": [p.pk for p in people]}),
        "move": (reverse("admin:articles_page_changelist"),
                 {"action": "move_pages", "_selected_action": [article.page_id]}),
        "upload preview": (reverse("admin:articles_pageimport_upload"),
                           {"files": [SimpleUploadedFile("noise.txt", NOISE)], "date": "", "publication": "",
                            "page_number": "", "status": "draft"}),
    }
    for name, (url, data) in posts.items():
        responses[name] = editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    english = {}
    for url, response in responses.items():
        assert response.status_code in (200, 400), (url, response.status_code)
        assert response["Content-Language"] == "zh-hans", url
        for word, context in english_words(response.content.decode()).items():
            english.setdefault(word, f"{url}: {context!r}")
    assert not english, ("English on the admin in Chinese (translate it, or allow the word in ALLOWED "
                         "with its reason):\n" + "\n".join(f"{w} — {where}" for w, where in sorted(english.items())))


def test_the_check_sees_english_text_and_attributes_but_not_scripts_or_fields():
    html = ('<p>稿件 Draft</p><img alt="Search"><a title="PDF">x</a><script>var Shown = 1;</script>'
            '<textarea>Typed text</textarea><input type="submit" value="Save">')
    assert set(english_words(html)) == {"Draft", "Search", "Save"}
