"""Laporan Informasi reads: every query goes through ``InformationReport.objects.visible_to``
(need-to-know: an FKDM member sees only their own; RAHASIA only to ``access.SECRET_LI_ROLES`` and
the reporter; another region's LI is not there at all)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from waspada.alerts.models import Alert, Grade, InformationReport

MAX_QUERY = 200


@dataclass(frozen=True)
class LIFilters:
    classification: str = ""
    status: str = ""
    region: str = ""
    source_grade: str = ""
    q: str = ""


def parse_filters(data: Mapping[str, Any]) -> LIFilters:
    """Filters from a query string; unknown values are ignored (the list shows everything)."""

    def value(name: str) -> str:
        raw = data.get(name, "")
        return raw.strip() if isinstance(raw, str) else ""

    classification = value("klasifikasi")
    status = value("status")
    region = value("wilayah")
    grade = value("nilai_sumber").upper()
    return LIFilters(
        classification=classification if classification in InformationReport.Classification.values else "",
        status=status if status in InformationReport.Status.values else "",
        region=region if region.replace(".", "").isdigit() and len(region) <= 13 else "",
        source_grade=grade if grade in {"A", "B", "C", "D", "E", "F"} else "",
        q=value("q")[:MAX_QUERY].replace("\x00", ""),
    )


def reports_for(user: Any) -> QuerySet[InformationReport]:
    return (
        InformationReport.objects.visible_to(user)
        .filter(deleted_at__isnull=True)
        .select_related("region", "reporter", "source_grade", "information_grade")
    )


def report_list(user: Any, filters: LIFilters) -> QuerySet[InformationReport]:
    qs = reports_for(user)
    if filters.classification:
        qs = qs.filter(classification=filters.classification)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        qs = qs.filter(Q(region__code=filters.region) | Q(region__code__startswith=filters.region + "."))
    if filters.source_grade:
        qs = qs.filter(source_grade__code=filters.source_grade)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(fact_what__icontains=filters.q))
    return qs.order_by("-obtained_at", "-id")


def attachments_of(report: InformationReport) -> QuerySet[Any]:
    return report.attachments.filter(deleted_at__isnull=True).order_by("created_at")


def linked_alerts(user: Any, report: InformationReport) -> QuerySet[Alert]:
    """Alerts linked to (or opened from) the LI that the user may read."""
    return (
        Alert.objects.visible_to(user)
        .filter(Q(information_reports=report) | Q(source_report=report))
        .distinct()
        .select_related("region")
    )


def linked_incidents(user: Any, report: InformationReport) -> QuerySet[Any]:
    from waspada.incidents.models import Incident

    return Incident.objects.visible_to(user).filter(information_reports=report, deleted_at__isnull=True)


def grades(kind: str) -> QuerySet[Grade]:
    return Grade.objects.filter(kind=kind).order_by("order")
