"""Recap exports: XLSX read back with openpyxl, PDF text extracted with pypdf; scope, refusals,
and exports that belong to their requester alone."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from waspada.accounts.services import role_assign, user_create
from waspada.core.exports import document_hash
from waspada.core.models import Export
from waspada.regions.models import Region
from waspada.reports import calendar, recap, services
from waspada.reports.tests.factories import full_content, open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"
EXPORT_URL = reverse("reports:recap_export")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def deadline(code: str):
    region = Region.objects.get(code=code)
    return services.programme_default().deadline_for(calendar.Week.parse(WEEK), region.timezone)


@pytest.fixture
def week_data(personas):
    """Kota Bandung (WIB) at Siaga with numbers, sent 05-10-2020 11:40 WIB and verified;
    Kabupaten Bandung nil and late; Kota Denpasar (WITA) sent 05-10-2020 11:40 WITA."""
    period = open_week(WEEK)
    content = full_content("siaga", "Unjuk rasa di Gedung Sate.", unjuk_rasa=12, kasus_baru=340)
    content["sections"]["covid19"]["values"]["kepatuhan_prokes"] = 87.5
    content["sections"]["sosial_budaya"]["values"]["isu_sara"] = True
    at = deadline("32.73") - timedelta(minutes=20)  # Monday 11:40 local time
    region = Region.objects.get(code="32.73")
    operator = personas["operator.kotabandung"]
    draft = services.report_save_draft(
        user=operator, region=region, period=period, content=content, version=None, now=at
    )
    sent = services.report_submit(user=operator, report=draft, version=draft.version, now=at)
    services.report_verify(
        user=personas["verifikator.jabar"], report=sent, version=sent.version, now=at + timedelta(hours=2)
    )
    submitted_report(
        personas["operator.kabbandung"], "32.04", WEEK, nil=True, at=deadline("32.04") + timedelta(hours=3)
    )
    denpasar = user_create(actor=None, username="op.denpasar", password=None, full_name="Made Denpasar")
    role_assign(actor=None, user=denpasar, role="operator", region=Region.objects.get(code="51.71"))
    submitted_report(denpasar, "51.71", WEEK, at=deadline("51.71") - timedelta(minutes=20))


def request_export(client, django_capture_on_commit_callbacks, **params):
    data = {"periode": WEEK, **params}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORT_URL, data)
    return response


def download(client, export: Export) -> bytes:
    response = client.get(reverse("exports:download", kwargs={"public_id": export.public_id}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def read_xlsx(content: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Kode")
    header = rows[header_at]
    data = {r[0]: dict(zip(header, r, strict=False)) for r in rows[header_at + 1 :] if r[0]}
    return sheet, rows[:header_at], header, data


def pdf_text(content: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_an_xlsx_export_has_one_typed_row_per_expected_region_with_local_times(
    login_as, week_data, django_capture_on_commit_callbacks
):
    client = login_as("analis.nasional")
    response = request_export(client, django_capture_on_commit_callbacks, format="xlsx")
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", kwargs={"public_id": export.public_id})
    assert export.status == Export.Status.DONE and export.progress == 100
    content = download(client, export)
    assert export.content_hash == hashlib.sha256(content).hexdigest()
    sheet, head, _header, rows = read_xlsx(content)
    heading = next(c for c in sheet["A"] if c.value == "Kode")
    assert heading.font.b and heading.alignment.wrap_text and heading.alignment.vertical == "top"
    assert heading.fill.fgColor.rgb.endswith("E9ECEF")
    head_text = " ".join(str(c) for r in head for c in r if c)
    assert settings.WASPADA_AGENCY_NAME in head_text
    assert "Rekapitulasi Laporan Situasi Mingguan" in head_text
    assert "2020-W40 (28-09-2020 – 04-10-2020)" in head_text
    assert "Nasional Analis" in head_text or "analis.nasional" in head_text
    assert " WIB" in head_text  # generated-at with its zone
    expected = (
        recap.recap(export.requested_by, recap.parse_filters(export.requested_by, {"periode": WEEK}))
        .totals[-1][1]
        .expected
    )
    assert len(rows) == expected  # every expected region, the silent ones too
    bandung = rows["32.73"]
    assert bandung["Nama wilayah"] == "Kota Bandung" and bandung["Provinsi"] == "Jawa Barat"
    assert bandung["Zona waktu"] == "WIB"
    assert bandung["Status"] == "Terverifikasi" and bandung["Nihil"] == "Tidak"
    assert bandung["Pertama dikirim"] == "05-10-2020 11:40 WIB"
    assert bandung["Diverifikasi"] == "05-10-2020 13:40 WIB"
    assert bandung["Ketepatan waktu"] == "Tepat waktu"
    assert bandung["Tingkat: Politik"] == "Siaga"
    assert bandung["Politik: Unjuk rasa"] == 12 and isinstance(bandung["Politik: Unjuk rasa"], int)
    assert bandung["Covid-19: Kasus baru minggu ini"] == 340
    assert bandung["Covid-19: Kepatuhan protokol kesehatan (%)"] == 87.5
    assert bandung["Sosial Budaya: Ada isu SARA yang beredar"] == "Ya"
    assert rows["51.71"]["Pertama dikirim"] == "05-10-2020 11:40 WITA"
    nil = rows["32.04"]
    assert (nil["Nihil"], nil["Ketepatan waktu"], nil["Tingkat: Politik"]) == ("Ya", "Terlambat", None)
    assert rows["32.01"]["Status"] == "Belum melapor"
    assert rows["11"]["Nama wilayah"] == "Aceh"
    assert sheet.freeze_panes == f"C{len(head) + 2}"  # below the column titles, codes and names kept


def test_a_province_users_export_holds_only_its_regions(login_as, week_data, django_capture_on_commit_callbacks):
    client = login_as("verifikator.jabar")
    request_export(client, django_capture_on_commit_callbacks, format="xlsx")
    _sheet, _head, _header, rows = read_xlsx(download(client, Export.objects.get()))
    assert set(rows) and all(code == "32" or code.startswith("32.") for code in rows)
    assert len(rows) == 28 and "51.71" not in rows


def test_a_section_filter_keeps_only_that_sections_columns(login_as, week_data, django_capture_on_commit_callbacks):
    client = login_as("analis.nasional")
    request_export(client, django_capture_on_commit_callbacks, format="xlsx", provinsi="32", bagian="politik")
    export = Export.objects.get()
    assert export.filename == "rekap-lapsit-2020-W40-32-politik.xlsx"
    _sheet, head, header, rows = read_xlsx(download(client, export))
    assert [h for h in header if h.startswith("Tingkat:")] == ["Tingkat: Politik"]
    assert "Covid-19: Kasus baru minggu ini" not in header
    assert "Jawa Barat" in " ".join(str(c) for r in head for c in r if c)
    assert len(rows) == 28


def test_a_pdf_export_carries_the_house_style_figures_and_the_data_hash(
    login_as, week_data, django_capture_on_commit_callbacks
):
    client = login_as("analis.nasional")
    request_export(client, django_capture_on_commit_callbacks, format="pdf")
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.message
    content = download(client, export)
    assert content.startswith(b"%PDF")
    assert export.content_hash == hashlib.sha256(content).hexdigest()
    text, pages = pdf_text(content)
    flat = " ".join(text.split())
    assert "Kementerian Dalam Negeri" in flat
    assert "Rekapitulasi Laporan Situasi Mingguan" in flat
    assert "2020-W40 (28-09-2020 – 04-10-2020)" in flat
    assert "WIB" in flat and "analis.nasional" in flat
    assert f"Halaman 1 dari {pages}" in flat and f"Halaman {pages} dari {pages}" in flat
    assert "Jawa Barat" in flat and "Bali" in flat and "Kota Bandung" in flat
    assert "Unjuk rasa di Gedung Sate." in flat  # a highlight's narrative
    data = recap.recap(export.requested_by, recap.parse_filters(export.requested_by, {"periode": WEEK}))
    kabkota = dict(data.totals)["Kabupaten/kota"]
    assert f"Kabupaten/kota {kabkota.expected} 3 2 1 {kabkota.missing} 1" in flat
    data_hash = export.params["data_sha256"]
    assert len(data_hash) == 64 and data_hash != export.content_hash
    assert data_hash in flat.replace(" ", "") or data_hash in text.replace("\n", "")


def test_the_pdf_data_hash_is_the_hash_of_the_printed_data(personas, week_data):
    user = personas["analis.nasional"]
    filters = recap.parse_filters(user, {"periode": WEEK})
    data = recap.recap(user, filters)
    document = recap.recap_document_data(data, "05-10-2020 12:00 WIB", "Analis")
    assert recap.content_hash(document) == recap.content_hash(dict(reversed(list(document.items()))))
    assert recap.content_hash(document) == document_hash(document)  # the house hash, unchanged for issued PDFs
    document["matriks"][0]["sel"][0] = "Awas"
    again = recap.recap_document_data(data, "05-10-2020 12:00 WIB", "Analis")
    assert recap.content_hash(document) != recap.content_hash(again)


def test_a_province_users_pdf_holds_only_its_regions(login_as, week_data, django_capture_on_commit_callbacks):
    client = login_as("verifikator.jabar")
    request_export(client, django_capture_on_commit_callbacks, format="pdf")
    text, _pages = pdf_text(download(client, Export.objects.get()))
    assert "Kota Bandung" in text and "Kabupaten Bandung" in text
    assert "Denpasar" not in text and "Aceh" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"format": "xlsx", "periode": "2020-W99"}, "Periode &#x27;2020-W99&#x27; tidak sah"),
        ({"format": "docx"}, "Format ekspor &#x27;docx&#x27; tidak dikenal"),
        ({"format": "pdf", "bagian": "cuaca"}, "Bagian &#x27;cuaca&#x27; tidak ada"),
    ],
)
def test_a_bad_filter_or_format_is_refused_and_nothing_is_queued(
    login_as, django_capture_on_commit_callbacks, params, message
):
    response = request_export(login_as("analis.nasional"), django_capture_on_commit_callbacks, **params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Export.objects.exists()


def test_an_export_of_another_province_answers_404_and_queues_nothing(login_as, django_capture_on_commit_callbacks):
    response = request_export(login_as("operator.kotabandung"), django_capture_on_commit_callbacks, provinsi="51")
    assert response.status_code == 404
    assert not Export.objects.exists()


def test_pimpinan_may_export_because_exporting_is_reading(login_as, week_data, django_capture_on_commit_callbacks):
    client = login_as("pimpinan")
    request_export(client, django_capture_on_commit_callbacks, format="xlsx")
    export = Export.objects.get()
    assert export.status == Export.Status.DONE
    assert download(client, export)[:2] == b"PK"


def test_another_user_can_neither_see_nor_download_an_export(login_as, week_data, django_capture_on_commit_callbacks):
    request_export(login_as("analis.nasional"), django_capture_on_commit_callbacks, format="xlsx")
    export = Export.objects.get()
    for other in ("pimpinan", "verifikator.jabar", "operator.kotabandung"):
        client = login_as(other)
        for name in ("exports:detail", "exports:status", "exports:download"):
            assert client.get(reverse(name, kwargs={"public_id": export.public_id})).status_code == 404


def test_the_status_page_shows_the_download_link_and_hashes(login_as, week_data, django_capture_on_commit_callbacks):
    client = login_as("analis.nasional")
    response = request_export(client, django_capture_on_commit_callbacks, format="pdf")
    html = client.get(response["Location"]).content.decode()
    export = Export.objects.get()
    assert reverse("exports:download", kwargs={"public_id": export.public_id}) in html
    assert export.content_hash in html and export.params["data_sha256"] in html
    assert "hx-trigger" not in html  # finished: no more polling
    assert "Periode" in html and "2020-W40" in html


def test_a_get_on_the_export_url_goes_back_to_the_recap(login_as):
    response = login_as("analis.nasional").get(EXPORT_URL)
    assert response.status_code == 302 and response["Location"] == reverse("reports:recap")


def test_a_queued_export_is_built_by_the_task_with_the_requesters_scope(personas, week_data):
    from waspada.reports import exports

    user = personas["verifikator.jabar"]
    filters = recap.parse_filters(user, {"periode": WEEK})
    export = exports.recap_export_request(user=user, filters=filters, fmt="xlsx")
    assert Export.objects.get(pk=export.pk).status == Export.Status.QUEUED  # on commit only
    from waspada.reports.tasks import recap_export

    recap_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert export.file.name.startswith("ekspor/") and export.file.name.endswith(".xlsx")
