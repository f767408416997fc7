"""The editors' admin: every page renders, lists stay cheap, search works in Chinese, edits and
bulk actions go through the services, and history can restore an older version."""


from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.forms import BodyField, ListTextField
from articles.models import Article, Event, Page, PageImport
from articles.search import index_articles
from people.models import Person, PersonMention
from tests.admin_support import make_archive

pytestmark = pytest.mark.django_db

NEWSROOM_APPS = {"articles", "people"}


def change_form_data(response) -> dict:
    """The POST data of an admin change form as rendered: what a browser would send back."""
    data: dict = {}
    forms_ = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms_.extend(inline.formset.forms)
    for form in forms_:
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            value = form[name].value()
            if isinstance(field, BodyField):
                for index, block in enumerate(field.widget.format_value(value)):
                    data[f"{key}-{index}-type"] = block["type"]
                    data[f"{key}-{index}-text"] = block["text"]
            elif isinstance(field, ListTextField):
                data[key] = field.prepare_value(value)
            elif isinstance(field, forms.SplitDateTimeField):
                if isinstance(value, datetime.datetime):
                    local = timezone.localtime(value)
                    data[f"{key}_0"], data[f"{key}_1"] = local.date().isoformat(), local.strftime("%H:%M:%S")
                elif isinstance(value, list):
                    data[f"{key}_0"], data[f"{key}_1"] = value
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(item) for item in value]
            elif value is not None:
                data[key] = value
    return data


# ----------------------------------------------------------------------------------------- roles


def test_the_migration_creates_the_editor_and_reporter_groups():
    editor_perms = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    assert {"change_article", "delete_article", "publish_article", "add_page", "change_person",
            "delete_organization", "change_event"} <= editor_perms
    reporter_perms = set(Group.objects.get(name="reporter").permissions.values_list("codename", flat=True))
    assert reporter_perms == {"view_article", "change_article"}
    # The editor group has every permission of the newsroom apps, history models included.
    newsroom = Permission.objects.filter(content_type__app_label__in=NEWSROOM_APPS)
    assert set(newsroom.values_list("codename", flat=True)) <= editor_perms


# ------------------------------------------------------------------------------------ every page


def newsroom_model_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in NEWSROOM_APPS]


def test_every_newsroom_admin_page_renders_for_an_editor(editor_client, seed_page):
    article = seed_page.articles.order_by("order").first()
    article.events.add(Event.objects.create(name="测试活动", year=2024, month=3, day=5))
    checked = 0
    for model, model_admin in newsroom_model_admins():
        info = (model._meta.app_label, model._meta.model_name)
        response = editor_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, info
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            response = editor_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            assert response.status_code == 200, info
            if isinstance(model_admin, SimpleHistoryAdmin):
                assert editor_client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk])).status_code == 200
        checked += 1
    assert checked >= 14
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_conflicts"),
        reverse("admin:articles_pageimport_upload"),
        reverse("admin:articles_article_changelist") + f"?page__id__exact={seed_page.pk}",
        reverse("admin:articles_article_changelist") + "?status__exact=draft&page_number=1&kind__exact=story",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "?e=1" not in response.get("Location", ""), url


