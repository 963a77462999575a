"""The API: scoped, masked, 4xx JSON problems for bad input."""

from datetime import date

import pytest

from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db

PASSPORT = "E12345678"


@pytest.fixture
def person(personas):
    p = f.foreigner(personas["operator.kotabandung"], passport_number=PASSPORT)
    f.permit(personas["operator.kotabandung"], p, date(2025, 1, 1), date(2099, 1, 1))
    f.activity(personas["operator.kotabandung"], p, "32.73.01", date(2026, 1, 5))
    return p


def test_the_list_and_detail_are_masked_even_for_an_analyst(login_as, person):
    client = login_as("analis.nasional")
    for url in ("/api/v1/foreigners/", f"/api/v1/foreigners/{person.public_id}/"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert PASSPORT not in text and "Dago Atas" not in text and "1985-04-12" not in text
        assert "E12••••78" in text
    detail = client.get(f"/api/v1/foreigners/{person.public_id}/").json()
    assert detail["birth_year"] == "1985"
    assert detail["permits"][0]["valid_until"] == "2099-01-01"
    assert detail["activities"][0]["region"] == "32.73.01"


def test_search_by_full_passport_number(login_as, person, personas):
    f.foreigner(personas["operator.kotabandung"], name="Li Na", passport_number="E87654321")
    results = login_as("operator.kotabandung").get("/api/v1/foreigners/", {"paspor": "e12345678"}).json()["results"]
    assert [r["name"] for r in results] == ["Zhang Wei"]


def test_another_kabkota_gets_404_and_fkdm_403(login_as, person):
    assert login_as("operator.kabbandung").get(f"/api/v1/foreigners/{person.public_id}/").status_code == 404
    assert login_as("fkdm.kotabandung").get("/api/v1/foreigners/").status_code == 403


def test_bad_filters_answer_a_json_400(login_as, person):
    response = login_as("operator.kotabandung").get("/api/v1/foreigners/", {"status_izin": "x", "paspor": "$$"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_the_recap_counts(login_as, person):
    data = login_as("verifikator.jabar").get("/api/v1/foreigners/recap/").json()
    assert data["total"] == 1
    assert {"key": "CHN", "name": "Tiongkok", "count": 1} in data["by_nationality"]
    assert {"key": "32.73", "name": "Kota Bandung", "count": 1} in data["by_kabkota"]
