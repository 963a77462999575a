"""Text triage in the browser (issue 5, item 5): an operator of Kota Bandung pastes a news text,
sees the regions and the suggested category, and follows "Buat draf peristiwa" to the incident
form; the page fits a phone screen. No CSP violation anywhere."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from e2e.conftest import Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "reduced_motion": "reduce",
}
TEXT = (
    "Bentrokan antarwarga dua kampung pecah di Kecamatan Coblong, Kota Bandung, Jawa Barat, "
    "Sabtu (14/11/2026); tiga orang luka-luka dan dua rumah dirusak massa. Warga Kabupaten "
    "Bandung yang melintas ikut diamankan polisi."
)


def test_an_operator_triages_a_text_and_opens_the_draft_incident(sessions: Sessions) -> None:
    operator = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = operator.page
    page.goto("/")
    page.get_by_role("button", name="Deteksi dini").click()  # the menu of the navigation bar
    page.get_by_role("link", name="Triase teks").click()
    expect(page.get_by_role("heading", name="Triase teks", exact=True)).to_be_visible()
    page.get_by_label("Teks", exact=True).fill(TEXT)
    page.get_by_role("button", name="Triase").click()

    regions = page.get_by_test_id("triage-regions")
    expect(regions.locator('tr[data-code="32.73"]')).to_be_visible()
    expect(regions.locator('tr[data-code="32.73.02"]')).to_be_visible()
    # Kabupaten Bandung is named but lies outside this operator's scope.
    expect(regions.locator('tr[data-code="32.04"]')).to_contain_text("di luar cakupan Anda")
    expect(page.get_by_test_id("category")).to_have_text("Bentrok antarwarga")
    expect(page.locator("mark", has_text="Kota Bandung")).to_be_visible()
    screenshot(page, "triage-result", "triage-result.png", full_page=True)

    link = page.get_by_test_id("draft-link")
    query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
    assert query["kategori"] == ["bentrok-antarwarga"]
    assert query["wilayah"] == ["32.73.02"]
    assert query["tanggal"] == ["2026-11-14"]
    link.click()
    page.wait_for_url("**/peristiwa/baru/**")
    assert page.url.split("?")[0].endswith("/peristiwa/baru/")
    assert operator.csp_violations() == []


def test_an_empty_text_is_refused_with_a_message_and_the_page_fits_a_phone(sessions: Sessions) -> None:
    phone = sessions.as_user("fkdm.kotabandung", **PHONE)
    page = phone.page
    page.goto("/peringatan/triase/")
    page.get_by_role("button", name="Triase").click()
    expect(page.get_by_test_id("triage-errors")).to_contain_text("Teks kosong")
    page.get_by_label("Teks", exact=True).fill(TEXT)
    page.get_by_role("button", name="Triase").click()
    expect(page.get_by_test_id("li-fields")).to_be_visible()
    expect(page.get_by_test_id("draft-link")).to_have_count(0)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "triage-phone", "triage-phone.png", full_page=True)
    assert phone.csp_violations() == []
