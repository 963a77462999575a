"""RAD Terpadu in the browser (issue 7): operator Kota Bandung writes this year's plan with one
action, fills in the B-04 progress report (a realisation above 100 % is refused, then 75 % is
submitted), the verifikator of Jawa Barat verifies it, and the completeness page counts it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from e2e.conftest import Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}


def test_an_operator_reports_progress_and_the_province_verifies_it(sessions: Sessions) -> None:
    year = datetime.now(ZoneInfo("Asia/Jakarta")).year
    page = sessions.as_user("operator.kotabandung", **DESKTOP).page
    page.goto("/rad/")
    page.get_by_test_id("new-plan").click()
    page.fill("#id_title", f"RAD Terpadu Kota Bandung {year}")
    page.fill("#id_year", str(year))
    page.fill("#id_decree_number", f"188.45/Kep.27-Kesbangpol/{year}")
    page.fill("#id_decree_date", f"{year}-01-20")
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("plan-facts")).to_contain_text("32.73")

    page.get_by_test_id("add-action").click()
    page.select_option("#id_stage", "pencegahan")
    page.fill("#id_activity", "Dialog lintas tokoh agama dan adat")
    page.fill("#id_responsible_units", "Kesbangpol; FKUB")
    page.fill("#id_indicator", "Dialog terlaksana")
    page.fill("#id_target", "4 kali")
    page.fill("#id_budget", "25000000")
    page.fill("#id_starts_on", f"{year}-02-01")
    page.fill("#id_ends_on", f"{year}-11-30")
    page.check("#id_adjusted_for_covid")
    page.get_by_test_id("save-action").click()
    expect(page.get_by_test_id("action-table")).to_contain_text("Dialog lintas tokoh agama")

    page.select_option("#f-period", "B04")
    page.get_by_test_id("open-report").get_by_role("button").click()
    realisation = page.get_by_test_id("entry-table").locator("input").first
    realisation.fill("120")
    page.get_by_test_id("save-report").click()
    expect(page.get_by_test_id("entry-table")).to_contain_text("harus antara 0 dan 100 %")
    page.get_by_test_id("entry-table").locator("input").first.fill("75")
    page.get_by_test_id("entry-table").locator("textarea").first.fill("Tiga dialog terlaksana.")
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("report-facts")).to_contain_text("Dikirim")
    screenshot(page, "rad-report-submitted", "rad-progress-report.png", full_page=True)
    report_url = page.url

    verifier = sessions.as_user("verifikator.jabar", **DESKTOP).page
    verifier.goto(report_url)
    verifier.get_by_test_id("verify").click()
    expect(verifier.get_by_test_id("report-facts")).to_contain_text("Diverifikasi")
    verifier.goto(f"/rad/kelengkapan/?periode={year}-B04&provinsi=32")
    row = verifier.get_by_test_id("board-table").locator('tr[data-code="32.73"]')
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "late")
    screenshot(verifier, "rad-completeness", "rad-completeness.png", full_page=True)
    verifier.goto(f"/rad/rekap/?tahun={year}")
    expect(verifier.get_by_test_id("realisation-table").locator('tr[data-code="32"]')).to_contain_text("75")
    expect(verifier.get_by_test_id("late-reports")).to_contain_text("Kota Bandung")
    verifier.get_by_test_id("realisation-chart").evaluate("img => img.decode()")
    assert verifier.get_by_test_id("realisation-chart").evaluate("img => img.naturalWidth") > 0
    screenshot(verifier, "rad-recap", "rad-recap.png", full_page=True)
