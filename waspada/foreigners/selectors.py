"""Reads about foreigners for pages, the API and exports. Always scoped (``visible_to``), and never
loading the encrypted columns where only masked values are shown (lists, recaps, exports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from waspada.foreigners.detection import EXPIRY_WINDOW_DAYS
from waspada.foreigners.identity import nationality_name, normalise_nationality
from waspada.foreigners.models import ForeignNational, ForeignOrganisation, Purpose, VisitRequest
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


def with_permit_end(qs: Any) -> Any:
    return qs.annotate(permit_until=Max("permits__valid_until", filter=Q(permits__deleted_at__isnull=True)))


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
    qs = with_permit_end(
        ForeignNational.objects.visible_to(user).alive().select_related("region", "kabkota").defer(*PII_COLUMNS)
    )
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
    """Counts by nationality, purpose, permit status and kabupaten/kota (GROUP BY in the database)."""
    qs = foreigners_for_user(user, filters, today).order_by()
    total = qs.count()
    present = qs.filter(is_present=True).count()
    nat = qs.values("nationality").annotate(n=Count("id", distinct=True)).order_by("-n", "nationality")
    purposes = dict(qs.values_list("purpose").annotate(n=Count("id", distinct=True)))
    # One conditional aggregate over the per-person permit end (Django wraps it in a subquery).
    statuses = qs.aggregate(**{key: Count("id", filter=permit_status_q(key, today)) for key in PERMIT_STATUSES})
    kab = (
        qs.values("kabkota__code", "kabkota__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "kabkota__code")
    )
    return Recap(
        total=total,
        present=present,
        by_nationality=[(r["nationality"], nationality_name(r["nationality"]), r["n"]) for r in nat],
        by_purpose=[(value, str(label), purposes.get(value, 0)) for value, label in Purpose.choices],
        by_permit_status=[(k, label, statuses.get(k, 0)) for k, label in PERMIT_STATUSES.items()],
        by_kabkota=[(r["kabkota__code"] or "—", r["kabkota__name"] or "—", r["n"]) for r in kab],
    )


def organisations_for_user(user: Any) -> QuerySet[ForeignOrganisation]:
    return ForeignOrganisation.objects.visible_to(user).alive().select_related("region").order_by("name")


def visits_for_user(user: Any, decision: str = "") -> QuerySet[VisitRequest]:
    qs = VisitRequest.objects.visible_to(user).alive().select_related("region")
    if decision:
        qs = qs.filter(decision=decision)
    return qs.order_by("-planned_from", "id")
