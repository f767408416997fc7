"""People services: the persons, organizations and places of parsed pages, and merging two
records of one person (or one organization) into one.

`entities_resolve()` gives the page writer (articles.services) the row of every name a parse
names, creating the missing ones; it writes inside the import's transaction and nowhere else.

An editor who finds "宋力" twice (two spellings of one body, or a parse that split a person)
merges the duplicate (`source`) into the record to keep (`target`): every credit, mention,
event link and alias moves over, in one transaction, and the source is deleted. The unique
constraints (one byline credit per article, person and role; one mention per article and
person/organization) are kept by folding duplicates into the target's row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction

from articles.models import Event
from articles.parsing.model import ParsedArticle, PlaceKind
from articles.search import index_articles
from articles.services.representations import (
    organization_article_ids,
    person_article_ids,
    representations_rebuild,
)
from newsroom.history import MERGED_INTO, MERGED_INTO_EVENT, MERGED_ORGANIZATION, MERGED_PERSON
from newsroom.i18n import MessageError, gettext_noop
from people.models import (
    Credit,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonMention,
    Place,
)

# The longest name each table holds: a longer "name" is a misreading, not stored.
_PERSON_NAME_MAX = 50
_PLACE_NAME_MAX = 100
_ORGANIZATION_NAME_MAX = 100

_Named = TypeVar("_Named", Person, Place)  # the tables whose rows a name finds


# ---------------------------------------------------------------------------- names of a parse


@dataclass
class ResolvedEntities:
    """Name → row maps for every person, organization and place of some parsed articles, and how
    many of each were new."""

    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)  # any form → organization
    places: dict[str, Place] = field(default_factory=dict)
    new_people: int = 0
    new_organizations: int = 0
    new_places: int = 0


def entities_resolve(*, articles: Iterable[ParsedArticle]) -> ResolvedEntities:
    """The rows of the people (bylines, photo credits, mentions, event participants), organizations
    and places (mentions, event locations) the articles name, creating the missing ones in bulk.

    Queries are per call, never per name: look-ups go by `name__in` over indexed columns. A place
    gets the kind the parser read from its name. Call it inside the writer's transaction."""
    person_names: set[str] = set()
    org_forms: list[tuple[str, ...]] = []
    place_kinds: dict[str, PlaceKind] = {}
    for parsed in articles:
        person_names.update(c.name for c in parsed.credits)
        person_names.update(name for caption in parsed.captions for name in caption.photographers)
        person_names.update(p.name for p in parsed.entities.people)
        person_names.update(n for e in parsed.entities.events for n in e.participants)
        org_forms += [(o.name, *o.aliases) for o in parsed.entities.organizations]
        for place in parsed.entities.places:
            place_kinds.setdefault(place.name, place.kind)
        for event in parsed.entities.events:
            if event.location:  # an event's location is a place by the same reading of its name
                place_kinds.setdefault(event.location, PlaceKind.of(event.location))

    result = ResolvedEntities()
    result.people, result.new_people = _get_or_create_named(
        Person, {n for n in person_names if len(n) <= _PERSON_NAME_MAX}
    )
    result.places, result.new_places = _get_or_create_named(
        Place, {n for n in place_kinds if len(n) <= _PLACE_NAME_MAX},
        defaults=lambda name: {"kind": Place.Kind(place_kinds[name].value)},
    )
    result.organizations, result.new_organizations = _resolve_organizations(org_forms)
    return result


def _get_or_create_named(
    model: type[_Named], names: set[str], defaults: Callable[[str], dict[str, Any]] | None = None
) -> tuple[dict[str, _Named], int]:
    """Rows of `model` by name (the namesake without disambiguation first), creating the missing."""
    if not names:
        return {}, 0
    rows = _by_name(model, names)
    missing = sorted(names - rows.keys())
    if missing:
        model._default_manager.bulk_create(
            [model(name=name, **(defaults(name) if defaults else {})) for name in missing], ignore_conflicts=True
        )
        rows = _by_name(model, names)
    return rows, len(missing)


