"""Pilkada recaps: violations by 10-day period, stage, region, paslon, activity and type; the
candidates' health summary; NPHD realisation per recipient and compliance per region.

Every figure is aggregated in the database (GROUP BY on indexed keys, a handful of queries per
recap whatever the number of violations) and scoped with ``access.election_q`` /
``access.health_event_q``. Python only labels and orders the grouped rows. Violation recaps read
the rollup (``ViolationRollup``, kept by ``elections.rollup``) when its cells can answer the
filters — election, region down to a kabupaten/kota, contest, paslon, stage, activity, source —
and the violation table otherwise (a time range, a kecamatan).

10-day periods follow the Bawaslu recap (``calendar.campaign_periods``). A violation's day is its
day in the region's own zone: each period is counted between its local midnights in WIB, WITA
and WIT, as conditional counts of one scan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Subquery, Sum, Value, When

from waspada.core.timezones import tzinfo_for, zone_for_province
from waspada.elections import calendar, nphd, selectors
from waspada.elections.models import (
    CandidatePair,
    Contest,
    Disbursement,
    Election,
    ElectionStage,
    GrantAgreement,
    HealthEvent,
    ProkesViolation,
    ViolationPairRollup,
    ViolationProvinceRollup,
    ViolationRollup,
)
from waspada.elections.rollup import ALL_SOURCES
from waspada.regions import access
from waspada.regions.models import Region

TYPE_FIELDS = (*ProkesViolation.VIOLATION_FIELDS, "other")
REGION_KEY_LEVELS = ("provinsi", "kabupaten", "kota")


def type_label(name: str) -> str:
    if name == "other":
        return "Pelanggaran lain"
    return str(getattr(ProkesViolation._meta.get_field(name), "verbose_name", name))


def _key(column: str) -> Any:
    """The column as a grouping/matching key. On SQLite ``column + 0``: SQLite would otherwise
    walk the column's index and fetch every row out of order (several times slower than one
    scan when one election holds almost every violation); PostgreSQL plans the plain column well."""
    return F(column) + 0 if connection.vendor == "sqlite" else F(column)


def _base(user: Any, election: Election, filters: selectors.ViolationFilter | None) -> QuerySet[ProkesViolation]:
    # The scope keys (province/kabkota indexes) still narrow the rows for regional users.
    contests = Contest.objects.filter(election=election).order_by().values("id")
    qs = (
        ProkesViolation.objects.filter(access.election_q(user), deleted_at__isnull=True)
        .alias(contest_key=_key("contest_id"))
        .filter(contest_key__in=Subquery(contests))
    )
    if filters is not None:
        qs = qs.filter(filters.q())
    return qs


def _rollup_base(
    user: Any, election: Election, filters: selectors.ViolationFilter | None
) -> QuerySet[ViolationRollup] | None:
    """The user's rollup cells of the election narrowed by the filters, or None when the cells
    cannot answer: a scope or region finer than a kabupaten/kota, or a time range (the cells hold
    no day). The callers then aggregate the violations themselves."""
    scope = access.scope_of(user)
    if not scope.national and any(r.level not in REGION_KEY_LEVELS for r in scope.regions):
        return None
    source = filters.source if filters is not None and filters.source else ALL_SOURCES
    cells = ViolationRollup.objects.filter(access.election_q(user), election=election, source=source)
    if filters is None:
        return cells
    if filters.since is not None or filters.until is not None:
        return None
    if filters.region is not None:
        if filters.region.level == "provinsi":
            cells = cells.filter(province=filters.region)
        elif filters.region.level in ("kabupaten", "kota"):
            cells = cells.filter(kabkota=filters.region)
        else:
            return None
    if filters.election is not None and filters.election.pk != election.pk:
        cells = cells.none()
    if filters.contest is not None:
        cells = cells.filter(contest=filters.contest)
    if filters.pair is not None:
        cells = cells.filter(pair=filters.pair)
    if filters.stage is not None:
        cells = cells.filter(stage=filters.stage)
    if filters.activity:
        cells = cells.filter(activity=filters.activity)
    return cells


def _province_base(
    user: Any, election: Election, filters: selectors.ViolationFilter | None
) -> QuerySet[ViolationProvinceRollup] | None:
    """The province cells (summed over contests, kabupaten/kota and paslon) when they can answer:
    a national or provincial scope, and no filter on contest, paslon, kabupaten/kota or finer, or
    time range. Else None (the callers use ``_rollup_base``)."""
    scope = access.scope_of(user)
    if not scope.national and any(r.level != "provinsi" for r in scope.regions):
        return None
    if _rollup_base(user, election, filters) is None:
        return None
    source = filters.source if filters is not None and filters.source else ALL_SOURCES
    cells = ViolationProvinceRollup.objects.filter(access.election_q(user), election=election, source=source)
    if filters is None:
        return cells
    if filters.contest is not None or filters.pair is not None:
        return None
    if filters.region is not None:
        if filters.region.level != "provinsi":
            return None
        cells = cells.filter(province=filters.region)
    if filters.election is not None and filters.election.pk != election.pk:
        cells = cells.none()
    if filters.stage is not None:
        cells = cells.filter(stage=filters.stage)
    if filters.activity:
        cells = cells.filter(activity=filters.activity)
    return cells


def _pair_base(
    user: Any, election: Election, filters: selectors.ViolationFilter | None
) -> QuerySet[ViolationPairRollup] | None:
    """The paslon cells when they can answer the ranking: where the province cells can, and no
    stage or activity filter (the paslon cells hold neither). Else None."""
    if _province_base(user, election, filters) is None:
        return None
    source = filters.source if filters is not None and filters.source else ALL_SOURCES
    cells = ViolationPairRollup.objects.filter(access.election_q(user), election=election, source=source)
    if filters is None:
        return cells
    if filters.stage is not None or filters.activity:
        return None
    if filters.region is not None:
        cells = cells.filter(province=filters.region)
    if filters.election is not None and filters.election.pk != election.pk:
        cells = cells.none()
    return cells


def _cells_for(user: Any, election: Election, filters: selectors.ViolationFilter | None) -> QuerySet[Any] | None:
    """The province cells when they can answer, else the fine cells, else None."""
    coarse = _province_base(user, election, filters)
    return coarse if coarse is not None else _rollup_base(user, election, filters)


def _summed(cells: QuerySet[Any], column: str) -> dict[Any, int]:
    """Violations per value of a key column of the rollup."""
    return dict(cells.values(column).annotate(n=Sum("violations")).order_by().values_list(column, "n"))


@dataclass(frozen=True)
class Row:
    """One line of a recap: what it counts (key, label, optional region code) and the count."""

    key: str
    label: str
    count: int
    code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PeriodRow:
    period: calendar.CampaignPeriod
    count: int

    @property
    def label(self) -> str:
        p = self.period
        return f"Periode {p.number} ({p.starts_on:%d-%m} s.d. {p.ends_on:%d-%m-%Y})"


@dataclass(frozen=True)
class PeriodRecap:
    rows: list[PeriodRow]
    before_campaign: int
    after_campaign: int

    @property
    def campaign_total(self) -> int:
        return sum(r.count for r in self.rows)


def _zone_provinces() -> dict[str, list[int]]:
    zones: dict[str, list[int]] = defaultdict(list)
    for pk, code in Region.objects.filter(level="provinsi").values_list("id", "code"):
        zones[zone_for_province(code)].append(pk)
    return zones


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tzinfo_for(zone))


def period_bucket(periods: list[calendar.CampaignPeriod]) -> Case:
    """0 before the campaign, 1…n the 10-day period, n + 1 after it — by the local day.

    Boundaries are the periods' local midnights as instants, per zone (WIB, WITA and WIT keep
    no daylight saving, so this is exact); one CASE per row, no date function in the database.
    """
    days = [p.starts_on for p in periods] + [periods[-1].ends_on + timedelta(days=1)]

    def by_zone(zone: str) -> Case:
        return Case(
            *[When(occurred_at__lt=_local_midnight(d, zone), then=Value(i)) for i, d in enumerate(days)],
            default=Value(len(days)),
            output_field=IntegerField(),
        )

    zones = _zone_provinces()
    return Case(
        When(province_id__in=zones.get("WITA", []), then=by_zone("WITA")),
        When(province_id__in=zones.get("WIT", []), then=by_zone("WIT")),
        default=by_zone("WIB"),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class Overview:
    """Every violation recap but the per-paslon one, from a single grouped scan."""

    total: int
    periods: PeriodRecap
    stages: list[Row]
    regions: list[Row]  # provinces, or kabupaten/kota with ``level="kabkota"``
    activities: list[Row]
    types: list[Row]


def violation_overview(
    user: Any,
    election: Election,
    filters: selectors.ViolationFilter | None = None,
    *,
    level: str = "provinsi",
    province: Region | None = None,
    stages: list[ElectionStage] | None = None,
) -> Overview:
    """Totals by 10-day period, stage, region, activity and type in two grouped queries.

    Read from the rollup (``ViolationRollup``) when the filters are ones its cells hold (see
    ``_rollup_base``), else from the violations. The database groups by (period, stage,
    activity) — at most a few hundred groups — with the type counts, and by region; the groups
    are added up per dimension here. Pages showing several recaps call this once. ``stages``: the
    election's stages in calendar order when the caller has them already (one query fewer).
    """
    if stages is None:
        stages = election_stages(election)
    periods = selectors.campaign_periods(election, [selectors.as_calendar_stage(s) for s in stages])
    region_column = "province_id" if level == "provinsi" else "kabkota_id"
    cells = _rollup_base(user, election, filters)
    coarse = _province_base(user, election, filters)
    groups: Any
    if cells is not None:
        if province is not None:
            cells = cells.filter(province=province)
        if coarse is not None and province is not None:
            coarse = coarse.filter(province=province)
        groups = (
            (coarse if coarse is not None else cells)
            .values("period", "stage_id", "activity")
            .annotate(n=Sum("violations"), **{f"t_{name}": Sum(name) for name in TYPE_FIELDS})
            .order_by()
        )
        groups = [
            {"g_period": g["period"], "g_stage": g["stage_id"], "activity": g["activity"], "n": g["n"]}
            | {name: g[f"t_{name}"] for name in TYPE_FIELDS}
            for g in groups
        ]
        use_coarse = coarse is not None and region_column == "province_id"
        by_region_all = _summed(coarse if use_coarse and coarse is not None else cells, region_column)
    else:
        qs = _base(user, election, filters)
        if province is not None:
            qs = qs.filter(province=province)
        type_counts: dict[str, Any] = {
            name: Count("id", filter=Q(**{name: True})) for name in ProkesViolation.VIOLATION_FIELDS
        }
        type_counts["other"] = Count("id", filter=~Q(other_violation=""))
        # Two grouped queries: (period, stage, activity) with the type counts — a few hundred
        # groups at most — and the region key alone.
        groups = (
            qs.annotate(
                g_stage=_key("stage_id"),
                g_period=period_bucket(periods) if periods else Value(0, output_field=IntegerField()),
            )
            .values("g_period", "g_stage", "activity")
            .annotate(n=Count("id"), **type_counts)
            .order_by()
        )
        by_region_all = _grouped(qs, region_column)
    total = 0
    by_period: dict[int, int] = defaultdict(int)
    by_stage: dict[Any, int] = defaultdict(int)
    by_activity: dict[str, int] = defaultdict(int)
    by_type: dict[str, int] = defaultdict(int)
    for group in groups:
        g: dict[str, Any] = dict(group)
        n = g["n"]
        total += n
        by_period[g["g_period"]] += n
        by_stage[g["g_stage"]] += n
        by_activity[g["activity"]] += n
        for name in TYPE_FIELDS:
            by_type[name] += g[name] or 0
    by_region = {k: v for k, v in by_region_all.items() if k is not None}
    period_rows = [PeriodRow(p, by_period.get(p.number, 0)) for p in periods]
    stage_rows = [
        Row(s.code, s.name, by_stage.get(s.pk, 0), extra={"starts_on": s.starts_on, "ends_on": s.ends_on})
        for s in stages
    ]
    if by_stage.get(None):
        stage_rows.append(Row("", "Tanpa tahapan", by_stage[None]))
    return Overview(
        total=total,
        periods=PeriodRecap(period_rows, by_period.get(0, 0), by_period.get(len(periods) + 1, 0) if periods else 0),
        stages=stage_rows,
        regions=_region_rows(dict(by_region)),
        activities=[Row(v, str(label), by_activity.get(v, 0)) for v, label in ProkesViolation.Activity.choices],
        types=[Row(name, type_label(name), by_type[name]) for name in TYPE_FIELDS],
    )


def election_stages(election: Election) -> list[ElectionStage]:
    """The election's stages in calendar order."""
    return list(ElectionStage.objects.filter(election=election).order_by("order", "starts_on"))


