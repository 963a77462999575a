"""Incident exports built for real and read back: CSV with the csv module, XLSX with openpyxl, PDF
text with pypdf. Figures equal the recap; headers carry agency, period, filters, generated-at
with zone and generator; the PDF writes numbers the Indonesian way; a regional user's export
holds only its region; bad filters are refused and nothing is queued."""

from __future__ import annotations

import csv
import hashlib
import io
import math
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import engines
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waspada.core.exports import document_hash
from waspada.core.models import Export
from waspada.core.tests.export_helpers import back_link
from waspada.incidents import exports, filters, periods, recap, services
from waspada.incidents.models import Incident, IncidentCode
from waspada.incidents.recap import RecapFilters
from waspada.incidents.tests.factories import category, code, registered
from waspada.regions.models import Region
from waspada.reports.recap import user_label

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("incidents:export")
OCTOBER = periods.period_of("month", date(2020, 10, 1))
CLASH = "bentrok-antarwarga"
LAND = "sengketa-lahan"
INJECTION = '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def crafted(personas, django_capture_on_commit_callbacks):
    """October 2020 (every October incident occurs in a week whose Monday is in October):
    32.73 Kota Bandung: 5 Oct clash (killed 1, injured 3, a point, a formula-like title, an actor
                        '@kelompok'), 14 Oct clash in a kecamatan (2 buildings), 20 Oct land (1,500 displaced)
    32.04 Kab. Bandung: 27 Oct clash (1 sexual violence)
    31.71 Jakarta Pusat: 10 Oct clash (injured 1)
    Elsewhere: 15 Sep 2020 land in 31.71 (previous period), 15 Oct 2019 clash in 32.73 (killed 2,
    a year earlier), 10 Nov 2020 clash in 32.73; a deleted and a merged incident in 32.73 (6 Oct)."""
    analis = personas["analis.nasional"]
    with django_capture_on_commit_callbacks(execute=True):
        first = registered(
            analis,
            "32.73",
            title=INJECTION,
            occurred_on=date(2020, 10, 5),
            category_slug=CLASH,
            killed=1,
            injured=3,
            latitude=Decimal("-6.914700"),
            longitude=Decimal("107.609800"),
            narrative="+62 warga berkumpul; lalu bentrok.",
        )
        services.actor_add(
            actor=analis,
            incident=first,
            data=services.ActorInput(name="@kelompok", actor_type=code(IncidentCode.Kind.ACTOR_TYPE, "warga")),
        )
        registered(analis, "32.73.01", occurred_on=date(2020, 10, 14), category_slug=CLASH, buildings_damaged=2)
        registered(analis, "32.73", occurred_on=date(2020, 10, 20), category_slug=LAND, displaced=1500)
        registered(analis, "32.04", occurred_on=date(2020, 10, 27), category_slug=CLASH, sexual_violence=1)
        registered(analis, "31.71", occurred_on=date(2020, 10, 10), category_slug=CLASH, injured=1)
        registered(analis, "31.71", occurred_on=date(2020, 9, 15), category_slug=LAND)
        registered(analis, "32.73", occurred_on=date(2019, 10, 15), category_slug=CLASH, killed=2)
        registered(analis, "32.73", occurred_on=date(2020, 11, 10), category_slug=CLASH, title="Bentrok November")
        gone = registered(analis, "32.73", occurred_on=date(2020, 10, 6), category_slug=CLASH, killed=5)
        services.incident_delete(actor=analis, incident=gone, reason="Salah input")
        twin = registered(analis, "32.73", occurred_on=date(2020, 10, 6), category_slug=CLASH, injured=7)
        services.incident_merge(actor=analis, survivor=first, duplicate=twin)
    return {"first": first, "clash": category(CLASH).pk, "land": category(LAND).pk}


def request_export(client, capture, **params):
    with capture(execute=True):
        return client.post(EXPORT_URL, params)


