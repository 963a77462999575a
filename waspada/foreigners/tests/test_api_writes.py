"""/api/v1/foreigners/ writes: record and change a foreign national (personal data encrypted at rest,
masked in the answer), add a permit, record an activity — through the services, scoped (another
region 404), by role (403), bad input 400 in Indonesian with nothing written, stale version 409."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from waspada.core.models import AuditEvent
from waspada.foreigners.models import ActivityObservation, ForeignNational, Permit
from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/foreigners/"
PASSPORT = "E98765432"
BODY = {
    "name": "Wang Fang",
    "nationality": "CHN",
    "sex": "P",
    "passport_number": PASSPORT,
    "purpose": "kerja",
    "region": "32.73",
    "birth_date": "1990-02-03",
    "sponsor": "PT Baja Nusantara",
    "address": "Jalan Braga Nomor 9, Bandung",
}


def test_an_operator_records_a_foreigner_encrypted_at_rest_and_masked_in_the_answer(login_as):
    response = login_as("operator.kotabandung").post(URL, BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    text = response.content.decode()
    assert PASSPORT not in text and "Braga" not in text and "1990-02-03" not in text
    data = response.json()
    assert (data["passport_number_masked"], data["birth_year"], data["version"]) == ("E98••••32", "1990", 1)
    person = ForeignNational.objects.get(public_id=data["public_id"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, address, birth_date FROM foreigners_foreignnational WHERE id = %s", [person.pk]
        )
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert PASSPORT not in raw and "Braga" not in raw and "1990" not in raw
    assert person.passport_number == PASSPORT and person.address.startswith("Jalan Braga")
    event = AuditEvent.objects.get(action="foreigner.created", object_id__in=[str(person.pk), str(person.public_id)])
    assert PASSPORT not in str(event.after)


def test_a_foreigner_is_changed_with_its_version_keeping_what_is_not_sent_and_a_stale_version_gets_409(login_as):
    client = login_as("operator.kotabandung")
    person = ForeignNational.objects.get(
        public_id=client.post(URL, BODY, content_type="application/json").json()["public_id"]
    )
    url = f"{URL}{person.public_id}/"
    response = client.patch(
        url, {"version": 1, "sponsor": "PT Lain", "is_present": False}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.sponsor, person.is_present, person.version) == ("PT Lain", False, 2)
    assert person.passport_number == PASSPORT and person.birth_date == date(1990, 2, 3)
    stale = client.patch(url, {"version": 1, "sponsor": "PT Basi"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["code"] == "stale" and stale.json()["current_version"] == 2
    person.refresh_from_db()
    assert person.sponsor == "PT Lain"


def test_the_same_passport_and_nationality_twice_gets_409_and_nothing_is_written(login_as):
    client = login_as("operator.kotabandung")
    first = client.post(URL, BODY, content_type="application/json").json()
    again = client.post(URL, {**BODY, "name": "Orang Lain"}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "exists" and again.json()["public_id"] == first["public_id"]
    assert ForeignNational.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "attr", "words"),
    [
        ({"nationality": "IDN"}, "nationality", "bukan orang asing"),
        ({"nationality": "QQQ"}, "nationality", ""),
        ({"passport_number": "E1234"}, "passport_number", ""),
        ({"birth_date": "2999-01-01"}, "birth_date", "tidak masuk akal"),
    ],
)
def test_bad_identity_data_is_refused_in_indonesian_and_nothing_is_written(login_as, change, attr, words):
    response = login_as("operator.kotabandung").post(URL, {**BODY, **change}, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e["attr"] == attr and words in e["detail"] for e in errors), errors
    assert not ForeignNational.objects.exists()


def test_another_region_answers_404_and_read_only_roles_403(login_as, personas):
    other = f.foreigner(personas["operator.kabbandung"], region_code="32.04", passport_number="E11112222")
    client = login_as("operator.kotabandung")
    assert client.post(URL, {**BODY, "region": "32.04"}, content_type="application/json").status_code == 404
    assert client.patch(f"{URL}{other.public_id}/", {"version": 1}, content_type="application/json").status_code == 404
    permit = {"kind": "kitas", "number": "2C1", "valid_from": "2026-01-01", "valid_until": "2027-01-01"}
    assert client.post(f"{URL}{other.public_id}/permits/", permit, content_type="application/json").status_code == 404
    assert login_as("pimpinan").post(URL, BODY, content_type="application/json").status_code == 403
    assert login_as("fkdm.kotabandung").post(URL, BODY, content_type="application/json").status_code == 403
    assert ForeignNational.objects.count() == 1 and not Permit.objects.exists()


def test_a_permit_is_added_and_one_ending_before_it_starts_is_refused(login_as, personas):
    person = f.foreigner(personas["operator.kotabandung"])
    client = login_as("operator.kotabandung")
    url = f"{URL}{person.public_id}/permits/"
    bad = {"kind": "kitas", "number": "2C11", "valid_from": "2026-06-01", "valid_until": "2026-01-01"}
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "valid_until"
    assert "sebelum dimulai" in response.json()["errors"][0]["detail"]
    assert not Permit.objects.exists()
    ok = client.post(
        url, {**bad, "valid_until": "2027-06-01", "permitted_region": "32.73"}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    assert (ok.json()["valid_until"], ok.json()["permitted_region"]) == ("2027-06-01", "32.73")


def test_an_activity_seen_outside_the_callers_region_is_recorded_and_an_unknown_place_answers_400(login_as, personas):
    """The place is where the person was seen — in the next regency is exactly what out-of-area
    detection is for — so it is not limited to the caller's scope (as on the page)."""
    person = f.foreigner(personas["operator.kotabandung"])
    client = login_as("operator.kotabandung")
    url = f"{URL}{person.public_id}/activities/"
    body = {"observed_on": "2026-01-05", "description": "Ceramah", "region": "32.73.01", "source": "lapangan"}
    ok = client.post(url, {**body, "activity_purpose": "keagamaan"}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["region"] == "32.73.01"
    future = client.post(url, {**body, "observed_on": "2999-01-01"}, content_type="application/json")
    assert future.status_code == 400 and "masa depan" in future.json()["errors"][0]["detail"]
    unknown = client.post(url, {**body, "region": "99.99"}, content_type="application/json")
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["attr"] == "region"
    assert "tidak dikenal" in unknown.json()["errors"][0]["detail"]
    elsewhere = client.post(url, {**body, "region": "32.04.05"}, content_type="application/json")
    assert elsewhere.status_code == 201, elsewhere.content
    assert sorted(ActivityObservation.objects.values_list("region__code", flat=True)) == ["32.04.05", "32.73.01"]


def test_an_activity_of_a_person_in_another_region_answers_404(login_as, personas):
    person = f.foreigner(personas["operator.kotabandung"])
    response = login_as("operator.kabbandung").post(
        f"{URL}{person.public_id}/activities/",
        {"observed_on": "2026-01-05", "description": "Ceramah", "region": "32.04.05", "source": "lapangan"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not ActivityObservation.objects.exists()


def test_a_province_verifikator_records_an_activity_in_another_regency_of_its_province(login_as, personas):
    person = f.foreigner(personas["operator.kotabandung"])
    response = login_as("verifikator.jabar").post(
        f"{URL}{person.public_id}/activities/",
        {"observed_on": "2026-01-05", "description": "Ceramah", "region": "32.04.05", "source": "lapangan"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["region"] == "32.04.05"


def test_a_duplicate_saved_between_the_check_and_the_insert_answers_409_and_writes_nothing(
    login_as, personas, monkeypatch
):
    """Two clerks record the same person at once: both pass the duplicate checks (made blind here:
    the rival's row was not committed yet when they ran), the second insert meets the unique
    constraint on passport + nationality."""
    from waspada.foreigners import api as foreigners_api
    from waspada.foreigners import services

    rival = f.foreigner(personas["operator.kotabandung"], passport_number=PASSPORT)
    real_check = foreigners_api.ForeignerViewSet._duplicate
    checks: list[str] = []

    def blind_first_check(self, *args, **kwargs):
        checks.append("api")
        if len(checks) > 1:  # the check after the refusal sees the rival
            real_check(self, *args, **kwargs)

    real_errors = services.foreigner_errors
    monkeypatch.setattr(foreigners_api.ForeignerViewSet, "_duplicate", blind_first_check)
    monkeypatch.setattr(
        services, "foreigner_errors", lambda data, **kw: real_errors(data, **{**kw, "check_duplicate": False})
    )
    response = login_as("operator.kotabandung").post(URL, BODY, content_type="application/json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["errors"][0]["code"] == "exists" and "sudah tercatat" in body["errors"][0]["detail"]
    assert (body["public_id"], body["current_version"]) == (str(rival.public_id), 1)
    assert list(ForeignNational.objects.values_list("pk", flat=True)) == [rival.pk]
    assert AuditEvent.objects.filter(action="foreigner.created").count() == 1


def test_a_permit_is_soft_deleted_with_a_reason_and_the_permit_status_follows(login_as, personas):
    op = personas["operator.kotabandung"]
    person = f.foreigner(op)
    old = f.permit(op, person, date(2020, 1, 1), date(2021, 1, 1), number="2C11OLD")
    wrong = f.permit(op, person, date(2020, 1, 1), date(2099, 1, 1), number="2C11WRONG")
    client = login_as("operator.kotabandung")
    assert client.get(f"{URL}{person.public_id}/").json()["permit_status"] == "berlaku"
    url = f"{URL}{person.public_id}/permits/{wrong.public_id}/"
    blank = client.delete(f"{url}?version=1&reason=%20%20")
    assert blank.status_code == 400 and blank.json()["errors"][0]["attr"] == "reason"
    stale = client.delete(f"{url}?version=3&reason=salah%20ketik")
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    wrong.refresh_from_db()
    assert wrong.deleted_at is None
    gone = client.delete(f"{url}?version=1&reason=salah%20ketik")
    assert gone.status_code == 204, gone.content
    wrong.refresh_from_db()
    person.refresh_from_db()
    assert (wrong.deleted_reason, wrong.version) == ("salah ketik", 2) and wrong.deleted_at is not None
    assert person.permit_until == old.valid_until
    detail = client.get(f"{URL}{person.public_id}/").json()
    assert detail["permit_status"] == "berakhir"
    assert [p["number"] for p in detail["permits"]] == ["2C11OLD"]
    event = AuditEvent.objects.get(action="permit.deleted")
    assert (event.object_id, event.after) == (str(wrong.public_id), {"reason": "salah ketik"})
    assert client.delete(f"{url}?version=2&reason=lagi").status_code == 404


def test_another_regions_permit_answers_404_and_read_only_roles_403(login_as, personas):
    kab = personas["operator.kabbandung"]
    other = f.foreigner(kab, region_code="32.04", passport_number="E11112222")
    permit = f.permit(kab, other, date(2020, 1, 1), date(2099, 1, 1))
    url = f"{URL}{other.public_id}/permits/{permit.public_id}/?version=1&reason=x"
    assert login_as("operator.kotabandung").delete(url).status_code == 404
    assert login_as("pimpinan").delete(url).status_code == 403
    permit.refresh_from_db()
    assert permit.deleted_at is None
