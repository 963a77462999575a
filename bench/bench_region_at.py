"""Benchmark b: ``geo.region_at`` lookups per second against a raw shapely STRtree.

The same deterministic random points inside Indonesia's bounding box go through
``region_at`` and through an STRtree built here from the same RegionBoundary rows
(``shapely.from_wkb`` → ``STRtree`` → ``tree.query(Point, predicate="intersects")``).
Ratio = region_at rate / raw rate; the target is ≥ 0.5. Within each run the methods take
turns on chunks of ``CHUNK`` points, so that a busy machine slows all of them alike. Rates
are per second of this process's CPU time (the loop is single-threaded, so on an idle machine
that equals wall time; on a shared one it leaves out the time other processes held the CPU);
wall-clock rates are kept in the JSON as ``wall_rates``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from time import perf_counter, process_time

import shapely
from shapely import STRtree

from bench.dataset import say
from bench.timing import Result

BBOX = (95.0, -11.0, 141.0, 6.0)  # lon min, lat min, lon max, lat max
TARGET_RATIO = 0.5
CHUNK = 500


def points(count: int, seed: int = 1) -> list[tuple[float, float]]:
    """``count`` (lat, lon) pairs, uniform in BBOX, the same for the same seed."""
    rng = random.Random(seed)
    lon0, lat0, lon1, lat1 = BBOX
    return [(rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)) for _ in range(count)]


def _raw_tree(prepared: bool) -> tuple[STRtree, list[str]]:
    from waspada.regions.models import Region, RegionBoundary

    rows = list(
        RegionBoundary.objects.filter(region__level__in=Region.KABKOTA_LEVELS)
        .order_by("region__code")
        .values_list("region__code", "geometry_wkb")
    )
    geoms = shapely.from_wkb([bytes(wkb) for _, wkb in rows])
    if prepared:
        shapely.prepare(geoms)
    return STRtree(geoms), [code for code, _ in rows]


def _interleaved_rates(
    methods: dict[str, Callable[[float, float], object]], pts: list[tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """(per CPU second, per wall second) lookup rates of each method over all ``pts``,
    the methods taking turns chunk by chunk."""
    cpu = dict.fromkeys(methods, 0.0)
    wall = dict.fromkeys(methods, 0.0)
    names = list(methods)
    for n, offset in enumerate(range(0, len(pts), CHUNK)):
        chunk = pts[offset : offset + CHUNK]
        for name in names[n % len(names) :] + names[: n % len(names)]:  # rotate who goes first
            lookup = methods[name]
            start, start_cpu = perf_counter(), process_time()
            for lat, lon in chunk:
                lookup(lat, lon)
            cpu[name] += process_time() - start_cpu
            wall[name] += perf_counter() - start
    return {name: (len(pts) / cpu[name], len(pts) / wall[name]) for name in methods}


def run(count: int, repeats: int) -> list[Result]:
    from waspada.regions import geo

    pts = points(count)
    geo.invalidate()
    start = perf_counter()
    geo.region_at(0.0, 0.0)
    build_s = perf_counter() - start
    tree, codes = _raw_tree(prepared=False)
    ptree, _ = _raw_tree(prepared=True)

    def raw(lat: float, lon: float) -> object:
        return tree.query(shapely.Point(lon, lat), predicate="intersects")

    def raw_prepared(lat: float, lon: float) -> object:
        return ptree.query(shapely.Point(lon, lat), predicate="intersects")

    # Same answers first: region_at must agree with the raw tree (lowest code on a border).
    mismatches, hits = 0, 0
    for lat, lon in pts:
        region = geo.region_at(lat, lon)
        found = tree.query(shapely.Point(lon, lat), predicate="intersects")
        expected = codes[int(found.min())] if len(found) else None
        hits += expected is not None
        mismatches += (region.code if region else None) != expected
    methods: dict[str, Callable[[float, float], object]] = {
        "region_at": geo.region_at,
        "raw": raw,
        "raw_prepared": raw_prepared,
    }
    rates: dict[str, list[float]] = {name: [] for name in methods}
    wall: dict[str, list[float]] = {name: [] for name in methods}
    for i in range(repeats):
        for name, (cpu_rate, wall_rate) in _interleaved_rates(methods, pts).items():
            rates[name].append(cpu_rate)
            wall[name].append(round(wall_rate))
        say(f"region_at {i + 1}/{repeats}: " + ", ".join(f"{k} {v[-1]:,.0f}/s" for k, v in rates.items()))
    ratios = [a / b for a, b in zip(rates["region_at"], rates["raw"], strict=True)]
    facts = {"points": count, "inside_a_kabkota": hits, "mismatches": mismatches, "index_build_s": round(build_s, 3)}
    return [
        Result(
            "region_at",
            "geo.region_at",
            "lookups/CPU s",
            rates["region_at"],
            {**facts, "wall_rates": wall["region_at"]},
        ),
        Result("region_at", "raw STRtree.query", "lookups/CPU s", rates["raw"], {"wall_rates": wall["raw"]}),
        Result(
            "region_at",
            "raw STRtree.query, prepared geometries (info)",
            "lookups/CPU s",
            rates["raw_prepared"],
            {"wall_rates": wall["raw_prepared"]},
        ),
        Result("region_at", f"ratio region_at / raw (target ≥ {TARGET_RATIO})", "×", ratios),
    ]
