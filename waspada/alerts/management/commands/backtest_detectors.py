"""``manage.py backtest_detectors``: inject synthetic outbreaks into the national synthetic weekly
series and print, per method, sensitivity, false alarms per region-year and detection delay
(a Markdown table, as recorded in docs/performance.md).

Series (``--source``):

- ``nasional`` (default when the region tree is loaded): the weekly counts per kabupaten/kota of the
  national synthetic set — the very plan ``generate_synthetic --scale national`` writes (seed 1,
  1,000,000 incidents over 2016–2025), binned by ISO week from the Monday 2016-01-04 (520 weeks),
  computed from the plan without writing it (the same counts as the rollup after the load); the
  generator's own bursts are the known events;
- ``generated``: ``backtest.generated_series`` (same character, no database needed).

Evaluation: the last five years (weeks 261–520; Farrington needs four years of history).
"""

from __future__ import annotations

import math
import time
from datetime import date
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waspada.alerts import backtest

EVAL_FIRST, N_WEEKS = 261, 520
FIRST_MONDAY = date(2016, 1, 4)


def national_series(seed: int = 1) -> tuple[Any, Any, int]:
    from waspada.incidents import synthetic

    world = synthetic.load_world(None, seed=seed, with_points=False)
    if not world.kabkota_ids:
        raise CommandError("Pohon wilayah belum dimuat: jalankan load_regions, atau pakai --source generated.")
    spec = synthetic.Spec(count=synthetic.NATIONAL_INCIDENTS, seed=seed)
    plan = synthetic.plan(world, spec)
    offset = (FIRST_MONDAY - spec.first_day).days
    counts, events = backtest.weekly_matrix(plan.day, plan.kabkota, plan.burst, len(world.kabkota_ids), offset, N_WEEKS)
    return counts, events, len(plan)


def spread(first: int, last: int, count: int) -> list[int]:
    if count <= 0:
        return []
    return sorted({round(x) for x in np.linspace(first, last, min(count, last - first + 1))})


def fmt(value: float, digits: int = 2) -> str:
    return "—" if math.isnan(value) else f"{value:.{digits}f}".replace(".", ",")


class Command(BaseCommand):
    help = "Uji balik detektor: suntikkan wabah sintetis dan ukur sensitivitas, alarm palsu, keterlambatan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=["nasional", "generated"], default="nasional")
        parser.add_argument("--methods", default=",".join(backtest.METHODS))
        parser.add_argument("--shapes", default=",".join(backtest.SHAPES))
        parser.add_argument("--sizes", default=",".join(f"{s:g}" for s in backtest.DEFAULT_SIZES))
        parser.add_argument("--starts", type=int, default=4, help="start weeks (replicates) per scenario")
        parser.add_argument("--fa-weeks", type=int, default=260, help="weeks judged for false alarms (EARS)")
        parser.add_argument(
            "--fa-weeks-farrington", type=int, default=52, help="weeks judged for false alarms (Farrington)"
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            methods = [m.strip() for m in options["methods"].split(",") if m.strip()]
            for m in methods:
                backtest.detector(m)
            chosen = backtest.scenarios(
                [s.strip() for s in options["shapes"].split(",") if s.strip()],
                [float(s) for s in options["sizes"].split(",") if s.strip()],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        began = time.perf_counter()
        if options["source"] == "nasional":
            counts, events, n_incidents = national_series(options["seed"])
            source = f"rencana data sintetis nasional ({n_incidents:,} peristiwa)".replace(",", ".")
        else:
            counts, events = backtest.generated_series(seed=options["seed"])
            source = "deret bangkitan (generated_series)"
        load_s = time.perf_counter() - began
        longest = max(len(backtest.SHAPES[c.shape]) for c in chosen)
        starts = backtest.start_weeks(EVAL_FIRST, N_WEEKS, options["starts"], longest)
        self.stdout.write(
            f"Sumber: {source}; {counts.shape[0]} deret × {counts.shape[1]} minggu, rata-rata "
            f"{fmt(float(counts.mean()))} per minggu; dimuat dalam {fmt(load_s, 1)} s. Minggu awal wabah: {starts}."
        )
        rows = []
        for method in methods:
            fa_n = options["fa_weeks_farrington"] if method == "farrington_flexible" else options["fa_weeks"]
            [result] = backtest.backtest(
                counts,
                methods=[method],
                scenario_list=chosen,
                starts=starts,
                false_alarm_weeks=spread(EVAL_FIRST, N_WEEKS, fa_n),
                events=events,
            )
            rows.append(result)
        self.stdout.write("")
        self.stdout.write(
            "| metode | sensitivitas | "
            + " | ".join(c.label for c in chosen)
            + " | keterlambatan rata-rata (minggu) | alarm palsu per wilayah-tahun | wilayah-tahun dinilai | detik |"
        )
        self.stdout.write("|" + "---|" * (6 + len(chosen)))
        for r in rows:
            self.stdout.write(
                f"| {r.method} | {fmt(r.sensitivity)} | "
                + " | ".join(fmt(s.sensitivity) for s in r.scenarios)
                + f" | {fmt(r.mean_delay)} | {fmt(r.false_alarm_rate, 3)}"
                + f" | {fmt(r.region_years, 0)} | {fmt(r.seconds, 1)} |"
            )
