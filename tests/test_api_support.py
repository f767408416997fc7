"""Builders the API tests share (this module holds no tests of its own); their fixtures are in
tests/conftest.py."""

from __future__ import annotations

import datetime

from django.utils import timezone

from articles.models import Article, Caption, Event, Issue, Keyword, Page, Publication
from people.models import (
    Credit,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
)


def build_archive(
    count: int, *, per_page: int = 10, start: datetime.date = datetime.date(2023, 1, 1),
    status: str = Article.Status.PUBLISHED, with_relations: bool = True,
) -> list[Article]:
    """`count` articles in print positions (per_page articles per page, one page an issue day), each
    with a reporter credit, a captioned photo credit, a keyword and one mention of each kind.

    Built with bulk_create: these tests are about the API, not the parse."""
    publication, _ = Publication.objects.get_or_create(name="测试日报", defaults={"slug": "test-daily"})
    pages_needed = -(-count // per_page)
    issues = Issue.objects.bulk_create(
        [Issue(publication=publication, date=start + datetime.timedelta(days=i)) for i in range(pages_needed)]
    )
    pages = Page.objects.bulk_create([
        Page(publication=publication, issue=issue, number=1 + i % 4, name="要闻", sha256=f"{i:064x}",
             raw_text="", parser_version="test")
        for i, issue in enumerate(issues)
    ])
    now = timezone.now()
    articles = Article.objects.bulk_create([
        Article(
            page=pages[i // per_page], order=1 + i % per_page, headline=f"测试新闻第{i}号", slug=f"test-{i}",
            kind=Article.Kind.STORY, dateline="本报讯",
            body=[{"type": "paragraph", "text": f"第{i}号新闻的正文。"}], status=status,
            # Ties on purpose: ten articles share each publish time.
            published_at=now - datetime.timedelta(hours=i // 10) if status == Article.Status.PUBLISHED else None,
            source_first_line=1, source_last_line=2, parser_version="test",
        )
        for i in range(count)
    ])
    if with_relations:
        reporter, _ = Person.objects.get_or_create(name="测试记者", defaults={"is_staff_reporter": True})
        photographer, _ = Person.objects.get_or_create(name="测试摄影")
        official, _ = Person.objects.get_or_create(name="张测试")
        organization, _ = Organization.objects.get_or_create(name="测试区党工委")
        OrganizationAlias.objects.get_or_create(organization=organization, name="党工委测试")
        place, _ = Place.objects.get_or_create(name="测试广场", defaults={"kind": Place.Kind.SQUARE})
        keyword, _ = Keyword.objects.get_or_create(name="测试")
        captions = Caption.objects.bulk_create([Caption(article=a, order=1, text="图为测试现场。") for a in articles])
        Credit.objects.bulk_create(
            [Credit(article=a, person=reporter, role=Credit.Role.REPORTER, label="本报记者") for a in articles]
            + [Credit(article=c.article, caption=c, person=photographer, role=Credit.Role.PHOTOGRAPHER)
               for c in captions]
        )
        PersonMention.objects.bulk_create(
            [PersonMention(article=a, person=official, titles=["区委书记"]) for a in articles]
        )
        OrganizationMention.objects.bulk_create(
            [OrganizationMention(article=a, organization=organization, forms=["党工委测试"]) for a in articles]
        )
        PlaceMention.objects.bulk_create([PlaceMention(article=a, place=place) for a in articles])
        Article.keywords.through.objects.bulk_create(
            [Article.keywords.through(article_id=a.pk, keyword_id=keyword.pk) for a in articles]
        )
        event = Event.objects.create(name="测试活动", year=2023, month=1, day=2, place=place)
        event.organizers.add(organization)
        event.participants.add(official)
        event.articles.add(*articles[:3])
    return articles

