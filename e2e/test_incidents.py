"""The incident register in the browser (issue 4): an operator of Kota Bandung registers an
incident with a point picked on the map, the national analyst finds it in the recap (table,
drill-down, choropleth and point layer), exports the XLSX and PDF recap and reads them back; the
list and the form on a phone-sized screen.

The incident happened on Wednesday 11 November 2026: its ISO week starts on Monday 9 November,
so the November 2026 recap counts it (a period counts the weeks whose Monday falls inside it).
The e2e database holds no other incident (``seed_demo`` runs without ``--incidents``) except the
September one of the mismatch test, which is outside November and its comparison periods
(October 2026, November 2025), so every November count below is exactly one.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Download, FloatRect, Locator, Page, Response, expect

from e2e.conftest import Server, Session, Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "reduced_motion": "reduce",
}

TITLE = "Bentrok warga di depan Gedung Sate"
OCCURRED_ON = date(2026, 11, 11)
CATEGORY = "Bentrok antarwarga"
SOURCE_NAME = "Pikiran Rakyat"
SOURCE_URL = "https://www.pikiran-rakyat.com/bandung-raya/bentrok-gedung-sate"
NARRATIVE = "Dua kelompok warga saling lempar batu di depan Gedung Sate; dua orang luka ringan."
# Gedung Sate, the governor's office in the middle of Kota Bandung.
TARGET = (-6.902480, 107.618810)
# One screen pixel at the zoom the picker shows a kabupaten/kota is a few dozen metres.
TOLERANCE = 0.0006
MONTH = {"periode": "month", "tanggal": OCCURRED_ON.isoformat()}
MONTH_LABEL = "November 2026 (01-11-2026 – 30-11-2026)"


def assert_no_csp_violation(session: Session) -> None:
    violations = session.csp_violations()
    assert violations == [], violations
    csp_errors = [e for e in session.console.errors if "Content Security Policy" in e]
    assert csp_errors == [], csp_errors


def no_horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 or less: it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def mercator(lat: float) -> float:
    """Web Mercator's y (in radians) of a latitude: Leaflet's default projection."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def picked(page: Page) -> tuple[float, float]:
    """The latitude and longitude the map wrote into the form."""
    lat = page.locator("#id_latitude").input_value()
    lon = page.locator("#id_longitude").input_value()
    assert lat and lon, "the map click did not fill latitude and longitude"
    return float(lat.replace(",", ".")), float(lon.replace(",", "."))


def click_map(page: Page, map_box: Locator, x: float, y: float) -> tuple[float, float]:
    """Click the picker map at (x, y) inside it, like a user; the point it wrote."""
    before = (page.locator("#id_latitude").input_value(), page.locator("#id_longitude").input_value())
    map_box.click(position={"x": x, "y": y})
    expect(page.locator("#id_longitude")).not_to_have_value(before[1] or "-")
    assert (page.locator("#id_latitude").input_value(), page.locator("#id_longitude").input_value()) != before
    return picked(page)


def pick_point(page: Page, lat: float, lon: float) -> tuple[float, float]:
    """Put the incident's point on (lat, lon) by clicking the map.

    The map object lives in the picker's closure, so the pixel of (lat, lon) is found through
    the page itself: two calibration clicks tell which coordinates two pixels stand for; in
    Web Mercator the longitude is linear in x and the Mercator y in the screen's y, so the pixel
    of the target follows. The last click is at that pixel."""
    map_box = page.locator("#peta-titik")
    box = map_box.bounding_box()
    assert box is not None
    w, h = box["width"], box["height"]
    x1, y1 = w * 0.3, h * 0.3
    x2, y2 = w * 0.7, h * 0.7
    lat1, lon1 = click_map(page, map_box, x1, y1)
    lat2, lon2 = click_map(page, map_box, x2, y2)
    assert lon2 > lon1 and lat2 < lat1, "east is right and north is up on the map"
    x = x1 + (lon - lon1) * (x2 - x1) / (lon2 - lon1)
    y = y1 + (mercator(lat) - mercator(lat1)) * (y2 - y1) / (mercator(lat2) - mercator(lat1))
    assert 0 < x < w and 0 < y < h, f"({lat}, {lon}) is not on the map shown ({x:.0f}, {y:.0f})"
    # Clear first, so that the marker of a calibration click is never under the last click.
    page.get_by_role("button", name="Kosongkan titik").click()
    expect(page.locator("#id_latitude")).to_have_value("")
    map_box.click(position={"x": x, "y": y})
    expect(page.locator("#id_latitude")).not_to_have_value("")
    return picked(page)


