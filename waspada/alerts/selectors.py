"""Reads for the alert pages: the filtered list, "my alerts", the map counts, response times.

Always scoped through ``access`` (``Alert.objects.visible_to``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.alerts.models import Alert, AlertAction, AlertRule
from waspada.core.timezones import to_local
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports import calendar


def today(now: datetime | None = None) -> date:
    """Today for "overdue": the date in WIB, the westernmost zone (a due date has passed
    everywhere once it has passed there)."""
    return to_local(now or timezone.now(), "WIB").date()


def overdue_q(day: date) -> Q:
    return Q(status=Alert.Status.RESPONDING, due_on__lt=day)


@dataclass
class AlertFilters:
    """The list's filters, already checked; ``errors`` holds Indonesian messages for bad values."""

    status: str = ""
    rule: str = ""
    region: Region | None = None
    week_from: str = ""
    week_to: str = ""
    risk: str = ""
    overdue: bool = False
    errors: list[str] = field(default_factory=list)

    def as_params(self) -> dict[str, str]:
        out = {
            "status": self.status,
            "aturan": self.rule,
            "wilayah": self.region.code if self.region else "",
            "dari": self.week_from,
            "sampai": self.week_to,
            "risiko": self.risk,
            "terlambat": "1" if self.overdue else "",
        }
        return {k: v for k, v in out.items() if v}


def parse_filters(user: Any, data: Mapping[str, Any]) -> AlertFilters:
    """Read the list's query string; a bad value is ignored with a message (the list still shows)."""
    f = AlertFilters()
    status = str(data.get("status") or "").strip()
    if status == "terbuka" or status in Alert.Status.values:
        f.status = status
    elif status:
        f.errors.append(_("Status «%(v)s» tidak dikenal.") % {"v": status[:40]})
    rule = str(data.get("aturan") or "").strip()
    if rule:
        if AlertRule.objects.filter(code=rule).exists():
            f.rule = rule
        else:
            f.errors.append(_("Aturan «%(v)s» tidak dikenal.") % {"v": rule[:60]})
    code = str(data.get("wilayah") or "").strip()
    if code:
        region = Region.objects.visible_to(user).filter(code=code).first()
        if region is None:
            f.errors.append(_("Wilayah «%(v)s» tidak ditemukan dalam cakupan Anda.") % {"v": code[:20]})
        else:
            f.region = region
    for key, attr in (("dari", "week_from"), ("sampai", "week_to")):
        raw = str(data.get(key) or "").strip()
        if raw:
            try:
                setattr(f, attr, calendar.Week.parse(raw).key)
            except calendar.BadPeriodKey:
                f.errors.append(_("Minggu «%(v)s» tidak sah (contoh: 2020-W40).") % {"v": raw[:20]})
    risk = str(data.get("risiko") or "").strip()
    if risk in Alert.Risk.values:
        f.risk = risk
    elif risk:
        f.errors.append(_("Tingkat risiko «%(v)s» tidak dikenal.") % {"v": risk[:40]})
    f.overdue = str(data.get("terlambat") or "") in ("1", "on", "true", "ya")
    return f


def alerts_for(user: Any) -> QuerySet[Alert]:
    return Alert.objects.visible_to(user).select_related("region", "rule", "owner", "province")


def alert_list(user: Any, filters: AlertFilters, *, now: datetime | None = None) -> QuerySet[Alert]:
    qs = alerts_for(user)
    if filters.status == "terbuka":
        qs = qs.filter(status__in=Alert.OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.rule:
        qs = qs.filter(rule__code=filters.rule)
    if filters.region is not None:
        r = filters.region
        if r.is_province:
            qs = qs.filter(province_id=r.pk)
        elif r.is_kabkota:
            qs = qs.filter(kabkota_id=r.pk)
        else:
            qs = qs.filter(Q(region__code=r.code) | Q(region__code__startswith=r.code + "."))
    if filters.week_from:
        qs = qs.filter(week_key__gte=filters.week_from)
    if filters.week_to:
        qs = qs.filter(week_key__lte=filters.week_to)
    if filters.risk:
        qs = qs.filter(risk=filters.risk)
    if filters.overdue:
        qs = qs.filter(overdue_q(today(now)))
    return qs.order_by("-week_key", "-created_at")


def my_alerts(user: Any, *, now: datetime | None = None) -> QuerySet[Alert]:
    """Peringatan saya: open alerts I own, and (for handlers) new alerts in my scope."""
    mine = Q(owner_id=user.pk, status__in=Alert.OPEN_STATUSES)
    if access.has_role(user, *access.ALERT_HANDLER_ROLES) and not access.is_read_only(user):
        mine |= Q(status=Alert.Status.NEW)
    return alerts_for(user).filter(mine).order_by("due_on", "-week_key", "-created_at")


def kabkota_counts(qs: QuerySet[Alert]) -> dict[str, int]:
    """Alerts per kabupaten/kota code (for the map), one grouped query."""
    rows = qs.order_by().filter(kabkota__isnull=False).values("kabkota__code").annotate(n=Count("id"))
    return {r["kabkota__code"]: r["n"] for r in rows}


def actions_of(alert: Alert) -> QuerySet[AlertAction]:
    return alert.actions.select_related("user").order_by("at", "id")


def status_counts(qs: QuerySet[Alert]) -> dict[str, int]:
    rows = qs.order_by().values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


# --- response times -----------------------------------------------------------------------------


@dataclass
class Durations:
    """Hours from an alert's opening to one step: how many, the median and the mean."""

    count: int
    median: float | None
    mean: float | None


@dataclass
class ResponseRow:
    province_code: str
    province_name: str
    alerts: int
    to_verification: Durations
    to_response: Durations
    to_closure: Durations


def _durations(hours: list[float]) -> Durations:
    if not hours:
        return Durations(0, None, None)
    return Durations(len(hours), round(statistics.median(hours), 1), round(statistics.fmean(hours), 1))


def response_times(user: Any, *, week_from: str = "", week_to: str = "") -> tuple[list[ResponseRow], ResponseRow]:
    """Per province (and overall): hours from opening to verification, to response, to closure —
    median and mean over the alerts that reached each step. Discarded alerts count for
    verification only (their closing is not a response)."""
    qs = Alert.objects.visible_to(user)
    if week_from:
        qs = qs.filter(week_key__gte=week_from)
    if week_to:
        qs = qs.filter(week_key__lte=week_to)
    rows = qs.order_by().values_list(
        "province__code", "province__name", "status", "created_at", "verified_at", "responded_at", "closed_at"
    )
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(row[0] or "", row[1] or "")].append(row)

    def build(code: str, name: str, items: list[Any]) -> ResponseRow:
        ver, resp, clo = [], [], []
        for _c, _n, status, created, verified, responded, closed in items:
            if verified:
                ver.append((verified - created).total_seconds() / 3600)
            if responded:
                resp.append((responded - created).total_seconds() / 3600)
            if closed and status == Alert.Status.CLOSED:
                clo.append((closed - created).total_seconds() / 3600)
        return ResponseRow(code, name, len(items), _durations(ver), _durations(resp), _durations(clo))

    out = [build(code, name, items) for (code, name), items in sorted(groups.items())]
    total = build("", _("Semua provinsi"), [r for items in groups.values() for r in items])
    return out, total
