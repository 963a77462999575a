"""Forums in the browser (issue 7): operator Kota Bandung records its FKDM, a decree (SK) whose
validity ends before it starts is refused, then the real SK with its PDF and a member; the
formation compliance page and its map turn Kota Bandung from "belum" to "aktif"."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import FilePayload, expect

from e2e.conftest import Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}


def map_status(page, code: str) -> str:
    """The status the choropleth colours ``code`` with (the map's own data URL)."""
    url = page.locator("#peta-forum").get_attribute("data-status-url")
    data = json.loads(page.request.get(url).text())
    return data["status"].get(code, "")


def test_an_operator_records_its_fkdm_and_the_compliance_map_changes(sessions: Sessions) -> None:
    year = datetime.now(ZoneInfo("Asia/Jakarta")).year
    page = sessions.as_user("operator.kotabandung", **DESKTOP).page
    page.goto("/forum/kepatuhan/?jenis=fkdm")
    expect(page.get_by_test_id("national-figure")).to_contain_text("0 dari 1 kabupaten/kota")
    if page.locator("#peta-forum").count():
        assert map_status(page, "32.73") == "belum"

    page.goto("/forum/")
    page.get_by_test_id("new-forum").click()
    page.select_option("#id_region", "32.73")
    page.select_option("#id_kind", "fkdm")
    page.fill("#id_name", "FKDM Kota Bandung")
    page.fill("#id_contact_name", "Asep Saepudin")
    page.fill("#id_contact_phone", "081234567890")
    page.get_by_test_id("save").click()
    expect(page.locator("h1")).to_contain_text("FKDM Kota Bandung")

    page.get_by_test_id("add-decree").click()
    page.fill("#id_number", f"188.45/Kep.12-Bakesbangpol/{year}")
    page.fill("#id_decree_date", f"{year}-01-15")
    page.fill("#id_signer", "Wali Kota Bandung")
    page.fill("#id_valid_from", f"{year}-01-15")
    page.fill("#id_valid_until", f"{year - 1}-01-14")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("forum-form")).to_contain_text("sebelum mulai berlaku")
    page.fill("#id_valid_until", f"{year + 4}-01-14")
    pdf: FilePayload = {"name": "SK FKDM.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% SK FKDM\n"}
    page.set_input_files("#id_file", files=[pdf])
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("decree-table")).to_contain_text(f"188.45/Kep.12-Bakesbangpol/{year}")

    page.get_by_test_id("add-member").click()
    page.fill("#id_name", "Hj. Euis Komariah")
    page.fill("#id_position", "Ketua")
    page.fill("#id_agency", "Tokoh perempuan")
    page.fill("#id_joined_on", f"{year}-01-15")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("Hj. Euis Komariah")
    expect(page.locator('[data-status="aktif"]').first).to_be_visible()
    screenshot(page, "forum-detail", "forum-detail.png", full_page=True)

    page.goto("/forum/kepatuhan/?jenis=fkdm")
    expect(page.get_by_test_id("national-figure")).to_contain_text("1 dari 1 kabupaten/kota")
    if page.locator("#peta-forum").count():
        expect(page.locator("#peta-forum")).to_have_attribute("data-loaded", "1")
        assert map_status(page, "32.73") == "aktif"
    screenshot(page, "forum-compliance", "forum-compliance.png", full_page=True)


PHONE = {"viewport": {"width": 390, "height": 844}, "reduced_motion": "reduce", "is_mobile": True}


def test_the_national_analyst_pages_through_the_regions_without_a_forum_on_a_phone(sessions: Sessions) -> None:
    page = sessions.as_user("analis.nasional", **PHONE).page
    page.goto("/forum/kepatuhan/?jenis=kominda")  # no Kominda is recorded: every kabupaten/kota is listed
    expect(page.get_by_test_id("lacking-count")).to_contain_text("514")
    expect(page.locator('[data-testid="lacking-table"] tbody tr')).to_have_count(50)
    pager = page.get_by_test_id("lacking-pager")
    expect(pager).to_contain_text("Halaman 1 dari 11")
    pager.get_by_role("link", name="Berikutnya").click()
    expect(page.get_by_test_id("lacking-pager")).to_contain_text("Halaman 2 dari 11 · wilayah 51–100 dari 514")
    assert "jenis=kominda" in page.url and "halaman=2" in page.url
    expect(page.locator("#f-jenis")).to_have_value("kominda")  # the filters stay
    screenshot(page, "forum-compliance-phone-page2", "forum-compliance-phone.png", full_page=False)
