"""Helpers building RAD Terpadu records through the services (so tests see what users would)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from waspada.actionplans import periods, services
from waspada.actionplans.models import Action, ActionPlan, ProgressReport
from waspada.regions.models import Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def at(year: int, month: int, day: int, hour: int = 3) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def plan(actor: Any, code: str = "32.73", year: int = 2026, **kwargs: Any) -> ActionPlan:
    data = services.PlanInput(
        region=region(code),
        year=year,
        title=kwargs.pop("title", f"RAD Terpadu {code} {year}"),
        decree_number=kwargs.pop("decree_number", "188.45/Kep.12-Kesbangpol"),
        decree_date=kwargs.pop("decree_date", date(year, 1, 15)),
    )
    return services.plan_create(actor=actor, data=data, **kwargs)


def action_input(year: int = 2026, **kwargs: Any) -> services.ActionInput:
    values: dict[str, Any] = {
        "stage": Action.Stage.PREVENTION,
        "activity": "Dialog lintas tokoh agama",
        "responsible_units": "Kesbangpol; FKUB",
        "indicator": "Jumlah dialog terlaksana",
        "target": "4 kali",
        "budget": "25000000",
        "starts_on": date(year, 2, 1),
        "ends_on": date(year, 11, 30),
    }
    values.update(kwargs)
    return services.ActionInput(**values)


def action(actor: Any, p: ActionPlan, **kwargs: Any) -> Action:
    return services.action_create(actor=actor, plan=p, data=action_input(p.year, **kwargs))


def report(actor: Any, p: ActionPlan, code: str = "B04", now: datetime | None = None) -> ProgressReport:
    period = periods.Period(p.year, code)
    moment = now or periods.ends_at(period, p.region.timezone)
    return services.progress_report_open(actor=actor, plan=p, period=period, now=moment)


def submit(actor: Any, r: ProgressReport, when: datetime, realisation: Any = "50") -> ProgressReport:
    entries = {str(e.action.public_id): services.EntryInput(realisation, "berjalan") for e in r.entries.all()}
    r = services.progress_report_save(actor=actor, report=r, entries=entries, expected_version=r.version)
    return services.progress_report_submit(actor=actor, report=r, expected_version=r.version, now=when)
