"""Writing results: one JSON file in bench/results/ and a markdown table on stdout."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.timing import Result

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line), ""
        )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def database_facts() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {"vendor": connection.vendor, "version": version}


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def markdown(results: list[Result]) -> str:
    lines = [
        "| benchmark | metric | median | min | max | spread | runs | notes |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        notes = ""
        if "p50_ms" in r.extra:
            x = r.extra
            notes = (
                f"p50 {x['p50_ms']} ms, p95 {x['p95_ms']} ms, server CPU {x['server_cpu_ms_per_request']} ms/req, "
                f"{x['requests']} req"
            )
        elif "points" in r.extra:
            x = r.extra
            notes = (
                f"{x['points']:,} points, {x['inside_a_kabkota']:,} on land, {x['mismatches']} mismatches, "
                f"index build {x['index_build_s']} s"
            )
        lines.append(
            f"| {r.benchmark} | {r.metric} | {_number(r.median)} {r.unit} | {_number(min(r.values))} | "
            f"{_number(max(r.values))} | {r.spread_pct:.0f}% | {len(r.values)} | {notes} |"
        )
    return "\n".join(lines)


def write(payload: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"{stamp}-{payload['database']['vendor']}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path
