"""How django-axes finds the username of a login attempt.

allauth passes ``username=`` to ``authenticate`` while its form field is called ``login``;
axes must see the same name either way, case-folded so "Admin" and "admin" share a counter.
"""

from __future__ import annotations

from typing import Any


def username_from(request: Any, credentials: dict[str, Any] | None) -> str | None:
    name = None
    if credentials:
        name = credentials.get("username") or credentials.get("login")
    if not name and request is not None and request.method == "POST":
        name = request.POST.get("login") or request.POST.get("username")
    return str(name).strip().lower() if name else None
