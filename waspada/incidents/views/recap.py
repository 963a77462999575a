"""Rekap berkala peristiwa: the recap page (period, level drill-down, categories, comparisons,
trend, top regions, choropleth and point maps) and its data endpoints (trend SVG, choropleth
counts, points). Thin: access → ``incidents.recap`` → template/JSON.

Everyone sees only their scope: a ``wilayah`` outside it answers 404 (as a missing one would);
roles that do not read incidents get 403. Bad parameters are answered in Indonesian (400) and
nothing is read.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from waspada.core.timezones import to_local
from waspada.incidents import periods, recap_charts
from waspada.incidents import recap as data
from waspada.incidents.models import IncidentCode
from waspada.regions import access
from waspada.regions.models import Region
from waspada.regions.selectors import boundary_layers_status
from waspada.reports.views.completeness import SVG_CSP

TEMPLATE = "incidents/recap.html"
MAX_CATEGORIES = 20
IMPACT_LABELS = {
    "incidents": gettext_lazy("Peristiwa"),
    "with_casualties": gettext_lazy("Peristiwa dengan korban"),
    "killed": gettext_lazy("Meninggal"),
    "injured": gettext_lazy("Luka-luka"),
    "sexual_violence": gettext_lazy("Kekerasan seksual"),
    "buildings_damaged": gettext_lazy("Bangunan rusak"),
    "displaced": gettext_lazy("Mengungsi"),
}
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")


class BadRecapFilter(ValueError):
    """A recap parameter that cannot be used; the message says why, in Indonesian."""


def require_reader(user: Any) -> None:
    if not access.scope_of(user).roles & access.INCIDENT_READER_ROLES:
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca rekap peristiwa."))


def today(now: datetime | None = None) -> date:
    """Today where it is first today in Indonesia (WIT): the newest period that has started."""
    return to_local(now or timezone.now(), "WIT").date()


def _shown(raw: str) -> str:
    return raw if len(raw) <= 20 else raw[:20] + "…"


def parse_region(user: Any, raw: Any) -> Region | None:
    """``wilayah``: a province (``32``) or kabupaten/kota (``32.73``) code; empty: the user's own
    level (national, or their province or kabupaten/kota). Outside the scope: 404 later."""
    text = str(raw or "").strip()
    if not text:
        return data.default_region(user)
    if not _REGION_CODE.match(text):
        raise BadRecapFilter(
            _("Kode wilayah '%(value)s' tidak sah. Pilih provinsi (mis. 32) atau kabupaten/kota (mis. 32.73).")
            % {"value": _shown(text)}
        )
    region = Region.objects.select_related("province").filter(code=text).first()
    if region is None:
        raise BadRecapFilter(_("Wilayah dengan kode %(value)s tidak dikenal.") % {"value": text})
    return region


def parse_categories(raw: list[str]) -> tuple[IncidentCode, ...]:
    wanted = [c.strip() for c in raw if c and c.strip()]
    if not wanted:
        return ()
    if len(wanted) > MAX_CATEGORIES:
        raise BadRecapFilter(_("Terlalu banyak kategori dipilih."))
    found = {c.code: c for c in IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY, code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise BadRecapFilter(_("Kategori '%(value)s' tidak dikenal.") % {"value": _shown(unknown[0])})
    return tuple(sorted({found[c] for c in wanted}, key=lambda c: (c.order, c.name)))


@dataclass(frozen=True)
class Parsed:
    filters: data.RecapFilters
    categories: tuple[IncidentCode, ...]
    explicit_region: bool

    def params(self) -> dict[str, Any]:
        """The query parameters that ask for these filters again (for the data endpoints)."""
        params: dict[str, Any] = dict(self.filters.period.params())
        if self.explicit_region and self.filters.region is not None:
            params["wilayah"] = self.filters.region.code
        if self.categories:
            params["kategori"] = [c.code for c in self.categories]
        return params

    @property
    def query(self) -> str:
        return urlencode(self.params(), doseq=True)


def parse_filters(user: Any, params: QueryDict, now: datetime | None = None) -> Parsed:
    """Period, region and categories from the query; every message in Indonesian."""
    errors: list[str] = []
    period = region = None
    categories: tuple[IncidentCode, ...] = ()
    try:
        period = periods.parse(params, today(now))
    except ValueError as exc:
        errors.append(str(exc))
    try:
        region = parse_region(user, params.get("wilayah"))
    except BadRecapFilter as exc:
        errors.append(str(exc))
    try:
        categories = parse_categories(params.getlist("kategori"))
    except BadRecapFilter as exc:
        errors.append(str(exc))
    if errors or period is None:
        raise BadRecapFilter(" ".join(errors))
    filters = data.RecapFilters(period=period, region=region, categories=tuple(c.pk for c in categories))
    data.check_scope(user, region)
    return Parsed(filters, categories, explicit_region=bool(str(params.get("wilayah") or "").strip()))


# --- page context ------------------------------------------------------------------------------


def change(current: int, before: int) -> tuple[int, str]:
    """Difference and percentage change (one decimal, Indonesian comma; '—' from zero)."""
    diff = current - before
    if before == 0:
        return diff, "—"
    pct = (Decimal(diff) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if pct > 0 else ""
    return diff, f"{sign}{pct} %".replace(".", ",")


def comparison_rows(result: data.Recap) -> list[dict[str, Any]]:
    rows = []
    for name in data.IMPACTS:
        now_value = result.totals[name]
        before = result.previous_totals[name]
        earlier = result.year_earlier_totals[name]
        prev_diff, prev_pct = change(now_value, before)
        year_diff, year_pct = change(now_value, earlier)
        rows.append(
            {
                "key": name,
                "label": IMPACT_LABELS[name],
                "current": now_value,
                "previous": before,
                "previous_diff": prev_diff,
                "previous_pct": prev_pct,
                "year_earlier": earlier,
                "year_diff": year_diff,
                "year_pct": year_pct,
            }
        )
    return rows


def trend_labels(trend: list[tuple[date, int]], monthly: bool) -> list[tuple[str, str]]:
    """(short axis label, full table label) per trend bucket."""
    out = []
    for start, _n in trend:
        if monthly:
            out.append((f"{periods.MONTHS_SHORT[start.month - 1]} {start:%y}", periods.month_label(start)))
        else:
            iso = start.isocalendar()
            out.append((f"W{iso.week:02d}", f"{iso.year}-W{iso.week:02d} ({periods.short_date(start)})"))
    return out


def breadcrumbs(user: Any, parsed: Parsed, base_params: dict[str, Any]) -> list[tuple[str, str | None]]:
    """National → province → kabupaten/kota, each a link when the user may open it."""
    scope = access.scope_of(user)
    region = parsed.filters.region

    def link(code: str | None) -> str:
        params = {k: v for k, v in base_params.items() if k != "wilayah"}
        if code:
            params["wilayah"] = code
        return "?" + urlencode(params, doseq=True)

    crumbs: list[tuple[str, str | None]] = []
    if scope.national:
        crumbs.append((_("Nasional"), link(None) if region is not None else None))
    if region is not None:
        province = region if region.level == Region.Level.PROVINSI else region.province
        if province is not None and province != region and scope.covers_code(province.code):
            crumbs.append((province.name, link(province.code)))
        crumbs.append((region.name, None))
    return crumbs


def table_rows(user: Any, result: data.Recap, base_params: dict[str, Any]) -> list[dict[str, Any]]:
    scope = access.scope_of(user)
    drill = result.filters.region is None or result.filters.region.level == Region.Level.PROVINSI
    out = []
    for row in result.rows:
        url = None
        if drill and scope.covers_code(row.region.code):
            url = "?" + urlencode({**base_params, "wilayah": row.region.code}, doseq=True)
        out.append(
            {
                "row": row,
                "url": url,
                "cells": [row.by_category.get(c.pk, 0) for c in result.categories],
                "impacts": [(name, row.totals[name]) for name in data.IMPACTS],
            }
        )
    return out


def _page_context(user: Any) -> dict[str, Any]:
    return {
        "active_nav": "incident_recap",
        "kind_choices": periods.KIND_CHOICES,
        "category_choices": list(
            IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY, is_active=True).order_by("order", "name")
        ),
        "impact_labels": [(k, IMPACT_LABELS[k]) for k in data.IMPACTS],
    }


def _form_values(params: QueryDict) -> dict[str, Any]:
    values: dict[str, Any] = {k: params.get(k, "") for k in ("periode", "tanggal", "dari", "sampai", "wilayah")}
    values["kategori"] = params.getlist("kategori")
    return values


@require_GET
@login_required
@access.scoped
def recap_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context = {**_page_context(user), "values": _form_values(request.GET)}
    try:
        parsed = parse_filters(user, request.GET)
    except BadRecapFilter as exc:
        return render(request, TEMPLATE, {**context, "errors": [str(exc)]}, status=400)
    result = data.recap(user, parsed.filters)
    params = parsed.params()
    period = parsed.filters.period
    if not request.GET.get("periode"):
        context["values"]["periode"] = period.kind
    if period.kind != "custom" and not context["values"]["tanggal"]:
        context["values"]["tanggal"] = period.start.isoformat()
    if not context["values"]["dari"]:
        context["values"]["dari"] = period.start.isoformat()
        context["values"]["sampai"] = period.end.isoformat()
    labels = trend_labels(result.trend, result.monthly)
    context.update(
        {
            "parsed": parsed,
            "filters": parsed.filters,
            "recap": result,
            "query": parsed.query,
            "rows": table_rows(user, result, params),
            "crumbs": breadcrumbs(user, parsed, params),
            "comparison": comparison_rows(result),
            "trend_rows": [(full, n) for (_short, full), (_start, n) in zip(labels, result.trend, strict=True)],
            "category_totals": [result.by_category.get(c.pk, 0) for c in result.categories],
            "selected_categories": [c.code for c in parsed.categories],
            "has_map": "kabkota" in boundary_layers_status(),
            "max_points": data.MAX_POINTS,
            "level_label": _("Provinsi") if parsed.filters.region is None else _("Kabupaten/kota"),
        }
    )
    return render(request, TEMPLATE, context)


def _bad_json(exc: BadRecapFilter) -> JsonResponse:
    return JsonResponse({"errors": [str(exc)]}, status=400)


@require_GET
@login_required
@access.scoped
@csp_replace(SVG_CSP)
def trend_svg(request: HttpRequest) -> HttpResponse:
    """The recap's trend chart as its own image (same parameters as the page)."""
    user = request.user
    require_reader(user)
    try:
        parsed = parse_filters(user, request.GET)
    except BadRecapFilter as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    filters = parsed.filters
    points = data.trend(filters)
    monthly = not filters.period.weekly_trend
    where = filters.region.name if filters.region is not None else _("Nasional")
    unit = _("per bulan") if monthly else _("per minggu")
    svg = recap_charts.trend_svg(
        [short for short, _full in trend_labels(points, monthly)],
        [n for _start, n in points],
        title=_("Peristiwa %(unit)s, %(where)s, %(period)s")
        % {"unit": unit, "where": where, "period": filters.period.label},
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
@access.scoped
def map_counts(request: HttpRequest) -> JsonResponse:
    """``{"periode": label, "wilayah": code or null, "counts": {kab/kota code: incidents}, "max": n}``."""
    user = request.user
    require_reader(user)
    try:
        parsed = parse_filters(user, request.GET)
    except BadRecapFilter as exc:
        return _bad_json(exc)
    counts = data.kabkota_counts(user, parsed.filters)
    region = parsed.filters.region
    response = JsonResponse(
        {
            "periode": parsed.filters.period.label,
            "wilayah": region.code if region is not None else None,
            "counts": counts,
            "max": max(counts.values(), default=0),
        }
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _detail_pattern() -> str | None:
    """The incident detail URL with a placeholder id, when the register's detail page exists."""
    marker = uuid.UUID(int=0)
    try:
        return reverse("incidents:detail", kwargs={"public_id": marker})
    except NoReverseMatch:
        return None


@require_GET
@login_required
@access.scoped
def map_points(request: HttpRequest) -> JsonResponse:
    """The point layer: incidents with coordinates for the filters, or grid cells when there are
    more than ``MAX_POINTS`` (see ``recap.points``)."""
    user = request.user
    require_reader(user)
    try:
        parsed = parse_filters(user, request.GET)
    except BadRecapFilter as exc:
        return _bad_json(exc)
    layer = data.points(user, parsed.filters)
    pattern = _detail_pattern()
    if pattern and not layer.clustered:
        marker = str(uuid.UUID(int=0))
        for feature in layer.features:
            feature["url"] = pattern.replace(marker, feature["id"])
    response = JsonResponse(
        {
            "periode": parsed.filters.period.label,
            "total": layer.total,
            "clustered": layer.clustered,
            "cell_size": layer.cell_size,
            "max_points": data.MAX_POINTS,
            "features": layer.features,
        }
    )
    response["Cache-Control"] = "private, no-cache"
    return response


urlpatterns = [
    path("rekap/", recap_page, name="recap"),
    path("rekap/tren.svg", trend_svg, name="recap_trend"),
    path("rekap/peta.json", map_counts, name="recap_map"),
    path("rekap/titik.json", map_points, name="recap_points"),
]
