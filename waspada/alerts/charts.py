"""The alert page's series chart: weekly counts as bars with the detector's threshold as a line
(a step per week where the bound of every week is known, else a mark at the judged week), a
server-rendered SVG (matplotlib, no pyplot; the conventions of ``incidents/recap_charts.py``).
The page prints the same numbers in a table beside it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from waspada.incidents.recap_charts import _STYLE, BAR_COLOUR

ALARM_COLOUR = "#b02a37"
THRESHOLD_COLOUR = "#d97706"


def series_svg(
    labels: Sequence[str],
    counts: Sequence[float | None],
    *,
    title: str,
    bounds: Sequence[float | None] | None = None,
    threshold: float | None = None,
    threshold_label: str = "ambang",
    width: float = 9.0,
    height: float = 3.0,
) -> bytes:
    """Bars of weekly counts (the last one, the judged week, in red) and the threshold."""
    values = [0.0 if c is None else float(c) for c in counts]
    with rc_context(_STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        xs = list(range(len(values)))
        colours = [BAR_COLOUR] * len(values)
        if colours:
            colours[-1] = ALARM_COLOUR
        axes.bar(xs, values, color=colours, width=0.75)
        top = max([*values, 1.0])
        if bounds:
            pts: list[Any] = [(x, b) for x, b in zip(xs, bounds, strict=False) if b is not None]
            if pts:
                axes.step(
                    [p[0] for p in pts],
                    [p[1] for p in pts],
                    where="mid",
                    color=THRESHOLD_COLOUR,
                    linewidth=1.6,
                    label=threshold_label,
                )
                top = max(top, max(p[1] for p in pts))
        elif threshold is not None and xs:
            axes.hlines(
                threshold, xs[-1] - 0.45, xs[-1] + 0.45, color=THRESHOLD_COLOUR, linewidth=2.2, label=threshold_label
            )
            top = max(top, threshold)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.set_ylim(bottom=0, top=top * 1.15)
        step = max(1, len(labels) // 8)
        ticks = xs[::step]
        axes.set_xticks(ticks, [labels[i] for i in ticks])
        axes.set_xlim(-0.6, max(len(values) - 0.4, 0.6))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        if bounds or threshold is not None:
            axes.legend(loc="upper left", frameon=False, fontsize=8)
        axes.set_title(title, loc="left", fontsize=10)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()
