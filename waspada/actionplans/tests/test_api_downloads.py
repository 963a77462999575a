"""/api/v1/action-plans/{id}/document/ and /api/v1/progress-reports/{id}/evidence/{evidence_id}/file/:
the stored file for a client with only an API token, through the pages' access checks (another
region 404, a deleted plan or no file 404, roles that may not read RAD 403)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waspada.actionplans import services
from waspada.actionplans.models import ActionPlan, ProgressEvidence, ProgressReport
from waspada.actionplans.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(200))


def kota_bandung_rad(personas: dict[str, Any]) -> tuple[ActionPlan, ProgressReport, ProgressEvidence]:
    operator = personas["operator.kotabandung"]
    plan = f.plan(operator, "32.73", 2026, document=SimpleUploadedFile("rad-2026.pdf", PDF))
    f.action(operator, plan)
    report = f.report(operator, plan)
    evidence = services.evidence_add(
        actor=operator, entry=report.entries.get(), upload=SimpleUploadedFile("foto-dialog.jpg", JPEG)
    )
    return plan, report, evidence


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_token_client_downloads_the_plan_document_and_the_evidence_from_the_urls_the_api_gives(
    token_client, personas, media
):
    plan, report, evidence = kota_bandung_rad(personas)
    client = token_client("operator.kotabandung")
    document_url = client.get(f"{API}/action-plans/{plan.public_id}/").json()["document_url"]
    assert document_url == f"{API}/action-plans/{plan.public_id}/document/"
    download = client.get(document_url)
    assert download.status_code == 200
    assert (download["Content-Type"], download["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="rad-2026.pdf"',
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert body(download) == PDF

    [listed] = client.get(f"{API}/progress-reports/{report.public_id}/").json()["entries"][0]["evidence"]
    assert listed["url"] == f"{API}/progress-reports/{report.public_id}/evidence/{evidence.public_id}/file/"
    download = client.get(listed["url"])
    assert download.status_code == 200
    assert (download["Content-Type"], download["Content-Disposition"]) == (
        "image/jpeg",
        'attachment; filename="foto-dialog.jpg"',
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert body(download) == JPEG


def test_the_national_analyst_downloads_a_regions_evidence(token_client, personas, media):
    _, report, evidence = kota_bandung_rad(personas)
    url = f"{API}/progress-reports/{report.public_id}/evidence/{evidence.public_id}/file/"
    download = token_client("analis.nasional").get(url)
    assert download.status_code == 200 and body(download) == JPEG


def test_another_regions_operator_gets_404_for_the_document_and_the_evidence(token_client, personas, media):
    plan, report, evidence = kota_bandung_rad(personas)
    client = token_client("operator.kabbandung")
    for url in (
        f"{API}/action-plans/{plan.public_id}/document/",
        f"{API}/progress-reports/{report.public_id}/evidence/{evidence.public_id}/file/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json")


def test_evidence_asked_through_another_report_in_scope_answers_404(token_client, personas, media):
    operator = personas["operator.kotabandung"]
    plan, _, evidence = kota_bandung_rad(personas)
    other = f.report(operator, plan, "B08")
    url = f"{API}/progress-reports/{other.public_id}/evidence/{evidence.public_id}/file/"
    assert token_client("operator.kotabandung").get(url).status_code == 404


def test_a_deleted_plan_answers_404_for_its_document_and_its_evidence(token_client, personas, media):
    plan, report, evidence = kota_bandung_rad(personas)
    services.plan_delete(actor=personas["operator.kotabandung"], plan=plan, reason="Salah catat", expected_version=None)
    client = token_client("operator.kotabandung")
    assert client.get(f"{API}/action-plans/{plan.public_id}/document/").status_code == 404
    url = f"{API}/progress-reports/{report.public_id}/evidence/{evidence.public_id}/file/"
    assert client.get(url).status_code == 404


def test_a_plan_without_a_document_has_no_url_and_its_download_answers_404(token_client, personas, media):
    plan = f.plan(personas["operator.kotabandung"], "32.73", 2026)
    client = token_client("operator.kotabandung")
    assert client.get(f"{API}/action-plans/{plan.public_id}/").json()["document_url"] is None
    assert client.get(f"{API}/action-plans/{plan.public_id}/document/").status_code == 404


def test_a_role_that_may_not_read_rad_gets_403(token_client, personas, media):
    plan, report, evidence = kota_bandung_rad(personas)
    client = token_client("fkdm.kotabandung")
    assert client.get(f"{API}/action-plans/{plan.public_id}/document/").status_code == 403
    url = f"{API}/progress-reports/{report.public_id}/evidence/{evidence.public_id}/file/"
    assert client.get(url).status_code == 403


def test_a_client_that_accepts_only_the_files_type_gets_the_file_and_errors_stay_json(token_client, personas, media):
    plan, report, evidence = kota_bandung_rad(personas)
    client = token_client("operator.kotabandung")
    download = client.get(f"{API}/action-plans/{plan.public_id}/document/", HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200 and body(download) == PDF
    url = f"{API}/progress-reports/{report.public_id}/evidence/{evidence.public_id}/file/"
    download = client.get(url, HTTP_ACCEPT="image/jpeg")
    assert download.status_code == 200 and body(download) == JPEG
    missing = token_client("operator.kabbandung").get(url, HTTP_ACCEPT="image/jpeg")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
    # The other operations keep JSON-only negotiation.
    assert client.get(f"{API}/action-plans/{plan.public_id}/", HTTP_ACCEPT="application/pdf").status_code == 406
