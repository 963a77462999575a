"""Rekap berkala: incidents and impacts by period, region and category, with the previous period,
the same period a year earlier, a trend and the top kabupaten/kota; the choropleth counts and the
point layer of the maps. Read-only, always scoped.

Every figure comes from the rollups, aggregated in the database (``values().annotate()``) with a
constant number of queries — never from the incident table. A period counts the weeks whose
Monday falls inside it (``periods.py``); a period made of whole months (month, quarter, four
months, year, a custom range from a 1st to a month's end) reads ``IncidentMonthlyRollup``, where a
week counts in the month of its Monday — the same weeks, about a quarter of the rows — and any
other period reads ``IncidentWeeklyRollup``. Only the point layer reads incidents, because it
needs their coordinates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast, Floor

from waspada.incidents import periods
from waspada.incidents.models import Incident, IncidentCode, IncidentMonthlyRollup, IncidentWeeklyRollup
from waspada.incidents.periods import Period
from waspada.regions import access
from waspada.regions.access import INCIDENT_READER_ROLES
from waspada.regions.models import Region

IMPACTS = (
    "incidents",
    "with_casualties",
    "killed",
    "injured",
    "sexual_violence",
    "buildings_damaged",
    "displaced",
)
TOP_REGIONS = 10
# The point layer sends at most this many features; above it, incidents are grouped in grid cells.
MAX_POINTS = 3000
# Grid cell sizes (degrees) tried in order, finest first, until the cells number ≤ MAX_POINTS.
GRID_SIZES = (0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0)


@dataclass(frozen=True)
class RecapFilters:
    period: Period
    region: Region | None = None  # None = national; a province; or a kabupaten/kota
    categories: tuple[int, ...] = ()  # IncidentCode ids; empty = all


@dataclass
class RecapRow:
    region: Region
    totals: dict[str, int]
    by_category: dict[int, int]  # incidents per category id


@dataclass
class Recap:
    filters: RecapFilters
    categories: list[IncidentCode]
    rows: list[RecapRow]
    totals: dict[str, int]
    by_category: dict[int, int]
    previous_totals: dict[str, int]
    year_earlier_totals: dict[str, int]
    trend: list[tuple[date, int]]
    top_regions: list[RecapRow]
    previous_period: Period | None = None
    year_earlier_period: Period | None = None
    monthly: bool = field(default=False)

    @property
    def level(self) -> str:
        """What the rows are: ``provinsi``, ``kabkota`` (of a province) or ``kabkota`` (itself)."""
        region = self.filters.region
        return "provinsi" if region is None else "kabkota"


def zero() -> dict[str, int]:
    return dict.fromkeys(IMPACTS, 0)


def _sums() -> dict[str, Any]:
    return {f"s_{name}": Sum(name) for name in IMPACTS}


def _totals(values: Mapping[str, Any]) -> dict[str, int]:
    return {name: int(values.get(f"s_{name}") or 0) for name in IMPACTS}


# --- scope ---------------------------------------------------------------------------------------


def check_scope(user: Any, region: Region | None) -> None:
    """404 unless the user reads incidents and the recap's region lies in their scope. A
    national recap needs a national scope; recaps are of provinces and kabupaten/kota."""
    scope = access.scope_of(user)
    if not scope.roles & INCIDENT_READER_ROLES:
        raise access.not_found()
    if region is None:
        if not scope.national:
            raise access.not_found()
        return
    if region.level != Region.Level.PROVINSI and region.level not in Region.KABKOTA_LEVELS:
        raise access.not_found()
    if not scope.covers_code(region.code):
        raise access.not_found()


def default_region(user: Any) -> Region | None:
    """Where a user's recap opens: national for national users, else their (first) province or
    kabupaten/kota — the kabupaten/kota above a finer scope."""
    scope = access.scope_of(user)
    if scope.national or not scope.regions:
        return None
    first = scope.regions[0]
    region = Region.objects.select_related("kabkota", "province").get(pk=first.id)
    if region.level == Region.Level.PROVINSI or region.level in Region.KABKOTA_LEVELS:
        return region
    return region.kabkota


# --- the rollup, filtered ----------------------------------------------------------------------


def whole_months(p: Period) -> bool:
    """Whether the period runs from a month's first day to a month's last day."""
    return p.start.day == 1 and (p.end + timedelta(days=1)).day == 1


def _cells(filters: RecapFilters, period: Period | None = None, *, weekly: bool = False) -> QuerySet[Any]:
    """Rollup cells of the filters' region and categories whose week starts in the period: monthly
    cells when the period is whole months (unless ``weekly``), else weekly cells."""
    p = period or filters.period
    cells: QuerySet[Any]
    if not weekly and whole_months(p):
        cells = IncidentMonthlyRollup.objects.filter(month_start__gte=p.start, month_start__lte=p.end).order_by()
    else:
        cells = IncidentWeeklyRollup.objects.filter(week_start__gte=p.start, week_start__lte=p.end).order_by()
    region = filters.region
    if region is not None:
        if region.level == Region.Level.PROVINSI:
            cells = cells.filter(province_id=region.pk)
        else:
            cells = cells.filter(kabkota_id=region.pk)
    if filters.categories:
        cells = cells.filter(category_id__in=filters.categories)
    return cells


def _child_regions(filters: RecapFilters, with_data: set[int]) -> list[Region]:
    """The rows' regions: provinces (national), the province's kabupaten/kota, or the
    kabupaten/kota itself — those valid at some time in the period, plus any with data."""
    region = filters.region
    p = filters.period
    if region is not None and region.level != Region.Level.PROVINSI:
        return [region]
    if region is None:
        candidates = Region.objects.provinces()
    else:
        candidates = Region.objects.kabkota().filter(province_id=region.pk)
    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=p.end)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=p.start)
    )
    return list(candidates.filter(valid | Q(pk__in=with_data)).order_by("code"))


def categories_for(filters: RecapFilters, with_data: set[int] | None = None) -> list[IncidentCode]:
    """The columns: the chosen categories, else every active category plus inactive ones with data."""
    codes = IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY)
    if filters.categories:
        codes = codes.filter(pk__in=filters.categories)
    else:
        codes = codes.filter(Q(is_active=True) | Q(pk__in=with_data or set()))
    return list(codes.order_by("order", "name"))


def _aggregate(filters: RecapFilters, period: Period) -> dict[str, int]:
    return _totals(_cells(filters, period).aggregate(**_sums()))


SUM_NAMES = tuple(f"s_{name}" for name in IMPACTS)


def _fold(grouped: Any) -> tuple[dict[int, list[int]], dict[int, dict[int, int]]]:
    """(key, category id, *sums) tuples → impact sums per key and incidents per key and category."""
    totals_of: dict[int, list[int]] = {}
    categories_of: dict[int, dict[int, int]] = defaultdict(dict)
    for key, category_id, *values in grouped:
        into = totals_of.setdefault(key, [0] * len(IMPACTS))
        for i, value in enumerate(values):
            into[i] += int(value or 0)
        categories_of[key][category_id] = categories_of[key].get(category_id, 0) + int(values[0] or 0)
    return totals_of, categories_of


def _as_dict(values: list[int] | None) -> dict[str, int]:
    return dict(zip(IMPACTS, values, strict=True)) if values else zero()


# --- the recap -----------------------------------------------------------------------------------


def recap(user: Any, filters: RecapFilters) -> Recap:
    """The recap of the filters: rows by child region × category, totals and impacts, the previous
    period, the same period a year earlier, the trend and the top kabupaten/kota.

    A constant handful of queries whatever the size of the data: one scan of the period's cells
    grouped by row region × category (rows, totals, category totals; for a province or a
    kabupaten/kota also the top ten), one grouped by week (the trend), one or two sums for the
    comparisons (one when the previous period is the year earlier, as for a year), the regions and
    categories, and — national only — the top ten ranked by kabupaten/kota then detailed."""
    check_scope(user, filters.region)
    national = filters.region is None
    group = "province_id" if national else "kabkota_id"
    grouped = (
        _cells(filters).values(group, "category_id").annotate(**_sums()).values_list(group, "category_id", *SUM_NAMES)
    )
    row_totals, row_categories = _fold(grouped)
    by_category: dict[int, int] = defaultdict(int)
    for per_category in row_categories.values():
        for category_id, n in per_category.items():
            by_category[category_id] += n
    totals = zero()
    for values in row_totals.values():
        for name, value in zip(IMPACTS, values, strict=True):
            totals[name] += value
    regions = _child_regions(filters, set(row_totals))
    rows = [RecapRow(r, _as_dict(row_totals.get(r.pk)), row_categories.get(r.pk, {})) for r in regions]
    categories = categories_for(filters, set(by_category))
    if national:
        top = top_regions(filters)
    else:
        top = [row for row in rows if row.totals["incidents"]]
        top.sort(key=lambda row: (-row.totals["incidents"], row.region.code))
        top = top[:TOP_REGIONS]

    previous = periods.previous(filters.period)
    earlier = periods.year_earlier(filters.period)
    previous_totals = _aggregate(filters, previous)
    earlier_totals = dict(previous_totals) if earlier == previous else _aggregate(filters, earlier)
    return Recap(
        filters=filters,
        categories=categories,
        rows=rows,
        totals=totals,
        by_category=dict(by_category),
        previous_totals=previous_totals,
        year_earlier_totals=earlier_totals,
        trend=trend(filters),
        top_regions=top,
        previous_period=previous,
        year_earlier_period=earlier,
        monthly=not filters.period.weekly_trend,
    )


def trend(filters: RecapFilters) -> list[tuple[date, int]]:
    """Incidents per week (≤ 13 weeks) or per month, every bucket of the period present (zeros
    included). Weeks go to the month of their Monday; one query grouped by week."""
    p = filters.period
    if p.weekly_trend:
        by_week = {
            row["week_start"]: int(row["n"] or 0)
            for row in _cells(filters, weekly=True).values("week_start").annotate(n=Sum("incidents"))
        }
        return [(week, by_week.get(week, 0)) for week in p.week_starts()]
    buckets: dict[date, int] = {}
    month = p.start.replace(day=1)
    while month <= p.end:
        buckets[month] = 0
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    cells = _cells(filters)
    key = "month_start" if cells.model is IncidentMonthlyRollup else "week_start"
    for row in cells.values(key).annotate(n=Sum("incidents")):
        bucket = row[key].replace(day=1)
        buckets[bucket] = buckets.get(bucket, 0) + int(row["n"] or 0)
    return sorted(buckets.items())


def top_regions(filters: RecapFilters, limit: int = TOP_REGIONS) -> list[RecapRow]:
    """The kabupaten/kota with the most incidents inside the filters (ties by code): ranked on
    the incident count alone, then the ten detailed (impacts and categories) through the
    kabupaten/kota key."""
    cells = _cells(filters)
    ranked = [
        pk
        for pk, n in cells.values("kabkota_id")
        .annotate(n=Sum("incidents"))
        .order_by("-n", "kabkota_id")
        .values_list("kabkota_id", "n")[:limit]
        if n
    ]
    if not ranked:
        return []
    detail = (
        cells.filter(kabkota_id__in=ranked)
        .values("kabkota_id", "category_id")
        .annotate(**_sums())
        .values_list("kabkota_id", "category_id", *SUM_NAMES)
    )
    totals_of, categories_of = _fold(detail)
    regions = Region.objects.select_related("province").in_bulk(ranked)
    out = [RecapRow(regions[pk], _as_dict(totals_of.get(pk)), categories_of.get(pk, {})) for pk in ranked]
    out.sort(key=lambda row: (-row.totals["incidents"], row.region.code))
    return out


def kabkota_counts(user: Any, filters: RecapFilters) -> dict[str, int]:
    """Incidents per kabupaten/kota code (only those with incidents) for the choropleth."""
    check_scope(user, filters.region)
    counts = {
        row["kabkota_id"]: int(row["n"] or 0)
        for row in _cells(filters).values("kabkota_id").annotate(n=Sum("incidents"))
        if row["n"]
    }
    if not counts:
        return {}
    codes = dict(Region.objects.filter(pk__in=counts).values_list("pk", "code"))
    return {codes[pk]: n for pk, n in sorted(counts.items(), key=lambda kv: codes[kv[0]])}


# --- the point layer -----------------------------------------------------------------------------


@dataclass
class PointLayer:
    """Map features: single incidents (count 1) or, when there are more than ``MAX_POINTS``, grid
    cells of ``cell_size`` degrees placed at the mean position of their incidents."""

    features: list[dict[str, Any]]
    total: int
    clustered: bool
    cell_size: float | None = None


def point_incidents(user: Any, filters: RecapFilters) -> QuerySet[Incident]:
    """Counted incidents in scope with coordinates, for the filters (occurred in a week whose
    Monday is in the period, as the recap counts them)."""
    check_scope(user, filters.region)
    p = filters.period
    incidents = (
        Incident.objects.visible_to(user)
        .alive()
        .filter(
            latitude__isnull=False,
            longitude__isnull=False,
            week_start__gte=p.start,
            week_start__lte=p.end,
        )
        .order_by()
    )
    region = filters.region
    if region is not None:
        if region.level == Region.Level.PROVINSI:
            incidents = incidents.filter(province_id=region.pk)
        else:
            incidents = incidents.filter(kabkota_id=region.pk)
    if filters.categories:
        incidents = incidents.filter(category_id__in=filters.categories)
    return incidents


def points(user: Any, filters: RecapFilters, max_points: int = MAX_POINTS) -> PointLayer:
    """The point layer: every incident with coordinates when they are at most ``max_points``;
    otherwise a grid — the finest of ``GRID_SIZES`` whose non-empty cells number at most
    ``max_points`` — aggregated in the database (count and mean position per cell)."""
    incidents = point_incidents(user, filters)
    total = incidents.count()
    if total <= max_points:
        rows = incidents.values(
            "public_id", "latitude", "longitude", "occurred_on", "category__name", "kabkota__name"
        ).order_by("-occurred_on", "-id")
        features = [
            {
                "lat": float(r["latitude"] or 0),
                "lon": float(r["longitude"] or 0),
                "count": 1,
                "id": str(r["public_id"]),
                "date": r["occurred_on"].isoformat(),
                "category": r["category__name"],
                "region": r["kabkota__name"],
            }
            for r in rows
        ]
        return PointLayer(features, total, clustered=False)
    lat = Cast("latitude", FloatField())
    lon = Cast("longitude", FloatField())
    for size in GRID_SIZES:
        cells = list(
            incidents.annotate(gy=Floor(lat / size), gx=Floor(lon / size))
            .values("gy", "gx")
            .annotate(n=Count("id"), lat=Avg(lat), lon=Avg(lon))
            .order_by()
        )
        if len(cells) <= max_points or size == GRID_SIZES[-1]:
            break
    features = [
        {"lat": round(float(c["lat"]), 5), "lon": round(float(c["lon"]), 5), "count": int(c["n"])}
        for c in sorted(cells, key=lambda c: -c["n"])[:max_points]
    ]
    return PointLayer(features, total, clustered=True, cell_size=size)
