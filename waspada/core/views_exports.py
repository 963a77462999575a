"""The status page of a background export (htmx polls its progress) and its download.

An export belongs to the user who asked for it: anybody else gets the same 404 as for an
export that does not exist (``access.get_export_for_user``)."""

from __future__ import annotations

import mimetypes
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waspada.core.models import Export
from waspada.regions import access

POLL_SECONDS = 1


def _context(export: Export) -> dict[str, object]:
    params = export.params or {}
    # The page the export was made from declares the link back and its label (a message id,
    # ``core.exports.BackLink``); exports stored without a label keep the recap's.
    label = str(params.get("back_label") or "")
    return {
        "export": export,
        "title": params.get("title") or export.kind,
        "filters": params.get("described") or [],
        "back_url": params.get("back_url") or "",
        "back_label": _(label) if label else _("Kembali ke rekap"),
        "data_sha256": params.get("data_sha256") or "",
        "zone": params.get("zone") or "WIB",
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@login_required
@access.scoped
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    export = access.get_export_for_user(request.user, public_id)
    return render(request, "core/export_detail.html", _context(export))


@require_GET
@login_required
@access.scoped
def status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The progress fragment the status page polls (htmx); stops polling once finished."""
    export = access.get_export_for_user(request.user, public_id)
    response = render(request, "core/export_status.html", _context(export))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
@access.scoped
def download(request: HttpRequest, public_id: UUID) -> FileResponse:
    export = access.get_export_for_user(request.user, public_id)
    if export.status != Export.Status.DONE or not export.file:
        raise access.not_found()
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise access.not_found() from None
    content_type = mimetypes.guess_type(export.filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=export.filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
