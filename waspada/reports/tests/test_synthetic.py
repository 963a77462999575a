"""Synthetic weekly reports: consistent with what the services would store, deterministic,
idempotent, realistic enough to benchmark and demo on."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from waspada.core.models import AuditEvent, Notification
from waspada.regions.models import Region
from waspada.reports import calendar, demo, selectors, services, synthetic, templating
from waspada.reports.models import ReportingPeriod, ReportSnapshot, SituationLevel, SituationReport
from waspada.reports.services import programme_default

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # a Wednesday: the latest closed week is 2026-W47
Status = SituationReport.Status


def generate(provinces=("51",), weeks=8, seed=1, now=NOW):
    return synthetic.synthetic_reports_generate(provinces=provinces, seed=seed, weeks=weeks, now=now)


def fingerprint() -> list[tuple]:
    return sorted(
        SituationReport.objects.values_list(
            "region__code",
            "period__key",
            "status",
            "is_nil",
            "content",
            "first_submitted_at",
            "submitted_at",
            "public_id",
        )
    )


def test_reports_cover_the_weeks_ending_with_the_latest_closed_week_for_the_chosen_provinces_only():
    result = generate(provinces=("51",), weeks=8)
    keys = sorted(ReportingPeriod.objects.values_list("key", flat=True))
    assert keys == [calendar.Week.parse("2026-W47").shifted(-i).key for i in range(7, -1, -1)]
    assert (result.first_key, result.last_key) == ("2026-W40", "2026-W47")
    codes = set(SituationReport.objects.values_list("region__code", flat=True))
    assert codes and all(c == "51" or c.startswith("51.") for c in codes)
    assert result.created == SituationReport.objects.count()


def test_every_report_is_stored_as_the_services_would_store_it():
    generate(provinces=("32",), weeks=6)
    ranks = dict(SituationLevel.objects.values_list("code", "rank"))
    definition = programme_default().template.parsed
    reports = SituationReport.objects.select_related("region", "programme", "period")
    assert reports.count() > 100
    for r in reports:
        assert (r.province_id, r.kabkota_id) == (r.region.province_id, r.region.kabkota_id)
        assert r.template_id == r.programme.template_id
        assert r.region.is_valid_on(r.period.start)
        assert r.created_at <= r.updated_at <= NOW
        if r.status == Status.DRAFT:
            assert r.first_submitted_at is None and r.submitted_at is None
            continue
        assert r.first_submitted_at is not None and r.submitted_at is not None
        assert r.first_submitted_at <= r.submitted_at <= NOW
        assert r.submitted_by_id == r.created_by_id
        if r.status in (Status.VERIFIED, Status.RETURNED, Status.ACCEPTED):
            assert r.decided_at is not None and r.submitted_at <= r.decided_at <= NOW
        if r.status == Status.RETURNED:
            assert r.return_reason
        if r.status == Status.ACCEPTED:
            assert r.accepted_at is not None and r.decided_at <= r.accepted_at <= NOW
        if r.is_nil:
            assert r.content["sections"] == {} and r.max_level_rank is None
            continue
        cleaned, errors = templating.clean_content(definition, r.content, ranks.keys(), complete=True)
        assert errors == {}, (r.region.code, r.period.key, errors)
        assert cleaned == r.content
        # (PostgreSQL's jsonb reorders keys on read, so compare the narratives, not their order)
        assert sorted(r.search_text.split("\n")) == sorted(templating.search_text(r.content).split("\n"))
        levels = templating.section_levels(r.content).values()
        assert r.max_level_rank == max(ranks[c] for c in levels)
        assert r.region.name in r.search_text


def test_no_snapshot_is_written_for_generated_reports():
    generate()
    assert SituationReport.objects.exists()
    assert not ReportSnapshot.objects.exists()


def test_regions_report_only_while_they_exist():
    # In 2021 the province Papua Tengah (94, formed July 2022) did not exist; Papua (91) did, and so
    # did the regencies now under 94 (they were in Papua then, under their old codes).
    generate(provinces=("91", "94"), weeks=4, now=datetime(2021, 3, 3, tzinfo=UTC))
    codes = set(SituationReport.objects.values_list("region__code", flat=True))
    assert "91" in codes and "94" not in codes
    assert "94.01" in codes


def test_nothing_is_dated_after_now_and_the_current_week_is_left_open():
    generate(provinces=("32",), weeks=2)
    assert not SituationReport.objects.filter(first_submitted_at__gt=NOW).exists()
    assert not ReportingPeriod.objects.filter(key="2026-W48").exists()


def test_running_twice_creates_nothing_new():
    first = generate()
    assert first.created > 0
    before = fingerprint()
    second = generate()
    assert second.created == 0
    assert second.skipped_existing == first.created
    assert fingerprint() == before
    assert AuditEvent.objects.filter(action="synthetic.reports_generated").count() == 1


def test_the_same_seed_gives_the_same_reports_and_another_seed_does_not():
    generate(seed=1)
    first = fingerprint()
    SituationReport.objects.all().delete()
    generate(seed=1)
    assert fingerprint() == first
    SituationReport.objects.all().delete()
    generate(seed=2)
    assert fingerprint() != first


def test_a_later_run_with_more_weeks_keeps_what_exists_and_adds_the_rest():
    generate(weeks=4)
    before = fingerprint()
    generate(weeks=8)
    after = fingerprint()
    assert all(row in after for row in before)
    assert len(after) > len(before)


def test_the_national_mix_is_realistic(personas):
    result = generate(provinces=None, weeks=10)
    weeks = [calendar.Week.parse("2026-W47").shifted(-i) for i in range(10)]
    figures = selectors.completeness(personas["analis.nasional"], weeks=weeks, now=NOW).total
    received = SituationReport.objects.exclude(status=Status.DRAFT)
    count = received.count()
    assert figures.received == count  # every generated report is an expected one
    assert 0.85 < figures.received / figures.expected < 0.98  # some offices chronically missing, occasional holes
    assert 0.10 <= figures.nil / figures.received <= 0.20
    assert figures.late == result.late
    assert 0.05 < figures.late / figures.received < 0.20  # most on time, some late by hours or days
    statuses = Counter(received.values_list("status", flat=True))
    assert statuses[Status.SUBMITTED] / count > 0.7
    for status in (Status.VERIFIED, Status.RETURNED, Status.ACCEPTED):
        assert 0 < statuses[status] / count < 0.2, status
    full = received.filter(is_nil=False)
    calm = full.filter(max_level_rank__lte=1).count() / full.count()
    assert calm > 0.9  # mostly Kondusif/Waspada; Siaga and Awas are rare
    assert full.filter(max_level_rank__gte=2).exists()


def test_on_time_and_late_follow_each_regions_own_zone():
    """Plans are checked against the deadline in the region's zone (WIB, WITA or WIT)."""
    programme = programme_default()
    planner = synthetic.Planner(
        seed=3,
        definition=programme.template.parsed,
        ranks=dict(SituationLevel.objects.values_list("code", "rank")),
        offset=programme.deadline_offset,
        lock_after=programme.edit_lock_after,
    )
    zones = Counter()
    for region in synthetic.load_regions(programme, ("32", "51", "91")):
        for i in range(30):
            week = calendar.Week.parse("2026-W47").shifted(-i)
            plan = planner.plan(region, week, NOW)
            if plan is None or plan.first_submitted_at is None:
                continue
            deadline = calendar.deadline(week, region.timezone, programme.deadline_offset)
            assert plan.late == (plan.first_submitted_at > deadline)
            assert plan.first_submitted_at >= calendar.opens_at(week, region.timezone)
            zones[region.timezone] += 1
    assert set(zones) == {"WIB", "WITA", "WIT"}


