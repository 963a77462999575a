"""Sending report reminders (in-app and e-mail) for the system jobs ``send_report_reminders`` and
``mark_overdue``. ``reminders.py`` decides what is due; this module loads its inputs, sends
through ``core.notifications.notify`` and records an audit event for every region it told.

Idempotent: every notification carries a ``dedupe_key`` per (period, region, kind) — per
(period, province) for the verifikators' overdue summary — so a second run sends nothing new.
These jobs act for no user, so they read regions through ``system_reporting_regions`` (all
regions the programme expects) instead of a user's scope.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waspada.core import audit
from waspada.core.notifications import notify
from waspada.core.timezones import format_local
from waspada.regions.models import Region
from waspada.reports import calendar, reminders
from waspada.reports.models import ReportingPeriod, ReportingProgramme, SituationReport
from waspada.reports.reminders import DUE_SOON, OVERDUE, Reminder
from waspada.reports.selectors import ReportingRegion, contacts_for

KIND_DUE_SOON = "report.reminder.due_soon"
KIND_OVERDUE = "report.reminder.overdue"
KIND_OVERDUE_SUMMARY = "report.reminder.overdue_summary"


@dataclass
class Sent:
    """What one run did: the reminders that were due, and what was actually sent now."""

    due: list[Reminder] = field(default_factory=list)
    regions_notified: list[str] = field(default_factory=list)
    notifications: int = 0
    summaries: list[str] = field(default_factory=list)  # province codes whose verifikators got a summary
    without_contact: list[str] = field(default_factory=list)  # due, but nobody to tell


def system_reporting_regions(programme: ReportingProgramme) -> list[ReportingRegion]:
    """Every region the programme expects (any validity), by code — for system jobs that act
    for no user. Pages and the API use ``selectors.reporting_regions(user, …)`` instead."""
    rows = (
        Region.objects.filter(level__in=programme.levels)
        .order_by("code")
        .values_list("id", "code", "name", "level", "timezone", "valid_from", "valid_until")
    )
    return [ReportingRegion(i, c, n, lv, tz, c[:2], vf, vu) for i, c, n, lv, tz, vf, vu in rows]


def due_reminders(
    *,
    programme: ReportingProgramme,
    now: datetime,
    kinds: Sequence[str],
    weeks: Sequence[calendar.Week] | None = None,
    provinces: Collection[str] | None = None,
) -> tuple[list[Reminder], dict[str, ReportingRegion], dict[str, ReportingPeriod]]:
    """The reminders due at ``now`` for the programme's open periods (among ``weeks``, default:
    the weeks around ``now``), with the regions and periods they name. ``provinces`` limits
    them to some provinces (the demo); the commands cover every region."""
    window = timedelta(hours=programme.reminder_hours_before)
    candidates = list(weeks) if weeks is not None else reminders.candidate_weeks(now, programme.deadline_offset, window)
    periods = {
        p.key: p for p in ReportingPeriod.objects.filter(programme=programme, key__in=[w.key for w in candidates])
    }
    open_weeks = [w for w in candidates if w.key in periods]
    regions = system_reporting_regions(programme)
    if provinces is not None:
        regions = [r for r in regions if r.province_code in provinces]
    received = set(
        SituationReport.objects.filter(period__in=list(periods.values()), first_submitted_at__lte=now).values_list(
            "region__code", "period__key"
        )
    )
    due = reminders.reminders_due(
        regions=regions,
        weeks=open_weeks,
        offset=programme.deadline_offset,
        window=window,
        received=received,
        now=now,
        kinds=kinds,
    )
    return due, {r.code: r for r in regions}, periods


def _write_url(region_code: str, period_key: str) -> str:
    try:
        return reverse("reports:write", kwargs={"code": region_code, "period": period_key})
    except NoReverseMatch:  # the report pages are not mounted (a trimmed deployment)
        return ""


def _message(reminder: Reminder, region: ReportingRegion, programme: ReportingProgramme) -> tuple[str, str, str]:
    """(kind, title, body) in Indonesian, times in the region's zone with the zone name."""
    deadline = format_local(reminder.deadline, reminder.zone)
    params = {"region": region.name, "period": reminder.period_key, "deadline": deadline}
    if reminder.kind == DUE_SOON:
        title = _("Pengingat: laporan situasi %(period)s %(region)s ditunggu sebelum %(deadline)s") % params
        body = (
            _(
                "Laporan situasi mingguan %(region)s untuk periode %(period)s belum dikirim. Batas waktunya "
                "%(deadline)s. Kirim laporan, atau laporan nihil bila tidak ada kejadian menonjol."
            )
            % params
        )
        return KIND_DUE_SOON, title, body
    lock = format_local(programme.edit_lock_for(reminder.week, reminder.zone), reminder.zone)
    title = _("Laporan situasi %(period)s %(region)s terlambat") % params
    body = _(
        "Batas waktu %(deadline)s telah lewat dan laporan situasi %(region)s untuk periode %(period)s "
        "belum diterima. Kirim secepatnya; laporan masih dapat ditulis sampai %(lock)s."
    ) % {**params, "lock": lock}
    return KIND_OVERDUE, title, body