def wait_for_picker(page: Page) -> None:
    """The picker has drawn the kabupaten/kota and outlined the chosen one (Kota Bandung)."""
    expect(page.locator("#peta-titik path.leaflet-interactive").first).to_be_attached(timeout=20_000)
    expect(page.locator('#peta-titik path.leaflet-interactive[stroke="#c0392b"]')).to_have_count(1)


def test_an_operator_registers_an_incident_with_a_point_picked_on_the_map(sessions: Sessions, server: Server) -> None:
    server.require_map()
    operator = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = operator.page
    page.goto("/peristiwa/")
    expect(page.locator("h1")).to_have_text("Register peristiwa konflik sosial")
    page.get_by_test_id("create-incident").click()
    expect(page.locator("h1")).to_have_text("Catat peristiwa konflik sosial")
    # The operator's only kabupaten/kota is chosen already, and the map is zoomed to it.
    expect(page.locator("#id_kabkota option:checked")).to_have_text("32.73 Kota Bandung")
    wait_for_picker(page)

    form = page.get_by_test_id("incident-form")
    form.get_by_label("Judul").fill(TITLE)
    form.get_by_label("Tanggal kejadian").fill(OCCURRED_ON.isoformat())
    form.get_by_label("Rincian lokasi").fill("Jl. Diponegoro, depan Gedung Sate")
    form.locator("#id_category").select_option(label=CATEGORY)
    form.locator("#id_injured").fill("2")
    form.locator("#id_narrative").fill(NARRATIVE)

    page.locator("#peta-titik").scroll_into_view_if_needed()
    lat, lon = pick_point(page, *TARGET)
    assert abs(lat - TARGET[0]) < TOLERANCE and abs(lon - TARGET[1]) < TOLERANCE, (lat, lon)
    expect(page.locator("#peta-titik .leaflet-marker-icon")).to_have_count(1)
    screenshot(page, "incidents-form-point", docs_name="incidents-form-point.png")
    shown_lat = page.locator("#id_latitude").input_value()
    shown_lon = page.locator("#id_longitude").input_value()

    sources = page.get_by_test_id("sources-formset")
    sources.locator("#id_sumber-0-kind").select_option(label="Media")
    sources.locator("#id_sumber-0-name").fill(SOURCE_NAME)
    sources.locator("#id_sumber-0-url").fill(SOURCE_URL)
    sources.locator("#id_sumber-0-published_on").fill("2026-11-12")
    page.get_by_role("button", name="Simpan peristiwa").click()

    # --- The detail page: saved as a draft, in Kota Bandung, at the picked point. -------------
    expect(page.get_by_role("alert").filter(has_text="Peristiwa tercatat sebagai draf.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/peristiwa/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_test_id("status")).to_contain_text("Draf")
    fields = page.get_by_test_id("fields")
    expect(row_of(fields, "Wilayah")).to_have_text("Kota Bandung (32.73) · Jawa Barat")
    expect(row_of(fields, "Titik")).to_contain_text(f"{shown_lat}, {shown_lon} (Kota Bandung)")
    expect(row_of(fields, "Tanggal kejadian")).to_contain_text("11-11-2026")
    expect(row_of(fields, "Kategori")).to_have_text(CATEGORY)
    expect(page.get_by_test_id("location-warning")).to_have_count(0)
    expect(row_of(page.get_by_test_id("impacts"), "Luka-luka")).to_have_text("2")
    source_row = page.get_by_test_id("sources").locator("tbody tr")
    expect(source_row).to_have_count(1)
    expect(source_row).to_contain_text(SOURCE_NAME)
    expect(source_row).to_contain_text("12-11-2026")
    expect(source_row.get_by_role("link", name=SOURCE_NAME)).to_have_attribute("href", SOURCE_URL)
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    screenshot(page, "incidents-detail", docs_name="incidents-detail.png", full_page=True)
    assert_no_csp_violation(operator)

    # --- The list shows it, newest first. ----------------------------------------------------
    page.get_by_role("button", name="Peristiwa", exact=True).click()  # the menu of the navigation bar
    page.get_by_role("link", name="Daftar peristiwa", exact=True).click()
    listed = page.get_by_test_id("incident-table").locator("tbody tr").filter(has_text=TITLE)
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("11-11-2026")
    expect(listed).to_contain_text("Kota Bandung")
    expect(listed).to_contain_text("Draf")
    screenshot(page, "incidents-list", docs_name="incidents-list.png")
    assert_no_csp_violation(operator)


def row_of(fields: Locator, term: str) -> Locator:
    """The <dd> after the <dt> ``term`` in a definition list."""
    return fields.locator(f'dt:text-is("{term}") + dd')


def wait_until_still(page: Page, target: Locator, moved_from: FloatRect | None) -> None:
    """Wait until ``target`` has moved away from ``moved_from`` and stopped (a zoom has ended)."""
    last = None
    for _attempt in range(100):
        box = target.bounding_box()
        if box is not None and box != moved_from and box == last:
            return
        last = box
        page.wait_for_timeout(100)
    pytest.fail(f"the map did not settle: {last} (was {moved_from})")


# Dayeuhkolot, just south of Kota Bandung's boundary: in Kabupaten Bandung.
OUTSIDE = (-6.985, 107.625)
MISMATCH_TITLE = "Unjuk rasa warga di perbatasan Dayeuhkolot"
MISMATCH_ON = date(2026, 9, 16)  # neither November nor its comparison periods (October, November 2025)


def test_a_point_outside_the_chosen_kabupaten_kota_is_flagged_and_saved_only_when_confirmed(
    sessions: Sessions, server: Server
) -> None:
    server.require_map()
    operator = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = operator.page
    page.goto("/peristiwa/")
    rows = page.get_by_test_id("incident-table").locator("tbody tr").filter(has_text=MISMATCH_TITLE)
    already = rows.count()
    page.goto("/peristiwa/baru/")
    wait_for_picker(page)
    page.locator("#id_title").fill(MISMATCH_TITLE)
    page.locator("#id_occurred_on").fill(MISMATCH_ON.isoformat())
    page.locator("#id_category").select_option(label=CATEGORY)
    page.locator("#id_sumber-0-kind").select_option(label="FKDM")
    page.locator("#id_sumber-0-name").fill("FKDM Kota Bandung")

    # Zoom out once with the map's own button, so that the neighbours are on the map too.
    outline = page.locator('#peta-titik path.leaflet-interactive[stroke="#c0392b"]')
    page.locator("#peta-titik").scroll_into_view_if_needed()
    before = outline.bounding_box()
    page.locator("#peta-titik .leaflet-control-zoom-out").click()
    wait_until_still(page, outline, before)
    lat, lon = pick_point(page, *OUTSIDE)
    assert abs(lat - OUTSIDE[0]) < 2 * TOLERANCE and abs(lon - OUTSIDE[1]) < 2 * TOLERANCE, (lat, lon)
    page.get_by_role("button", name="Simpan peristiwa").click()

    # Refused with the reason; what was typed and picked is still there; nothing was saved.
    warning = page.get_by_test_id("location-mismatch")
    expect(warning).to_contain_text("Titik koordinat berada di Kabupaten Bandung, bukan di Kota Bandung.")
    expect(page.locator("#id_title")).to_have_value(MISMATCH_TITLE)
    expect(page.locator("#id_sumber-0-name")).to_have_value("FKDM Kota Bandung")
    expect(page.locator("#id_latitude")).to_have_value(f"{lat:.6f}")
    confirm = page.get_by_label("Simpan meskipun titik berada di luar kabupaten/kota yang dipilih")
    expect(confirm).not_to_be_checked()
    screenshot(page, "incidents-form-mismatch")
    page.locator("#peta-titik").evaluate("(el) => el.scrollIntoView({block: 'center'})")
    screenshot(page, "incidents-form-mismatch-map")
    assert_no_csp_violation(operator)
    # Nothing was saved (the list, in another tab).
    other = operator.context.new_page()
    other.goto("/peristiwa/")
    listed = other.get_by_test_id("incident-table").locator("tbody tr").filter(has_text=MISMATCH_TITLE)
    expect(listed).to_have_count(already)
    other.close()

    # Confirmed, it is saved with the mismatch shown on the incident and in the list.
    confirm.check()
    page.get_by_role("button", name="Simpan peristiwa").click()
    expect(page.get_by_role("alert").filter(has_text="Peristiwa tercatat sebagai draf.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="di luar kabupaten/kota yang dipilih")).to_be_visible()
    expect(page.get_by_test_id("location-warning")).to_contain_text(
        "Titik koordinat berada di Kabupaten Bandung, sedangkan wilayah yang dipilih di Kota Bandung."
    )
    expect(row_of(page.get_by_test_id("fields"), "Wilayah")).to_have_text("Kota Bandung (32.73) · Jawa Barat")
    expect(row_of(page.get_by_test_id("fields"), "Titik")).to_contain_text("(Kabupaten Bandung)")
    page.goto("/peristiwa/")
    expect(rows).to_have_count(already + 1)
    expect(rows.first).to_contain_text("titik tidak cocok")
    assert_no_csp_violation(operator)


# What the recap and export tests need when they run alone (``-k recap``): the same incident the
# test above registers through the pages, made through the services. When that test has run,
# the incident exists and nothing is changed.
SEED_SCRIPT = """
from datetime import date
from decimal import Decimal
from waspada.accounts.models import User
from waspada.incidents import services
from waspada.incidents.models import Incident, IncidentCode
from waspada.regions.models import Region

incident = Incident.objects.filter(title=__TITLE__, deleted_at__isnull=True).first()
if incident is None:
    incident = services.incident_create(
        actor=User.objects.get(username="operator.kotabandung"),
        data=services.IncidentInput(
            title=__TITLE__,
            occurred_on=date.fromisoformat(__DATE__),
            region=Region.objects.select_related("kabkota", "province").get(code="32.73"),
            category=IncidentCode.objects.get(kind="kategori", name=__CATEGORY__),
            latitude=Decimal(__LAT__),
            longitude=Decimal(__LON__),
            injured=2,
            narrative=__NARRATIVE__,
        ),
        sources=[services.SourceInput(kind="media", name=__SOURCE__, url=__URL__)],
    )
print("incident", incident.public_id)
"""


@dataclass(frozen=True)
class Registered:
    public_id: str

    @property
    def url(self) -> str:
        return f"/peristiwa/{self.public_id}/"


@pytest.fixture
def registered(server: Server) -> Registered:
    """The incident of the first test (made through the services when that test did not run)."""
    values = {
        "__TITLE__": repr(TITLE),
        "__DATE__": repr(OCCURRED_ON.isoformat()),
        "__CATEGORY__": repr(CATEGORY),
        "__LAT__": repr(f"{TARGET[0]:.6f}"),
        "__LON__": repr(f"{TARGET[1]:.6f}"),
        "__NARRATIVE__": repr(NARRATIVE),
        "__SOURCE__": repr(SOURCE_NAME),
        "__URL__": repr(SOURCE_URL),
    }
    script = SEED_SCRIPT
    for key, value in values.items():
        script = script.replace(key, value)
    out = server.manage("shell", "--no-imports", "-c", script)
    match = re.search(r"incident ([0-9a-f-]{36})", out)
    assert match, out
    return Registered(match.group(1))


def total_of(row: Locator) -> Locator:
    """A recap table row's incident count (the 'Jumlah' column)."""
    return row.locator('[data-impact="incidents"]')


def test_the_analyst_finds_the_incident_in_the_recap_table_and_on_the_map(
    sessions: Sessions, server: Server, registered: Registered
) -> None:
    server.require_map()
    analis = sessions.as_user("analis.nasional", **DESKTOP)
    page = analis.page
    fetched: dict[str, Any] = {}

    def remember(response: Response) -> None:
        for name in ("peta.json", "titik.json"):
            if f"/peristiwa/rekap/{name}" in response.url and response.ok:
                fetched[name] = response.json()

    page.on("response", remember)
    page.goto("/peristiwa/rekap/")
    expect(page.locator("h1")).to_have_text("Rekap berkala peristiwa konflik sosial")
    filters = page.get_by_test_id("filters")
    filters.locator("#f-periode").select_option("month")
    filters.locator("#f-tanggal").fill(OCCURRED_ON.isoformat())
    filters.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("heading")).to_contain_text("November 2026 · Nasional")
    expect(page.get_by_test_id("totals").locator('[data-total="incidents"]')).to_have_text("1")
    table = page.get_by_test_id("recap-table")
    jabar = table.locator('tbody tr[data-code="32"]')
    expect(total_of(jabar)).to_have_text("1")
    expect(total_of(table.locator('tbody tr[data-code="31"]'))).to_have_text("0")
    expect(total_of(table.locator('tfoot tr[data-code="total"]'))).to_have_text("1")

    # --- Drill down by clicking: national → Jawa Barat → Kota Bandung. ------------------------
    jabar.get_by_role("link", name="Jawa Barat").click()
    expect(page.get_by_test_id("heading")).to_contain_text("November 2026 · Jawa Barat")
    expect(page.get_by_test_id("crumbs")).to_contain_text("Nasional")
    kota = table.locator('tbody tr[data-code="32.73"]')
    expect(total_of(kota)).to_have_text("1")
    expect(kota.locator(f"td:nth-child({category_column(table, CATEGORY)})")).to_have_text("1")
    expect(total_of(table.locator('tbody tr[data-code="32.04"]'))).to_have_text("0")
    expect(table.locator("tbody tr")).to_have_count(27)
    expect(page.get_by_test_id("top-regions").locator('tr[data-code="32.73"]')).to_contain_text("Kota Bandung")
    # The province's map: its kabupaten/kota, Kota Bandung alone coloured, one point.
    peta = page.locator("#peta-rekap")
    expect(peta).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=20_000)
    expect(peta).to_have_attribute("data-points", "1")
    counts = fetched["peta.json"]
    assert counts["wilayah"] == "32" and counts["counts"].get("32.73") == 1, counts
    assert sum(counts["counts"].values()) == 1, counts
    expect(peta.locator("path.leaflet-interactive")).to_have_count(27 + 1)  # kabupaten/kota and the point
    page.get_by_role("heading", name="Peta peristiwa per kabupaten/kota").evaluate(
        "(el) => el.scrollIntoView({block: 'start'})"
    )
    screenshot(page, "incidents-recap-map", docs_name="incidents-recap-map.png")

    fetched.clear()
    kota.get_by_role("link", name="Kota Bandung").click()
    expect(page.get_by_test_id("heading")).to_contain_text("November 2026 · Kota Bandung")
    expect(page.get_by_test_id("crumbs")).to_contain_text("Jawa Barat")
    expect(total_of(table.locator('tbody tr[data-code="32.73"]'))).to_have_text("1")
    expect(page.get_by_test_id("totals").locator('[data-total="injured"]')).to_have_text("2")

    # --- The map: Kota Bandung coloured with its one incident, and the incident's point. ------
    expect(peta).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=20_000)
    expect(peta).to_have_attribute("data-points", "1")
    expect(peta).to_have_attribute("data-clustered", "false")
    counts = fetched["peta.json"]
    assert counts["wilayah"] == "32.73" and counts["counts"].get("32.73") == 1, counts
    points = fetched["titik.json"]
    assert points["total"] == 1 and not points["clustered"], points
    (feature,) = points["features"]
    assert feature["id"] == registered.public_id, feature
    assert abs(feature["lat"] - TARGET[0]) < TOLERANCE and abs(feature["lon"] - TARGET[1]) < TOLERANCE, feature
    assert feature["url"] == registered.url
    # The drawn choropleth has Kota Bandung in a colour (not the grey of "no incident"), and
    # the point layer one circle; hovering it names the incident's date and region.
    filled = peta.locator("path.leaflet-interactive:not([fill='#eef1f4'])")
    expect(filled).to_have_count(2)  # Kota Bandung's polygon and the incident's circle
    circle = peta.locator("path.leaflet-interactive[fill='#1f5f8b']")
    expect(circle).to_have_count(1)
    circle.hover()
    expect(page.locator(".leaflet-tooltip")).to_have_text(f"11-11-2026 · {CATEGORY} · Kota Bandung")
    screenshot(page, "incidents-recap-kota", full_page=True)
    # The circle leads to the incident.
    circle.click()
    expect(page).to_have_url(re.compile(re.escape(registered.url) + "$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_no_csp_violation(analis)


def category_column(table: Locator, name: str) -> int:
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert name in headings, headings
    return headings.index(name) + 1


def request_export(page: Page, fmt: str) -> tuple[bytes, str]:
    """Ask for the November 2026 recap of Jawa Barat in ``fmt`` on the export form, wait for
    the background task to finish on its status page, download it; (content, data hash shown)."""
    page.goto("/peristiwa/")
    page.get_by_role("link", name="Pilihan ekspor…").click()
    expect(page.locator("h1")).to_have_text("Ekspor peristiwa konflik sosial")
    form = page.get_by_test_id("export-form")
    form.locator("#e-periode").select_option("month")
    form.locator("#e-tanggal").fill(OCCURRED_ON.isoformat())
    form.locator("#e-wilayah").select_option("32")
    form.get_by_role("button", name=f"Ekspor {fmt.upper()}").click()
    status = page.get_by_test_id("export-status")
    expect(status).to_have_attribute("data-status", "done", timeout=60_000)
    expect(page.get_by_test_id("export-filters")).to_contain_text(MONTH_LABEL)
    link = page.get_by_test_id("export-download")
    with page.expect_download() as info:
        link.click()
    download: Download = info.value
    path = download.path()
    assert path is not None
    content = Path(path).read_bytes()
    assert download.suggested_filename == f"rekap-peristiwa-2026-11-01-2026-11-30-32.{fmt}"
    # The stored content hash on the status page is the hash of what was downloaded.
    expect(page.get_by_test_id("export-hash")).to_have_text(hashlib.sha256(content).hexdigest())
    data_hash = ""
    if fmt == "pdf":
        data_hash = status.locator("dd code").nth(1).inner_text().strip()
    return content, data_hash


def sheet_rows(book: Any, name: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def test_the_xlsx_and_pdf_recaps_hold_the_incident(sessions: Sessions, server: Server, registered: Registered) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    analis = sessions.as_user("analis.nasional", **DESKTOP)
    page = analis.page

    # --- XLSX: the list sheet has the incident, the recap sheet its count. --------------------
    content, _ = request_export(page, "xlsx")
    screenshot(page, "incidents-export-done", docs_name="incidents-export-done.png")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:2] == ["Daftar peristiwa", "Wilayah × kategori"], book.sheetnames
    rows = sheet_rows(book, "Daftar peristiwa")
    head = " ".join(str(c) for r in rows[:12] for c in r if c)
    assert "Kementerian Dalam Negeri" in head, head
    assert MONTH_LABEL in head and "Jawa Barat (32)" in head, head
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d WIB", head), head
    header_at = next(i for i, r in enumerate(rows) if r[0] == "ID")
    header = rows[header_at]
    listed = [dict(zip(header, r, strict=False)) for r in rows[header_at + 1 :] if r[0]]
    assert len(listed) == 1, listed
    (item,) = listed
    assert item["ID"] == registered.public_id
    assert item["Judul"] == TITLE
    assert item["Kode kabupaten/kota"] == "32.73"
    assert "Kota Bandung" in {str(v) for v in item.values()}, item

    rows = sheet_rows(book, "Wilayah × kategori")
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Kode")
    header = rows[header_at]
    recap = {r[1]: dict(zip(header, r, strict=False)) for r in rows[header_at + 1 :] if r[1]}
    assert recap["Kota Bandung"]["Jumlah"] == 1 and recap["Kota Bandung"][CATEGORY] == 1, recap["Kota Bandung"]
    assert recap["Kabupaten Bandung"]["Jumlah"] == 0
    assert recap["Jumlah"]["Jumlah"] == 1
    assert_no_csp_violation(analis)

    # --- PDF: house-style header, the count, and the data hash that the status page shows. ----
    content, data_hash = request_export(page, "pdf")
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    pages = len(reader.pages)
    assert "Kementerian Dalam Negeri" in flat
    assert "Rekapitulasi Peristiwa Konflik Sosial" in flat
    assert f"Periode: {MONTH_LABEL}" in flat, flat[:600]
    assert "Wilayah Jawa Barat (32)" in flat and "Semua kategori" in flat, flat[:600]
    assert re.search(r"Dibuat \d\d-\d\d-\d{4} \d\d:\d\d WIB", flat), flat[:600]
    assert "analis.nasional" in flat or "Analis Nasional" in flat
    assert f"Halaman 1 dari {pages}" in flat and f"Halaman {pages} dari {pages}" in flat
    assert len(data_hash) == 64 and data_hash in text.replace("\n", "").replace(" ", "")
    # One incident with two injured: this period against the previous and a year earlier.
    assert "Peristiwa 1 0 +1 — 0 +1 —" in flat, flat
    assert "Luka-luka 2 0 +2 — 0 +2 —" in flat, flat
    assert re.search(r"32\.73 Kota Bandung( 0)* 1( 0)* 1 ", flat), flat
    assert_no_csp_violation(analis)


def test_the_list_and_the_form_fit_a_phone_screen(sessions: Sessions, server: Server, registered: Registered) -> None:
    phone = sessions.as_user("operator.kotabandung", **PHONE)
    page = phone.page
    page.goto("/peristiwa/")
    expect(page.get_by_test_id("incident-table").locator("tbody tr").filter(has_text=TITLE)).to_have_count(1)
    overflow = no_horizontal_overflow(page)
    assert overflow <= 0, f"the list is {overflow}px wider than the phone screen"
    screenshot(page, "incidents-list-phone", docs_name="incidents-list-phone.png")

    page.get_by_test_id("create-incident").click()
    expect(page.get_by_test_id("incident-form")).to_be_visible()
    if server.boundaries is not None:
        wait_for_picker(page)
    overflow = no_horizontal_overflow(page)
    assert overflow <= 0, f"the form is {overflow}px wider than the phone screen"
    # Every field of the form is on the screen's width (none cut off on the right).
    width = page.viewport_size["width"] if page.viewport_size else 390
    for field in page.get_by_test_id("incident-form").locator("input:visible, select:visible, textarea:visible").all():
        box = field.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (
            field.get_attribute("name"),
            box,
        )
    page.locator("#peta-titik, #peta-titik-kosong").first.scroll_into_view_if_needed()
    screenshot(page, "incidents-form-phone", docs_name="incidents-form-phone.png")
    assert_no_csp_violation(phone)
