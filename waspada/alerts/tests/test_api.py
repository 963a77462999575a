"""/api/v1/alerts/, /api/v1/information-reports/ and /api/v1/triage/: scope (404), roles (403),
need-to-know visibility, lifecycle through the services (409 on a stale version or a wrong state),
and bad input answered in Indonesian with nothing written."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from waspada.alerts import li_services
from waspada.alerts.li_services import InformationReportInput
from waspada.alerts.models import Alert, AlertAction, InformationReport
from waspada.alerts.triage.service import MAX_CHARS
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

ALERTS = "/api/v1/alerts/"
LIS = "/api/v1/information-reports/"
TRIAGE = "/api/v1/triage/"
LI_BODY = {
    "region": "32.73",
    "title": "Rencana aksi massa",
    "source_description": "Tokoh pemuda",
    "obtained_how": "Wawancara",
    "obtained_at": "2020-10-05T09:30:00",
    "source_grade": "B",
    "information_grade": "2",
    "fact_what": "Pemuda merencanakan aksi.",
    "fact_when": "Sabtu",
    "fact_where": "Alun-alun",
    "opinion": "Berpotensi ricuh.",
}


def make_alert(code: str = "32.73") -> Alert:
    region = Region.objects.get(code=code)
    alert = Alert(region=region, week_key="2020-W41", title=f"Uji {code}")
    alert.set_scope_keys(region)
    alert.save()
    return alert


def make_li(user: Any, title: str = "LI", code: str = "32.73", classification: str = "biasa") -> InformationReport:
    return li_services.submit(
        user=user,
        data=InformationReportInput(
            region=Region.objects.get(code=code),
            title=title,
            source_description="Warga",
            obtained_how="Wawancara",
            obtained_at=timezone.make_aware(datetime(2020, 10, 5, 9, 0)),
            source_grade="C",
            information_grade="3",
            fact_what="Keterangan",
            fact_when="Kemarin",
            fact_where="Pasar",
            classification=classification,
        ),
    )


def post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


# --- alerts --------------------------------------------------------------------------------------


def test_the_alert_list_is_scoped_and_filtered(login_as) -> None:
    mine, other = make_alert("32.73"), make_alert("32.04")
    client = login_as("operator.kotabandung")
    ids = [a["public_id"] for a in client.get(ALERTS).json()["results"]]
    assert ids == [str(mine.public_id)]
    assert client.get(f"{ALERTS}{other.public_id}/").status_code == 404
    national = login_as("analis.nasional")
    assert len(national.get(ALERTS, {"wilayah": "32.04"}).json()["results"]) == 1
    assert national.get(ALERTS, {"status": "closed"}).json()["results"] == []


def test_a_bad_alert_filter_answers_400_in_indonesian(login_as) -> None:
    response = login_as("analis.nasional").get(ALERTS, {"dari": "minggu lalu"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "dari"


def test_fkdm_members_get_403_on_alerts(login_as) -> None:
    assert login_as("fkdm.kotabandung").get(ALERTS).status_code == 403


def test_the_lifecycle_runs_through_the_api_with_stale_and_state_conflicts(login_as) -> None:
    alert = make_alert()
    client = login_as("verifikator.jabar")
    url = f"{ALERTS}{alert.public_id}/"
    response = post(client, url + "verify/", {"decision": "assess", "note": "Dicek", "version": 1})
    assert response.status_code == 200 and response.json()["status"] == "assessing"
    stale = post(client, url + "assess/", {"likelihood": 4, "consequence": 3, "version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert post(client, url + "assess/", {"likelihood": 4, "consequence": 3, "version": 2}).json()["risk"] == "tinggi"
    assigned = post(
        client, url + "assign/", {"owner": "operator.kotabandung", "due_on": "2030-01-01", "version": 3}
    ).json()
    assert assigned["status"] == "responding" and assigned["owner"] == "operator.kotabandung"
    owner = login_as("operator.kotabandung")
    closed = post(owner, url + "close/", {"outcome": "Dimediasi", "version": 4})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    wrong = post(client, url + "verify/", {"decision": "monitor", "version": 5})
    assert wrong.status_code == 409
    kinds = [a["kind"] for a in client.get(url).json()["actions"]]
    assert kinds == ["assess", "risk", "assign", "close"]


def test_an_operator_may_not_verify_and_another_regions_alert_is_404(login_as) -> None:
    alert, other = make_alert("32.73"), make_alert("32.04")
    client = login_as("operator.kotabandung")
    assert post(client, f"{ALERTS}{alert.public_id}/verify/", {"decision": "assess", "version": 1}).status_code == 403
    assert post(client, f"{ALERTS}{other.public_id}/comment/", {"note": "x"}).status_code == 404
    assert not AlertAction.objects.exists()


def test_bad_action_input_answers_400_and_writes_nothing(login_as) -> None:
    alert = make_alert()
    client = login_as("verifikator.jabar")
    response = post(client, f"{ALERTS}{alert.public_id}/verify/", {"decision": "discard", "version": 1})
    assert response.status_code == 400  # a discard needs a reason
    response = post(client, f"{ALERTS}{alert.public_id}/assess/", {"likelihood": 9, "consequence": 1, "version": 1})
    assert response.status_code == 400
    assert not AlertAction.objects.exists()


# --- Laporan Informasi ---------------------------------------------------------------------------


def test_an_fkdm_member_creates_an_li_and_lists_only_their_own(login_as, personas) -> None:
    make_li(personas["operator.kotabandung"], "Punya operator")
    client = login_as("fkdm.kotabandung")
    response = post(client, LIS, LI_BODY)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["source_grade"] == "B" and body["opinion"] == "Berpotensi ricuh."
    assert body["obtained_at"] == "2020-10-05T09:30:00+07:00"  # read in the region's zone (WIB)
    assert [r["title"] for r in client.get(LIS).json()["results"]] == ["Rencana aksi massa"]


def test_an_li_without_source_grade_is_refused_in_indonesian(login_as) -> None:
    body = {k: v for k, v in LI_BODY.items() if k != "source_grade"}
    response = post(login_as("fkdm.kotabandung"), LIS, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "source_grade"
    assert not InformationReport.objects.exists()


def test_an_li_outside_scope_is_404_and_pimpinan_gets_403(login_as) -> None:
    assert post(login_as("fkdm.kotabandung"), LIS, {**LI_BODY, "region": "32.04"}).status_code == 404
    assert post(login_as("pimpinan"), LIS, LI_BODY).status_code == 403
    assert not InformationReport.objects.exists()


def test_li_detail_follows_need_to_know(login_as, personas) -> None:
    secret = make_li(personas["operator.kotabandung"], "Rahasia", classification="rahasia")
    url = f"{LIS}{secret.public_id}/"
    assert login_as("analis.nasional").get(url).status_code == 200
    assert login_as("verifikator.jabar").get(url).status_code == 404
    assert login_as("fkdm.kotabandung").get(url).status_code == 404
    assert login_as("operator.kabbandung").get(url).status_code == 404


# --- triage --------------------------------------------------------------------------------------


def test_triage_gives_regions_a_category_and_drafts(login_as) -> None:
    text = "Bentrokan antarwarga pecah di Kecamatan Coblong, Kota Bandung, Sabtu (10/10/2020); tiga orang luka-luka."
    response = post(login_as("operator.kotabandung"), TRIAGE, {"text": text})
    assert response.status_code == 200
    body = response.json()
    assert "32.73" in [r["code"] for r in body["regions"]]
    assert body["information_report_draft"]["fact_what"] == text
    assert body["incident_draft"]["uraian"] == text


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_CHARS + 1)])
def test_an_empty_or_enormous_triage_text_answers_400_in_indonesian(login_as, text: str) -> None:
    response = post(login_as("operator.kotabandung"), TRIAGE, {"text": text})
    assert response.status_code == 400
    detail = response.json()["errors"][0]["detail"]
    assert "Teks kosong" in detail or "terlalu panjang" in detail


def test_pimpinan_gets_403_on_triage(login_as) -> None:
    assert post(login_as("pimpinan"), TRIAGE, {"text": "Bentrok di Kota Bandung"}).status_code == 403


@pytest.mark.parametrize("body", [{"text": 0}, {"text": True}, {}, ["teks"]])
def test_a_triage_body_that_is_not_a_text_answers_400(login_as, body: Any) -> None:
    assert post(login_as("operator.kotabandung"), TRIAGE, body).status_code == 400
