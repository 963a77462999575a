from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waspada.core.selectors import audit_events_for_user
from waspada.regions import access


@require_GET
@login_required
@access.scoped
def audit_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_audit_list"):
        raise PermissionDenied
    events = audit_events_for_user(request.user)
    action = request.GET.get("tindakan", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("halaman"))
    return render(request, "core/audit_list.html", {"page": page, "action": action})


@require_GET
@login_required
@access.scoped
def audit_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_audit_event_for_user(request.user, event_id)
    return render(request, "core/audit_detail.html", {"event": event})


@require_GET
@access.public
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
