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


@register.inclusion_tag("elections/_week_panel.html", takes_context=True)
def pilkada_week_panel(
    context: Any, region: Any, period: Any, report: Any = None, editable: bool = True
) -> dict[str, Any]:
    """The weekly report's Pilkada panel: the violations of that region and week, and the
    «Tarik ke laporan» button (its form is ``{% pilkada_pull_form %}``, outside the report form)."""
    from waspada.elections import weekly

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_read(user) or region is None or period is None:
        return {"show": False}
    violations = list(weekly.week_violations(user, region, period.start, period.end)[: weekly.MAX_LISTED + 1])
    from waspada.regions import access

    return {
        "show": True,
        "violations": violations[: weekly.MAX_LISTED],
        "more": len(violations) > weekly.MAX_LISTED,
        "may_pull": editable and access.can_write_report(user, region),
        "region": region,
        "period": period,
        "report": report,
    }


@register.inclusion_tag("elections/_week_pull_form.html", takes_context=True)
def pilkada_pull_form(context: Any, region: Any, period: Any, report: Any = None) -> dict[str, Any]:
    return {"region": region, "period": period, "report": report, "csrf_token": context.get("csrf_token")}
