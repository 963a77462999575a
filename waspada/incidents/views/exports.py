"""Ekspor peristiwa: the export form (CSV, XLSX, PDF for the current filters) and the POST that
queues the export and sends the user to its status page (``/ekspor/<id>/``). Thin: access →
``incidents.exports`` → redirect.

Exporting is reading: every role that reads incidents may export (pimpinan too); FKDM gets 403.
A region outside the scope answers 404; a bad filter or format is answered on the form (400) and
nothing is queued. Other pages (the list, the recap) can offer the same buttons with
``{% include "incidents/_export_buttons.html" %}``: it posts their current query parameters.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waspada.incidents import exports, periods
from waspada.incidents.models import Incident, IncidentCode
from waspada.regions import access
from waspada.regions.models import Region

TEMPLATE = "incidents/export.html"
FIELDS = ("periode", "tanggal", "dari", "sampai", "wilayah", "korban", "q")


def require_reader(user: Any) -> None:
    if not access.scope_of(user).roles & access.INCIDENT_READER_ROLES:
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca peristiwa."))


def region_choices(user: Any) -> list[Region]:
    """Provinces and kabupaten/kota inside the user's scope (for the region select)."""
    scope = access.scope_of(user)
    regions = Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS]).only(
        "code", "name", "level"
    )
    if not scope.national:
        regions = regions.filter(access.region_tree_q(user))
    return list(regions.order_by("code"))


def _values(params: QueryDict) -> dict[str, Any]:
    values: dict[str, Any] = {key: params.get(key, "") for key in FIELDS}
    values["kategori"] = params.getlist("kategori")
    values["status"] = params.getlist("status")
    return values


def _context(user: Any, params: QueryDict) -> dict[str, Any]:
    values = _values(params)
    choices = region_choices(user)
    wanted = str(values["wilayah"]).strip()
    return {
        "active_nav": "incidents",
        "values": values,
        # A finer code (kecamatan, desa) from the list page is kept as its own option.
        "other_region": wanted if wanted and wanted not in {r.code for r in choices} else "",
        "formats": exports.FORMATS,
        "kind_choices": [("", _("— tanpa periode (pakai dari/sampai) —")), *periods.KIND_CHOICES],
        "region_choices": choices,
        "category_choices": list(
            IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY, is_active=True).order_by("order", "name")
        ),
        "status_choices": Incident.Status.choices,
        "max_xlsx_rows": exports.MAX_XLSX_ROWS,
    }


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def export(request: HttpRequest) -> HttpResponse:
    """GET: the form, filled from the query. POST: queue the export in ``format``."""
    user = request.user
    require_reader(user)
    if request.method != "POST":
        return render(request, TEMPLATE, _context(user, request.GET))
    fmt = request.POST.get("format", "")
    try:
        filters = exports.parse_export(user, request.POST, fmt)
    except exports.BadExport as exc:
        context = {**_context(user, request.POST), "errors": exc.messages}
        return render(request, TEMPLATE, context, status=400)
    queued = exports.incident_export_request(user=user, filters=filters, fmt=fmt)
    messages.info(request, _("Ekspor sedang dibuat. Halaman ini menunjukkan kemajuannya."))
    return redirect("exports:detail", public_id=queued.public_id)


urlpatterns = [
    path("ekspor/", export, name="export"),
]
