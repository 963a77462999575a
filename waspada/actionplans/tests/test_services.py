"""RAD Terpadu writes: validation, permissions, optimistic locking, audit, the report lifecycle."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from waspada.actionplans import periods, services
from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressReport
from waspada.actionplans.tests import factories as f
from waspada.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_it_creates_a_plan_with_scope_keys_decree_document_and_audit(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    doc = SimpleUploadedFile("rad.pdf", PDF, content_type="application/pdf")
    plan = f.plan(op, document=doc)
    assert plan.province is not None and plan.province.code == "32"
    assert plan.kabkota is not None and plan.kabkota.code == "32.73"
    assert plan.document_name == "rad.pdf" and plan.document_size == len(PDF)
    assert plan.decree_number.startswith("188.45")
    assert AuditEvent.objects.filter(action="action_plan.created", object_id=str(plan.public_id)).exists()


def test_it_refuses_a_second_plan_for_the_same_region_and_year(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    f.plan(op)
    with pytest.raises(services.PlanRefused) as exc:
        f.plan(op)
    assert "sudah memiliki RAD Terpadu tahun 2026" in str(exc.value)
    assert ActionPlan.objects.filter(region__code="32.73").count() == 1


def test_it_refuses_a_renamed_executable_as_the_plan_document_and_writes_nothing(personas: dict[str, Any]) -> None:
    doc = SimpleUploadedFile("rad.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.PlanRefused) as exc:
        f.plan(personas["operator.kotabandung"], document=doc)
    assert "tidak sesuai dengan jenisnya" in str(exc.value)
    assert not ActionPlan.objects.exists()


def test_it_refuses_plans_of_other_regions_and_read_only_roles(personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        f.plan(personas["operator.kotabandung"], code="32.04")
    with pytest.raises(PermissionDenied):
        f.plan(personas["pimpinan"], code="32.73")
    # The province writes its own plan (verifikator), not its kabupaten/kota's.
    assert f.plan(personas["verifikator.jabar"], code="32").region.code == "32"
    with pytest.raises(PermissionDenied):
        f.plan(personas["verifikator.jabar"], code="32.73")


def test_it_stores_actions_with_budget_in_rupiah_and_flags(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    a = f.action(op, plan, budget="150000000.50", adjusted_for_covid=True, stage=Action.Stage.RECOVERY)
    b = f.action(op, plan, activity="Patroli bersama")
    assert (a.order, b.order) == (1, 2)
    assert a.budget == Decimal("150000000.50") and a.adjusted_for_covid and not a.adjusted_for_pilkada


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"stage": "lainnya"}, "stage", "tahap penanganan"),
        ({"activity": "  "}, "activity", "Kegiatan wajib diisi"),
        ({"budget": "-5"}, "budget", "tidak boleh negatif"),
        ({"budget": "lima juta"}, "budget", "angka rupiah"),
        ({"ends_on": date(2026, 1, 1)}, "ends_on", "tidak boleh sebelum"),
        ({"starts_on": date(2024, 1, 1), "ends_on": date(2024, 3, 1)}, "starts_on", "dalam tahun RAD"),
    ],
)
def test_it_refuses_bad_actions_with_a_message_and_writes_nothing(
    personas: dict[str, Any], changes: dict[str, Any], field: str, message: str
) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    with pytest.raises(services.PlanRefused) as exc:
        f.action(op, plan, **changes)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Action.objects.exists()


def test_it_refuses_a_stale_update(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    a = f.action(op, plan)
    services.action_update(actor=op, action=a, data=f.action_input(target="6 kali"), expected_version=1)
    with pytest.raises(services.StalePlanRecord):
        services.action_update(actor=op, action=a, data=f.action_input(target="8 kali"), expected_version=1)
    a.refresh_from_db()
    assert (a.target, a.version) == ("6 kali", 2)


def test_it_soft_deletes_a_plan_only_with_a_reason(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    with pytest.raises(services.PlanRefused):
        services.plan_delete(actor=op, plan=plan, reason=" ", expected_version=plan.version)
    services.plan_delete(actor=op, plan=plan, reason="salah wilayah", expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.is_deleted and plan.deleted_reason == "salah wilayah"
    assert not ActionPlan.objects.alive().exists()
    # A new plan for the same year may follow a deleted one.
    assert f.plan(op).pk != plan.pk


def test_it_refuses_a_report_for_a_period_not_yet_ended_and_writes_nothing(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    f.action(op, plan)
    with pytest.raises(services.PlanRefused) as exc:
        services.progress_report_open(
            actor=op, plan=plan, period=periods.Period(2026, "B08"), now=f.at(2026, 8, 31, 16)
        )  # 23:00 WIB on 31 August: the period has not ended yet
    assert "belum berakhir" in str(exc.value)
    assert not ProgressReport.objects.exists()
    report = services.progress_report_open(
        actor=op, plan=plan, period=periods.Period(2026, "B08"), now=f.at(2026, 8, 31, 17)
    )
    assert report.deadline == periods.deadline(periods.Period(2026, "B08"), "WIB")
    assert report.entries.count() == 1


@pytest.mark.parametrize("value", ["100.5", "-1", "abc", "NaN"])
def test_it_refuses_realisation_outside_0_to_100_and_writes_nothing(personas: dict[str, Any], value: str) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    a = f.action(op, plan)
    b = f.action(op, plan, activity="Patroli bersama")
    report = f.report(op, plan)
    entries = {
        str(a.public_id): services.EntryInput("40", "ok"),
        str(b.public_id): services.EntryInput(value, "salah"),
    }
    with pytest.raises(services.PlanRefused) as exc:
        services.progress_report_save(actor=op, report=report, entries=entries, expected_version=report.version)
    assert "Realisasi 'Patroli bersama'" in str(exc.value)
    assert set(ProgressEntry.objects.values_list("realisation", flat=True)) == {Decimal("0")}
    report.refresh_from_db()
    assert report.version == 1


def test_the_lifecycle_runs_from_draft_to_verified_with_audit_and_notifications(personas: dict[str, Any]) -> None:
    op, ver = personas["operator.kotabandung"], personas["verifikator.jabar"]
    plan = f.plan(op)
    f.action(op, plan)
    report = f.report(op, plan)
    report = f.submit(op, report, f.at(2026, 5, 5), realisation="75")
    assert report.status == ProgressReport.Status.SUBMITTED and not report.is_late()
    assert Notification.objects.filter(user=ver, kind="progress_report.submitted").exists()
    with pytest.raises(PermissionDenied):
        services.progress_report_verify(actor=op, report=report, expected_version=report.version)
    report = services.progress_report_return(
        actor=ver, report=report, reason="Lampirkan bukti dukung", expected_version=report.version
    )
    assert report.status == ProgressReport.Status.RETURNED
    assert Notification.objects.filter(user=op, kind="progress_report.returned").exists()
    report = services.progress_report_submit(
        actor=op, report=report, expected_version=report.version, now=f.at(2026, 5, 20)
    )
    # The first submission counts: a resubmission after a return does not make it late.
    assert report.first_submitted_at == f.at(2026, 5, 5) and not report.is_late()
    report = services.progress_report_verify(actor=ver, report=report, expected_version=report.version)
    assert report.status == ProgressReport.Status.VERIFIED
    with pytest.raises(services.PlanRefused):
        services.progress_report_save(actor=op, report=report, entries={}, expected_version=report.version)
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.public_id))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "progress_report.opened",
        "progress_report.saved",
        "progress_report.submitted",
        "progress_report.returned",
        "progress_report.submitted",
        "progress_report.verified",
    ]


def test_province_reports_are_verified_nationally(personas: dict[str, Any]) -> None:
    ver, analis = personas["verifikator.jabar"], personas["analis.nasional"]
    plan = f.plan(ver, code="32")
    f.action(ver, plan)
    report = f.submit(ver, f.report(ver, plan), f.at(2026, 5, 5))
    with pytest.raises(PermissionDenied):
        services.progress_report_verify(actor=ver, report=report, expected_version=report.version)
    assert (
        services.progress_report_verify(actor=analis, report=report, expected_version=report.version).status
        == "verified"
    )


def test_it_attaches_evidence_and_refuses_empty_files(personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    f.action(op, plan)
    entry = f.report(op, plan).entries.get()
    ev = services.evidence_add(actor=op, entry=entry, upload=SimpleUploadedFile("foto.pdf", PDF))
    assert ev.original_name == "foto.pdf"
    with pytest.raises(services.PlanRefused):
        services.evidence_add(actor=op, entry=entry, upload=SimpleUploadedFile("kosong.pdf", b""))
    assert entry.evidence.count() == 1


def test_audit_events_read_in_indonesian(personas: dict[str, Any]) -> None:
    plan = f.plan(personas["operator.kotabandung"])
    event = AuditEvent.objects.get(action="action_plan.created", object_id=str(plan.public_id))
    assert event.action_label == "RAD Terpadu disusun"
