"""Exports of the Pilkada recap (XLSX and PDF, house style): a POST from the recap page queues
the export with the page's filters and sends the user to its status page (``/ekspor/<id>/``);
the file is built in the background (``elections.tasks.recap_export``). See ``elections.exports``.

Exporting is reading: every role that reads Pilkada data may export. A region, contest or paslon
outside the scope answers 404; a bad filter or format is answered on the recap page (400) and
nothing is queued. A GET goes back to the recap page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waspada.elections import exports, selectors
from waspada.elections.models import ProkesViolation
from waspada.elections.views.common import BadElectionFilter, require_reader
from waspada.elections.views.violations import parse_filters
from waspada.regions import access


def _refused(request: HttpRequest, errors: list[str]) -> HttpResponse:
    context = {
        "errors": errors,
        "active_nav": "pilkada",
        "elections": list(selectors.elections()),
        "values": {k: request.POST.get(k, "") for k in ("pemilihan", "wilayah", "tahapan", "kegiatan", "sumber")},
        "activities": ProkesViolation.Activity.choices,
        "sources": ProkesViolation.Source.choices,
    }
    return render(request, "elections/recap.html", context, status=400)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def recap_export(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    if request.method != "POST":
        return redirect("elections:recap")
    fmt = request.POST.get("format", "")
    if fmt not in exports.FORMATS:
        return _refused(
            request, [_("Format ekspor '%(value)s' tidak dikenal. Pilih XLSX atau PDF.") % {"value": fmt[:10]}]
        )
    params = exports.filter_params(request.POST)
    try:
        filters = parse_filters(exports.filter_request(user, params), user)  # 404 outside the scope
    except BadElectionFilter as exc:
        return _refused(request, [str(exc)])
    if filters.election is None:
        return _refused(request, [_("Belum ada pemilihan.")])
    # The filters only (cheap); the recap itself is counted by the task.
    context = {"filters": filters, "election": filters.election}
    export = exports.recap_export_request(user=user, context=context, params=params, fmt=fmt)
    messages.info(request, _("Ekspor sedang dibuat. Halaman ini menunjukkan kemajuannya."))
    return redirect("exports:detail", public_id=export.public_id)


urlpatterns = [
    path("rekap/ekspor/", recap_export, name="recap_export"),
]
