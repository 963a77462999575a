"""``{% today_stage %}``: «Tahapan hari ini» on the dashboard while an election is running."""

from __future__ import annotations

from typing import Any

from django import template

from waspada.elections import selectors
from waspada.elections.views.common import may_read, today

register = template.Library()


@register.inclusion_tag("elections/_today_stage.html", takes_context=True)
def today_stage(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False) or not may_read(user):
        return {"items": []}
    return {"items": selectors.current_elections(today())}
