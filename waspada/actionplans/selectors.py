"""Reads of RAD Terpadu for pages, the API and exports; always in the user's scope.

Completeness of progress reports uses the weekly reports' arithmetic
(``waspada.reports.completeness`` through ``periods``): every province and kabupaten/kota in
force at the end of the period is *expected* to report (a region without a plan cannot report,
so it counts as missing); *received* is a first submission; *on time* / *late* against the
deadline stored with the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from waspada.actionplans import periods
from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressReport
from waspada.actionplans.periods import Period, Receipt, Tally
from waspada.regions.models import Region

PLAN_LEVELS = ("provinsi", "kabupaten", "kota")
STATUS_LABELS = {
    "on_time": gettext_lazy("Tepat waktu"),
    "late": gettext_lazy("Terlambat"),
    "missing": gettext_lazy("Belum melapor"),
    "pending": gettext_lazy("Belum jatuh tempo"),
}


def plans_visible(user: Any) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.visible_to(user).alive().select_related("region")


def plan_list(user: Any, *, year: int | None = None, province_code: str | None = None) -> QuerySet[ActionPlan]:
    qs = plans_visible(user).annotate(
        action_count=Count("actions", filter=Q(actions__deleted_at__isnull=True)),
        budget_total=Sum("actions__budget", filter=Q(actions__deleted_at__isnull=True)),
    )
    if year:
        qs = qs.filter(year=year)
    if province_code:
        qs = qs.filter(Q(region__code=province_code) | Q(region__code__startswith=province_code + "."))
    return qs.order_by("-year", "region__code")


def plan_actions(plan: ActionPlan) -> QuerySet[Action]:
    return plan.actions.alive().order_by("order", "id")


def plan_reports(plan: ActionPlan) -> QuerySet[ProgressReport]:
    return plan.reports.order_by("period")


def reports_visible(user: Any) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.visible_to(user).filter(plan__deleted_at__isnull=True).select_related("region")


def report_entries(report: ProgressReport) -> QuerySet[ProgressEntry]:
    return report.entries.select_related("action").prefetch_related("evidence").order_by("action__order", "action_id")


def verification_queue(user: Any) -> list[ProgressReport]:
    from waspada.regions import access

    return [
        r
        for r in reports_visible(user).filter(status=ProgressReport.Status.SUBMITTED).order_by("submitted_at")
        if access.can_verify_progress(user, r.region)
    ]


def available_periods(plan: ActionPlan, now: datetime | None = None) -> list[Period]:
    """Periods of the plan's year that have ended in the region's zone and have no report yet."""
    moment = now or timezone.now()
    taken = set(plan.reports.values_list("period", flat=True))
    return [
        p
        for p in periods.year_periods(plan.year)
        if p.code not in taken and periods.has_ended(p, plan.region.timezone, moment)
    ]


def stage_summary(plan: ActionPlan) -> list[tuple[str, str, int, Decimal]]:
    """(stage, label, number of actions, budget) per handling stage."""
    rows = {
        s: (n, b or Decimal("0"))
        for s, n, b in plan.actions.alive()
        .values("stage")
        .annotate(n=Count("id"), b=Sum("budget"))
        .values_list("stage", "n", "b")
    }
    return [(s, str(label), *rows.get(s, (0, Decimal("0")))) for s, label in Action.Stage.choices]


# --- completeness --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRegion:
    id: int
    code: str
    name: str
    level: str
    timezone: str
    province_code: str


def expected_regions(user: Any, day: date, *, province_code: str | None = None) -> list[PlanRegion]:
    """Provinces and kabupaten/kota in the user's scope in force on ``day``."""
    qs = Region.objects.visible_to(user).filter(level__in=PLAN_LEVELS).valid_on(day)
    if province_code:
        qs = qs.filter(Q(code=province_code) | Q(code__startswith=province_code + "."))
    return [
        PlanRegion(i, c, n, lv, tz, c[:2])
        for i, c, n, lv, tz in qs.order_by("code").values_list("id", "code", "name", "level", "timezone")
    ]


def _expectations(regions: list[PlanRegion], period: Period) -> list[periods.Expectation]:
    """``periods.expectation`` for every region, the deadline computed once per time zone (three
    zones, 552 regions nationally)."""
    deadlines: dict[str, datetime] = {}
    out = []
    for r in regions:
        due = deadlines.get(r.timezone)
        if due is None:
            due = deadlines[r.timezone] = periods.deadline(period, r.timezone)
        out.append(periods.Expectation(r.code, period.key, due, r.province_code))
    return out


@dataclass
class CompletenessRow:
    code: str
    name: str
    tally: Tally | None = None
    status: str = ""
    deadline: datetime | None = None
    zone: str = "WIB"
    report: Any = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))


