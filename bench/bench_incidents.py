"""Benchmark e: the incident register on the national synthetic set (1,000,000 incidents, 2016–2025).

Issue 4's targets, each the median of repeated calls in this process (server time: Django's test
client through the whole middleware stack, or the functions the views call, without a network):

- the national recap of one year (provinces × categories, months in the trend, comparisons, top
  kabupaten/kota) ≤ 100 ms: ``incidents.recap.recap`` as ``views/recap.py`` calls it, and the page
  ``/peristiwa/rekap/``;
- the choropleth data of four weeks ≤ 50 ms: ``recap.kabkota_counts`` and ``rekap/peta.json``;
- the first page of the incident list ≤ 50 ms: the page ``incidents:list`` when it exists, else
  the query the list runs (filters applied to the user's incidents, newest first, 25 rows with
  their regions and categories) — the result says which;
- the full rollup rebuild ≤ 60 s;
- importing 100,000 CSV rows with coordinates (point-in-polygon for each row) ≥ 5,000 rows/s,
  beside a bare ``bulk_create`` of the same rows in the same run (the ratio is reported). The
  imported rows are removed afterwards and the rollup rebuilt (that rebuild is the measured one).

Every answer is checked (status 200, the figures present) so a fast error cannot pass.
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

from bench.bench_reports import _get_ok, _ms
from bench.dataset import say
from bench.standalone import client_for
from bench.timing import Result

PERSONA = "an.nasional"
YEAR = date(2025, 1, 1)
FOUR_WEEKS = (date(2025, 12, 1), date(2025, 12, 28))  # four Mondays: 1, 8, 15, 22 December
IMPORT_ROWS = 100_000
IMPORT_SOURCE = "bench-impor"
BARE_SOURCE = "bench-bare"


def run(repeats: int, import_rows: int = IMPORT_ROWS, rebuilds: int = 3) -> list[Result]:
    from waspada.accounts.models import User
    from waspada.incidents import periods
    from waspada.incidents import recap as data
    from waspada.incidents.models import Incident

    user = User.objects.get(username=PERSONA)
    client = client_for(PERSONA)
    total = Incident.objects.count()
    say(f"incidents: {total:,} peristiwa")
    results: list[Result] = []
    facts = {"incidents": total}

    year = periods.period_of("year", YEAR)
    filters = data.RecapFilters(period=year)

    def national_recap() -> None:
        result = data.recap(user, filters)
        if not result.totals["incidents"] or len(result.trend) != 12:
            raise RuntimeError("national recap: no incidents or not twelve months")

    results.append(_measure("national recap of a year (function)", national_recap, repeats, 100, facts))
    query = f"periode=year&tanggal={YEAR.isoformat()}"
    results.append(
        _measure(
            "national recap page of a year",
            _get_ok(client, f"/peristiwa/rekap/?{query}", "Tahun 2025"),
            repeats,
            100,
            {**facts, "path": f"/peristiwa/rekap/?{query}"},
        )
    )

    weeks = data.RecapFilters(period=periods.custom(*FOUR_WEEKS))

    def choropleth() -> None:
        if not data.kabkota_counts(user, weeks):
            raise RuntimeError("choropleth: no counts")

    results.append(_measure("choropleth counts of four weeks (function)", choropleth, repeats * 2, 50, facts))
    query = f"periode=custom&dari={FOUR_WEEKS[0].isoformat()}&sampai={FOUR_WEEKS[1].isoformat()}"
    results.append(
        _measure(
            "choropleth peta.json of four weeks",
            _get_ok(client, f"/peristiwa/rekap/peta.json?{query}", '"'),
            repeats * 2,
            50,
            {**facts, "path": f"/peristiwa/rekap/peta.json?{query}"},
        )
    )
    results.append(_list_page(user, client, repeats * 2, facts))
    if import_rows:
        results += run_import(import_rows)
    if rebuilds:
        results.append(run_rebuild(facts, rebuilds))
    return results


def _server_cpu() -> Callable[[], float] | None:
    """PostgreSQL on this machine: a reader of the CPU seconds of this connection's server
    process (``/proc/<pg_backend_pid>/stat``); None elsewhere."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    if not stat.exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


SERVER_CPU: list[float] = []  # the last timed_wall_cpu's server CPU seconds per call (PostgreSQL)


