"""Status kesehatan calon: personal health data of candidates. Only ``HEALTH_READER_ROLES`` see
it (403 for others); every page showing named records leaves one audit event per record shown
(``services.health_event_viewed``), so who looked at whose health is on the record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from waspada.elections import selectors, services
from waspada.elections.views.common import BadElectionFilter, chosen_election, require_health_reader
from waspada.regions import access

PAGE_SIZE = 25


@require_GET
@login_required
@access.scoped
def health_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_health_reader(user)
    context: dict[str, Any] = {"active_nav": "pilkada", "elections": list(selectors.elections())}
    try:
        election = chosen_election(request)
    except BadElectionFilter as exc:
        return render(request, "elections/health_list.html", {**context, "errors": [str(exc)]}, status=400)
    page = Paginator(selectors.health_events_for_user(user, election=election), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    for event in page.object_list:
        services.health_event_viewed(actor=user, event=event)
    context.update({"election": election, "page": page})
    return render(request, "elections/health_list.html", context)


@require_GET
@login_required
@access.scoped
def health_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    event = access.get_health_event_for_user(user, public_id)
    require_health_reader(user)
    services.health_event_viewed(actor=user, event=event)
    return render(request, "elections/health_detail.html", {"event": event, "active_nav": "pilkada"})


urlpatterns = [
    path("kesehatan-calon/", health_list, name="health_list"),
    path("kesehatan-calon/<uuid:public_id>/", health_detail, name="health_detail"),
]
