from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def waspada(request: HttpRequest) -> dict[str, Any]:
    from waspada.accounts.navigation import navigation_for

    return {
        "WASPADA_DEMO": settings.WASPADA_DEMO,
        "MFA_ENFORCED": settings.WASPADA_MFA_ENFORCED,
        "nav_items": navigation_for(request.user),
    }
