from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from waspada.accounts.mfa import has_totp, mfa_required
from waspada.api.schema import MFA_REQUIRED
from waspada.regions import access


def require_mfa(user: Any) -> None:
    """The MFA gate for API callers.

    ``MfaRequiredMiddleware`` sees only the session user; a caller authenticated by token is
    known only inside DRF, so the same rule is applied here, with the same body.
    """
    if mfa_required(user) and not has_totp(user):
        raise PermissionDenied(
            _("Peran Anda mewajibkan autentikasi dua faktor (TOTP). Aktifkan terlebih dahulu."), code=MFA_REQUIRED
        )


class ScopedAccess(BasePermission):
    """Authenticated users who passed the MFA gate; read-only roles cannot write.

    Object scope is enforced by the viewsets' ``get_queryset`` (``visible_to``), so an
    out-of-scope object is simply not found.
    """

    message = gettext_lazy("Peran Anda tidak berwenang untuk tindakan ini.")

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        require_mfa(user)
        if request.method in SAFE_METHODS:
            return True
        return access.can_write(user)
