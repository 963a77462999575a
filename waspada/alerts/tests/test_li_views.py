"""Laporan Informasi pages: list with need-to-know visibility, the submit form (prefilled from the
triage page, refusals in Indonesian with nothing saved), the detail with attachments and the
analyst's actions, roles (403) and scope (404)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waspada.alerts import li_services
from waspada.alerts.li_services import InformationReportInput
from waspada.alerts.models import Alert, InformationReport
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = reverse("alerts:li_list")
CREATE = reverse("alerts:li_create")

FORM = {
    "region": "32.73",
    "title": "Rencana aksi massa",
    "source_description": "Tokoh pemuda",
    "source_relation": "Tetangga",
    "obtained_how": "Wawancara",
    "obtained_at": "2020-10-05T09:30",
    "source_grade": "B",
    "information_grade": "2",
    "fact_what": "Pemuda merencanakan aksi massa.",
    "fact_when": "Sabtu",
    "fact_where": "Alun-alun",
    "opinion": "Berpotensi ricuh.",
    "classification": "biasa",
}


def make_li(user: Any, title: str = "LI uji", code: str = "32.73", classification: str = "biasa") -> InformationReport:
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


def detail_url(report: InformationReport) -> str:
    return reverse("alerts:li_detail", kwargs={"public_id": report.public_id})


def act_url(report: InformationReport) -> str:
    return reverse("alerts:li_act", kwargs={"public_id": report.public_id})


def test_an_fkdm_member_submits_an_li_from_the_form_in_the_regions_time_zone(login_as, personas) -> None:
    response = login_as("fkdm.kotabandung").post(CREATE, FORM)
    report = InformationReport.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(report)
    assert report.reporter == personas["fkdm.kotabandung"]
    # 09:30 WIB is 02:30 UTC.
    assert report.obtained_at == timezone.make_aware(datetime(2020, 10, 5, 2, 30), UTC)
    page = login_as("fkdm.kotabandung").get(detail_url(report)).content.decode()
    assert "Berpotensi ricuh." in page and "Pendapat pelapor" in page
    assert 'data-testid="li-actions"' not in page


def test_the_form_without_source_grade_answers_400_in_indonesian_and_saves_nothing(login_as) -> None:
    response = login_as("fkdm.kotabandung").post(CREATE, {**FORM, "source_grade": ""})
    assert response.status_code == 400
    assert "tanpa penilaian sumber" in response.content.decode()
    assert response.context["values"]["title"] == "Rencana aksi massa"
    assert not InformationReport.objects.exists()


def test_an_unreadable_time_answers_400(login_as) -> None:
    response = login_as("operator.kotabandung").post(CREATE, {**FORM, "obtained_at": "kemarin sore"})
    assert response.status_code == 400
    assert "tidak terbaca" in response.content.decode()
    assert not InformationReport.objects.exists()


def test_the_form_is_prefilled_from_the_triage_pages_li_link(login_as) -> None:
    client = login_as("fkdm.kotabandung")
    text = "Bentrokan antarwarga terjadi di Kota Bandung pada 5 Oktober 2020, dua orang luka-luka."
    triage = client.post(reverse("alerts:triage"), {"teks": text})
    link = triage.context["li_url"]
    assert link.startswith(CREATE) and b'data-testid="li-draft-link"' in triage.content
    response = client.get(link)
    assert response.status_code == 200
    values = response.context["values"]
    assert values["fact_what"] == text and values["region"] == "32.73"
    assert parse_qs(urlsplit(link).query)["fact_when"] == ["2020-10-05"]


def test_an_attachment_is_uploaded_with_the_form_and_downloaded_from_the_detail(
    login_as, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login_as("fkdm.kotabandung")
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    response = client.post(CREATE, {**FORM, "lampiran": upload})
    assert response.status_code == 302
    report = InformationReport.objects.get()
    attachment = report.attachments.get()
    download = client.get(
        reverse("alerts:li_attachment", kwargs={"public_id": report.public_id, "attachment_id": attachment.public_id})
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 bukti"


@pytest.mark.parametrize("username", ["pimpinan", "admin"])
def test_roles_that_may_not_submit_get_403_on_the_form(login_as, username: str) -> None:
    assert login_as(username).get(CREATE).status_code == 403
    assert login_as(username).post(CREATE, FORM).status_code == 403
    assert not InformationReport.objects.exists()


def test_the_list_shows_an_fkdm_member_only_their_own(login_as, personas) -> None:
    make_li(personas["fkdm.kotabandung"], "Punya FKDM")
    other = make_li(personas["operator.kotabandung"], "Punya operator")
    response = login_as("fkdm.kotabandung").get(LIST)
    titles = [r.title for r in response.context["page"].object_list]
    assert titles == ["Punya FKDM"]
    assert login_as("fkdm.kotabandung").get(detail_url(other)).status_code == 404


def test_a_rahasia_li_is_listed_for_the_analyst_and_404_for_the_verifikator(login_as, personas) -> None:
    secret = make_li(personas["operator.kotabandung"], "Rahasia", classification="rahasia")
    assert login_as("analis.nasional").get(detail_url(secret)).status_code == 200
    assert login_as("verifikator.jabar").get(detail_url(secret)).status_code == 404
    listed = login_as("verifikator.jabar").get(LIST, {"klasifikasi": "rahasia"}).context["page"].object_list
    assert list(listed) == []
    assert login_as("operator.kotabandung").get(detail_url(secret)).status_code == 200  # the reporter


def test_an_analyst_opens_an_alert_from_the_detail_page(login_as, personas) -> None:
    report = make_li(personas["fkdm.kotabandung"])
    client = login_as("verifikator.jabar")
    assert 'data-testid="li-actions"' in client.get(detail_url(report)).content.decode()
    response = client.post(act_url(report), {"aksi": "buka_peringatan", "version": "1", "catatan": "Dikaji"})
    alert = Alert.objects.get()
    assert response.status_code == 302 and str(alert.public_id) in response["Location"]
    stale = client.post(act_url(report), {"aksi": "tautkan_peringatan", "version": "1", "peringatan": alert.public_id})
    assert stale.status_code == 400 and "sudah diubah" in stale.content.decode()


def test_an_analyst_turns_an_li_into_a_draft_incident_from_the_page(login_as, personas) -> None:
    report = make_li(personas["fkdm.kotabandung"])
    client = login_as("verifikator.jabar")
    bad = client.post(act_url(report), {"aksi": "jadikan_peristiwa", "version": "1", "kategori": ""})
    assert bad.status_code == 400 and "kategori" in bad.content.decode()
    response = client.post(
        act_url(report), {"aksi": "jadikan_peristiwa", "version": "1", "kategori": "bentrok-antarwarga"}
    )
    incident = report.incidents.get()
    assert response.status_code == 302 and str(incident.public_id) in response["Location"]


def test_an_operator_may_not_act_on_an_li(login_as, personas) -> None:
    report = make_li(personas["fkdm.kotabandung"])
    response = login_as("operator.kotabandung").post(act_url(report), {"aksi": "buka_peringatan", "version": "1"})
    assert response.status_code == 403
    assert not Alert.objects.exists()


def test_linking_an_alert_of_another_region_answers_404(login_as, personas) -> None:
    report = make_li(personas["fkdm.kotabandung"])
    region = Region.objects.get(code="31.71")
    alert = Alert(region=region, week_key="2020-W41", title="Jakarta Pusat")
    alert.set_scope_keys(region)
    alert.save()
    response = login_as("verifikator.jabar").post(
        act_url(report), {"aksi": "tautkan_peringatan", "version": "1", "peringatan": str(alert.public_id)}
    )
    assert response.status_code == 404
    assert not report.alerts.exists()
