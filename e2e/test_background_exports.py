"""Background exports of the Pilkada recap, the forum compliance recap and the foreigners list in
the browser: the page's export button posts its filters, the status page shows the finished
export, the file downloads and opens (openpyxl, pypdf), and the foreigners' file is masked. No
CSP violation anywhere (the buttons are plain forms, no script)."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Download, Page, expect

from e2e.conftest import Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
PASSPORT = "TK2468013"
MASKED = "TK2••••13"


def finished_download(page: Page) -> tuple[bytes, str]:
    """On an export's status page: wait until it is done, download it; (content, file name)."""
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", "done", timeout=60_000)
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    download: Download = info.value
    path = download.path()
    assert path is not None
    return Path(path).read_bytes(), download.suggested_filename


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


def test_the_pilkada_recap_and_the_forum_compliance_are_exported_in_the_background(sessions: Sessions) -> None:
    from pypdf import PdfReader

    session = sessions.as_user("operator.kabbandung", **DESKTOP)
    page = session.page
    page.goto("/pilkada/rekap/?pemilihan=pilkada-2020")
    page.get_by_test_id("export-buttons").get_by_role("button", name="XLSX").click()
    expect(page.get_by_test_id("export-filters")).to_contain_text("Pilkada")
    content, name = finished_download(page)
    assert name == "rekap-pelanggaran-pilkada-2020.xlsx"
    assert "Rekapitulasi Pelanggaran Protokol Kesehatan Pilkada" in xlsx_text(content)
    screenshot(page, "pilkada-export-done")

    page.goto("/forum/kepatuhan/?jenis=fkdm")
    page.get_by_test_id("export-buttons").get_by_role("button", name="Ekspor PDF").click()
    content, name = finished_download(page)
    assert name.startswith("kepatuhan-fkdm-kabkota-") and name.endswith(".pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Rekapitulasi Pembentukan FKDM" in text
    assert session.csp_violations() == []


def test_the_foreigners_export_is_built_in_the_background_and_masked(sessions: Sessions) -> None:
    session = sessions.as_user("operator.kotabandung", **DESKTOP)
    page = session.page
    page.goto("/orang-asing/baru/")
    form = page.get_by_test_id("foreigners-form")
    form.get_by_label("Nama lengkap").fill("Kenji Watanabe")
    form.get_by_label("Kewarganegaraan").fill("JPN")
    form.get_by_label("Nomor paspor").fill(PASSPORT)
    form.get_by_label("Tujuan").select_option("penelitian")
    form.get_by_label("Lokasi (kode wilayah)").fill("32.73.01")
    form.get_by_label("Alamat").fill("Jalan Tamansari Nomor 3, Coblong")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("passport")).to_have_text(MASKED)

    page.goto("/orang-asing/?kewarganegaraan=JPN")
    page.get_by_test_id("export-buttons").get_by_role("button", name="XLSX").click()
    content, name = finished_download(page)
    assert name.startswith("orang-asing-") and name.endswith(".xlsx")
    cells = xlsx_text(content)
    assert "Kenji Watanabe" in cells and MASKED in cells
    assert PASSPORT not in cells and "Tamansari Nomor 3" not in cells
    screenshot(page, "foreigners-export-done")
    assert session.csp_violations() == []
