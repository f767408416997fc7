"""Factories shared by the admin tests (their fixtures are in tests/conftest.py)."""

from __future__ import annotations

import datetime
import importlib

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Issue, Page, Publication
from people.models import Credit, Organization, OrganizationMention, Person, PersonMention

PASSWORD = "a-long-test-password-42"


def ensure_newsroom_groups() -> None:
    """The `editor` and `reporter` groups, made by their data migration's own code where a
    transactional test's flush removed them (a flush empties what migrations wrote)."""
    if Group.objects.filter(name__in=["editor", "reporter"]).count() == 2:
        return
    migration = importlib.import_module("people.migrations.0003_editor_and_reporter_groups")
    migration.create_groups(apps, None)


def make_user(username: str, *, group: str | None = None, staff: bool = True) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, is_staff=staff)
    if group:
        ensure_newsroom_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


def make_archive(count: int, *, pages: int = 20) -> list[Article]:
    """`count` articles on `pages` pages with bylines and mentions, written in bulk: a list-sized
    archive where the parse is not the point."""
    publication = Publication.objects.create(name="测试日报", slug="ceshi")
    start = datetime.date(2023, 1, 1)
    page_rows = []
    for n in range(pages):
        issue = Issue.objects.create(publication=publication, date=start + datetime.timedelta(days=n))
        page_rows.append(Page(publication=publication, issue=issue, number=(n % 8) + 1, name=f"版面{n}",
                              sha256=f"{n:064d}", raw_text="第一行\n第二行\n第三行", parser_version="test"))
    Page.objects.bulk_create(page_rows)
    page_rows = list(Page.objects.filter(publication=publication).order_by("pk"))
    reporters = Person.objects.bulk_create([Person(name=f"记者{n}", is_staff_reporter=n < 3) for n in range(12)])
    organizations = Organization.objects.bulk_create([Organization(name=f"机构{n}") for n in range(12)])
    now = timezone.now()
    articles = Article.objects.bulk_create([
        Article(
            page=page_rows[n % pages], order=n // pages + 1, headline=f"标题{n}",
            body=[{"type": "paragraph", "text": f"第{n}篇正文。"}],
            status=(Article.Status.PUBLISHED if n % 3 else Article.Status.DRAFT),
            published_at=now if n % 3 else None, source_first_line=1, source_last_line=2, parser_version="test",
            slug=f"article-{n}",
        )
        for n in range(count)
    ])
    Credit.objects.bulk_create([
        Credit(article=article, person=reporters[n % len(reporters)], role=Credit.Role.REPORTER, label="记者")
        for n, article in enumerate(articles)
    ])
    PersonMention.objects.bulk_create([
        PersonMention(article=article, person=reporters[(n + 1) % len(reporters)], titles=["主任"])
        for n, article in enumerate(articles)
    ])
    OrganizationMention.objects.bulk_create([
        OrganizationMention(article=article, organization=organizations[n % len(organizations)], forms=["机构"])
        for n, article in enumerate(articles)
    ])
    return articles
