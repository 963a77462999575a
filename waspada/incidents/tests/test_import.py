"""Incident imports: file reading (CSV, XLSX, HXL), row checks, region resolution, all-or-nothing
writes, re-import updates, the command, and the upload → dry run → confirm pages."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from waspada.core.models import AuditEvent
from waspada.incidents import importing
from waspada.incidents.models import ImportMapping, Incident, IncidentImport, IncidentSource, IncidentWeeklyRollup

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
HEADER = "id,tanggal,kategori,kode,kab,prov,lat,lon,meninggal,luka,judul,sumber"
MAPPING = {
    "external_source": "uji",
    "columns": {
        "id": "external_id",
        "tanggal": "occurred_on",
        "kategori": "category",
        "kode": "region_code",
        "kab": "region_name",
        "prov": "province_name",
        "lat": "latitude",
        "lon": "longitude",
        "meninggal": "killed",
        "luka": "injured",
        "judul": "title",
        "sumber": "source_name",
    },
    "values": {"category": {"Tawuran": "bentrok-antarwarga"}},
    "date_formats": ["%Y-%m-%d", "%d/%m/%Y"],
}


def csv_file(tmp_path, *rows: str, header: str = HEADER, name: str = "uji.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row(
    id="A1",
    tanggal="2020-10-05",
    kategori="Tawuran",
    kode="32.73",
    kab="",
    prov="",
    lat="",
    lon="",
    meninggal="0",
    luka="2",
    judul="Tawuran pelajar",
    sumber="Pikiran Rakyat",
) -> str:
    return ",".join([id, tanggal, kategori, kode, kab, prov, lat, lon, meninggal, luka, judul, sumber])


def dry(tmp_path, *rows: str, mapping=None) -> importing.ImportResult:
    return importing.run(csv_file(tmp_path, *rows), mapping or MAPPING, dry_run=True)


def only_error(result: importing.ImportResult) -> importing.RowError:
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


# --- reading ----------------------------------------------------------------------------------


def test_the_hxl_row_of_an_hdx_file_is_recognised_and_skipped(db):
    mapping = json.loads((EXAMPLES / "incidents-hdx-mapping.json").read_text())
    result = importing.run(EXAMPLES / "incidents-hdx-sample.csv", mapping, dry_run=True)
    assert result.ok, result.as_dict()
    assert (result.rows, result.new) == (3, 3)
    table = importing.read_table(EXAMPLES / "incidents-hdx-sample.csv")
    assert table.tags[1] == "#date"
    assert table.rows[0][0] == 3  # data starts on the file's third row


def test_the_example_file_imports_by_code_2020_code_and_name(db):
    mapping = json.loads((EXAMPLES / "incidents-mapping.json").read_text())
    result = importing.run(EXAMPLES / "incidents-sample.csv", mapping, dry_run=False)
    assert result.ok, result.as_dict()
    regions = dict(Incident.objects.values_list("external_id", "region__code"))
    assert regions == {"C-001": "32.73", "C-002": "32.04", "C-003": "93.01", "C-004": "32.73"}


def test_semicolon_csv_and_xlsx_files_are_read(db, tmp_path):
    from openpyxl import Workbook

    path = csv_file(tmp_path, row().replace(",", ";"), header=HEADER.replace(",", ";"))
    assert importing.run(path, MAPPING, dry_run=True).new == 1
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["X1", date(2020, 10, 5), "Tawuran", "32.73", None, None, None, None, 0, 3.0, "Judul", "Koran"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = tmp_path / "uji.xlsx"
    xlsx.write_bytes(buffer.getvalue())
    result = importing.run(xlsx, MAPPING, dry_run=False)
    assert result.ok, result.as_dict()
    assert Incident.objects.get(external_id="X1").injured == 3


def test_a_file_that_is_not_csv_or_xlsx_or_not_utf8_is_refused(db, tmp_path):
    other = tmp_path / "uji.pdf"
    other.write_bytes(b"%PDF")
    assert "CSV atau XLSX" in importing.run(other, MAPPING).file_errors[0]
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n" + row(judul="Tawuran di Cibiru é")).encode("latin-1"))
    assert "UTF-8" in importing.run(latin, MAPPING).file_errors[0]


def test_a_mapping_naming_a_column_missing_from_the_file_is_refused(db, tmp_path):
    mapping = {**MAPPING, "columns": {**MAPPING["columns"], "desa": "location_detail"}}
    result = dry(tmp_path, row(), mapping=mapping)
    assert result.file_errors == ["Kolom «desa» yang disebut pemetaan tidak ada dalam berkas."]
    assert result.new == 0


# --- all or nothing, re-import ----------------------------------------------------------------


def test_one_bad_row_writes_nothing_and_is_reported_by_its_row_number(db, tmp_path):
    path = csv_file(tmp_path, row("A1"), row("A2", luka="-1"), row("A3"))
    result = importing.run(path, MAPPING, dry_run=False)
    error = only_error(result)
    assert (error.row, error.column) == (3, "luka")
    assert "negatif" in error.message
    assert not result.written
    assert not Incident.objects.exists()


def test_a_dry_run_counts_and_writes_nothing(db, tmp_path):
    result = dry(tmp_path, row("A1"), row("A2"))
    assert (result.rows, result.new, result.updated, result.error_count) == (2, 2, 0, 0)
    assert not Incident.objects.exists()


def test_a_good_file_imported_twice_updates_instead_of_duplicating(db, tmp_path, personas):
    analis = personas["analis.nasional"]
    first = importing.run(csv_file(tmp_path, row("A1"), row("A2", luka="1")), MAPPING, analis, dry_run=False)
    assert (first.new, first.updated) == (2, 0)
    incident = Incident.objects.get(external_id="A2")
    assert incident.created_by == analis
    assert incident.status == Incident.Status.DRAFT
    assert IncidentSource.objects.filter(incident=incident).count() == 1

    again = csv_file(tmp_path, row("A1"), row("A2", luka="7", kode="32.04"), row("A3"), name="lagi.csv")
    second = importing.run(again, MAPPING, analis, dry_run=False)
    assert (second.new, second.updated) == (1, 2)
    assert Incident.objects.count() == 3
    incident.refresh_from_db()
    assert (incident.injured, incident.region.code, incident.kabkota.code, incident.version) == (7, "32.04", "32.04", 2)
    assert IncidentSource.objects.filter(incident=incident).count() == 1


def test_the_rollup_and_one_audit_event_follow_the_import(db, tmp_path, personas):
    path = csv_file(tmp_path, row("A1"), row("A2", meninggal="2"), row("A3", kode="32.04"))
    importing.run(path, MAPPING, personas["analis.nasional"], dry_run=False)
    cell = IncidentWeeklyRollup.objects.get(kabkota__code="32.73", week_start=date(2020, 10, 5))
    assert (cell.incidents, cell.killed, cell.injured, cell.with_casualties) == (2, 2, 4, 2)
    assert IncidentWeeklyRollup.objects.get(kabkota__code="32.04").incidents == 1
    events = AuditEvent.objects.filter(action="incident.imported")
    assert events.count() == 1
    assert events.get().after["new"] == 3


def test_an_import_adds_to_the_rollups_exactly_what_a_full_rebuild_finds(
    db, tmp_path, personas, django_capture_on_commit_callbacks
):
    """New rows and re-imported rows that move to another week, month, region or category: the
    import's cell deltas leave the weekly and monthly rollups as a full rebuild writes them."""
    from waspada.incidents import rollup
    from waspada.incidents.models import IncidentMonthlyRollup
    from waspada.incidents.tests.factories import registered

    with django_capture_on_commit_callbacks(execute=True):
        registered(personas["operator.kotabandung"], occurred_on=date(2020, 9, 1))  # outside the file
        registered(personas["operator.kotabandung"], occurred_on=date(2020, 10, 5), killed=1)  # shares a cell
    first = [
        row(f"A{i}", tanggal=f"2020-{9 + i % 3:02d}-{1 + i % 28:02d}", kode=("32.73", "32.04", "11.01")[i % 3])
        for i in range(60)
    ]
    first.append(row("B1", luka="0", meninggal="4", kategori="sengketa-lahan"))
    importing.run(csv_file(tmp_path, *first), MAPPING, dry_run=False)
    # The second file moves some of them (date, region, category, impacts) and adds others.
    second = [
        row(f"A{i}", tanggal=f"2020-11-{1 + i % 28:02d}", kode=("32.04", "11.01", "32.73")[i % 3], luka="0")
        for i in range(0, 60, 4)
    ]
    second += [row("B1", luka="2", meninggal="0", kategori="bentrok-antarwarga"), row("C1", tanggal="2020-12-31")]
    importing.run(csv_file(tmp_path, *second), MAPPING, dry_run=False)

    def cells(model, period):
        return sorted(
            model.objects.values_list("kabkota_id", "province_id", period, "category_id", *rollup.CELL_FIELDS)
        )

    after_import = cells(IncidentWeeklyRollup, "week_start"), cells(IncidentMonthlyRollup, "month_start")
    assert sum(c[4] for c in after_import[0]) == sum(c[4] for c in after_import[1]) == 2 + 61 + 1
    rollup.rebuild()
    assert (cells(IncidentWeeklyRollup, "week_start"), cells(IncidentMonthlyRollup, "month_start")) == after_import


