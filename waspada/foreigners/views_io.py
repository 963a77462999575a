"""Import and export pages of the foreigners module (thin: access → imports/exports)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waspada.foreigners import exports, forms, imports
from waspada.foreigners.views import BadFilter, parse_filters, require_reader, require_writer
from waspada.regions import access


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


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def export(request: HttpRequest) -> HttpResponse:
    """POST (``format`` and the list's filters): queue a masked XLSX or PDF of the list and recap
    and show its progress (``/ekspor/<id>/``). A region outside the scope answers 404; a bad filter
    or format is refused (400, in Indonesian) and nothing is queued. A GET goes back to the list."""
    user = request.user
    require_reader(user)
    if request.method != "POST":
        return redirect("foreigners:list")
    fmt = request.POST.get("format", "")
    if fmt not in exports.FORMATS:
        message = _("Format ekspor '%(value)s' tidak dikenal. Pilih XLSX atau PDF.") % {"value": fmt[:10]}
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    params = exports.filter_params(request.POST)
    try:
        filters = parse_filters(exports.filter_request(user, params), user)  # 404 outside the scope
    except BadFilter as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    from_recap = request.POST.get("dari") == "rekap"
    queued = exports.foreigner_export_request(user=user, filters=filters, params=params, fmt=fmt, from_recap=from_recap)
    messages.info(request, _("Ekspor sedang dibuat. Halaman ini menunjukkan kemajuannya."))
    return redirect("exports:detail", public_id=queued.public_id)
