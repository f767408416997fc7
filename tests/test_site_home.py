"""The home page's latest issue (#26): read as plain rows in one query (selectors.latest_issue_rows)
and shown without a model instance per article, it is byte for byte the page the issue's selectors
(latest_issue, issue_pages: model instances, as the issue's own page reads them) render."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import selectors, views
from articles.models import Article, Issue, Page
from articles.services import pdf_import, representations

SAMPLE = Path(__file__).parent / "data" / "sample_page.pdf"


def _article(page: Page, order: int, **fields) -> Article:
    defaults = {"headline": f"稿件{order}", "status": Article.Status.PUBLISHED,
                "published_at": timezone.now() - datetime.timedelta(days=1), "source_first_line": 1,
                "source_last_line": 1, "parser_version": "test",
                "body": [{"type": "paragraph", "text": "示范区召开会议，部署城市建设工作。"}]}
    return Article.objects.create(page=page, order=order, **{**defaults, **fields})


def _models_home(monkeypatch) -> None:
    """Home as it was rendered before: the issue and its pages as model instances."""
    def latest_issue_pages():
        issue = selectors.latest_issue()
        return issue, selectors.issue_pages(issue=issue) if issue else []

    monkeypatch.setattr(views, "latest_issue_pages", latest_issue_pages)


@pytest.fixture
def issues(db, seed_page):
    """The sample PDF's page (1998-01-03, page 3, a printed picture with hot zones) in an issue with
    a page named with markup, an unnumbered page, articles without a headline, a draft and an article
    scheduled later; a later issue with only a scheduled article; the seed page's drafts (2024)."""
    pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf", status="published")
    printed = Page.objects.get(printed__isnull=False)
    issue = printed.issue
    first = Page.objects.create(publication=issue.publication, issue=issue, number=1, name="要闻 <&> \"一版\"",
                                sha256="1" * 64, raw_text="x", parser_version="test")
    unnumbered = Page.objects.create(publication=issue.publication, issue=issue, number=None, name="",
                                     source_file="专版.txt", sha256="2" * 64, raw_text="x", parser_version="test")
    _article(first, 1, headline="头条 <b>&</b>", slug="头条")
    _article(first, 2, headline="", kind=Article.Kind.PHOTO, body=[])  # titled by its kind and id
    _article(first, 3, headline="", body=[{"type": "paragraph", "text": "无题稿件的第一句话，说明情况。后文。"}])
    _article(first, 4, status=Article.Status.DRAFT)
    _article(first, 5, published_at=timezone.now() + datetime.timedelta(days=1))
    _article(unnumbered, 1, headline="无版次的稿件")
    later = Issue.objects.create(publication=issue.publication, date=issue.date + datetime.timedelta(days=1))
    later_page = Page.objects.create(publication=issue.publication, issue=later, number=1, name="明日",
                                     sha256="3" * 64, raw_text="x", parser_version="test")
    scheduled = _article(later_page, 1, headline="明天发布", published_at=timezone.now() + datetime.timedelta(hours=1))
    return issue, scheduled


def test_home_shows_the_latest_issue_as_the_model_instances_render_it(client, issues, monkeypatch):
    issue, scheduled = issues
    cache.clear()
    html = client.get("/").content
    text = html.decode()
    assert issue.get_absolute_url() in text and "hot-zone" in text and "printed-page--compact" in text
    assert "头条 &lt;b&gt;&amp;&lt;/b&gt;" in text and "要闻 &lt;&amp;&gt; &quot;一版&quot;" in text
    assert "无版次的稿件" in text and "稿件4" not in text and "稿件5" not in text and "明天发布" not in text
    _models_home(monkeypatch)
    cache.clear()
    assert client.get("/").content == html
    monkeypatch.undo()

    # the query is made once; the time it is run at is the request's: the scheduled article's issue
    # is the latest once its time has come
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    cache.clear()
    html = client.get("/").content
    assert "明天发布" in html.decode() and scheduled.page.issue.get_absolute_url() in html.decode()
    _models_home(monkeypatch)
    cache.clear()
    assert client.get("/").content == html


def test_home_without_a_published_issue(client, seed_page, monkeypatch):
    cache.clear()
    html = client.get("/").content
    assert b'class="issue-front"' not in html
    _models_home(monkeypatch)
    cache.clear()
    assert client.get("/").content == html


def test_a_cold_home_page_takes_four_queries(client, issues, django_assert_max_num_queries):
    # the content version; the latest issue's articles with their pages; the latest articles' ids;
    # their stored cards (those of the articles made past the services built as after a deploy)
    representations.representations_rebuild(article_ids=Article.objects.values_list("pk", flat=True))
    client.get("/")
    for _ in range(2):
        cache.clear()
        with django_assert_max_num_queries(4):
            assert client.get("/").status_code == 200
