"""Reads for report pages, the API and exports. Always scoped through ``access``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from waspada.accounts.models import RoleAssignment
from waspada.accounts.roles import Role
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports import calendar
from waspada.reports.completeness import Expectation, Receipt, Tally, cell_status, tally_by
from waspada.reports.models import ReportingPeriod, ReportingProgramme, SituationLevel, SituationReport

LEVEL_FILTERS: dict[str, tuple[str, ...]] = {
    "provinsi": ("provinsi",),
    "kabkota": ("kabupaten", "kota"),
}


@dataclass(frozen=True)
class ReportingRegion:
    """The little the completeness figures need of a region."""

    id: int
    code: str
    name: str
    level: str
    timezone: str
    province_code: str
    valid_from: date | None
    valid_until: date | None
    province_id: int | None = None

    def exists_in(self, week: calendar.Week) -> bool:
        """A region is expected in a week when it was in force on the week's first day."""
        if self.valid_from and week.start < self.valid_from:
            return False
        return not (self.valid_until and week.start >= self.valid_until)


def reporting_regions(
    user: Any,
    programme: ReportingProgramme,
    *,
    level: str | None = None,
    province_code: str | None = None,
) -> list[ReportingRegion]:
    """Regions in the user's scope that the programme expects (any validity), by code."""
    levels = [lv for lv in programme.levels if level is None or lv in LEVEL_FILTERS.get(level, (level,))]
    qs = Region.objects.visible_to(user).filter(level__in=levels)
    if province_code:
        qs = qs.filter(Q(code=province_code) | Q(code__startswith=province_code + "."))
    rows = qs.order_by("code").values_list(
        "id", "code", "name", "level", "timezone", "valid_from", "valid_until", "province_id"
    )
    return [ReportingRegion(i, c, n, lv, tz, c[:2], vf, vu, pid) for i, c, n, lv, tz, vf, vu, pid in rows]


def expectations_for(
    programme: ReportingProgramme, regions: Iterable[ReportingRegion], weeks: Sequence[calendar.Week]
) -> list[Expectation]:
    deadlines: dict[tuple[str, str], datetime] = {}
    out: list[Expectation] = []
    for week in weeks:
        for region in regions:
            if not region.exists_in(week):
                continue
            key = (week.key, region.timezone)
            if key not in deadlines:
                deadlines[key] = programme.deadline_for(week, region.timezone)
            out.append(Expectation(region.code, week.key, deadlines[key], region.province_code))
    return out


def receipts_for(
    programme: ReportingProgramme, regions: Sequence[ReportingRegion], weeks: Sequence[calendar.Week]
) -> list[Receipt]:
    """First submissions of the given regions in the given weeks (regions already scoped)."""
    periods = dict(
        ReportingPeriod.objects.filter(programme=programme, key__in=[w.key for w in weeks]).values_list("id", "key")
    )
    if not periods or not regions:
        return []
    code_of = {r.id: r.code for r in regions}
    qs = SituationReport.objects.filter(period_id__in=list(periods), first_submitted_at__isnull=False)
    # Filtering by a long list of region ids is slower than by scope keys; scope keys are exact here
    # because ``regions`` came from the same scope.
    provinces = {r.province_code for r in regions}
    if len(provinces) == 1:
        qs = qs.filter(province_id__in=Region.objects.filter(code=next(iter(provinces))).values("id"))
    # No default ordering: it would add a join and a sort to a query that only feeds a dict.
    rows = qs.order_by().values_list("region_id", "period_id", "first_submitted_at", "is_nil", "deadline")
    return [
        Receipt(code_of[region_id], periods[period_id], submitted, is_nil, deadline)
        for region_id, period_id, submitted, is_nil, deadline in rows
        if region_id in code_of and submitted is not None
    ]


@dataclass
class Completeness:
    """Figures of one scope over a range of weeks."""

    weeks: list[calendar.Week]
    regions: list[ReportingRegion]
    total: Tally
    by_province: dict[Hashable, Tally]
    by_week: dict[Hashable, Tally]
    cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (region code, week key) → status


