"""Region browser and map layers. Thin: access and selectors do the work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waspada.core.selectors import history_for
from waspada.regions import access, selectors


@require_GET
@login_required
@access.scoped
def browser(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {
        "query": query,
        "top_regions": selectors.top_regions_for_user(request.user),
        "results": selectors.region_search(request.user, query)[:50] if query else None,
    }
    is_htmx = bool(getattr(request, "htmx", False))
    template = "regions/_search_results.html" if is_htmx and query else "regions/browser.html"
    return render(request, template, context)


@require_GET
@login_required
@access.scoped
def detail(request: HttpRequest, code: str) -> HttpResponse:
    region = access.get_region_for_user(request.user, code)
    ancestors = [a for a in region.ancestors() if access.scope_of(request.user).covers_code(a.code)]
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": selectors.children_of(region),
        "history": history_for(request.user, region, region_events=True),
    }
    return render(request, "regions/detail.html", context)


@require_GET
@login_required
@access.public
def map_layer(request: HttpRequest, level: str) -> HttpResponse:
    """The simplified TopoJSON basemap of a level. Boundaries are reference data, the same
    for everyone; what a user may see of records is scoped elsewhere."""
    if level not in ("provinsi", "kabkota"):
        raise access.not_found()
    layer = selectors.boundary_layer(level)
    if layer is None:
        raise access.not_found()
    response = HttpResponse(layer.topojson, content_type="application/json")
    response["Cache-Control"] = "private, max-age=3600"
    return response
