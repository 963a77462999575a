"""EARS C1, C2 and C3 exactly as R's ``surveillance::earsC`` (package code, version 1.20.3).

For week t, with baseline B (default 7), z = Φ⁻¹(1 − α) and σ = max(sd, minSigma) where sd is the
sample standard deviation (n − 1):

- C1: reference weeks t−B … t−1; upper bound = mean + z·σ.
- C2: the same with a lag of 2: weeks t−B−2 … t−3.
- C3: with the C2 statistic C2(s) = (y_s − mean_s)/σ_s for s = t−2, t−1, t, the upper bound is
  max(0, y_t + σ_t · (z − max(0, C2(t−2) − 1) − max(0, C2(t−1) − 1))).
  It is built from the current count, so the alarm (y_t > bound) fires when the two previous C2
  values together exceed z, and only then (for a positive count).

An alarm is raised when the count is strictly greater than the upper bound. Defaults for α as in
the package: 0.001 for C1 and C2, 0.025 for C3.

Where the package would give NA (a missing week in the window, or C3 dividing 0 by a zero
standard deviation) the detector leaves the bound empty and says why; it also refuses windows with
negative counts and weeks without enough history (the package stops with an error there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import norm

from .base import (
    BatchResult,
    FloatArray,
    Judgement,
    Reason,
    as_matrix,
    as_weeks,
    window_count,
    window_flags,
)

METHODS = ("C1", "C2", "C3")
DEFAULT_ALPHA = {"C1": 0.001, "C2": 0.001, "C3": 0.025}
# Weeks needed before the judged week: the baseline plus the lag (C2) and two more C2 values (C3).
EXTRA_LAG = {"C1": 0, "C2": 2, "C3": 4}


def first_week(method: str, baseline: int = 7) -> int:
    """The first week (1-based) a method can judge: baseline + 1, + 3 or + 5."""
    return baseline + EXTRA_LAG[_method(method)] + 1


def _method(method: str) -> str:
    m = method.upper().removeprefix("EARS_")
    if m not in METHODS:
        raise ValueError(f"metode EARS tidak dikenal: {method!r} (C1, C2 atau C3)")
    return m


def _check(baseline: int, min_sigma: float, alpha: float) -> None:
    # The package's own argument checks.
    if baseline < 3:
        raise ValueError("baseline minimal 3 minggu")
    if min_sigma < 0:
        raise ValueError("min_sigma tidak boleh negatif")
    if not 0 < alpha < 1:
        raise ValueError("alpha harus di antara 0 dan 1")


def _window_stats(counts: FloatArray, baseline: int) -> tuple[FloatArray, FloatArray]:
    """Mean and sample sd of every window of ``baseline`` consecutive weeks.

    Column j covers weeks j+1 … j+baseline (1-based); shape (series, weeks − baseline + 1); nan
    where the window has a missing week, as R's NA.
    """
    finite = np.isfinite(counts)
    values = np.where(finite, counts, 0.0)
    if np.array_equal(values, np.round(values)) and np.abs(values).max(initial=0) < 2**16:
        # Whole counts: window sums of y and y² from cumulative sums are exact integers in double
        # precision (< 2⁵³), so n·Σy² − (Σy)² is exact and the variance is rounded once.
        def sums(a: FloatArray) -> FloatArray:
            cum = np.zeros((a.shape[0], a.shape[1] + 1))
            np.cumsum(a, axis=1, out=cum[:, 1:])
            window: FloatArray = cum[:, baseline:] - cum[:, :-baseline]
            return window

        s1, s2 = sums(values), sums(values * values)
        mean = s1 / baseline
        var = np.maximum(baseline * s2 - s1 * s1, 0.0) / (baseline * (baseline - 1))
        sd = np.sqrt(var)
        if not finite.all():
            missing = sums((~finite).astype(float)) > 0
            mean[missing] = np.nan
            sd[missing] = np.nan
        return mean, sd
    windows = sliding_window_view(counts, baseline, axis=1)
    mean = windows.mean(axis=2)
    # Two-pass variance as R's sd(); nan propagates from a missing week as R's NA does.
    dev = windows - mean[:, :, np.newaxis]
    sd = np.sqrt(np.einsum("ijk,ijk->ij", dev, dev) / (baseline - 1))
    return mean, sd


def ears_batch(
    counts: Any,
    method: str = "C1",
    weeks: Sequence[int] | range | npt.NDArray[Any] | None = None,
    *,
    baseline: int = 7,
    alpha: float | None = None,
    min_sigma: float = 0.0,
) -> BatchResult:
    """EARS C1/C2/C3 for many series at once.

    ``counts``: ``(series, weeks)`` floats, nan for a missing week (a 1-D sequence is one series).
    ``weeks``: 1-based weeks to judge (default: every week from :func:`first_week`).
    Returns a :class:`BatchResult` with extra arrays ``mean`` (the baseline mean), ``sigma`` (the
    standard deviation after the floor) and ``statistic`` ((y − mean)/σ for C1/C2; for C3 the
    cumulative sum of the three C2 excesses over 1, the package's C3 statistic).
    """
    m = _method(method)
    a = DEFAULT_ALPHA[m] if alpha is None else float(alpha)
    _check(baseline, min_sigma, a)
    y = as_matrix(counts)
    n_series, n_weeks = y.shape
    first = first_week(m, baseline)
    judged = as_weeks(weeks, n_weeks, first)
    z = float(norm.ppf(1 - a))

    shape = (n_series, judged.size)
    upper = np.full(shape, np.nan)
    stat = np.full(shape, np.nan)
    mean_out = np.full(shape, np.nan)
    sigma_out = np.full(shape, np.nan)
    reason = np.zeros(shape, dtype=np.int8)
    observed = np.full(shape, np.nan)
    in_range = judged <= n_weeks
    observed[:, in_range] = y[:, judged[in_range] - 1]

    ok_cols = judged >= first
    cols = np.flatnonzero(ok_cols)
    t = judged[ok_cols]  # 1-based weeks that have enough history
    if n_weeks >= baseline and t.size:
        mean_all, sd_all = _window_stats(y, baseline)
        lag = 2 if m in ("C2", "C3") else 0
        with np.errstate(invalid="ignore", divide="ignore"):
            if m in ("C1", "C2"):
                j = t - 1 - lag - baseline  # 0-based start of the window ending at t−1−lag
                mu, sigma = mean_all[:, j], np.maximum(sd_all[:, j], min_sigma)
                ub = mu + z * sigma
                st = (y[:, t - 1] - mu) / sigma
            else:
                # C2 statistic at s = t−2, t−1, t; each s uses the window ending at s−3.
                c2 = []
                for back in (2, 1, 0):
                    s = t - back
                    j = s - 1 - lag - baseline
                    sig = np.maximum(sd_all[:, j], min_sigma)
                    c2.append((y[:, s - 1] - mean_all[:, j]) / sig)
                j = t - 1 - lag - baseline
                mu, sigma = mean_all[:, j], np.maximum(sd_all[:, j], min_sigma)
                part2 = np.maximum(0.0, c2[0] - 1)
                part1 = np.maximum(0.0, c2[1] - 1)
                ub = np.maximum(0.0, y[:, t - 1] + sigma * (z - (part2 + part1)))
                st = part2 + part1 + np.maximum(0.0, c2[2] - 1)
        upper[:, cols] = ub
        stat[:, cols] = st
        mean_out[:, cols] = mu
        sigma_out[:, cols] = sigma

    # Reasons, most basic first: history, then gaps/negatives in the cells the method reads.
    missing, negative = window_flags(y)
    # Weeks read, counted back from t: C1 t−B … t−1, C2 t−B−2 … t−3, C3 t−B−4 … t (y_t, y_{t−1},
    # y_{t−2} and their C2 windows).
    back_from, back_to = {"C1": (1, baseline), "C2": (3, baseline + 2), "C3": (0, baseline + 4)}[m]
    reason[:, ~ok_cols] = Reason.SHORT_HISTORY
    gap = np.zeros(reason.shape, dtype=bool)
    neg = np.zeros(reason.shape, dtype=bool)
    if missing.any():  # clean data, the usual case, skips the window counts
        gap = (window_count(missing, judged, back_from, back_to) > 0) & ok_cols
    if negative.any():
        neg = (window_count(negative, judged, back_from, back_to) > 0) & ok_cols
        if m != "C3":  # a negative current count is refused too
            neg |= negative[:, np.clip(judged - 1, 0, n_weeks - 1)] & ok_cols
    reason[gap] = Reason.GAP
    reason[neg & ~gap] = Reason.NEGATIVE
    leftover = np.isnan(upper) & (reason == Reason.OK)
    reason[leftover] = Reason.ZERO_SPREAD
    upper[reason != Reason.OK] = np.nan
    with np.errstate(invalid="ignore"):
        alarm = observed > upper  # False where either side is nan
    return BatchResult(
        weeks=judged,
        observed=observed,
        upperbound=upper,
        alarm=alarm,
        reason=reason,
        extra={"mean": mean_out, "sigma": sigma_out, "statistic": stat},
    )


def ears(
    series: Sequence[float | None] | FloatArray,
    week: int,
    method: str = "C1",
    *,
    baseline: int = 7,
    alpha: float | None = None,
    min_sigma: float = 0.0,
) -> Judgement:
    """One series, one week (1-based): the package's answer as a :class:`Judgement`."""
    result = ears_batch(series, method, [week], baseline=baseline, alpha=alpha, min_sigma=min_sigma)
    return result.judgement(0, 0)


__all__ = ["DEFAULT_ALPHA", "METHODS", "ears", "ears_batch", "first_week"]
