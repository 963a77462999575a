"""manage.py detect_series: output format, options, and bad input files refused whole."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

BASE = [2, 4, 3, 5, 1, 3, 3]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _series_csv(path: Path, series: Mapping[str, Sequence[object]]) -> Path:
    lines = ["series_id,week,count"]
    for sid, counts in series.items():
        lines += [f"{sid},{week},{'' if c is None else c}" for week, c in enumerate(counts, start=1)]
    return _write(path, "\n".join(lines) + "\n")


def _run(tmp_path: Path, *args: str) -> tuple[list[dict[str, str]], str]:
    out = StringIO()
    call_command("detect_series", *args, "--output", str(tmp_path / "out.csv"), stdout=out)
    with (tmp_path / "out.csv").open(newline="") as stream:
        return list(csv.DictReader(stream)), out.getvalue()


def test_ears_c1_writes_the_worked_example_for_each_week_of_the_range(tmp_path: Path) -> None:
    source = _series_csv(tmp_path / "in.csv", {"32.73": [*BASE, 7, 6], "32.04": [*BASE, 6, 20]})
    rows, printed = _run(
        tmp_path, "--method", "ears_c1", "--input", str(source), "--range-start", "8", "--range-end", "8"
    )
    assert list(rows[0]) == ["series_id", "week", "upperbound", "alarm"]
    assert [(r["series_id"], r["week"], r["alarm"]) for r in rows] == [("32.73", "8", "true"), ("32.04", "8", "false")]
    assert float(rows[0]["upperbound"]) == pytest.approx(6.989472752566693, rel=1e-12)
    assert "2 seri" in printed and "1 alarm" in printed


def test_weeks_the_detector_cannot_judge_have_an_empty_bound_and_a_reason(tmp_path: Path) -> None:
    source = _series_csv(tmp_path / "in.csv", {"a": [2, 4, None, 5, 1, 3, 3, 30, 1, 1]})
    rows, printed = _run(
        tmp_path,
        "--method",
        "ears_c1",
        "--input",
        str(source),
        "--range-start",
        "1",
        "--range-end",
        "10",
        "--with-reason",
    )
    assert len(rows) == 10
    assert all(r["upperbound"] == "" and r["alarm"] == "false" for r in rows)
    assert rows[0]["reason"].startswith("riwayat")
    assert "celah" in rows[8]["reason"]
    assert "tidak dinilai" in printed


def test_absent_weeks_are_gaps_and_series_may_differ_in_length(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", "series_id,week,count\na,1,3\na,3,4\nb,1,1\nb,2,NA\nb,12,5\n")
    rows, _ = _run(tmp_path, "--method", "ears_c3", "--input", str(source), "--range-start", "12", "--range-end", "12")
    assert [(r["series_id"], r["upperbound"], r["alarm"]) for r in rows] == [("a", "", "false"), ("b", "", "false")]


def test_farrington_options_and_defaults(tmp_path: Path) -> None:
    source = _series_csv(tmp_path / "in.csv", {"c": [5] * 211 + [10]})
    week = ["--range-start", "212", "--range-end", "212"]
    rows, _ = _run(tmp_path, "--method", "farrington_flexible", "--input", str(source), *week)
    assert rows == [{"series_id": "c", "week": "212", "upperbound": "9", "alarm": "true"}]
    rows, _ = _run(
        tmp_path,
        "--method",
        "farrington_flexible",
        "--input",
        str(source),
        "--range-start",
        "212",
        "--range-end",
        "212",
        "--b",
        "3",
        "--w",
        "2",
        "--alpha",
        "0.01",
    )
    assert rows[0]["upperbound"] == "11"  # qpois(0.99, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,week,count\na,1,2\n", "Kolom wajib tidak ada: series_id"),
        ("series_id,week,count\n", "tidak berisi data"),
        ("series_id,week,count\na,1,2\na,x,3\n", "Baris 3: minggu 'x' bukan bilangan bulat"),
        ("series_id,week,count\na,0,2\n", "Baris 2: minggu 0 harus antara 1"),
        ("series_id,week,count\na,1,dua\n", "Baris 2: jumlah 'dua' bukan angka"),
        ("series_id,week,count\na,1,inf\n", "bukan angka terhingga"),
        ("series_id,week,count\na,1,2\na,1,3\n", "Baris 3: minggu 1 untuk seri 'a' muncul lebih dari sekali"),
        ("series_id,week,count\n,1,2\n", "Baris 2: series_id kosong"),
    ],
)
def test_a_bad_input_file_is_refused_whole_with_an_indonesian_message(tmp_path: Path, text: str, message: str) -> None:
    source = _write(tmp_path / "in.csv", text)
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        call_command(
            "detect_series",
            "--method",
            "ears_c1",
            "--input",
            str(source),
            "--output",
            str(target),
            "--range-start",
            "1",
            "--range-end",
            "1",
        )
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind


def test_a_file_that_is_not_utf8_or_missing_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "in.csv"
    binary.write_bytes(b"series_id,week,count\n\xff\xfe,1,2\n")
    with pytest.raises(CommandError, match="bukan teks UTF-8"):
        call_command(
            "detect_series", "--method", "ears_c1", "--input", str(binary), "--output", str(tmp_path / "o.csv"),
            "--range-start", "1", "--range-end", "1",
        )  # fmt: skip
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command(
            "detect_series", "--method", "ears_c1", "--input", str(tmp_path / "none.csv"),
            "--output", str(tmp_path / "o.csv"), "--range-start", "1", "--range-end", "1",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--range-start", "0", "--range-end", "5"], "--range-start harus minimal 1"),
        (["--range-start", "5", "--range-end", "4"], "tidak boleh lebih kecil"),
        (["--range-start", "5", "--range-end", "99"], "melebihi minggu terakhir dalam berkas \\(9\\)"),
        (["--range-start", "8", "--range-end", "9", "--b", "3"], "Opsi --b tidak berlaku untuk metode ears_c1"),
        (["--range-start", "8", "--range-end", "9", "--baseline", "2"], "baseline minimal 3"),
        (["--range-start", "8", "--range-end", "9", "--alpha", "1.5"], "alpha harus di antara 0 dan 1"),
    ],
)
def test_bad_options_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    source = _series_csv(tmp_path / "in.csv", {"a": [*BASE, 7, 6]})
    with pytest.raises(CommandError, match=message):
        call_command(
            "detect_series", "--method", "ears_c1", "--input", str(source), "--output", str(tmp_path / "o.csv"), *args
        )
    assert not (tmp_path / "o.csv").exists()