def timed_wall_cpu(fn: Callable[[], Any], repeats: int, warmup: int = 2) -> tuple[list[float], list[float]]:
    """Wall seconds and this process's CPU seconds of each call. On a shared machine the wall time
    includes the time other processes held the CPU; the CPU time does not. On PostgreSQL the
    server's own CPU time per call (its process, 10 ms ticks) goes to ``SERVER_CPU``."""
    for _ in range(warmup):
        fn()
    server = _server_cpu()
    wall, cpu = [], []
    SERVER_CPU.clear()
    for _ in range(repeats):
        start_server = server() if server else 0.0
        start, start_cpu = perf_counter(), process_time()
        fn()
        cpu.append(process_time() - start_cpu)
        wall.append(perf_counter() - start)
        if server:
            SERVER_CPU.append(server() - start_server)
    return wall, cpu


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _measure(metric: str, fn: Callable[[], Any], repeats: int, target_ms: int, extra: dict[str, Any]) -> Result:
    values, cpu = timed_wall_cpu(fn, repeats)
    server = f", server CPU {statistics.mean(SERVER_CPU) * 1000:.1f} ms (mean)" if SERVER_CPU else ""
    say(
        f"incidents {metric}: median {_median(values) * 1000:.1f} ms, process CPU {_median(cpu) * 1000:.1f} ms"
        f"{server} (target {target_ms} ms)"
    )
    more = {"server_cpu_ms_mean": round(statistics.mean(SERVER_CPU) * 1000, 2)} if SERVER_CPU else {}
    return Result(
        "incidents",
        metric,
        "ms",
        _ms(values),
        {**extra, "target_ms": target_ms, "process_cpu_ms_median": round(_median(cpu) * 1000, 2), **more},
    )


def _list_page(user: Any, client: Any, repeats: int, facts: dict[str, Any]) -> Result:
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("incidents:list")
    except NoReverseMatch:
        url = ""
    if url:
        return _measure(
            "incident list, first page", _get_ok(client, url, "</table>"), repeats, 50, {**facts, "path": url}
        )
    from waspada.incidents import filters, selectors

    def first_page() -> None:
        page = list(
            filters.IncidentFilters()
            .apply(selectors.incidents_for(user))
            .select_related("region", "category", "kabkota", "province")
            .order_by("-occurred_on", "-id")[:25]
        )
        if len(page) != 25:
            raise RuntimeError("incident list: fewer than 25 rows")

    return _measure(
        "incident list, first page (query only: no list page yet)",
        first_page,
        repeats,
        50,
        {**facts, "note": "incidents:list not routed; the list query measured"},
    )


def run_rebuild(facts: dict[str, Any], repeats: int = 3) -> Result:
    from waspada.incidents import rollup

    cells: list[int] = []
    values, cpu = timed_wall_cpu(lambda: cells.append(rollup.rebuild()), repeats, warmup=0)
    server = {"server_cpu_s_mean": round(statistics.mean(SERVER_CPU), 2)} if SERVER_CPU else {}
    say(
        f"incidents rollup rebuild: median {_median(values):.1f} s, process CPU {_median(cpu):.1f} s, "
        f"{cells[-1]:,} cells"
    )
    return Result(
        "incidents",
        "full rollup rebuild",
        "s",
        values,
        {**facts, "cells": cells[-1], "target_s": 60, "process_cpu_s_median": round(_median(cpu), 2), **server},
    )


# --- import -------------------------------------------------------------------------------------


def _import_rows(count: int) -> list[dict[str, Any]]:
    """``count`` rows shaped like a partner's file: a date, a title, a category, the point only
    (the region comes from point-in-polygon), impacts and a source — from the synthetic plan."""
    from waspada.incidents import synthetic

    world = synthetic.load_world(seed=77)
    if not world.points:
        raise RuntimeError("no kabupaten/kota boundaries imported: the import benchmark needs points")
    plan = synthetic.plan(world, synthetic.Spec(count=count * 3, seed=77))  # ~45 % have a point
    category_codes = [code for _pk, code in world.categories]
    rows: list[dict[str, Any]] = []
    for i in range(len(plan)):
        if plan.point[i] < 0:
            continue
        kabkota_id = world.kabkota_ids[int(plan.kabkota[i])]
        lats, lons = world.points[kabkota_id]
        day = date.fromordinal(synthetic.FIRST_DAY.toordinal() + int(plan.day[i]))
        code = category_codes[int(plan.category[i])]
        rows.append(
            {
                "id": f"B{i:07d}",
                "tanggal": day.isoformat(),
                "judul": synthetic.TITLES.get(code, ("Peristiwa di {place}",))[0].format(
                    place=world.kabkota_names[int(plan.kabkota[i])]
                ),
                "kategori": code,
                "lintang": f"{lats[int(plan.point[i])]:.6f}",
                "bujur": f"{lons[int(plan.point[i])]:.6f}",
                "meninggal": int(plan.impacts["killed"][i]),
                "luka": int(plan.impacts["injured"][i]),
                "mengungsi": int(plan.impacts["displaced"][i]),
                "sumber": "Kompas",
                "_kabkota": kabkota_id,
                "_category": world.categories[int(plan.category[i])][0],
            }
        )
        if len(rows) == count:
            break
    return rows


