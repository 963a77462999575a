"""/api/v1/ writes for RAD Terpadu: create a plan, add and change an action, open a progress report
for an ended period, save realisation (0–100 %) and submit — through the services, scoped (another
region 404), by role (403), bad input 400 with nothing written, stale version 409."""

from __future__ import annotations

from typing import Any

import pytest

from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressReport
from waspada.actionplans.tests import factories as f
from waspada.core.models import AuditEvent

pytestmark = pytest.mark.django_db
API = "/api/v1"
ACTION = {
    "stage": "pencegahan",
    "activity": "Dialog lintas tokoh agama",
    "responsible_units": "Kesbangpol; FKUB",
    "indicator": "Jumlah dialog",
    "target": "4 kali",
    "budget": "25000000.00",
    "starts_on": "2026-02-01",
    "ends_on": "2026-11-30",
    "adjusted_for_pilkada": True,
}


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_an_operator_writes_its_plan_and_reports_progress_for_an_ended_period(login_as):
    client = login_as("operator.kotabandung")
    created = post(client, f"{API}/action-plans/", {"region": "32.73", "year": 2026, "title": "RAD Kota Bandung 2026"})
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    added = post(client, f"{API}/action-plans/{plan_id}/actions/", ACTION)
    assert added.status_code == 201, added.content
    action_id = added.json()["id"]
    opened = post(client, f"{API}/action-plans/{plan_id}/progress-reports/", {"period": "2026-B04"})
    assert opened.status_code == 201, opened.content
    report_id, version = opened.json()["id"], opened.json()["version"]
    again = post(client, f"{API}/action-plans/{plan_id}/progress-reports/", {"period": "2026-B04"})
    assert again.status_code == 200 and again.json()["id"] == report_id
    saved = client.patch(
        f"{API}/progress-reports/{report_id}/",
        {"version": version, "narrative": "Berjalan", "entries": {action_id: {"realisation": "62.5"}}},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    submitted = post(client, f"{API}/progress-reports/{report_id}/submit/", {"version": saved.json()["version"]})
    assert submitted.status_code == 200, submitted.content
    report = ProgressReport.objects.get(public_id=report_id)
    assert report.status != ProgressReport.Status.DRAFT and report.first_submitted_at is not None
    assert str(ProgressEntry.objects.get(report=report).realisation) == "62.50"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"action_plan.created", "action.created", "progress_report.opened", "progress_report.saved"} <= actions


def test_a_period_not_yet_ended_and_realisation_above_100_are_refused_and_nothing_is_written(login_as, personas):
    operator = personas["operator.kotabandung"]
    plan = f.plan(operator, "32.73", 2026)
    action = f.action(operator, plan)
    client = login_as("operator.kotabandung")
    early = post(client, f"{API}/action-plans/{plan.public_id}/progress-reports/", {"period": "2026-B12"})
    assert early.status_code == 400
    assert early.json()["errors"][0]["attr"] == "period" and "belum berakhir" in early.json()["errors"][0]["detail"]
    assert not ProgressReport.objects.filter(period="B12").exists()
    report = f.report(operator, plan)
    too_much = client.patch(
        f"{API}/progress-reports/{report.public_id}/",
        {"version": report.version, "entries": {str(action.public_id): {"realisation": "120"}}},
        content_type="application/json",
    )
    assert too_much.status_code == 400
    assert "antara 0 dan 100" in too_much.json()["errors"][0]["detail"]
    assert ProgressEntry.objects.get(report=report).realisation in (None, 0)
    report.refresh_from_db()
    assert report.version == 1


