"""Weekly situation reports in the browser (issue 3): the whole life of a report across three
roles, a nil report in three clicks, and the completeness and recap pages.

The reporting week is the current ISO week in WIB (Jawa Barat's zone), opened on the e2e
server's database with ``manage.py open_periods``; the server runs on the real clock, so the
report is written inside its week and counts as on time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import Server, Session, Sessions
from e2e.support import open_notifications, screenshot

# Reduced motion: Bootstrap then scrolls without smooth animation, so screenshots are not taken mid-scroll.
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "reduced_motion": "reduce",
}

RETURN_REASON = "Narasi Politik belum menyebut lokasi unjuk rasa. Mohon dilengkapi."
FIRST_POLITIK = "Dua unjuk rasa damai terkait upah minimum."
SECOND_POLITIK = "Dua unjuk rasa damai terkait upah minimum di depan Balai Kota dan Gedung Sate."


def current_week_key() -> str:
    """The ISO week that contains today in WIB, e.g. ``2026-W48``."""
    year, week, _day = datetime.now(ZoneInfo("Asia/Jakarta")).isocalendar()
    return f"{year}-W{week:02d}"


@pytest.fixture(scope="module")
def week(server: Server) -> str:
    """This week's reporting period, opened (with the week before) on the e2e database."""
    server.manage("open_periods", "--weeks-back", "1")
    return current_week_key()


def status_of(page: Page) -> Locator:
    """The status badge in a report's header."""
    return page.get_by_test_id("report-status").first


def assert_no_csp_violation(session: Session) -> None:
    violations = session.csp_violations()
    assert violations == [], violations
    csp_errors = [e for e in session.console.errors if "Content Security Policy" in e]
    assert csp_errors == [], csp_errors


def fill_sections(page: Page, politik: str) -> None:
    """Every section's narrative and situation level (Politik at Waspada, the rest Kondusif)."""
    form = page.get_by_test_id("report-form")
    fieldsets = form.locator("fieldset").all()
    assert len(fieldsets) == 10, "the default template has ten sections"
    for fieldset in fieldsets:
        code = (fieldset.get_attribute("id") or "").removeprefix("bagian-")
        title = fieldset.locator("legend").inner_text().strip()
        level = fieldset.locator(f'select[name="{code}__level"]')
        if level.count():
            level.select_option("waspada" if code == "politik" else "kondusif")
        text = politik if code == "politik" else f"{title}: situasi aman dan terkendali minggu ini."
        fieldset.locator(f'textarea[name="{code}__narrative"]').fill(text)


def required_but_empty(page: Page) -> list[str]:
    """Names of the form's required fields (marked aria-required) that are still empty."""
    empty = []
    for field in page.get_by_test_id("report-form").locator('[aria-required="true"]').all():
        if not field.input_value().strip():
            empty.append(field.get_attribute("name") or "?")
    return empty


def as_desktop(sessions: Sessions, username: str) -> Session:
    return sessions.as_user(username, **DESKTOP)


def open_from_queue(page: Page, region: str, week: str) -> None:
    page.goto("/laporan/")
    queue = page.get_by_test_id("queue-table")
    row = queue.locator("tbody tr").filter(has_text=week).filter(has_text=region)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=region).click()
    expect(page.locator("h1")).to_contain_text(f"Laporan situasi {region}")