MAPPING = {
    "name": "Bench: impor 100.000 baris",
    "external_source": IMPORT_SOURCE,
    "columns": {
        "id": "external_id",
        "tanggal": "occurred_on",
        "judul": "title",
        "kategori": "category",
        "lintang": "latitude",
        "bujur": "longitude",
        "meninggal": "killed",
        "luka": "injured",
        "mengungsi": "displaced",
        "sumber": "source_name",
    },
    "defaults": {"date_precision": "hari", "source_kind": "media"},
    "values": {},
    "date_formats": ["%Y-%m-%d"],
    "code_set": None,
}


def _remove(source: str) -> int:
    from django.db import transaction

    from waspada.incidents.models import Incident, IncidentSource

    with transaction.atomic():
        ids = Incident.objects.filter(external_source=source)
        IncidentSource.objects.filter(incident__in=ids).delete()
        removed, _by_model = ids.delete()
    return removed


def _bare_bulk_create(rows: list[dict[str, Any]]) -> float:
    """The floor: the same rows as model instances (region already known), ``bulk_create`` in
    batches of 2,000 in one transaction, with one source each — nothing checked, no point lookup."""
    from django.db import transaction

    from waspada.incidents.models import Incident, IncidentSource, week_start_of
    from waspada.regions.models import Region

    provinces = dict(Region.objects.filter(pk__in={r["_kabkota"] for r in rows}).values_list("pk", "province_id"))
    start = perf_counter()
    with transaction.atomic():
        for i in range(0, len(rows), 2000):
            batch = []
            for r in rows[i : i + 2000]:
                day = date.fromisoformat(r["tanggal"])
                batch.append(
                    Incident(
                        title=r["judul"],
                        occurred_on=day,
                        week_start=week_start_of(day),
                        reported_on=day,
                        region_id=r["_kabkota"],
                        kabkota_id=r["_kabkota"],
                        province_id=provinces[r["_kabkota"]],
                        point_kabkota_id=r["_kabkota"],
                        latitude=r["lintang"],
                        longitude=r["bujur"],
                        category_id=r["_category"],
                        killed=r["meninggal"],
                        injured=r["luka"],
                        displaced=r["mengungsi"],
                        external_source=BARE_SOURCE,
                        external_id=r["id"],
                    )
                )
            created = Incident.objects.bulk_create(batch)
            IncidentSource.objects.bulk_create(
                IncidentSource(incident=incident, kind="media", name="Kompas") for incident in created
            )
    return perf_counter() - start


def run_import(count: int) -> list[Result]:
    from waspada.incidents import importing, location

    say(f"incidents impor: menyiapkan {count:,} baris")
    _remove(IMPORT_SOURCE)
    _remove(BARE_SOURCE)
    rows = _import_rows(count)
    with tempfile.TemporaryDirectory(prefix="waspada-bench-import-") as folder:
        path = Path(folder) / "peristiwa.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=[k for k in rows[0] if not k.startswith("_")])
            writer.writeheader()
            for r in rows:
                writer.writerow({k: v for k, v in r.items() if not k.startswith("_")})
        mapping = json.loads(json.dumps(MAPPING))
        # The point index is built once per process (as in a long-running worker); not timed here.
        index_s = perf_counter()
        location.kabkota_at(-6.9175, 107.6191)
        index_s = perf_counter() - index_s
        start, start_cpu = perf_counter(), process_time()
        result = importing.run(path, mapping, user=None, dry_run=False)
        seconds, import_cpu = perf_counter() - start, process_time() - start_cpu
    if not result.ok or result.new != len(rows):
        raise RuntimeError(f"import failed: {result.as_dict(limit=5)}")
    removed = _remove(IMPORT_SOURCE)
    start_cpu = process_time()
    bare = _bare_bulk_create(rows)
    bare_cpu = process_time() - start_cpu
    _remove(BARE_SOURCE)
    rate = len(rows) / seconds
    say(
        f"incidents impor {len(rows):,} baris: {seconds:.1f} s = {rate:,.0f} baris/s; bulk_create polos "
        f"{bare:.1f} s; rasio {seconds / bare:.1f}×; CPU proses {import_cpu:.1f} s lawan {bare_cpu:.1f} s "
        f"(indeks titik {index_s:.1f} s, tidak dihitung; "
        f"dihapus lagi: {removed:,})"
    )
    return [
        Result(
            "incidents",
            f"import {len(rows):,} CSV rows with point-in-polygon",
            "rows/s",
            [rate],
            {
                "seconds": round(seconds, 2),
                "bare_bulk_create_s": round(bare, 2),
                "ratio_to_bare_bulk_create": round(seconds / bare, 2),
                "point_index_build_s": round(index_s, 2),
                "process_cpu_s": round(import_cpu, 2),
                "bare_process_cpu_s": round(bare_cpu, 2),
                "rows_per_process_cpu_s": round(len(rows) / import_cpu),
                "target_rows_per_s": 5000,
            },
        )
    ]
