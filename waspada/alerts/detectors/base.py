"""What every detector answers: an upper bound, an alarm, and — where it cannot judge — why.

Counts come in as a float matrix ``(series, weeks)``; ``nan`` is a missing week (a gap). Weeks are
numbered from 1 as in R's ``surveillance`` package (week 1 is the first column). A detector never
raises on bad data: where it cannot judge it leaves the upper bound empty (``nan``), raises no
alarm and names the reason with a :class:`Reason` code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


class Reason(enum.IntEnum):
    """Why a detector gave no upper bound for a week (0: it did judge)."""

    OK = 0
    SHORT_HISTORY = 1
    GAP = 2
    NEGATIVE = 3
    ZERO_SPREAD = 4
    FEW_CASES = 5
    NO_CONVERGENCE = 6
    NO_THRESHOLD = 7


def gettext_noop(message: str) -> str:
    """Marks a string for makemessages without needing Django settings (Django's own needs them)."""
    return message


# Indonesian text marked for translation: a page shows ``gettext(reason_text(code))``.
REASON_TEXT: dict[Reason, str] = {
    Reason.OK: "",
    Reason.SHORT_HISTORY: gettext_noop("riwayat data belum cukup panjang untuk metode ini"),
    Reason.GAP: gettext_noop("ada minggu tanpa data (celah) dalam jendela yang diperlukan"),
    Reason.NEGATIVE: gettext_noop("ada jumlah negatif dalam jendela yang diperlukan"),
    Reason.ZERO_SPREAD: gettext_noop(
        "simpangan baku baseline nol sehingga statistik C2 tidak terdefinisi (atur min_sigma)"
    ),
    Reason.FEW_CASES: gettext_noop("kurang dari batas kasus minimum dalam minggu-minggu terakhir"),
    Reason.NO_CONVERGENCE: gettext_noop("model GLM tidak konvergen, dengan maupun tanpa tren"),
    Reason.NO_THRESHOLD: gettext_noop("nilai harapan model tak hingga sehingga ambang tidak dapat dihitung"),
}


def reason_text(code: int) -> str:
    """The Indonesian sentence for a reason code."""
    return REASON_TEXT[Reason(int(code))]


@dataclass(frozen=True)
class Judgement:
    """One week of one series: the upper bound (None when the detector cannot judge), the alarm,
    and the reason it could not judge ("" when it did)."""

    week: int
    observed: float | None
    upperbound: float | None
    alarm: bool
    reason: str = ""
    reason_code: Reason = Reason.OK


@dataclass
class BatchResult:
    """A detector's answer for many series over a range of weeks.

    ``upperbound`` and ``alarm`` are ``(series, len(weeks))``; ``upperbound`` is ``nan`` where the
    detector cannot judge, and ``reason`` holds the :class:`Reason` code there (0 elsewhere).
    ``extra`` carries method-specific arrays of the same shape (e.g. Farrington's expected value).
    """

    weeks: IntArray
    observed: FloatArray
    upperbound: FloatArray
    alarm: BoolArray
    reason: npt.NDArray[np.int8]
    extra: dict[str, FloatArray] = field(default_factory=dict)

    def judgement(self, series: int, column: int) -> Judgement:
        """The answer for one series (row) and one week (column)."""
        ub = float(self.upperbound[series, column])
        obs = float(self.observed[series, column])
        code = Reason(int(self.reason[series, column]))
        return Judgement(
            week=int(self.weeks[column]),
            observed=None if np.isnan(obs) else obs,
            upperbound=None if np.isnan(ub) else ub,
            alarm=bool(self.alarm[series, column]),
            reason=REASON_TEXT[code],
            reason_code=code,
        )

    def judgements(self, series: int = 0) -> list[Judgement]:
        return [self.judgement(series, c) for c in range(len(self.weeks))]


def as_matrix(counts: Any) -> FloatArray:
    """Counts as a float ``(series, weeks)`` matrix; a 1-D sequence is one series; None → nan."""
    if isinstance(counts, np.ndarray):
        data = counts.astype(np.float64, copy=False)
    else:
        rows = list(counts)
        if rows and not isinstance(rows[0], Iterable | np.ndarray):
            rows = [rows]
        data = np.array([[np.nan if v is None else float(v) for v in row] for row in rows], dtype=np.float64)
    if data.ndim == 1:
        data = data[np.newaxis, :]
    if data.ndim != 2:
        raise ValueError("data harus satu seri atau matriks (seri, minggu)")
    return data


def as_weeks(weeks: Sequence[int] | range | npt.NDArray[Any] | None, n_weeks: int, first: int) -> IntArray:
    """1-based weeks to judge, sorted (default: from ``first`` to the last week)."""
    if weeks is None:
        return np.arange(first, n_weeks + 1, dtype=np.int64)
    out = np.unique(np.asarray(list(weeks) if isinstance(weeks, range) else weeks, dtype=np.int64))
    if out.size and (out[0] < 1 or out[-1] > n_weeks):
        raise ValueError(f"minggu yang dinilai harus antara 1 dan {n_weeks}")
    return out


def window_flags(counts: FloatArray) -> tuple[BoolArray, BoolArray]:
    """Per cell: missing (nan) and negative."""
    missing = np.isnan(counts)
    with np.errstate(invalid="ignore"):
        negative = counts < 0
    return missing, negative


def window_count(flags: BoolArray, weeks: IntArray, back_from: int, back_to: int) -> IntArray:
    """For each series and judged week t (1-based): how many of weeks t − back_to … t − back_from
    have ``flags`` set (back_from ≤ back_to). Weeks before week 1 count as unset (history length
    is checked separately). One cumulative sum, whatever the window length."""
    n_series, n_weeks = flags.shape
    cum = np.zeros((n_series, n_weeks + 1), dtype=np.int64)
    np.cumsum(flags, axis=1, out=cum[:, 1:])
    end = np.clip(weeks - back_from, 0, n_weeks)
    start = np.clip(weeks - back_to - 1, 0, n_weeks)
    counted: IntArray = cum[:, end] - cum[:, start]
    return counted
