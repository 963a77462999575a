"""What the benchmark modules share when they run on their own (``python -m bench.bench_x``),
and the page measurement they share inside ``dev.py bench`` too.

- ``run_standalone(run_fn, ...)``: the database (``DATABASE_URL``, or a fresh SQLite file in a
  temporary folder, see ``bench.database``), Django, migrate and the regions, then ``run_fn()``,
  the results one line each, and the clean-up (``BENCH_KEEP=1`` keeps the SQLite folder);
- ``client_for(username)``: a Django test client logged in as a persona with MFA set up;
- ``time_page(...)``: one page's wall and process-CPU times and, on PostgreSQL, its server time
  (``explain_ms``: the page's SELECTs run with ``EXPLAIN (ANALYZE)``);
- ``env_int`` and ``loadavg``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

from bench.timing import Result

ROOT = Path(__file__).resolve().parent.parent
HIDDEN_FACTS = ("url", "user", "load", "bytes")  # per item, not facts of the data set


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def client_for(username: str) -> Any:
    """A test client logged in as ``username``, who has a TOTP authenticator (as a user who set
    MFA up; the MFA policy sends users without one to the set-up page)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    from waspada.accounts.models import User

    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def explain_ms(client: Any, url: str, repeats: int) -> list[float]:
    """PostgreSQL: the page's SELECTs, each run with EXPLAIN ANALYZE; per view the summed
    "Execution Time" (planning excluded), ``repeats`` times."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    totals = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            total = 0.0
            for sql in selects:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total += float(plan[0]["Execution Time"])
            totals.append(total)
    return totals


def time_page(benchmark: str, name: str, client: Any, url: str, repeats: int, extra: dict[str, Any]) -> list[Result]:
    """``client.get(url)`` once to warm (templates, the first connection), then ``repeats`` times:
    wall ms (``name``), process CPU ms (``name_cpu``; SQLite runs in this process, so on a loaded
    machine that is what the page costs; on PostgreSQL it leaves out the server's share) and, on
    PostgreSQL, the server time (``name_server``). Every answer must be 200. ``extra`` gets the
    answer's size and the load average before and after."""
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    load_before = loadavg()
    values, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = perf_counter(), process_time()
        response = client.get(url)
        cpu.append((process_time() - start_cpu) * 1000)
        values.append((perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    extra = {**extra, "bytes": len(response.content), "load": load_before + loadavg()}
    results = [Result(benchmark, name, "ms", values, extra), Result(benchmark, f"{name}_cpu", "ms", cpu, extra)]
    if connection.vendor == "postgresql":
        results.append(Result(benchmark, f"{name}_server", "ms", explain_ms(client, url, repeats), extra))
    return results


def run_standalone(
    run_fn: Callable[[], list[Result]], *, database: bool = True, metric_width: int = 30, number: str = "7.1f"
) -> int:
    """Run one benchmark module on its own and print its results, one line each.

    ``database``: choose the database, migrate it and load the regions first, and print the
    database, each item's load average and the data set's facts (the first result's ``extra``);
    without it (pure benchmarks) only Django is set up. ``metric_width`` and ``number`` (a
    format spec) shape the lines."""
    sys.path[0] = str(ROOT)
    from bench import database as bench_database
    from bench import dataset

    db = bench_database.choose(fresh=False) if database else None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if database:
        os.environ["WASPADA_DEBUG"] = "0"  # DEBUG keeps every query in memory
    import django

    django.setup()
    from django.db import connection

    try:
        if db is not None:
            dataset.migrate()
            dataset.load_regions()
        results = run_fn()
        if db is not None:
            print(f"basis data: {connection.vendor} ({db.redacted_url})")
        for r in results:
            line = (
                f"{r.metric:{metric_width}s} median {r.median:{number}} {r.unit}  min {min(r.values):{number}}"
                f"  max {max(r.values):{number}}"
            )
            if db is not None:
                line += f"  (n={len(r.values)})  load {r.extra.get('load', '')}"
            print(line)
        if db is not None and results:
            print({k: v for k, v in results[0].extra.items() if k not in HIDDEN_FACTS})
    finally:
        if db is not None and not os.environ.get("BENCH_KEEP"):  # keep the SQLite folder to measure again
            db.cleanup()
    return 0


def settle_after_bulk_load(*, analyze_sqlite: bool = False) -> None:
    """PostgreSQL: ``VACUUM (ANALYZE)`` every table after the synthetic bulk load — what autovacuum
    does within a minute of a large insert or rewrite (PostgreSQL ≥ 13 vacuums insert-only tables
    too): fresh statistics, and the visibility map that index-only scans need (without it every
    index entry is checked against the heap: the Pilkada province cells took 16 ms instead of 1.3
    on 23,000 rows). On SQLite only ``ANALYZE`` when asked (the forum benchmark was measured so)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
        elif analyze_sqlite:
            cursor.execute("ANALYZE")