def _by_name(model: type[_Named], names: set[str]) -> dict[str, _Named]:
    rows: dict[str, _Named] = {}
    for row in model._default_manager.filter(name__in=names).order_by("name", "disambiguation", "pk"):
        rows.setdefault(row.name, row)
    return rows


def _resolve_organizations(forms_list: list[tuple[str, ...]]) -> tuple[dict[str, Organization], int]:
    """Every form (canonical name or alias) → its organization; a new name makes a new one.

    The forms one mention gives (the name and its aliases) all go to one organization; forms
    not yet known become aliases of it, unless another organization already owns them."""
    forms_list = [tuple(f[:_ORGANIZATION_NAME_MAX] for f in forms if f) for forms in forms_list if forms and forms[0]]
    if not forms_list:
        return {}, 0
    all_forms = {f for forms in forms_list for f in forms}

    def known() -> dict[str, Organization]:
        out: dict[str, Organization] = {}
        for org in Organization.objects.filter(name__in=all_forms).order_by("disambiguation", "pk"):
            out.setdefault(org.name, org)
        for alias in OrganizationAlias.objects.filter(name__in=all_forms).select_related("organization"):
            out.setdefault(alias.name, alias.organization)
        return out

    by_form = known()
    new_names: list[str] = []
    for forms in forms_list:
        if not any(f in by_form for f in forms) and forms[0] not in new_names:
            new_names.append(forms[0])
    if new_names:
        Organization.objects.bulk_create([Organization(name=n) for n in new_names], ignore_conflicts=True)
        by_form = known()
    aliases = []
    claimed: set[str] = set()
    for forms in forms_list:
        owner = next(by_form[f] for f in forms if f in by_form)
        for form in forms:
            if form not in by_form and form not in claimed:
                claimed.add(form)
                aliases.append(OrganizationAlias(organization=owner, name=form))
    if aliases:
        OrganizationAlias.objects.bulk_create(aliases, ignore_conflicts=True)
        by_form = known()
    return by_form, len(new_names)


# ------------------------------------------------------------------------------------- merging


class MergeError(MessageError, ValueError):
    """The two records cannot be merged (the same record twice, for one); `str()` English,
    `translated()` in the reader's language."""


def _merged_list(first: list, second: list) -> list:
    """`first` then the items of `second` not already in it, in order."""
    return [*first, *(item for item in second if item not in first)]


def _stamp(instance, *, user, reason: str) -> None:
    """History of the next save/delete records who did it and why."""
    instance._change_reason = reason
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user


def _move_mentions(model, owner: str, list_field: str, *, source, target) -> None:
    """Re-point `source`'s mentions to `target`; where an article mentions both, fold the source's
    list (titles, forms) into the target's row, since the pair (article, owner) is unique."""
    target_mentions = {m.article_id: m for m in model.objects.filter(**{owner: target})}
    folded = []
    for mention in model.objects.filter(**{owner: source}):
        kept = target_mentions.get(mention.article_id)
        if kept is None:
            continue
        setattr(kept, list_field, _merged_list(list(getattr(kept, list_field) or []),
                                               list(getattr(mention, list_field) or [])))
        kept.save(update_fields=[list_field])
        folded.append(mention.pk)
    model.objects.filter(pk__in=folded).delete()
    model.objects.filter(**{owner: source}).update(**{owner: target})


def _move_event_links(relation: str, *, source, target, user) -> None:
    """Through the relation manager, so the events' history records the change."""
    for event in Event.objects.filter(**{relation: source}):
        _stamp(event, user=user, reason=MERGED_INTO_EVENT.stored(source=source, target=target))
        getattr(event, relation).add(target)
        getattr(event, relation).remove(source)