@dataclass
class Completeness:
    period: Period
    province_code: str | None
    total: Tally
    rows: list[CompletenessRow]
    by_region: bool
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)


def completeness(
    user: Any, period: Period, *, province_code: str | None = None, now: datetime | None = None
) -> Completeness:
    """Expected / received / on time / late / missing for one period: by province, or by region
    inside one province (the drill-down)."""
    moment = now or timezone.now()
    regions = expected_regions(user, period.end, province_code=province_code)
    expectations = _expectations(regions, period)
    code_of = {r.id: r for r in regions}
    of_period = (
        ProgressReport.objects.visible_to(user)
        .filter(year=period.year, period=period.code, plan__deleted_at__isnull=True, region_id__in=list(code_of))
        .order_by()
    )
    # Receipts as plain values (one row per region nationally); report objects (for their links)
    # only in the drill-down to one province.
    receipts = [
        Receipt(code_of[rid].code, period.key, first, deadline=deadline)  # type: ignore[arg-type]
        for rid, first, deadline in of_period.filter(first_submitted_at__isnull=False).values_list(
            "region_id", "first_submitted_at", "deadline"
        )
    ]
    total = periods.tally(expectations, receipts, moment)
    counts: dict[str, int] = defaultdict(int)
    index = {r.region_code: r for r in receipts}
    for e in expectations:
        counts[periods.classify(e, index.get(e.region_code), moment)] += 1
    status_counts = [(s, str(STATUS_LABELS[s]), counts.get(s, 0)) for s in STATUS_LABELS]
    rows: list[CompletenessRow] = []
    if province_code:
        by_code = {r.code: r for r in regions}
        report_by_code = {
            code_of[rep.region_id].code: rep
            for rep in of_period.only("id", "public_id", "region_id", "status", "first_submitted_at", "deadline")
        }
        for e in expectations:
            r = by_code[e.region_code]
            rows.append(
                CompletenessRow(
                    r.code,
                    r.name,
                    status=periods.classify(e, index.get(e.region_code), moment),
                    deadline=e.deadline,
                    zone=r.timezone,
                    report=report_by_code.get(r.code),
                )
            )
    else:
        by_province = periods.tally_by(expectations, receipts, lambda e: e.province_code, moment)
        names = dict(Region.objects.filter(level="provinsi", code__in=list(by_province)).values_list("code", "name"))
        for code in sorted(by_province, key=str):
            rows.append(CompletenessRow(str(code), names.get(str(code), str(code)), tally=by_province[code]))
    return Completeness(period, province_code, total, rows, bool(province_code), status_counts)


def map_statuses(user: Any, period: Period, level: str, now: datetime | None = None) -> dict[str, str]:
    """Status of every expected region of one level (``provinsi`` or ``kabkota``) in scope, by
    code, for the completeness map."""
    moment = now or timezone.now()
    levels = ("provinsi",) if level == "provinsi" else ("kabupaten", "kota")
    regions = [r for r in expected_regions(user, period.end) if r.level in levels]
    by_id = {r.id: r for r in regions}
    receipts = {
        by_id[rid].code: Receipt(by_id[rid].code, period.key, first, deadline=deadline)  # type: ignore[arg-type]
        for rid, first, deadline in ProgressReport.objects.visible_to(user)
        .filter(year=period.year, period=period.code, plan__deleted_at__isnull=True, first_submitted_at__isnull=False)
        .filter(region_id__in=list(by_id))
        .order_by()
        .values_list("region_id", "first_submitted_at", "deadline")
    }
    return {
        e.region_code: periods.classify(e, receipts.get(e.region_code), moment) for e in _expectations(regions, period)
    }


# --- national recap ------------------------------------------------------------------------------


@dataclass
class StageRow:
    province_code: str
    province_name: str
    values: dict[str, Decimal | None]  # stage → mean realisation (%)
    counts: dict[str, int]


@dataclass
class Recap:
    year: int
    period: Period
    regions_total: int
    without_plan: list[PlanRegion]
    late: list[ProgressReport]
    by_stage: list[StageRow]
    national_by_stage: dict[str, Decimal | None]
    user: Any = field(repr=False, default=None)
    moment: datetime | None = field(repr=False, default=None)

    @property
    def with_plan(self) -> int:
        return self.regions_total - len(self.without_plan)

    @cached_property
    def completeness(self) -> Completeness:
        """The period's completeness, read only when asked (the exports print it; the page does
        not show it, and it is the recap's second read of every expected region)."""
        return completeness(self.user, self.period, now=self.moment)

    @property
    def missing(self) -> list[str]:
        return self.completeness.total.missing_codes


