"""A save over a newer change is refused, saying what changed; an untouched form changes nothing
(issue 19 item 3)."""


from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.admin import forms as admin_forms
from articles.models import Article
from articles.services import ArticleChangedError, ArticleVersion, article_save_edit, article_version
from tests.admin_support import make_user
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(seed_page) -> Article:
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    article.status = Article.Status.PUBLISHED
    # a publish time with a fraction of a second, as "publish now" sets it
    article.published_at = timezone.now().replace(microsecond=123456) - datetime.timedelta(hours=1)
    article.save()
    return Article.objects.get(pk=article.pk)


def other_editor_api() -> tuple[User, APIClient]:
    user = make_user("bianji-b", group="editor")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return user, client


def test_a_typo_fix_over_an_unpublish_is_refused_and_says_what_changed(editor_client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    page = editor_client.get(url)  # editor A opens the form
    data = change_form_data(page)
    rendered = re.search(r'<input type="hidden" name="opened_version" value="([^"]*)"', page.content.decode())
    assert rendered and rendered[1] == data["opened_version"]  # the page carries it, as a browser sends it

    _b, api = other_editor_api()  # editor B unpublishes meanwhile
    assert api.post(f"/api/v1/articles/{story.pk}/status/", {"status": "draft"}, format="json").status_code == 200

    data["headline"] = story.headline + "（改）"  # A fixes a typo and saves
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, with the refusal
    message = " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())
    # the admin is Chinese: the refusal too, the field and the statuses by their Chinese names
    assert "它又有了改动" in message and "您的修改没有保存" in message
    assert "状态：已发布 → 草稿" in message and "bianji-b" in message
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT  # B's change stands
    assert not story.headline.endswith("（改）")  # A's save wrote nothing

    # Saving the refused form again is refused again: A must open the newer version first.
    assert editor_client.post(url, data).status_code == 200
    data = change_form_data(editor_client.get(url))
    data["headline"] = story.headline + "（改）"
    assert editor_client.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.headline.endswith("（改）") and story.status == Article.Status.DRAFT


def test_a_change_after_the_forms_check_is_refused_by_the_service(editor_client, story, monkeypatch):
    """The form's check is the early answer; the service compares again under a row lock, and its
    refusal rolls back the whole save (inlines included) and shows the form again."""
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = change_form_data(editor_client.get(url))
    Article.objects.get(pk=story.pk).save()  # a newer version the form's check does not see:
    monkeypatch.setattr(admin_forms, "article_newer_change", lambda **kwargs: None)
    data["headline"] = "不该保存的标题"
    data["captions-TOTAL_FORMS"] = str(int(data["captions-TOTAL_FORMS"]) + 1)
    index = int(data["captions-TOTAL_FORMS"]) - 1
    data.update({f"captions-{index}-order": "9", f"captions-{index}-text": "不该保存的图片说明"})

    response = editor_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("它又有了改动" in m for m in messages)
    story.refresh_from_db()
    assert story.headline != "不该保存的标题"
    assert not story.captions.filter(text="不该保存的图片说明").exists()


def test_the_service_refuses_a_stale_version_and_writes_nothing(story):
    opened = article_version(article_id=story.pk)
    Article.objects.get(pk=story.pk).save()
    records = story.history.count()
    story.headline = "过期版本的修改"
    with pytest.raises(ArticleChangedError, match="changed since you opened it"):  # str(): English, for logs
        article_save_edit(article=story, opened=opened)
    assert Article.objects.get(pk=story.pk).headline != "过期版本的修改"
    assert story.history.count() == records


def test_a_version_token_reads_back_and_nonsense_is_no_version():
    version = ArticleVersion(updated_at=timezone.now(), history_id=7)
    assert ArticleVersion.from_token(version.token()) == version
    assert ArticleVersion.from_token(ArticleVersion(updated_at=version.updated_at).token()).history_id is None
    for nonsense in ("", "yesterday", "2024-03-06T10:00:00|x", "2024-03-06T10:00:00|3"):  # the last: naive
        assert ArticleVersion.from_token(nonsense) is None


def test_a_form_without_its_version_is_refused(editor_client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = change_form_data(editor_client.get(url))
    data.pop("opened_version")
    data["headline"] = "无版本的修改"
    assert editor_client.post(url, data).status_code == 200
    story.refresh_from_db()
    assert story.headline != "无版本的修改"


def rendered_form_data(response) -> dict:
    """change_form_data, with the publish time as the page's own boxes show it."""
    data = change_form_data(response)
    html = response.content.decode()
    for name in ("published_at_0", "published_at_1"):
        data[name] = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)[1]
    return data


def test_the_publish_time_keeps_its_seconds_and_an_untouched_save_records_nothing(editor_client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    page = editor_client.get(url)
    data = rendered_form_data(page)
    local = timezone.localtime(story.published_at)
    assert data["published_at_1"] == local.strftime("%H:%M:%S")  # seconds shown (the locale shows %H:%M)
    records, version = story.history.count(), story.updated_at

    assert editor_client.post(url, data).status_code == 302
    saved = Article.objects.get(pk=story.pk)
    assert saved.published_at == story.published_at  # to the microsecond
    assert saved.updated_at == version and story.history.count() == records  # nothing recorded
    assert saved.edited_since_import == story.edited_since_import

    # A changed second is a change, kept as given.
    data = rendered_form_data(editor_client.get(url))
    later = local.replace(microsecond=0) + datetime.timedelta(seconds=7)
    data["published_at_1"] = later.strftime("%H:%M:%S")
    assert editor_client.post(url, data).status_code == 302
    saved = Article.objects.get(pk=story.pk)
    assert saved.published_at == later and story.history.count() == records + 1


def test_reverting_to_an_older_version_over_a_newer_change_is_refused(editor_client, story):
    imported = story.history.earliest("history_date")
    revert_url = reverse("admin:articles_article_simple_history", args=[story.pk, imported.history_id])
    data = change_form_data(editor_client.get(revert_url))
    _b, api = other_editor_api()
    assert api.post(f"/api/v1/articles/{story.pk}/status/", {"status": "review"}, format="json").status_code == 200

    response = editor_client.post(revert_url, data)
    assert response.status_code == 200
    assert "状态：已发布 → 审核中" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == Article.Status.REVIEW
