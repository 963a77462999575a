"""Server-rendered SVG charts (matplotlib). No pyplot: every chart is its own ``Figure`` drawn
by the Agg-family SVG canvas, so nothing is shared between requests or threads.

Text stays text in the SVG (``svg.fonttype = none``): the chart is small, searchable and the
same numbers are always printed in a table beside it for screen readers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display, whatever MPLBACKEND says; pyplot is never imported

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MultipleLocator

COMPLETENESS_COLOUR = "#1f5f8b"
TIMELINESS_COLOUR = "#c0392b"
_STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "waspada",  # stable ids: the same data gives the same bytes
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _pct(value: Decimal | None) -> float:
    return float("nan") if value is None else float(value)


def trend_svg(
    labels: Sequence[str],
    completeness: Sequence[Decimal | None],
    timeliness: Sequence[Decimal | None],
    *,
    title: str,
    completeness_label: str,
    timeliness_label: str,
    width: float = 9.0,
    height: float = 3.2,
) -> bytes:
    """Two lines (completeness and timeliness, %) over the weeks; weeks with nothing expected
    leave a gap. Returns the SVG document."""
    with rc_context(_STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        xs = list(range(len(labels)))
        axes.plot(xs, [_pct(v) for v in completeness], color=COMPLETENESS_COLOUR, linewidth=2, label=completeness_label)
        axes.plot(
            xs,
            [_pct(v) for v in timeliness],
            color=TIMELINESS_COLOUR,
            linewidth=1.5,
            linestyle="--",
            label=timeliness_label,
        )
        axes.set_ylim(0, 100)
        axes.yaxis.set_major_locator(MultipleLocator(20))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} %"))
        step = max(1, len(labels) // 8)
        ticks = xs[::step]
        if xs and ticks[-1] != xs[-1]:
            ticks.append(xs[-1])
        axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=0)
        axes.set_xlim(-0.5, max(len(labels) - 0.5, 0.5))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_title(title, loc="left", fontsize=10)
        axes.legend(loc="lower left", frameon=False, ncols=2)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()
