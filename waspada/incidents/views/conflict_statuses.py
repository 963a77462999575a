"""Status Keadaan Konflik: the scoped list, the declaration form and a detail page with the
incidents linked to the status. Thin: access → ``services.conflict_status_declare`` (which checks
the scale, the region and the 90-day limit) → template."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.core.formviews import put_errors
from waspada.incidents import services
from waspada.incidents.forms import ConflictStatusForm
from waspada.incidents.models import ConflictStatus
from waspada.incidents.services import IncidentRefused
from waspada.incidents.views.incidents import may_register, require_reader, require_register
from waspada.regions import access

PAGE_SIZE = 50
LINKED_LIMIT = 100


@require_GET
@login_required
@access.scoped
def status_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    statuses = ConflictStatus.objects.visible_to(user).select_related("region").order_by("-starts_on", "-id")
    context = {
        "page": Paginator(statuses, PAGE_SIZE).get_page(request.GET.get("halaman")),
        "may_declare": may_register(user),
        "active_nav": "incidents",
    }
    return render(request, "incidents/conflict_status_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def status_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_register(user)
    form = ConflictStatusForm(request.POST or None, user=user)
    status_code = 200
    if request.method == "POST":
        status_code = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                declared = services.conflict_status_declare(
                    actor=user,
                    scale=data["scale"],
                    region=data.get("region"),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    decree_number=data.get("decree_number") or "",
                    note=data.get("note") or "",
                )
            except IncidentRefused as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("Status keadaan konflik tercatat."))
                return redirect(reverse("incidents:conflict_status_detail", kwargs={"public_id": declared.public_id}))
    context: dict[str, Any] = {"form": form, "active_nav": "incidents"}
    return render(request, "incidents/conflict_status_form.html", context, status=status_code)


@require_GET
@login_required
@access.scoped
def status_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    status = access.get_conflict_status_for_user(user, public_id)
    linked = (
        status.incidents.visible_to(user)
        .alive()
        .select_related("region", "category")
        .order_by("-occurred_on", "-id")[:LINKED_LIMIT]
    )
    context = {
        "status": status,
        "zone": status.region.timezone if status.region else "WIB",
        "incidents": list(linked),
        "linked_limit": LINKED_LIMIT,
        "active_nav": "incidents",
    }
    return render(request, "incidents/conflict_status_detail.html", context)


urlpatterns = [
    path("status-konflik/", status_list, name="conflict_status_list"),
    path("status-konflik/baru/", status_create, name="conflict_status_create"),
    path("status-konflik/<uuid:public_id>/", status_detail, name="conflict_status_detail"),
]