def test_generate_synthetic_adds_reports_after_the_users_and_says_how_long_it_took():
    out = StringIO()
    call_command("generate_synthetic", scale="small", seed=1, weeks=3, stdout=out)
    text = out.getvalue()
    assert "Laporan situasi" in text and "3 minggu" in text and "detik" in text
    provinces = {c[:2] for c in SituationReport.objects.values_list("region__code", flat=True)}
    assert provinces <= {"32", "51", "94"} and "32" in provinces
    again = StringIO()
    call_command("generate_synthetic", scale="small", seed=1, weeks=3, stdout=again)
    assert "Tidak ada yang baru" in again.getvalue()


def test_generated_reports_are_written_as_the_system_account_which_cannot_log_in():
    generate()
    user = synthetic.system_user()
    assert set(SituationReport.objects.values_list("created_by", flat=True)) == {user.pk}
    assert not user.has_usable_password()
    assert not user.role_assignments.exists()
    assert Region.objects.exists()


# --- the demo's recent window ------------------------------------------------------------------


def test_the_demo_leaves_twelve_weeks_a_returned_report_for_kota_bandung_and_the_current_week_open(personas):
    seeded = demo.demo_reports_seed(now=NOW)
    assert (seeded.latest_closed_week, seeded.current_week) == ("2026-W47", "2026-W48")
    reports = SituationReport.objects.select_related("region", "period")
    assert {r.period.key for r in reports} == {calendar.Week.parse("2026-W47").shifted(-i).key for i in range(12)}
    provinces = {r.region.code[:2] for r in reports}
    assert provinces == {"32", "51", "94"}  # Jawa Barat (WIB), Bali (WITA), Papua Tengah (WIT)
    assert reports.filter(region__code="32").exists() and reports.filter(region__code="32.04").exists()
    assert {Status.SUBMITTED, Status.VERIFIED} <= set(reports.values_list("status", flat=True))
    # Kota Bandung: the week before the latest is returned (through the services, so with a snapshot)…
    returned = SituationReport.objects.get(region__code="32.73", period__key="2026-W46")
    assert returned.status == Status.RETURNED
    assert returned.created_by == personas["operator.kotabandung"]
    assert returned.decided_by == personas["verifikator.jabar"]
    assert returned.snapshots.count() == 1
    assert not returned.is_locked(NOW)
    # …the latest closed week and the current week are open for the operator to write or send nil.
    assert not SituationReport.objects.filter(region__code="32.73", period__key__in=["2026-W47", "2026-W48"]).exists()
    kota_bandung = Region.objects.get(code="32.73")
    current = ReportingPeriod.objects.get(key="2026-W48")
    nil = services.report_submit_nil(
        user=personas["operator.kotabandung"], region=kota_bandung, period=current, now=NOW
    )
    assert nil.status == Status.SUBMITTED
    # A few notifications: the return, and the overdue notice for 2026-W47 (its deadline has passed).
    kinds = set(Notification.objects.filter(user=personas["operator.kotabandung"]).values_list("kind", flat=True))
    assert kinds == {"report.returned", "report.reminder.overdue"}
    assert Notification.objects.filter(user=personas["verifikator.jabar"], kind__endswith="overdue_summary").exists()


def test_seeding_the_demo_twice_adds_nothing(personas):
    demo.demo_reports_seed(now=NOW)
    before = (fingerprint(), Notification.objects.count())
    again = demo.demo_reports_seed(now=NOW)
    assert (again.generated.created, again.returned_created, again.notifications) == (0, False, 0)
    assert (fingerprint(), Notification.objects.count()) == before


def test_seed_demo_with_reports_says_what_it_did(personas):
    out = StringIO()
    call_command("seed_demo", reports=True, stdout=out)
    assert "Laporan demo" in out.getvalue() and "minggu berjalan" in out.getvalue()
    plain = StringIO()
    call_command("seed_demo", stdout=plain)
    assert "Laporan demo" not in plain.getvalue()