def test_a_report_is_written_returned_fixed_resubmitted_verified_and_accepted(sessions: Sessions, week: str) -> None:
    # --- 1. The operator of Kota Bandung writes this week's report. --------------------------
    operator = as_desktop(sessions, "operator.kotabandung")
    page = operator.page
    page.goto("/laporan/")
    row = page.get_by_test_id("own-reports").locator(f'[data-period="{week}"]')
    expect(row).to_contain_text("Belum ada laporan")
    expect(row).to_contain_text("12:00 WIB")
    screenshot(page, "reports-operator-index", docs_name="reports-operator-index.png")
    row.get_by_role("link", name="Tulis laporan").click()
    expect(page.locator("h1")).to_have_text("Laporan situasi Kota Bandung")
    expect(page.get_by_test_id("deadline")).to_contain_text("12:00 WIB")
    screenshot(page, "reports-form", docs_name="reports-form.png")

    # Sending without the required indicator is refused next to the field; nothing is created.
    fill_sections(page, FIRST_POLITIK)
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("Konflik Sosial")
    expect(page.locator("#id_konflik_sosial__v__peristiwa_konflik_error")).to_have_text("Wajib diisi.")
    assert required_but_empty(page) == ["konflik_sosial__v__peristiwa_konflik"]
    # What was typed is still there.
    expect(page.locator('textarea[name="politik__narrative"]')).to_have_value(FIRST_POLITIK)
    page.locator("#bagian-konflik_sosial").scroll_into_view_if_needed()
    screenshot(page, "reports-form-refused", docs_name="reports-form-refused.png")

    page.fill('[name="konflik_sosial__v__peristiwa_konflik"]', "0")
    page.fill('[name="politik__v__unjuk_rasa"]', "2")
    page.fill('[name="covid19__v__kepatuhan_prokes"]', "85,5")
    assert required_but_empty(page) == []
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=f"Laporan {week} terkirim.")).to_be_visible()
    expect(status_of(page)).to_have_text("Terkirim")
    expect(page.get_by_test_id("report-times")).to_contain_text("Tepat waktu")
    expect(page.get_by_test_id("snapshots").locator("li")).to_have_count(1)
    politik = page.locator(".report-section").filter(has_text="Politik").first
    expect(politik).to_contain_text(FIRST_POLITIK)
    expect(politik).to_contain_text("Waspada")
    expect(page.locator(".report-section").filter(has_text="Covid-19")).to_contain_text("85,5")
    report_url = page.url
    screenshot(page, "reports-submitted", docs_name="reports-submitted.png")
    assert_no_csp_violation(operator)

    # --- 2. The verifikator of Jawa Barat opens it from its queue and returns it. ------------
    verifikator = as_desktop(sessions, "verifikator.jabar")
    vpage = verifikator.page
    vpage.goto("/laporan/")
    expect(vpage.get_by_test_id("verification-queue")).to_contain_text("Kota Bandung")
    screenshot(vpage, "reports-queue", docs_name="reports-queue.png")
    open_from_queue(vpage, "Kota Bandung", week)
    assert vpage.url == report_url
    actions = vpage.get_by_test_id("decision-actions")
    expect(actions.get_by_role("button", name="Verifikasi")).to_be_visible()
    # The writer's buttons are not the verifikator's.
    expect(vpage.get_by_role("link", name="Ubah laporan")).to_have_count(0)
    vpage.fill("#alasan-kembali", RETURN_REASON)
    actions.get_by_role("button", name="Kembalikan").click()
    expect(vpage.get_by_role("alert").filter(has_text="Laporan dikembalikan kepada penulisnya.")).to_be_visible()
    expect(status_of(vpage)).to_have_text("Dikembalikan")
    expect(vpage.get_by_test_id("return-reason")).to_contain_text(RETURN_REASON)
    screenshot(vpage, "reports-returned", docs_name="reports-returned.png")
    assert_no_csp_violation(verifikator)

    # --- 3. The operator sees the notification and the reason, fixes and resubmits. ----------
    page.goto("/laporan/")
    expect(page.get_by_test_id("own-reports").locator(f'[data-period="{week}"]')).to_contain_text("Dikembalikan")
    nav = page.get_by_test_id("nav-notifications")
    expect(nav).to_contain_text("1")
    expect(page.get_by_test_id("nav-account")).to_contain_text("1")
    open_notifications(page)
    note = page.get_by_test_id("notification").filter(has_text=f"Laporan {week} dikembalikan")
    expect(note).to_have_count(1)
    expect(note).to_contain_text(RETURN_REASON)
    expect(note).to_contain_text("Baru")
    screenshot(page, "reports-notification", docs_name="reports-notification.png")
    note.get_by_role("link", name=f"Laporan {week} dikembalikan").click()
    assert page.url == report_url
    expect(status_of(page)).to_have_text("Dikembalikan")
    expect(page.get_by_test_id("return-reason")).to_contain_text(RETURN_REASON)
    page.get_by_role("link", name="Ubah laporan").click()
    expect(page.get_by_role("alert").filter(has_text="Dikembalikan oleh verifikator:")).to_contain_text(RETURN_REASON)
    politik_field = page.locator('textarea[name="politik__narrative"]')
    expect(politik_field).to_have_value(FIRST_POLITIK)
    expect(page.locator('[name="covid19__v__kepatuhan_prokes"]')).to_have_value("85,5")

    # The same form on a phone: nothing wider than the screen.
    phone = sessions.as_user("operator.kotabandung", **PHONE)
    phone.page.goto(page.url)
    expect(phone.page.get_by_test_id("report-form")).to_be_visible()
    overflow = phone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the form is {overflow}px wider than the phone screen"
    screenshot(phone.page, "reports-form-phone", docs_name="reports-form-phone.png")
    assert_no_csp_violation(phone)

    politik_field.fill(SECOND_POLITIK)
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=f"Laporan {week} terkirim.")).to_be_visible()
    expect(status_of(page)).to_have_text("Terkirim")
    expect(page.get_by_test_id("return-reason")).to_have_count(0)
    snapshots = page.get_by_test_id("snapshots").locator("li")
    expect(snapshots).to_have_count(2)
    for item in snapshots.all():
        expect(item).to_contain_text(re.compile(r"Sebagaimana dikirim pada \d\d-\d\d-\d{4} \d\d:\d\d WIB"))
        expect(item).to_contain_text("Operator Kota Bandung")
    expect(page.locator(".report-section").filter(has_text="Politik").first).to_contain_text(SECOND_POLITIK)
    # The first submission stays readable as it was sent.
    page.get_by_role("link", name=re.compile("Sebagaimana dikirim pada")).first.click()
    expect(page.get_by_test_id("snapshot-header")).to_contain_text("Pengiriman ke-1")
    expect(page.locator(".report-section").filter(has_text="Politik").first).to_contain_text(FIRST_POLITIK)
    expect(page.get_by_text(SECOND_POLITIK)).to_have_count(0)
    screenshot(page, "reports-snapshot", docs_name="reports-snapshot.png")
    assert_no_csp_violation(operator)

    # --- 4. The verifikator verifies the corrected report. ----------------------------------
    open_from_queue(vpage, "Kota Bandung", week)
    vpage.get_by_test_id("decision-actions").get_by_role("button", name="Verifikasi").click()
    expect(vpage.get_by_role("alert").filter(has_text="Laporan terverifikasi.")).to_be_visible()
    expect(status_of(vpage)).to_have_text("Terverifikasi")
    expect(vpage.get_by_test_id("report-times")).to_contain_text("Verifikator Jawa Barat")
    # Verified, it has left the queue.
    vpage.goto("/laporan/")
    expect(vpage.get_by_test_id("queue-table").locator("tbody tr").filter(has_text="Kota Bandung")).to_have_count(0)
    assert_no_csp_violation(verifikator)

    # --- 5. The national analyst finds it among the verified reports and accepts it. ---------
    analis = as_desktop(sessions, "analis.nasional")
    apage = analis.page
    apage.goto("/laporan/")
    filters = apage.get_by_test_id("report-filter")
    filters.locator("select[name=periode]").select_option(week)
    filters.locator("select[name=status]").select_option("verified")
    filters.get_by_role("button", name="Saring").click()
    listed = apage.get_by_test_id("report-table").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Terverifikasi")
    listed.get_by_role("link", name="Kota Bandung").click()
    assert apage.url == report_url
    apage.get_by_test_id("decision-actions").get_by_role("button", name="Terima").click()
    expect(apage.get_by_role("alert").filter(has_text="Laporan diterima.")).to_be_visible()
    expect(status_of(apage)).to_have_text("Diterima")
    expect(apage.get_by_test_id("decision-actions")).to_have_count(0)
    expect(apage.get_by_test_id("report-times")).to_contain_text("Analis Nasional")

    # The Riwayat panel tells the whole story, newest first or last, with who and when.
    history = apage.get_by_test_id("history-panel")
    labels = [t.strip() for t in history.locator("li .fw-semibold").all_inner_texts()]
    for label, count in (
        ("Laporan dikirim", 2),
        ("Laporan dikembalikan", 1),
        ("Laporan diverifikasi", 1),
        ("Laporan diterima", 1),
    ):
        assert labels.count(label) == count, labels
    expect(history).to_contain_text("Verifikator Jawa Barat")
    expect(history).to_contain_text("Analis Nasional")
    expect(history).to_contain_text("WIB")
    screenshot(apage, "reports-accepted", docs_name="reports-accepted.png", full_page=True)
    assert_no_csp_violation(analis)

    # The operator can no longer change it, and sees the final status.
    page.goto(report_url)
    expect(status_of(page)).to_have_text("Diterima")
    expect(page.get_by_role("link", name="Ubah laporan")).to_have_count(0)
    assert_no_csp_violation(operator)


