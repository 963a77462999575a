"""The alert pages: list with filters and map data, detail with its evidence and the forms of the
state, the action form end to end, "Peringatan saya", response times — and their scope."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waspada.alerts.models import Alert, AlertAction, AlertRule
from waspada.incidents.tests.factories import registered
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def make_alert(code: str = "32.73", **values: object) -> Alert:
    region = Region.objects.get(code=code)
    alert = Alert(
        rule=AlertRule.objects.get(code="ears-c2-peristiwa"),
        region=region,
        week_key="2020-W40",
        title=f"EARS C2 — {region.name} (2020-W40)",
        observed=7.0,
        threshold=6.98947,
        evidence={
            "kind": "series",
            "method": "ears_c2",
            "weeks": ["2020-W37", "2020-W38", "2020-W39", "2020-W40"],
            "counts": [2.0, 3.0, 1.0, 7.0],
            "upperbounds": [None, 5.5, 6.0, 6.98947],
            "min_count": 3,
            "incidents": [],
        },
    )
    for key, value in values.items():
        setattr(alert, key, value)
    alert.set_scope_keys(region)
    alert.save()
    return alert


def test_the_list_shows_alerts_in_scope_only_with_a_map_endpoint(login_as) -> None:
    mine = make_alert("32.73")
    other = make_alert("31.71")
    response = login_as("verifikator.jabar").get(reverse("alerts:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(mine.public_id) in html and str(other.public_id) not in html
    assert 'data-testid="alert-table"' in html

    data = json.loads(login_as("verifikator.jabar").get(reverse("alerts:map")).content)
    assert data["counts"] == {"32.73": 1}
    national = json.loads(login_as("analis.nasional").get(reverse("alerts:map")).content)
    assert national["counts"] == {"32.73": 1, "31.71": 1}


def test_a_bad_filter_answers_400_with_an_indonesian_message(login_as) -> None:
    response = login_as("analis.nasional").get(reverse("alerts:list"), {"dari": "kemarin"})
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()
    assert login_as("analis.nasional").get(reverse("alerts:map"), {"risiko": "x"}).status_code == 400


def test_an_overdue_response_is_highlighted_in_the_list(login_as, personas) -> None:
    late = make_alert(
        status=Alert.Status.RESPONDING,
        owner=personas["operator.kotabandung"],
        due_on=timezone.localdate() - timedelta(days=3),
    )
    html = login_as("analis.nasional").get(reverse("alerts:list"), {"terlambat": "1"}).content.decode()
    assert f'data-alert="{late.public_id}" data-code="32.73" class="table-danger" data-overdue="1"' in html
    detail = login_as("operator.kotabandung").get(reverse("alerts:detail", args=[late.public_id])).content.decode()
    assert 'data-testid="overdue"' in detail


@pytest.mark.parametrize("url_name", ["alerts:list", "alerts:mine", "alerts:response_times", "alerts:map"])
def test_an_fkdm_member_gets_403_on_every_alert_page(login_as, url_name: str) -> None:
    assert login_as("fkdm.kotabandung").get(reverse(url_name)).status_code == 403


def test_an_fkdm_member_gets_403_on_an_alert_of_their_own_region(login_as) -> None:
    alert = make_alert("32.73")
    assert login_as("fkdm.kotabandung").get(reverse("alerts:detail", args=[alert.public_id])).status_code == 403


def test_another_regions_alert_answers_404_on_page_chart_and_action(login_as) -> None:
    alert = make_alert("32.04")
    client = login_as("operator.kotabandung")
    assert client.get(reverse("alerts:detail", args=[alert.public_id])).status_code == 404
    assert client.get(reverse("alerts:chart", args=[alert.public_id])).status_code == 404
    response = client.post(reverse("alerts:act", args=[alert.public_id]), {"aksi": "catatan", "catatan": "x"})
    assert response.status_code == 404
    assert not AlertAction.objects.exists()


def test_the_detail_shows_the_evidence_chart_table_records_and_the_verification_form(login_as, personas) -> None:
    incident = registered(personas["operator.kotabandung"], "32.73")
    alert = make_alert()
    alert.evidence = {**alert.evidence, "incidents": [str(incident.public_id)]}
    alert.save()
    html = login_as("verifikator.jabar").get(reverse("alerts:detail", args=[alert.public_id])).content.decode()
    assert 'data-testid="series-chart"' in html
    assert 'data-week="2020-W40"' in html and "6,99" in html  # the bound, in Indonesian format
    assert reverse("incidents:detail", args=[incident.public_id]) in html
    assert 'data-form="verifikasi"' in html and 'data-form="tutup"' not in html
    chart = login_as("verifikator.jabar").get(reverse("alerts:chart", args=[alert.public_id]))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content and b"ambang" in chart.content


def test_pimpinan_reads_the_alert_but_sees_no_forms_and_a_post_gets_403(login_as) -> None:
    alert = make_alert()
    client = login_as("pimpinan")
    html = client.get(reverse("alerts:detail", args=[alert.public_id])).content.decode()
    assert 'data-testid="no-actions"' in html
    response = client.post(
        reverse("alerts:act", args=[alert.public_id]), {"aksi": "verifikasi", "keputusan": "assess", "version": 1}
    )
    assert response.status_code == 403
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.NEW


def test_the_forms_take_an_alert_from_new_to_closed(login_as, personas) -> None:
    alert = make_alert()
    analyst = login_as("verifikator.jabar")
    url = reverse("alerts:act", args=[alert.public_id])

    r = analyst.post(url, {"aksi": "verifikasi", "keputusan": "assess", "version": 1, "catatan": "benar"})
    assert r.status_code == 302
    analyst.post(url, {"aksi": "risiko", "kemungkinan": "4", "dampak": "3", "version": 2})
    owner = personas["operator.kotabandung"]
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    analyst.post(url, {"aksi": "tugaskan", "penanggung_jawab": owner.pk, "batas_waktu": due, "version": 3})
    operator = login_as("operator.kotabandung")
    mine = operator.get(reverse("alerts:mine")).content.decode()
    assert str(alert.public_id) in mine
    r = operator.post(url, {"aksi": "tutup", "hasil": "Selesai dimediasi", "version": 4})
    assert r.status_code == 302

    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED and alert.risk == Alert.Risk.HIGH and alert.owner == owner
    assert list(alert.actions.values_list("kind", flat=True)) == ["assess", "risk", "assign", "close"]
    html = operator.get(reverse("alerts:detail", args=[alert.public_id])).content.decode()
    assert "Selesai dimediasi" in html and 'data-testid="action-log"' in html


def test_a_refused_action_answers_400_with_the_reason_and_changes_nothing(login_as) -> None:
    alert = make_alert()
    url = reverse("alerts:act", args=[alert.public_id])
    r = login_as("verifikator.jabar").post(url, {"aksi": "verifikasi", "keputusan": "discard", "version": 1})
    assert r.status_code == 400
    assert "Tuliskan alasan membuang peringatan." in r.content.decode()
    r = login_as("verifikator.jabar").post(url, {"aksi": "verifikasi", "keputusan": "assess", "version": 9})
    assert r.status_code == 400 and "sudah diubah" in r.content.decode()
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.NEW


def test_the_response_times_page_lists_the_provinces_in_scope(login_as) -> None:
    t0 = timezone.now() - timedelta(days=2)
    make_alert("32.73", created_at=t0, verified_at=t0 + timedelta(hours=6))
    make_alert("31.71", created_at=t0, verified_at=t0 + timedelta(hours=2))
    html = login_as("verifikator.jabar").get(reverse("alerts:response_times")).content.decode()
    assert 'data-province="32"' in html and 'data-province="31"' not in html
    national = login_as("analis.nasional").get(reverse("alerts:response_times")).content.decode()
    assert 'data-province="31"' in national and 'data-province="total"' in national


def test_the_nav_has_the_early_warning_item_for_readers_only(login_as) -> None:
    assert "Peringatan dini" in login_as("pimpinan").get(reverse("alerts:mine")).content.decode()
    home = login_as("fkdm.kotabandung").get(reverse("dashboards:home")).content.decode()
    assert reverse("alerts:list") + '"' not in home
