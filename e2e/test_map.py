"""The home page map: boundaries as the basemap, the user's scope highlighted."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import Server, Sessions

SCOPE_FILL = "#c0392b"  # static/waspada/js/map.js


def show_layer(page: Page, level: str) -> None:
    if level != "provinsi":
        page.click(f'[data-layer-button="{level}"]')
    expect(page.locator(f'#peta[data-loaded="{level}"]')).to_be_attached(timeout=20_000)


def drawn(page: Page) -> tuple[int, int]:
    """(all regions drawn, regions drawn in the scope colour)."""
    paths = page.locator("#peta path.leaflet-interactive")
    return paths.count(), page.locator(f'#peta path.leaflet-interactive[fill="{SCOPE_FILL}"]').count()


def test_national_map_draws_38_provinces_and_514_kabupaten_kota_all_in_scope(
    sessions: Sessions, server: Server
) -> None:
    server.require_map()
    page = sessions.as_user("pimpinan").page
    page.goto("/")
    show_layer(page, "provinsi")
    assert drawn(page) == (38, 38)
    show_layer(page, "kabkota")
    assert drawn(page) == (514, 514)


def test_operator_map_highlights_only_kota_bandung_and_clicking_it_opens_its_page(
    sessions: Sessions, server: Server
) -> None:
    server.require_map()
    page = sessions.as_user("operator.kotabandung").page
    page.goto("/")
    show_layer(page, "provinsi")
    assert drawn(page) == (38, 1), "only Jawa Barat, the province around Kota Bandung, is highlighted"
    show_layer(page, "kabkota")
    assert drawn(page) == (514, 1), "only Kota Bandung is highlighted"
    page.locator(f'#peta path.leaflet-interactive[fill="{SCOPE_FILL}"]').dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/wilayah/32\.73/$"))
    expect(page.locator("main h1")).to_contain_text("Kota Bandung")


def test_verifikator_map_highlights_the_27_kabupaten_kota_of_jawa_barat(sessions: Sessions, server: Server) -> None:
    server.require_map()
    page = sessions.as_user("verifikator.jabar").page
    page.goto("/")
    show_layer(page, "provinsi")
    assert drawn(page) == (38, 1)
    show_layer(page, "kabkota")
    assert drawn(page) == (514, 27)
