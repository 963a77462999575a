"""/api/v1/regions/: pagination, search, children and scope, over the real region tree."""

from __future__ import annotations

from typing import Any

import pytest

from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/api/v1/regions/"


def walk(client: Any, url: str, params: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], int]:
    """Follow ``next`` links to the end; return every result and the number of pages."""
    results: list[dict[str, Any]] = []
    pages = 0
    response = client.get(url, params or {})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        results.extend(body["results"])
        pages += 1
        assert pages < 1000, "pagination does not end"
        if not body["next"]:
            return results, pages
        response = client.get(body["next"])


def codes(results: list[dict[str, Any]]) -> list[str]:
    return [r["code"] for r in results]


def test_cursor_pagination_walks_all_38_provinces_in_4_pages_without_duplicates(login_as):
    client = login_as("analis.nasional")
    results, pages = walk(client, LIST, {"level": "provinsi", "page_size": 10})
    assert pages == 4
    assert len(results) == 38
    assert len(set(codes(results))) == 38
    assert codes(results) == sorted(codes(results))
    assert set(codes(results)) == set(Region.objects.provinces().values_list("code", flat=True))


def test_the_previous_link_walks_back_to_the_same_page(login_as):
    client = login_as("analis.nasional")
    first = client.get(LIST, {"level": "provinsi", "page_size": 10}).json()
    second = client.get(first["next"]).json()
    assert first["previous"] is None
    back = client.get(second["previous"]).json()
    assert codes(back["results"]) == codes(first["results"])


def test_a_region_has_the_documented_fields(login_as):
    body = login_as("analis.nasional").get(f"{LIST}32.73/").json()
    assert body == {
        "code": "32.73",
        "name": body["name"],
        "level": "kota",
        "level_display": body["level_display"],
        "parent_code": "32",
        "timezone": "WIB",
        "valid_from": body["valid_from"],
        "valid_until": None,
    }
    assert "Bandung" in body["name"]


def test_a_province_has_a_null_parent_code(login_as):
    body = login_as("analis.nasional").get(f"{LIST}32/").json()
    assert body["level"] == "provinsi"
    assert body["parent_code"] is None


def test_search_by_name_finds_both_bandungs(login_as):
    results, _ = walk(login_as("analis.nasional"), LIST, {"search": "bandung", "level": "kabkota"})
    found = set(codes(results))
    assert {"32.04", "32.73", "32.17"} <= found  # Kab. Bandung, Kota Bandung, Kab. Bandung Barat
    assert all("bandung" in r["name"].lower() for r in results)


def test_search_by_code_prefix_returns_that_subtree(login_as):
    results, _ = walk(login_as("analis.nasional"), LIST, {"search": "32.73", "page_size": 100})
    assert codes(results)[0] == "32.73"
    assert all(c == "32.73" or c.startswith("32.73.") for c in codes(results))
    assert len(results) == 1 + Region.objects.filter(parent__code="32.73").count()


def test_level_kabkota_means_kabupaten_and_kota(login_as):
    results, _ = walk(login_as("analis.nasional"), LIST, {"level": "kabkota", "parent": "32"})
    assert {r["level"] for r in results} == {"kabupaten", "kota"}
    assert len(results) == 27


def test_children_of_jawa_barat_are_its_27_kabupaten_and_kota(login_as):
    results, _ = walk(login_as("analis.nasional"), f"{LIST}32/children/", {"page_size": 10})
    assert len(results) == 27
    assert len(set(codes(results))) == 27
    assert all(r["parent_code"] == "32" for r in results)
    assert {r["level"] for r in results} == {"kabupaten", "kota"}


def test_operator_kota_bandung_gets_404_on_kabupaten_bandung(login_as):
    client = login_as("operator.kotabandung")
    assert client.get(f"{LIST}32.73/").status_code == 200
    assert client.get(f"{LIST}32.04/").status_code == 404
    assert client.get(f"{LIST}32.04/children/").status_code == 404
    assert client.get(f"{LIST}32/").status_code == 404


def test_operator_kota_bandung_lists_only_kota_bandung_and_its_descendants(login_as):
    results, _ = walk(login_as("operator.kotabandung"), LIST, {"page_size": 500})
    assert codes(results)[0] == "32.73"
    assert all(c == "32.73" or c.startswith("32.73.") for c in codes(results))
    expected = Region.objects.filter(code__startswith="32.73.").count() + 1
    assert len(results) == expected
    searched, _ = walk(login_as("operator.kotabandung"), LIST, {"search": "bandung"})
    assert "32.73" in codes(searched)  # with kecamatan such as Bandung Kidul
    assert all(c == "32.73" or c.startswith("32.73.") for c in codes(searched))


def test_the_404_does_not_tell_out_of_scope_from_missing(login_as):
    client = login_as("operator.kotabandung")
    for suffix in ("", "children/"):
        out_of_scope = client.get(f"{LIST}32.04/{suffix}")
        missing = client.get(f"{LIST}32.99/{suffix}")
        assert out_of_scope.status_code == missing.status_code == 404
        assert out_of_scope.content == missing.content
        assert out_of_scope["Content-Type"] == "application/json"
        assert out_of_scope.json()["errors"][0]["code"] == "not_found"


def test_verifikator_jawa_barat_sees_both_bandungs_but_not_jawa_tengah(login_as):
    client = login_as("verifikator.jabar")
    assert client.get(f"{LIST}32.04/").status_code == 200
    assert client.get(f"{LIST}32.73/").status_code == 200
    assert client.get(f"{LIST}33/").status_code == 404
    assert client.get(f"{LIST}33/children/").status_code == 404
    results, _ = walk(client, LIST, {"level": "provinsi"})
    assert codes(results) == ["32"]


def test_analis_nasional_sees_every_province_and_any_region(login_as):
    client = login_as("analis.nasional")
    for code in ("11", "32.04", "32.73", "33", "96.71"):
        assert client.get(f"{LIST}{code}/").status_code == 200, code
    results, _ = walk(client, LIST, {"level": "provinsi", "page_size": 500})
    assert len(results) == 38


def test_a_user_without_roles_sees_no_regions(client, django_user_model):
    nobody = django_user_model.objects.create_user("tanpa-peran", password="x" * 12)
    client.force_login(nobody)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert client.get(f"{LIST}32/").status_code == 404
