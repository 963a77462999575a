"""Benchmark i (``forums``): forum formation compliance and RAD Terpadu pages at national scale
(issue 7's target: median server time ≤ 100 ms on SQLite and on PostgreSQL).

Setup (idempotent): the synthetic officers of every region (``accounts.synthetic``, the contacts
the compliance list shows), the personas, the national forum registry (``forums.demo.demo_seed``:
FKDM, TKDPD and Timdu PKS for all 38 provinces and 514 kabupaten/kota, formed / expired / missing)
and the national RAD Terpadu set (``actionplans.synthetic``: last year's and this year's plans
with actions and the ended B-04/B-08/B-12 progress reports). Measured through the Django test
client (middleware, access, selectors, template), each answer checked for status 200:

- the compliance page ``/forum/kepatuhan/`` for the national analyst, every kind at
  kabupaten/kota level and FKDM at province level (Kominda and Tim PORA have no synthetic
  registry: every kabupaten/kota is in the "without" list, the longest page);
- the drill-down to one province (``&provinsi=32``), and the page of the Jawa Barat verifikator;
- the map data ``/forum/kepatuhan/peta.json`` and the API figures ``/api/v1/forums/compliance/``;
- the RAD Terpadu completeness page for the latest ended period (national, and ``&provinsi=32``),
  its map data, the national recap page ``/rad/rekap/`` and its SVG chart;
- process CPU time of each call (SQLite runs in the process, so that is the page's whole cost
  on a shared machine; on PostgreSQL it leaves out the server's share);
- on PostgreSQL, the server time of each page: its SELECTs captured once and run with
  ``EXPLAIN (ANALYZE)`` ``repeats`` times, the "Execution Time" lines summed per page view;
- the load average before and after each item.

Standalone (regions, officers, forums and plans only — no weekly reports or incidents)::

    .venv/bin/python -m bench.bench_forums            # fresh SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waspada_bench_forums .venv/bin/python -m bench.bench_forums

``BENCH_REPEATS`` (default 30) calls per page; ``BENCH_KEEP=1`` keeps the SQLite folder;
``BENCH_ONLY=compliance_fkdm_kabkota,rad_recap`` measures only the named items;
``BENCH_SCALE=small`` (default ``national``) writes officers and plans for three provinces only
(``accounts.synthetic.SCALES``; the forum registry stays national) — only for a smoke run.
"""

from __future__ import annotations

import os
from time import perf_counter
from typing import Any

from bench.standalone import client_for, env_int, run_standalone, settle_after_bulk_load, time_page
from bench.timing import Result

TARGET_MS = 100
NATIONAL = "analis.nasional"
JABAR = "verifikator.jabar"


def pages(rad_period: str, year: int) -> dict[str, tuple[str, str]]:
    """Item name → (persona, URL)."""
    items: dict[str, tuple[str, str]] = {}
    for kind in ("fkdm", "tkdpd", "timdu_pks", "kominda", "tim_pora"):
        items[f"compliance_{kind}_kabkota"] = (NATIONAL, f"/forum/kepatuhan/?jenis={kind}&tingkat=kabkota")
    items["compliance_fkdm_provinsi"] = (NATIONAL, "/forum/kepatuhan/?jenis=fkdm&tingkat=provinsi")
    items["compliance_fkdm_province_32"] = (NATIONAL, "/forum/kepatuhan/?jenis=fkdm&tingkat=kabkota&provinsi=32")
    items["compliance_fkdm_verifikator_jabar"] = (JABAR, "/forum/kepatuhan/?jenis=fkdm&tingkat=kabkota")
    items["compliance_fkdm_map_json"] = (NATIONAL, "/forum/kepatuhan/peta.json?jenis=fkdm&tingkat=kabkota")
    items["compliance_fkdm_api"] = (NATIONAL, "/api/v1/forums/compliance/?jenis=fkdm&tingkat=kabkota")
    items["rad_completeness"] = (NATIONAL, f"/rad/kelengkapan/?periode={rad_period}")
    items["rad_completeness_province_32"] = (NATIONAL, f"/rad/kelengkapan/?periode={rad_period}&provinsi=32")
    items["rad_completeness_map_json"] = (NATIONAL, f"/rad/kelengkapan/peta.json?periode={rad_period}&tingkat=kabkota")
    items["rad_recap"] = (NATIONAL, f"/rad/rekap/?tahun={year}")
    items["rad_recap_chart"] = (NATIONAL, f"/rad/rekap/grafik.svg?tahun={year}")
    return items


def setup(scale: str = "national") -> dict[str, Any]:
    """Officers, personas, the national forum registry and RAD Terpadu (each only once)."""
    from waspada.accounts.demo import ensure_personas
    from waspada.accounts.synthetic import SCALES, synthetic_generate
    from waspada.actionplans.models import ActionPlan, ProgressReport
    from waspada.actionplans.synthetic import synthetic_actionplans_generate
    from waspada.forums.demo import demo_seed
    from waspada.forums.models import Forum, ForumDecree

    facts: dict[str, Any] = {}
    start = perf_counter()
    synthetic_generate(scale=scale, seed=1)
    ensure_personas()
    facts["officers_s"] = round(perf_counter() - start, 2)
    start = perf_counter()
    demo_seed()
    facts["forums_s"] = round(perf_counter() - start, 2)
    start = perf_counter()
    rad = synthetic_actionplans_generate(provinces=SCALES[scale], seed=1)
    facts["actionplans_s"] = round(perf_counter() - start, 2)
    facts["forums"] = Forum.objects.count()
    facts["decrees"] = ForumDecree.objects.count()
    facts["plans"] = ActionPlan.objects.count()
    facts["progress_reports"] = ProgressReport.objects.count()
    facts["rad_years"] = rad.years
    return facts


def run(repeats: int = 30, only: set[str] | None = None, scale: str = "national") -> list[Result]:
    from django.utils import timezone

    from waspada.actionplans import periods

    facts = setup(scale)
    settle_after_bulk_load(analyze_sqlite=True)
    now = timezone.now()
    rad_period = periods.latest_ended(now)
    items = pages(rad_period.key, rad_period.year if rad_period.year == now.year else now.year)
    clients: dict[str, Any] = {}
    results = []
    for name, (username, url) in items.items():
        if only and name not in only:
            continue
        client = clients.get(username) or clients.setdefault(username, client_for(username))
        extra = {**facts, "url": url, "user": username, "target_ms": TARGET_MS}
        results += time_page("forums", name, client, url, repeats, extra)
    return results


def main() -> int:
    only = {x for x in os.environ.get("BENCH_ONLY", "").split(",") if x} or None
    scale = os.environ.get("BENCH_SCALE", "national")
    return run_standalone(lambda: run(repeats=env_int("BENCH_REPEATS", 30), only=only, scale=scale), metric_width=42)


if __name__ == "__main__":
    raise SystemExit(main())