def test_article_change_form_shows_blocks_source_lines_and_links_not_json(editor_client, seed_page):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    # One textarea per block, with its type select; never the body's JSON.
    assert html.count('class="nr-block-text"') >= len(article.body)
    assert 'name="body-0-type"' in html
    assert '"type": "paragraph"' not in html
    # The article's source lines beside the form, numbered.
    first_line = seed_page.raw_text.splitlines()[article.source_first_line - 1]
    assert "nr-source" in html and first_line.strip()[:6] in html
    assert reverse("admin:articles_article_preview", args=[article.pk]) in html
    # Mentions, credits and captions are inline.
    for prefix in ("credits", "person_mentions", "organization_mentions", "place_mentions", "captions"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html, prefix


def test_preview_shows_a_draft_that_readers_cannot_see(editor_client, client, seed_page):
    article = seed_page.articles.order_by("order").first()
    assert article.status == Article.Status.DRAFT
    response = editor_client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200
    assert article.headline in response.content.decode()
    assert 'name="robots" content="noindex' in response.content.decode()
    # "View on site" of a draft opens the preview; of a visible article, the public page.
    article_admin = admin.site._registry[Article]
    assert article_admin.get_view_on_site_url(article) == reverse("admin:articles_article_preview", args=[article.pk])
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    assert article_admin.get_view_on_site_url(article) == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


# ----------------------------------------------------------------------------------- list cost


@pytest.fixture
def archive(db):
    return make_archive(1000)


CHANGELIST_QUERY_LIMIT = 20


@pytest.mark.parametrize("query", [
    "",
    "?status__exact=published",
    "?page_number=3&kind__exact=story",
    "?page__issue__date__year=2023&page__issue__date__month=1",
    "?o=-2.1",
    "?p=3",
    "?q=标题5",
    "?q=记者5&status__exact=draft",
])
def test_article_changelist_of_a_thousand_articles_takes_bounded_queries(
    editor_client, archive, django_assert_max_num_queries, query
):
    reporter = Person.objects.get(name="记者1")
    url = reverse("admin:articles_article_changelist") + query
    with django_assert_max_num_queries(CHANGELIST_QUERY_LIMIT):
        response = editor_client.get(url)
    assert response.status_code == 200
    assert "?e=1" not in response.get("Location", "")
    if not query:
        assert response.context["cl"].result_count == 1000
        assert len(response.context["cl"].result_list) == 50
        # The reporters column comes from the prefetch, named as printed.
        assert reporter.name in response.content.decode()


def test_reporter_and_organization_filters_and_people_lists_stay_bounded(
    editor_client, archive, django_assert_max_num_queries
):
    person = Person.objects.get(name="记者5")
    with django_assert_max_num_queries(CHANGELIST_QUERY_LIMIT):
        response = editor_client.get(reverse("admin:articles_article_changelist") + f"?reporter={person.pk}")
    assert response.context["cl"].result_count == len([n for n in range(1000) if n % 12 == 5])
    organization = PersonMention.objects.first().article.organization_mentions.first().organization
    with django_assert_max_num_queries(CHANGELIST_QUERY_LIMIT):
        response = editor_client.get(
            reverse("admin:articles_article_changelist") + f"?organization={organization.pk}"
        )
    assert response.context["cl"].result_count == organization.mentions.count()
    for name in ("admin:people_person_changelist", "admin:people_organization_changelist",
                 "admin:articles_event_changelist", "admin:articles_page_changelist"):
        with django_assert_max_num_queries(CHANGELIST_QUERY_LIMIT):
            assert editor_client.get(reverse(name)).status_code == 200


def test_person_list_counts_articles_credited_and_mentioning(editor_client, archive):
    response = editor_client.get(reverse("admin:people_person_changelist") + "?q=记者5")
    person = next(p for p in response.context["cl"].result_list if p.name == "记者5")
    assert person.credited_total == len([n for n in range(1000) if n % 12 == 5])
    assert person.mentioned_total == len([n for n in range(1000) if (n + 1) % 12 == 5])


def test_nonsense_filter_values_give_an_empty_list_not_an_error(editor_client, archive):
    nonsense = ["abc", "-1", "²", "99999999999999999999", "0"]
    queries = [f"?{name}={value}" for name in ("reporter", "organization", "page_number") for value in nonsense]
    for query in [*queries, "?q=" + "长" * 300]:
        response = editor_client.get(reverse("admin:articles_article_changelist") + query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == 0, query
    for ids in ("²", "99999999999999999999", "1,²,x"):
        conflicts = editor_client.get(reverse("admin:articles_article_conflicts") + f"?ids={ids}")
        assert conflicts.status_code == 200, ids
    refused = editor_client.post(reverse("admin:articles_article_conflicts"), {"article": "²", "choice": "keep"})
    assert refused.status_code == 302


# ---------------------------------------------------------------------------------------- search


def search(client, term: str) -> list[Article]:
    response = client.get(reverse("admin:articles_article_changelist"), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def test_search_in_chinese_finds_body_text_and_names(editor_client, seed_page):
    index_articles(list(seed_page.articles.values_list("pk", flat=True)))
    lei_feng = search(editor_client, "雷锋")
    assert lei_feng, "雷锋 is in the seed page's text"
    assert all("雷锋" in (a.headline + a.body_text + a.kicker + a.subtitle) for a in lei_feng)
    song_li = search(editor_client, "宋力")
    assert song_li and all("宋力" in a.body_text for a in song_li)
    # A reporter's name finds their stories through the credits.
    by_reporter = search(editor_client, "姬慧洋")
    assert len(by_reporter) == seed_page.articles.count()


def test_search_finds_a_name_only_in_the_mentions(editor_client, seed_page):
    article = seed_page.articles.order_by("order").first()
    PersonMention.objects.create(article=article, person=Person.objects.create(name="欧阳测试"), titles=["主任"])
    assert search(editor_client, "欧阳测试") == [article]


# ------------------------------------------------------------------------------ editing, actions


def test_editing_a_paragraph_saves_through_the_service_and_is_recorded(editor_client, editor, seed_page):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data["body-0-text"] = "改过的第一段。"
    data["body-1-type"] = "subhead"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    assert article.body[0] == {"type": "paragraph", "text": "改过的第一段。"}
    assert article.body[1]["type"] == "subhead"
    assert article.edited_since_import
    latest = article.history.latest("history_date")
    assert latest.history_user == editor
    assert latest.history_change_reason == "edited in the admin"


def test_the_body_editor_adds_and_removes_blocks(editor_client, seed_page):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    blocks = len(article.body)
    data["body-0-text"] = "   "  # emptied: removed
    data[f"body-{blocks + 5}-type"] = "subhead"
    data[f"body-{blocks + 5}-text"] = "新的小标题"
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert len(article.body) == blocks
    assert article.body[-1] == {"type": "subhead", "text": "新的小标题"}


def test_a_forged_block_type_is_refused_with_a_message(editor_client, seed_page):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data["body-0-type"] = "<script>"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"]
    before = article.body
    article.refresh_from_db()
    assert article.body == before and not article.edited_since_import


def test_a_story_emptied_of_all_its_text_is_refused(editor_client, seed_page):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    for key in [k for k in data if k in ("kicker", "headline", "subtitle", "dateline") or k.endswith("-text")]:
        if not key.startswith(("credits", "captions", "person", "organization", "place")):
            data[key] = ""
    response = editor_client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["headline"]
    before = article.headline
    article.refresh_from_db()
    assert article.headline == before and not article.edited_since_import


def test_person_titles_are_edited_as_a_line_not_json(editor_client, seed_page):
    mention = PersonMention.objects.filter(article__page=seed_page).first()
    if mention is None:
        pytest.skip("the parser found no person mention on the seed page")
    article = mention.article
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    index = next(i for i in range(int(data["person_mentions-TOTAL_FORMS"]))
                 if str(data[f"person_mentions-{i}-id"]) == str(mention.pk))
    data[f"person_mentions-{index}-titles"] = "市委书记、市长"
    assert editor_client.post(url, data).status_code == 302
    mention.refresh_from_db()
    assert mention.titles == ["市委书记", "市长"]


def test_publishing_with_a_future_time_schedules_the_article(editor_client, seed_page):
    article = seed_page.articles.order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    later = timezone.localtime() + datetime.timedelta(days=2)
    data.update({"status": "published", "published_at_0": later.date().isoformat(), "published_at_1": "08:00:00"})
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and not article.is_visible
    assert article not in Article.objects.published()


def test_publishing_without_a_time_publishes_now(editor_client, seed_page):
    article = seed_page.articles.order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data.update({"status": "published", "published_at_0": "", "published_at_1": ""})
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.is_visible and article in Article.objects.published()


@pytest.mark.parametrize(("action", "before", "status"), [
    ("publish", Article.Status.REVIEW, Article.Status.PUBLISHED),
    ("send_to_review", Article.Status.DRAFT, Article.Status.REVIEW),
    ("unpublish", Article.Status.PUBLISHED, Article.Status.DRAFT),
])
def test_bulk_status_actions(editor_client, editor, seed_page, action, before, status):
    Article.objects.filter(page=seed_page).update(status=before, published_at=timezone.now())
    ids = list(seed_page.articles.values_list("pk", flat=True))
    response = editor_client.post(reverse("admin:articles_article_changelist"),
                                  {"action": action, "_selected_action": ids[:3]})
    assert response.status_code == 302
    assert set(Article.objects.filter(pk__in=ids[:3]).values_list("status", flat=True)) == {status}
    assert Article.objects.filter(pk__in=ids[3:]).exclude(status=status).count() == len(ids) - 3
    record = Article.objects.get(pk=ids[0]).history.latest("history_date")
    assert record.history_user == editor and record.history_change_reason == f"status: {status}"
    if status == Article.Status.PUBLISHED:
        assert all(a.is_visible for a in Article.objects.filter(pk__in=ids[:3]))


# --------------------------------------------------------------------------------------- history


def test_history_shows_who_and_what_and_restores_an_older_version(editor_client, editor, seed_page):
    article = seed_page.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    original_body = article.body
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data["body-0-text"] = "第一次修改。"
    data["headline"] = "改过的标题"
    assert editor_client.post(url, data).status_code == 302

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = history.content.decode()
    assert history.status_code == 200
    assert "editor" in html and "在后台编辑" in html  # the reason stored in English, shown in Chinese
    assert "改过的标题" in html  # the diff of the change
    assert "¶1 <ins>第一次修改</ins>。" in html  # the body's diff names the changed block, not the whole JSON
    assert '"type"' not in html and "'type'" not in html

    imported = article.history.earliest("history_date")
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, imported.history_id])
    revert_form = editor_client.get(revert_url)
    assert revert_form.status_code == 200
    assert editor_client.post(revert_url, change_form_data(revert_form)).status_code == 302
    article.refresh_from_db()
    assert article.body == original_body
    assert article.headline == imported.headline
    assert article.history.latest("history_date").history_user == editor


def test_page_import_log_lists_warnings_and_is_read_only(editor_client, seed_page):
    log = PageImport.objects.get(page=seed_page)
    log.report = {**log.report, "warnings": ["一条测试警告"]}
    log.save()
    response = editor_client.get(reverse("admin:articles_pageimport_changelist"))
    assert "一条测试警告" in response.content.decode()
    assert editor_client.post(reverse("admin:articles_pageimport_change", args=[log.pk]), {}).status_code == 403
    assert Page.objects.count() == 1
