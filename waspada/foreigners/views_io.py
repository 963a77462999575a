"""Import and export pages of the foreigners module (thin: access → imports/exports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.foreigners import exports, forms, imports
from waspada.foreigners.views import BadFilter, parse_filters, require_reader, require_writer
from waspada.regions import access

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def import_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_writer(user)
    context = {"form": forms.ImportForm(), "active_nav": "foreigners", "columns": imports.COLUMNS}
    if request.method == "GET":
        return render(request, "foreigners/import.html", context)
    form = forms.ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "foreigners/import.html", context, status=400)
    try:
        result = imports.import_foreigners(form.cleaned_data["file"], actor=user)
    except imports.ImportFileError as exc:
        return render(request, "foreigners/import.html", {**context, "errors": [str(exc)]}, status=400)
    context["result"] = result
    if not result.ok:
        context["errors"] = [
            _("Tidak ada yang disimpan: perbaiki baris berikut lalu unggah ulang."),
            *result.errors[:500],
        ]
        return render(request, "foreigners/import.html", context, status=400)
    return render(request, "foreigners/import.html", context)


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request.user
    require_reader(user)
    try:
        filters = parse_filters(request, user)
    except BadFilter as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    content, filename = exports.build(user, filters, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
@access.scoped
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@require_GET
@login_required
@access.scoped
def export_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
