"""RAD Terpadu pages through the client: forms, the progress report, completeness, recap, exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from waspada.actionplans import periods, services
from waspada.actionplans.models import ActionPlan, ProgressEntry, ProgressReport
from waspada.actionplans.tests import factories as f

pytestmark = pytest.mark.django_db
LoginAs = Callable[[str], Client]


def test_an_operator_writes_a_plan_and_its_actions_through_the_forms(login_as: LoginAs) -> None:
    client = login_as("operator.kotabandung")
    response = client.post(
        reverse("actionplans:plan_create"),
        {
            "region": "32.73",
            "year": "2026",
            "title": "RAD Terpadu Kota Bandung 2026",
            "decree_number": "",
            "decree_date": "",
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(region__code="32.73")
    response = client.post(
        reverse("actionplans:action_create", args=[plan.public_id]),
        {
            "stage": "penghentian",
            "activity": "Mediasi sengketa lahan",
            "responsible_units": "Kesbangpol",
            "indicator": "Sengketa termediasi",
            "target": "3",
            "budget": "12500000",
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
        },
    )
    assert response.status_code == 400
    assert "Jadwal selesai tidak boleh sebelum jadwal mulai." in response.content.decode()
    assert not plan.actions.exists()
    page = client.get(reverse("actionplans:plan_detail", args=[plan.public_id]))
    assert page.status_code == 200 and "RAD Terpadu Kota Bandung 2026" in page.content.decode()


def test_read_only_and_forum_roles_are_refused(login_as: LoginAs, personas: dict[str, Any]) -> None:
    plan = f.plan(personas["operator.kotabandung"])
    pimpinan = login_as("pimpinan")
    assert pimpinan.get(reverse("actionplans:plan_detail", args=[plan.public_id])).status_code == 200
    assert pimpinan.post(reverse("actionplans:plan_create"), {}).status_code == 403
    assert pimpinan.post(reverse("actionplans:plan_edit", args=[plan.public_id]), {}).status_code == 403
    assert login_as("fkdm.kotabandung").get(reverse("actionplans:plan_list")).status_code == 403
    assert (
        login_as("operator.kabbandung").get(reverse("actionplans:plan_detail", args=[plan.public_id])).status_code
        == 404
    )


def test_the_progress_form_refuses_realisation_above_100_and_changes_nothing(
    login_as: LoginAs, personas: dict[str, Any]
) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op, year=2025)
    a = f.action(op, plan)
    report = f.report(op, plan, "B04")
    client = login_as("operator.kotabandung")
    url = reverse("actionplans:report_detail", args=[report.public_id])
    response = client.post(url, {"version": report.version, f"r-{a.public_id}": "120", f"n-{a.public_id}": "x"})
    assert response.status_code == 400
    assert "harus antara 0 dan 100 %" in response.content.decode()
    assert ProgressEntry.objects.get().realisation == 0
    response = client.post(
        url, {"version": report.version, f"r-{a.public_id}": "80,5", f"n-{a.public_id}": "ok", "submit": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED and str(ProgressEntry.objects.get().realisation) == "80.50"
    ver = login_as("verifikator.jabar")
    assert (
        ver.post(reverse("actionplans:report_verify", args=[report.public_id]), {"version": report.version}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.VERIFIED


def test_opening_a_report_for_a_period_not_yet_ended_is_refused(login_as: LoginAs, personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op, year=2100 - 1)
    f.action(op, plan, starts_on=date(2099, 1, 1), ends_on=date(2099, 3, 1))
    client = login_as("operator.kotabandung")
    response = client.post(reverse("actionplans:report_open", args=[plan.public_id]), {"period": "B04"}, follow=True)
    assert "belum berakhir" in response.content.decode()
    assert not ProgressReport.objects.exists()


def _crafted(personas: dict[str, Any]) -> periods.Period:
    """B-04 2025 in Jawa Barat: Kota Bandung on time, Kabupaten Bandung late, the province none."""
    kota, kab = personas["operator.kotabandung"], personas["operator.kabbandung"]
    b04 = periods.Period(2025, "B04")
    due = periods.deadline(b04, "WIB")
    p1 = f.plan(kota, "32.73", 2025)
    f.action(kota, p1)
    f.submit(kota, f.report(kota, p1), due, realisation="60")
    p2 = f.plan(kab, "32.04", 2025)
    f.action(kab, p2, stage="pemulihan")
    f.submit(kab, f.report(kab, p2), f.at(2025, 5, 20), realisation="20")
    return b04


def test_completeness_is_exact_by_province_and_in_the_drill_down(login_as: LoginAs, personas: dict[str, Any]) -> None:
    b04 = _crafted(personas)
    from waspada.regions.models import Region

    expected_jabar = Region.objects.filter(code__startswith="32", level__in=["provinsi", "kabupaten", "kota"]).count()
    client = login_as("verifikator.jabar")
    page = client.get(reverse("actionplans:completeness"), {"periode": b04.key})
    board = page.context["board"]
    assert (board.total.expected, board.total.received) == (expected_jabar, 2)
    assert (board.total.on_time, board.total.late, board.total.missing) == (1, 1, expected_jabar - 2)
    drill = client.get(reverse("actionplans:completeness"), {"periode": b04.key, "provinsi": "32"}).context["board"]
    status = {row.code: row.status for row in drill.rows}
    assert (status["32.73"], status["32.04"], status["32"]) == ("on_time", "late", "missing")
    # The national view has one row per province with the same Jawa Barat figures.
    national = login_as("analis.nasional").get(reverse("actionplans:completeness"), {"periode": b04.key})
    rows = {row.code: row.tally for row in national.context["board"].rows}
    assert len(rows) == 38 and (rows["32"].on_time, rows["32"].late) == (1, 1)
    assert client.get(reverse("actionplans:completeness"), {"periode": "2025-B05"}).status_code == 400
    assert client.get(reverse("actionplans:completeness"), {"provinsi": "33"}).status_code == 404


def test_the_national_recap_lists_regions_without_a_plan_late_reports_and_realisation(
    login_as: LoginAs, personas: dict[str, Any]
) -> None:
    _crafted(personas)
    client = login_as("analis.nasional")
    response = client.get(reverse("actionplans:recap"), {"tahun": "2025"})
    recap = response.context["recap"]
    assert recap.with_plan == 2 and len(recap.without_plan) == recap.regions_total - 2
    assert [r.region.code for r in recap.late] == ["32.04"]
    (jabar,) = recap.by_stage
    assert str(jabar.values["pencegahan"]) == "60.0" and str(jabar.values["pemulihan"]) == "20.0"
    assert jabar.values["penghentian"] is None
    chart = client.get(reverse("actionplans:recap_chart"), {"tahun": "2025"})
    assert chart["Content-Type"] == "image/svg+xml" and b"Jawa Barat" in chart.content
    assert chart.content.count(b"<rect x=") == 2 + 3  # two bars (one stage missing) and three legend swatches
    assert "<title>Jawa Barat — Pencegahan: 60,0 %</title>" in chart.content.decode()


def test_the_late_reports_of_the_recap_are_paged_with_the_filters_kept(
    login_as: LoginAs, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from waspada.actionplans.views import recap as recap_views

    _crafted(personas)
    kab = personas["operator.kabbandung"]
    b08 = f.report(kab, ActionPlan.objects.get(region__code="32.04"), "B08")
    f.submit(kab, b08, f.at(2025, 9, 25), realisation="40")  # a second late report of 2025
    monkeypatch.setattr(recap_views, "LATE_PAGE_SIZE", 1)
    client = login_as("analis.nasional")
    first = client.get(reverse("actionplans:recap"), {"tahun": "2025"})
    page = first.context["late_page"]
    assert [r.period for r in page.object_list] == ["B04"] and page.paginator.count == 2
    html = first.content.decode()
    assert 'data-total="late">2<' in html  # the total counts every late report, not the page
    assert "Halaman 1 dari 2 · laporan 1–1 dari 2" in html
    # The row's link and local times, and the realisation cells, as the filters wrote them.
    report = ProgressReport.objects.get(region__code="32.04", period="B04")
    assert f'href="/rad/laporan/{report.public_id}/">Kabupaten Bandung</a>' in html
    assert "11-05-2025 00:00 WIB" in html and "20-05-2025 10:00 WIB" in html
    # B-08 is the default period now: only Kabupaten Bandung's pemulihan action, 40 %.
    assert (
        '<td>Jawa Barat</td><td class="text-end">—</td><td class="text-end">—</td><td class="text-end">40,0 %</td>'
        in html
    )
    period = first.context["recap"].period.key
    assert f"?tahun=2025&amp;periode={period}&amp;halaman=2#terlambat" in html
    second = client.get(reverse("actionplans:recap"), {"tahun": "2025", "periode": period, "halaman": "2"})
    assert [r.period for r in second.context["late_page"].object_list] == ["B08"]
    assert "Sebelumnya" in second.content.decode() and "Berikutnya" not in second.content.decode()
    # A page that is not a number or past the end: the first or last page, not an error.
    assert client.get(reverse("actionplans:recap"), {"tahun": "2025", "halaman": "x"}).context["late_page"].number == 1
    assert client.get(reverse("actionplans:recap"), {"tahun": "2025", "halaman": "99"}).context["late_page"].number == 2


def test_the_recap_and_its_chart_show_only_the_users_scope(login_as: LoginAs, personas: dict[str, Any]) -> None:
    from waspada.core.tests.export_helpers import move_role

    _crafted(personas)
    client = login_as("verifikator.jabar")
    jabar = client.get(reverse("actionplans:recap_chart"), {"tahun": "2025"})
    assert b"Jawa Barat" in jabar.content
    move_role("verifikator.jabar", "51")  # now Bali's verifier: Jawa Barat is another region
    page = client.get(reverse("actionplans:recap"), {"tahun": "2025"})
    assert page.status_code == 200 and not page.context["late_page"].object_list
    assert "32.04" not in page.content.decode()
    chart = client.get(reverse("actionplans:recap_chart"), {"tahun": "2025"})
    assert chart.status_code == 200 and b"Jawa Barat" not in chart.content
    assert "Belum ada laporan kemajuan yang diterima." in chart.content.decode()


def test_a_bad_recap_chart_filter_is_a_plain_400(login_as: LoginAs, personas: dict[str, Any]) -> None:
    client = login_as("analis.nasional")
    response = client.get(reverse("actionplans:recap_chart"), {"tahun": "2025", "periode": "2026-B04"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert "bukan periode tahun 2025" in response.content.decode()


def test_a_stale_plan_edit_is_refused(login_as: LoginAs, personas: dict[str, Any]) -> None:
    op = personas["operator.kotabandung"]
    plan = f.plan(op)
    services.plan_update(
        actor=op, plan=plan, data=services.PlanInput(plan.region, 2026, "Judul baru"), expected_version=1
    )
    client = login_as("operator.kotabandung")
    response = client.post(
        reverse("actionplans:plan_edit", args=[plan.public_id]),
        {"region": "32.73", "year": "2026", "title": "Judul lama", "version": "1"},
    )
    assert response.status_code == 400 and "sudah diubah orang lain" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Judul baru"


def test_the_completeness_map_data_gives_each_kabupaten_kota_its_status(
    login_as: LoginAs, personas: dict[str, Any]
) -> None:
    b04 = _crafted(personas)
    client = login_as("verifikator.jabar")
    body = client.get(reverse("actionplans:completeness_map"), {"periode": b04.key}).json()
    assert body["status"]["32.73"] == "on_time" and body["status"]["32.04"] == "late"
    assert body["status"]["32.01"] == "missing" and "32" not in body["status"] and len(body["status"]) == 27
    provinces = client.get(reverse("actionplans:completeness_map"), {"periode": b04.key, "tingkat": "provinsi"}).json()
    assert provinces["status"] == {"32": "missing"}
    assert client.get(reverse("actionplans:completeness_map"), {"tingkat": "desa"}).status_code == 400