def test_a_user_who_may_not_import_is_refused(db, tmp_path, personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importing.run(csv_file(tmp_path, row()), MAPPING, personas["operator.kotabandung"], dry_run=False)
    assert not Incident.objects.exists()


# --- regions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kode", "kab", "prov", "expected"),
    [
        ("3273", "", "", "32.73"),
        ("32.73.01", "", "", "32.73.01"),
        ("91.01", "", "", "93.01"),
        ("92.71", "", "", "96.71"),
        ("", "Bandung", "", "32.04"),
        ("", "Kab. Bandung", "", "32.04"),
        ("", "KABUPATEN BANDUNG", "Jawa Barat", "32.04"),
        ("", "Kota Bandung", "", "32.73"),
        ("", "Kota Adm. Jakarta Pusat", "DKI Jakarta", "31.71"),
        ("", "Banjar", "Kalimantan Selatan", "63.03"),
        ("", "Banjar", "Jawa Barat", "32.79"),
        ("", "Merauke", "Papua", "93.01"),
    ],
)
def test_the_region_is_found_by_code_2020_code_or_name(db, tmp_path, kode, kab, prov, expected):
    result = importing.run(csv_file(tmp_path, row(kode=kode, kab=kab, prov=prov)), MAPPING, dry_run=False)
    assert result.ok, result.as_dict()
    assert Incident.objects.get().region.code == expected


