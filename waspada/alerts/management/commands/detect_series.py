"""``manage.py detect_series``: run one detector over raw weekly series from a CSV file.

    manage.py detect_series --method {ears_c1,ears_c2,ears_c3,farrington_flexible}
        --input IN.csv --output OUT.csv --range-start N --range-end M
        [--baseline 7] [--alpha A] [--min-sigma S] [--b 4] [--w 3] [--with-reason]

Input columns ``series_id,week,count`` (week numbered from 1, frequency 52, each series starting
in week 1 of a year; an absent week or an empty/``NA`` count is a gap). Output columns
``series_id,week,upperbound,alarm`` for weeks N … M inclusive: ``upperbound`` is empty where the
detector cannot judge, ``alarm`` is ``true``/``false``. The numbers agree with R's
``surveillance`` package (see docs/early-warning.md). A bad file is refused whole and nothing is
written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waspada.alerts.detectors import DETECTOR_METHODS, Reason, reason_text, run_detector
from waspada.alerts.detectors.series_io import SeriesFileError, read_series_csv, write_results_csv

EARS_OPTIONS = ("baseline", "min_sigma")
FARRINGTON_OPTIONS = ("b", "w")


class Command(BaseCommand):
    help = (
        "Menjalankan detektor (EARS C1/C2/C3 atau Farrington fleksibel) atas seri mingguan dari berkas CSV "
        "series_id,week,count dan menulis series_id,week,upperbound,alarm untuk minggu N sampai M."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--method", required=True, choices=DETECTOR_METHODS, help="Metode detektor.")
        parser.add_argument("--input", required=True, help="Berkas CSV masukan (series_id,week,count).")
        parser.add_argument("--output", required=True, help="Berkas CSV keluaran (series_id,week,upperbound,alarm).")
        parser.add_argument("--range-start", type=int, required=True, help="Minggu pertama yang dinilai (mulai 1).")
        parser.add_argument("--range-end", type=int, required=True, help="Minggu terakhir yang dinilai (inklusif).")
        parser.add_argument("--baseline", type=int, default=None, help="EARS: panjang baseline (bawaan 7).")
        parser.add_argument(
            "--alpha", type=float, default=None, help="Alfa (bawaan: 0,001 C1/C2, 0,025 C3, 0,05 Farrington)."
        )
        parser.add_argument("--min-sigma", type=float, default=None, help="EARS: batas bawah simpangan (bawaan 0).")
        parser.add_argument("--b", type=int, default=None, help="Farrington: jumlah tahun ke belakang (bawaan 4).")
        parser.add_argument("--w", type=int, default=None, help="Farrington: setengah lebar jendela (bawaan 3).")
        parser.add_argument(
            "--with-reason", action="store_true", help="Tambahkan kolom reason: mengapa detektor tidak dapat menilai."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        method: str = options["method"]
        params = self._params(method, options)
        start, end = options["range_start"], options["range_end"]
        if start < 1:
            raise CommandError(f"--range-start harus minimal 1 (minggu dinomori mulai 1), bukan {start}.")
        if end < start:
            raise CommandError(f"--range-end ({end}) tidak boleh lebih kecil dari --range-start ({start}).")
        source = Path(options["input"])
        try:
            with source.open(newline="", encoding="utf-8-sig") as stream:
                table = read_series_csv(stream)
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas masukan tidak ditemukan: {source}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"Berkas masukan {source} bukan teks UTF-8.") from exc
        except OSError as exc:
            raise CommandError(f"Berkas masukan {source} tidak dapat dibaca: {exc.strerror}") from exc
        except SeriesFileError as exc:
            raise CommandError(f"Berkas masukan {source} ditolak:\n" + "\n".join(exc.errors)) from exc
        longest = table.counts.shape[1]
        if end > longest:
            raise CommandError(f"--range-end ({end}) melebihi minggu terakhir dalam berkas ({longest}).")
        try:
            result = run_detector(method, table.counts, range(start, end + 1), **params)
        except ValueError as exc:
            raise CommandError(f"Parameter tidak sah: {exc}.") from exc
        self._write(Path(options["output"]), table.ids, result, options["with_reason"])
        judged = int(np.isfinite(result.upperbound).sum())
        cells = result.upperbound.size
        self.stdout.write(
            f"{method}: {len(table.ids)} seri, minggu {start}–{end}; {judged} dari {cells} minggu dinilai, "
            f"{int(result.alarm.sum())} alarm."
        )
        unjudged = result.reason[result.reason != Reason.OK]
        for code, count in zip(*np.unique(unjudged, return_counts=True), strict=True):
            self.stdout.write(f"  tidak dinilai ({count}): {reason_text(int(code))}")

    def _params(self, method: str, options: dict[str, Any]) -> dict[str, Any]:
        is_ears = method.startswith("ears_")
        wrong = FARRINGTON_OPTIONS if is_ears else EARS_OPTIONS
        given = [name for name in wrong if options.get(name) is not None]
        if given:
            flags = ", ".join("--" + name.replace("_", "-") for name in given)
            raise CommandError(f"Opsi {flags} tidak berlaku untuk metode {method}.")
        names = ("baseline", "min_sigma", "alpha") if is_ears else ("b", "w", "alpha")
        return {name: options[name] for name in names if options.get(name) is not None}

    def _write(self, target: Path, ids: list[str], result: Any, with_reason: bool) -> None:
        # Written to a temporary file beside the target and renamed: never a half-written output.
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise CommandError(f"Folder keluaran tidak ada: {folder}")
        handle, temp = tempfile.mkstemp(prefix=".detect_series-", suffix=".csv", dir=folder)
        try:
            with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
                write_results_csv(stream, ids, result, with_reason=with_reason)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
