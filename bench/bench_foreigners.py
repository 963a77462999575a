"""Benchmark i (``foreigners``): the foreigners recap and list with 100,000 synthetic foreign
nationals, and the XLSX import of 10,000 rows (issue 7's targets: recap median server time
≤ 100 ms on SQLite and PostgreSQL; the import ≤ 20 s).

Setup: ``waspada.foreigners.synthetic.generate(100_000)`` (over the 514 kabupaten/kota, heavy-tailed;
permits in force, ending soon, expired or none; some activities; real encryption); on PostgreSQL
``VACUUM (ANALYZE)`` (``standalone.settle_after_bulk_load``), as autovacuum does after a bulk load
(the recap reads partial covering indexes: index-only scans need the visibility map). Measured through
the Django test client (the whole view: middleware, access, queries, template):

- ``recap_national``: ``/orang-asing/rekap/`` for the national analyst (every person);
- ``recap_province_drill``: ``/orang-asing/rekap/?wilayah=32`` (Jawa Barat) for the same analyst;
- ``recap_verifikator_jabar``: ``/orang-asing/rekap/`` for verifikator.jabar (scoped to province 32);
- ``list_national``: ``/orang-asing/`` (first page of 50, with each person's permit status);
- on PostgreSQL, each page's server time: its SELECTs captured once and run with
  ``EXPLAIN (ANALYZE)`` ``repeats`` times, the "Execution Time" lines summed per page view;
- ``import_10000``: ``imports.import_foreigners`` (the real path: openpyxl read, every row's
  validation, the duplicate check against the database, encryption, keyed digest, bulk insert) of a
  generated XLSX of 10,000 new people with permits, as the national analyst; wall and process CPU.
  Every repetition imports a new file (new passport numbers); building the file is not timed.

The load average (``os.getloadavg``) is stored before and after each item.

Standalone::

    .venv/bin/python -m bench.bench_foreigners            # fresh SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waspada_bench_foreigners .venv/bin/python -m bench.bench_foreigners

Environment: ``BENCH_REPEATS`` (page repetitions, 30), ``BENCH_FOREIGNERS`` (people, 100,000),
``BENCH_IMPORT_ROWS`` (10,000), ``BENCH_IMPORT_REPEATS`` (3), ``BENCH_KEEP=1`` keeps the SQLite folder.
"""

from __future__ import annotations

import io
from time import perf_counter, process_time
from typing import Any

from bench.standalone import client_for, env_int, loadavg, run_standalone, settle_after_bulk_load, time_page
from bench.timing import Result

FOREIGNERS = 100_000
IMPORT_ROWS = 10_000
TARGET_MS = 100
IMPORT_TARGET_S = 20
IMPORT_SPONSOR = "PT Impor Data (benchmark)"
PAGES = {
    "recap_national": ("analis.nasional", "/orang-asing/rekap/"),
    "recap_province_drill": ("analis.nasional", "/orang-asing/rekap/?wilayah=32"),
    "recap_verifikator_jabar": ("verifikator.jabar", "/orang-asing/rekap/"),
    "list_national": ("analis.nasional", "/orang-asing/"),
}


def setup(count: int = FOREIGNERS) -> dict[str, Any]:

    from waspada.accounts.demo import ensure_personas
    from waspada.foreigners import synthetic

    ensure_personas()
    start, start_cpu = perf_counter(), process_time()
    generated = synthetic.generate(count)
    facts = {
        "generate_s": round(perf_counter() - start, 2),
        "generate_cpu_s": round(process_time() - start_cpu, 2),
        "written": generated.people,
        "permits_written": generated.permits,
        "foreigners": synthetic.synthetic_count(),
    }
    settle_after_bulk_load()
    return facts