def _send_to_writers(
    due: Iterable[Reminder],
    regions: dict[str, ReportingRegion],
    periods: dict[str, ReportingPeriod],
    programme: ReportingProgramme,
    result: Sent,
) -> None:
    due = list(due)
    contacts = contacts_for(regions[r.region_code].id for r in due)
    region_rows = Region.objects.in_bulk([regions[r.region_code].id for r in due])
    for reminder in due:
        region = regions[reminder.region_code]
        writers = contacts.get(region.id, [])
        if not writers:
            result.without_contact.append(region.code)
            continue
        kind, title, body = _message(reminder, region, programme)
        with transaction.atomic():
            created = notify(
                users=writers,
                kind=kind,
                title=title,
                body=body,
                url=_write_url(region.code, reminder.period_key),
                dedupe_key=reminder.dedupe_key,
            )
            if created:
                audit.record(
                    actor=None,
                    action="report.reminded",
                    obj=periods[reminder.period_key],
                    region=region_rows[region.id],
                    after={
                        "kind": reminder.kind,
                        "period": reminder.period_key,
                        "deadline": format_local(reminder.deadline, reminder.zone),
                        "recipients": sorted(n.user.username for n in created),
                    },
                )
        if created:
            result.regions_notified.append(region.code)
            result.notifications += len(created)


def send_due_soon(
    *,
    programme: ReportingProgramme,
    now: datetime,
    weeks: Sequence[calendar.Week] | None = None,
    provinces: Collection[str] | None = None,
) -> Sent:
    """Remind the writers of every region whose own deadline is within the reminder window and
    that has not submitted (``send_report_reminders``)."""
    due, regions, periods = due_reminders(
        programme=programme, now=now, kinds=[DUE_SOON], weeks=weeks, provinces=provinces
    )
    result = Sent(due=due)
    _send_to_writers(due, regions, periods, programme, result)
    return result


def send_overdue(
    *,
    programme: ReportingProgramme,
    now: datetime,
    weeks: Sequence[calendar.Week] | None = None,
    provinces: Collection[str] | None = None,
) -> Sent:
    """Tell the writers of every region past its deadline without a submission ("terlambat"),
    and each province's verifikators once which of their kabupaten/kota are overdue (``mark_overdue``)."""
    due, regions, periods = due_reminders(
        programme=programme, now=now, kinds=[OVERDUE], weeks=weeks, provinces=provinces
    )
    result = Sent(due=due)
    _send_to_writers(due, regions, periods, programme, result)
    groups = reminders.overdue_by_province(due, Region.KABKOTA_LEVELS)
    if not groups:
        return result
    provinces = {r.code: r for r in Region.objects.filter(code__in={p for p, _k in groups})}
    contacts = contacts_for(p.id for p in provinces.values())
    for (province_code, period_key), items in sorted(groups.items()):
        province = provinces.get(province_code)
        verifikators = contacts.get(province.id, []) if province else []
        if province is None or not verifikators:
            continue
        lines = "\n".join(f"- {r.region_code} {regions[r.region_code].name}" for r in items)
        params = {"count": len(items), "province": province.name, "period": period_key}
        with transaction.atomic():
            created = notify(
                users=verifikators,
                kind=KIND_OVERDUE_SUMMARY,
                title=ngettext(
                    "%(count)d kabupaten/kota di %(province)s belum melapor untuk periode %(period)s",
                    "%(count)d kabupaten/kota di %(province)s belum melapor untuk periode %(period)s",
                    len(items),
                )
                % params,
                body=_("Batas waktu %(deadline)s telah lewat. Belum ada laporan dari:\n%(lines)s")
                % {"deadline": format_local(items[0].deadline, items[0].zone), "lines": lines},
                url=_status_url(),
                dedupe_key=f"report.overdue_summary:{period_key}:{province_code}",
            )
            if created:
                audit.record(
                    actor=None,
                    action="report.overdue_summarised",
                    obj=periods[period_key],
                    region=province,
                    after={
                        "period": period_key,
                        "overdue": [r.region_code for r in items],
                        "recipients": sorted(n.user.username for n in created),
                    },
                )
        if created:
            result.summaries.append(province_code)
            result.notifications += len(created)
    return result


def _status_url() -> str:
    try:
        return reverse("reports:index")
    except NoReverseMatch:
        return ""
