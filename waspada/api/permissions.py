from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from waspada.regions import access


class ScopedAccess(BasePermission):
    """Authenticated users with at least one role; read-only roles cannot write.

    Object scope is enforced by the viewsets' ``get_queryset`` (``visible_to``), so an
    out-of-scope object is simply not found.
    """

    message = "Peran Anda tidak berwenang untuk tindakan ini."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return access.can_write(user)
