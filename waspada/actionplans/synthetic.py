"""RAD Terpadu at national scale for ``manage.py generate_synthetic --actionplans`` (benchmarks).

For every province and kabupaten/kota existing today (or those of the chosen provinces), for
each year (default: last year and this year, in WIT): a plan for about nine regions in ten,
three to six actions each (the demo's activities, some flagged for Covid-19 or the Pilkada), and
for every four-monthly period of the year that has ended in the region's zone a progress report
— mostly on time, about one in seven late, one in twelve missing, a few still drafts — with one
realisation entry per action (rising with the period). Every draw comes from a hash of the seed,
the region code, the year and the period, so two runs with the same seed and day give the same
data. Bulk inserts (no audit events: synthetic data, written as the system user); idempotent — a
region that already has a plan for the year is left alone.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from waspada.actionplans import periods
from waspada.actionplans.demo import ACTIVITIES
from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressReport
from waspada.core.timezones import to_local
from waspada.regions.models import Region
from waspada.reports.synthetic import system_user

BATCH = 1_000
NO_PLAN_IN = 10  # about one region in ten has no plan for a year
MISSING_IN = 12  # about one ended period in twelve has no report
LATE_IN = 7  # about one received report in seven is late
DRAFT_IN = 30  # a few opened but not submitted


@dataclass
class Generated:
    years: list[int]
    regions: int = 0
    plans: int = 0
    actions: int = 0
    reports: int = 0
    entries: int = 0
    late: int = 0
    skipped_existing: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return self.plans + self.reports


def _h(seed: int, *parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, (seed, *parts))).encode()).hexdigest()[:12], 16)


def default_years(now: datetime) -> list[int]:
    year = to_local(now, "WIT").year
    return [year - 1, year]


@transaction.atomic
def synthetic_actionplans_generate(
    *,
    provinces: tuple[str, ...] | None = None,
    seed: int = 1,
    years: list[int] | None = None,
    now: datetime | None = None,
) -> Generated:
    """Write the plans, actions, progress reports and entries (see the module docstring)."""
    started = time.monotonic()
    moment = now or timezone.now()
    chosen = sorted(set(years or default_years(moment)))
    out = Generated(years=chosen)
    qs = Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS]).valid_on(
        to_local(moment, "WIT").date()
    )
    if provinces is not None:
        qs = qs.filter(province__code__in=provinces)
    regions = list(qs.select_related("province", "kabkota").order_by("code"))
    out.regions = len(regions)
    author = system_user()
    existing = set(ActionPlan.objects.alive().filter(year__in=chosen).values_list("region_id", "year"))
    plans: list[ActionPlan] = []
    for year in chosen:
        for region in regions:
            if (region.id, year) in existing:
                out.skipped_existing += 1
                continue
            if _h(seed, region.code, year, "plan") % NO_PLAN_IN == 0:
                continue
            plan = ActionPlan(
                region=region,
                year=year,
                title=f"RAD Terpadu Penanganan Konflik Sosial {region.name} {year}",
                decree_number=f"188.45/Kep.{_h(seed, region.code, year, 'sk') % 900 + 100}-Kesbangpol/{year}",
                decree_date=date(year, 1, 10) + timedelta(days=_h(seed, region.code, year, "tgl") % 60),
                created_by=author,
            )
            plan.set_scope_keys(region)
            plans.append(plan)
    ActionPlan.objects.bulk_create(plans, batch_size=BATCH)
    out.plans = len(plans)
    actions_of: dict[int, list[Action]] = {}
    actions: list[Action] = []
    for plan in plans:
        code, year = plan.region.code, plan.year
        count = 3 + _h(seed, code, year, "n") % 4
        picks = sorted({_h(seed, code, year, i) % len(ACTIVITIES) for i in range(count)})
        mine = []
        for order, index in enumerate(picks, start=1):
            stage, activity, units, indicator, target = ACTIVITIES[index]
            mine.append(
                Action(
                    plan=plan,
                    order=order,
                    stage=stage,
                    activity=activity,
                    responsible_units=units,
                    indicator=indicator,
                    target=target,
                    budget=Decimal(25_000_000 + _h(seed, code, year, index, "rp") % 40 * 5_000_000),
                    starts_on=date(year, 2, 1),
                    ends_on=date(year, 11, 30),
                    adjusted_for_covid="protokol" in activity or _h(seed, code, year, index, "c") % 5 == 0,
                    adjusted_for_pilkada="Pilkada" in activity or _h(seed, code, year, index, "p") % 9 == 0,
                )
            )
        actions_of[id(plan)] = mine
        actions += mine
    Action.objects.bulk_create(actions, batch_size=BATCH)
    out.actions = len(actions)
    reports: list[tuple[ProgressReport, list[Action], int]] = []
    for plan in plans:
        region = plan.region
        for n, period in enumerate(periods.year_periods(plan.year), start=1):
            if not periods.has_ended(period, region.timezone, moment):
                continue
            fate = _h(seed, region.code, period.key, "fate")
            if fate % MISSING_IN == 0:
                continue
            deadline = periods.deadline(period, region.timezone)
            report = ProgressReport(
                plan=plan,
                region=region,
                year=plan.year,
                period=period.code,
                deadline=deadline,
                narrative="Kegiatan berjalan sesuai jadwal; sebagian disesuaikan dengan protokol kesehatan.",
                created_at=periods.ends_at(period, region.timezone) + timedelta(days=1),
            )
            report.set_scope_keys(region)
            if fate % DRAFT_IN == 1 and deadline > moment - timedelta(days=120):
                report.status = ProgressReport.Status.DRAFT
            else:
                late = fate % LATE_IN == 1
                hours = 1 + fate % (24 * 20)
                submitted = deadline + timedelta(hours=hours) if late else deadline - timedelta(hours=hours)
                if submitted > moment:
                    submitted = moment
                out.late += int(submitted > deadline)
                report.first_submitted_at = report.submitted_at = submitted
                report.submitted_by = author
                if fate % 3 != 0 and submitted + timedelta(days=3) <= moment:
                    report.status = ProgressReport.Status.VERIFIED
                    report.decided_at = submitted + timedelta(days=3)
                    report.decided_by = author
                else:
                    report.status = ProgressReport.Status.SUBMITTED
            out.by_status[report.status] = out.by_status.get(report.status, 0) + 1
            reports.append((report, actions_of[id(plan)], n))
    ProgressReport.objects.bulk_create([r for r, _a, _n in reports], batch_size=BATCH)
    out.reports = len(reports)
    entries = [
        ProgressEntry(
            report=report,
            action=action,
            realisation=Decimal(min(100, 20 * n + _h(seed, report.region.code, report.year, n, action.order) % 40)),
            narrative="Terlaksana sebagian." if n < 3 else "Terlaksana.",
        )
        for report, plan_actions, n in reports
        for action in plan_actions
    ]
    ProgressEntry.objects.bulk_create(entries, batch_size=BATCH)
    out.entries = len(entries)
    out.seconds = time.monotonic() - started
    return out
