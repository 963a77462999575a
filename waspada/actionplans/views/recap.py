"""RAD Terpadu completeness (per period: by province, drill to kabupaten/kota) and the national
recap (regions without a plan this year, late progress reports, realisation by stage and
province as an SVG chart with its table), with XLSX/PDF exports queued in the background.
Thin: access → selectors."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.actionplans import charts, exports, periods, selectors
from waspada.actionplans.views.pages import require_reader
from waspada.core.timezones import format_local
from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status
from waspada.reports.views.completeness import SVG_CSP

LATE_PAGE_SIZE = 50  # rows of the late progress reports list per page
_URL_MARK = uuid.UUID(int=0)


class BadFilter(ValueError):
    """A page parameter that cannot be used; the message says why, in Indonesian."""


def _period(request: HttpRequest) -> periods.Period:
    raw = (request.GET.get("periode") or "").strip()
    if not raw:
        return periods.latest_ended(timezone.now())
    try:
        return periods.Period.parse(raw[:12])
    except periods.BadPeriodKey:
        raise BadFilter(_("Periode «%(value)s» tidak dikenal; tulis seperti 2026-B04.") % {"value": raw[:12]}) from None


def _province(request: HttpRequest) -> str | None:
    code = (request.GET.get("provinsi") or "").strip()[:2]
    if not code:
        return None
    access.get_region_for_user(request.user, code)  # 404 outside the scope
    return code


def _year(request: HttpRequest) -> int:
    raw = (request.GET.get("tahun") or "").strip()
    if not raw:
        return timezone.now().year
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise BadFilter(_("Tahun «%(value)s» tidak sah.") % {"value": raw[:10]})
    return int(raw)


def period_choices(now: Any = None) -> list[periods.Period]:
    latest = periods.latest_ended(now or timezone.now())
    out = [latest.next()]
    current = latest
    for _i in range(9):
        out.append(current)
        current = current.previous()
    return out


@require_GET
@login_required
@access.scoped
def completeness(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {"active_nav": "rad", "period_choices": period_choices()}
    try:
        period = _period(request)
    except BadFilter as exc:
        return render(request, "actionplans/completeness.html", {**context, "errors": [str(exc)]}, status=400)
    province = _province(request)
    board = selectors.completeness(user, period, province_code=province)
    context.update(
        {
            "period": period,
            "board": board,
            "province_code": province,
            "province_name": access.get_region_for_user(user, province).name if province else "",
            "deadline_days": periods.DEADLINE_DAYS,
            "map_level": "kabkota",
            "has_map": "kabkota" in boundary_layers_status(),
            "map_query": urlencode({"periode": period.key, "tingkat": "kabkota"}),
        }
    )
    return render(request, "actionplans/completeness.html", context)


@require_GET
@login_required
@access.scoped
def completeness_map(request: HttpRequest) -> JsonResponse:
    """``{"periode": "2026-B04", "tingkat": "kabkota", "status": {code: status}, "labels": {…}}``
    for the map (the weekly reports' map script reads the same shape), in the user's scope."""
    user = request.user
    require_reader(user)
    level = request.GET.get("tingkat") or "kabkota"
    try:
        period = _period(request)
        if level not in ("kabkota", "provinsi"):
            raise BadFilter(_("Tingkat «%(value)s» tidak dikenal.") % {"value": level[:20]})
    except BadFilter as exc:
        return JsonResponse({"errors": [str(exc)]}, status=400)
    response = JsonResponse(
        {
            "periode": period.key,
            "tingkat": level,
            "status": selectors.map_statuses(user, period, level),
            # The shared map script also has a colour for nil reports, which RAD progress has not.
            "labels": {"nil": _("Nihil (tidak berlaku)"), **{s: str(v) for s, v in selectors.STATUS_LABELS.items()}},
        }
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def recap_filters(request: HttpRequest) -> tuple[int, periods.Period | None]:
    """``tahun`` and ``periode`` (optional: the selector's default period of the year)."""
    year = _year(request)
    period = _period(request) if request.GET.get("periode") else None
    if period is not None and period.year != year:
        raise BadFilter(_("Periode %(period)s bukan periode tahun %(year)s.") % {"period": period.label, "year": year})
    return year, period


def recap_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    year, period = recap_filters(request)
    data = selectors.recap(user, year=year, period=period)
    stages = selectors.stage_labels()
    return {
        "recap": data,
        "year": year,
        "stages": stages,
        "stage_rows": [(row, [row.values[s] for s, _label in stages]) for row in data.by_stage],
        "national_row": [data.national_by_stage[s] for s, _label in stages],
        "query": urlencode({"tahun": str(year), "periode": data.period.key}),
    }


@require_GET
@login_required
@access.scoped
def recap(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    base: dict[str, Any] = {"active_nav": "rad", "years": selectors.year_choices()}
    try:
        context = recap_context(request)
    except BadFilter as exc:
        return render(request, "actionplans/recap.html", {**base, "errors": [str(exc)]}, status=400)
    # The late reports are paged (a few hundred rows nationally, a link and two local times
    # each); the total above the list counts them all. ``halaman`` out of range: the last page.
    late_page = Paginator(context["recap"].late, LATE_PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "actionplans/recap.html", {**base, **context, **page_cells(context, late_page)})


def page_cells(context: dict[str, Any], late_page: Any) -> dict[str, Any]:
    """The page's cells as text, built once here rather than by a filter per cell in the template
    (38 provinces × 3 stages of percentages; a link and two local times per late report)."""
    separator = str(formats.get_format("DECIMAL_SEPARATOR"))

    def pct(value: Decimal | None) -> str:  # one decimal, at most 100: no thousands separator
        return "—" if value is None else f"{value}".replace(".", separator) + " %"

    detail = reverse("actionplans:report_detail", args=[_URL_MARK])
    late_rows = [
        (
            r,
            detail.replace(str(_URL_MARK), str(r.public_id)),
            format_local(r.deadline, r.region.timezone or "WIB"),
            format_local(r.first_submitted_at, r.region.timezone or "WIB") if r.first_submitted_at else "—",
        )
        for r in late_page.object_list
    ]
    return {
        "late_page": late_page,
        "late_rows": late_rows,
        "stage_cells": [(row, [pct(v) for v in values]) for row, values in context["stage_rows"]],
        "national_cells": [pct(v) for v in context["national_row"]],
    }


def realisation_chart(period: periods.Period, by_stage: list[selectors.StageRow], stages: Any) -> bytes:
    separator = str(formats.get_format("DECIMAL_SEPARATOR"))
    return charts.realisation_svg(
        [row.province_name for row in by_stage],
        [(label, [row.values[s] for row in by_stage]) for s, label in stages],
        title=_("Rata-rata realisasi aksi (%%) per tahap penanganan, %(period)s") % {"period": period.label},
        empty_text=_("Belum ada laporan kemajuan yang diterima."),
        value_text=lambda v: f"{v}".replace(".", separator) + " %",  # the bars' tooltips, in the page's language
    )


def chart_svg(context: dict[str, Any]) -> bytes:
    """The chart of a recap context (the exports embed it)."""
    data = context["recap"]
    return realisation_chart(data.period, data.by_stage, context["stages"])


@require_GET
@login_required
@access.scoped
@csp_replace(SVG_CSP)
def recap_chart(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    try:
        year, period = recap_filters(request)
    except BadFilter as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    # Only what the chart draws: the period and the realisation means (not the recap's lists).
    if period is None:
        period = selectors.default_recap_period(user, year, timezone.now())
    by_stage, _national = selectors.realisation_by_stage(user, period)
    response = HttpResponse(realisation_chart(period, by_stage, selectors.stage_labels()), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def recap_export(request: HttpRequest) -> HttpResponse:
    """POST (``format``, ``tahun``, ``periode``): queue an XLSX or PDF of the recap and show its
    progress (``/ekspor/<id>/``); a bad filter or format is answered on the recap page (400) and
    nothing is queued. A GET goes back to the recap page."""
    user = request.user
    require_reader(user)
    if request.method != "POST":
        return redirect("actionplans:recap")
    base: dict[str, Any] = {"active_nav": "rad", "years": selectors.year_choices()}
    fmt = request.POST.get("format", "")
    if fmt not in exports.FORMATS:
        message = _("Format ekspor '%(value)s' tidak dikenal. Pilih XLSX atau PDF.") % {"value": fmt[:10]}
        return render(request, "actionplans/recap.html", {**base, "errors": [message]}, status=400)
    params = exports.filter_params(request.POST)
    try:
        year, period = recap_filters(exports.filter_request(user, params))
    except BadFilter as exc:
        return render(request, "actionplans/recap.html", {**base, "errors": [str(exc)]}, status=400)
    if period is None:  # stored resolved: the file does not change with the default period
        period = selectors.default_recap_period(user, year, timezone.now())
    export = exports.recap_export_request(user=user, year=year, period=period, fmt=fmt)
    messages.info(request, _("Ekspor sedang dibuat. Halaman ini menunjukkan kemajuannya."))
    return redirect("exports:detail", public_id=export.public_id)
