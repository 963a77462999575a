"""/api/v1/ RAD Terpadu: change a plan (JSON, or multipart with its document), soft delete a plan
or an action (``?version=&reason=``), attach evidence to a progress entry (multipart) — through the
services, scoped (another region 404), by role (403), bad input 400 in Indonesian with nothing
written, a stale version 409; the files are downloaded through the API's scoped downloads, whose
URLs the API gives (test_api_downloads.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressEvidence, ProgressReport
from waspada.actionplans.tests import factories as f
from waspada.core.models import AuditEvent

pytestmark = pytest.mark.django_db
API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WASPADA_ATTACHMENT_MAX_BYTES = 1024
    return tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def patch_json(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


def patch_multipart(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, encode_multipart(BOUNDARY, body), content_type=MULTIPART_CONTENT)


def own_plan(personas: dict[str, Any]) -> ActionPlan:
    return f.plan(personas["operator.kotabandung"], "32.73", 2026)


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# --- change a plan -------------------------------------------------------------------------------


def test_an_operator_changes_its_plan_with_its_version_and_a_stale_version_gets_409(login_as, personas):
    plan = own_plan(personas)
    client = login_as("operator.kotabandung")
    url = f"{API}/action-plans/{plan.public_id}/"
    ok = patch_json(client, url, {"version": 1, "title": "RAD Terpadu Kota Bandung 2026 (perubahan Pilkada)"})
    assert ok.status_code == 200, ok.content
    assert (ok.json()["title"], ok.json()["version"]) == ("RAD Terpadu Kota Bandung 2026 (perubahan Pilkada)", 2)
    assert ok.json()["decree_number"] == plan.decree_number  # fields not sent stay as they were
    assert audit_actions()[-1] == "action_plan.updated"
    stale = patch_json(client, url, {"version": 1, "title": "Tertimpa"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["errors"][0]["code"] == "stale" and "sudah diubah orang lain" in body["errors"][0]["detail"]
    assert (body["current_version"], body["public_id"]) == (2, str(plan.public_id))
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("RAD Terpadu Kota Bandung 2026 (perubahan Pilkada)", 2)


@pytest.mark.parametrize(
    ("change", "attr", "words"),
    [
        ({"title": "   "}, "title", "kosong"),
        ({"decree_date": "2027-01-05"}, "decree_date", "setelah tahun RAD"),
        ({"decree_number": "", "decree_date": "2026-01-15"}, "decree_number", "wajib diisi"),
        ({"version": "x"}, "version", ""),
    ],
)
def test_a_bad_plan_change_is_refused_in_indonesian_and_nothing_is_written(login_as, personas, change, attr, words):
    plan = own_plan(personas)
    before = audit_actions()
    response = patch_json(
        login_as("operator.kotabandung"), f"{API}/action-plans/{plan.public_id}/", {"version": 1, **change}
    )
    assert response.status_code == 400, response.content
    assert any(e["attr"] == attr and words in e["detail"] for e in response.json()["errors"]), response.json()
    fresh = ActionPlan.objects.get(pk=plan.pk)
    assert (fresh.title, fresh.decree_number, fresh.decree_date, fresh.version) == (
        plan.title,
        plan.decree_number,
        plan.decree_date,
        1,
    )
    assert audit_actions() == before


def test_the_plan_document_is_uploaded_with_a_multipart_patch_and_downloaded_from_the_link_given(
    login_as, personas, media
):
    plan = own_plan(personas)
    client = login_as("operator.kotabandung")
    assert client.get(f"{API}/action-plans/{plan.public_id}/").json()["document_url"] is None
    response = patch_multipart(
        client,
        f"{API}/action-plans/{plan.public_id}/",
        {"version": "1", "decree_number": "188.45/Kep.40-Kesbangpol", "document": upload("rad-2026.pdf", PDF)},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["has_document"], data["document_name"], data["version"]) == (True, "rad-2026.pdf", 2)
    assert data["decree_number"] == "188.45/Kep.40-Kesbangpol"
    assert data["document_url"] == reverse("api:action-plan-document", kwargs={"public_id": plan.public_id})
    download = client.get(data["document_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    event = AuditEvent.objects.filter(action="action_plan.updated").get()
    assert event.after["document_name"] == "rad-2026.pdf"
    # The link is the API's scoped download: another region's operator gets 404 there.
    assert login_as("operator.kabbandung").get(data["document_url"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("rad.exe", b"MZ\x90\x00", "tidak diterima"),
        ("rad.pdf", b"MZ not a pdf at all", "tidak sesuai"),
        ("rad.pdf", PDF + b"0" * 2048, "terlalu besar"),
    ],
)
def test_a_plan_document_that_is_not_an_accepted_small_file_is_refused_and_nothing_is_written(
    login_as, personas, media, name, content, words
):
    plan = own_plan(personas)
    before = audit_actions()
    response = patch_multipart(
        login_as("operator.kotabandung"),
        f"{API}/action-plans/{plan.public_id}/",
        {"version": "1", "title": "Judul baru", "document": upload(name, content)},
    )
    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert error["attr"] == "document" and words in error["detail"], error
    fresh = ActionPlan.objects.get(pk=plan.pk)
    assert (fresh.title, fresh.version, bool(fresh.document)) == (plan.title, 1, False)
    assert audit_actions() == before
    assert not any(media.rglob("*.*"))


# --- soft deletes --------------------------------------------------------------------------------


def test_a_plan_is_soft_deleted_with_a_reason_and_its_version(login_as, personas):
    plan = own_plan(personas)
    client = login_as("operator.kotabandung")
    url = f"{API}/action-plans/{plan.public_id}/"
    blank = client.delete(f"{url}?version=1&reason=%20%20")
    assert blank.status_code == 400 and blank.json()["errors"][0]["attr"] == "reason"
    assert "kosong" in blank.json()["errors"][0]["detail"]
    no_version = client.delete(f"{url}?reason=salah%20catat")
    assert no_version.status_code == 400 and no_version.json()["errors"][0]["attr"] == "version"
    stale = client.delete(f"{url}?version=2&reason=salah%20catat")
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    assert ActionPlan.objects.get(pk=plan.pk).deleted_at is None
    assert "action_plan.deleted" not in audit_actions()
    gone = client.delete(f"{url}?version=1&reason=salah%20catat")
    assert gone.status_code == 204 and gone.content == b""
    plan.refresh_from_db()
    assert (plan.deleted_reason, plan.version) == ("salah catat", 2) and plan.deleted_at is not None
    event = AuditEvent.objects.get(action="action_plan.deleted")
    assert (event.object_id, event.after) == (str(plan.public_id), {"reason": "salah catat"})
    assert client.get(url).status_code == 404
    assert client.delete(f"{url}?version=2&reason=lagi").status_code == 404


def test_a_plan_whose_progress_report_was_submitted_cannot_be_deleted_409(login_as, personas):
    op = personas["operator.kotabandung"]
    plan = own_plan(personas)
    f.action(op, plan)
    f.submit(op, f.report(op, plan), f.at(2026, 5, 5))
    response = login_as("operator.kotabandung").delete(
        f"{API}/action-plans/{plan.public_id}/?version={plan.version}&reason=salah%20catat"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["errors"][0]["code"] == "status" and "sudah dikirim" in body["errors"][0]["detail"]
    assert (body["current_version"], body["public_id"]) == (plan.version, str(plan.public_id))
    assert ActionPlan.objects.get(pk=plan.pk).deleted_at is None


def test_an_action_is_soft_deleted_and_leaves_the_open_draft_but_not_the_submitted_report(login_as, personas):
    op = personas["operator.kotabandung"]
    plan = own_plan(personas)
    kept, dropped = f.action(op, plan), f.action(op, plan, activity="Patroli bersama")
    submitted = f.submit(op, f.report(op, plan, "B04"), f.at(2026, 5, 5))
    draft = f.report(op, plan, "B08")
    client = login_as("operator.kotabandung")
    url = f"{API}/plan-actions/{dropped.public_id}/"
    blank = client.delete(f"{url}?version=1&reason=")
    assert blank.status_code == 400 and blank.json()["errors"][0]["attr"] == "reason"
    stale = client.delete(f"{url}?version=5&reason=ganda")
    assert stale.status_code == 409 and stale.json()["errors"][0]["code"] == "stale"
    assert Action.objects.get(pk=dropped.pk).deleted_at is None
    gone = client.delete(f"{url}?version=1&reason=ganda")
    assert gone.status_code == 204
    dropped.refresh_from_db()
    assert (dropped.deleted_reason, dropped.version) == ("ganda", 2)
    assert AuditEvent.objects.filter(action="action.deleted", object_id=str(dropped.public_id)).exists()
    assert client.get(url).status_code == 404
    assert [e["id"] for e in client.get(f"{API}/action-plans/{plan.public_id}/").json()["actions"]] == [
        str(kept.public_id)
    ]
    assert ProgressEntry.objects.filter(report=submitted, action=dropped).exists()
    assert not ProgressEntry.objects.filter(report=draft, action=dropped).exists()


# --- evidence files ------------------------------------------------------------------------------


def test_evidence_is_attached_to_an_entry_of_a_draft_and_listed_with_its_download(login_as, personas, media):
    op = personas["operator.kotabandung"]
    plan = own_plan(personas)
    action = f.action(op, plan)
    report = f.report(op, plan)
    client = login_as("operator.kotabandung")
    response = client.post(
        f"{API}/progress-reports/{report.public_id}/evidence/",
        {"action": str(action.public_id), "file": upload("foto-dialog.pdf", PDF)},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    evidence = ProgressEvidence.objects.get(public_id=data["id"])
    assert (data["action"], data["name"], data["size"]) == (str(action.public_id), "foto-dialog.pdf", len(PDF))
    assert data["url"] == reverse(
        "api:progress-report-evidence-file", kwargs={"public_id": report.public_id, "evidence_id": evidence.public_id}
    )
    event = AuditEvent.objects.get(action="progress_report.evidence_added")
    assert event.after == {"action": str(action.public_id), "file": "foto-dialog.pdf", "size": len(PDF)}
    listed = client.get(f"{API}/progress-reports/{report.public_id}/").json()["entries"][0]["evidence"]
    assert [(e["id"], e["url"]) for e in listed] == [(data["id"], data["url"])]
    download = client.get(data["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_bad_evidence_is_refused_in_indonesian_and_nothing_is_written(login_as, personas, media):
    op = personas["operator.kotabandung"]
    plan = own_plan(personas)
    action = f.action(op, plan)
    other_plan_action = f.action(op, f.plan(op, "32.73", 2025))
    report = f.report(op, plan)
    client = login_as("operator.kotabandung")
    url = f"{API}/progress-reports/{report.public_id}/evidence/"
    cases = [
        ({"action": str(action.public_id)}, "file", "wajib"),
        ({"action": str(action.public_id), "file": upload("bukti.exe", b"MZ")}, "file", "tidak diterima"),
        ({"action": str(action.public_id), "file": upload("bukti.pdf", PDF + b"0" * 2048)}, "file", "terlalu besar"),
        ({"action": str(other_plan_action.public_id), "file": upload("bukti.pdf", PDF)}, "action", "tidak ada"),
        ({"action": "bukan-uuid", "file": upload("bukti.pdf", PDF)}, "action", ""),
    ]
    for body, attr, words in cases:
        response = client.post(url, body)
        assert response.status_code == 400, (body, response.content)
        error = response.json()["errors"][0]
        assert error["attr"] == attr and words in error["detail"], error
    as_json = client.post(url, {"action": str(action.public_id)}, content_type="application/json")
    assert as_json.status_code == 415
    assert not ProgressEvidence.objects.exists() and not any(media.rglob("*.*"))
    assert "progress_report.evidence_added" not in audit_actions()


def test_evidence_on_a_submitted_report_gets_409_status_and_nothing_is_written(login_as, personas, media):
    op = personas["operator.kotabandung"]
    plan = own_plan(personas)
    action = f.action(op, plan)
    report = f.submit(op, f.report(op, plan), f.at(2026, 5, 5))
    response = login_as("operator.kotabandung").post(
        f"{API}/progress-reports/{report.public_id}/evidence/",
        {"action": str(action.public_id), "file": upload("bukti.pdf", PDF)},
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["errors"][0]["code"] == "status" and "tidak dapat diubah" in body["errors"][0]["detail"]
    assert (body["current_version"], body["public_id"]) == (report.version, str(report.public_id))
    assert not ProgressEvidence.objects.exists() and not any(media.rglob("*.*"))


# --- scope and roles -----------------------------------------------------------------------------


def test_another_regions_plan_action_and_report_answer_404_and_nothing_changes(login_as, personas, media):
    kab = personas["operator.kabbandung"]
    plan = f.plan(kab, "32.04", 2026)
    action = f.action(kab, plan)
    report = f.report(kab, plan)
    client = login_as("operator.kotabandung")
    plan_url = f"{API}/action-plans/{plan.public_id}/"
    assert patch_json(client, plan_url, {"version": 1, "title": "Diambil alih"}).status_code == 404
    assert patch_multipart(client, plan_url, {"version": "1", "document": upload("rad.pdf", PDF)}).status_code == 404
    assert client.delete(f"{plan_url}?version=1&reason=x").status_code == 404
    assert client.delete(f"{API}/plan-actions/{action.public_id}/?version=1&reason=x").status_code == 404
    evidence = client.post(
        f"{API}/progress-reports/{report.public_id}/evidence/",
        {"action": str(action.public_id), "file": upload("bukti.pdf", PDF)},
    )
    assert evidence.status_code == 404
    plan.refresh_from_db()
    action.refresh_from_db()
    assert (plan.title, plan.version, plan.deleted_at, bool(plan.document)) == (
        "RAD Terpadu 32.04 2026",
        1,
        None,
        False,
    )
    assert (action.version, action.deleted_at) == (1, None)
    assert not ProgressEvidence.objects.exists()


@pytest.mark.parametrize("username", ["pimpinan", "fkdm.kotabandung", "analis.nasional"])
def test_roles_without_the_right_to_write_the_plan_get_403(login_as, personas, media, username):
    op = personas["operator.kotabandung"]
    plan = own_plan(personas)
    action = f.action(op, plan)
    report = f.report(op, plan)
    client = login_as(username)
    plan_url = f"{API}/action-plans/{plan.public_id}/"
    assert patch_json(client, plan_url, {"version": 1, "title": "Diubah"}).status_code == 403
    assert client.delete(f"{plan_url}?version=1&reason=salah").status_code == 403
    assert client.delete(f"{API}/plan-actions/{action.public_id}/?version=1&reason=salah").status_code == 403
    evidence = client.post(
        f"{API}/progress-reports/{report.public_id}/evidence/",
        {"action": str(action.public_id), "file": upload("bukti.pdf", PDF)},
    )
    assert evidence.status_code == 403
    assert ActionPlan.objects.get(pk=plan.pk).version == 1 and Action.objects.get(pk=action.pk).deleted_at is None
    assert not ProgressEvidence.objects.exists()
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.DRAFT
