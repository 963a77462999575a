"""/api/v1/forums/: scoped list and detail (404 outside the scope), compliance figures, 4xx problems."""

from datetime import date

import pytest

from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_is_scoped_and_filtered(login_as):
    f.forum("32.73")
    f.forum("32.73", kind="tkdpd")
    f.forum("32.04")
    client = login_as("operator.kotabandung")
    data = client.get("/api/v1/forums/").json()
    assert sorted(r["kind"] for r in data["results"]) == ["fkdm", "tkdpd"]
    assert {r["region"]["code"] for r in data["results"]} == {"32.73"}
    data = client.get("/api/v1/forums/", {"jenis": "tkdpd"}).json()
    assert [r["kind"] for r in data["results"]] == ["tkdpd"]


def test_the_detail_has_decrees_and_member_history_and_another_regions_forum_is_404(login_as):
    forum = f.forum("32.73")
    f.decree(forum, date(2019, 1, 1), None, number="SK/7/2019")
    m = f.member(forum, name="Asep")
    from waspada.forums import services

    services.member_end(actor=f.user(), member=m, left_on=date(2020, 1, 1), expected_version=m.version)
    f.member(forum, name="Neng")
    client = login_as("operator.kotabandung")
    data = client.get(f"/api/v1/forums/{forum.public_id}/").json()
    assert data["formation_status"] == "aktif"
    assert [d["number"] for d in data["decrees"]] == ["SK/7/2019"]
    assert [(x["name"], x["left_on"]) for x in data["members"]] == [("Neng", None), ("Asep", "2020-01-01")]
    other = f.forum("32.04")
    assert client.get(f"/api/v1/forums/{other.public_id}/").status_code == 404


def test_the_compliance_figures_are_exact_and_scoped(login_as):
    f.decree(f.forum("32.73"), date(2019, 1, 1), None)
    f.decree(f.forum("32.04"), date(2015, 1, 1), date(2019, 12, 31))
    data = login_as("analis.nasional").get("/api/v1/forums/compliance/", {"per": "2020-07-01"}).json()
    assert data["total"] == {"active": 1, "expired": 1, "none": 512, "expected": 514, "active_percent": 0.2}
    jabar = next(p for p in data["provinces"] if p["code"] == "32")
    assert (jabar["active"], jabar["expired"], jabar["none"]) == (1, 1, 25)
    data = login_as("verifikator.jabar").get("/api/v1/forums/compliance/", {"per": "2020-07-01"}).json()
    assert data["total"]["expected"] == 27 and len(data["regions"]) == 27


def test_bad_parameters_and_roles_get_json_problems(login_as):
    client = login_as("analis.nasional")
    response = client.get("/api/v1/forums/compliance/", {"tingkat": "desa"})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/forums/", {"wilayah": "99.99"}).status_code == 404
    assert login_as("fkdm.kotabandung").get("/api/v1/forums/").status_code == 403
