"""``region_at(lat, lon)``: which kabupaten/kota contains a point.

An STRtree over the imported kabupaten/kota boundaries is built once per process and kept;
a boundary import in this process invalidates it, and other processes notice through a
cheap stamp checked at most every ``STAMP_TTL`` seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree

from waspada.regions.models import Region, RegionBoundary

STAMP_TTL = 30.0


@dataclass
class _Index:
    tree: STRtree
    regions: list[Region]
    stamp: tuple[int, str]
    checked_at: float


_lock = threading.Lock()
_index: _Index | None = None


def _stamp() -> tuple[int, str]:
    qs = RegionBoundary.objects.filter(region__level__in=Region.KABKOTA_LEVELS)
    latest = qs.order_by("-imported_at").values_list("imported_at", flat=True).first()
    return qs.count(), str(latest)


def _build() -> _Index:
    boundaries = list(
        RegionBoundary.objects.filter(region__level__in=Region.KABKOTA_LEVELS)
        .select_related("region")
        .order_by("region__code")
    )
    geoms = shapely.from_wkb([bytes(b.geometry_wkb) for b in boundaries]) if boundaries else np.array([])
    shapely.prepare(geoms)
    return _Index(STRtree(geoms), [b.region for b in boundaries], _stamp(), time.monotonic())


def _current() -> _Index:
    global _index
    index = _index
    if index is not None and time.monotonic() - index.checked_at < STAMP_TTL:
        return index
    with _lock:
        if _index is None or _index.stamp != _stamp():
            _index = _build()
        _index.checked_at = time.monotonic()
        return _index


def invalidate() -> None:
    global _index
    with _lock:
        _index = None


def region_at(lat: float, lon: float) -> Region | None:
    """The kabupaten/kota containing (lat, lon), or None at sea or without boundaries."""
    index = _current()
    hits = index.tree.query(shapely.Point(lon, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    # A point exactly on a shared border touches two regions; take the lower code, always.
    return index.regions[int(hits.min())]


def regions_at(points: list[tuple[float, float]]) -> list[Region | None]:
    """``region_at`` for many (lat, lon) points at once: one vectorised STRtree query (imports)."""
    if not points:
        return []
    index = _current()
    if len(index.regions) == 0:
        return [None] * len(points)
    coords = np.asarray(points, dtype=float)
    geoms = shapely.points(coords[:, 1], coords[:, 0])
    hit_points, hit_regions = index.tree.query(geoms, predicate="intersects")
    # Lowest region index per point (a point on a shared border: the lower code, as region_at).
    best = np.full(len(points), len(index.regions), dtype=np.int64)
    np.minimum.at(best, hit_points, hit_regions)
    return [index.regions[int(i)] if i < len(index.regions) else None for i in best]