def violations_by_period(
    user: Any, election: Election, filters: selectors.ViolationFilter | None = None
) -> PeriodRecap:
    """Violations per 10-day campaign period (every period listed, zero included)."""
    return violation_overview(user, election, filters).periods


def violations_by_stage(user: Any, election: Election, filters: selectors.ViolationFilter | None = None) -> list[Row]:
    """Per stage in calendar order (every stage listed, zero included)."""
    return violation_overview(user, election, filters).stages


def _grouped(qs: QuerySet[ProkesViolation], column: str) -> dict[Any, int]:
    """Counts per value of a key column (see ``_key``)."""
    return dict(
        qs.annotate(group_key=_key(column))
        .values("group_key")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("group_key", "n")
    )


def _region_rows(grouped: dict[int, int]) -> list[Row]:
    regions = Region.objects.filter(pk__in=list(grouped)).values_list("pk", "code", "name")
    rows = [Row(code, name, grouped[pk], code=code) for pk, code, name in regions]
    return sorted(rows, key=lambda r: (-r.count, r.code))


def violations_by_province(
    user: Any, election: Election, filters: selectors.ViolationFilter | None = None
) -> list[Row]:
    """Per province, most violations first."""
    cells = _cells_for(user, election, filters)
    if cells is None:
        return _region_rows({k: v for k, v in _grouped(_base(user, election, filters), "province_id").items() if k})
    grouped = _summed(cells, "province_id")
    return _region_rows({k: v for k, v in grouped.items() if k is not None})


