"""Server-rendered SVG chart of the RAD recap: mean realisation (%) by province and handling
stage, as horizontal grouped bars. The same numbers are printed in a table beside it.

A small pure SVG writer (no matplotlib, no ORM): at national scale (38 provinces × 3 stages)
matplotlib spent most of a second measuring the tick labels; here the left margin is sized from
the longest label with a fixed average glyph width, so the chart is a few milliseconds of string
formatting. Only presentation attributes (``fill=``, ``font-size=`` …), no ``style``/``script``:
valid under the SVG responses' CSP and in WeasyPrint. Same input, same bytes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

STAGE_COLOURS = ("#1f5f8b", "#c0392b", "#2e8b57")
GRID_COLOUR = "#dddddd"
AXIS_COLOUR = "#555555"
TEXT_COLOUR = "#222222"
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
FONT_SIZE = 12  # px; tick labels and legend
TITLE_SIZE = 13
GLYPH_WIDTH = 0.62  # average advance of DejaVu Sans, in em (generous: labels must not be cut)
TICKS = (0, 20, 40, 60, 80, 100)
BAR_HEIGHT = 7.0  # px per stage bar
GROUP_GAP = 6.0  # px between provinces
RIGHT_MARGIN = 24.0
TOP = 40.0  # below the title


def _num(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros (deterministic text)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _pct_text(value: Decimal) -> str:
    return f"{value}".replace(".", ",") + " %"


def _text_width(text: str, size: float) -> float:
    return len(text) * size * GLYPH_WIDTH


def _text(x: float, y: float, text: str, *, size: float = FONT_SIZE, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" text-anchor="{anchor}"'
        f' fill="{TEXT_COLOUR}"{extra}>{escape(text)}</text>'
    )


def realisation_svg(
    provinces: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    title: str,
    empty_text: str,
    width: int = 760,
    value_text: Callable[[Decimal], str] = _pct_text,
) -> bytes:
    """Horizontal grouped bars: one group per province (top to bottom in the given order), one bar
    per stage (a missing value draws no bar); x axis 0–100 % every 20, a legend below it."""
    parts: list[str] = []
    title_el = _text(8, 22, title, size=TITLE_SIZE, extra=' font-weight="bold"')
    if not provinces:
        height = 160
        parts.append(title_el)
        parts.append(_text(width / 2, TOP + (height - TOP) / 2, empty_text, anchor="middle"))
        return _document(width, height, title, parts)

    n = max(len(series), 1)
    group = n * BAR_HEIGHT + GROUP_GAP
    left = 12.0 + max(_text_width(p, FONT_SIZE) for p in provinces)
    left = min(left, width * 0.45)  # a very long name may run off the left edge, never the plot
    plot_w = width - left - RIGHT_MARGIN
    plot_h = group * len(provinces)
    bottom = TOP + plot_h
    legend_y = bottom + 44
    height = int(legend_y + 18)

    def x_of(pct: float) -> float:
        return left + plot_w * max(0.0, min(100.0, pct)) / 100.0

    parts.append(title_el)
    # Grid and x tick labels.
    for tick in TICKS:
        x = x_of(tick)
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(TOP)}" x2="{_num(x)}" y2="{_num(bottom)}"'
            f' stroke="{GRID_COLOUR}" stroke-width="0.8"/>'
        )
        parts.append(_text(x, bottom + 18, f"{tick} %", anchor="middle"))
    # Bars, one group per province.
    parts.append('<g class="bars">')
    for p_index, province in enumerate(provinces):
        y0 = TOP + p_index * group + GROUP_GAP / 2
        for s_index, (label, values) in enumerate(series):
            value = values[p_index] if p_index < len(values) else None
            if value is None:
                continue
            y = y0 + s_index * BAR_HEIGHT
            w = x_of(float(value)) - left
            colour = STAGE_COLOURS[s_index % len(STAGE_COLOURS)]
            parts.append(
                f'<rect x="{_num(left)}" y="{_num(y)}" width="{_num(w)}" height="{_num(BAR_HEIGHT)}"'
                f' fill="{colour}"><title>{escape(f"{province} — {label}: {value_text(value)}")}</title></rect>'
            )
    parts.append("</g>")
    # Province labels, right-aligned against the axis, centred on their group.
    for p_index, province in enumerate(provinces):
        y = TOP + p_index * group + group / 2 + FONT_SIZE * 0.35
        parts.append(_text(left - 6, y, province, anchor="end"))
    # Axes (left and bottom spines).
    parts.append(
        f'<path d="M{_num(left)} {_num(TOP)}V{_num(bottom)}H{_num(left + plot_w)}"'
        f' fill="none" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    # Legend: a swatch and a label per stage, left to right below the axis.
    x = left
    for s_index, (label, _values) in enumerate(series):
        colour = STAGE_COLOURS[s_index % len(STAGE_COLOURS)]
        parts.append(f'<rect x="{_num(x)}" y="{_num(legend_y - 10)}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 17, legend_y, label))
        x += 17 + _text_width(label, FONT_SIZE) + 18
    return _document(width, height, title, parts)


def _document(width: int, height: float, title: str, parts: list[str]) -> bytes:
    h = _num(height)
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" viewBox="0 0 {width} {h}"'
        f' role="img" aria-label={quoteattr(title)} font-family="{FONT_FAMILY}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{width}" height="{h}" fill="#ffffff"/>'
    )
    return (head + "".join(parts) + "</svg>\n").encode("utf-8")
