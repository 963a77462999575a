"""Request types for views behind ``login_required``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from waspada.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """An HttpRequest whose user is known to be logged in (for type checking only)."""

    user: User
