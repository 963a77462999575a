"""The period and reminder commands: right regions at the right local times, once each."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from waspada.accounts.services import role_assign, user_create
from waspada.core.models import AuditEvent, Notification
from waspada.regions.models import Region
from waspada.reports import services
from waspada.reports.models import ReportingPeriod
from waspada.reports.tests.factories import full_content, open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"  # 28 Sep – 4 Oct 2020; deadline Monday 5 Oct 12:00 local (05:00 UTC WIB, 03:00 UTC WIT)


def at(day: int, hour: int, minute: int = 0) -> str:
    return datetime(2020, 10, day, hour, minute, tzinfo=UTC).isoformat()


def run(command: str, capture, **options) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command(command, stdout=out, **options)
    return out.getvalue()


def operator_of(code: str, role: str = "operator"):
    user = user_create(
        actor=None, username=f"op.{code}", password=None, full_name=f"Operator {code}", email=f"op{code}@contoh.go.id"
    )
    role_assign(actor=None, user=user, role=role, region=Region.objects.get(code=code))
    return user


@pytest.fixture
def writers(personas):
    """Jawa Barat's personas (WIB) with e-mail addresses, an operator in Kota Jayapura (WIT),
    and one in Kota Denpasar (WITA)."""
    for username in ("operator.kotabandung", "operator.kabbandung", "verifikator.jabar"):
        personas[username].email = f"{username}@contoh.go.id"
        personas[username].save(update_fields=["email"])
    open_week(WEEK)
    return {
        **personas,
        "jayapura": operator_of("91.71"),
        "denpasar": operator_of("51.71"),
    }


def notified(kind_suffix: str = "") -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind__endswith=kind_suffix).values_list("user__username", "kind").distinct()
    )


# --- send_report_reminders ------------------------------------------------------------------


def test_a_wit_office_is_reminded_two_hours_before_a_wib_office_for_the_same_period(
    writers, django_capture_on_commit_callbacks
):
    # Sunday 4 Oct 03:30 UTC = 12:30 WIT, 10:30 WIB: only Papua's window (24 h before 12:00 WIT Monday) is open.
    run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 3, 30))
    assert notified() == [("op.91.71", "report.reminder.due_soon")]
    # Two hours later (12:30 WIB) Jawa Barat's writers are reminded too, and Jayapura is not reminded again.
    run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 5, 30))
    assert notified() == [
        ("op.51.71", "report.reminder.due_soon"),
        ("op.91.71", "report.reminder.due_soon"),
        ("operator.kabbandung", "report.reminder.due_soon"),
        ("operator.kotabandung", "report.reminder.due_soon"),
        ("verifikator.jabar", "report.reminder.due_soon"),  # writes the province's own report
    ]
    assert Notification.objects.filter(user=writers["jayapura"]).count() == 1


def test_regions_that_reported_including_nil_or_did_not_exist_yet_are_not_reminded(
    writers, django_capture_on_commit_callbacks
):
    operator_of("94", role="verifikator")  # Papua Tengah's own report: the province did not exist in 2020
    submitted_report(writers["operator.kotabandung"], "32.73", WEEK)
    submitted_report(writers["operator.kabbandung"], "32.04", WEEK, nil=True)
    # A draft is not a report: Denpasar is still reminded.
    services.report_save_draft(
        user=writers["denpasar"],
        region=Region.objects.get(code="51.71"),
        period=ReportingPeriod.objects.get(key=WEEK),
        content=full_content(),
        version=None,
        now=datetime(2020, 10, 1, tzinfo=UTC),
    )
    run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 5, 30))
    users = [u for u, _kind in notified()]
    assert "operator.kotabandung" not in users
    assert "operator.kabbandung" not in users
    assert "op.94" not in users  # Papua Tengah did not exist in 2020
    assert "op.51.71" in users


def test_reminders_are_mailed_with_an_indonesian_subject_and_the_local_deadline(
    writers, django_capture_on_commit_callbacks
):
    run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 5, 30))
    by_address = {m.to[0]: m for m in mail.outbox}
    bandung = by_address["operator.kotabandung@contoh.go.id"]
    assert (
        bandung.subject
        == "[Waspada] Pengingat: laporan situasi 2020-W40 Kota Bandung ditunggu sebelum 05-10-2020 12:00 WIB"
    )
    assert "laporan nihil" in bandung.body
    assert "/laporan/tulis/32.73/2020-W40/" in bandung.body
    assert by_address["op91.71@contoh.go.id"].subject.endswith("05-10-2020 12:00 WIT")
    assert Notification.objects.filter(emailed_at__isnull=False).count() == len(mail.outbox)


def test_running_the_reminder_command_twice_sends_nothing_new(writers, django_capture_on_commit_callbacks):
    first = run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 5, 30))
    sent, mails, events = Notification.objects.count(), len(mail.outbox), AuditEvent.objects.count()
    second = run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 6, 30))
    assert "Selesai." in first
    assert "Tidak ada pengingat baru." in second
    assert (Notification.objects.count(), len(mail.outbox), AuditEvent.objects.count()) == (sent, mails, events)


def test_each_reminded_region_gets_one_audit_event_naming_the_recipients(writers, django_capture_on_commit_callbacks):
    run("send_report_reminders", django_capture_on_commit_callbacks, now=at(4, 5, 30))
    event = AuditEvent.objects.get(action="report.reminded", region__code="32.73")
    assert event.after["kind"] == "due_soon"
    assert event.after["recipients"] == ["operator.kotabandung"]
    assert event.after["deadline"] == "05-10-2020 12:00 WIB"
    assert event.province_id == Region.objects.get(code="32").pk


def test_nothing_is_sent_for_a_period_that_was_never_opened(writers, django_capture_on_commit_callbacks):
    out = run("send_report_reminders", django_capture_on_commit_callbacks, now="2020-10-11T05:30:00+00:00")
    assert Notification.objects.count() == 0  # W41 was never opened, so nobody could report for it
    assert "Tidak ada pengingat baru." in out


# --- mark_overdue ---------------------------------------------------------------------------


def test_overdue_writers_are_told_and_the_province_gets_one_summary(writers, django_capture_on_commit_callbacks):
    submitted_report(writers["operator.kabbandung"], "32.04", WEEK)
    # Monday 5 Oct 04:30 UTC: 13:30 WIT (Jayapura overdue), 12:30 WITA (Denpasar overdue), 11:30 WIB (not yet).
    run("mark_overdue", django_capture_on_commit_callbacks, now=at(5, 4, 30))
    assert notified() == [("op.51.71", "report.reminder.overdue"), ("op.91.71", "report.reminder.overdue")]
    out = run("mark_overdue", django_capture_on_commit_callbacks, now=at(5, 6))
    assert notified() == [
        ("op.51.71", "report.reminder.overdue"),
        ("op.91.71", "report.reminder.overdue"),
        ("operator.kotabandung", "report.reminder.overdue"),
        ("verifikator.jabar", "report.reminder.overdue"),  # the province's own report is missing too
        ("verifikator.jabar", "report.reminder.overdue_summary"),
    ]
    summary = Notification.objects.get(kind="report.reminder.overdue_summary")
    expected = Region.objects.kabkota().filter(code__startswith="32.").valid_on(datetime(2020, 9, 28).date())
    assert summary.title == f"{expected.count() - 1} kabupaten/kota di Jawa Barat belum melapor untuk periode 2020-W40"
    assert "32.73 Kota Bandung" in summary.body
    assert "32.04" not in summary.body  # Kabupaten Bandung reported
    assert "1 provinsi" in out
    late = Notification.objects.get(user=writers["operator.kotabandung"])
    assert late.title == "Laporan situasi 2020-W40 Kota Bandung terlambat"
    assert "12-10-2020 12:00 WIB" in late.body  # still writable until the edit-lock


def test_running_mark_overdue_twice_sends_nothing_new(writers, django_capture_on_commit_callbacks):
    run("mark_overdue", django_capture_on_commit_callbacks, now=at(5, 6))
    sent, mails = Notification.objects.count(), len(mail.outbox)
    out = run("mark_overdue", django_capture_on_commit_callbacks, now=at(5, 7))
    assert "Tidak ada pemberitahuan baru." in out
    assert (Notification.objects.count(), len(mail.outbox)) == (sent, mails)
    assert AuditEvent.objects.filter(action="report.overdue_summarised").count() == 1


def test_a_report_sent_late_stops_further_overdue_notices_for_its_region(writers, django_capture_on_commit_callbacks):
    submitted_report(writers["operator.kotabandung"], "32.73", WEEK, at=datetime(2020, 10, 5, 5, 30, tzinfo=UTC))
    run("mark_overdue", django_capture_on_commit_callbacks, now=at(5, 6))
    assert not Notification.objects.filter(user=writers["operator.kotabandung"]).exists()


def test_a_backfill_with_an_earlier_now_sees_only_reports_sent_by_then(writers, django_capture_on_commit_callbacks):
    # Sent at 05:30 UTC, half an hour late; a run "at" 05:10 UTC did not have it yet.
    submitted_report(writers["operator.kotabandung"], "32.73", WEEK, at=datetime(2020, 10, 5, 5, 30, tzinfo=UTC))
    run("mark_overdue", django_capture_on_commit_callbacks, now=at(5, 5, 10))
    assert Notification.objects.filter(user=writers["operator.kotabandung"], kind="report.reminder.overdue").exists()


def test_mark_overdue_tells_nobody_before_any_deadline(writers, django_capture_on_commit_callbacks):
    run("mark_overdue", django_capture_on_commit_callbacks, now=at(4, 12))
    assert Notification.objects.count() == 0


# --- open_periods ---------------------------------------------------------------------------


def test_open_periods_opens_the_current_week_and_the_one_before_once(django_capture_on_commit_callbacks):
    out = run("open_periods", django_capture_on_commit_callbacks, now="2020-10-05T00:05+07:00")
    assert set(ReportingPeriod.objects.values_list("key", flat=True)) == {"2020-W40", "2020-W41"}
    assert "2 dibuka sekarang" in out
    again = run("open_periods", django_capture_on_commit_callbacks, now="2020-10-05T09:00+07:00")
    assert "Tidak ada yang baru" in again
    assert ReportingPeriod.objects.count() == 2


def test_open_periods_takes_the_week_that_has_already_begun_in_papua(django_capture_on_commit_callbacks):
    # Sunday 4 Oct 15:05 UTC is Monday 00:05 WIT: week 41 opens although Jakarta is still in week 40.
    run("open_periods", django_capture_on_commit_callbacks, now="2020-10-04T15:05Z", weeks_back=0)
    assert list(ReportingPeriod.objects.values_list("key", flat=True)) == ["2020-W41"]


def test_open_periods_can_backfill_several_weeks(django_capture_on_commit_callbacks):
    run("open_periods", django_capture_on_commit_callbacks, now="2020-10-07T12:00+07:00", weeks_back=4)
    period = ReportingPeriod.objects.get(key="2020-W37")
    assert (period.start.isoformat(), period.end.isoformat()) == ("2020-09-07", "2020-09-13")
    assert ReportingPeriod.objects.count() == 5


@pytest.mark.parametrize("command", ["open_periods", "send_report_reminders", "mark_overdue"])
def test_an_unreadable_now_is_refused_in_indonesian_and_changes_nothing(command):
    with pytest.raises(CommandError, match=r"tidak terbaca.*ISO 8601"):
        call_command(command, now="besok pagi", stdout=StringIO())
    assert not ReportingPeriod.objects.exists()
    assert not Notification.objects.exists()


def test_a_negative_number_of_weeks_is_refused():
    with pytest.raises(CommandError, match="--weeks-back harus antara 0"):
        call_command("open_periods", weeks_back=-1, stdout=StringIO())
    assert not ReportingPeriod.objects.exists()
