"""Template helpers: local time with its zone name, Indonesian numbers, percentages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import formats

from waspada.core.timezones import format_local

register = template.Library()


@register.filter
def local_time(value: datetime | None, zone: str = "WIB") -> str:
    """``{{ event.occurred_at|local_time:region.timezone }}`` → ``28-11-2026 17:02 WIB``."""
    if value is None:
        return "—"
    return format_local(value, zone or "WIB")


@register.filter
def angka(value: Any) -> str:
    """A number in Indonesian format (1.234,5)."""
    if value is None or value == "":
        return "—"
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.simple_tag
def query_with(request: Any, **kwargs: Any) -> str:
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
