"""The newsroom's roles: who is an editor, who a reporter, who may see or change which article.

One definition, asked by every surface — the admin (lists, forms, preview), the API (querysets,
the status filter, permissions, what may be cached for everyone) and the site — so that they
cannot disagree about an unpublished article.

- An **editor** is an active staff account holding `articles.publish_article` (the `editor`
  group grants it; a superuser holds every permission). Editors see and change every article.
- A **reporter** is an active staff account that may look at articles in the admin
  (`articles.view_article` or `articles.change_article`, which the `reporter` group grants) and is
  not an editor. A reporter owns the articles credited to the person linked to their login
  (`Person.user`), and sees and changes only their own drafts besides what readers see: not
  others' drafts, nothing in review, nothing scheduled.
- Everyone else — anonymous, a reader's account, a staff account with no newsroom permission —
  sees what readers see: published articles whose publish time has come.

Both roles need `is_staff`: it is what lets an account into the admin, and a role that worked
through an API token but not in the admin would make the two surfaces disagree."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from articles.models import Article, ArticleQuerySet, readers_see
from people.models import Credit

PUBLISH_PERMISSION = "articles.publish_article"
#: Either lets an account look at articles in the admin (Django's has_view_permission reads both).
LOOK_PERMISSIONS = ("articles.view_article", "articles.change_article")


def _staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def is_editor(user) -> bool:
    """May publish, import, merge, and see and change every article."""
    return _staff(user) and user.has_perm(PUBLISH_PERMISSION)


def is_reporter(user) -> bool:
    """May see and change their own drafts, nothing else unpublished."""
    return _staff(user) and not is_editor(user) and any(user.has_perm(p) for p in LOOK_PERMISSIONS)


def editor_may(user, permission: str) -> bool:
    """An editor holding `permission` as well (importing pages takes `articles.add_page`)."""
    return is_editor(user) and user.has_perm(permission)


def sees_unpublished(user) -> bool:
    """Whether any unpublished article may be shown to `user`: their responses are their own and
    never shared with readers through a cache."""
    return is_editor(user) or is_reporter(user)


def _credited_to(user) -> Exists:
    return Exists(Credit.objects.filter(article=OuterRef("pk"), person__user=user))


def _own_drafts(user) -> Q:
    return Q(_credited_to(user), status=Article.Status.DRAFT)


def owns(user, article: Article) -> bool:
    """`article` credits (in its byline or a caption) the person linked to `user`'s login."""
    if not _staff(user):
        return False
    return Credit.objects.filter(article=article.pk, person__user=user).exists()


def can_edit(user, article: Article) -> bool:
    """Editors change any article; a reporter changes an article only while it is their own draft."""
    if is_editor(user):
        return True
    return is_reporter(user) and article.status == Article.Status.DRAFT and owns(user, article)


def can_see(user, article: Article) -> bool:
    """What readers see, and any article the user may change (for an unpublished article the two
    answers are the same: nobody sees an unpublished article they may not change)."""
    return article.is_visible or can_edit(user, article)


def visible_articles(user, queryset: ArticleQuerySet | None = None) -> ArticleQuerySet:
    """The rows of `queryset` (every article by default) `user` may see: `can_see()` as a filter.

    Readers get `published()` itself and editors the queryset untouched: the search recognises
    both (ArticleQuerySet.scope) and answers them from its index alone."""
    articles = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return articles
    if is_reporter(user):
        return articles.filter(readers_see() | _own_drafts(user))
    return articles.published()


def editable_articles(user, queryset: ArticleQuerySet | None = None) -> ArticleQuerySet:
    """The rows of `queryset` `user` may change: `can_edit()` as a filter (the admin's list)."""
    articles = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return articles
    if is_reporter(user):
        return articles.filter(_own_drafts(user))
    return articles.none()
