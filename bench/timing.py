"""Small statistics for repeated measurements: median and spread, percentiles."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from time import perf_counter
from typing import Any


@dataclass
class Result:
    """One reported number: the median of ``values`` and how far the runs spread."""

    benchmark: str
    metric: str
    unit: str
    values: list[float]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread_pct(self) -> float:
        """(max − min) / median, in percent: 0 for a single run."""
        if len(self.values) < 2 or self.median == 0:
            return 0.0
        return (max(self.values) - min(self.values)) / self.median * 100

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(median=self.median, min=min(self.values), max=max(self.values), spread_pct=self.spread_pct)
        return data


def timed(fn: Callable[[], Any]) -> float:
    """Wall-clock seconds of one call."""
    start = perf_counter()
    fn()
    return perf_counter() - start


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]
