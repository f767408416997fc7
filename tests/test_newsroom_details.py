"""The newsroom's own details (issue #24): a page imported once, print dates as publish dates,
the paper's identity and sections, photo stories' titles, status on upload, the reporter filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Credit, Person
from tests.test_admin_import import upload

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------- 7. status on upload


@pytest.mark.parametrize("configured", ["draft", "review", "published"])
def test_the_upload_form_offers_every_status_and_starts_at_the_configured_one(editor_client, settings, configured):
    settings.NEWSROOM_IMPORT_STATUS = configured
    form = editor_client.get(reverse("admin:articles_pageimport_upload")).context["form"]
    assert form["status"].value() == configured
    assert [value for value, _ in form.fields["status"].choices] == Article.Status.values


def test_the_status_chosen_on_upload_is_the_new_articles(editor_client, seed_text, settings):
    settings.NEWSROOM_IMPORT_STATUS = "published"
    response = upload(editor_client, [("seed.txt", seed_text.encode("utf-8"))], page_number=1, status="review")
    editor_client.post(reverse("admin:articles_pageimport_confirm"), {"token": response.context["token"]})
    assert set(Article.objects.values_list("status", flat=True)) == {"review"}


# ------------------------------------------------------------------- 8. the reporter filter


def test_the_reporter_filter_lists_everyone_credited_photographers_too(editor_client, seed_page):
    credited = set(Credit.objects.values_list("person__name", flat=True))
    photographers = set(Credit.objects.filter(role=Credit.Role.PHOTOGRAPHER).values_list("person__name", flat=True))
    assert photographers, "the seed page credits a photographer (摄)"
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    spec = next(f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "reporter")
    listed = {name for _, name in spec.lookup_choices}
    assert credited <= listed
    photographer = Person.objects.get(name=sorted(photographers)[0])
    response = editor_client.get(reverse("admin:articles_article_changelist") + f"?reporter={photographer.pk}")
    assert response.context["cl"].result_count == photographer.credits.values("article").distinct().count()
