"""Foreigners in the browser (issue 7): the operator of Kota Bandung records a foreign worker and
sees the passport number masked; the national analyst reveals it with a reason, sees it once, and the
record's history shows the reveal. No CSP violation anywhere."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
PASSPORT = "TR7654321"
REASON = "Verifikasi bersama Tim PORA, rapat 9 Desember"


def test_an_analyst_reveals_a_passport_number_with_a_reason_and_the_history_shows_it(sessions: Sessions) -> None:
    operator = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = operator.page
    page.goto("/orang-asing/baru/")
    form = page.get_by_test_id("foreigners-form")
    form.get_by_label("Nama lengkap").fill("Hiroshi Tanaka")
    form.get_by_label("Kewarganegaraan").fill("JPN")
    form.get_by_label("Nomor paspor").fill(PASSPORT)
    form.get_by_label("Tujuan").select_option("penelitian")
    form.get_by_label("Lokasi (kode wilayah)").fill("32.73.01")
    form.get_by_label("Alamat").fill("Jalan Ganesha Nomor 10, Coblong")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("passport")).to_have_text("TR7••••21")
    detail_url = page.url
    assert PASSPORT not in page.content()
    assert operator.csp_violations() == []

    analyst = sessions.as_user("analis.nasional", **DESKTOP)
    page = analyst.page
    page.goto(detail_url)
    reveal = page.get_by_test_id("reveal-form")
    reveal.locator('select[name="field"]').select_option("passport_number")
    reveal.locator('textarea[name="reason"]').fill(REASON)
    reveal.get_by_role("button", name="Buka dan catat di audit").click()
    expect(page.get_by_test_id("revealed")).to_have_text(PASSPORT)
    expect(page.get_by_test_id("history-panel")).to_contain_text("Data pribadi orang asing dibuka")
    screenshot(page, "foreigners-reveal", "foreigners-reveal.png")
    page.goto(detail_url)  # reloading shows the masked value again
    expect(page.get_by_test_id("passport")).to_have_text("TR7••••21")
    assert analyst.csp_violations() == []
