"""The violation form's point picker, the candidates' health form and the NPHD tranche-plan form:
scope (another region's record → 404, roles without the right → 403), Indonesian refusals with
nothing written, audit of every named health record shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from waspada.core.models import AuditEvent
from waspada.elections.models import GrantAgreement, HealthEvent, PlannedTranche, ProkesViolation

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def kab_bandung(personas: dict) -> dict[str, Any]:
    admin = personas["admin"]
    contest = f.contest("32.04")
    pair = f.pair(admin, contest, 1, head="Ahmad")
    grant = f.grant(admin, contest, "kpu", "1000000", date(2020, 7, 1))
    return {"contest": contest, "pair": pair, "grant": grant}


# --- the violation form's point picker ------------------------------------------------------------


def test_the_violation_form_offers_the_shared_point_picker(login_as, kab_bandung) -> None:
    contest = kab_bandung["contest"]
    url = reverse("elections:violation_create") + f"?pemilihan_daerah={contest.public_id}"
    body = login_as("operator.kabbandung").get(url).content.decode()
    assert "incidents/point_picker.js" in body
    # Without imported boundaries the map says so and the coordinates are typed.
    assert 'data-testid="map-empty"' in body or 'data-testid="point-picker"' in body
    assert 'id="hapus-titik"' in body and "<script>" not in body


def test_the_picker_draws_the_boundaries_when_they_are_imported(login_as, kab_bandung, monkeypatch) -> None:
    from waspada.elections.views import violations

    monkeypatch.setattr(violations, "boundary_layers_status", lambda: {"kabkota": 1})
    contest = kab_bandung["contest"]
    url = reverse("elections:violation_create") + f"?pemilihan_daerah={contest.public_id}"
    body = login_as("operator.kabbandung").get(url).content.decode()
    assert 'data-testid="point-picker"' in body
    assert 'data-lat-input="id_latitude"' in body and 'data-kabkota-input="id_region"' in body
    assert "vendor/leaflet/leaflet.js" in body


def test_a_point_picked_on_the_form_is_saved_with_the_violation(login_as, kab_bandung) -> None:
    contest = kab_bandung["contest"]
    data = {
        "pemilihan_daerah": str(contest.public_id),
        "occurred_at": "2020-10-10T14:30",
        "region": "32.04",
        "activity": ProkesViolation.Activity.RALLY,
        "over_capacity": "on",
        "source": ProkesViolation.Source.BAWASLU,
        "latitude": "-7.025000",
        "longitude": "107.520000",
    }
    response = login_as("operator.kabbandung").post(reverse("elections:violation_create"), data)
    assert response.status_code == 302
    v = ProkesViolation.objects.get()
    assert (v.latitude, v.longitude) == (Decimal("-7.025000"), Decimal("107.520000"))


# --- candidates' health ---------------------------------------------------------------------------


def health_data(**overrides: Any) -> dict[str, str]:
    data = {"person": "kepala", "kind": "positif", "occurred_on": "2020-10-02", "source": "Dinas Kesehatan"}
    data.update(overrides)
    return data


def test_an_operator_records_a_health_event_and_its_page_view_is_audited(login_as, kab_bandung) -> None:
    client = login_as("operator.kabbandung")
    url = reverse("elections:health_create", kwargs={"public_id": kab_bandung["pair"].public_id})
    form = client.get(url)
    assert form.status_code == 200 and "Ahmad 1" in form.content.decode()
    response = client.post(url, health_data(note="Isolasi mandiri"))
    event = HealthEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("elections:health_detail", kwargs={"public_id": event.public_id})
    assert (event.person, event.kind, event.note) == ("kepala", "positif", "Isolasi mandiri")
    assert AuditEvent.objects.filter(action="health_event.created", object_id=str(event.public_id)).exists()
    client.get(response["Location"])
    assert AuditEvent.objects.filter(action="health_event.viewed", object_id=str(event.public_id)).count() == 1


def test_the_contest_page_links_the_health_form_only_for_those_who_may_write_it(login_as, kab_bandung) -> None:
    url = reverse("elections:contest_detail", kwargs={"public_id": kab_bandung["contest"].public_id})
    assert b'data-testid="add-health"' in login_as("operator.kabbandung").get(url).content
    for name in ("pimpinan", "verifikator.jabar"):
        assert b'data-testid="add-health"' not in login_as(name).get(url).content


@pytest.mark.parametrize(
    ("username", "status"),
    [("operator.kotabandung", 404), ("fkdm.kotabandung", 404), ("verifikator.jabar", 403), ("pimpinan", 403)],
)
def test_others_may_not_open_the_health_form(login_as, kab_bandung, username: str, status: int) -> None:
    url = reverse("elections:health_create", kwargs={"public_id": kab_bandung["pair"].public_id})
    client = login_as(username)
    assert client.get(url).status_code == status
    assert client.post(url, health_data()).status_code == status
    assert not HealthEvent.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": "2099-01-01"}, "Tanggal tidak boleh di masa depan."),
        ({"source": ""}, "Sumber informasi wajib diisi."),
        ({"kind": ""}, "Pilih jenis peristiwa kesehatan."),
        ({"occurred_on": "02-31-2020"}, "Tulis tanggal yang sah."),
    ],
)
def test_bad_health_input_is_refused_with_a_message_and_nothing_written(
    login_as, kab_bandung, overrides: dict, message: str
) -> None:
    url = reverse("elections:health_create", kwargs={"public_id": kab_bandung["pair"].public_id})
    response = login_as("operator.kabbandung").post(url, health_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HealthEvent.objects.exists()


# --- NPHD tranche plan ----------------------------------------------------------------------------


def plan_data(grant: GrantAgreement, rows: list[tuple[str, str]], version: int | None = None) -> dict[str, str]:
    data = {"version": str(grant.version if version is None else version)}
    for i, (due, amount) in enumerate(rows, start=1):
        data[f"due_on_{i}"], data[f"amount_{i}"] = due, amount
    return data


def test_an_operator_plans_the_tranches_and_the_detail_shows_them(login_as, kab_bandung) -> None:
    grant = kab_bandung["grant"]
    client = login_as("operator.kabbandung")
    url = reverse("elections:grant_plan", kwargs={"public_id": grant.public_id})
    assert client.get(url).status_code == 200
    rows = [("2020-07-10", "400000"), ("2020-08-01", "500000"), ("2020-11-01", "100000")]
    response = client.post(url, plan_data(grant, rows))
    assert response.status_code == 302
    planned = list(PlannedTranche.objects.filter(agreement=grant).order_by("order"))
    assert [(p.due_on, p.amount) for p in planned] == [
        (date(2020, 7, 10), Decimal("400000")),
        (date(2020, 8, 1), Decimal("500000")),
        (date(2020, 11, 1), Decimal("100000")),
    ]
    assert AuditEvent.objects.filter(action="grant.tranche_planned", object_id=str(grant.public_id)).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "10-07-2020" in detail and 'data-testid="edit-plan"' in detail
    # The form opens with the saved plan.
    assert 'value="2020-07-10"' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("2020-06-01", "400000")], "sebelum"),
        ([("2020-07-10", "900000"), ("2020-08-01", "500000")], "melebihi"),
        ([("2020-07-10", "")], "Isi tanggal dan jumlah tahap bersama-sama"),
        ([("2020-07-10", "12,5x")], "Jumlah tahap harus angka rupiah"),
    ],
)
def test_a_bad_plan_is_refused_with_a_message_and_nothing_changes(
    login_as, kab_bandung, rows: list, message: str
) -> None:
    grant = kab_bandung["grant"]
    url = reverse("elections:grant_plan", kwargs={"public_id": grant.public_id})
    response = login_as("operator.kabbandung").post(url, plan_data(grant, rows))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlannedTranche.objects.filter(agreement=grant).exists()
    grant.refresh_from_db()
    assert grant.version == 1


def test_a_stale_plan_is_refused_with_409(login_as, kab_bandung) -> None:
    grant = kab_bandung["grant"]
    url = reverse("elections:grant_plan", kwargs={"public_id": grant.public_id})
    client = login_as("operator.kabbandung")
    assert client.post(url, plan_data(grant, [("2020-07-10", "400000")])).status_code == 302
    response = client.post(url, plan_data(grant, [("2020-07-11", "400000")], version=1))
    assert response.status_code == 409
    assert "sudah diubah orang lain" in response.content.decode()
    assert PlannedTranche.objects.get(agreement=grant).due_on == date(2020, 7, 10)


@pytest.mark.parametrize(("username", "status"), [("operator.kotabandung", 404), ("pimpinan", 403)])
def test_others_may_not_plan_the_tranches(login_as, kab_bandung, username: str, status: int) -> None:
    grant = kab_bandung["grant"]
    url = reverse("elections:grant_plan", kwargs={"public_id": grant.public_id})
    assert login_as(username).post(url, plan_data(grant, [("2020-07-10", "400000")])).status_code == status
    assert not PlannedTranche.objects.filter(agreement=grant).exists()


def test_a_bad_edit_of_a_violation_answers_400_with_the_message(login_as, personas, kab_bandung) -> None:
    contest = kab_bandung["contest"]
    v = f.violation(personas["admin"], contest, f.at(2020, 10, 1))
    data = {
        "pemilihan_daerah": str(contest.public_id),
        "occurred_at": "2019-01-01T10:00",
        "region": "32.04",
        "activity": ProkesViolation.Activity.RALLY,
        "over_capacity": "on",
        "source": ProkesViolation.Source.BAWASLU,
        "version": "1",
    }
    response = login_as("operator.kabbandung").post(
        reverse("elections:violation_edit", kwargs={"public_id": v.public_id}), data
    )
    assert response.status_code == 400
    assert "tahapan" in response.content.decode()
    v.refresh_from_db()
    assert v.version == 1
