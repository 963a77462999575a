"""Reminders for four-monthly progress reports: after a period ends, the writers of every region
with a plan for that year and no submitted report are told it is due (before the deadline) and,
once, that it is overdue (after it). Idempotent by ``dedupe_key``: run it as often as cron likes
(``manage.py notify_rad_progress``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.actionplans import periods
from waspada.actionplans.models import ActionPlan, ProgressReport
from waspada.actionplans.services import _writers_of
from waspada.core import notifications
from waspada.core.timezones import format_local

# Past this long after the deadline a missing report is left to the completeness page.
OVERDUE_WINDOW = timedelta(days=30)


def progress_reminders(*, now: datetime | None = None) -> int:
    """Send due/overdue notices for the periods that ended recently. Returns how many were sent."""
    moment = now or timezone.now()
    candidates = [periods.Period(moment.year - 1, "B12"), *periods.year_periods(moment.year)]
    sent = 0
    for period in candidates:
        plans = ActionPlan.objects.alive().filter(year=period.year).select_related("region")
        submitted = set(
            ProgressReport.objects.filter(
                year=period.year, period=period.code, first_submitted_at__isnull=False
            ).values_list("plan_id", flat=True)
        )
        for plan in plans:
            zone = plan.region.timezone
            if plan.pk in submitted or not periods.has_ended(period, zone, moment):
                continue
            deadline = periods.deadline(period, zone)
            if moment > deadline + OVERDUE_WINDOW:
                continue
            kind = "due" if moment <= deadline else "overdue"
            title = (
                _("Laporan kemajuan RAD %(period)s jatuh tempo %(deadline)s")
                if kind == "due"
                else _("Laporan kemajuan RAD %(period)s terlambat (batas %(deadline)s)")
            ) % {"period": period.label, "deadline": format_local(deadline, zone)}
            sent += len(
                notifications.notify(
                    users=_writers_of(plan.region),
                    kind=f"progress_report.{kind}",
                    title=title,
                    body=str(plan),
                    url=reverse("actionplans:plan_detail", kwargs={"public_id": plan.public_id}),
                    dedupe_key=f"rad:{kind}:{plan.public_id}:{period.key}",
                )
            )
    return sent