def completeness(
    user: Any,
    *,
    weeks: Sequence[calendar.Week],
    level: str | None = None,
    province_code: str | None = None,
    programme: ReportingProgramme | None = None,
    now: datetime | None = None,
    with_cells: bool = False,
) -> Completeness:
    """Expected / received / on time / late / missing / nil for the user's scope and the weeks."""
    from waspada.reports.services import programme_default

    programme = programme or programme_default()
    moment = now or timezone.now()
    regions = reporting_regions(user, programme, level=level, province_code=province_code)
    expectations = expectations_for(programme, regions, weeks)
    receipts = receipts_for(programme, regions, weeks)
    by_province = tally_by(expectations, receipts, lambda e: e.province_code, moment)
    by_week = tally_by(expectations, receipts, lambda e: e.period_key, moment)
    total = Tally()
    for t in by_week.values():
        total.expected += t.expected
        total.received += t.received
        total.on_time += t.on_time
        total.late += t.late
        total.missing += t.missing
        total.nil += t.nil
        total.overdue += t.overdue
        total.missing_codes.extend(t.missing_codes)
        total.late_codes.extend(t.late_codes)
    total.missing_codes.sort()
    total.late_codes.sort()
    result = Completeness(list(weeks), regions, total, by_province, by_week)
    if with_cells:
        index = {(r.region_code, r.period_key): r for r in receipts}
        result.cells = {
            (e.region_code, e.period_key): cell_status(e, index.get((e.region_code, e.period_key)), moment)
            for e in expectations
        }
    return result


def contacts_for(region_ids: Iterable[int]) -> dict[int, list[Any]]:
    """The operators (kabupaten/kota) and verifikators (province) who write each region's report."""
    by_region: dict[int, list[Any]] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.active()
        .filter(region_id__in=list(region_ids), role__in=[Role.OPERATOR, Role.VERIFIKATOR])
        .select_related("user")
        .order_by("user__username")
    )
    for a in assignments:
        if a.region_id is not None:
            by_region[a.region_id].append(a.user)
    return by_region


def levels() -> list[SituationLevel]:
    return list(SituationLevel.objects.all())


def period_for(programme: ReportingProgramme, week: calendar.Week) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(programme=programme, key=week.key).first()


def reports_visible(user: Any) -> QuerySet[SituationReport]:
    return SituationReport.objects.visible_to(user).select_related("region", "period", "province")


def report_for(user: Any, region: Region, period: ReportingPeriod) -> SituationReport | None:
    return reports_visible(user).filter(region=region, period=period).first()


def verification_queue(user: Any) -> QuerySet[SituationReport]:
    """Submitted reports the user may verify or return, oldest first."""
    qs = reports_visible(user).filter(status=SituationReport.Status.SUBMITTED)
    if access.has_role(user, Role.VERIFIKATOR):
        qs_kab = qs.filter(region__level__in=Region.KABKOTA_LEVELS)
    else:
        qs_kab = qs.none()
    if access.has_role(user, Role.ANALIS) and access.scope_of(user).national:
        qs_prov = qs.filter(region__level=Region.Level.PROVINSI)
    else:
        qs_prov = qs.none()
    return (qs_kab | qs_prov).order_by("submitted_at")


def default_week(now: datetime | None = None) -> calendar.Week:
    """The week offices are reporting on now: the last one that has ended (WIB)."""
    return calendar.latest_closed_week(now or timezone.now())


# --- report pages

RECENT_WEEKS = 8


@dataclass
class PeriodRow:
    """One period of one region as the report pages show it, with what the user may do now."""

    region: Region
    period: ReportingPeriod
    report: SituationReport | None
    deadline: datetime
    lock: datetime
    is_open: bool
    is_locked: bool
    can_write: bool

    @property
    def zone(self) -> str:
        return self.region.timezone


