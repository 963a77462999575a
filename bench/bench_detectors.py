"""Benchmark f: the early-warning detectors on national-sized weekly series.

Issue 5's targets, each the median of repeated calls in this process:

- EARS C1, C2 and C3 for 514 kabupaten/kota × 520 weeks (ten years), every week judged that has
  enough history: ≤ 0.5 s for the three together;
- Farrington flexible (Noufaily settings) for all 514 series for one week: ≤ 10 s.

The series are generated here (seeded, no database): quasi-Poisson weekly counts with a yearly
season, levels from sparse (0.1 a week) to busy (40 a week), overdispersion in a third of them and
a few injected outbreaks — the shapes the incident rollup produces. Each answer is checked (shape,
some bounds judged, some alarms) so that a fast failure cannot pass.

Standalone, without the database set-up of ``bench/run.py``::

    .venv/bin/python -m bench.bench_detectors [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from time import perf_counter, process_time
from typing import Any

import numpy as np

from bench.timing import Result

N_SERIES = 514
N_WEEKS = 520


def national_series(seed: int = 1) -> Any:
    """(514, 520) weekly counts: seasonal, mostly sparse, some overdispersed, some outbreaks."""
    rng = np.random.default_rng(seed)
    weeks = np.arange(N_WEEKS)
    level = np.exp(rng.uniform(np.log(0.1), np.log(40), size=(N_SERIES, 1)))
    phase = rng.uniform(0, 2 * np.pi, size=(N_SERIES, 1))
    mean = level * np.exp(0.4 * np.sin(2 * np.pi * weeks / 52 + phase))
    overdispersed = rng.random(N_SERIES) < 1 / 3
    gamma = rng.gamma(shape=2.0, scale=0.5, size=(N_SERIES, N_WEEKS))
    mean = np.where(overdispersed[:, None], mean * gamma, mean)
    counts = rng.poisson(mean).astype(float)
    for row in rng.choice(N_SERIES, size=60, replace=False):
        start = rng.integers(300, N_WEEKS - 3)
        counts[row, start : start + 3] += rng.poisson(3 * level[row, 0] + 5, size=3)
    return counts


CPU: dict[str, list[float]] = {}


def _time(fn: Any, repeats: int, warmup: int = 1, label: str = "") -> list[float]:
    """Wall seconds of each call; the process CPU seconds go to ``CPU[label]`` (on a shared,
    busy machine the wall time includes waiting for a core, the CPU time does not)."""
    for _ in range(warmup):
        fn()
    values, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = perf_counter(), process_time()
        fn()
        values.append(perf_counter() - start)
        cpu.append(process_time() - start_cpu)
    CPU[label] = cpu
    return values


def _cpu(label: str) -> float:
    return round(statistics.median(CPU[label]), 4)


def run(repeats: int = 7) -> list[Result]:
    from waspada.alerts.detectors import ears_batch, farrington_batch

    counts = national_series()
    results: list[Result] = []
    checks: dict[str, Any] = {}

    def ears_all() -> None:
        for method in ("C1", "C2", "C3"):
            result = ears_batch(counts, method)
            if result.upperbound.shape[0] != N_SERIES or not np.isfinite(result.upperbound).any():
                raise RuntimeError(f"EARS {method}: no bound judged")
            checks[method] = (int(np.isfinite(result.upperbound).sum()), int(result.alarm.sum()))

    values = _time(ears_all, repeats, label="ears")
    results.append(
        Result(
            "detectors",
            f"EARS C1+C2+C3, {N_SERIES} series × {N_WEEKS} weeks",
            "s",
            values,
            {
                "target_s": 0.5,
                "cpu_s": _cpu("ears"),
                "judged_and_alarms": {m: list(v) for m, v in checks.items()},
            },
        )
    )
    for method in ("C1", "C2", "C3"):
        values = _time(lambda m=method: ears_batch(counts, m), repeats, label=method)
        results.append(
            Result("detectors", f"EARS {method} alone, {N_SERIES} × {N_WEEKS}", "s", values, {"cpu_s": _cpu(method)})
        )

    def farrington_week() -> None:
        result = farrington_batch(counts, [N_WEEKS])
        judged = int(np.isfinite(result.upperbound).sum())
        if judged < N_SERIES // 4:
            raise RuntimeError(f"Farrington: only {judged} series judged")
        checks["farrington"] = (judged, int(result.alarm.sum()))

    values = _time(farrington_week, max(3, repeats // 2), label="farrington")
    results.append(
        Result(
            "detectors",
            f"Farrington flexible, {N_SERIES} series, one week",
            "s",
            values,
            {"target_s": 10, "cpu_s": _cpu("farrington"), "judged_and_alarms": list(checks["farrington"])},
        )
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the early-warning detectors (no database).")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    from bench import report

    results = run(repeats=3 if args.quick else 7)
    machine = report.machine()
    print(f"{machine['nproc']} CPU {machine['cpu']}, Python {machine['python']}, load {machine['loadavg_1_5_15']}\n")
    print(report.markdown(results))
    print("\nCPU seconds (median): " + ", ".join(f"{r.metric}: {r.extra['cpu_s']}" for r in results))
    print("\n" + "; ".join(f"{k}: {v}" for r in results for k, v in r.extra.items() if k == "judged_and_alarms"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
