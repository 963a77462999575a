"""Early detection in the browser (issue 5): a detection run raises an alert, the national analyst
verifies it, assesses the risk and assigns the response to the operator of Kota Bandung, who
records an action and closes it with an outcome; an FKDM member submits a Laporan Informasi and
sees no one else's. No CSP violation anywhere.

The alert comes from the shipped count-threshold rule ``ambang-peristiwa-4-minggu`` (at least 5
incidents in 4 weeks in one kabupaten/kota): six incidents of Kota Bandung in 2026-W10 (2–8 March
2026) are imported with the example mapping, then ``run_detection --week 2026-W10`` runs that
rule. The week lies outside the periods the other browser tests count (November 2026, its
comparison periods October 2026 and November 2025, September 2026, 2020).
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from e2e.conftest import Server, Session, Sessions
from e2e.support import ROOT, open_notifications, screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
WEEK = "2026-W10"
RULE = "ambang-peristiwa-4-minggu"
DAYS = [date(2026, 3, 2) + timedelta(days=i) for i in range(6)]
ACTION_NOTE = "Rapat koordinasi Forkopimda dan mediasi tokoh kedua kampung, 9 Desember."
OUTCOME = "Kedua kelompok sepakat berdamai; patroli bersama selama dua minggu tanpa kejadian baru."
LI_TITLE = "Rencana aksi massa di Alun-alun Bandung"
OTHER_LI_TITLE = "Isu penolakan pembangunan rumah ibadah di Cibiru"


def assert_no_csp_violation(session: Session) -> None:
    violations = session.csp_violations()
    assert violations == [], violations


def import_incidents(server: Server) -> None:
    """Six incidents of Kota Bandung in 2026-W10, through the real import command."""
    path = server.folder / "alerts-incidents.csv"
    header = [
        "id", "tanggal", "judul", "kategori", "kode_wilayah", "kabupaten_kota", "provinsi", "lintang", "bujur",
        "meninggal", "luka", "mengungsi", "uraian", "sumber", "tautan",
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i, day in enumerate(DAYS, start=1):
            writer.writerow(
                [f"E2E-ALERT-{i}", day.isoformat(), f"Tawuran pemuda di Cibiru ({i})", "Tawuran", "32.73",
                 "", "", "", "", "0", "1", "0", "Dua kelompok pemuda saling serang.", "Pikiran Rakyat", ""]
            )  # fmt: skip
    mapping = ROOT / "docs" / "examples" / "incidents-mapping.json"
    server.manage("import_incidents", str(path), "--mapping", str(mapping))


def wait_for_chart(page: Page) -> None:
    """The evidence chart (an SVG image) has loaded and has a size (a broken image has none)."""
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=series-chart]');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )


def mark_all_read(page: Page) -> None:
    """Mark all the signed-in user's notifications read (other browser tests count them)."""
    page.goto("/notifikasi/")
    button = page.get_by_test_id("mark-all-read")
    if button.count():
        button.click()
    expect(page.get_by_test_id("mark-all-read")).to_have_count(0)
    expect(page.get_by_test_id("nav-notifications").locator(".badge")).to_have_count(0)


def action_kinds(page_log: Locator) -> list[str]:
    return [str(k) for k in page_log.locator("li").evaluate_all("items => items.map(i => i.dataset.kind)")]


