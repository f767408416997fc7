"""Who may do what through the API: readers read published content; editors write."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITOR_GROUP = "editor"


def can_see_drafts(user) -> bool:
    """Staff (or anyone allowed to view articles in the admin) see drafts and scheduled articles."""
    return bool(user and user.is_authenticated and (user.is_staff or user.has_perm("articles.view_article")))


def is_editor(user, permission: str) -> bool:
    """A member of the editor group, or a user holding `permission` (superusers hold every one)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm(permission) or user.groups.filter(name=EDITOR_GROUP).exists()


class ReadOnlyOrEditor(BasePermission):
    """Anyone may read; writing takes an editor (the view names the permission: `editor_permission`)."""

    message = "Only editors may change content."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return is_editor(request.user, getattr(view, "editor_permission", "articles.publish_article"))


class IsEditor(ReadOnlyOrEditor):
    """Editors only, for reading as well (the import endpoint)."""

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user, getattr(view, "editor_permission", "articles.add_page"))
