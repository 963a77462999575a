"""Benchmark f2 (``alerts``): the full weekly detection run on the national synthetic set.

``waspada.alerts.detection.run_detection`` for one ISO week (2025-W50) with every shipped rule
enabled — EARS C2 and C3, Farrington flexible (212 weeks of history for 514 kabupaten/kota), count
≥ N in 4 weeks, the weekly-report rules (report level, missing reports), prokes violations, NPHD,
forum decrees (skipped while there is no forum app) — over the 1,000,000 incidents' weekly rollup,
the reports and the Pilkada data. Issue 5's target: ≤ 60 s on SQLite and on PostgreSQL.

Measured: a *first* run (the week's alerts deleted before each repetition, so every alert is
opened again, with its actions and notifications) and a *repeat* run (the idempotent re-run of a
week already detected: nothing new, NEW alerts refreshed). Wall and process CPU seconds, and each
rule's own seconds from the run's summary. Every run is checked (finished, Farrington judged
series, alerts opened on the first run, none on a repeat).
"""

from __future__ import annotations

import statistics
from time import perf_counter, process_time
from typing import Any

from bench.dataset import say
from bench.timing import Result

WEEK = "2025-W50"
TARGET_S = 60


def _clear_week() -> None:
    from waspada.alerts.models import Alert, AlertAction, DetectionRun
    from waspada.core.models import Notification

    AlertAction.objects.filter(alert__week_key=WEEK).delete()
    Alert.objects.filter(week_key=WEEK).delete()
    DetectionRun.objects.filter(week_key=WEEK).delete()
    Notification.objects.filter(dedupe_key__startswith=f"alert.new:{WEEK}:").delete()


def _timed(fn: Any, repeats: int, before: Any = None) -> tuple[list[float], list[float], list[Any]]:
    wall, cpu, out = [], [], []
    for _ in range(repeats):
        if before is not None:
            before()
        start, start_cpu = perf_counter(), process_time()
        out.append(fn())
        cpu.append(process_time() - start_cpu)
        wall.append(perf_counter() - start)
    return wall, cpu, out


def run(repeats: int = 3) -> list[Result]:
    from waspada.alerts.detection import run_detection
    from waspada.alerts.models import AlertRule, DetectionRun
    from waspada.incidents.models import Incident, IncidentWeeklyRollup

    AlertRule.objects.update(is_enabled=True)
    facts = {
        "week": WEEK,
        "incidents": Incident.objects.count(),
        "rollup_rows": IncidentWeeklyRollup.objects.count(),
        "rules": list(AlertRule.objects.filter(is_enabled=True).values_list("code", flat=True)),
    }
    say(f"alerts: {facts['incidents']:,} peristiwa, {facts['rollup_rows']:,} baris rekap mingguan")

    def detect() -> DetectionRun:
        run = run_detection(WEEK)
        rules = run.summary["rules"]
        if run.status != DetectionRun.Status.DONE:
            raise RuntimeError(f"detection run failed: {rules}")
        if rules["farrington-peristiwa"].get("judged", 0) < 100:
            raise RuntimeError(f"Farrington judged too few series: {rules['farrington-peristiwa']}")
        return run

    wall, cpu, runs = _timed(detect, repeats, before=_clear_week)
    first = runs[-1]
    if not first.alerts_opened:
        raise RuntimeError("the first detection run opened no alert")
    per_rule = {code: s.get("seconds") for code, s in first.summary["rules"].items()}
    counts = {
        code: {k: s.get(k) for k in ("regions", "judged", "fired", "below_min_count", "new")}
        for code, s in first.summary["rules"].items()
    }
    say(
        f"alerts first run: median {statistics.median(wall):.2f} s, CPU {statistics.median(cpu):.2f} s, "
        f"{first.alerts_opened} peringatan (target {TARGET_S} s); per rule {per_rule}"
    )
    results = [
        Result(
            "alerts",
            f"weekly detection run {WEEK}, all shipped rules, first run",
            "s",
            wall,
            {
                **facts,
                "target_s": TARGET_S,
                "process_cpu_s_median": round(statistics.median(cpu), 3),
                "alerts_opened": first.alerts_opened,
                "rule_seconds": per_rule,
                "rule_counts": counts,
            },
        )
    ]
    wall2, cpu2, again = _timed(detect, repeats)
    if any(r.alerts_opened for r in again):
        raise RuntimeError("a repeated run opened alerts again")
    say(f"alerts repeat run: median {statistics.median(wall2):.2f} s, CPU {statistics.median(cpu2):.2f} s")
    results.append(
        Result(
            "alerts",
            f"weekly detection run {WEEK}, repeat (idempotent)",
            "s",
            wall2,
            {"target_s": TARGET_S, "process_cpu_s_median": round(statistics.median(cpu2), 3)},
        )
    )
    return results
