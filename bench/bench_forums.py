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
``BENCH_ONLY=compliance_fkdm_kabkota,rad_recap`` measures only the named items.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

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


def setup() -> dict[str, Any]:
    """Officers, personas, the national forum registry and RAD Terpadu (each only once)."""
    from waspada.accounts.demo import ensure_personas
    from waspada.accounts.synthetic import synthetic_generate
    from waspada.actionplans.models import ActionPlan, ProgressReport
    from waspada.actionplans.synthetic import synthetic_actionplans_generate
    from waspada.forums.demo import demo_seed
    from waspada.forums.models import Forum, ForumDecree

    facts: dict[str, Any] = {}
    start = perf_counter()
    synthetic_generate(scale="national", seed=1)
    ensure_personas()
    facts["officers_s"] = round(perf_counter() - start, 2)
    start = perf_counter()
    demo_seed()
    facts["forums_s"] = round(perf_counter() - start, 2)
    start = perf_counter()
    rad = synthetic_actionplans_generate(seed=1)
    facts["actionplans_s"] = round(perf_counter() - start, 2)
    facts["forums"] = Forum.objects.count()
    facts["decrees"] = ForumDecree.objects.count()
    facts["plans"] = ActionPlan.objects.count()
    facts["progress_reports"] = ProgressReport.objects.count()
    facts["rad_years"] = rad.years
    return facts


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after the bulk load, as autovacuum would


def run(repeats: int = 30, only: set[str] | None = None) -> list[Result]:
    from django.db import connection
    from django.utils import timezone

    from bench.bench_elections import _client, _server_ms
    from waspada.actionplans import periods

    facts = setup()
    _analyze()
    now = timezone.now()
    rad_period = periods.latest_ended(now)
    items = pages(rad_period.key, rad_period.year if rad_period.year == now.year else now.year)
    clients: dict[str, Any] = {}
    results = []
    for name, (username, url) in items.items():
        if only and name not in only:
            continue
        client = clients.get(username) or clients.setdefault(username, _client(username))
        response = client.get(url)  # warm: templates, the first connection
        assert response.status_code == 200, (url, response.status_code)
        load_before = os.getloadavg()
        values, cpu = [], []
        size = 0
        for _ in range(repeats):
            start, start_cpu = perf_counter(), process_time()
            response = client.get(url)
            cpu.append((process_time() - start_cpu) * 1000)
            values.append((perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        extra = {
            **facts,
            "url": url,
            "user": username,
            "bytes": size,
            "target_ms": TARGET_MS,
            "load": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        }
        results.append(Result("forums", name, "ms", values, extra))
        results.append(Result("forums", f"{name}_cpu", "ms", cpu, extra))
        if connection.vendor == "postgresql":
            results.append(Result("forums", f"{name}_server", "ms", _server_ms(client, url, repeats), extra))
    return results


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    sys.path[0] = str(root)
    from bench import database, dataset

    db = database.choose(fresh=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["WASPADA_DEBUG"] = "0"
    import django

    django.setup()
    from django.db import connection

    try:
        dataset.migrate()
        dataset.load_regions()
        repeats = int(os.environ.get("BENCH_REPEATS", "30"))
        only = {x for x in os.environ.get("BENCH_ONLY", "").split(",") if x} or None
        results = run(repeats=repeats, only=only)
        print(f"basis data: {connection.vendor} ({db.redacted_url})")
        for r in results:
            print(
                f"{r.metric:42s} median {r.median:7.1f} ms  min {min(r.values):7.1f}  max {max(r.values):7.1f}"
                f"  (n={len(r.values)})  load {r.extra.get('load', '')}"
            )
        if results:
            print({k: v for k, v in results[0].extra.items() if k not in ("url", "user", "load", "bytes")})
    finally:
        if not os.environ.get("BENCH_KEEP"):  # keep the SQLite folder to measure again
            db.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
