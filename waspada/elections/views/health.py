"""Status kesehatan calon: personal health data of candidates. Only ``HEALTH_READER_ROLES`` see
it (403 for others); every page showing named records leaves one audit event per record shown
(``services.health_event_viewed``), so who looked at whose health is on the record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.core.formviews import put_errors
from waspada.elections import selectors, services
from waspada.elections.models import CandidatePair
from waspada.elections.services import ElectionRefused
from waspada.elections.views.common import (
    BadElectionFilter,
    chosen_election,
    may_write_health,
    require_health_reader,
)
from waspada.elections.views.forms import HealthEventForm
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


def _render_form(request: HttpRequest, form: HealthEventForm, pair: CandidatePair, status: int = 200) -> HttpResponse:
    return render(
        request, "elections/health_form.html", {"form": form, "pair": pair, "active_nav": "pilkada"}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def health_create(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record a health event of one candidate of a paslon (in scope: else 404). Only officers who
    also read health data may write it (403 otherwise); refusals are shown and nothing is written."""
    user = request.user
    pair = access.get_candidate_pair_for_user(user, public_id)
    require_health_reader(user)
    if not may_write_health(user, pair.contest.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat status kesehatan calon."))
    if request.method == "GET":
        return _render_form(request, HealthEventForm(pair=pair), pair)
    form = HealthEventForm(request.POST, pair=pair)
    if not form.is_valid():
        return _render_form(request, form, pair, status=400)
    try:
        event = services.health_event_create(actor=user, data=form.to_input())
    except ElectionRefused as exc:
        put_errors(form, exc)
        return _render_form(request, form, pair, status=400)
    messages.success(request, _("Status kesehatan calon dicatat."))
    return redirect(reverse("elections:health_detail", kwargs={"public_id": event.public_id}))


urlpatterns = [
    path("kesehatan-calon/", health_list, name="health_list"),
    path("kesehatan-calon/<uuid:public_id>/", health_detail, name="health_detail"),
    path("paslon/<uuid:public_id>/kesehatan/baru/", health_create, name="health_create"),
]
