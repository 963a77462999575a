"""Imports of contests and paslon: all or nothing, Indonesian row errors, dry run, CSV and XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from waspada.core.models import AuditEvent
from waspada.elections.imports import ImportFileError, import_candidates, import_contests
from waspada.elections.models import CandidatePair, Contest

pytestmark = pytest.mark.django_db


def write_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, name: str, rows: Sequence[Sequence[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def contests_2020() -> int:
    return Contest.objects.filter(election__code="pilkada-2020").count()


def test_contests_import_creates_new_ones_and_skips_existing(tmp_path: Path, personas: dict) -> None:
    path = write_csv(
        tmp_path,
        "c.csv",
        "Pemilihan;Kode Wilayah;Jenis\npilkada-2020;32.73;\npilkada-2020;3201;pilbup\npilkada-2020;32.04;\n",
    )
    result = import_contests(path, actor=personas["admin"])
    assert result.ok and (result.created, result.skipped) == (2, 1)
    assert Contest.objects.get(election__code="pilkada-2020", region__code="32.73").kind == "pilwali"
    assert AuditEvent.objects.filter(action="contests.imported", after__file="c.csv").exists()


def test_a_bad_contest_row_writes_nothing_and_names_the_row(tmp_path: Path) -> None:
    before = contests_2020()
    path = write_csv(
        tmp_path,
        "c.csv",
        "pemilihan,kode_wilayah,jenis\npilkada-2020,32.01,\npilkada-2020,32.73,pilbup\npilkada-1999,32.79,\n",
    )
    result = import_contests(path)
    messages = [str(e) for e in result.errors]
    assert len(messages) == 2
    assert messages[0].startswith("Baris 3:") and "pemilihan wali kota" in messages[0]
    assert messages[1].startswith("Baris 4:") and "tidak dikenal" in messages[1]
    assert contests_2020() == before


def test_the_dry_run_checks_without_writing(tmp_path: Path) -> None:
    before = contests_2020()
    path = write_csv(tmp_path, "c.csv", "pemilihan,kode_wilayah\npilkada-2020,32.01\n")
    result = import_contests(path, dry_run=True)
    assert result.ok and result.created == 0 and contests_2020() == before


def test_a_file_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="kode_wilayah"):
        import_contests(write_csv(tmp_path, "c.csv", "pemilihan,nama\npilkada-2020,Bandung\n"))
    with pytest.raises(ImportFileError, match="tidak didukung"):
        import_contests(write_csv(tmp_path, "c.txt", "x"))


def test_a_read_only_user_may_not_import(tmp_path: Path, personas: dict) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_contests(
            write_csv(tmp_path, "c.csv", "pemilihan,kode_wilayah\npilkada-2020,32.01\n"), actor=personas["pimpinan"]
        )


HEADER = [
    "pemilihan",
    "kode_wilayah",
    "nomor_urut",
    "nama_calon",
    "nama_wakil",
    "jalur",
    "partai",
    "petahana",
    "status",
    "tanggal_status",
]


def test_candidates_import_from_xlsx_with_status_history(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        "p.xlsx",
        [
            HEADER,
            [
                "pilkada-2020",
                "32.04",
                1,
                "Dadang Supriatna",
                "Sahrul Gunawan",
                "partai",
                "PKB; Nasdem",
                "tidak",
                "ditetapkan",
                "23-09-2020",
            ],
            ["pilkada-2020", "3204", 2, "Kurnia Agustina", "Usman Sayogi", "partai", "PDI-P, Gerindra", "ya", "", ""],
            ["pilkada-2020", "32.04", 3, "Yena Iskandar", "Atep Rizal", "perseorangan", "", "tidak", "", ""],
        ],
    )
    result = import_candidates(path)
    assert result.ok and result.created == 3
    pairs = {p.ballot_number: p for p in CandidatePair.objects.filter(contest__region__code="32.04")}
    assert pairs[1].parties == ["PKB", "Nasdem"] and pairs[1].status == "ditetapkan"
    assert pairs[1].status_changes.get().changed_on.isoformat() == "2020-09-23"
    assert pairs[2].is_incumbent and pairs[2].parties == ["PDI-P", "Gerindra"]
    assert pairs[3].nomination_path == "perseorangan" and pairs[3].kabkota is not None


def test_duplicate_ballot_numbers_in_the_file_write_nothing(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "p.csv",
        ",".join(HEADER)
        + "\npilkada-2020,32.04,1,A,B,partai,PKB,tidak,,\npilkada-2020,32.04,1,C,D,partai,PDI-P,tidak,,"
        + "\npilkada-2020,32.73,1,E,F,partai,PKB,tidak,,\npilkada-2020,32.04,x,G,H,koalisi,PKB,mungkin,,\n",
    )
    result = import_candidates(path)
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("Baris 3:") and "sudah dipakai di baris 2" in m for m in messages)
    assert any(m.startswith("Baris 4:") and "tidak punya pemilihan daerah" in m for m in messages)
    assert sum(m.startswith("Baris 5:") for m in messages) == 3  # number, path and incumbent flag
    assert not CandidatePair.objects.filter(contest__region__code="32.04").exists()


def test_a_ballot_number_already_used_in_the_database_is_refused(tmp_path: Path) -> None:
    first = write_csv(tmp_path, "a.csv", ",".join(HEADER) + "\npilkada-2020,32.04,1,A,B,partai,PKB,tidak,,\n")
    assert import_candidates(first).ok
    second = write_csv(
        tmp_path,
        "b.csv",
        ",".join(HEADER)
        + "\npilkada-2020,32.04,1,C,D,partai,PKB,tidak,,\npilkada-2020,32.04,2,A,B,partai,PKB,tidak,,\n",
    )
    result = import_candidates(second)
    assert [e.row for e in result.errors] == [2, 3]
    assert CandidatePair.objects.filter(contest__region__code="32.04").count() == 1


def test_the_commands_report_row_errors_and_dry_runs(tmp_path: Path) -> None:
    bad = write_csv(tmp_path, "c.csv", "pemilihan,kode_wilayah,jenis\npilkada-2020,32.73,pilbup\n")
    with pytest.raises(CommandError, match="1 kesalahan; tidak ada yang disimpan"):
        call_command("import_contests", str(bad))
    good = write_csv(tmp_path, "p.csv", ",".join(HEADER) + "\npilkada-2020,32.04,1,A,B,partai,PKB,tidak,,\n")
    call_command("import_candidates", str(good), "--dry-run")
    assert not CandidatePair.objects.filter(contest__region__code="32.04").exists()
    call_command("import_candidates", str(good))
    assert CandidatePair.objects.filter(contest__region__code="32.04").count() == 1
