"""Merging two persons or two organizations moves everything to the one kept, in one transaction."""


from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Event
from people.models import Credit, Organization, OrganizationAlias, OrganizationMention, Person, PersonMention
from people.services import MergeError, organization_merge, person_merge
from tests.admin_support import make_archive, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles(db):
    return make_archive(2, pages=1)


def test_person_merge_moves_credits_mentions_events_and_login(two_articles, editor):
    first, second = two_articles
    keep = Person.objects.create(name="宋力")
    duplicate = Person.objects.create(name="宋力", disambiguation="重复")
    duplicate.user = make_user("songli", group="reporter")
    duplicate.is_staff_reporter = True
    duplicate.save()
    # The same byline on `first` twice (would break the unique credit), one only the duplicate has.
    Credit.objects.create(article=first, person=keep, role=Credit.Role.REPORTER)
    Credit.objects.create(article=first, person=duplicate, role=Credit.Role.REPORTER)
    Credit.objects.create(article=second, person=duplicate, role=Credit.Role.PHOTOGRAPHER)
    PersonMention.objects.create(article=first, person=keep, titles=["主任"])
    PersonMention.objects.create(article=first, person=duplicate, titles=["主任", "书记"])
    PersonMention.objects.create(article=second, person=duplicate, titles=["委员"])
    event = Event.objects.create(name="座谈会")
    event.participants.add(duplicate)

    merged = person_merge(source=duplicate, target=keep, user=editor)

    assert merged.pk == keep.pk and not Person.objects.filter(pk=duplicate.pk).exists()
    assert sorted(merged.credits.values_list("article_id", "role")) == sorted(
        [(first.pk, "reporter"), (second.pk, "photographer")])
    assert PersonMention.objects.get(article=first, person=keep).titles == ["主任", "书记"]
    assert PersonMention.objects.get(article=second, person=keep).titles == ["委员"]
    assert list(event.participants.all()) == [keep]
    assert merged.user.username == "songli" and merged.is_staff_reporter
    assert merged.history.latest("history_date").history_user == editor


def test_organization_merge_moves_mentions_events_and_aliases(two_articles, editor):
    first, second = two_articles
    keep = Organization.objects.create(name="示范区党工委")
    duplicate = Organization.objects.create(name="党工委")
    OrganizationAlias.objects.create(organization=duplicate, name="区党工委")
    OrganizationMention.objects.create(article=first, organization=keep, forms=["示范区党工委"])
    OrganizationMention.objects.create(article=first, organization=duplicate, forms=["党工委"])
    OrganizationMention.objects.create(article=second, organization=duplicate, forms=["区党工委"])
    event = Event.objects.create(name="党建大会")
    event.organizers.add(duplicate, keep)

    merged = organization_merge(source=duplicate, target=keep, user=editor)

    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    assert set(merged.aliases.values_list("name", flat=True)) == {"党工委", "区党工委"}
    assert OrganizationMention.objects.get(article=first, organization=keep).forms == ["示范区党工委", "党工委"]
    assert OrganizationMention.objects.get(article=second, organization=keep).forms == ["区党工委"]
    assert list(event.organizers.all()) == [keep]


def test_merging_a_record_into_itself_is_refused_and_changes_nothing(db):
    person = Person.objects.create(name="王名扬")
    with pytest.raises(MergeError):
        person_merge(source=person, target=person)
    organization = Organization.objects.create(name="示范区")
    with pytest.raises(MergeError):
        organization_merge(source=organization, target=organization)
    assert Person.objects.filter(pk=person.pk).exists() and Organization.objects.filter(pk=organization.pk).exists()


def test_the_admin_merge_asks_which_to_keep_then_merges(editor_client, two_articles):
    first, _ = two_articles
    keep = Person.objects.create(name="姬慧洋")
    duplicate = Person.objects.create(name="姬慧洋", disambiguation="旧")
    Credit.objects.create(article=first, person=duplicate, role=Credit.Role.REPORTER)
    changelist = reverse("admin:people_person_changelist")
    selection = {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}

    confirm = editor_client.post(changelist, selection)
    assert confirm.status_code == 200
    assert {r["obj"].pk for r in confirm.context["records"]} == {keep.pk, duplicate.pk}
    assert Person.objects.filter(pk=duplicate.pk).exists()  # nothing happens before the confirmation

    response = editor_client.post(changelist, {**selection, "confirm": "1", "keep": keep.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_person_change", args=[keep.pk])
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Credit.objects.filter(article=first, person=keep, role=Credit.Role.REPORTER).exists()


def test_the_admin_merge_needs_exactly_two(editor_client, db):
    people = [Person.objects.create(name=f"人{n}") for n in range(3)]
    editor_client.post(reverse("admin:people_person_changelist"),
                       {"action": "merge", "_selected_action": [p.pk for p in people], "confirm": "1",
                        "keep": people[0].pk})
    assert Person.objects.count() == 3


def test_the_admin_merges_organizations_too(editor_client, db):
    keep = Organization.objects.create(name="示范区管委会")
    duplicate = Organization.objects.create(name="管委会")
    response = editor_client.post(reverse("admin:people_organization_changelist"), {
        "action": "merge", "_selected_action": [keep.pk, duplicate.pk], "confirm": "1", "keep": keep.pk})
    assert response.status_code == 302
    assert list(keep.aliases.values_list("name", flat=True)) == ["管委会"]


def test_marking_staff_reporters(editor_client, editor, db):
    person = Person.objects.create(name="罗阳阳")
    editor_client.post(reverse("admin:people_person_changelist"),
                       {"action": "mark_staff_reporter", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.is_staff_reporter
    assert person.history.latest("history_date").history_user == editor
    response = editor_client.get(reverse("admin:people_person_changelist") + "?is_staff_reporter__exact=1")
    assert [p.pk for p in response.context["cl"].result_list] == [person.pk]


def test_restoring_a_person_from_history(editor_client, db):
    person = Person.objects.create(name="闫文博", bio="摄影记者")
    person.bio = "改错了"
    person.save()
    original = person.history.earliest("history_date")
    url = reverse("admin:people_person_simple_history", args=[person.pk, original.history_id])
    form = editor_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "is_staff_reporter"}
    assert editor_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.bio == "摄影记者"
