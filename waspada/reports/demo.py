"""The demo's weekly reports (``manage.py seed_demo --reports``, run by ``python3 dev.py run``).

Leaves the demo alive: the last ``DEMO_WEEKS`` closed weeks of reports for Jawa Barat (WIB),
Bali (WITA) and Papua Tengah (WIT) — province and kabupaten/kota — with a mix of statuses,
written through the synthetic bulk path (``reports.synthetic``) under the personas' names
where a persona sits (operator Kota Bandung, operator Kabupaten Bandung, verifikator Jawa
Barat, analis nasional); the current week open; and for Kota Bandung:

- the week before the latest closed one: a report submitted and then **returned** by the
  verifikator, through the real services (snapshot, audit, notification);
- the latest closed week: nothing yet, so ``operator.kotabandung`` can write it or send a nil
  report (and gets the real reminder or overdue notice);
- the current week: open, nothing yet.

Reminders for the demo provinces are sent as the commands would at this moment. Idempotent:
a second run adds only what a later week makes due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from waspada.accounts.models import User
from waspada.core.timezones import to_local
from waspada.regions.models import Region
from waspada.reports import calendar, services
from waspada.reports.models import ReportingPeriod, SituationLevel, SituationReport
from waspada.reports.notify import send_due_soon, send_overdue
from waspada.reports.synthetic import (
    Authors,
    Generated,
    Planner,
    SyntheticRegion,
    reports_generate,
    seeded_rng,
    system_user,
    weeks_ending,
)

DEMO_PROVINCES = ("32", "51", "94")  # Jawa Barat (WIB), Bali (WITA), Papua Tengah (WIT)
DEMO_WEEKS = 12
DEMO_SEED = 2020
RETURNED_REGION = "32.73"  # Kota Bandung
RETURN_REASON = (
    "Mohon lengkapi jumlah unjuk rasa di bagian Politik dan sebutkan sumber informasinya; "
    "tingkat Waspada perlu dijelaskan dalam narasi."
)
# Whose name the generated rows carry where a persona sits there.
WRITERS = {"32.73": "operator.kotabandung", "32.04": "operator.kabbandung", "32": "verifikator.jabar"}
VERIFIKATORS = {"32": "verifikator.jabar"}
ANALIS = "analis.nasional"


@dataclass
class DemoSeeded:
    generated: Generated
    returned_created: bool
    notifications: int
    current_week: str
    latest_closed_week: str


def _authors(users: dict[str, int], fallback: int) -> Authors:
    def writer(region: SyntheticRegion) -> int:
        return users.get(WRITERS.get(region.code, ""), fallback)

    def decider(region: SyntheticRegion) -> int:
        if region.is_province:
            return users.get(ANALIS, fallback)
        return users.get(VERIFIKATORS.get(region.province_code, ""), fallback)

    def acceptor(region: SyntheticRegion) -> int:
        return users.get(ANALIS, fallback)

    return Authors(writer, decider, acceptor)


@transaction.atomic
def _returned_report(week: calendar.Week, moment: datetime) -> bool:
    """Kota Bandung's report for ``week``: written, submitted, returned — through the services,
    all or nothing."""
    operator = User.objects.filter(username="operator.kotabandung").first()
    verifikator = User.objects.filter(username="verifikator.jabar").first()
    programme = services.programme_default()
    period = ReportingPeriod.objects.get(programme=programme, key=week.key)
    region = Region.objects.get(code=RETURNED_REGION)
    if operator is None or verifikator is None or SituationReport.objects.filter(period=period, region=region).exists():
        return False
    deadline = programme.deadline_for(week, region.timezone)
    submitted_at = min(deadline - timedelta(hours=20), moment - timedelta(hours=2))
    planner = Planner(
        seed=DEMO_SEED,
        definition=programme.template.parsed,
        ranks=dict(SituationLevel.objects.values_list("code", "rank")),
        offset=programme.deadline_offset,
        lock_after=programme.edit_lock_after,
    )
    plain = SyntheticRegion(region.pk, region.code, region.name, region.level, region.timezone, None, None)
    content = planner.content(seeded_rng(DEMO_SEED, "returned", week.key), plain, week, complete=True)
    content["sections"]["politik"]["level"] = "waspada"
    content["sections"]["politik"]["narrative"] = (
        "Terjadi unjuk rasa mahasiswa di depan Gedung Sate terkait kebijakan daerah; berlangsung damai."
    )
    draft = services.report_save_draft(
        user=operator,
        region=region,
        period=period,
        content=content,
        version=None,
        now=submitted_at - timedelta(hours=1),
    )
    sent = services.report_submit(user=operator, report=draft, version=draft.version, now=submitted_at)
    services.report_return(
        user=verifikator,
        report=sent,
        version=sent.version,
        reason=RETURN_REASON,
        now=moment,  # returned just now: past the edit-lock the service reopens it for the operator
    )
    return True


def demo_reports_seed(*, now: datetime | None = None) -> DemoSeeded:
    """Seed (or top up) the demo's recent window of reports; see the module docstring."""
    moment = now or timezone.now()
    programme = services.programme_default()
    latest_closed = calendar.latest_closed_week(moment)
    current = calendar.Week.containing(to_local(moment, "WIT").date())  # as open_periods takes it
    weeks = weeks_ending(latest_closed, DEMO_WEEKS)
    services.periods_open_through(programme=programme, first=weeks[0], last=current)
    users = dict(
        User.objects.filter(username__in=[*WRITERS.values(), *VERIFIKATORS.values(), ANALIS]).values_list(
            "username", "id"
        )
    )
    returned_week = latest_closed.shifted(-1)
    generated = reports_generate(
        weeks=weeks,
        provinces=DEMO_PROVINCES,
        seed=DEMO_SEED,
        now=moment,
        programme=programme,
        authors=_authors(users, system_user().pk),
        skip={(RETURNED_REGION, latest_closed.key), (RETURNED_REGION, returned_week.key)},
        audit_label="demo",
    )
    returned = _returned_report(returned_week, moment)
    notified = 1 if returned else 0  # report_return notifies the operator
    for send in (send_due_soon, send_overdue):
        notified += send(programme=programme, now=moment, provinces=DEMO_PROVINCES).notifications
    return DemoSeeded(generated, returned, notified, current.key, latest_closed.key)
