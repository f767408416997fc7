"""People services: merging two records of one person (or one organization) into one.

An editor who finds "宋力" twice (two spellings of one body, or a parse that split a person)
merges the duplicate (`source`) into the record to keep (`target`): every credit, mention,
event link and alias moves over, in one transaction, and the source is deleted. The unique
constraints (one byline credit per article, person and role; one mention per article and
person/organization) are kept by folding duplicates into the target's row."""

from __future__ import annotations

from django.db import transaction

from articles.models import Event
from articles.search import index_articles
from people.models import Credit, Organization, OrganizationAlias, OrganizationMention, Person, PersonMention


class MergeError(ValueError):
    """The two records cannot be merged (the same record twice, for one)."""


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
        _stamp(event, user=user, reason=f"merged {source} into {target}")
        getattr(event, relation).add(target)
        getattr(event, relation).remove(source)


@transaction.atomic
def person_merge(*, source: Person, target: Person, user=None) -> Person:
    """Merge `source` into `target` and delete `source`; returns the refreshed target."""
    if source.pk == target.pk:
        raise MergeError("a person cannot be merged into itself")
    # Lock both rows: two editors merging the same pair at once must not interleave.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    if len(locked) != 2:
        raise MergeError("one of the persons no longer exists")
    source, target = locked[source.pk], locked[target.pk]

    # Credits: where the target already has the same credit (same article/caption and role), the
    # source's copy is a duplicate; every other credit moves.
    target_credits = set(Credit.objects.filter(person=target).values_list("article_id", "caption_id", "role"))
    duplicates, moving = [], []
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
    _stamp(target, user=user, reason=f"merged person {source} (#{source.pk}) into it")
    target.save()
    _stamp(source, user=user, reason=f"merged into {target} (#{target.pk})")
    source.delete()
    target.refresh_from_db()
    # Names are part of the search index: the moved articles now carry the target's name.
    index_articles({*Credit.objects.filter(person=target).values_list("article_id", flat=True),
                    *PersonMention.objects.filter(person=target).values_list("article_id", flat=True)})
    return target


@transaction.atomic
def organization_merge(*, source: Organization, target: Organization, user=None) -> Organization:
    """Merge `source` into `target` and delete `source`; the source's name and aliases become the
    target's aliases. Returns the refreshed target."""
    if source.pk == target.pk:
        raise MergeError("an organization cannot be merged into itself")
    locked = {
        o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    if len(locked) != 2:
        raise MergeError("one of the organizations no longer exists")
    source, target = locked[source.pk], locked[target.pk]

    # Mentions: one per article and organization; where both are mentioned, the forms are merged.
    _move_mentions(OrganizationMention, "organization", "forms", source=source, target=target)
    _move_event_links("organizers", source=source, target=target, user=user)

    # Aliases: the source's move (alias names are unique, so they can simply be re-pointed), and
    # the source's own name becomes one, unless it is the target's name already.
    OrganizationAlias.objects.filter(organization=source).exclude(name=target.name).update(organization=target)
    OrganizationAlias.objects.filter(organization=source).delete()  # an alias equal to the target's name
    if source.name != target.name:
        OrganizationAlias.objects.update_or_create(name=source.name, defaults={"organization": target})

    _stamp(target, user=user, reason=f"merged organization {source} (#{source.pk}) into it")
    target.save()
    _stamp(source, user=user, reason=f"merged into {target} (#{target.pk})")
    source.delete()
    target.refresh_from_db()
    index_articles(OrganizationMention.objects.filter(organization=target).values_list("article_id", flat=True))
    return target


__all__ = ["MergeError", "organization_merge", "person_merge"]
