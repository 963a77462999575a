"""The national weekly recap (rekap nasional) and its exports. Thin: access → recap selectors /
export request → template. Everyone sees only their scope; exporting is reading (pimpinan may)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.regions import access
from waspada.reports import exports
from waspada.reports import recap as data
from waspada.reports.views.completeness import filter_context, require_reader

TEMPLATE = "reports/recap.html"


def _base(user: Any) -> dict[str, Any]:
    return {"active_nav": "recap", "section_choices": data.section_choices(), "formats": exports.FORMATS}


@require_GET
@login_required
@access.scoped
def recap(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context = {**_base(user), **filter_context(request, user)}
    try:
        filters = data.parse_filters(user, request.GET)
    except data.BadFilter as exc:
        return render(request, TEMPLATE, {**context, "errors": data.refusal_messages(exc)}, status=400)
    context.update({"filters": filters, "recap": data.recap(user, filters)})
    return render(request, TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def recap_export(request: HttpRequest) -> HttpResponse:
    """POST: queue an XLSX or PDF of the recap with the page's filters, then show its progress.
    A bad filter or format is answered on the recap page and nothing is queued."""
    user = request.user
    require_reader(user)
    if request.method != "POST":
        return redirect("reports:recap")
    fmt = request.POST.get("format", "")
    context = {**_base(user), **filter_context(request, user)}
    context["values"] = {k: request.POST.get(k, "") for k in ("periode", "tingkat", "provinsi", "bagian", "q")}
    errors: list[str] = []
    try:
        filters = data.parse_filters(user, request.POST)
    except data.BadFilter as exc:
        errors = data.refusal_messages(exc)
    if fmt not in exports.FORMATS:
        errors.append(_("Format ekspor '%(value)s' tidak dikenal. Pilih XLSX atau PDF.") % {"value": fmt[:10]})
    if errors:
        return render(request, TEMPLATE, {**context, "errors": errors}, status=400)
    export = exports.recap_export_request(user=user, filters=filters, fmt=fmt)
    messages.info(request, _("Ekspor sedang dibuat. Halaman ini menunjukkan kemajuannya."))
    return redirect("exports:detail", public_id=export.public_id)


urlpatterns = [
    path("rekap/", recap, name="recap"),
    path("rekap/ekspor/", recap_export, name="recap_export"),
]
