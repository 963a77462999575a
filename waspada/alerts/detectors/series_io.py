"""Weekly series as CSV for ``manage.py detect_series``: read ``series_id,week,count`` and write
``series_id,week,upperbound,alarm``.

Weeks are numbered from 1 per series (week 1 = the first week of a year, frequency 52). A week that
is absent, or whose count is empty or ``NA``, is a gap. Bad files are refused whole with row-level
Indonesian messages (:class:`SeriesFileError`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from .base import BatchResult, FloatArray, reason_text

REQUIRED_COLUMNS = ("series_id", "week", "count")
MISSING_MARKS = {"", "na", "nan"}
MAX_ERRORS = 20
MAX_WEEK = 10_000  # 190 years of weeks: anything longer is a typo, not a series


class SeriesFileError(ValueError):
    """A series file that cannot be used; ``errors`` lists what is wrong, row by row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class SeriesTable:
    """Series in first-appearance order and their counts (nan = gap), week 1 in column 0."""

    ids: list[str]
    counts: FloatArray
    lengths: list[int]  # last week given for each series


def read_series_csv(stream: TextIO) -> SeriesTable:
    """Parse a ``series_id,week,count`` CSV (any column order, extra columns ignored)."""
    reader = csv.DictReader(stream)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SeriesFileError(
            [f"Kolom wajib tidak ada: {', '.join(missing)} (berkas harus berkolom series_id,week,count)."]
        )
    reader.fieldnames = header
    errors: list[str] = []
    values: dict[str, dict[int, float]] = {}

    def fail(message: str) -> None:
        errors.append(message)
        if len(errors) >= MAX_ERRORS:
            errors.append(f"Pemeriksaan dihentikan setelah {MAX_ERRORS} kesalahan.")
            raise SeriesFileError(errors)

    for line, row in enumerate(reader, start=2):
        sid = (row.get("series_id") or "").strip()
        week_text = (row.get("week") or "").strip()
        count_text = (row.get("count") or "").strip()
        if not sid:
            fail(f"Baris {line}: series_id kosong.")
            continue
        try:
            week = int(week_text)
        except ValueError:
            fail(f"Baris {line}: minggu {week_text!r} bukan bilangan bulat.")
            continue
        if not 1 <= week <= MAX_WEEK:
            fail(f"Baris {line}: minggu {week} harus antara 1 dan {MAX_WEEK}.")
            continue
        if count_text.lower() in MISSING_MARKS:
            count = math.nan
        else:
            try:
                count = float(count_text)
            except ValueError:
                fail(f"Baris {line}: jumlah {count_text!r} bukan angka.")
                continue
            if math.isinf(count) or math.isnan(count):
                fail(f"Baris {line}: jumlah {count_text!r} bukan angka terhingga.")
                continue
        series = values.setdefault(sid, {})
        if week in series:
            fail(f"Baris {line}: minggu {week} untuk seri {sid!r} muncul lebih dari sekali.")
            continue
        series[week] = count
    if errors:
        raise SeriesFileError(errors)
    if not values:
        raise SeriesFileError(["Berkas tidak berisi data (hanya judul kolom)."])
    ids = list(values)
    lengths = [max(values[i]) for i in ids]
    counts = np.full((len(ids), max(lengths)), np.nan)
    for row_index, sid in enumerate(ids):
        for week, count in values[sid].items():
            counts[row_index, week - 1] = count
    return SeriesTable(ids=ids, counts=counts, lengths=lengths)


def _number(value: float) -> str:
    if math.isnan(value):
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def write_results_csv(stream: TextIO, ids: Iterable[str], result: BatchResult, *, with_reason: bool = False) -> int:
    """Write ``series_id,week,upperbound,alarm`` (``reason`` too if asked); the rows written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["series_id", "week", "upperbound", "alarm", *(["reason"] if with_reason else [])])
    rows = 0
    for i, sid in enumerate(ids):
        for c, week in enumerate(result.weeks):
            row = [sid, int(week), _number(float(result.upperbound[i, c])), "true" if result.alarm[i, c] else "false"]
            if with_reason:
                row.append(reason_text(int(result.reason[i, c])))
            writer.writerow(row)
            rows += 1
    return rows
