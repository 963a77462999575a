"""Completeness pages: the week's status board, the 52-week heat table, the trend (an SVG chart
with its numbers in a table) and a map coloured by status. Thin: access → recap selectors →
template. Everything is in the user's scope; a bad filter is answered in Indonesian (400)."""

from __future__ import annotations

from typing import Any

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status
from waspada.reports import charts
from waspada.reports import recap as data

# An SVG chart carries matplotlib's inline styles: only its own response allows them (and
# nothing else: no scripts, no fetches). The pages that show it keep the strict policy.
SVG_CSP = {
    "default-src": [NONE],
    "style-src": [SELF, UNSAFE_INLINE],
    "script-src": [NONE],
    "img-src": [NONE],
    "font-src": [NONE],
    "connect-src": [NONE],
}


def require_reader(user: Any) -> None:
    """Completeness figures and the recap are for the roles that read reports (403 otherwise)."""
    if not access.scope_of(user).roles & access.REPORT_READER_ROLES:
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca laporan situasi."))


def filter_context(request: HttpRequest, user: Any) -> dict[str, Any]:
    """What the filter form offers (levels, the provinces the user may pick)."""
    return {
        "level_choices": data.LEVEL_CHOICES,
        "province_choices": data.province_choices(user),
        "values": {key: request.GET.get(key, "") for key in ("periode", "tingkat", "provinsi", "bagian", "q")},
    }


def heat_cells_html(heat: data.Heat) -> list[tuple[data.HeatRow, SafeString]]:
    """Each heat-table row with its 52 cells as ready HTML (about 2,000 cells for the national
    table: built here in one pass instead of 2,000 template loops). A status cell carries a mark
    for the eye and its word for screen readers; every cell has the full sentence as title."""
    words = {f"cell-{s}": str(data.STATUS_LABELS[s]) for s in data.STATUS_ORDER}
    rows: list[tuple[data.HeatRow, SafeString]] = []
    for row in heat.rows:
        parts = []
        for c in row.cells:
            word = words.get(c.css)
            hidden = f'<span class="visually-hidden">{word}</span>' if word else ""
            parts.append(
                f'<td class="{c.css}" title="{escape(c.title)}" data-week="{c.week}">'
                f'<span aria-hidden="true">{escape(c.text)}</span>{hidden}</td>'
            )
        rows.append((row, mark_safe("".join(parts))))  # noqa: S308 — every value escaped above or ours
    return rows


def bad_filter(request: HttpRequest, template: str, exc: data.BadFilter, extra: dict[str, Any]) -> HttpResponse:
    context = {**extra, **filter_context(request, request.user), "errors": data.refusal_messages(exc)}
    return render(request, template, context, status=400)


@require_GET
@login_required
@access.scoped
def completeness(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    base = {"active_nav": "completeness"}
    try:
        filters = data.parse_filters(user, request.GET)
    except data.BadFilter as exc:
        return bad_filter(request, "reports/completeness.html", exc, base)
    board = data.board(user, filters)
    heat = data.heat(user, filters)
    params = filters.as_params()
    query = urlencode({k: params[k] for k in ("periode", "tingkat", "provinsi") if params[k]})
    context = {
        **base,
        **filter_context(request, user),
        "filters": filters,
        "board": board,
        "heat": heat,
        "heat_rows": heat_cells_html(heat),
        "query": query,
        "map_level": filters.level,
        "has_map": filters.level in boundary_layers_status(),
        "status_labels": [(s, data.STATUS_MARKS[s], str(data.STATUS_LABELS[s])) for s in data.STATUS_ORDER],
        "heat_buckets": [
            ("heat-0", "< 20 %"),
            ("heat-1", "20–39 %"),
            ("heat-2", "40–59 %"),
            ("heat-3", "60–79 %"),
            ("heat-4", "80–99 %"),
            ("heat-5", "100 %"),
        ],
    }
    return render(request, "reports/completeness.html", context)


@require_GET
@login_required
@access.scoped
@csp_replace(SVG_CSP)
def trend_svg(request: HttpRequest) -> HttpResponse:
    """The trend chart of the completeness page, as its own image (same filters)."""
    user = request.user
    require_reader(user)
    try:
        filters = data.parse_filters(user, request.GET)
    except data.BadFilter as exc:
        return HttpResponse(" ".join(data.refusal_messages(exc)), status=400, content_type="text/plain; charset=utf-8")
    points = data.trend(user, filters)
    svg = charts.trend_svg(
        [f"W{p.week.week:02d}" if p.week.week != 1 else f"{p.week.year}" for p in points],
        [p.completeness for p in points],
        [p.timeliness for p in points],
        title=_("Kelengkapan dan ketepatan waktu per minggu, %(first)s – %(last)s")
        % {"first": points[0].week.key, "last": points[-1].week.key},
        completeness_label=_("Kelengkapan (%)"),
        timeliness_label=_("Ketepatan waktu (%)"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
@access.scoped
def map_data(request: HttpRequest) -> JsonResponse:
    """``{"periode": "2020-W40", "tingkat": "kabkota", "status": {region code: status},
    "labels": {status: words}}`` for the map, in the user's scope."""
    user = request.user
    require_reader(user)
    try:
        filters = data.parse_filters(user, request.GET)
    except data.BadFilter as exc:
        return JsonResponse({"errors": data.refusal_messages(exc)}, status=400)
    response = JsonResponse(
        {
            "periode": filters.week.key,
            "tingkat": filters.level,
            "status": data.map_statuses(user, filters),
            "labels": {s: str(data.STATUS_LABELS[s]) for s in data.STATUS_ORDER},
        }
    )
    response["Cache-Control"] = "private, no-cache"
    return response


urlpatterns = [
    path("kelengkapan/", completeness, name="completeness"),
    path("kelengkapan/tren.svg", trend_svg, name="completeness_trend"),
    path("kelengkapan/peta.json", map_data, name="completeness_map"),
]
