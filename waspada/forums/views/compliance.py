"""Kepatuhan pembentukan forum: per kind and level, the national figure ("X dari 514
kabupaten/kota memiliki FKDM aktif"), a table by province, the regions without a forum or with an
expired decree (with contacts), and a choropleth map (formed / expired / none) beside the table.
Thin: filters → ``forums.selectors.compliance_overview``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from waspada.forums import compliance, selectors
from waspada.forums.models import Forum
from waspada.forums.views.common import require_reader, today
from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status

STATUS_LABELS = {
    compliance.ACTIVE: gettext_lazy("Aktif"),
    compliance.EXPIRED: gettext_lazy("SK kedaluwarsa"),
    compliance.NONE: gettext_lazy("Belum dibentuk"),
}
LACKING_PAGE_SIZE = 50  # rows of the "without an active forum" list per page
LEVEL_LABELS = {"kabkota": gettext_lazy("kabupaten/kota"), "provinsi": gettext_lazy("provinsi")}


class BadFilter(ValueError):
    pass


def parse(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("jenis") or Forum.Kind.FKDM
    if kind not in Forum.Kind.values:
        raise BadFilter(_("Jenis forum «%(v)s» tidak dikenal.") % {"v": kind[:20]})
    level = request.GET.get("tingkat") or "kabkota"
    if level not in selectors.LEVELS:
        raise BadFilter(_("Tingkat «%(v)s» tidak dikenal (provinsi atau kabkota).") % {"v": level[:20]})
    raw = request.GET.get("per", "")
    try:
        as_of = date.fromisoformat(raw) if raw else today()
    except ValueError:
        raise BadFilter(_("Tulis tanggal yang sah (TTTT-BB-HH): «%(v)s».") % {"v": raw[:20]}) from None
    code = (request.GET.get("provinsi") or "").strip()[:13]
    province = access.get_region_for_user(request.user, code) if code else None
    if province is not None and not province.is_province:
        raise BadFilter(_("«%(v)s» bukan kode provinsi.") % {"v": code})
    return {"kind": kind, "level": level, "as_of": as_of, "province": province}


def parse_page(request: HttpRequest) -> dict[str, Any]:
    """The page's own filters: ``parse`` plus which regions the list shows (``daftar``: every
    region without an active forum, or only the expired / the never-formed ones)."""
    filters = parse(request)
    only = request.GET.get("daftar") or ""
    if only not in ("", compliance.EXPIRED, compliance.NONE):
        raise BadFilter(_("Pilihan daftar «%(v)s» tidak dikenal (kedaluwarsa atau belum).") % {"v": only[:20]})
    return {**filters, "only": only}


@require_GET
@login_required
@access.scoped
def compliance_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {
        "active_nav": "forums",
        "kinds": Forum.Kind.choices,
        "levels": list(LEVEL_LABELS.items()),
        "labels": STATUS_LABELS,
        "values": {k: request.GET.get(k, "") for k in ("jenis", "tingkat", "per", "provinsi", "daftar")},
    }
    try:
        filters = parse_page(request)
    except BadFilter as exc:
        return render(request, "forums/compliance.html", {**context, "errors": [str(exc)]}, status=400)
    only = filters.pop("only")
    overview = selectors.compliance_overview(user, **filters, contacts=False, public_ids=False)
    map_level = filters["level"]
    lacking = overview.lacking
    if only:
        lacking = [r for r in lacking if r.status == only]
    # The list of regions without an active forum is paged (hundreds of rows nationally, with
    # contacts); contacts are read for the shown page only.
    page = Paginator(lacking, LACKING_PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = selectors.attach_contacts(filters["kind"], list(page.object_list))
    labels = {k: str(v) for k, v in STATUS_LABELS.items()}
    for row in rows:
        row.label = labels[row.status]
        row.until_text = row.valid_until.strftime("%d-%m-%Y") if row.valid_until else "–"
        if row.forum is not None:
            f = row.forum
            row.url = reverse("forums:detail", kwargs={"public_id": f.public_id})
            row.contact = " · ".join(x for x in (f.contact_name, f.contact_phone, f.contact_email) if x)
        row.officers_text = "; ".join(" · ".join(x for x in (str(u), u.phone, u.email) if x) for u in row.operators)
    params = request.GET.copy()
    params.pop("halaman", None)
    context.update(
        {
            **filters,
            "overview": overview,
            "lacking": rows,
            "lacking_page": page,
            "lacking_total": len(lacking),
            "only": only,
            "only_choices": [
                (compliance.EXPIRED, STATUS_LABELS[compliance.EXPIRED]),
                (compliance.NONE, STATUS_LABELS[compliance.NONE]),
            ],
            "kind_label": Forum.Kind(filters["kind"]).label,
            "level_label": LEVEL_LABELS[filters["level"]],
            "has_map": map_level in boundary_layers_status(),
            "map_level": map_level,
            "query": params.urlencode(),
        }
    )
    return render(request, "forums/compliance.html", context)


@require_GET
@login_required
@access.scoped
def compliance_map(request: HttpRequest) -> JsonResponse:
    """Region code → status for the choropleth (the same rows as the tables)."""
    user = request.user
    require_reader(user)
    try:
        filters = parse(request)
    except BadFilter as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    overview = selectors.compliance_overview(user, **filters, contacts=False, public_ids=False)
    return JsonResponse(
        {
            "status": {r.region.code: r.status for r in overview.rows},
            "labels": {k: str(v) for k, v in STATUS_LABELS.items()},
        }
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def compliance_export(request: HttpRequest) -> HttpResponse:
    """POST (``format``, ``jenis``, ``tingkat``, ``per``, ``provinsi``): queue the compliance recap
    as XLSX or PDF (house style, the same numbers as the page) and show its progress
    (``/ekspor/<id>/``). A province outside the scope answers 404; a bad filter or format is
    answered on the page (400) and nothing is queued. A GET goes back to the page."""
    from waspada.forums import exports

    user = request.user
    require_reader(user)
    if request.method != "POST":
        return redirect("forums:compliance")
    fmt = request.POST.get("format", "")
    errors: list[str] = []
    if fmt not in exports.FORMATS:
        errors.append(_("Format ekspor '%(value)s' tidak dikenal. Pilih XLSX atau PDF.") % {"value": fmt[:10]})
    params = exports.filter_params(request.POST)
    try:
        filters = parse(exports.filter_request(user, params))  # 404 outside the scope
    except BadFilter as exc:
        errors.append(str(exc))
    if errors:
        return render(request, "forums/compliance.html", {"errors": errors, "active_nav": "forums"}, status=400)
    export = exports.compliance_export_request(user=user, filters=filters, fmt=fmt)
    messages.info(request, _("Ekspor sedang dibuat. Halaman ini menunjukkan kemajuannya."))
    return redirect("exports:detail", public_id=export.public_id)


urlpatterns = [
    path("kepatuhan/", compliance_page, name="compliance"),
    path("kepatuhan/ekspor/", compliance_export, name="compliance_export"),
    path("kepatuhan/peta.json", compliance_map, name="compliance_map"),
]