def test_a_detection_run_raises_an_alert_that_is_verified_assigned_and_closed_with_an_outcome(
    sessions: Sessions, server: Server
) -> None:
    import_incidents(server)
    output = server.manage("run_detection", "--week", WEEK, "--rule", RULE)
    assert f"Deteksi minggu {WEEK}" in output and "1 peringatan baru" in output, output
    # Idempotent: a second run opens nothing new.
    assert "0 peringatan baru" in server.manage("run_detection", "--week", WEEK, "--rule", RULE)

    # --- 1. The analyst finds it in the list (and on the map) and opens it. -------------------
    analyst = sessions.as_user("analis.nasional", **DESKTOP)
    page = analyst.page
    # Filtered to Jawa Barat, so that the map is zoomed to the province.
    page.goto(f"/peringatan/?wilayah=32&dari={WEEK}&sampai={WEEK}")
    expect(page.locator("h1")).to_have_text("Peringatan dini")
    row = page.get_by_test_id("alert-table").locator('tbody tr[data-code="32.73"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text(WEEK)
    expect(row).to_contain_text("Kota Bandung")
    expect(row).to_contain_text("Peristiwa ≥ 5 dalam 4 minggu")
    expect(row.locator("[data-status]")).to_have_text("Baru")
    expect(page.get_by_test_id("kabkota-counts").locator('tr[data-code="32.73"]')).to_contain_text("1")
    if server.boundaries is not None:
        map_box = page.locator("#peta-peringatan")
        expect(map_box).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=30_000)
        # Kota Bandung is the only kabupaten/kota coloured (1 alert of at most 1: the third colour).
        expect(map_box.locator('path.leaflet-interactive[fill="#fb6a4a"]')).to_have_count(1)
        expect(map_box.locator('path.leaflet-interactive[fill="#eef1f4"]').first).to_be_attached()
    screenshot(page, "alerts-list", "alerts-list.png")
    assert_no_csp_violation(analyst)

    row.get_by_role("link", name="Kota Bandung").click()
    expect(page).to_have_url(re.compile(r"/peringatan/[0-9a-f-]{36}/$"))
    alert_url = page.url
    expect(page.get_by_test_id("observed")).to_contain_text("6 / 5")
    chart = page.get_by_test_id("series-chart")
    expect(chart).to_be_visible()
    wait_for_chart(page)
    svg = page.request.get(str(chart.get_attribute("src")))
    assert svg.status == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    expect(page.get_by_test_id("series-table").locator(f'tr[data-week="{WEEK}"]')).to_contain_text("6")
    expect(page.get_by_test_id("incidents").locator("tbody tr")).to_have_count(len(DAYS))
    screenshot(page, "alerts-detail", "alerts-detail.png", full_page=True)

    # --- 2. Verification: assess. ------------------------------------------------------------
    forms = page.get_by_test_id("action-forms")
    verify = forms.locator('form[data-form="verifikasi"]')
    verify.get_by_label("Kaji (nilai risiko)").check()
    verify.locator("textarea").fill("Enam peristiwa dalam satu minggu; dicek dengan Polrestabes.")
    verify.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.get_by_role("alert").filter(has_text="Verifikasi tersimpan.")).to_be_visible()
    expect(page.locator("h1 + p [data-status]")).to_have_text("Dikaji")

    # --- 3. Risk assessment: likelihood 4 × consequence 3. -----------------------------------
    risk = forms.locator('form[data-form="risiko"]')
    risk.get_by_label("Kemungkinan (1–5)").select_option("4")
    risk.get_by_label("Dampak (1–5)").select_option("3")
    risk.get_by_role("button", name="Simpan penilaian").click()
    expect(page.get_by_role("alert").filter(has_text="Penilaian risiko tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("risk")).to_contain_text("kemungkinan 4 × dampak 3")

    # --- 4. Response: the operator of Kota Bandung, due in a week. ---------------------------
    due = datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=7)
    assign = forms.locator('form[data-form="tugaskan"]')
    owner_label = assign.locator("#t-pj option", has_text="(operator.kotabandung)").inner_text()
    assign.get_by_label("Penanggung jawab").select_option(label=owner_label)
    assign.get_by_label("Batas waktu").fill(due.isoformat())
    assign.get_by_label("Tindakan yang diminta").fill("Koordinasikan mediasi dengan camat dan tokoh masyarakat.")
    assign.get_by_role("button", name="Tugaskan").click()
    expect(page.get_by_role("alert").filter(has_text="Penanganan tersimpan.")).to_be_visible()
    expect(page.locator("h1 + p [data-status]")).to_have_text("Ditangani")
    expect(page.get_by_test_id("owner")).not_to_have_text("—")
    assert_no_csp_violation(analyst)

    # --- 5. The owner sees it in "Peringatan saya", records an action and closes it. ---------
    owner = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = owner.page
    page.goto("/")
    open_notifications(page)
    note = page.get_by_test_id("notification").filter(has_text="Anda penanggung jawab peringatan")
    expect(note).to_have_count(1)
    expect(note).to_contain_text(f"Batas waktu penanganan: {due.strftime('%d-%m-%Y')}.")
    expect(note.get_by_role("link")).to_have_attribute("href", re.compile(re.escape(alert_url.split("/", 3)[3])))
    # Read: the later browser tests count this operator's unread notifications from zero.
    mark_all_read(page)
    page.goto("/peringatan/saya/")
    mine = page.get_by_test_id("alert-table").locator('tbody tr[data-code="32.73"]')
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(due.strftime("%d-%m-%Y"))
    mine.get_by_role("link", name="Kota Bandung").click()
    expect(page).to_have_url(alert_url)
    forms = page.get_by_test_id("action-forms")
    expect(forms.locator('form[data-form="verifikasi"]')).to_have_count(0)
    expect(forms.locator('form[data-form="tugaskan"]')).to_have_count(0)
    action = forms.locator('form[data-form="tindakan"]')
    action.get_by_label("Tindakan yang dilakukan").fill(ACTION_NOTE)
    action.get_by_role("button", name="Simpan tindakan").click()
    expect(page.get_by_role("alert").filter(has_text="Tindakan tersimpan.")).to_be_visible()

    # Closing without an outcome is refused with a message and changes nothing.
    close = forms.locator('form[data-form="tutup"]')
    close.get_by_role("button", name="Tutup peringatan").click()
    expect(page.get_by_test_id("action-errors")).to_contain_text("Tuliskan hasil penanganan.")
    expect(page.locator("h1 + p [data-status]")).to_have_text("Ditangani")

    close.get_by_label("Hasil penanganan").fill(OUTCOME)
    close.get_by_role("button", name="Tutup peringatan").click()
    expect(page.get_by_role("alert").filter(has_text="Tutup tersimpan.")).to_be_visible()

    # --- 6. The final state and the action log. ----------------------------------------------
    expect(page.locator("h1 + p [data-status]")).to_have_text("Ditutup")
    expect(page.get_by_test_id("outcome")).to_have_text(OUTCOME)
    expect(forms.locator('form[data-form="tutup"]')).to_have_count(0)
    expect(forms.locator('form[data-form="tindakan"]')).to_have_count(0)
    log = page.get_by_test_id("action-log")
    assert action_kinds(log) == ["opened", "assess", "risk", "assign", "action", "close"]
    expect(log.locator('li[data-kind="action"]')).to_contain_text(ACTION_NOTE)
    expect(log.locator('li[data-kind="close"]')).to_contain_text(OUTCOME)
    wait_for_chart(page)
    screenshot(page, "alerts-closed", "alerts-closed.png", full_page=True)
    assert_no_csp_violation(owner)

    # The closed alert has left the owner's queue.
    page.goto("/peringatan/saya/")
    expect(page.get_by_test_id("alert-table").locator(f'tbody tr[data-code="32.73"]:has-text("{WEEK}")')).to_have_count(
        0
    )


def fill_li(page_form: Locator, title: str, what: str) -> None:
    page_form.locator("#li-title").fill(title)
    page_form.locator("#li-region").select_option("32.73")
    page_form.locator("#li-source").fill("Ketua RW 05 Cibiru")
    page_form.locator("#li-relation").fill("Tetangga")
    page_form.locator("#li-how").fill("Percakapan langsung")
    page_form.locator("#li-at").fill("2026-12-05T09:30")
    page_form.locator("#li-sgrade").select_option("B")
    page_form.locator("#li-igrade").select_option("2")
    page_form.locator("#li-what").fill(what)
    page_form.locator("#li-when").fill("Sabtu, 12 Desember 2026, pukul 09.00")
    page_form.locator("#li-where").fill("Alun-alun Bandung")
    page_form.locator("#li-opinion").fill("Perlu dipantau; massa dari luar kota mungkin ikut.")


def test_an_fkdm_member_submits_a_laporan_informasi_and_sees_no_one_elses(sessions: Sessions) -> None:
    # --- 1. The operator of Kota Bandung submits an LI first. --------------------------------
    operator = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = operator.page
    page.goto("/peringatan/li/baru/")
    fill_li(page.get_by_test_id("li-form"), OTHER_LI_TITLE, "Sekelompok warga menolak pembangunan rumah ibadah.")
    page.get_by_test_id("li-form").get_by_role("button", name="Kirim").click()
    expect(page.get_by_role("alert").filter(has_text="Laporan Informasi terkirim.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/peringatan/li/[0-9a-f-]{36}/$"))
    other_url = page.url
    assert_no_csp_violation(operator)

    # --- 2. The FKDM member submits theirs through the form. ---------------------------------
    fkdm = sessions.as_user("fkdm.kotabandung", **DESKTOP)
    page = fkdm.page
    page.goto("/peringatan/li/")
    page.get_by_test_id("li-new").click()
    expect(page.locator("h1")).to_have_text("Kirim Laporan Informasi")
    form = page.get_by_test_id("li-form")
    # A missing source grade is refused with a message; nothing is sent.
    fill_li(form, LI_TITLE, "Ajakan aksi massa menolak kenaikan tarif beredar di grup percakapan warga.")
    form.locator("#li-sgrade").select_option("")
    form.get_by_role("button", name="Kirim").click()
    expect(page.get_by_test_id("li-errors")).to_be_visible()
    expect(page.locator("#li-sgrade")).to_have_class(re.compile(r"is-invalid"))
    expect(page.locator("#li-title")).to_have_value(LI_TITLE)
    screenshot(page, "alerts-li-form", "alerts-li-form.png", full_page=True)
    page.locator("#li-sgrade").select_option("B")
    page.get_by_test_id("li-form").get_by_role("button", name="Kirim").click()
    expect(page.get_by_role("alert").filter(has_text="Laporan Informasi terkirim.")).to_be_visible()
    expect(page.get_by_test_id("li-title")).to_have_text(LI_TITLE)
    expect(page.get_by_test_id("li-opinion")).to_contain_text("Perlu dipantau")
    assert_no_csp_violation(fkdm)

    # --- 3. The FKDM list holds only their own LI; the other one answers 404. ----------------
    page.goto("/peringatan/li/")
    table = page.get_by_test_id("li-table")
    expect(table.locator("tbody tr", has_text=LI_TITLE)).to_have_count(1)
    expect(table.locator("tbody tr", has_text=OTHER_LI_TITLE)).to_have_count(0)
    expect(table.locator("tbody tr[data-li]")).to_have_count(1)
    screenshot(page, "alerts-li-list-fkdm", "alerts-li-list-fkdm.png")
    response = page.goto(other_url)
    assert response is not None and response.status == 404
    # And FKDM members do not read alerts at all.
    response = page.goto("/peringatan/")
    assert response is not None and response.status == 403
    assert_no_csp_violation(fkdm)

    # --- 4. The operator sees both. -----------------------------------------------------------
    page = operator.page
    page.goto("/peringatan/li/")
    table = page.get_by_test_id("li-table")
    expect(table.locator("tbody tr", has_text=LI_TITLE)).to_have_count(1)
    expect(table.locator("tbody tr", has_text=OTHER_LI_TITLE)).to_have_count(1)
    # Leave no unread notification behind for the later browser tests.
    mark_all_read(page)