@pytest.mark.parametrize(
    ("kode", "kab", "prov", "message"),
    [
        ("", "Banjar", "", "lebih dari satu wilayah"),
        ("", "Bandung", "Jawa Timur", "tidak ada di provinsi"),
        ("", "Gotham", "", "tidak dikenal"),
        ("99.99", "", "", "tidak dikenal"),
        ("32-73", "", "", "tidak sah"),
        ("32", "", "", "kabupaten/kota"),
    ],
)
def test_an_unknown_or_ambiguous_region_is_a_row_error(db, tmp_path, kode, kab, prov, message):
    error = only_error(dry(tmp_path, row(kode=kode, kab=kab, prov=prov)))
    assert error.row == 2
    assert message in error.message


def test_the_region_is_found_by_coordinates(db, tmp_path, kabkota_boundaries):
    # Jatinangor lies in Kabupaten Sumedang.
    path = csv_file(
        tmp_path, row("A1", kode="", lat="-6.93", lon="107.77"), row("A2", kode="", lat="-6.9147", lon="107.6098")
    )
    result = importing.run(path, MAPPING, dry_run=False)
    assert result.ok, result.as_dict()
    found = {i.external_id: (i.region.code, i.point_kabkota.code) for i in Incident.objects.all()}
    assert found == {"A1": ("32.11", "32.11"), "A2": ("32.73", "32.73")}


def test_a_point_contradicting_the_named_region_is_a_row_error(db, tmp_path, kabkota_boundaries):
    error = only_error(dry(tmp_path, row(kode="32.73", lat="-6.93", lon="107.77")))
    assert error.column == "lat"
    assert "Sumedang" in error.message


def test_a_finer_region_inside_the_points_regency_is_kept(db, tmp_path, kabkota_boundaries):
    result = importing.run(
        csv_file(tmp_path, row(kode="32.73.01", lat="-6.9147", lon="107.6098")), MAPPING, dry_run=False
    )
    assert result.ok, result.as_dict()
    assert Incident.objects.get().region.code == "32.73.01"


