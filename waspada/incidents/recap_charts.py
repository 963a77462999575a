"""The recap's trend chart: incidents per week or month as bars, a server-rendered SVG
(matplotlib, no pyplot; the same conventions as ``waspada/reports/charts.py``). The page prints
the same numbers in a table beside it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display, whatever MPLBACKEND says; pyplot is never imported

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

BAR_COLOUR = "#1f5f8b"
_STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "waspada",  # stable ids: the same data gives the same bytes
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _thousands(value: float, _pos: int) -> str:
    return f"{value:,.0f}".replace(",", ".")


def trend_svg(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    title: str,
    width: float = 9.0,
    height: float = 3.0,
) -> bytes:
    """Bars of incidents per bucket; returns the SVG document."""
    with rc_context(_STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        xs = list(range(len(labels)))
        axes.bar(xs, list(counts), color=BAR_COLOUR, width=0.75)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(_thousands))
        axes.set_ylim(bottom=0, top=max([*counts, 1]) * 1.1)
        step = max(1, len(labels) // 12)
        ticks = xs[::step]
        axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=0)
        axes.set_xlim(-0.6, max(len(labels) - 0.4, 0.6))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.set_title(title, loc="left", fontsize=10)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()
