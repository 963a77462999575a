"""MFA policy: which users must use TOTP."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from waspada.regions import access


def mfa_required(user: Any) -> bool:
    if not settings.WASPADA_MFA_ENFORCED or not getattr(user, "is_authenticated", False):
        return False
    required = set(settings.WASPADA_MFA_REQUIRED_ROLES)
    return bool(access.scope_of(user).roles & required) or bool(user.is_superuser)


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
