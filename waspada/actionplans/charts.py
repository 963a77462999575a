"""Server-rendered SVG chart of the RAD recap (matplotlib, no pyplot): mean realisation (%) by
province and handling stage. The same numbers are printed in a table beside it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MultipleLocator

from waspada.reports.charts import _STYLE

STAGE_COLOURS = ("#1f5f8b", "#c0392b", "#2e8b57")


def realisation_svg(
    provinces: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    title: str,
    empty_text: str,
    width: float = 8.0,
) -> bytes:
    """Horizontal grouped bars: one group per province, one bar per stage (missing values: no bar)."""
    height = max(2.2, 0.45 * max(len(provinces), 1) * max(len(series), 1) / 2 + 1.4)
    with rc_context(_STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        if not provinces:
            axes.text(0.5, 0.5, empty_text, ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
        else:
            n = max(len(series), 1)
            bar = 0.8 / n
            ys = list(range(len(provinces)))
            for i, (label, values) in enumerate(series):
                offsets = [y - 0.4 + bar * (i + 0.5) for y in ys]
                axes.barh(
                    offsets,
                    [0.0 if v is None else float(v) for v in values],
                    height=bar,
                    color=STAGE_COLOURS[i % len(STAGE_COLOURS)],
                    label=label,
                )
            axes.set_yticks(ys, list(provinces))
            axes.invert_yaxis()
            axes.set_xlim(0, 100)
            axes.xaxis.set_major_locator(MultipleLocator(20))
            axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} %"))
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
            axes.legend(loc="lower right", frameon=False, ncols=n, fontsize=8)
        axes.set_title(title, loc="left", fontsize=10)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()
