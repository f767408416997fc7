"""Who may do what in the admin: editors everything, reporters their own drafts, readers nothing."""


from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Credit, Person
from tests.admin_support import make_user
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(seed_page):
    """A reporter account linked to the person credited on every seed article."""
    user = make_user("jihuiyang", group="reporter")
    person = Person.objects.get(name="姬慧洋")
    person.user = user
    person.save()
    return user


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


def own_story(seed_page) -> Article:
    return seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()


@pytest.mark.parametrize("url_name", [
    "admin:index", "admin:articles_article_changelist", "admin:people_person_changelist",
    "admin:articles_pageimport_upload",
])
def test_anonymous_users_are_sent_to_the_login(client, db, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_readers_without_staff_status_have_no_admin(client, seed_page):
    client.force_login(make_user("reader", staff=False))
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_reporter_sees_only_their_own_drafts(reporter_client, seed_page):
    article = own_story(seed_page)
    other = seed_page.articles.exclude(pk=article.pk).order_by("order").first()
    other.status, other.published_at = Article.Status.PUBLISHED, other.created_at
    other.save()
    stranger_draft = seed_page.articles.exclude(pk__in=[article.pk, other.pk]).order_by("order").first()
    Credit.objects.filter(article=stranger_draft, person__name="姬慧洋").delete()

    response = reporter_client.get(reverse("admin:articles_article_changelist"))
    listed = {a.pk for a in response.context["cl"].queryset}
    assert article.pk in listed
    assert other.pk not in listed and stranger_draft.pk not in listed
    for hidden in (other, stranger_draft):
        response = reporter_client.get(reverse("admin:articles_article_change", args=[hidden.pk]))
        assert response.status_code == 302  # "does not exist" for them: back to the index
    # The preview shows what they may see (articles.roles): the published article, as readers do,
    # but not another's draft.
    assert reporter_client.get(reverse("admin:articles_article_preview", args=[other.pk])).status_code == 200
    assert reporter_client.get(reverse("admin:articles_article_preview", args=[stranger_draft.pk])).status_code == 404


def test_a_reporter_edits_their_draft_but_cannot_publish_it(reporter_client, reporter, seed_page):
    article = own_story(seed_page)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = reporter_client.get(url)
    assert page.status_code == 200
    status_choices = [value for value, _ in page.context["adminform"].form.fields["status"].choices]
    assert "published" not in status_choices
    data = change_form_data(page)

    response = reporter_client.post(url, {**data, "status": "published"})
    assert response.status_code == 200  # the form again, with the error
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    response = reporter_client.post(url, {**data, "body-0-text": "记者改的段落。"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body[0]["text"] == "记者改的段落。"
    assert article.history.latest("history_date").history_user == reporter


def test_a_reporter_cannot_use_the_bulk_actions(reporter_client, seed_page):
    article = own_story(seed_page)
    response = reporter_client.get(reverse("admin:articles_article_changelist"))
    action_form = response.context["action_form"]  # None: no action at all for them
    assert action_form is None or "publish" not in dict(action_form.fields["action"].choices)
    reporter_client.post(reverse("admin:articles_article_changelist"),
                         {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_reporter_cannot_edit_once_it_left_draft(reporter_client, seed_page):
    article = own_story(seed_page)
    article.status = Article.Status.REVIEW
    article.save()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert reporter_client.get(url).status_code == 302
    assert reporter_client.post(url, {"headline": "x"}).status_code in (302, 403)
    article.refresh_from_db()
    assert article.headline != "x"


@pytest.mark.parametrize("url_name", [
    "admin:people_person_changelist", "admin:articles_pageimport_upload", "admin:articles_article_conflicts",
    "admin:articles_event_changelist",
])
def test_a_reporter_has_nothing_else(reporter_client, url_name):
    assert reporter_client.get(reverse(url_name)).status_code == 403


def test_a_reporter_without_a_linked_person_sees_no_article(client, seed_page):
    client.force_login(make_user("newcomer", group="reporter"))
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