def import_file(rows: int, first_index: int) -> bytes:
    """An XLSX as immigration offices send it: ``rows`` new people (passport numbers from
    ``first_index``) over the kabupaten/kota in force, each with a KITAS."""
    import random
    from datetime import date, timedelta

    import xlsxwriter
    from django.utils import timezone

    from waspada.regions.models import Region

    rng = random.Random(first_index)
    today = timezone.localdate()
    codes = list(Region.objects.kabkota().valid_on(today).order_by("code").values_list("code", flat=True))
    nationalities = [("CHN", "E{:08d}"), ("KOR", "M{:08d}"), ("USA", "X{:08d}"), ("MYS", "A{:08d}")]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    header = [
        "nama", "kewarganegaraan", "jenis_kelamin", "tanggal_lahir", "nomor_paspor", "tujuan", "penjamin",
        "kode_wilayah", "alamat", "jenis_izin", "nomor_izin", "izin_mulai", "izin_sampai",
    ]  # fmt: skip
    sheet.write_row(0, 0, header)
    for n in range(rows):
        nationality, passport = nationalities[n % len(nationalities)]
        until = today + timedelta(days=rng.randint(-60, 700))
        sheet.write_row(
            n + 1,
            0,
            [
                f"Impor Orang {first_index + n}",
                nationality,
                rng.choice("LP"),
                date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
                passport.format(first_index + n),
                rng.choice(["kerja", "Wisata", "penelitian", "keagamaan"]),
                IMPORT_SPONSOR,
                rng.choice(codes),
                f"Jalan Impor No. {rng.randint(1, 500)}",
                "KITAS",
                f"2C{rng.randrange(10**9):09d}",
                (until - timedelta(days=365)).strftime("%d-%m-%Y"),
                until.isoformat(),
            ],
        )
    book.close()
    return buffer.getvalue()


def run_import(rows: int = IMPORT_ROWS, repeats: int = 3) -> list[Result]:
    from waspada.accounts.models import User
    from waspada.foreigners import imports
    from waspada.foreigners.models import ForeignNational

    user = User.objects.get(username="analis.nasional")
    values, cpu, loads = [], [], []
    for _ in range(repeats):
        # New passport numbers after the earlier runs' (a kept database is imported into again).
        first = 10_000_000 + ForeignNational.objects.filter(sponsor=IMPORT_SPONSOR).count()
        data = import_file(rows, first_index=first)
        load_before = loadavg()
        start, start_cpu = perf_counter(), process_time()
        result = imports.import_foreigners(io.BytesIO(data), actor=user)
        cpu.append(process_time() - start_cpu)
        values.append(perf_counter() - start)
        loads.append(load_before + loadavg())
        assert result.ok and result.created == rows, result.errors[:5]
    extra = {"rows": rows, "target_s": IMPORT_TARGET_S, "load": loads}
    return [
        Result("foreigners", f"import_{rows}", "s", values, extra),
        Result("foreigners", f"import_{rows}_cpu", "s", cpu, extra),
    ]


def run_pages(repeats: int = 30, facts: dict[str, Any] | None = None) -> list[Result]:
    results = []
    for name, (username, url) in PAGES.items():
        extra = {**(facts or {}), "url": url, "user": username, "target_ms": TARGET_MS}
        results += time_page("foreigners", name, client_for(username), url, repeats, extra)
    return results


def run(
    repeats: int = 30, count: int = FOREIGNERS, import_rows: int = IMPORT_ROWS, import_repeats: int = 3
) -> list[Result]:
    facts = setup(count)
    results = run_pages(repeats, facts)
    if import_rows:
        results += run_import(import_rows, import_repeats)
    return results


def main() -> int:
    return run_standalone(
        lambda: run(
            repeats=env_int("BENCH_REPEATS", 30),
            count=env_int("BENCH_FOREIGNERS", FOREIGNERS),
            import_rows=env_int("BENCH_IMPORT_ROWS", IMPORT_ROWS),
            import_repeats=env_int("BENCH_IMPORT_REPEATS", 3),
        ),
        metric_width=32,
        number="8.1f",
    )


if __name__ == "__main__":
    raise SystemExit(main())
