"""Writing, submitting and deciding weekly situation reports. Thin: access → selectors/services."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from waspada.regions import access


@require_GET
@login_required
@access.scoped
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    report = access.get_report_for_user(request.user, public_id)
    return render(request, "reports/detail.html", {"report": report})


urlpatterns = [
    path("<uuid:public_id>/", detail, name="detail"),
]