def violations_by_kabkota(
    user: Any,
    election: Election,
    filters: selectors.ViolationFilter | None = None,
    *,
    province: Region | None = None,
) -> list[Row]:
    """Per kabupaten/kota (of one province when given), most violations first."""
    cells = _rollup_base(user, election, filters)
    if cells is not None:
        if province is not None:
            cells = cells.filter(province=province)
        grouped = _summed(cells, "kabkota_id")
    else:
        qs = _base(user, election, filters)
        if province is not None:
            qs = qs.filter(province=province)
        grouped = _grouped(qs, "kabkota_id")
    return _region_rows({k: v for k, v in grouped.items() if k is not None})


def violations_by_pair(
    user: Any, election: Election, filters: selectors.ViolationFilter | None = None, *, limit: int | None = None
) -> list[Row]:
    """Per paslon (most violations first), plus one row for violations by no paslon."""
    pair_cells = _pair_base(user, election, filters)
    cells = pair_cells if pair_cells is not None else _rollup_base(user, election, filters)
    grouped = _summed(cells, "pair_id") if cells is not None else _grouped(_base(user, election, filters), "pair_id")
    without = grouped.pop(None, 0)
    ranked = sorted(grouped.items(), key=lambda kv: -kv[1])
    if limit is not None:
        ranked = ranked[:limit]
    pairs = {
        p.pk: p
        for p in CandidatePair.objects.filter(pk__in=[pk for pk, _n in ranked]).select_related("contest__region")
    }
    rows = []
    for pk, n in ranked:
        p = pairs[pk]
        rows.append(
            Row(
                str(p.public_id),
                str(p),
                n,
                code=p.contest.region.code,
                extra={"contest": p.contest.region.name, "ballot_number": p.ballot_number},
            )
        )
    rows.sort(key=lambda r: (-r.count, r.code, r.label))
    if without:
        rows.append(Row("", "Bukan paslon (pendukung, penyelenggara, lainnya)", without))
    return rows