class Clicks:
    """Counts the user's clicks (navigation by address is not a click)."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, target: Locator, **options: Any) -> None:
        self.count += 1
        target.click(**options)


def test_a_nil_report_takes_three_clicks_or_fewer_from_the_reports_index(sessions: Sessions, week: str) -> None:
    session = as_desktop(sessions, "operator.kabbandung")
    page = session.page
    clicks = Clicks()
    page.goto("/laporan/")
    row = page.get_by_test_id("own-reports").locator(f'[data-period="{week}"]')
    expect(row).to_contain_text("Belum ada laporan")

    clicks.click(row.get_by_test_id("nil-link"))
    expect(page.locator("h1")).to_have_text("Laporan nihil")
    expect(page.get_by_test_id("nil-form")).to_contain_text("Kirim laporan nihil")
    expect(page.locator("main")).to_contain_text("Kabupaten Bandung")
    screenshot(page, "reports-nil-confirm", docs_name="reports-nil-confirm.png")
    clicks.click(page.get_by_role("button", name="Kirim laporan nihil"))

    expect(page.get_by_role("alert").filter(has_text=f"Laporan nihil {week} terkirim.")).to_be_visible()
    assert clicks.count <= 3, f"a nil report took {clicks.count} clicks"
    expect(status_of(page)).to_have_text("Terkirim")
    expect(page.locator("h1").locator("..")).to_contain_text("Nihil")
    expect(page.get_by_test_id("nil-report")).to_contain_text("Tidak ada kejadian menonjol pada periode ini.")
    expect(page.get_by_test_id("report-times")).to_contain_text("Tepat waktu")
    expect(page.get_by_test_id("snapshots").locator("li")).to_have_count(1)
    expect(page.get_by_test_id("snapshots")).to_contain_text("Nihil")
    expect(page.get_by_test_id("history-panel")).to_contain_text("Laporan nihil dikirim")
    screenshot(page, "reports-nil-sent", docs_name="reports-nil-sent.png")

    # Back on the index, the week reads as sent and nil, and can no longer be written.
    page.goto("/laporan/")
    row = page.get_by_test_id("own-reports").locator(f'[data-period="{week}"]')
    expect(row.get_by_test_id("report-status")).to_have_text("Terkirim")
    expect(row).to_contain_text("Nihil")
    expect(row.get_by_role("link", name="Lihat")).to_be_visible()
    assert_no_csp_violation(session)


# What the completeness and recap test needs when it runs alone (``-k completeness``): the same
# two reports the tests above make through the pages, made through the services instead. When
# the tests above have run, both reports exist and nothing is changed.
SEED_SCRIPT = """
from waspada.accounts.models import User
from waspada.regions.models import Region
from waspada.reports import selectors, services

