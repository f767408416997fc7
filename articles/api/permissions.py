"""Who may do what through the API: readers read published content; editors write.

The roles themselves (who is an editor, who sees which unpublished article) are articles.roles',
the same answer the admin and the site get."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from articles import roles


class ReadOnlyOrEditor(BasePermission):
    """Anyone may read; writing takes an editor (the view names the permission: `editor_permission`)."""

    message = "Only editors may change content."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return roles.editor_may(request.user, getattr(view, "editor_permission", roles.PUBLISH_PERMISSION))


class IsEditor(ReadOnlyOrEditor):
    """Editors only, for reading as well (the import endpoint)."""

    def has_permission(self, request, view) -> bool:
        return roles.editor_may(request.user, getattr(view, "editor_permission", "articles.add_page"))
