"""Run the Waspada benchmark suite: ``python3 dev.py bench [--only NAME] [--quick]``.

Sets up its own database (a fresh SQLite file in a temporary folder, or ``DATABASE_URL``),
migrates it, loads regions, imports boundaries and generates the national synthetic data
set, then runs the chosen benchmarks and writes bench/results/<time>-<vendor>.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # import bench.* and waspada.*; never shadow a library with bench/*.py

from bench import database  # noqa: E402
from bench.timing import Result  # noqa: E402

BENCHMARKS = (
    "load_regions",
    "region_at",
    "api",
    "reports",
    "incidents",
    "detectors",
    "alerts",
    "elections",
    "vulnerability",
    "forums",
    "foreigners",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--"]:  # ``dev.py bench -- --quick`` passes the separator through
        argv = argv[1:]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, points and requests")
    parser.add_argument(
        "--fresh-db", action="store_true", help="drop the DATABASE_URL database first (name must contain 'bench')"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite folder")
    parser.add_argument("--points", type=int, help="region_at points (default 20,000; quick 2,000)")
    parser.add_argument("--requests", type=int, help="API requests per endpoint and persona (default 2,000; quick 200)")
    parser.add_argument(
        "--import-rows", type=int, help="incidents: CSV rows imported (default 100,000; quick 10,000; 0 = skip)"
    )
    parser.add_argument("--threads", type=int, default=4, help="API client connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--conn-max-age", type=int, help="DB_CONN_MAX_AGE for gunicorn (default: the app's, 0 = connect per request)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = database.choose(fresh=args.fresh_db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["WASPADA_DEBUG"] = "0"  # DEBUG keeps every query in memory and slows everything
    if args.conn_max_age is not None:
        os.environ["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    try:
        import django

        django.setup()
        from bench import report

        payload, results = run_benchmarks(args, db)
        path = report.write(payload)
    finally:
        if not args.keep:
            db.cleanup()
    print_summary(payload, results, path)
    return 0


def run_benchmarks(args: argparse.Namespace, db: database.BenchDatabase) -> tuple[dict[str, Any], list[Result]]:
    """Set the database up, run the selected benchmarks; the JSON payload and the results."""
    from bench import (
        bench_alerts,
        bench_api,
        bench_detectors,
        bench_elections,
        bench_foreigners,
        bench_forums,
        bench_incidents,
        bench_load_regions,
        bench_region_at,
        bench_reports,
        bench_vulnerability,
        dataset,
        report,
    )
    from bench.dataset import say

    selected, quick = args.only or list(BENCHMARKS), args.quick
    say(f"basis data: {db.redacted_url}")
    started = datetime.now(UTC)
    machine_at_start = report.machine()
    setup: dict[str, float] = {"migrate": dataset.migrate()}
    results: list[Result] = []
    skipped: dict[str, str] = {}
    if "load_regions" in selected:
        results += bench_load_regions.run(repeats=2 if quick else 5)
    setup["load_regions"] = dataset.load_regions()
    if "incidents" in selected:  # before the synthetic set: its incidents get points only inside boundaries
        imported = dataset.import_boundaries(dataset.boundaries_dir())
        if imported is None:
            skipped["incidents"] = (
                f"no kabkota.* boundary file in {dataset.boundaries_dir()} (set WASPADA_BOUNDARIES_DIR)"
            )
            selected = [name for name in selected if name != "incidents"]
        else:
            setup.update(imported)
    setup.update(dataset.generate_synthetic())
    if "region_at" in selected:
        folder = dataset.boundaries_dir()
        imported = dataset.import_boundaries(folder)
        if imported is None:
            skipped["region_at"] = f"no kabkota.* boundary file in {folder} (set WASPADA_BOUNDARIES_DIR)"
            say(f"region_at dilewati: tidak ada berkas kabkota.* di {folder} (atur WASPADA_BOUNDARIES_DIR).")
        else:
            setup.update(imported)
            results += bench_region_at.run(args.points or (2_000 if quick else 20_000), repeats=3 if quick else 7)
    if "api" in selected:
        requests = args.requests or (200 if quick else 2_000)
        log_dir = db.temp_dir or Path(tempfile.gettempdir())
        results += bench_api.run(requests, 2 if quick else 4, args.threads, args.workers, log_dir)
    if "reports" in selected:
        results += bench_reports.run(repeats=10 if quick else 30)
    if "incidents" in selected:
        results += bench_incidents.run(
            repeats=10 if quick else 30,
            import_rows=args.import_rows if args.import_rows is not None else 10_000 if quick else 100_000,
            rebuilds=1 if quick else 3,
        )
    if "detectors" in selected:  # pure numpy on generated series: independent of the data set
        results += bench_detectors.run(repeats=3 if quick else 7)
    if "alerts" in selected:  # the full weekly detection run over the synthetic set's rollup
        results += bench_alerts.run(repeats=1 if quick else 3)
    if "elections" in selected:  # 100,000 synthetic prokes violations over the 2020 contests
        results += bench_elections.run(repeats=10 if quick else 30)
    if "vulnerability" in selected:  # pure scoring 514 × 60; deriving the data-Waspada framework
        results += bench_vulnerability.run(repeats=3 if quick else 7)
    if "forums" in selected:  # forum compliance and RAD Terpadu pages over all 552 regions
        results += bench_forums.run(repeats=10 if quick else 30)
    if "foreigners" in selected:  # 100,000 synthetic foreign nationals; the XLSX import of 10,000 rows
        results += bench_foreigners.run(
            repeats=10 if quick else 30,
            count=20_000 if quick else bench_foreigners.FOREIGNERS,
            import_rows=2_000 if quick else bench_foreigners.IMPORT_ROWS,
            import_repeats=1 if quick else 3,
        )
    payload: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine_at_start,
        "loadavg_at_end": report.machine()["loadavg_1_5_15"],
        "database": {
            **report.database_facts(),
            "url": db.redacted_url,
            "conn_max_age": int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        },
        "setup_seconds": {k: round(v, 3) for k, v in setup.items()},
        "skipped": skipped,
        "results": [r.as_dict() for r in results],
    }
    return payload, results


def print_summary(payload: dict[str, Any], results: list[Result], path: Path) -> None:
    from bench import report

    m, dbf = payload["machine"], payload["database"]
    print(
        f"\nWaspada bench — {dbf['vendor']} {dbf['version']} (CONN_MAX_AGE {dbf['conn_max_age']}), "
        f"{m['nproc']} CPU {m['cpu']}, Python {m['python']}, {payload['started_at'][:10]}, "
        f"load average {m['loadavg_1_5_15'][0]} at start, {payload['loadavg_at_end'][0]} at end\n"
    )
    print("setup: " + ", ".join(f"{k} {v:.2f} s" for k, v in payload["setup_seconds"].items()) + "\n")
    print(report.markdown(results))
    for name, why in payload["skipped"].items():
        print(f"\n{name} skipped: {why}")
    print(f"\nresults: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