@transaction.atomic
def person_merge(*, source: Person, target: Person, user=None) -> Person:
    """Merge `source` into `target` and delete `source`; returns the refreshed target."""
    if source.pk == target.pk:
        raise MergeError(gettext_noop("a person cannot be merged into itself"))
    # Lock both rows: two editors merging the same pair at once must not interleave.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    if len(locked) != 2:
        raise MergeError(gettext_noop("one of the persons no longer exists"))
    source, target = locked[source.pk], locked[target.pk]
    # what shows either name now (the source's articles lose its name, its pictures their credit)
    shown = person_article_ids(person_ids=[source.pk, target.pk])

    # Credits: where the target already has the same credit (same article/caption and role), the
    # source's copy is a duplicate; every other credit moves.
    target_credits = set(Credit.objects.filter(person=target).values_list("article_id", "caption_id", "role"))
    duplicates: list[int] = []
    moving: list[int] = []
    for pk, article_id, caption_id, role in Credit.objects.filter(person=source).values_list(
        "pk", "article_id", "caption_id", "role"
    ):
        (duplicates if (article_id, caption_id, role) in target_credits else moving).append(pk)
    Credit.objects.filter(pk__in=duplicates).delete()
    Credit.objects.filter(pk__in=moving).update(person=target)

    # Mentions: one per article and person; where both are mentioned, the titles are merged.
    _move_mentions(PersonMention, "person", "titles", source=source, target=target)
    _move_event_links("participants", source=source, target=target, user=user)

    # The login and the staff flag follow the person; the target's own text wins over the source's.
    account = source.user_id
    if account and not target.user_id:
        source.user = None
        source.save(update_fields=["user"])
        target.user_id = account
    target.is_staff_reporter = target.is_staff_reporter or source.is_staff_reporter
    target.bio = target.bio or source.bio
    _stamp(target, user=user, reason=MERGED_PERSON.stored(source=source, id=source.pk))
    target.save()
    _stamp(source, user=user, reason=MERGED_INTO.stored(target=target, id=target.pk))
    source.delete()
    target.refresh_from_db()
    # Names are part of the search index: the moved articles now carry the target's name.
    index_articles({*Credit.objects.filter(person=target).values_list("article_id", flat=True),
                    *PersonMention.objects.filter(person=target).values_list("article_id", flat=True)})
    representations_rebuild(article_ids=shown)
    return target


@transaction.atomic
def organization_merge(*, source: Organization, target: Organization, user=None) -> Organization:
    """Merge `source` into `target` and delete `source`; the source's name and aliases become the
    target's aliases. Returns the refreshed target."""
    if source.pk == target.pk:
        raise MergeError(gettext_noop("an organization cannot be merged into itself"))
    locked = {
        o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    if len(locked) != 2:
        raise MergeError(gettext_noop("one of the organizations no longer exists"))
    source, target = locked[source.pk], locked[target.pk]
    shown = organization_article_ids(organization_ids=[source.pk, target.pk])

    # Mentions: one per article and organization; where both are mentioned, the forms are merged.
    _move_mentions(OrganizationMention, "organization", "forms", source=source, target=target)
    _move_event_links("organizers", source=source, target=target, user=user)

    # Aliases: the source's move (alias names are unique, so they can simply be re-pointed), and
    # the source's own name becomes one, unless it is the target's name already.
    OrganizationAlias.objects.filter(organization=source).exclude(name=target.name).update(organization=target)
    OrganizationAlias.objects.filter(organization=source).delete()  # an alias equal to the target's name
    if source.name != target.name:
        OrganizationAlias.objects.update_or_create(name=source.name, defaults={"organization": target})

    _stamp(target, user=user, reason=MERGED_ORGANIZATION.stored(source=source, id=source.pk))
    target.save()
    _stamp(source, user=user, reason=MERGED_INTO.stored(target=target, id=target.pk))
    source.delete()
    target.refresh_from_db()
    index_articles(OrganizationMention.objects.filter(organization=target).values_list("article_id", flat=True))
    representations_rebuild(article_ids=shown)
    return target


__all__ = ["MergeError", "ResolvedEntities", "entities_resolve", "organization_merge", "person_merge"]
