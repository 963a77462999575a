"""Rekap pelanggaran prokes: by 10-day campaign period (with an SVG chart), by stage, by province
and kabupaten/kota (drill-down by ``wilayah``), by paslon, by activity and violation type; the
candidates' health summary for the roles that read it. Thin: filters → ``elections.recap``.

The page runs three grouped queries whatever the number of violations (``violation_overview``
and ``violations_by_pair``), so it stays fast on the national set (bench_elections)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from waspada.elections import recap, selectors
from waspada.elections.models import HealthEvent, ProkesViolation
from waspada.elections.views.common import BadElectionFilter, may_read_health, require_reader
from waspada.elections.views.violations import parse_filters
from waspada.regions import access
from waspada.regions.models import Region

TOP_PAIRS = 20


def bar_chart_svg(labels: list[str], values: list[int], *, title: str) -> SafeString:
    """A plain vertical bar chart (no script, no inline style): the same numbers as the table."""
    width, height, left, bottom, top = 640, 220, 40, 40, 16
    n = max(len(values), 1)
    top_value = max([*values, 1])
    step = (width - left - 8) / n
    bar = step * 0.7
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="w-100 h-auto" '
        f'role="img" aria-label="{escape(title)}" data-testid="period-chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="#6c757d"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (height - bottom - top) * value / top_value
        x = left + i * step + (step - bar) / 2
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#1f5f8b">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle">{value}</text>')
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" font-size="11" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def recap_context(request: HttpRequest) -> dict[str, Any]:
    """Everything the recap page (and its exports) shows, for the request's filters."""
    user = request.user
    filters = parse_filters(request, user)
    election = filters.election
    if election is None:
        return {"filters": filters, "election": None}
    region = filters.region
    level, province = "provinsi", None
    if region is not None and region.level == Region.Level.PROVINSI:
        level, province = "kabkota", region
    elif region is not None:
        level = "kabkota"
    # The recap matches the election itself (by its contests); the same condition again in the
    # filter would add a join to every row (≈ 60 % more time on 100,000 violations).
    narrowed = replace(filters, election=None)
    stages = recap.election_stages(election)
    overview = recap.violation_overview(user, election, narrowed, level=level, province=province, stages=stages)
    pairs = recap.violations_by_pair(user, election, narrowed, limit=TOP_PAIRS)
    periods = overview.periods
    chart = bar_chart_svg(
        [f"P{r.period.number}" for r in periods.rows],
        [r.count for r in periods.rows],
        title="Pelanggaran per periode 10 harian masa kampanye",
    )
    context: dict[str, Any] = {
        "filters": filters,
        "election": election,
        "stages": stages,
        "overview": overview,
        "pairs": pairs,
        "chart": chart,
        "level": level,
        "region": region,
        "drill": level == "provinsi",
    }
    if may_read_health(user):
        context["health"] = recap.health_summary(user, election)
        context["health_kinds"] = HealthEvent.Kind.choices
    return context


@require_GET
@login_required
@access.scoped
def recap_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    base: dict[str, Any] = {
        "active_nav": "pilkada",
        "elections": list(selectors.elections()),
        "values": {k: request.GET.get(k, "") for k in ("pemilihan", "wilayah", "tahapan", "kegiatan", "sumber")},
        "activities": ProkesViolation.Activity.choices,
        "sources": ProkesViolation.Source.choices,
        "query": request.GET.urlencode(),
    }
    try:
        context = recap_context(request)
    except BadElectionFilter as exc:
        return render(request, "elections/recap.html", {**base, "errors": [str(exc)]}, status=400)
    base["stages"] = []  # the stage filter's options: the election's stages (in ``context``) when one is chosen
    return render(request, "elections/recap.html", {**base, **context})


urlpatterns = [
    path("rekap/", recap_page, name="recap"),
]
