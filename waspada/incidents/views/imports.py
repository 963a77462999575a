"""Impor peristiwa: upload a CSV/XLSX with a saved column mapping → the dry run (counts and
row errors, in the background, the page polls it) → confirm → the real run in the background →
result. Mappings: upload a JSON definition with a name, and the list.

Admin and analis nasional only (``access.can_import_incidents``; others get 403). An import is
its requester's alone: another user gets 404 for it, before any role check.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.incidents import importing
from waspada.incidents.mapping import MappingError
from waspada.incidents.models import ImportMapping, IncidentImport
from waspada.regions import access

POLL_SECONDS = 1
SHOWN_ERRORS = 100
MAX_MAPPING_BYTES = 256 * 1024


def require_importer(user: Any) -> None:
    if not access.can_import_incidents(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengimpor peristiwa."))


def get_import_for_user(user: Any, public_id: Any) -> IncidentImport:
    """An import is its requester's alone; anybody else gets the 404 of a missing one."""
    if not getattr(user, "is_authenticated", False):
        raise access.not_found()
    try:
        return IncidentImport.objects.select_related("mapping").get(public_id=public_id, requested_by=user)
    except (IncidentImport.DoesNotExist, ValueError, ValidationError):
        raise access.not_found() from None


def _form_context(user: Any, **extra: Any) -> dict[str, Any]:
    return {
        "active_nav": "incidents",
        "mappings": list(ImportMapping.objects.order_by("name")),
        "recent": list(IncidentImport.objects.filter(requested_by=user).select_related("mapping")[:10]),
        "max_mb": importing.MAX_UPLOAD_BYTES // (1024 * 1024),
        **extra,
    }


def _status_context(record: IncidentImport) -> dict[str, Any]:
    result = record.result or {}
    errors = result.get("errors") or []
    return {
        "record": record,
        "result": result,
        "row_errors": errors[:SHOWN_ERRORS],
        "more_errors": max(0, int(result.get("row_error_count") or 0) - min(len(errors), SHOWN_ERRORS)),
        "finished": record.status
        in (
            IncidentImport.Status.CHECKED,
            IncidentImport.Status.INVALID,
            IncidentImport.Status.DONE,
            IncidentImport.Status.FAILED,
        ),
        "poll_seconds": POLL_SECONDS,
    }


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def import_start(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: store the file and queue its dry run."""
    user = request.user
    require_importer(user)
    if request.method != "POST":
        return render(request, "incidents/import.html", _form_context(user))
    file = request.FILES.get("file")
    errors = importing.check_upload(file)
    raw = str(request.POST.get("mapping", "")).strip()
    mapping = ImportMapping.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if mapping is None:
        errors.append(_("Pilih pemetaan kolom yang tersimpan."))
    if errors:
        return render(request, "incidents/import.html", _form_context(user, errors=errors), status=400)
    assert mapping is not None and file is not None
    record = importing.import_request(user=user, file=file, mapping=mapping)
    messages.info(request, _("Berkas diunggah; uji coba sedang berjalan."))
    return redirect("incidents:import_detail", public_id=record.public_id)


@require_GET
@login_required
@access.scoped
def import_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    record = get_import_for_user(request.user, public_id)
    require_importer(request.user)
    return render(request, "incidents/import_detail.html", {"active_nav": "incidents", **_status_context(record)})


@require_GET
@login_required
@access.scoped
def import_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The fragment the detail page polls (htmx) until the dry run or the run is finished."""
    record = get_import_for_user(request.user, public_id)
    require_importer(request.user)
    response = render(request, "incidents/import_status.html", _status_context(record))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
@access.scoped
def import_confirm(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Run a clean dry run for real (in the background)."""
    record = get_import_for_user(request.user, public_id)
    require_importer(request.user)
    try:
        importing.import_confirm(user=request.user, record=record)
    except MappingError as exc:
        context = {"active_nav": "incidents", **_status_context(record), "errors": exc.messages}
        return render(request, "incidents/import_detail.html", context, status=400)
    messages.info(request, _("Impor sedang berjalan di latar belakang."))
    return redirect("incidents:import_detail", public_id=record.public_id)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def import_mapping_create(request: HttpRequest) -> HttpResponse:
    """GET: the saved mappings and the form. POST: store an uploaded mapping JSON under a name."""
    user = request.user
    require_importer(user)
    context: dict[str, Any] = {"active_nav": "incidents", "mappings": list(ImportMapping.objects.order_by("name"))}
    if request.method != "POST":
        return render(request, "incidents/import_mappings.html", context)
    name = request.POST.get("name", "")
    upload = request.FILES.get("definition")
    try:
        if upload is None:
            raise MappingError([_("Pilih berkas JSON pemetaan.")])
        if upload.size is not None and upload.size > MAX_MAPPING_BYTES:
            raise MappingError([_("Berkas pemetaan terlalu besar (paling besar 256 KB).")])
        try:
            definition = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise MappingError([_("Berkas pemetaan bukan JSON yang sah.")]) from None
        saved = importing.mapping_save(user=user, name=name, definition=definition)
    except MappingError as exc:
        return render(
            request, "incidents/import_mappings.html", {**context, "errors": exc.messages, "name": name}, status=400
        )
    messages.success(request, _("Pemetaan «%(name)s» disimpan.") % {"name": saved.name})
    return redirect("incidents:import_mapping_create")


urlpatterns = [
    path("impor/", import_start, name="import"),
    path("impor/pemetaan/", import_mapping_create, name="import_mapping_create"),
    path("impor/<uuid:public_id>/", import_detail, name="import_detail"),
    path("impor/<uuid:public_id>/status/", import_status, name="import_status"),
    path("impor/<uuid:public_id>/jalankan/", import_confirm, name="import_confirm"),
]
