"""One answer to "who may see / change this article", on every surface (issue 19 item 2).

The table below is the specification: for each role, status and ownership, whether the user
sees the article and whether they may change it. Every surface is asked and must give that
answer: articles.roles itself, the admin (change form, list), the API (detail, list, the
`status` filter) and the site (the public page, or the desk's preview for an article readers
cannot see yet)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles import roles
from articles.models import Article, Issue, Page, Publication
from people.models import Credit, Person
from tests.admin_support import ensure_newsroom_groups, make_user

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"

#: role → how its account is made (None: anonymous)
ROLES = ("anonymous", "reader", "staff", "editor_not_staff", "reporter", "reporter_unlinked", "editor", "superuser")
STATUSES = ("draft", "review", "scheduled", "published")

#: (role, status) → (sees when it is theirs, sees when it is not, edits when theirs, edits when not)
#: "theirs": credited to the person linked to the user's login.
SPEC: dict[tuple[str, str], tuple[bool, bool, bool, bool]] = {}
for _role in ROLES:
    for _status in STATUSES:
        _public = _status == "published"
        if _role in ("editor", "superuser"):
            SPEC[_role, _status] = (True, True, True, True)
        elif _role == "reporter":
            own_draft = _status == "draft"
            SPEC[_role, _status] = (_public or own_draft, _public, own_draft, False)
        else:  # a reporter with no linked person owns nothing; the rest are readers
            SPEC[_role, _status] = (_public, _public, False, False)

TABLE = [
    (role, status, owner, *SPEC[role, status][0 if owner else 1::2])
    for role in ROLES for status in STATUSES for owner in (True, False)
]


@pytest.fixture(autouse=True)
def fresh_cache(settings) -> Iterator[None]:
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def make_account(role: str) -> User | None:
    ensure_newsroom_groups()
    if role == "anonymous":
        return None
    if role == "reader":
        return make_user("reader", staff=False)
    if role == "staff":
        return make_user("staff")
    if role == "editor_not_staff":
        return make_user("outsider", group="editor", staff=False)
    if role in ("reporter", "reporter_unlinked"):
        return make_user(role, group="reporter")
    if role == "editor":
        return make_user("editor", group="editor")
    return User.objects.create_superuser("root", "root@example.com", "a-long-test-password-42")


def make_article(status: str, *, credited: Person) -> Article:
    publication = Publication.objects.create(name="角色日报", slug="roles")
    issue = Issue.objects.create(publication=publication, date=datetime.date(2024, 3, 6))
    page = Page.objects.create(publication=publication, issue=issue, number=1, sha256="0" * 64, raw_text="",
                               parser_version="test")
    now = timezone.now()
    published_at = {"scheduled": now + datetime.timedelta(days=3650), "published": now - datetime.timedelta(hours=1)}
    article = Article.objects.create(
        page=page, order=1, headline="角色测试新闻", slug="roles", body=[{"type": "paragraph", "text": "正文。"}],
        status="published" if status in published_at else status, published_at=published_at.get(status),
        source_first_line=1, source_last_line=2, parser_version="test",
    )
    Credit.objects.create(article=article, person=credited, role=Credit.Role.REPORTER, order=0)
    return article


def api_client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def site_client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def listed_ids(client: APIClient, params: dict[str, str] | None = None) -> set[int]:
    response = client.get(ARTICLES, {"page_size": 100, **(params or {})})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize(("role", "status", "owner", "sees", "edits"), TABLE)
def test_every_surface_gives_the_same_answer(role, status, owner, sees, edits):
    user = make_account(role)
    own = Person.objects.create(name="甲记者", user=None if role in ("anonymous", "reporter_unlinked") else user)
    other = Person.objects.create(name="乙记者")
    article = make_article(status, credited=own if owner else other)
    status_param = "published" if status == "scheduled" else status

    # the roles module
    assert roles.can_see(user, article) is sees
    assert roles.can_edit(user, article) is edits
    assert roles.visible_articles(user).filter(pk=article.pk).exists() is sees
    assert roles.editable_articles(user).filter(pk=article.pk).exists() is edits

    # the API: detail, list, list filtered by the article's status
    api = api_client(user)
    detail = api.get(f"{ARTICLES}{article.pk}/")
    assert detail.status_code == (200 if sees else 404)
    assert (article.pk in listed_ids(api)) is sees
    assert (article.pk in listed_ids(api, {"status": status_param})) is sees

    # the site: readers' pages show only what readers see, to everyone; the desk's preview shows
    # the rest to those who may see it
    site = site_client(user)
    public = site.get(article.get_absolute_url())
    assert public.status_code == (200 if article.is_visible else 404)
    preview = site.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert (public.status_code == 200 or preview.status_code == 200) is sees
    if preview.status_code != 200:
        assert preview.status_code in (302, 404)  # to the login for non-staff; no such article for staff

    # the admin: the change form and the list are the desk's, for what one may change
    change = site.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert (change.status_code == 200) is edits
    changelist = site.get(reverse("admin:articles_article_changelist"))
    listed = changelist.status_code == 200 and article.pk in {a.pk for a in changelist.context["cl"].queryset}
    assert listed is edits


def test_the_table_covers_every_combination():
    assert len(TABLE) == len(ROLES) * len(STATUSES) * 2
    # an unpublished article: seeing it and changing it are one answer, whoever asks
    assert all(sees == edits for _role, status, _owner, sees, edits in TABLE if status != "published")


def test_a_reporter_token_writes_nothing():
    """Only editors change a status through the API; a reporter's own draft included."""
    user = make_account("reporter")
    article = make_article("draft", credited=Person.objects.create(name="甲记者", user=user))
    response = api_client(user).post(f"{ARTICLES}{article.pk}/status/", {"status": "published"}, format="json")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_reporters_list_costs_what_an_editors_does(django_assert_max_num_queries):
    """The reporter's filter is one EXISTS inside the list's query, not a query per article."""
    reporter = make_account("reporter")
    mine = Person.objects.create(name="甲记者", user=reporter)
    first = make_article("draft", credited=mine)
    for order in range(2, 31):
        Article.objects.create(
            page=first.page, order=order, headline=f"新闻{order}", slug=f"n{order}", status="draft",
            body=[{"type": "paragraph", "text": "正文。"}], source_first_line=order, source_last_line=order,
            parser_version="test",
        ).credits.create(person=mine, role=Credit.Role.REPORTER, order=0)
    api = api_client(reporter)
    # the token; the user's permissions and their groups'; the articles; their related rows
    with django_assert_max_num_queries(5):
        assert len(listed_ids(api)) == 30