def _mean(total: Decimal, n: int) -> Decimal | None:
    if n == 0:
        return None
    return (total / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def realisation_by_stage(user: Any, period: Period) -> tuple[list[StageRow], dict[str, Decimal | None]]:
    """Mean realisation (%) of the actions reported in received reports of the period, by the
    province of the reporting region and the action's handling stage."""
    # Summed in the database per (province, stage): a few hundred cells instead of every entry.
    rows = (
        ProgressEntry.objects.filter(
            report__in=ProgressReport.objects.visible_to(user).filter(
                year=period.year, period=period.code, first_submitted_at__isnull=False, plan__deleted_at__isnull=True
            )
        )
        .values("report__province_id", "action__stage")
        .annotate(total=Sum("realisation"), n=Count("id"))
        .values_list("report__province_id", "action__stage", "total", "n")
        .order_by()
    )
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    national_sum: dict[str, Decimal] = defaultdict(Decimal)
    national_n: dict[str, int] = defaultdict(int)
    cells = list(rows)
    provinces = dict(Region.objects.filter(id__in={pid for pid, _s, _t, _n in cells}).values_list("id", "code"))
    names = dict(Region.objects.filter(id__in=list(provinces)).values_list("code", "name"))
    for pid, stage, total, n in cells:
        code = provinces[pid]  # type: ignore[index]  # received reports always have a province
        # Realisation has two decimals: the sum is exact on PostgreSQL; SQLite sums floats, so
        # round back to the column's two places before dividing.
        value = Decimal(str(total)).quantize(Decimal("0.01"))
        sums[(code, stage)] += value
        counts[(code, stage)] += n
        national_sum[stage] += value
        national_n[stage] += n
    stages = list(Action.Stage.values)
    out = [
        StageRow(
            code,
            names[code],
            {s: _mean(sums[(code, s)], counts[(code, s)]) for s in stages},
            {s: counts[(code, s)] for s in stages},
        )
        for code in sorted(names)
    ]
    return out, {s: _mean(national_sum[s], national_n[s]) for s in stages}


def default_recap_period(user: Any, year: int, now: datetime) -> Period:
    """The latest ended period of the year with a received report in scope; else the latest
    ended one (B-12 for a past year, B-04 for a year that has not ended a period yet)."""
    ended = [p for p in periods.year_periods(year) if now >= periods.ends_at(p, "WIT")]
    received = set(
        reports_visible(user)
        .filter(year=year, first_submitted_at__isnull=False)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    for p in reversed(ended):
        if p.code in received:
            return p
    return ended[-1] if ended else Period(year, "B04")


def recap(user: Any, *, year: int, period: Period | None = None, now: datetime | None = None) -> Recap:
    moment = now or timezone.now()
    if period is None:
        period = default_recap_period(user, year, moment)
    regions = expected_regions(user, date(year, 12, 31) if year < moment.year else moment.date())
    with_plan = set(plans_visible(user).filter(year=year).values_list("region_id", flat=True))
    without = [r for r in regions if r.id not in with_plan]
    late = list(
        reports_visible(user)
        .filter(year=year, first_submitted_at__isnull=False, first_submitted_at__gt=F("deadline"))
        .select_related("region")
        .only(
            "id",
            "public_id",
            "year",
            "period",
            "deadline",
            "first_submitted_at",
            "region_id",
            "region__code",
            "region__name",
            "region__timezone",
        )
        .order_by("period", "region__code")
    )
    by_stage, national = realisation_by_stage(user, period)
    return Recap(
        year=year,
        period=period,
        regions_total=len(regions),
        without_plan=without,
        late=late,
        by_stage=by_stage,
        national_by_stage=national,
        user=user,
        moment=moment,
    )


def year_choices(now: datetime | None = None) -> list[int]:
    moment = now or timezone.now()
    years = set(ActionPlan.objects.alive().order_by().values_list("year", flat=True).distinct())
    years.add(moment.year)
    return sorted(years, reverse=True)


def stage_labels() -> Sequence[tuple[str, str]]:
    return [(s, str(label)) for s, label in Action.Stage.choices]


def evidence_for_user(user: Any, report_id: Any, evidence_id: Any) -> Any:
    """One evidence file of a progress report in the user's scope (page and API downloads);
    another region, a deleted plan or a foreign evidence id raise 404."""
    from django.core.exceptions import ValidationError

    from waspada.actionplans.models import ProgressEvidence
    from waspada.regions import access

    report = access.get_progress_report_for_user(user, report_id)
    try:
        return ProgressEvidence.objects.select_related("entry").get(public_id=evidence_id, entry__report=report)
    except (ProgressEvidence.DoesNotExist, ValueError, TypeError, ValidationError):
        raise access.not_found() from None
