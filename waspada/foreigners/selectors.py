"""Reads about foreigners for pages, the API and exports. Always scoped (``visible_to``), and never
loading the encrypted columns where only masked values are shown (lists, recaps, exports)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from waspada.foreigners.detection import EXPIRY_WINDOW_DAYS
from waspada.foreigners.identity import nationality_name, normalise_nationality
from waspada.foreigners.models import (
    ForeignerRecapCell,
    ForeignNational,
    ForeignOrganisation,
    Purpose,
    VisitRequest,
)
from waspada.regions import access
from waspada.regions.models import Region

PII_COLUMNS = ("passport_number", "address", "birth_date")

PERMIT_STATUSES = {
    "berlaku": "Berlaku",
    "segera_berakhir": "Berakhir ≤ 30 hari",
    "berakhir": "Sudah berakhir",
    "tanpa_izin": "Tanpa izin tercatat",
}


@dataclass
class ForeignerFilter:
    q: str = ""
    nationality: str = ""
    passport: str = ""
    purpose: str = ""
    region: Region | None = None
    permit_status: str = ""
    present_only: bool = False
    digests: tuple[str, ...] = ()


def permit_status_q(status: str, today: date) -> Q:
    soon = today + timedelta(days=EXPIRY_WINDOW_DAYS)
    if status == "berlaku":
        return Q(permit_until__gt=soon)
    if status == "segera_berakhir":
        return Q(permit_until__gte=today, permit_until__lte=soon)
    if status == "berakhir":
        return Q(permit_until__lt=today)
    if status == "tanpa_izin":
        return Q(permit_until__isnull=True)
    return Q()


def permit_status_of(until: date | None, today: date) -> str:
    if until is None:
        return "tanpa_izin"
    if until < today:
        return "berakhir"
    if until <= today + timedelta(days=EXPIRY_WINDOW_DAYS):
        return "segera_berakhir"
    return "berlaku"


def foreigners_for_user(user: Any, filters: ForeignerFilter, today: date) -> Any:
    # ``permit_until`` is a column (kept by the services), so the permit status needs no join.
    qs = ForeignNational.objects.visible_to(user).alive().select_related("region", "kabkota").defer(*PII_COLUMNS)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(sponsor__icontains=filters.q))
    if filters.nationality:
        qs = qs.filter(nationality=normalise_nationality(filters.nationality))
    if filters.passport:
        qs = qs.with_passport(filters.passport)
    if filters.digests:
        qs = qs.filter(passport_digest__in=filters.digests)
    if filters.purpose:
        qs = qs.filter(purpose=filters.purpose)
    if filters.region is not None:
        r = filters.region
        if r.level == "provinsi":
            qs = qs.filter(province=r)
        elif r.level in Region.KABKOTA_LEVELS:
            qs = qs.filter(kabkota=r)
        else:
            qs = qs.filter(Q(region__code=r.code) | Q(region__code__startswith=r.code + "."))
    if filters.present_only:
        qs = qs.filter(is_present=True)
    if filters.permit_status:
        qs = qs.filter(permit_status_q(filters.permit_status, today))
    return qs.order_by("name", "id")


@dataclass
class Recap:
    total: int
    present: int
    by_nationality: list[tuple[str, str, int]]
    by_purpose: list[tuple[str, str, int]]
    by_permit_status: list[tuple[str, str, int]]
    by_kabkota: list[tuple[str, str, int]]


def recap_for_user(user: Any, filters: ForeignerFilter, today: date) -> Recap:
    """Counts by nationality, purpose, permit status and kabupaten/kota.

    Nationally or for a whole province with no other filter (and a user who reads whole
    provinces or everything), from the recap cells (``recap_cells``): a few thousand rows per
    dimension instead of every person. Otherwise three GROUP BY queries on the person table
    alone, each reading one index of live rows (``foreigner_recap_*``): by kabupaten/kota and
    presence, by nationality and purpose, by permit end date. Both give the same ``Recap``; the
    permit statuses are counted from the end dates against ``today`` either way."""
    cells = _recap_cells_for(user, filters)
    if cells is not None:
        return _recap_from_cells(cells, today)
    qs = foreigners_for_user(user, filters, today).order_by()
    everyone = Count("*")
    kab_rows = qs.values_list("kabkota_id", "is_present").annotate(n=everyone)
    nat_rows = qs.values_list("nationality", "purpose").annotate(n=everyone)
    statuses = dict.fromkeys(PERMIT_STATUSES, 0)
    for until, n in qs.values_list("permit_until").annotate(n=everyone):
        statuses[permit_status_of(until, today)] += n
    return _recap(kab_rows, nat_rows, statuses)


def _recap_cells_for(user: Any, filters: ForeignerFilter) -> QuerySet[ForeignerRecapCell] | None:
    """The cells that answer this recap, or None when only the person table can: a filter other
    than a province, or a user who reads less than whole provinces (a kabupaten/kota)."""
    other_filters = (
        filters.q,
        filters.nationality,
        filters.passport,
        filters.digests,
        filters.purpose,
        filters.permit_status,
        filters.present_only,
    )
    if any(other_filters):
        return None
    if filters.region is not None and filters.region.level != Region.Level.PROVINSI:
        return None
    visible = access.foreigner_province_q(user)
    if visible is None:
        return None
    cells = ForeignerRecapCell.objects.filter(visible)
    if filters.region is not None:
        cells = cells.filter(province=filters.region)
    return cells.order_by()


def _recap_from_cells(cells: QuerySet[ForeignerRecapCell], today: date) -> Recap:
    D = ForeignerRecapCell.Dimension
    people = Sum("people")
    kab_rows = cells.filter(dimension=D.KABKOTA).values_list("kabkota_id", "is_present").annotate(n=people)
    nat_rows = cells.filter(dimension=D.NATIONALITY).values_list("nationality", "purpose").annotate(n=people)
    # The four statuses in one pass over the permit-end cells, from today's boundaries.
    sums = cells.filter(dimension=D.PERMIT).aggregate(
        **{status: Sum("people", filter=permit_status_q(status, today)) for status in PERMIT_STATUSES}
    )
    statuses = {status: sums[status] or 0 for status in PERMIT_STATUSES}
    return _recap(kab_rows, nat_rows, statuses)


def _recap(
    kab_rows: Iterable[tuple[int | None, bool, int]], nat_rows: Iterable[tuple[str, str, int]], statuses: dict[str, int]
) -> Recap:
    kab_counts: dict[int | None, int] = {}
    total = present = 0
    for kabkota_id, is_present, n in kab_rows:
        kab_counts[kabkota_id] = kab_counts.get(kabkota_id, 0) + n
        total += n
        present += n if is_present else 0
    nationalities: dict[str, int] = {}
    purposes: dict[str, int] = {}
    for nationality, purpose, n in nat_rows:
        nationalities[nationality] = nationalities.get(nationality, 0) + n
        purposes[purpose] = purposes.get(purpose, 0) + n
    regions = Region.objects.filter(pk__in=[k for k in kab_counts if k])
    names = {pk: (code, name) for pk, code, name in regions.values_list("pk", "code", "name")}
    kab = sorted(
        ((*names.get(pk or 0, ("—", "—")), n) for pk, n in kab_counts.items()), key=lambda row: (-row[2], row[0])
    )
    nat = sorted(nationalities.items(), key=lambda item: (-item[1], item[0]))
    return Recap(
        total=total,
        present=present,
        by_nationality=[(code, nationality_name(code), n) for code, n in nat],
        by_purpose=[(value, str(label), purposes.get(value, 0)) for value, label in Purpose.choices],
        by_permit_status=[(k, label, statuses[k]) for k, label in PERMIT_STATUSES.items()],
        by_kabkota=kab,
    )


def organisations_for_user(user: Any) -> QuerySet[ForeignOrganisation]:
    return ForeignOrganisation.objects.visible_to(user).alive().select_related("region").order_by("name")


def visits_for_user(user: Any, decision: str = "") -> QuerySet[VisitRequest]:
    qs = VisitRequest.objects.visible_to(user).alive().select_related("region")
    if decision:
        qs = qs.filter(decision=decision)
    return qs.order_by("-planned_from", "id")
