"""The weekly report's Pilkada panel: it lists the region's violations of the report week and
«Tarik ke laporan» appends their summary to the Pilkada section (through the reports service)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from waspada.elections import weekly
from waspada.regions.models import Region
from waspada.reports import services as report_services
from waspada.reports.models import SituationReport
from waspada.reports.tests.factories import open_week

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(personas: dict) -> dict[str, Any]:
    """Week 2020-W41 (5–11 Oct) of Kabupaten Bandung, reopened so that it can still be written."""
    admin = personas["admin"]
    contest = f.contest("32.04")
    pair = f.pair(admin, contest, 1, head="Ahmad")
    inside = f.violation(admin, contest, f.at(2020, 10, 6), pair=pair, participants=150)
    # Sunday 11 Oct 23:30 WIB is still in the week; Monday 12 Oct 00:30 WIB is not.
    late = f.violation(admin, contest, datetime(2020, 10, 11, 16, 30, tzinfo=UTC))
    f.violation(admin, contest, datetime(2020, 10, 11, 17, 30, tzinfo=UTC))
    f.violation(admin, f.contest("32.03"), f.at(2020, 10, 7))  # another kabupaten
    period = open_week("2020-W41")
    region = Region.objects.get(code="32.04")
    report_services.report_reopen_period(user=personas["verifikator.jabar"], region=region, period=period, reason="Uji")
    return {"period": period, "region": region, "inside": inside, "late": late}


def test_the_week_holds_the_regions_violations_by_local_day(personas, week) -> None:
    got = list(
        weekly.week_violations(
            personas["operator.kabbandung"], week["region"], week["period"].start, week["period"].end
        )
    )
    assert got == [week["inside"], week["late"]]


def test_the_report_form_shows_the_panel_and_the_pull_appends_the_summary(login_as, week) -> None:
    client = login_as("operator.kabbandung")
    report = SituationReport.objects.get(region=week["region"], period=week["period"])
    edit = client.get(reverse("reports:edit", kwargs={"public_id": report.public_id}))
    body = edit.content.decode()
    assert 'data-testid="pilkada-week-panel"' in body
    assert "Calon 1" not in body and "Ahmad 1" in body
    url = reverse("elections:pull_to_report", kwargs={"code": "32.04", "period": "2020-W41"})
    response = client.post(url, {"version": str(report.version)})
    assert response.status_code == 302
    report.refresh_from_db()
    section = report.content["sections"]["pilkada_prokes"]
    assert section["narrative"].startswith("Pelanggaran protokol kesehatan Pilkada yang tercatat minggu ini: 2.")
    assert "Ahmad 1" in section["narrative"]
    assert section["values"]["pelanggaran_prokes"] == 2
    # A second pull appends again; the count an officer typed is not overwritten.
    client.post(url, {"version": str(report.version)})
    report.refresh_from_db()
    assert report.content["sections"]["pilkada_prokes"]["narrative"].count("tercatat minggu ini: 2.") == 2


def test_a_stale_pull_changes_nothing(login_as, week) -> None:
    report = SituationReport.objects.get(region=week["region"], period=week["period"])
    before = report.content
    url = reverse("elections:pull_to_report", kwargs={"code": "32.04", "period": "2020-W41"})
    login_as("operator.kabbandung").post(url, {"version": "99"})
    report.refresh_from_db()
    assert report.content == before


def test_pimpinan_and_another_region_cannot_pull(login_as, week) -> None:
    url = reverse("elections:pull_to_report", kwargs={"code": "32.04", "period": "2020-W41"})
    assert login_as("operator.kotabandung").post(url, {}).status_code == 404
    assert login_as("pimpinan").post(url, {}).status_code == 403


def test_merged_content_keeps_what_was_written() -> None:
    content = {"sections": {"pilkada_prokes": {"narrative": "Aman.", "values": {"pelanggaran_prokes": 5}}}}
    merged = weekly.merged_content(content, "Ringkasan.", 2)
    assert merged["sections"]["pilkada_prokes"] == {
        "narrative": "Aman.\n\nRingkasan.",
        "values": {"pelanggaran_prokes": 5},
    }
    assert content["sections"]["pilkada_prokes"]["narrative"] == "Aman."