def own_reporting_regions(user: Any) -> list[Region]:
    """The regions whose report the user writes: an operator's kabupaten/kota, a verifikator's
    province (from the role assignments themselves, so nested assignments are not lost)."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(user=user, role__in=[Role.OPERATOR, Role.VERIFIKATOR], region__isnull=False)
        .select_related("region")
    )
    regions = {a.region.pk: a.region for a in assignments if a.region is not None}
    return sorted((r for r in regions.values() if access.can_write_report(user, r)), key=lambda r: r.code)


def recent_weeks(now: datetime | None = None, zone: str = "WIB", count: int = RECENT_WEEKS) -> list[calendar.Week]:
    """The week containing ``now`` in the zone and the ``count - 1`` before it, newest first."""
    from waspada.core.timezones import to_local

    current = calendar.Week.containing(to_local(now or timezone.now(), zone).date())
    return [current.shifted(-i) for i in range(count)]


def region_periods(
    user: Any,
    region: Region,
    *,
    programme: ReportingProgramme | None = None,
    now: datetime | None = None,
    count: int = RECENT_WEEKS,
) -> list[PeriodRow]:
    """The opened periods of the last ``count`` weeks in which ``region`` reports, newest first,
    each with the region's report (if any), deadline and lock in its zone."""
    from waspada.reports.services import programme_default

    programme = programme or programme_default()
    moment = now or timezone.now()
    if not programme.expects_level(region.level):
        return []
    keys = [w.key for w in recent_weeks(moment, region.timezone, count)]
    periods = list(ReportingPeriod.objects.filter(programme=programme, key__in=keys).order_by("-start"))
    reports = {
        r.period_id: r
        for r in reports_visible(user)
        .filter(region=region, period__in=periods)
        .select_related("programme", "updated_by")
    }
    may_write = access.can_write_report(user, region)
    rows = []
    for period in periods:
        if not region.is_valid_on(period.start):
            continue
        report = reports.get(period.pk)
        is_open = moment >= calendar.opens_at(period.week, region.timezone)
        if report is not None:
            lock = report.edit_lock
            is_locked = report.is_locked(moment)
            editable = report.is_editable_status
        else:
            lock = programme.edit_lock_for(period.week, region.timezone)
            is_locked = moment >= lock
            editable = True
        rows.append(
            PeriodRow(
                region=region,
                period=period,
                report=report,
                deadline=programme.deadline_for(period.week, region.timezone),
                lock=lock,
                is_open=is_open,
                is_locked=is_locked,
                can_write=may_write and is_open and not is_locked and editable,
            )
        )
    return rows


def report_period(key: str, programme: ReportingProgramme | None = None) -> ReportingPeriod | None:
    """The opened period with this key (``2020-W40``) of the programme, or None."""
    from waspada.reports.services import programme_default

    try:
        week = calendar.Week.parse(key)
    except calendar.BadPeriodKey:
        return None
    return period_for(programme or programme_default(), week)


def report_list(
    user: Any, *, period_key: str = "", province_code: str = "", status: str = ""
) -> QuerySet[SituationReport]:
    """Reports in the user's scope for the list page, newest period first, then by region code."""
    qs = reports_visible(user).select_related("programme")
    if period_key:
        # By the period's id: a join on period__key makes SQLite scan every report.
        period_ids = list(ReportingPeriod.objects.filter(key=period_key).values_list("id", flat=True))
        qs = qs.filter(period_id__in=period_ids)
    if province_code:
        provinces = Region.objects.filter(code=province_code, level=Region.Level.PROVINSI)
        qs = qs.filter(province_id__in=list(provinces.values_list("id", flat=True)))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period__start", "region__code")


def list_filter_choices(user: Any, *, weeks: int = 26) -> tuple[list[str], list[tuple[str, str]]]:
    """Period keys (most recent opened first) and the provinces in the user's scope."""
    from waspada.reports.services import programme_default

    keys = list(
        ReportingPeriod.objects.filter(programme=programme_default())
        .order_by("-start")
        .values_list("key", flat=True)[:weeks]
    )
    provinces = list(
        Region.objects.visible_to(user).filter(level=Region.Level.PROVINSI).order_by("code").values_list("code", "name")
    )
    return keys, provinces


def verified_regions(user: Any) -> list[Region]:
    """The kabupaten/kota whose reports a verifikator verifies: those of its provinces."""
    provinces = [r.code for r in access.scope_of(user).regions if r.level == Region.Level.PROVINSI]
    if not provinces or not access.has_role(user, Role.VERIFIKATOR):
        return []
    q = Q()
    for code in provinces:
        q |= Q(code__startswith=code + ".")
    return list(Region.objects.visible_to(user).filter(q, level__in=Region.KABKOTA_LEVELS).order_by("code"))
