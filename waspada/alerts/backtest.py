"""Uji balik (backtesting) of the detectors: inject synthetic outbreaks of known size and shape into
weekly series and measure, per method, how many are found (sensitivity), how late (detection
delay, weeks after the outbreak's first week) and how often the method alarms on weeks with no
outbreak (false alarms per region-year). Pure: numpy only, no ORM (the command
``manage.py backtest_detectors`` loads the series).

Outbreaks (docs/early-warning.md "Uji balik"):

- **size** ``k``: the excess in outbreak week ``j`` is ``ceil(k × σ × w_j)`` cases, σ the standard
  deviation of the series over the 52 weeks before the outbreak (at least 1, so sparse series get
  whole cases), ``w`` the shape's weights (mean 1 over the outbreak);
- **shape**: ``lonjakan`` (spike, 1 week), ``datar`` (plateau, 3 equal weeks), ``naik`` (ramp,
  4 weeks rising 0.4 : 0.8 : 1.2 : 1.6);
- **placement**: each replicate puts one outbreak into every series, all starting in the same week
  (so that each judged week is one call over all series); replicates use start weeks spread over
  the evaluation years.

An outbreak counts as detected when the method alarms in any of its weeks or in the ``after`` weeks
that follow it (default 2: EARS C3 judges a week by the two before it, so it signals a one-week
spike only afterwards; a signal one or two weeks late is still worth having); the delay is the
first such week minus the start (0 = found in its first week). False alarms are alarms on the series
without injection, in the evaluation weeks, outside the weeks flagged as the data's own events
(the synthetic generator's bursts, and the two weeks after each): those are true signals.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from waspada.alerts.detectors import ears_batch, farrington_batch

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

METHODS = ("ears_c1", "ears_c2", "ears_c3", "farrington_flexible")
SHAPES: dict[str, tuple[float, ...]] = {
    "lonjakan": (1.0,),
    "datar": (1.0, 1.0, 1.0),
    "naik": (0.4, 0.8, 1.2, 1.6),
}
DEFAULT_SIZES = (2.0, 4.0, 8.0)
SIGMA_WEEKS = 52
EVENT_TAIL = 2  # weeks after a known event that still count as the event


@dataclass(frozen=True)
class Scenario:
    shape: str
    size: float

    @property
    def label(self) -> str:
        return f"{self.shape} k={self.size:g}"


@dataclass
class ScenarioResult:
    scenario: Scenario
    outbreaks: int
    detected: int
    delays: list[int] = field(default_factory=list)

    @property
    def sensitivity(self) -> float:
        return self.detected / self.outbreaks if self.outbreaks else math.nan


@dataclass
class MethodResult:
    method: str
    scenarios: list[ScenarioResult]
    false_alarms: int
    region_years: float
    seconds: float

    @property
    def outbreaks(self) -> int:
        return sum(s.outbreaks for s in self.scenarios)

    @property
    def detected(self) -> int:
        return sum(s.detected for s in self.scenarios)

    @property
    def sensitivity(self) -> float:
        return self.detected / self.outbreaks if self.outbreaks else math.nan

    @property
    def delays(self) -> list[int]:
        return [d for s in self.scenarios for d in s.delays]

    @property
    def mean_delay(self) -> float:
        return float(np.mean(self.delays)) if self.delays else math.nan

    @property
    def false_alarm_rate(self) -> float:
        """False alarms per region-year."""
        return self.false_alarms / self.region_years if self.region_years else math.nan


def scenarios(shapes: Sequence[str] = tuple(SHAPES), sizes: Sequence[float] = DEFAULT_SIZES) -> list[Scenario]:
    for shape in shapes:
        if shape not in SHAPES:
            raise ValueError(f"Bentuk wabah tidak dikenal: {shape} (pilih {', '.join(SHAPES)}).")
    return [Scenario(shape, float(size)) for shape in shapes for size in sizes]


def start_weeks(first: int, last: int, count: int, longest: int, after: int = 2) -> list[int]:
    """``count`` start weeks spread evenly over ``first``…``last`` (1-based), leaving room for the
    longest outbreak and the weeks judged after it."""
    end = last - longest - after + 1
    if end < first or count < 1:
        raise ValueError("Rentang evaluasi terlalu pendek untuk wabah yang disuntikkan.")
    return sorted({round(x) for x in np.linspace(first, end, count)})


def excess(counts: FloatArray, start: int, scenario: Scenario) -> FloatArray:
    """The injected cases, ``(series, duration)``, for an outbreak starting in week ``start``."""
    weights = np.asarray(SHAPES[scenario.shape], dtype=float)
    before = counts[:, max(0, start - 1 - SIGMA_WEEKS) : start - 1]
    with np.errstate(all="ignore"):
        sigma = np.nanstd(before, axis=1, ddof=1) if before.shape[1] > 1 else np.zeros(counts.shape[0])
    sigma = np.where(np.isfinite(sigma), np.maximum(sigma, 1.0), 1.0)
    return np.ceil(scenario.size * sigma[:, None] * weights[None, :])


def inject(counts: FloatArray, start: int, scenario: Scenario) -> FloatArray:
    out = counts.copy()
    add = excess(counts, start, scenario)
    out[:, start - 1 : start - 1 + add.shape[1]] += add
    return out


def detector(method: str, **params: Any) -> Callable[[FloatArray, Sequence[int]], BoolArray]:
    """``judge(counts, weeks)`` → alarms ``(series, len(weeks))`` with the method's defaults."""
    if method.startswith("ears_"):
        kind = method.removeprefix("ears_").upper()

        def judge_ears(counts: FloatArray, weeks: Sequence[int]) -> BoolArray:
            return ears_batch(counts, kind, list(weeks), **params).alarm

        return judge_ears
    if method == "farrington_flexible":

        def judge_farrington(counts: FloatArray, weeks: Sequence[int]) -> BoolArray:
            return farrington_batch(counts, list(weeks), **params).alarm

        return judge_farrington
    raise ValueError(f"Metode tidak dikenal: {method} (pilih {', '.join(METHODS)}).")