def violations_by_activity(
    user: Any, election: Election, filters: selectors.ViolationFilter | None = None
) -> list[Row]:
    return violation_overview(user, election, filters).activities


def violations_by_type(user: Any, election: Election, filters: selectors.ViolationFilter | None = None) -> list[Row]:
    """Per violation type; one violation may count under several types."""
    return violation_overview(user, election, filters).types


def violation_total(user: Any, election: Election, filters: selectors.ViolationFilter | None = None) -> int:
    cells = _cells_for(user, election, filters)
    if cells is not None:
        return int(cells.aggregate(n=Sum("violations"))["n"] or 0)
    return _base(user, election, filters).count()


# --- candidates' health ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HealthSummary:
    """Aggregated only (no names): counts of events and of distinct candidates per kind."""

    events: dict[str, int]
    candidates: dict[str, int]
    by_province: list[Row]
    pairs_affected: int


def health_summary(user: Any, election: Election) -> HealthSummary:
    """One grouped query — events per (kind, paslon, person, province), a few hundred rows at most
    — added up here into the event counts, distinct candidates per kind, positives per province and
    paslon affected."""
    qs = HealthEvent.objects.filter(access.health_event_q(user), pair__contest__election=election)
    events: dict[str, int] = dict.fromkeys(HealthEvent.Kind.values, 0)
    candidates: dict[str, set[tuple[int, str]]] = {k: set() for k in HealthEvent.Kind.values}
    positives: dict[int, int] = defaultdict(int)
    pairs: set[int] = set()
    grouped = qs.values_list("kind", "pair_id", "person", "province_id").annotate(n=Count("id")).order_by()
    for kind, pair_id, person, province_id, n in grouped:
        events[kind] = events.get(kind, 0) + n
        candidates.setdefault(kind, set()).add((pair_id, person))
        pairs.add(pair_id)
        if kind == HealthEvent.Kind.POSITIVE and province_id is not None:
            positives[province_id] += n
    return HealthSummary(
        events={k: events.get(k, 0) for k in HealthEvent.Kind.values},
        candidates={k: len(candidates.get(k, ())) for k in HealthEvent.Kind.values},
        by_province=_region_rows(dict(positives)),
        pairs_affected=len(pairs),
    )


