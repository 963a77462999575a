"""Exports of the Pilkada recap (XLSX and PDF, house style): built at once from the same
recap as the page — a few hundred rows of aggregates whatever the number of violations, so no
background task is needed. See ``elections.exports``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from waspada.elections import exports
from waspada.elections.views.common import BadElectionFilter, require_reader
from waspada.elections.views.recap import recap_context
from waspada.regions import access


@require_GET
@login_required
@access.scoped
def recap_export(request: HttpRequest, format: str) -> HttpResponse:
    user = request.user
    require_reader(user)
    fmt = format
    if fmt not in exports.FORMATS:
        raise access.not_found()
    try:
        context = recap_context(request)
    except BadElectionFilter as exc:
        return render(request, "elections/recap.html", {"errors": [str(exc)], "active_nav": "pilkada"}, status=400)
    if context.get("election") is None:
        return render(request, "elections/recap.html", {"errors": ["Belum ada pemilihan."]}, status=400)
    content, filename, content_type = exports.build_recap(user, context, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("rekap/ekspor.<str:format>", recap_export, name="recap_export"),
]