def event_mask(events: BoolArray, tail: int = EVENT_TAIL) -> BoolArray:
    """Known event weeks widened by ``tail`` weeks after each."""
    out = events.copy()
    for shift in range(1, tail + 1):
        out[:, shift:] |= events[:, :-shift]
    return out


def backtest(
    counts: Any,
    *,
    methods: Sequence[str] = METHODS,
    scenario_list: Sequence[Scenario] | None = None,
    starts: Sequence[int],
    false_alarm_weeks: Sequence[int],
    events: BoolArray | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    after: int = 2,
) -> list[MethodResult]:
    """Run every method on every scenario and start week; false alarms on ``false_alarm_weeks``."""
    y = np.asarray(counts, dtype=float)
    if y.ndim == 1:
        y = y[None, :]
    n_series, n_weeks = y.shape
    chosen = list(scenario_list or scenarios())
    if any(s < 1 or s + len(SHAPES[c.shape]) + after - 1 > n_weeks for s in starts for c in chosen):
        raise ValueError("Minggu awal wabah di luar deret.")
    known = event_mask(events) if events is not None else np.zeros_like(y, dtype=bool)
    fa_weeks = [w for w in false_alarm_weeks if 1 <= w <= n_weeks]
    results = []
    for method in methods:
        judge = detector(method, **(params or {}).get(method, {}))
        began = time.perf_counter()
        per_scenario = []
        for scenario in chosen:
            duration = len(SHAPES[scenario.shape])
            found = ScenarioResult(scenario, 0, 0)
            for start in starts:
                weeks = list(range(start, start + duration + after))
                alarms = judge(inject(y, start, scenario), weeks)
                found.outbreaks += n_series
                hit = alarms.any(axis=1)
                found.detected += int(hit.sum())
                found.delays.extend(int(d) for d in np.argmax(alarms[hit], axis=1))
            per_scenario.append(found)
        false_alarms = 0
        if fa_weeks:
            alarms = judge(y, fa_weeks)
            cols = np.asarray(fa_weeks) - 1
            false_alarms = int((alarms & ~known[:, cols]).sum())
        results.append(
            MethodResult(
                method=method,
                scenarios=per_scenario,
                false_alarms=false_alarms,
                region_years=n_series * len(fa_weeks) / 52,
                seconds=time.perf_counter() - began,
            )
        )
    return results


def generated_series(n_series: int = 514, n_weeks: int = 520, seed: int = 1) -> tuple[FloatArray, BoolArray]:
    """Series with the character of the incident rollup when the national set is not at hand:
    levels from 0.1 to 40 a week (log-uniform), a yearly season (±40 %), a third overdispersed
    (gamma-mixed), and bursts of 3 weeks in 60 series, returned as the known events."""
    rng = np.random.default_rng(seed)
    weeks = np.arange(n_weeks)
    level = np.exp(rng.uniform(np.log(0.1), np.log(40), size=(n_series, 1)))
    phase = rng.uniform(0, 2 * np.pi, size=(n_series, 1))
    mean = level * np.exp(0.4 * np.sin(2 * np.pi * weeks / 52 + phase))
    overdispersed = rng.random(n_series) < 1 / 3
    gamma = rng.gamma(shape=2.0, scale=0.5, size=(n_series, n_weeks))
    mean = np.where(overdispersed[:, None], mean * gamma, mean)
    counts = rng.poisson(mean).astype(float)
    events = np.zeros_like(counts, dtype=bool)
    for row in rng.choice(n_series, size=min(60, n_series), replace=False):
        start = int(rng.integers(0, n_weeks - 3))
        counts[row, start : start + 3] += rng.poisson(3 * level[row, 0] + 5, size=3)
        events[row, start : start + 3] = True
    return counts, events


def weekly_matrix(
    day: npt.NDArray[Any],
    series: npt.NDArray[Any],
    burst: npt.NDArray[Any],
    n_series: int,
    first_monday: int,
    weeks: int,
) -> tuple[FloatArray, BoolArray]:
    """Incidents (day offset, series index, burst flag) → weekly counts and burst weeks, week 1
    starting on day ``first_monday``; days outside the ``weeks`` weeks are left out."""
    week = (np.asarray(day) - first_monday) // 7
    keep = (week >= 0) & (week < weeks)
    flat = np.asarray(series)[keep] * weeks + week[keep]
    counts = np.bincount(flat, minlength=n_series * weeks).reshape(n_series, weeks).astype(float)
    bursts = np.bincount(flat[np.asarray(burst)[keep]], minlength=n_series * weeks).reshape(n_series, weeks)
    return counts, bursts > 0
