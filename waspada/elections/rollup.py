"""The violation rollups (``ViolationRollup`` and its sum over contests, kabupaten/kota and
paslon, ``ViolationProvinceRollup``): refresh of the touched cells inside each writing
transaction, and the full rebuild per election. Only live (not deleted) violations count.

A cell is contest × kabupaten/kota × 10-day period × stage × paslon × activity × source (the
violation's source: Bawaslu, police, …, so a recap filtered by source reads cells too). The period of a
violation is computed by the same database expression as the recap used on the violation table
(``recap.period_bucket``: local midnights of WIB, WITA and WIT as instants), so the rollup gives
exactly the numbers of a fresh aggregation.

Refreshing is keyed by (contest, kabupaten/kota, stage, paslon, activity, source) — every period
of that key is recomputed, a few dozen violations at most; the province cells of (election,
province, stage, activity, source) are summed again from the fine cells (exact, and a covering-index read) — and
runs in the service's transaction after the contest row is locked: the cells commit with the
violation (a recap opened right after shows it) and two writers of one contest cannot interleave
their recounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import connections, router, transaction
from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value

from waspada.elections import selectors
from waspada.elections.models import (
    Contest,
    Election,
    ProkesViolation,
    ViolationPairRollup,
    ViolationProvinceRollup,
    ViolationRollup,
)

BATCH = 5000
# The source of the cells that sum every source (what the recaps read without a source filter).
ALL_SOURCES = ""
KEY_FIELDS = ("contest_id", "province_id", "kabkota_id", "pair_id", "stage_id", "activity", "source")
PROVINCE_KEY_FIELDS = ("province_id", "stage_id", "activity", "source")


class RollupKey(NamedTuple):
    contest_id: int
    kabkota_id: int | None
    stage_id: int | None
    pair_id: int | None
    activity: str
    source: str
    province_id: int | None = None


def key_of(violation: ProkesViolation) -> RollupKey | None:
    """The cells a violation counts in now (every period of this key), or None when deleted."""
    if violation.deleted_at is not None:
        return None
    return RollupKey(
        violation.contest_id,
        violation.kabkota_id,
        violation.stage_id,
        violation.pair_id,
        violation.activity,
        violation.source,
        violation.province_id,
    )


def _aggregates() -> dict[str, Any]:
    values: dict[str, Any] = {"n": Count("id"), "p_sum": Sum("participants")}
    for name in ProkesViolation.VIOLATION_FIELDS:
        values[f"t_{name}"] = Count("id", filter=Q(**{name: True}))
    values["t_other"] = Count("id", filter=~Q(other_violation=""))
    return values


def _grouped(election: Election, violations: QuerySet[ProkesViolation], keys: tuple[str, ...]) -> Any:
    from waspada.elections.recap import period_bucket

    periods = selectors.campaign_periods(election)
    bucket = period_bucket(periods) if periods else Value(0, output_field=IntegerField())
    return (
        violations.filter(deleted_at__isnull=True)
        .annotate(g_period=bucket)
        .values(*keys, "g_period")
        .annotate(**_aggregates())
        .order_by()
    )


def _measures(g: dict[str, Any]) -> dict[str, Any]:
    return {
        "period": g["g_period"],
        "violations": g["n"],
        "participants": g["p_sum"] or 0,
        **{name: g[f"t_{name}"] for name in ViolationRollup.COUNT_FIELDS},
    }


def _with_totals(cells: list[Any], model: Any, key_fields: tuple[str, ...]) -> list[Any]:
    """``cells`` (one per source) plus, for each key and period, the cell of all sources
    (``source`` ``ALL_SOURCES``): their sums. The unfiltered recaps read only those, so adding the
    source to the key costs them nothing."""
    measures = ("violations", "participants", *ViolationRollup.COUNT_FIELDS)
    totals: dict[tuple[Any, ...], dict[str, Any]] = {}
    for cell in cells:
        key = (cell.election_id, cell.period, *(getattr(cell, k) for k in key_fields if k != "source"))
        total = totals.get(key)
        if total is None:
            total = totals[key] = {
                "election_id": cell.election_id,
                "period": cell.period,
                **{k: getattr(cell, k) for k in key_fields if k != "source"},
                "source": ALL_SOURCES,
                **{m: 0 for m in measures},
            }
        for m in measures:
            total[m] += getattr(cell, m)
    return [*cells, *(model(**t) for t in totals.values())]


def _cells(election: Election, violations: QuerySet[ProkesViolation]) -> list[ViolationRollup]:
    per_source = [
        ViolationRollup(election_id=election.pk, **{k: g[k] for k in KEY_FIELDS}, **_measures(g))
        for g in _grouped(election, violations, KEY_FIELDS)
    ]
    return _with_totals(per_source, ViolationRollup, KEY_FIELDS)


def _province_cells(election_id: int, fine: QuerySet[ViolationRollup]) -> list[ViolationProvinceRollup]:
    """Province cells summed from the fine cells (exact: the same counts, added up)."""
    sums: dict[str, Any] = {name: Sum(name) for name in ("violations", "participants", *ViolationRollup.COUNT_FIELDS)}
    grouped = fine.values(*PROVINCE_KEY_FIELDS, "period").annotate(**{f"s_{k}": v for k, v in sums.items()}).order_by()
    return [
        ViolationProvinceRollup(
            election_id=election_id,
            **{k: g[k] for k in (*PROVINCE_KEY_FIELDS, "period")},
            **{name: g[f"s_{name}"] or 0 for name in sums},
        )
        for g in grouped
    ]


def _pair_cells(election_id: int, fine: QuerySet[ViolationRollup]) -> list[ViolationPairRollup]:
    """Paslon cells summed from the fine cells (per source and all sources, as the fine cells are)."""
    grouped = fine.values("province_id", "pair_id", "source").annotate(n=Sum("violations")).order_by()
    return [
        ViolationPairRollup(
            election_id=election_id,
            province_id=g["province_id"],
            pair_id=g["pair_id"],
            source=g["source"],
            violations=g["n"] or 0,
        )
        for g in grouped
    ]


def refresh(keys: Iterable[RollupKey | None]) -> int:
    """Recompute the cells of the given keys from the violation table (idempotent); returns
    the cells written. Call inside the writing transaction (it locks each key's contest row)."""
    wanted = sorted({k for k in keys if k is not None}, key=lambda k: (k.contest_id, str(k)))
    if not wanted:
        return 0
    written = 0
    with transaction.atomic():
        contests = {
            c.pk: c
            for c in Contest.objects.select_for_update(of=("self",))
            .select_related("election")
            .filter(pk__in={k.contest_id for k in wanted})
            .order_by("pk")
        }
        for key in wanted:
            # Every source of the key at once: its cells and the all-sources cells that sum them.
            match = {
                "contest_id": key.contest_id,
                "kabkota_id": key.kabkota_id,
                "stage_id": key.stage_id,
                "pair_id": key.pair_id,
                "activity": key.activity,
            }
            ViolationRollup.objects.filter(**match).delete()
            cells = _cells(contests[key.contest_id].election, ProkesViolation.objects.filter(**match))
            ViolationRollup.objects.bulk_create(cells)
            written += len(cells)
        # The province cells of the same election, province, stage and activity (all contests,
        # every source and the all-sources cells).
        for election_id, province_id, stage_id, activity in sorted(
            {(contests[k.contest_id].election_id, k.province_id, k.stage_id, k.activity) for k in wanted},
            key=str,
        ):
            match_p = {
                "election_id": election_id,
                "province_id": province_id,
                "stage_id": stage_id,
                "activity": activity,
            }
            ViolationProvinceRollup.objects.filter(**match_p).delete()
            province_cells = _province_cells(election_id, ViolationRollup.objects.filter(**match_p))
            ViolationProvinceRollup.objects.bulk_create(province_cells)
            written += len(province_cells)
        # The paslon cells of the touched (election, province, paslon).
        for election_id, province_id, pair_id in sorted(
            {(contests[k.contest_id].election_id, k.province_id, k.pair_id) for k in wanted}, key=str
        ):
            match_pair = {"election_id": election_id, "province_id": province_id, "pair_id": pair_id}
            ViolationPairRollup.objects.filter(**match_pair).delete()
            pair_cells = _pair_cells(election_id, ViolationRollup.objects.filter(**match_pair))
            ViolationPairRollup.objects.bulk_create(pair_cells)
            written += len(pair_cells)
    return written


def rebuild(election: Election | None = None) -> int:
    """Rebuild the cells of one election (or of every election) from scratch, in one transaction:
    readers see the old cells until the new ones are committed. Returns the cells written."""
    elections = [election] if election is not None else list(Election.objects.order_by("pk"))
    written = 0
    with transaction.atomic():
        for e in elections:
            ViolationRollup.objects.filter(election=e).delete()
            ViolationProvinceRollup.objects.filter(election=e).delete()
            contests = Contest.objects.filter(election=e).order_by().values("id")
            cells = _cells(e, ProkesViolation.objects.filter(contest_id__in=contests))
            ViolationRollup.objects.bulk_create(cells, batch_size=BATCH)
            province_cells = _province_cells(e.pk, ViolationRollup.objects.filter(election=e))
            ViolationProvinceRollup.objects.bulk_create(province_cells, batch_size=BATCH)
            ViolationPairRollup.objects.filter(election=e).delete()
            pair_cells = _pair_cells(e.pk, ViolationRollup.objects.filter(election=e))
            ViolationPairRollup.objects.bulk_create(pair_cells, batch_size=BATCH)
            written += len(cells)
        # Fresh planner statistics: with them SQLite picks the region index for a province scope
        # (without, the overview index and a row lookup each: ~10× slower on 100,000 violations).
        connection = connections[router.db_for_write(ViolationRollup)]
        with connection.cursor() as cursor:
            for model in (ViolationRollup, ViolationProvinceRollup, ViolationPairRollup):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return written


def fresh_cells(election: Election) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """The cells a rebuild would write now, as {key: counts} (for the consistency tests)."""
    contests = Contest.objects.filter(election=election).order_by().values("id")
    return {
        _cell_key(c): _cell_counts(c) for c in _cells(election, ProkesViolation.objects.filter(contest_id__in=contests))
    }


def stored_cells(election: Election) -> dict[tuple[Any, ...], tuple[int, ...]]:
    return {_cell_key(c): _cell_counts(c) for c in ViolationRollup.objects.filter(election=election)}


def fresh_province_cells(election: Election) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """The province cells aggregated from the violations themselves (not from the fine cells)."""
    contests = Contest.objects.filter(election=election).order_by().values("id")
    grouped = _grouped(election, ProkesViolation.objects.filter(contest_id__in=contests), PROVINCE_KEY_FIELDS)
    cells: dict[tuple[Any, ...], tuple[int, ...]] = {}
    for g in grouped:
        counts = (g["n"], g["p_sum"] or 0, *(g[f"t_{name}"] for name in ViolationRollup.COUNT_FIELDS))
        cells[(g["province_id"], g["stage_id"], g["activity"], g["source"], g["g_period"])] = counts
        every = (g["province_id"], g["stage_id"], g["activity"], ALL_SOURCES, g["g_period"])
        previous = cells.get(every, (0,) * len(counts))
        cells[every] = tuple(a + b for a, b in zip(previous, counts, strict=True))
    return cells


def stored_province_cells(election: Election) -> dict[tuple[Any, ...], tuple[int, ...]]:
    return {
        (c.province_id, c.stage_id, c.activity, c.source, c.period): _cell_counts(c)
        for c in ViolationProvinceRollup.objects.filter(election=election)
    }


def stored_pair_cells(election: Election) -> dict[tuple[Any, ...], int]:
    cells = ViolationPairRollup.objects.filter(election=election)
    return {(c.province_id, c.pair_id, c.source): c.violations for c in cells}


def fresh_pair_cells(election: Election) -> dict[tuple[Any, ...], int]:
    """The paslon cells summed from the fine cells a rebuild would write (for the consistency tests)."""
    cells: dict[tuple[Any, ...], int] = {}
    for (_c, province, _k, pair, _s, _a, source, _period), counts in fresh_cells(election).items():
        cells[(province, pair, source)] = cells.get((province, pair, source), 0) + counts[0]
    return cells


def _cell_key(c: ViolationRollup) -> tuple[Any, ...]:
    return (c.contest_id, c.province_id, c.kabkota_id, c.pair_id, c.stage_id, c.activity, c.source, c.period)


def _cell_counts(c: ViolationRollup | ViolationProvinceRollup) -> tuple[int, ...]:
    return (c.violations, c.participants, *(getattr(c, n) for n in ViolationRollup.COUNT_FIELDS))
