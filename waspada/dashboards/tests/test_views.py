"""The UI shell: home page with scope and map, region browser, profile, language."""

import pytest

from waspada.regions.models import BoundaryLayer

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_a_national_users_scope_and_all_provinces(login_as):
    body = login_as("analis.nasional").get("/").content.decode()
    assert "Cakupan:" in body and "Nasional" in body
    assert body.count('href="/wilayah/') >= 38
    assert "Papua Barat Daya" in body


def test_the_home_page_shows_an_operators_own_region_only(login_as):
    body = login_as("operator.kotabandung").get("/").content.decode()
    assert "Kota Bandung" in body
    assert "Jawa Tengah" not in body
    assert 'data-scope="32.73"' in body or "map-empty" in body


def test_without_boundaries_the_map_explains_how_to_import_them(login_as):
    BoundaryLayer.objects.all().delete()
    body = login_as("operator.kotabandung").get("/").content.decode()
    assert 'data-testid="map-empty"' in body
    assert "import_boundaries" in body
    assert 'id="peta"' not in body


def test_with_boundaries_the_map_and_its_layers_are_served(login_as, kabkota_boundaries):
    client = login_as("operator.kotabandung")
    body = client.get("/").content.decode()
    assert 'id="peta"' in body
    assert "leaflet.js" in body
    layer = client.get("/wilayah/peta/kabkota.topojson")
    assert layer.status_code == 200
    assert layer["Content-Type"] == "application/json"
    assert b'"Topology"' in layer.content
    assert client.get("/wilayah/peta/kecamatan.topojson").status_code == 404


def test_the_region_browser_searches_with_htmx(login_as):
    client = login_as("verifikator.jabar")
    full = client.get("/wilayah/", {"q": "bandung"})
    assert "Kota Bandung" in full.content.decode()
    partial = client.get("/wilayah/", {"q": "bandung"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body
    assert "Kabupaten Bandung Barat" in body
    assert 'data-testid="search-count"' in body


def test_the_region_browser_starts_from_the_users_regions(login_as):
    body = login_as("operator.kabbandung").get("/wilayah/").content.decode()
    assert "Kabupaten Bandung" in body
    assert "Aceh" not in body


def test_a_region_page_lists_its_children_with_local_zone(login_as):
    body = login_as("analis.nasional").get("/wilayah/96/").content.decode()
    assert "Papua Barat Daya" in body
    assert "Kota Sorong" in body
    assert "WIT (Asia/Jayapura)" in body


def test_the_profile_shows_role_scope_and_mfa_status(login_as):
    client = login_as("verifikator.jabar")
    body = client.get("/profil/").content.decode()
    assert "Verifikator" in body
    assert "Jawa Barat (32)" in body
    assert 'data-testid="mfa-status"' in body
    assert "Aktif (TOTP)" in body
    assert "Wajib untuk peran Anda" in body


def test_a_user_can_issue_an_api_token_shown_once(login_as, personas):
    from rest_framework.authtoken.models import Token

    client = login_as("operator.kotabandung")
    response = client.post("/profil/token/")
    assert response.status_code == 302
    shown = client.get("/profil/").content.decode()
    token = Token.objects.get(user=personas["operator.kotabandung"])
    assert token.key in shown
    assert token.key not in client.get("/profil/").content.decode()


def test_the_interface_switches_to_english(login_as):
    client = login_as("operator.kotabandung")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body


def test_numbers_use_indonesian_grouping(login_as):
    body = login_as("analis.nasional").get("/wilayah/32/").content.decode()
    assert "Wilayah bawahan (27)" in body