# --- row errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"tanggal": "2999-01-01"}, "tanggal", "masa depan"),
        ({"tanggal": "5 Oktober 2020"}, "tanggal", "tidak sesuai format"),
        ({"luka": "-3"}, "luka", "negatif"),
        ({"meninggal": "dua"}, "meninggal", "bilangan bulat"),
        ({"meninggal": "1.5"}, "meninggal", "bilangan bulat"),
        ({"lat": "40.7", "lon": "-74.0"}, "lat", "luar wilayah Indonesia"),
        ({"lat": "-6.9"}, "lat", "bersama-sama"),
        ({"lat": "utara", "lon": "107.6"}, "lat", "bukan bilangan"),
        ({"kategori": "Banjir"}, "kategori", "tidak dikenal"),
        ({"kategori": ""}, "kategori", "wajib"),
        ({"kode": ""}, "kode", "tidak diisi"),
    ],
)
def test_a_bad_value_is_a_row_error_naming_its_column(db, tmp_path, values, column, message):
    error = only_error(dry(tmp_path, row("A0"), row(**values)))
    assert (error.row, error.column) == (3, column)
    assert message in error.message


def test_a_duplicate_external_id_within_the_file_is_a_row_error(db, tmp_path):
    error = only_error(dry(tmp_path, row("A1"), row("A2"), row("A1")))
    assert (error.row, error.column) == (4, "id")
    assert "baris 2" in error.message


def test_a_category_code_or_name_is_accepted_without_a_value_map(db, tmp_path):
    result = dry(tmp_path, row("A1", kategori="sengketa-lahan"), row("A2", kategori="Sengketa Lahan"))
    assert result.ok, result.as_dict()


# --- command ------------------------------------------------------------------------------------


def test_the_command_dry_run_writes_nothing_and_prints_counts(db, tmp_path):
    mapping = tmp_path / "pemetaan.json"
    mapping.write_text(json.dumps(MAPPING))
    out = io.StringIO()
    call_command(
        "import_incidents",
        str(csv_file(tmp_path, row("A1"), row("A2"))),
        mapping=str(mapping),
        dry_run=True,
        stdout=out,
    )
    assert "baru: 2" in out.getvalue()
    assert not Incident.objects.exists()
    call_command("import_incidents", str(csv_file(tmp_path, row("A1"))), mapping=str(mapping), stdout=out)
    assert Incident.objects.count() == 1


def test_the_command_fails_with_the_errors_and_writes_nothing(db, tmp_path):
    mapping = tmp_path / "pemetaan.json"
    mapping.write_text(json.dumps(MAPPING))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command(
            "import_incidents",
            str(csv_file(tmp_path, row("A1"), row("A2", luka="-1"))),
            mapping=str(mapping),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Baris 3, kolom «luka»" in err.getvalue()
    assert not Incident.objects.exists()


def test_the_command_refuses_a_bad_mapping_and_a_user_who_may_not_import(db, tmp_path, personas):
    mapping = tmp_path / "pemetaan.json"
    mapping.write_text(json.dumps({"columns": {}}))
    with pytest.raises(CommandError, match="Pemetaan tidak dapat dipakai"):
        call_command("import_incidents", str(csv_file(tmp_path, row())), mapping=str(mapping))
    mapping.write_text(json.dumps(MAPPING))
    with pytest.raises(CommandError, match="tidak berwenang"):
        call_command("import_incidents", str(csv_file(tmp_path, row())), mapping=str(mapping), user="pimpinan")


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def saved_mapping(personas):
    return ImportMapping.objects.create(name="Uji", definition=MAPPING, created_by=personas["analis.nasional"])


def upload(client, content: str, mapping: ImportMapping, name: str = "uji.csv"):
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("incidents:import"), {"file": file, "mapping": mapping.pk})


