"""A person's changes to articles (the admin's forms and actions, the API): saving an edit without
undoing a newer one, publishing and unpublishing, closing an import conflict.

Every change is saved in one transaction, marks the article edited (a re-import keeps it),
records who made it in its history and re-indexes it for search."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from articles.models import Article
from articles.search import index_articles
from articles.services.representations import representations_rebuild
from newsroom.history import CONFLICT_RESOLVED, EDITED, STATUS
from newsroom.i18n import Message, MessageError, gettext_noop

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class ArticleVersion:
    """The version of an article a form was opened at: its `updated_at` (which every save moves)
    decides whether a newer change came in; the newest history record then names that change."""

    updated_at: datetime.datetime
    history_id: int | None = None

    def token(self) -> str:
        return f"{self.updated_at.isoformat()}|{self.history_id or ''}"

    @classmethod
    def from_token(cls, token: str) -> ArticleVersion | None:
        """The version a form carried back; None for a token no form of ours wrote."""
        stamp, _, history_id = token.partition("|")
        try:
            updated_at = datetime.datetime.fromisoformat(stamp)
        except ValueError:
            return None
        if timezone.is_naive(updated_at) or (history_id and not history_id.isdigit()):
            return None
        return cls(updated_at=updated_at, history_id=int(history_id) if history_id else None)


class ArticleChangedError(MessageError):
    """A save over a change made after the form was opened: refused, nothing saved. `str()` says
    what changed, when and by whom (in English; `translated()` in the reader's language)."""


_DELETED = gettext_noop("The article was deleted since you opened it; your changes were not saved.")
# when and by whom, with or without what changed: one sentence each, for the translation's word order
_CHANGED_AT = {
    (False, False): gettext_noop("at %(when)s"),
    (True, False): gettext_noop("at %(when)s by %(who)s"),
    (False, True): gettext_noop("at %(when)s: %(changes)s"),
    (True, True): gettext_noop("at %(when)s by %(who)s: %(changes)s"),
}


#: what a person's edit neither sets nor is compared by: the bookkeeping of saves and imports
_BOOKKEEPING_FIELDS = frozenset({"id", "created_at", "updated_at", "edited_since_import"})


def article_version(*, article_id: int) -> ArticleVersion:
    """The version of the stored article now, for a form to carry (see `article_save_edit`)."""
    updated_at = Article.objects.filter(pk=article_id).values_list("updated_at", flat=True).get()
    history_id = (Article.history.filter(id=article_id).order_by("-history_id")
                  .values_list("history_id", flat=True).first())
    return ArticleVersion(updated_at=updated_at, history_id=history_id)


def article_newer_change(*, article_id: int, opened: ArticleVersion) -> Message | None:
    """What changed in the article since the version `opened` (None: nothing; it is that version),
    in one sentence for the person whose save it refuses (`str()` English, `translated()` theirs)."""
    current = Article.objects.filter(pk=article_id).first()
    if current is None:
        return Message(_DELETED)
    if current.updated_at == opened.updated_at:
        return None
    history = Article.history.filter(id=article_id)
    newer = list(history.filter(history_id__gt=opened.history_id or 0).select_related("history_user")
                 .order_by("history_id"))
    base = history.filter(history_id=opened.history_id).first() if opened.history_id else None
    changes = []
    if base is not None:
        for model_field in Article._meta.concrete_fields:
            if model_field.name in _BOOKKEEPING_FIELDS:
                continue
            old, new = getattr(base, model_field.attname), getattr(current, model_field.attname)
            if old != new:
                changes.append(_describe_change(model_field, old, new))
    who = list(dict.fromkeys(r.history_user.get_username() for r in newer if r.history_user is not None))
    when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    at = Message(_CHANGED_AT[bool(who), bool(changes)],
                 {"when": when, "who": Message.joined(who, gettext_noop(", ")), "changes": Message.joined(changes)})
    return Message(gettext_noop("This article was changed since you opened it (%(at)s). Your changes were not "
                                "saved: open the article again to see the newer version, then make your changes "
                                "again."), {"at": at})


def _describe_change(model_field: Field, old: Any, new: Any) -> Message:
    """"status: published → draft" (a choice by its label); long values (the body) by name only."""
    def shown(value: Any) -> Any:
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
        if model_field.choices:
            return dict(model_field.flatchoices).get(value, value)
        return str(value)

    old_text, new_text = shown(old), shown(new)
    if isinstance(old, (list, dict)) or len(str(old_text)) + len(str(new_text)) > 80:
        return Message(gettext_noop("%(field)s changed"), {"field": model_field.verbose_name})
    return Message(gettext_noop("%(field)s: %(old)s → %(new)s"),
                   {"field": model_field.verbose_name, "old": old_text, "new": new_text})


def _edited_fields(article: Article, stored: Article) -> list[str]:
    return [
        model_field.name for model_field in Article._meta.concrete_fields
        if model_field.name not in _BOOKKEEPING_FIELDS
        and model_field.value_from_object(article) != model_field.value_from_object(stored)
    ]


def article_save_edit(*, article: Article, user: User | None = None, reason: str = EDITED.stored(),
                      opened: ArticleVersion | None = None) -> Article:
    """Save a person's change to an article (admin form, API): it is marked edited, so a
    re-import keeps it, and its history records who changed it.

    `opened` is the version the person's form was opened at: a change saved since then is not
    overwritten (ArticleChangedError says what it was). A save that changes nothing writes
    nothing: no history record, no new version."""
    with transaction.atomic():
        # The row is locked until the transaction ends: no other save slips in between the
        # comparison and the write.
        # (no ordering: the default one joins the issue, which PostgreSQL cannot lock)
        stored = Article.objects.select_for_update().filter(pk=article.pk).order_by().first()
        if stored is None:
            raise ArticleChangedError(_DELETED)
        if opened is not None and stored.updated_at != opened.updated_at:
            raise ArticleChangedError(article_newer_change(article_id=article.pk, opened=opened)
                                      or Message(_DELETED))
        if not _edited_fields(article, stored):
            article.updated_at = stored.updated_at
            article.edited_since_import = stored.edited_since_import
            return article
        article.edited_since_import = True
        article._change_reason = reason
        if user is not None and getattr(user, "is_authenticated", False):
            article._history_user = user
        article.full_clean(exclude=["slug"])
        article.save()
        index_articles([article.pk])
        representations_rebuild(article_ids=[article.pk])
    return article


def article_set_status(*, articles: Iterable[Article], status: str, user: User | None = None,
                       publish_at: datetime.datetime | None = None) -> int:
    """Publish, unpublish (back to draft) or send to review; returns how many changed.

    Publishing sets the publish time to `publish_at` where it is given (so a published article is
    rescheduled); otherwise it keeps a time already set (a scheduled article stays scheduled) or
    sets it to now. `publish_at` is for publishing only."""
    if status not in Article.Status.values:
        raise ValueError(f"unknown status {status!r}")
    if publish_at is not None and status != Article.Status.PUBLISHED:
        raise ValueError("a publish time is given only to publish")
    changed_ids: list[int] = []
    now = timezone.now()
    with transaction.atomic():
        for article in articles:
            published_at = (publish_at or article.published_at or now) if status == Article.Status.PUBLISHED \
                else article.published_at
            if article.status == status and article.published_at == published_at:
                continue
            article.status = status
            article.published_at = published_at
            article._change_reason = STATUS.stored(status=status)
            if user is not None and getattr(user, "is_authenticated", False):
                article._history_user = user
            article.save(update_fields=["status", "published_at", "updated_at"])
            changed_ids.append(article.pk)
        index_articles(changed_ids)
        representations_rebuild(article_ids=changed_ids)
    return len(changed_ids)


def article_resolve_conflict(*, article: Article, accept_new_parse: bool, user: User | None = None) -> Article:
    """Close an import conflict: keep the edited text, or take the parse kept beside it."""
    with transaction.atomic():
        pending = article.pending_parse or {}
        if accept_new_parse and pending and not pending.get("removed"):
            article.kicker = pending.get("kicker") or ""
            article.headline = pending.get("headline") or ""
            article.subtitle = pending.get("subtitle") or ""
            article.dateline = pending.get("dateline") or ""
            article.body = pending.get("blocks") or []
            article.edited_since_import = False
        article.has_import_conflict = False
        article.pending_parse = None
        article._change_reason = CONFLICT_RESOLVED.stored()
        article.save()
        index_articles([article.pk])
        representations_rebuild(article_ids=[article.pk])
    return article
