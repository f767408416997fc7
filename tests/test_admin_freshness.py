"""Edits in the admin's lists of what articles show, outside the article form (a page's name, an
issue's date, the paper, a caption, a credit, a mention, an alias, a deleted person or event): the
stored representations of the articles concerned are dropped in the same request, so the API
builds them afresh — never stale — until they are stored again."""

from __future__ import annotations

import pytest
from django.contrib import admin

from articles.models import Article, ArticleRepresentation, Caption, Event, Issue, Page, Publication
from articles.services.representations import representations_rebuild
from people.models import Credit, Organization, OrganizationAlias, OrganizationMention, Person, PersonMention

pytestmark = pytest.mark.usefixtures("fresh_throttle_counters")


def stored_ids() -> set[int]:
    return set(ArticleRepresentation.objects.values_list("pk", flat=True))


def all_stored() -> None:
    representations_rebuild(article_ids=Article.objects.values_list("pk", flat=True))


@pytest.fixture
def request_by(rf, editor):
    request = rf.post("/")
    request.user = editor
    return request


def model_admin(model):
    return admin.site._registry[model]


def test_a_renamed_page_is_served_with_its_new_name(seed, api, request_by):
    page = Page.objects.get(pk=seed.page_id)
    on_page = set(page.articles.values_list("pk", flat=True))
    all_stored()
    page.name = "要闻"
    model_admin(Page).save_model(request_by, page, None, True)
    assert not stored_ids() & on_page
    article = api.get(f"/api/v1/articles/{min(on_page)}/").json()
    assert article["print_position"]["page_name"] == "要闻"


@pytest.mark.parametrize("model", [Issue, Publication])
def test_an_issue_or_paper_edited_drops_its_articles(seed, request_by, model):
    all_stored()
    record = model.objects.get()
    model_admin(model).save_model(request_by, record, None, True)
    assert stored_ids() == set()


def test_a_caption_or_credit_edited_or_deleted_drops_its_article(seed, request_by):
    caption = Caption.objects.select_related("article").first()
    credit = Credit.objects.exclude(article_id=caption.article_id).first()
    all_stored()
    model_admin(Caption).delete_model(request_by, caption)
    assert caption.article_id not in stored_ids()
    others = stored_ids()
    model_admin(Credit).save_model(request_by, credit, None, True)
    assert stored_ids() == others - {credit.article_id}


def test_a_mention_or_alias_deleted_drops_the_articles_showing_it(seed, request_by):
    article = Article.objects.order_by("pk").first()
    person = Person.objects.create(name="新名字")
    mention = PersonMention.objects.create(article=article, person=person, titles=[])
    organization = Organization.objects.create(name="某机构")
    OrganizationMention.objects.create(article=article, organization=organization, forms=["某机构"])
    alias = OrganizationAlias.objects.create(organization=organization, name="某简称")
    all_stored()
    model_admin(PersonMention).delete_queryset(request_by, PersonMention.objects.filter(pk=mention.pk))
    assert article.pk not in stored_ids()
    all_stored()
    model_admin(OrganizationAlias).delete_model(request_by, alias)
    assert article.pk not in stored_ids()


def test_a_deleted_person_or_event_drops_the_articles_that_showed_them(seed, request_by):
    article = Article.objects.order_by("pk").first()
    person = Person.objects.create(name="将被删除")
    PersonMention.objects.create(article=article, person=person, titles=[])
    event = Event.objects.create(name="将被删除的活动")
    event.articles.add(article)
    all_stored()
    model_admin(Person).delete_model(request_by, person)
    assert article.pk not in stored_ids()
    all_stored()
    model_admin(Event).delete_queryset(request_by, Event.objects.filter(pk=event.pk))
    assert article.pk not in stored_ids()
    assert len(stored_ids()) == Article.objects.count() - 1
