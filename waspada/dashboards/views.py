from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status, top_regions_for_user


@require_GET
@login_required
@access.scoped
def home(request: HttpRequest) -> HttpResponse:
    scope = access.scope_of(request.user)
    layers = boundary_layers_status()
    context = {
        "scope": scope,
        "scope_codes": "national" if scope.national else ",".join(r.code for r in scope.regions),
        "top_regions": top_regions_for_user(request.user),
        "has_map": bool(layers),
        "layers": layers,
    }
    return render(request, "dashboards/home.html", context)