# --- NPHD ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Realisation:
    key: str
    label: str
    agreements: int
    amount: Decimal
    paid: Decimal

    @property
    def percent(self) -> Decimal:
        return nphd.percent(self.paid, self.amount)


def nphd_realisation(user: Any, election: Election, as_of: date, *, region: Region | None = None) -> list[Realisation]:
    """Agreed and paid (up to ``as_of``) per recipient, with a final «Jumlah» row."""
    grants = GrantAgreement.objects.filter(access.election_q(user), election=election)
    if region is not None:
        grants = grants.filter(Q(province=region) | Q(kabkota=region) | Q(region=region))
    agreed = {
        r["recipient"]: (r["n"], r["amount"] or Decimal(0))
        for r in grants.values("recipient").annotate(n=Count("id"), amount=Sum("amount")).order_by()
    }
    paid = dict(
        Disbursement.objects.filter(agreement__in=grants, paid_on__lte=as_of)
        .values("agreement__recipient")
        .annotate(s=Sum("amount"))
        .order_by()
        .values_list("agreement__recipient", "s")
    )
    rows = [
        Realisation(
            value,
            str(label),
            agreed.get(value, (0, Decimal(0)))[0],
            agreed.get(value, (0, Decimal(0)))[1],
            paid.get(value) or Decimal(0),
        )
        for value, label in GrantAgreement.Recipient.choices
    ]
    rows.append(
        Realisation(
            "total",
            "Jumlah",
            sum(r.agreements for r in rows),
            sum((r.amount for r in rows), Decimal(0)),
            sum((r.paid for r in rows), Decimal(0)),
        )
    )
    return rows


@dataclass(frozen=True)
class RegionCompliance:
    code: str
    name: str
    agreements: int
    amount: Decimal
    paid: Decimal
    late: int
    missing: int
    worst_status: str
    recipients: dict[str, str]  # recipient → its worst tranche status

    @property
    def percent(self) -> Decimal:
        return nphd.percent(self.paid, self.amount)


def nphd_compliance_by_region(
    user: Any, election: Election, as_of: date, *, threshold_percent: Decimal | None = None
) -> list[RegionCompliance]:
    """Per granting region: realisation and the worst tranche status of its agreements as of a day.

    ``threshold_percent`` keeps only regions whose realisation is below it (e.g. 40, 90, 100).
    Two queries: the agreements, then their disbursements up to ``as_of``.
    """
    grants = list(
        GrantAgreement.objects.filter(access.election_q(user), election=election).values(
            "pk", "region__code", "region__name", "recipient", "signed_on", "amount"
        )
    )
    payments: dict[int, list[nphd.Payment]] = defaultdict(list)
    for agreement_id, paid_on, amount in Disbursement.objects.filter(
        agreement_id__in=[g["pk"] for g in grants], paid_on__lte=as_of
    ).values_list("agreement_id", "paid_on", "amount"):
        payments[agreement_id].append(nphd.Payment(paid_on, amount))
    order = (nphd.MISSING, nphd.LATE, nphd.PENDING, nphd.ON_TIME)
    grouped: dict[str, dict[str, Any]] = {}
    for g in grants:
        result = nphd.compliance(
            amount=g["amount"],
            signed_on=g["signed_on"],
            voting_date=election.voting_date,
            payments=payments[g["pk"]],
            as_of=as_of,
        )
        item = grouped.setdefault(
            g["region__code"],
            {
                "name": g["region__name"],
                "n": 0,
                "amount": Decimal(0),
                "paid": Decimal(0),
                "late": 0,
                "missing": 0,
                "rec": {},
            },
        )
        item["n"] += 1
        item["amount"] += result.amount
        item["paid"] += result.paid
        item["late"] += sum(1 for t in result.tranches if t.status == nphd.LATE)
        item["missing"] += sum(1 for t in result.tranches if t.status == nphd.MISSING)
        item["rec"][g["recipient"]] = result.worst_status
    rows = []
    for code, item in sorted(grouped.items()):
        worst = next(s for s in order if s in item["rec"].values())
        row = RegionCompliance(
            code,
            item["name"],
            item["n"],
            item["amount"],
            item["paid"],
            item["late"],
            item["missing"],
            worst,
            item["rec"],
        )
        if threshold_percent is None or row.paid * 100 < row.amount * threshold_percent:
            rows.append(row)
    return rows