def test_an_analis_uploads_sees_the_dry_run_and_confirms(
    login_as, saved_mapping, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login_as("analis.nasional")
    assert client.get(reverse("incidents:import")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "\n".join([HEADER, row("A1"), row("A2")]), saved_mapping)
    assert response.status_code == 302
    record = IncidentImport.objects.get()
    assert record.status == IncidentImport.Status.CHECKED
    assert record.result["new"] == 2
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-testid="import-confirm"' in page.content.decode()
    assert not Incident.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("incidents:import_confirm", kwargs={"public_id": record.public_id}))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.progress, record.result["new"]) == (IncidentImport.Status.DONE, 100, 2)
    assert Incident.objects.count() == 2
    status = client.get(reverse("incidents:import_status", kwargs={"public_id": record.public_id}))
    assert 'data-status="done"' in status.content.decode()


def test_an_xlsx_upload_is_checked_from_storage(
    login_as, saved_mapping, django_capture_on_commit_callbacks, settings, tmp_path
):
    from openpyxl import Workbook

    settings.MEDIA_ROOT = tmp_path
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["X1", "2020-10-05", "Tawuran", 3273, None, None, None, None, 0, 1, "Judul", "Koran"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = login_as("analis.nasional")
    file = SimpleUploadedFile("uji.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("incidents:import"), {"file": file, "mapping": saved_mapping.pk})
    record = IncidentImport.objects.get()
    assert (record.status, record.result["new"]) == (IncidentImport.Status.CHECKED, 1), record.result


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(
    login_as, saved_mapping, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login_as("analis.nasional")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "\n".join([HEADER, row("A1"), row("A2", luka="-1")]), saved_mapping)
    record = IncidentImport.objects.get()
    assert record.status == IncidentImport.Status.INVALID
    page = client.get(response["Location"]).content.decode()
    assert "negatif" in page
    assert 'data-testid="import-confirm"' not in page
    response = client.post(reverse("incidents:import_confirm", kwargs={"public_id": record.public_id}))
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_an_upload_without_a_file_or_of_another_type_is_refused(login_as, saved_mapping):
    client = login_as("analis.nasional")
    response = client.post(reverse("incidents:import"), {"mapping": saved_mapping.pk})
    assert response.status_code == 400
    response = upload(client, "x", saved_mapping, name="uji.exe")
    assert response.status_code == 400
    assert "CSV atau XLSX" in response.content.decode()
    assert not IncidentImport.objects.exists()


@pytest.mark.parametrize("username", ["operator.kotabandung", "pimpinan", "verifikator.jabar"])
def test_roles_that_may_not_import_get_403(login_as, saved_mapping, username):
    client = login_as(username)
    assert client.get(reverse("incidents:import")).status_code == 403
    assert upload(client, HEADER, saved_mapping).status_code == 403
    assert client.get(reverse("incidents:import_mapping_create")).status_code == 403
    assert not IncidentImport.objects.exists()


def test_another_users_import_answers_404(login_as, personas, saved_mapping):
    record = IncidentImport.objects.create(
        requested_by=personas["admin"], file="imports/x.csv", original_name="x.csv", mapping=saved_mapping
    )
    client = login_as("analis.nasional")
    for name in ("import_detail", "import_status"):
        assert client.get(reverse(f"incidents:{name}", kwargs={"public_id": record.public_id})).status_code == 404
    assert client.post(reverse("incidents:import_confirm", kwargs={"public_id": record.public_id})).status_code == 404


def test_an_analis_saves_a_mapping_and_a_bad_one_is_refused(login_as):
    client = login_as("analis.nasional")
    url = reverse("incidents:import_mapping_create")
    good = SimpleUploadedFile("m.json", json.dumps(MAPPING).encode(), content_type="application/json")
    response = client.post(url, {"name": "ACLED", "definition": good})
    assert response.status_code == 302
    assert ImportMapping.objects.get(name="ACLED").definition["external_source"] == "uji"
    bad = SimpleUploadedFile("m.json", b'{"columns": {"a": "warna"}}', content_type="application/json")
    response = client.post(url, {"name": "Rusak", "definition": bad})
    assert response.status_code == 400
    assert "«warna»" in response.content.decode()
    broken = SimpleUploadedFile("m.json", b"{", content_type="application/json")
    assert client.post(url, {"name": "Rusak", "definition": broken}).status_code == 400
    assert not ImportMapping.objects.filter(name="Rusak").exists()
    assert "ACLED" in client.get(url).content.decode()
