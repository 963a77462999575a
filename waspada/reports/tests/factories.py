"""Helpers for report tests: open weeks, valid content, reports in a given state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from waspada.regions.models import Region
from waspada.reports import calendar, services
from waspada.reports.models import ReportingPeriod, SituationReport


def open_week(key: str) -> ReportingPeriod:
    period, _ = services.period_open(programme=services.programme_default(), week=calendar.Week.parse(key))
    return period


def full_content(level: str = "kondusif", narrative: str = "Situasi aman terkendali.", **values: Any) -> dict:
    """Content that passes a complete check of the default template (every required field)."""
    definition = services.programme_default().template.parsed
    sections: dict[str, Any] = {}
    for section in definition.sections:
        vals = {i.code: values.get(i.code, 0 if i.required else None) for i in section.indicators}
        entry: dict[str, Any] = {"narrative": f"{section.title}: {narrative}", "values": vals}
        if section.has_level:
            entry["level"] = level
        sections[section.code] = entry
    return {"sections": sections}


def during(key: str, days: float = 2) -> datetime:
    """A moment inside the week (UTC), after it opened everywhere and before any deadline."""
    week = calendar.Week.parse(key)
    return calendar.opens_at(week, "WIB") + timedelta(days=days)


def submitted_report(
    user: Any, region_code: str, key: str, *, at: datetime | None = None, nil: bool = False, level: str = "kondusif"
) -> SituationReport:
    region = Region.objects.get(code=region_code)
    period = open_week(key)
    moment = at or during(key)
    if nil:
        return services.report_submit_nil(user=user, region=region, period=period, now=moment)
    report = services.report_save_draft(
        user=user, region=region, period=period, content=full_content(level), version=None, now=moment
    )
    return services.report_submit(user=user, report=report, version=report.version, now=moment)
