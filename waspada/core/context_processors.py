from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def waspada(request: HttpRequest) -> dict[str, Any]:
    from waspada.accounts.navigation import navigation_bar

    return {
        "WASPADA_DEMO": settings.WASPADA_DEMO,
        "MFA_ENFORCED": settings.WASPADA_MFA_ENFORCED,
        "nav_entries": navigation_bar(request.user),
    }


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the navbar's notification link: one COUNT query, signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from waspada.core.models import Notification

    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()}
