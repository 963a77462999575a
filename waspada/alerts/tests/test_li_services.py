"""Laporan Informasi: submit and its refusals, need-to-know visibility by classification and role,
attachments, and the analyst's actions (open an alert, link to an alert / an incident, turn into a
draft incident) with locking, audit events and scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from waspada.alerts import li_selectors, li_services
from waspada.alerts.li_services import InformationReportInput, InformationReportRefused, StaleInformationReport
from waspada.alerts.models import Alert, AlertAction, InformationReport
from waspada.core.models import AuditEvent
from waspada.incidents.models import IncidentSource
from waspada.regions import access
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

OBTAINED = timezone.make_aware(datetime(2020, 10, 5, 9, 0))
PDF = b"%PDF-1.4 uji lampiran\n"


def li_input(code: str = "32.73", **values: Any) -> InformationReportInput:
    data = InformationReportInput(
        region=Region.objects.get(code=code),
        title="Rencana aksi massa di alun-alun",
        source_description="Tokoh pemuda setempat",
        source_relation="Kenalan lama",
        obtained_how="Wawancara langsung",
        obtained_at=OBTAINED,
        source_grade="B",
        information_grade="2",
        fact_what="Sekelompok pemuda merencanakan aksi massa.",
        fact_when="Sabtu, 10 Oktober 2020",
        fact_where="Alun-alun Kota Bandung",
        fact_who="Kelompok pemuda X",
        opinion="Berpotensi ricuh.",
    )
    for key, value in values.items():
        setattr(data, key, value)
    return data


def submit(user: Any, code: str = "32.73", **values: Any) -> InformationReport:
    return li_services.submit(user=user, data=li_input(code, **values))


def visible(user: Any) -> set[str]:
    return {r.title for r in li_selectors.reports_for(user)}


def test_an_fkdm_member_submits_an_li_with_grades_facts_and_an_audit_event(personas: dict) -> None:
    fkdm = personas["fkdm.kotabandung"]
    report = submit(fkdm, classification="terbatas")
    assert report.source_grade.code == "B" and report.information_grade.code == "2"
    assert report.opinion == "Berpotensi ricuh." and report.fact_who == "Kelompok pemuda X"
    assert report.province_id is not None and report.status == "submitted"
    event = AuditEvent.objects.get(action="li.submitted", object_id=str(report.public_id))
    assert event.actor == fkdm and (event.after or {})["classification"] == "terbatas"


def test_an_li_without_source_grade_is_refused_in_indonesian_and_nothing_is_saved(personas: dict) -> None:
    with pytest.raises(InformationReportRefused) as refused:
        submit(personas["fkdm.kotabandung"], source_grade="")
    assert "tanpa penilaian sumber" in refused.value.message_dict["source_grade"][0]
    assert not InformationReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("source_grade", "G", "A, B, C, D, E atau F"),
        ("information_grade", "9", "1, 2, 3, 4 atau 5"),
        ("information_grade", "", "wajib"),
        ("fact_what", "  ", "wajib"),
        ("title", "x" * 201, "Paling panjang"),
        ("classification", "sangat-rahasia", "BIASA, TERBATAS atau RAHASIA"),
        ("obtained_at", None, "wajib"),
        ("obtained_at", timezone.make_aware(datetime(2099, 1, 1)), "masa depan"),
    ],
)
def test_bad_li_input_is_refused_per_field(personas: dict, field: str, value: Any, words: str) -> None:
    with pytest.raises(InformationReportRefused) as refused:
        submit(personas["operator.kotabandung"], **{field: value})
    assert words in " ".join(refused.value.message_dict[field])
    assert not InformationReport.objects.exists()


def test_an_li_for_a_region_outside_scope_is_refused(personas: dict) -> None:
    with pytest.raises(InformationReportRefused) as refused:
        submit(personas["operator.kotabandung"], code="32.04")
    assert "di luar cakupan" in refused.value.message_dict["region"][0]


@pytest.mark.parametrize("username", ["pimpinan", "admin"])
def test_pimpinan_and_admin_may_not_submit(personas: dict, username: str) -> None:
    with pytest.raises(PermissionDenied):
        submit(personas[username])


def test_attachments_are_checked_like_report_attachments(personas: dict, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    fkdm = personas["fkdm.kotabandung"]
    good = SimpleUploadedFile("foto.pdf", PDF, content_type="application/pdf")
    report = li_services.submit(user=fkdm, data=li_input(), uploads=[good])
    assert [a.original_name for a in li_selectors.attachments_of(report)] == ["foto.pdf"]
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(InformationReportRefused) as refused:
        li_services.submit(user=fkdm, data=li_input(title="Kedua"), uploads=[fake])
    assert "tidak sesuai" in refused.value.message_dict["attachments"][0]
    assert InformationReport.objects.count() == 1


def test_an_fkdm_member_sees_only_their_own_lis(personas: dict) -> None:
    submit(personas["fkdm.kotabandung"], title="Milik FKDM")
    submit(personas["operator.kotabandung"], title="Milik operator")
    assert visible(personas["fkdm.kotabandung"]) == {"Milik FKDM"}
    assert visible(personas["operator.kotabandung"]) == {"Milik FKDM", "Milik operator"}


def test_rahasia_lis_are_seen_only_by_secret_roles_and_the_reporter(personas: dict) -> None:
    assert set(access.SECRET_LI_ROLES) == {"analis"}
    submit(personas["fkdm.kotabandung"], title="Rahasia", classification="rahasia")
    submit(personas["fkdm.kotabandung"], title="Terbatas", classification="terbatas")
    assert visible(personas["fkdm.kotabandung"]) == {"Rahasia", "Terbatas"}
    assert visible(personas["analis.nasional"]) == {"Rahasia", "Terbatas"}
    for username in ("operator.kotabandung", "verifikator.jabar", "pimpinan"):
        assert visible(personas[username]) == {"Terbatas"}, username


def test_an_li_of_another_region_is_not_found(personas: dict) -> None:
    report = submit(personas["operator.kabbandung"], code="32.04")
    with pytest.raises(Http404):
        access.get_information_report_for_user(personas["operator.kotabandung"], report.public_id)
    assert access.get_information_report_for_user(personas["verifikator.jabar"], report.public_id) == report


def test_an_analyst_opens_an_alert_from_an_li(personas: dict) -> None:
    report = submit(personas["fkdm.kotabandung"])
    analyst = personas["verifikator.jabar"]
    alert = li_services.open_alert(user=analyst, report=report, version=report.version, note="Perlu dikaji")
    assert alert.status == Alert.Status.NEW and alert.rule is None and alert.region.code == "32.73"
    assert alert.source_report == report and alert.week_key == "2020-W41"
    assert list(report.alerts.all()) == [alert]
    action = AlertAction.objects.get(alert=alert)
    assert action.kind == "opened" and action.user == analyst and action.note == "Perlu dikaji"
    report.refresh_from_db()
    assert report.version == 2 and report.status == "reviewed"
    assert AuditEvent.objects.filter(action="li.alert_opened", object_id=str(report.public_id)).exists()
    assert AuditEvent.objects.filter(action="alert.opened", object_id=str(alert.public_id)).exists()
    with pytest.raises(InformationReportRefused, match="sudah dibuka"):
        li_services.open_alert(user=analyst, report=report, version=report.version)


def test_a_stale_version_is_refused_and_nothing_is_written(personas: dict) -> None:
    report = submit(personas["fkdm.kotabandung"])
    with pytest.raises(StaleInformationReport):
        li_services.open_alert(user=personas["verifikator.jabar"], report=report, version=7)
    assert not Alert.objects.exists()


@pytest.mark.parametrize("username", ["operator.kotabandung", "fkdm.kotabandung", "pimpinan"])
def test_only_analysts_and_verifikators_act_on_an_li(personas: dict, username: str) -> None:
    report = submit(personas["fkdm.kotabandung"])
    with pytest.raises(PermissionDenied):
        li_services.open_alert(user=personas[username], report=report, version=report.version)


def test_an_analyst_of_another_region_gets_404_on_an_action(personas: dict) -> None:
    report = submit(personas["operator.kotabandung"], classification="rahasia")
    # verifikator.jabar covers 32.73 but is not a secret role: the RAHASIA LI does not exist for them.
    with pytest.raises(Http404):
        li_services.open_alert(user=personas["verifikator.jabar"], report=report, version=report.version)


def test_an_analyst_links_an_li_to_an_alert_with_an_alert_action(personas: dict) -> None:
    report = submit(personas["fkdm.kotabandung"])
    other = submit(personas["fkdm.kotabandung"], title="LI kedua")
    analyst = personas["verifikator.jabar"]
    alert = li_services.open_alert(user=analyst, report=report, version=1)
    li_services.link_alert(user=analyst, report=other, alert=alert, version=1)
    assert set(alert.information_reports.all()) == {report, other}
    assert AlertAction.objects.filter(alert=alert, kind="link").count() == 1
    with pytest.raises(InformationReportRefused, match="sudah tertaut"):
        li_services.link_alert(user=analyst, report=other, alert=alert, version=2)


def test_an_analyst_turns_an_li_into_a_draft_incident_with_an_li_source(personas: dict) -> None:
    report = submit(personas["fkdm.kotabandung"], classification="terbatas")
    incident = li_services.to_incident(
        user=personas["verifikator.jabar"], report=report, category_code="bentrok-antarwarga", version=1
    )
    assert incident.status == "draft" and incident.region.code == "32.73"
    assert incident.classification == "terbatas"
    assert "Apa: Sekelompok pemuda" in incident.narrative and "ricuh" not in incident.narrative
    source = incident.sources.get()
    assert source.kind == IncidentSource.Kind.INFO_REPORT
    assert list(report.incidents.all()) == [incident]
    assert AuditEvent.objects.filter(action="li.incident_created").exists()
    other = submit(personas["fkdm.kotabandung"], title="LI lain")
    li_services.link_incident(user=personas["verifikator.jabar"], report=other, incident=incident, version=1)
    assert list(other.incidents.all()) == [incident]


def test_an_unknown_category_is_refused_and_no_incident_is_made(personas: dict) -> None:
    report = submit(personas["fkdm.kotabandung"])
    with pytest.raises(InformationReportRefused) as refused:
        li_services.to_incident(user=personas["verifikator.jabar"], report=report, category_code="tidak-ada", version=1)
    assert "kategori" in refused.value.message_dict["category"][0]
    assert not report.incidents.exists()
