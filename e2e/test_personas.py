"""Each demo persona logs in through the real form and sees exactly its own scope."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import Server, Session, Sessions
from e2e.support import screenshot

NATIONAL_PROVINCES = 38


def home_table(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every row of the home page's scope table."""
    rows = session.page.locator('[data-testid="scope-table"] tbody tr')
    return [
        (row.locator("td").nth(0).inner_text().strip(), row.locator("td").nth(1).inner_text().strip())
        for row in rows.all()
    ]


def assert_lands_on_home(session: Session, server: Server, badge: str) -> None:
    page = session.page
    assert page.url == f"{server.base_url}/", f"after login the browser is at {page.url}"
    expect(page.locator('[data-testid="scope-badge"]')).to_have_text(re.compile(rf"^\s*Cakupan:\s+{badge}\s*$"))


def assert_map_loads(session: Session, server: Server) -> None:
    if server.boundaries is None:
        expect(session.page.locator('[data-testid="map-empty"]')).to_be_visible()
        return
    expect(session.page.locator('#peta[data-loaded="provinsi"]')).to_be_attached(timeout=20_000)
    # Leaflet drew the boundaries as SVG paths.
    assert session.page.locator("#peta path.leaflet-interactive").count() > 0


def assert_national_home(session: Session, server: Server, name: str) -> None:
    assert_lands_on_home(session, server, "Nasional")
    rows = home_table(session)
    assert len(rows) == NATIONAL_PROVINCES, rows
    assert ("11", "Aceh") in rows
    assert ("32", "Jawa Barat") in rows
    assert ("96", "Papua Barat Daya") in rows
    assert all(re.fullmatch(r"\d\d", code) for code, _ in rows), rows
    assert_map_loads(session, server)
    screenshot(session.page, f"home-{name}", docs_name="home-national.png" if name == "admin" else None)
    assert session.csp_violations() == []


def test_admin_logs_in_with_totp_and_sees_all_38_provinces(sessions: Sessions, server: Server) -> None:
    session = sessions.login("admin")
    assert_national_home(session, server, "admin")


def test_analis_nasional_logs_in_with_totp_and_sees_all_38_provinces(sessions: Sessions, server: Server) -> None:
    session = sessions.login("analis.nasional")
    assert_national_home(session, server, "analis.nasional")


def test_pimpinan_logs_in_without_totp_and_sees_all_38_provinces(sessions: Sessions, server: Server) -> None:
    session = sessions.login("pimpinan")
    assert_national_home(session, server, "pimpinan")


def test_verifikator_jabar_logs_in_with_totp_and_sees_only_jawa_barat(sessions: Sessions, server: Server) -> None:
    session = sessions.login("verifikator.jabar")
    assert_lands_on_home(session, server, "Jawa Barat")
    assert home_table(session) == [("32", "Jawa Barat")]
    assert_map_loads(session, server)
    screenshot(session.page, "home-verifikator.jabar")
    assert session.csp_violations() == []


def test_operator_kota_bandung_sees_only_kota_bandung(sessions: Sessions, server: Server) -> None:
    session = sessions.login("operator.kotabandung")
    assert_lands_on_home(session, server, "Kota Bandung")
    assert home_table(session) == [("32.73", "Kota Bandung")]
    assert_map_loads(session, server)
    if server.boundaries is not None:
        # The kabupaten/kota layer zooms onto the operator's own city.
        session.page.click('[data-layer-button="kabkota"]')
        expect(session.page.locator('#peta[data-loaded="kabkota"]')).to_be_attached(timeout=20_000)
    screenshot(session.page, "home-operator.kotabandung", docs_name="home-operator.png")
    assert session.csp_violations() == []


def test_operator_kabupaten_bandung_sees_only_kabupaten_bandung(sessions: Sessions, server: Server) -> None:
    session = sessions.login("operator.kabbandung")
    assert_lands_on_home(session, server, "Kabupaten Bandung")
    assert home_table(session) == [("32.04", "Kabupaten Bandung")]
    assert_map_loads(session, server)
    screenshot(session.page, "home-operator.kabbandung")


def test_fkdm_kota_bandung_sees_only_kota_bandung(sessions: Sessions, server: Server) -> None:
    session = sessions.login("fkdm.kotabandung")
    assert_lands_on_home(session, server, "Kota Bandung")
    assert home_table(session) == [("32.73", "Kota Bandung")]
    assert_map_loads(session, server)
    screenshot(session.page, "home-fkdm.kotabandung")


def assert_not_found(session: Session, path: str) -> None:
    response = session.page.goto(path)
    assert response is not None and response.status == 404, f"{path} answered {response and response.status}"
    expect(session.page.locator("main h1")).to_have_text("Tidak ditemukan")
    expect(session.page.locator("main")).to_contain_text("Halaman atau data yang Anda cari tidak ditemukan.")


def assert_region_page(session: Session, path: str, name: str) -> None:
    response = session.page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    expect(session.page.locator("main h1")).to_contain_text(name)


def test_operator_kota_bandung_opens_kota_bandung_but_gets_404_for_kabupaten_bandung(sessions: Sessions) -> None:
    session = sessions.as_user("operator.kotabandung")
    assert_region_page(session, "/wilayah/32.73/", "Kota Bandung")
    children = session.page.locator("main table tbody tr")
    assert children.count() == 30, "Kota Bandung has 30 kecamatan"
    expect(session.page.locator("main table")).to_contain_text("Sukasari")
    screenshot(session.page, "region-detail-kota-bandung", docs_name="region-detail.png")
    # A kecamatan inside the city opens too; the neighbouring kabupaten and the province do not.
    assert_region_page(session, "/wilayah/32.73.01/", "Sukasari")
    assert_not_found(session, "/wilayah/32.04/")
    assert_not_found(session, "/wilayah/32.04.01/")
    assert_not_found(session, "/wilayah/32/")
    assert session.csp_violations() == []


def test_verifikator_jabar_opens_both_bandungs_but_gets_404_for_jawa_tengah(sessions: Sessions) -> None:
    session = sessions.as_user("verifikator.jabar")
    assert_region_page(session, "/wilayah/32/", "Jawa Barat")
    assert_region_page(session, "/wilayah/32.73/", "Kota Bandung")
    assert_region_page(session, "/wilayah/32.04/", "Kabupaten Bandung")
    assert_not_found(session, "/wilayah/33/")
    assert_not_found(session, "/wilayah/33.74/")


def test_operator_kabupaten_bandung_gets_404_for_kota_bandung(sessions: Sessions) -> None:
    session = sessions.as_user("operator.kabbandung")
    assert_region_page(session, "/wilayah/32.04/", "Kabupaten Bandung")
    assert_not_found(session, "/wilayah/32.73/")


def test_unknown_region_code_is_404_even_for_a_national_user(sessions: Sessions) -> None:
    session = sessions.as_user("pimpinan")
    assert_region_page(session, "/wilayah/33/", "Jawa Tengah")
    assert_not_found(session, "/wilayah/99.99/")