def download(client, export: Export) -> bytes:
    response = client.get(reverse("exports:download", kwargs={"public_id": export.public_id}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def finished(client) -> tuple[Export, bytes]:
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.message
    content = download(client, export)
    assert export.content_hash == hashlib.sha256(content).hexdigest()
    return export, content


def read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for spreadsheet programs
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def read_sheet(book, name: str, first: str = "Kode"):
    rows = [list(r) for r in book[name].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r and r[0] == first)
    head = " ".join(str(c) for r in rows[:at] for c in r if c)
    header = rows[at]
    return head, header, [dict(zip(header, r, strict=False)) for r in rows[at + 1 :]]


def pdf_text(content: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


# --- CSV ----------------------------------------------------------------------------------------------


def test_a_csv_export_lists_the_counted_incidents_in_scope_and_is_safe_for_spreadsheets(
    login_as, crafted, django_capture_on_commit_callbacks
):
    client = login_as("operator.kotabandung")
    response = request_export(
        client, django_capture_on_commit_callbacks, format="csv", dari="2020-10-01", sampai="2020-10-31"
    )
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", kwargs={"public_id": export.public_id})
    export, content = finished(client)
    assert export.kind == exports.KIND and export.progress == 100
    assert export.filename == "peristiwa-dari-2020-10-01-sampai-2020-10-31.csv"
    assert export.params["rows"] == 3
    href, label = back_link(client, export)  # the status page goes back to the export page with its filters
    assert href.startswith(reverse("incidents:export") + "?") and "dari=2020-10-01" in href
    assert label == "Kembali ke ekspor peristiwa"
    header, rows = read_csv(content)
    assert header[:3] == ["ID", "Judul", "Tanggal kejadian"] and "Uraian" in header
    # Only Kota Bandung (the operator's scope), neither the deleted nor the merged incident.
    assert [r["Tanggal kejadian"] for r in rows] == ["2020-10-05", "2020-10-14", "2020-10-20"]
    assert {r["Kode kabupaten/kota"] for r in rows} == {"32.73"}
    first = rows[0]
    assert first["ID"] == str(crafted["first"].public_id)
    assert first["Judul"] == "'" + INJECTION  # a formula is neutralised
    assert first["Uraian"] == "'+62 warga berkumpul; lalu bentrok."
    assert first["Aktor"] == "'@kelompok (Warga)"
    assert first["Lintang"] == "-6.914700" and first["Bujur"] == "107.609800"  # numbers stay numbers
    assert (first["Meninggal"], first["Luka-luka"]) == ("1", "3")
    assert first["Minggu ISO"] == "2020-W41" and first["Status"] == "Draf"
    assert first["Sumber"].startswith("Pikiran Rakyat (Media")
    assert first["Diperbarui"].endswith(" WIB")
    assert rows[1]["Kode wilayah"] == "32.73.01" and rows[1]["Bangunan rusak"] == "2"
    assert rows[2]["Mengungsi"] == "1500" and rows[2]["Kategori"] == "Sengketa lahan"


def test_csv_filters_narrow_the_list(login_as, crafted, django_capture_on_commit_callbacks):
    client = login_as("analis.nasional")
    request_export(
        client,
        django_capture_on_commit_callbacks,
        format="csv",
        wilayah="32",
        kategori=CLASH,
        korban="ya",
    )
    _export, content = finished(client)
    _header, rows = read_csv(content)
    # Jawa Barat clashes with casualties: 5 Oct (Kota Bandung), 27 Oct (Kab. Bandung), 15 Oct 2019.
    assert sorted(r["Tanggal kejadian"] for r in rows) == ["2019-10-15", "2020-10-05", "2020-10-27"]


def test_an_operators_export_of_another_regency_answers_404_and_queues_nothing(
    login_as, crafted, django_capture_on_commit_callbacks
):
    client = login_as("operator.kotabandung")
    for fmt in ("csv", "xlsx", "pdf"):
        response = request_export(client, django_capture_on_commit_callbacks, format=fmt, wilayah="32.04")
        assert response.status_code == 404
    assert not Export.objects.exists()


def test_the_csv_is_read_in_chunks_with_a_constant_number_of_queries_per_chunk(personas, crafted, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    user = personas["analis.nasional"]
    expected = Incident.objects.alive().count()
    out = io.BytesIO()
    with CaptureQueriesContext(connection) as queries:
        written = exports.build_incident_csv(user, filters.IncidentFilters(), out)
    assert written == expected == 8
    # The list itself, then actors and sources once per chunk of two: never a query per incident.
    assert len(queries) == 1 + 2 * math.ceil(expected / 2)
    _header, rows = read_csv(out.getvalue())
    assert len(rows) == expected
    by_id = {r["ID"]: r for r in rows}
    assert by_id[str(crafted["first"].public_id)]["Aktor"] == "'@kelompok (Warga)"
    assert all(r["Sumber"].startswith("Pikiran Rakyat") for r in rows)


# --- XLSX -----------------------------------------------------------------------------------------------


def test_an_xlsx_export_holds_the_list_and_recap_sheets_equal_to_the_recap(
    login_as, personas, crafted, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    client = login_as("analis.nasional")
    request_export(client, django_capture_on_commit_callbacks, format="xlsx", periode="month", tanggal="2020-10-01")
    export, content = finished(client)
    assert export.filename == "rekap-peristiwa-2020-10-01-2020-10-31-nasional.xlsx"
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [
        "Daftar peristiwa",
        "Wilayah × kategori",
        "Dampak",
        "Perbandingan",
        "Tren",
        "Wilayah teratas",
    ]

    head, header, listed = read_sheet(book, "Daftar peristiwa", first="ID")
    heading = next(c for c in book["Daftar peristiwa"]["A"] if c.value == "ID")
    assert heading.font.b and heading.alignment.wrap_text and heading.alignment.vertical == "top"
    assert heading.fill.fgColor.rgb.endswith("E9ECEF")
    assert settings.WASPADA_AGENCY_NAME in head and "Daftar Peristiwa Konflik Sosial" in head
    assert "Oktober 2020 (01-10-2020 – 31-10-2020)" in head and "Nasional" in head
    assert " WIB" in head and "analis.nasional" in head
    assert len(listed) == 5 and export.params["rows"] == 5
    assert listed[0]["Tanggal kejadian"] == datetime(2020, 10, 5)
    assert listed[0]["Judul"] == INJECTION  # a text cell, never a formula
    assert listed[0]["Meninggal"] == 1 and isinstance(listed[0]["Meninggal"], int)
    assert listed[0]["Lintang"] == pytest.approx(-6.9147)

    result = recap.recap(personas["analis.nasional"], RecapFilters(OCTOBER))
    names = [c.name for c in result.categories]
    head, header, rows = read_sheet(book, "Wilayah × kategori")
    assert "Rekapitulasi Peristiwa Konflik Sosial" in head and "hari Seninnya" in head
    assert header == ["Kode", "Provinsi", *names, "Jumlah"]
    by_code = {r["Kode"]: r for r in rows if r["Kode"]}
    assert len(by_code) == len(result.rows) == 34
    for row in result.rows:
        assert [by_code[row.region.code][c.name] for c in result.categories] == [
            row.by_category.get(c.pk, 0) for c in result.categories
        ]
        assert by_code[row.region.code]["Jumlah"] == row.totals["incidents"]
    total = next(r for r in rows if r["Provinsi"] == "Jumlah")
    assert total["Jumlah"] == result.totals["incidents"] == 5
    assert total["Bentrok antarwarga"] == 4 and total["Sengketa lahan"] == 1

    _head, header, rows = read_sheet(book, "Dampak")
    total = next(r for r in rows if r["Provinsi"] == "Jumlah")
    assert [total[h] for h in header[2:]] == [result.totals[k] for k in recap.IMPACTS]
    assert [total[h] for h in header[2:]] == [5, 3, 1, 4, 1, 2, 1500]
    jabar = next(r for r in rows if r["Kode"] == "32")
    assert jabar["Mengungsi"] == 1500 and jabar["Peristiwa"] == 4

    head, _header, rows = read_sheet(book, "Perbandingan", first="Ukuran")
    assert "September 2020" in head and "Oktober 2019" in head
    incidents = rows[0]
    assert incidents["Ukuran"] == "Peristiwa"
    assert incidents["Periode ini"] == 5 and incidents["Periode sebelumnya"] == result.previous_totals["incidents"] == 1
    assert incidents["Perubahan"] == pytest.approx(4.0)  # +400 %
    assert incidents["Setahun sebelumnya"] == result.year_earlier_totals["incidents"] == 1
    killed = next(r for r in rows if r["Ukuran"] == "Meninggal")
    assert killed["Setahun sebelumnya"] == 2 and killed["Perubahan"] == pytest.approx(-0.5)

    _head, _header, rows = read_sheet(book, "Tren", first="Mulai")
    assert [(r["Mulai"].date(), r["Peristiwa"]) for r in rows] == result.trend

    _head, _header, rows = read_sheet(book, "Wilayah teratas", first="Peringkat")
    assert [(r["Kode"], r["Peristiwa"]) for r in rows] == [
        (row.region.code, row.totals["incidents"]) for row in result.top_regions
    ]
    assert rows[0]["Kode"] == "32.73" and rows[0]["Mengungsi"] == 1500


def test_an_operators_xlsx_holds_only_its_regency(login_as, personas, crafted, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    client = login_as("operator.kotabandung")
    request_export(client, django_capture_on_commit_callbacks, format="xlsx", periode="month", tanggal="2020-10-01")
    export, content = finished(client)
    assert export.filename.endswith("-32.73.xlsx")
    book = load_workbook(io.BytesIO(content))
    head, _header, listed = read_sheet(book, "Daftar peristiwa", first="ID")
    assert "Kota Bandung (32.73)" in head
    assert {r["Kode kabupaten/kota"] for r in listed} == {"32.73"} and len(listed) == 3
    _head, _header, rows = read_sheet(book, "Wilayah × kategori")
    assert [r["Kode"] for r in rows if r["Kode"]] == ["32.73"]
    result = recap.recap(personas["operator.kotabandung"], RecapFilters(OCTOBER, Region.objects.get(code="32.73")))
    total = next(r for r in rows if r["Kabupaten/kota"] == "Jumlah")
    assert total["Jumlah"] == result.totals["incidents"] == 3
    every = " ".join(str(c) for sheet in book for r in sheet.iter_rows(values_only=True) for c in r if c)
    assert "32.04" not in every and "Jakarta" not in every


# --- PDF ------------------------------------------------------------------------------------------------


def test_a_pdf_recap_carries_the_house_style_header_the_figures_and_the_data_hash(
    login_as, personas, crafted, django_capture_on_commit_callbacks
):
    client = login_as("analis.nasional")
    request_export(client, django_capture_on_commit_callbacks, format="pdf", periode="month", tanggal="2020-10-01")
    export, content = finished(client)
    assert content.startswith(b"%PDF")
    assert export.filename == "rekap-peristiwa-2020-10-01-2020-10-31-nasional.pdf"
    text, pages = pdf_text(content)
    flat = " ".join(text.split())
    assert settings.WASPADA_AGENCY_NAME in flat
    assert "Rekapitulasi Peristiwa Konflik Sosial" in flat
    assert "Oktober 2020 (01-10-2020 – 31-10-2020)" in flat
    # The period has its own line under the title, not a second row in the filter table.
    assert "Periode: Oktober 2020" in flat and "Periode Oktober 2020" not in flat
    assert "Wilayah Nasional" in flat and "Semua kategori" in flat
    assert "WIB" in flat and "analis.nasional" in flat
    assert f"Halaman 1 dari {pages}" in flat and f"Halaman {pages} dari {pages}" in flat
    assert "Daerah Khusus Ibukota Jakarta" in flat and "Kota Bandung" in flat
    # Indonesian number format: 1.500 displaced, +400,0 % against September.
    assert "Mengungsi 1.500 0 +1.500 — 0 +1.500 —" in flat
    assert "Peristiwa 5 1 +4 +400,0 % 1 +4 +400,0 %" in flat
    assert "Meninggal 1 0 +1 — 2 -1 -50,0 %" in flat
    result = recap.recap(personas["analis.nasional"], RecapFilters(OCTOBER))
    jabar = next(row for row in result.rows if row.region.code == "32")
    by_category = " ".join(str(jabar.by_category.get(c.pk, 0)) for c in result.categories)
    assert by_category == "3 0 0 0 0 0 1 0"
    assert f"32 Jawa Barat {by_category} 4" in flat  # region × category
    assert "32 Jawa Barat 4 2 1 3 1 2 1.500" in flat  # impacts
    assert "Jumlah 5 3 1 4 1 2 1.500" in flat
    assert "2020-W41 (5 Okt 2020) 2" in flat  # the trend table beside the chart
    data_hash = export.params["data_sha256"]
    assert len(data_hash) == 64 and data_hash != export.content_hash
    assert data_hash in flat.replace(" ", "") or data_hash in text.replace("\n", "")


def test_the_pdf_data_hash_is_the_hash_of_the_printed_data(personas, crafted):
    user = personas["analis.nasional"]
    result = recap.recap(user, RecapFilters(OCTOBER))
    described = exports.recap_described(RecapFilters(OCTOBER))
    document = exports.recap_document_data(result, described, "05-11-2020 12:00 WIB", "Analis")
    assert document_hash(document) == document_hash(dict(reversed(list(document.items()))))
    assert document["jumlah"] == [5, 3, 1, 4, 1, 2, 1500]
    document["jumlah"][0] = 6
    again = exports.recap_document_data(result, described, "05-11-2020 12:00 WIB", "Analis")
    assert document_hash(document) != document_hash(again)


def test_the_pdf_footer_prints_the_house_document_hash_of_its_data(personas, crafted):
    user = personas["analis.nasional"]
    now = datetime(2020, 11, 5, 5, 0, tzinfo=UTC)
    out = io.BytesIO()
    data_hash = exports.build_recap_pdf(user, RecapFilters(OCTOBER), out, now=now)
    result = recap.recap(user, RecapFilters(OCTOBER))
    described = exports.recap_described(RecapFilters(OCTOBER))
    document = exports.recap_document_data(result, described, "05-11-2020 12:00 WIB", user_label(user))
    assert data_hash == document_hash(document)
    text, _pages = pdf_text(out.getvalue())
    assert data_hash in text.replace("\n", "").replace(" ", "")


def test_an_operators_pdf_holds_only_its_regency(login_as, crafted, django_capture_on_commit_callbacks):
    client = login_as("operator.kotabandung")
    request_export(client, django_capture_on_commit_callbacks, format="pdf", periode="month", tanggal="2020-10-01")
    _export, content = finished(client)
    text, _pages = pdf_text(content)
    flat = " ".join(text.split())
    assert "Kota Bandung" in flat and "Wilayah Kota Bandung (32.73)" in flat
    assert "Kabupaten Bandung" not in flat and "Jakarta" not in flat
    assert "Mengungsi 1.500" in flat


def test_the_plain_builders_can_be_called_without_an_export(personas, crafted):
    user = personas["verifikator.jabar"]
    jabar = Region.objects.get(code="32")
    out = io.BytesIO()
    assert exports.build_incident_csv(user, filters.IncidentFilters(region=jabar), out) == 6
    chosen = exports.ExportFilters(
        filters.IncidentFilters(start=OCTOBER.start, end=OCTOBER.end, region=jabar), RecapFilters(OCTOBER, jabar)
    )
    assert exports.build_incident_xlsx(user, chosen, io.BytesIO()) == 4
    pdf = io.BytesIO()
    assert len(exports.build_recap_pdf(user, RecapFilters(OCTOBER, jabar), pdf)) == 64
    assert pdf.getvalue().startswith(b"%PDF")


# --- refusals, roles, the task ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"format": "docx"}, "Format ekspor &#x27;docx&#x27; tidak dikenal"),
        ({"format": "csv", "dari": "2020-13-01"}, "Tanggal awal &#x27;2020-13-01&#x27; tidak sah"),
        ({"format": "csv", "dari": "2020-10-31", "sampai": "2020-10-01"}, "Tanggal akhir tidak boleh sebelum"),
        ({"format": "csv", "status": "hilang"}, "Status &#x27;hilang&#x27; tidak dikenal"),
        ({"format": "csv", "korban": "mungkin"}, "Nilai korban &#x27;mungkin&#x27; tidak sah"),
        ({"format": "csv", "kategori": "cuaca"}, "Kategori &#x27;cuaca&#x27; tidak dikenal"),
        ({"format": "csv", "wilayah": "Bandung"}, "Kode wilayah &#x27;Bandung&#x27; tidak sah"),
        ({"format": "csv", "wilayah": "99.99"}, "Wilayah dengan kode 99.99 tidak dikenal"),
        ({"format": "xlsx", "periode": "abad"}, "Jenis periode &#x27;abad&#x27; tidak dikenal"),
        ({"format": "pdf", "periode": "year", "tanggal": "2999-01-01"}, "belum dimulai"),
        ({"format": "pdf", "dari": "2020-10-01"}, "Untuk rekap, isi tanggal awal dan tanggal akhir"),
        ({"format": "pdf", "wilayah": "32.73.01"}, "untuk kecamatan atau desa gunakan CSV"),
    ],
)
def test_a_bad_filter_or_format_is_refused_in_indonesian_and_nothing_is_queued(
    login_as, django_capture_on_commit_callbacks, params, message
):
    response = request_export(login_as("analis.nasional"), django_capture_on_commit_callbacks, **params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Export.objects.exists()


def test_fkdm_may_not_export_and_pimpinan_may(login_as, crafted, django_capture_on_commit_callbacks):
    assert login_as("fkdm.kotabandung").get(EXPORT_URL).status_code == 403
    response = request_export(login_as("fkdm.kotabandung"), django_capture_on_commit_callbacks, format="csv")
    assert response.status_code == 403
    assert not Export.objects.exists()
    client = login_as("pimpinan")
    request_export(client, django_capture_on_commit_callbacks, format="csv")
    _export, content = finished(client)
    assert len(read_csv(content)[1]) == 8


def test_the_export_form_is_filled_from_the_query(login_as):
    response = login_as("operator.kotabandung").get(EXPORT_URL + "?periode=month&tanggal=2020-10-01&wilayah=32.73.01")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2020-10-01"' in html and '<option value="32.73.01" selected>' in html
    assert '<option value="32.73" >' not in html and "32.73 Kota Bandung" in html
    assert "Kabupaten Bandung" not in html  # only regions in the operator's scope
    assert 'name="format" value="pdf"' in html


def test_the_export_buttons_post_the_pages_current_filters():
    request = RequestFactory().get("/peristiwa/?dari=2020-10-01&kategori=a&kategori=b&page=3")
    request.user = AnonymousUser()
    html = engines["django"].get_template("incidents/_export_buttons.html").render({}, request)
    assert EXPORT_URL in html
    assert '<input type="hidden" name="dari" value="2020-10-01">' in html
    assert html.count('name="kategori"') == 2 and 'name="page"' not in html


def test_a_queued_export_is_built_by_the_task_and_refuses_a_region_no_longer_in_scope(personas, crafted):
    from waspada.incidents.tasks import incident_export

    user = personas["operator.kotabandung"]
    chosen = exports.parse_export(user, {"wilayah": "32.73"}, "csv")
    export = exports.incident_export_request(user=user, filters=chosen, fmt="csv")
    assert Export.objects.get(pk=export.pk).status == Export.Status.QUEUED  # on commit only
    incident_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE and export.file.name.endswith(".csv")

    other = exports.incident_export_request(user=user, filters=chosen, fmt="csv")
    Export.objects.filter(pk=other.pk).update(params={**other.params, "filters": {"wilayah": "32.04"}})
    incident_export.call(other.pk)
    other.refresh_from_db()
    assert other.status == Export.Status.FAILED
    assert other.message == "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda."


def test_list_filters_read_back_what_they_write(personas):
    user = personas["analis.nasional"]
    parsed = filters.parse(
        user,
        {
            "dari": "2020-10-01",
            "sampai": "2020-10-31",
            "wilayah": "32.73",
            "kategori": [LAND, CLASH],
            "status": ["verified", "draft"],
            "korban": "tidak",
            "q": "  pasar   baru ",
        },
    )
    assert parsed.statuses == ("draft", "verified") and parsed.casualties is False and parsed.query == "pasar baru"
    assert [c.code for c in parsed.categories] == [CLASH, LAND]
    assert filters.parse(user, parsed.as_params()) == parsed
    assert ("Korban", "Tanpa korban") in parsed.described()