period = selectors.report_period(__WEEK__)
operator = User.objects.get(username="operator.kotabandung")
kota = Region.objects.get(code="32.73")
if selectors.report_for(operator, kota, period) is None:
    sections = {}
    for s in period.programme.template.parsed.sections:
        values = {i.code: (0 if i.required else None) for i in s.indicators}
        entry = {"narrative": s.title + ": situasi aman dan terkendali minggu ini.", "values": values}
        if s.has_level:
            entry["level"] = "kondusif"
        sections[s.code] = entry
    sections["politik"].update(level="waspada", narrative=__POLITIK__)
    report = services.report_save_draft(
        user=operator, region=kota, period=period, content={"sections": sections}, version=None
    )
    services.report_submit(user=operator, report=report, version=report.version)
nil_operator = User.objects.get(username="operator.kabbandung")
kab = Region.objects.get(code="32.04")
if selectors.report_for(nil_operator, kab, period) is None:
    services.report_submit_nil(user=nil_operator, region=kab, period=period)
print("reports ready")
"""


@pytest.fixture
def week_with_reports(server: Server, week: str) -> str:
    """This week with Kota Bandung's report (Politik at Waspada) sent and Kabupaten Bandung's nil."""
    script = SEED_SCRIPT.replace("__WEEK__", repr(week)).replace("__POLITIK__", repr(SECOND_POLITIK))
    assert "reports ready" in server.manage("shell", "--no-imports", "-c", script)
    return week


def number(text: str) -> int:
    """An integer written the Indonesian way (``1.234``)."""
    return int(text.strip().replace(".", ""))


def totals(page: Page) -> dict[str, str]:
    cells = page.get_by_test_id("totals").locator("[data-total]")
    return {c.get_attribute("data-total") or "": c.inner_text().strip() for c in cells.all()}


def column_of(table: Locator, heading: str) -> int:
    """The 1-based position of a column in a table's header."""
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert heading in headings, headings
    return headings.index(heading) + 1


