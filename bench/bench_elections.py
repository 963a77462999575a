"""Benchmark g (``elections``): the Pilkada recap pages on 100,000 synthetic prokes violations
over all 270 contests of Pilkada 2020 (issue 8's target: median server time ≤ 100 ms on SQLite
and on PostgreSQL).

Setup: ``waspada.elections.synthetic.generate(100_000)`` (two to four paslon per contest, the
violations spread over the stage calendar, 85 % in the campaign stage). Measured, through the
Django test client (the whole view: middleware, access, recap queries, template):

- the recap page ``/pilkada/rekap/?pemilihan=pilkada-2020`` for the national analyst (every
  violation), the province drill-down ``&wilayah=32`` (its kabupaten/kota) and the page of a
  province verifikator (verifikator.jabar, scoped to Jawa Barat);
- the same national page filtered by source (``&sumber=bawaslu``: read from the rollup cells,
  which hold the source since migration 0005, like the unfiltered page);
- the NPHD compliance page; ``recap.violation_overview`` alone; the full rollup rebuild
  (``rollup.rebuild``) once;
- on PostgreSQL, the server time of each page: its SELECTs are captured once and run with
  ``EXPLAIN (ANALYZE)`` ``repeats`` times, the "Execution Time" lines summed per page view;
- the load average (``os.getloadavg``) before and after each measured item.

Standalone (no national synthetic set needed)::

    .venv/bin/python -m bench.bench_elections            # fresh SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waspada_bench_elections .venv/bin/python -m bench.bench_elections

``BENCH_REPEATS`` (default 30) repeats each page; ``BENCH_VIOLATIONS`` (default 100,000) sets the
number of synthetic violations — a smaller one only for a smoke run (the target is about 100,000).
"""

from __future__ import annotations

from time import perf_counter, process_time
from typing import Any

from bench.standalone import client_for, env_int, run_standalone, settle_after_bulk_load, time_page
from bench.timing import Result

VIOLATIONS = 100_000
TARGET_MS = 100
PAGES = {
    "recap_national": ("analis.nasional", "/pilkada/rekap/?pemilihan=pilkada-2020"),
    "recap_province_drill": ("analis.nasional", "/pilkada/rekap/?pemilihan=pilkada-2020&wilayah=32"),
    "recap_verifikator_jabar": ("verifikator.jabar", "/pilkada/rekap/?pemilihan=pilkada-2020"),
    # A source filter: the rollup cells hold the source, so this page reads them too.
    "recap_national_source": ("analis.nasional", "/pilkada/rekap/?pemilihan=pilkada-2020&sumber=bawaslu"),
    "nphd_compliance": ("analis.nasional", "/pilkada/nphd/kepatuhan/?pemilihan=pilkada-2020"),
}


def setup(count: int = VIOLATIONS) -> dict[str, Any]:
    from django.core.management import call_command

    from waspada.accounts.demo import ensure_personas
    from waspada.elections import synthetic

    ensure_personas()
    call_command("load_elections", verbosity=0)  # the 2020/2024 contests, once the regions exist
    start = perf_counter()
    generated = synthetic.generate(count)
    return {"generate_s": round(perf_counter() - start, 3), "written": generated.violations, **synthetic.main_facts()}


def run(repeats: int = 30, count: int = VIOLATIONS) -> list[Result]:

    from waspada.accounts.models import User
    from waspada.elections import recap, rollup
    from waspada.elections.models import Election

    facts = setup(count)
    election = Election.objects.get(code="pilkada-2020")
    start, start_cpu = perf_counter(), process_time()
    cells = rollup.rebuild(election)
    facts["rollup_cells"] = cells
    facts["rollup_rebuild_s"] = round(perf_counter() - start, 2)
    facts["rollup_rebuild_cpu_s"] = round(process_time() - start_cpu, 2)
    settle_after_bulk_load()
    results = []
    for name, (username, url) in PAGES.items():
        extra = {**facts, "url": url, "user": username, "target_ms": TARGET_MS}
        results += time_page("elections", name, client_for(username), url, repeats, extra)
    user = User.objects.get(username="analis.nasional")
    values, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = perf_counter(), process_time()
        overview = recap.violation_overview(user, election)
        cpu.append((process_time() - start_cpu) * 1000)
        values.append((perf_counter() - start) * 1000)
    assert overview.total >= count
    results.append(Result("elections", "violation_overview", "ms", values, {"total": overview.total}))
    results.append(Result("elections", "violation_overview_cpu", "ms", cpu, {"total": overview.total}))
    return results


def main() -> int:
    return run_standalone(
        lambda: run(repeats=env_int("BENCH_REPEATS", 30), count=env_int("BENCH_VIOLATIONS", VIOLATIONS)),
        metric_width=30,
    )


if __name__ == "__main__":
    raise SystemExit(main())
