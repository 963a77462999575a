"""Benchmark d: the weekly-report pages, API and exports on the national synthetic data set.

Issue 3's targets, each the median of repeated calls, measured in this process through Django's
test client (the full middleware stack, the view, the template: the server's time, without a
network or a browser):

- the completeness page for one week with its 52-week heat table (national analis: provinces
  as rows; a province verifikator: its kabupaten/kota as rows, cell by cell) ≤ 150 ms;
- ``GET /api/v1/reports/completeness/?period=…&level=kabkota`` ≤ 50 ms;
- the national XLSX for one week ≤ 5 s and the national PDF ≤ 15 s (the export builders called
  directly, as the background task calls them; each run writes the whole file).

Every response is checked (status 200, the figures present) so a fast error page cannot pass.
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter
from typing import Any

from bench.dataset import say
from bench.standalone import client_for
from bench.timing import Result

# (persona, level shown) — the national analis sees provinces, the province verifikator its kabupaten/kota.
PAGE_PERSONAS = ("an.nasional", "ver.32")


def timed_calls(fn: Callable[[], Any], repeats: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    values = []
    for _ in range(repeats):
        start = perf_counter()
        fn()
        values.append(perf_counter() - start)
    return values


def _get_ok(client: Any, url: str, must_contain: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url)
        if response.status_code != 200 or must_contain.encode() not in response.content:
            raise RuntimeError(f"{url}: status {response.status_code}, '{must_contain}' not in the answer")
        return response

    return call


def run(repeats: int) -> list[Result]:
    from waspada.reports.selectors import default_week

    week = default_week()
    results = []
    for username in PAGE_PERSONAS:
        client = client_for(username)
        url = f"/laporan/kelengkapan/?periode={week.key}"
        values = timed_calls(_get_ok(client, url, week.key), repeats)
        results.append(
            Result(
                "reports",
                f"completeness page + 52-week heat table, {username}",
                "ms",
                _ms(values),
                {
                    "path": url,
                    "target_ms": 150,
                },
            )
        )
        say(f"reports halaman kelengkapan {username}: median {sorted(_ms(values))[len(values) // 2]:.1f} ms")
        api = f"/api/v1/reports/completeness/?period={week.key}&level=kabkota"
        values = timed_calls(_get_ok(client, api, '"expected"'), repeats * 2)
        results.append(
            Result(
                "reports",
                f"completeness API kabkota, {username}",
                "ms",
                _ms(values),
                {
                    "path": api,
                    "target_ms": 50,
                },
            )
        )
        say(f"reports API kelengkapan {username}: median {sorted(_ms(values))[len(values) // 2]:.1f} ms")
    results += run_exports(week, max(3, repeats // 5))
    return results


def _ms(values: list[float]) -> list[float]:
    return [round(v * 1000, 3) for v in values]


def run_exports(week: Any, repeats: int) -> list[Result]:
    from waspada.accounts.models import User
    from waspada.reports import exports
    from waspada.reports.recap import Filters

    user = User.objects.get(username="an.nasional")
    filters = Filters(week=week)  # national, every kabupaten/kota and province, every section
    results = []
    for kind, target in (("xlsx", 5), ("pdf", 15)):
        sizes: list[int] = []

        def build(kind: str = kind, sizes: list[int] = sizes) -> None:
            if kind == "xlsx":
                data = exports.recap_xlsx(user, filters)
            else:
                data, _data_hash = exports.recap_pdf(user, filters)
            if not data.startswith(b"PK" if kind == "xlsx" else b"%PDF"):
                raise RuntimeError(f"{kind}: not a {kind} file")
            sizes.append(len(data))

        values = timed_calls(build, repeats, warmup=1)
        results.append(
            Result(
                "reports",
                f"national {kind.upper()} for one week",
                "s",
                values,
                {
                    "target_s": target,
                    "bytes": sizes[-1],
                },
            )
        )
        say(f"reports ekspor {kind}: median {sorted(values)[len(values) // 2]:.2f} s, {sizes[-1]:,} bita")
    return results