def test_an_action_is_changed_with_its_version_and_a_stale_version_gets_409(login_as, personas):
    operator = personas["operator.kotabandung"]
    action = f.action(operator, f.plan(operator, "32.73", 2026))
    client = login_as("operator.kotabandung")
    url = f"{API}/plan-actions/{action.public_id}/"
    ok = client.patch(url, {**ACTION, "target": "6 kali", "version": 1}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    stale = client.patch(url, {**ACTION, "target": "8 kali", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["code"] == "stale" and stale.json()["current_version"] == 2
    action.refresh_from_db()
    assert action.target == "6 kali"
    bad = client.patch(url, {**ACTION, "ends_on": "2026-01-01", "version": 2}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["attr"] == "ends_on"


def test_a_second_plan_for_the_same_year_gets_409(login_as, personas):
    plan = f.plan(personas["operator.kotabandung"], "32.73", 2026)
    response = post(
        login_as("operator.kotabandung"), f"{API}/action-plans/", {"region": "32.73", "year": 2026, "title": "X"}
    )
    assert response.status_code == 409 and response.json()["public_id"] == str(plan.public_id)
    assert ActionPlan.objects.count() == 1


def test_another_region_answers_404_and_roles_without_the_right_403(login_as, personas):
    kab = personas["operator.kabbandung"]
    other = f.plan(kab, "32.04", 2026)
    other_action = f.action(kab, other)
    client = login_as("operator.kotabandung")
    assert post(client, f"{API}/action-plans/", {"region": "32.04", "year": 2027, "title": "X"}).status_code == 404
    assert post(client, f"{API}/action-plans/{other.public_id}/actions/", ACTION).status_code == 404
    body = {**ACTION, "version": 1}
    assert (
        client.patch(f"{API}/plan-actions/{other_action.public_id}/", body, content_type="application/json").status_code
        == 404
    )
    for username in ("pimpinan", "analis.nasional"):
        response = post(login_as(username), f"{API}/action-plans/", {"region": "32.73", "year": 2026, "title": "X"})
        assert response.status_code == 403, username
    assert (
        post(
            login_as("fkdm.kotabandung"), f"{API}/action-plans/", {"region": "32.73", "year": 2026, "title": "X"}
        ).status_code
        == 403
    )
    assert ActionPlan.objects.count() == 1 and Action.objects.count() == 1


def _submitted(personas: dict[str, Any], code: str = "32.73", writer: str = "operator.kotabandung") -> ProgressReport:
    op = personas[writer]
    plan = f.plan(op, code, 2026)
    f.action(op, plan)
    return f.submit(op, f.report(op, plan), f.at(2026, 5, 5))


def test_the_province_verifikator_verifies_a_submitted_report_and_a_second_verify_gets_409(login_as, personas):
    report = _submitted(personas)
    client = login_as("verifikator.jabar")
    url = f"{API}/progress-reports/{report.public_id}/verify/"
    response = post(client, url, {"version": report.version})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("verified", report.version + 1)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.VERIFIED and report.decided_by == personas["verifikator.jabar"]
    assert AuditEvent.objects.filter(action="progress_report.verified", object_id=str(report.public_id)).exists()
    again = post(client, url, {"version": report.version})
    assert again.status_code == 409
    body = again.json()
    assert body["errors"][0]["code"] == "status" and "sudah dikirim" in body["errors"][0]["detail"]
    assert (body["current_version"], body["public_id"]) == (report.version, str(report.public_id))


def test_a_report_is_returned_with_a_reason_and_without_one_nothing_changes(login_as, personas):
    report = _submitted(personas)
    client = login_as("verifikator.jabar")
    url = f"{API}/progress-reports/{report.public_id}/return/"
    blank = post(client, url, {"version": report.version, "reason": "   "})
    assert blank.status_code == 400 and blank.json()["errors"][0]["attr"] == "reason"
    assert "kosong" in blank.json()["errors"][0]["detail"]
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    response = post(client, url, {"version": report.version, "reason": "Lampirkan bukti dukung kegiatan"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["return_reason"]) == (
        "returned",
        "Lampirkan bukti dukung kegiatan",
    )
    assert AuditEvent.objects.filter(action="progress_report.returned", object_id=str(report.public_id)).exists()


def test_a_stale_version_gets_409_and_a_draft_cannot_be_verified(login_as, personas):
    report = _submitted(personas)
    client = login_as("verifikator.jabar")
    stale = post(client, f"{API}/progress-reports/{report.public_id}/verify/", {"version": report.version - 1})
    assert stale.status_code == 409 and stale.json()["errors"][0]["code"] == "stale"
    assert stale.json()["current_version"] == report.version
    op = personas["operator.kabbandung"]
    plan = f.plan(op, "32.04", 2026)
    f.action(op, plan)
    draft = f.report(op, plan)
    refused = post(client, f"{API}/progress-reports/{draft.public_id}/verify/", {"version": draft.version})
    assert refused.status_code == 409 and refused.json()["errors"][0]["code"] == "status"
    report.refresh_from_db()
    draft.refresh_from_db()
    assert (report.status, draft.status) == (ProgressReport.Status.SUBMITTED, ProgressReport.Status.DRAFT)


def test_only_the_verifikator_of_the_region_decides_other_regions_404_and_other_roles_403(login_as, personas):
    report = _submitted(personas)
    verify = f"{API}/progress-reports/{report.public_id}/verify/"
    back = f"{API}/progress-reports/{report.public_id}/return/"
    assert post(login_as("operator.kabbandung"), verify, {"version": report.version}).status_code == 404
    assert post(login_as("operator.kotabandung"), verify, {"version": report.version}).status_code == 403
    assert post(login_as("operator.kotabandung"), back, {"version": report.version, "reason": "x"}).status_code == 403
    assert post(login_as("pimpinan"), verify, {"version": report.version}).status_code == 403
    # A province's own report is verified nationally, not by its verifikator.
    province = _submitted(personas, code="32", writer="verifikator.jabar")
    url = f"{API}/progress-reports/{province.public_id}/verify/"
    assert post(login_as("verifikator.jabar"), url, {"version": province.version}).status_code == 403
    assert post(login_as("analis.nasional"), url, {"version": province.version}).status_code == 200
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