def show_row(page: Page, row: Locator) -> None:
    """Scroll a table's own scroll box to ``row``, then the page back to its top."""
    row.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    page.evaluate("window.scrollTo(0, 0)")


def wait_for_map(page: Page, server: Server) -> None:
    if server.boundaries is not None:
        expect(page.locator("#peta-kelengkapan")).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=20_000)
    else:
        expect(page.get_by_test_id("map-empty")).to_be_visible()


def test_completeness_and_recap_pages_count_this_weeks_reports_for_the_centre_and_the_province(
    sessions: Sessions, server: Server, week_with_reports: str
) -> None:
    week = week_with_reports
    # --- The national analyst: every province, Jawa Barat with its two reports. ---------------
    analis = as_desktop(sessions, "analis.nasional")
    page = analis.page
    page.goto(f"/laporan/kelengkapan/?periode={week}")
    expect(page.locator("h1")).to_have_text("Kelengkapan dan ketepatan laporan")
    expect(page.get_by_test_id("board").locator("h2")).to_contain_text(f"Papan status minggu {week}")
    shown = totals(page)
    assert number(shown["received"]) == 2, shown
    assert number(shown["on_time"]) == 2, shown
    assert number(shown["late"]) == 0, shown
    assert number(shown["nil"]) == 1, shown
    assert number(shown["missing"]) == number(shown["expected"]) - 2, shown
    board = page.get_by_test_id("board-table")
    jabar = board.locator('tbody tr[data-code="32"]')
    expect(jabar).to_contain_text("Jawa Barat")
    for heading, value in (
        ("Diharapkan", "27"),
        ("Diterima", "2"),
        ("Terlambat", "0"),
        ("Belum", "25"),
        ("Nihil", "1"),
    ):
        expect(jabar.locator(f"td:nth-child({column_of(board, heading)})")).to_have_text(value)
    expect(jabar.locator(f"td:nth-child({column_of(board, 'Kelengkapan')})")).to_have_text("7,4 %")
    # Another province has nothing received.
    expect(
        board.locator('tbody tr[data-code="31"]').locator(f"td:nth-child({column_of(board, 'Diterima')})")
    ).to_have_text("0")
    wait_for_map(page, server)
    show_row(page, jabar)
    screenshot(page, "reports-completeness-national", docs_name="reports-completeness-national.png")
    # Following Jawa Barat's link narrows the board to its kabupaten/kota.
    jabar.get_by_role("link", name="Jawa Barat").click()
    expect(page.get_by_test_id("board").locator("h2")).to_contain_text("Jawa Barat")
    expect(page.get_by_test_id("board-table").locator('tr[data-code="32.73"]')).to_contain_text("Tepat waktu")
    expect(page.get_by_test_id("board-table").locator('tr[data-code="32.04"]')).to_contain_text("Nihil")

    page.goto(f"/laporan/rekap/?periode={week}")
    expect(page.locator("h1")).to_have_text("Rekapitulasi laporan situasi mingguan")
    matrix = page.get_by_test_id("recap-matrix")
    jabar = matrix.locator('tbody tr[data-code="32"]')
    expect(jabar).to_contain_text("Jawa Barat")
    expect(jabar.locator(f"td:nth-child({column_of(matrix, 'Diterima')})")).to_have_text(re.compile(r"^2/\d+$"))
    expect(jabar.locator(f"td:nth-child({column_of(matrix, 'Politik')})")).to_have_text("Waspada")
    expect(jabar.locator(f"td:nth-child({column_of(matrix, 'Ideologi')})")).to_have_text("Kondusif")
    expect(page.get_by_test_id("highlights")).to_contain_text("Tidak ada bagian berstatus Siaga atau Awas")
    show_row(page, jabar)
    screenshot(page, "reports-recap-national", docs_name="reports-recap-national.png")
    # Full-text search across the week's narratives finds Kota Bandung's Politik section.
    filters = page.get_by_test_id("filters")
    filters.locator("#f-q").fill("Gedung Sate")
    filters.get_by_role("button", name="Tampilkan").click()
    results = page.get_by_test_id("search-results")
    expect(results.locator("li")).to_have_count(1)
    expect(results).to_contain_text("Kota Bandung")
    expect(results).to_contain_text("Politik")
    assert_no_csp_violation(analis)

    # --- The verifikator of Jawa Barat: its kabupaten/kota only. -------------------------------
    verifikator = as_desktop(sessions, "verifikator.jabar")
    vpage = verifikator.page
    vpage.goto(f"/laporan/kelengkapan/?periode={week}")
    shown = totals(vpage)
    assert (number(shown["expected"]), number(shown["received"]), number(shown["nil"])) == (27, 2, 1), shown
    assert number(shown["missing"]) == 25, shown
    assert shown["completeness"] == "7,4 %", shown
    board = vpage.get_by_test_id("board-table")
    expect(board.locator("tbody tr")).to_have_count(27)
    expect(board.locator('tr[data-code="32.73"]')).to_contain_text("Tepat waktu")
    expect(board.locator('tr[data-code="32.04"]')).to_contain_text("Nihil")
    missing = vpage.get_by_test_id("missing-table").locator("tbody tr")
    expect(missing).to_have_count(25)
    expect(vpage.get_by_test_id("missing-table").locator('tr[data-code="32.73"]')).to_have_count(0)
    # Nothing from outside the province.
    expect(board.locator('tr[data-code="31"], tr[data-code^="31."]')).to_have_count(0)
    wait_for_map(vpage, server)
    screenshot(vpage, "reports-completeness-jabar", docs_name="reports-completeness-jabar.png")
    # The map and the 52-week table below the board.
    vpage.locator("#judul-peta").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    screenshot(vpage, "reports-completeness-jabar-map", docs_name="reports-completeness-jabar-map.png")

    vpage.goto(f"/laporan/rekap/?periode={week}")
    matrix = vpage.get_by_test_id("recap-matrix")
    kota = matrix.locator('tbody tr[data-code="32.73"]')
    expect(kota.locator(f"td:nth-child({column_of(matrix, 'Politik')})")).to_have_text("Waspada")
    kab = matrix.locator('tbody tr[data-code="32.04"]')
    expect(kab.locator(f"td:nth-child({column_of(matrix, 'Politik')})")).to_have_text("Nihil")
    expect(matrix.locator('tbody tr[data-code^="31"]')).to_have_count(0)
    screenshot(vpage, "reports-recap-jabar", docs_name="reports-recap-jabar.png")
    assert_no_csp_violation(verifikator)
