"""Triase teks: paste or upload a text → the regions it names, a suggested category with its
confidence → "Buat draf peristiwa", a link to the incident form with the draft in its query
(``judul``, ``kategori``, ``wilayah``, ``uraian``, ``tanggal``). Thin: access → ``triage.service``
→ template. Nothing is written.

Roles (docs/permissions.md): fkdm, operator, verifikator and analis; pimpinan and admin get 403.
Regions outside the user's scope are shown but marked, and never put into the draft.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waspada.alerts.triage import service
from waspada.alerts.triage.service import TriageRefused, TriageResult
from waspada.incidents.models import IncidentCode
from waspada.regions import access

TEMPLATE = "alerts/triage.html"
MAX_UPLOAD_BYTES = 200_000
# A query string of more than a few thousand characters breaks some proxies: the narrative in
# the draft link is cut here (the full text stays on this page to copy).
MAX_NARRATIVE_IN_LINK = 2_000


def require_triage(user: Any) -> None:
    if not access.can_use_triage(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang memakai triase teks."))


def _uploaded_text(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise TriageRefused(
            _("Berkas terlalu besar: paling banyak %(kb)s KB teks biasa (.txt).") % {"kb": MAX_UPLOAD_BYTES // 1000},
            code="file_too_large",
        )
    name = (upload.name or "").lower()
    if not name.endswith(".txt"):
        raise TriageRefused(_("Hanya berkas teks biasa (.txt) yang dapat diunggah."), code="file_type")
    raw = upload.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TriageRefused(
            _("Berkas bukan teks UTF-8. Simpan ulang sebagai teks UTF-8 atau tempelkan isinya."), code="encoding"
        ) from None


def _category_names() -> dict[str, str]:
    return dict(IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY).values_list("code", "name"))


def _segments(result: TriageResult) -> list[tuple[str, bool]]:
    """The text cut into (piece, is a region mention) for highlighting the mentions."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in sorted(result.mentions, key=lambda m: m.start):
        if m.start < at:
            continue
        pieces.append((result.text[at : m.start], False))
        pieces.append((result.text[m.start : m.end], True))
        at = m.end
    pieces.append((result.text[at:], False))
    return [p for p in pieces if p[0]]


def _context(user: Any, result: TriageResult) -> dict[str, Any]:
    scope = access.scope_of(user)
    names = _category_names()
    regions: list[dict[str, Any]] = [
        {"found": r, "in_scope": scope.covers_code(r.place.code), "percent": round(r.confidence * 100)}
        for r in result.regions
    ]
    draft_region = result.draft_region if result.draft_region and scope.covers_code(result.draft_region.code) else None
    if draft_region is None:
        # The first kabupaten/kota or kecamatan named in scope, if the best one lies outside it.
        in_scope = [r.place for r in result.regions if scope.covers_code(r.place.code) and r.place.level != "provinsi"]
        draft_region = in_scope[0] if in_scope else None
    params = service.draft_query(result)
    params.pop("wilayah", None)
    if draft_region is not None:
        params["wilayah"] = draft_region.code
    if len(params.get("uraian", "")) > MAX_NARRATIVE_IN_LINK:
        params["uraian"] = params["uraian"][:MAX_NARRATIVE_IN_LINK]
    draft_url = ""
    if access.has_role(user, *access.INCIDENT_WRITER_ROLES):
        try:
            draft_url = reverse("incidents:create") + "?" + urlencode(params)
        except NoReverseMatch:
            draft_url = ""
    suggestion = result.suggestion
    li_fields = service.draft_information_report(result) if access.has_role(user, "fkdm") else None
    if li_fields and li_fields.get("region") and not scope.covers_code(li_fields["region"]):
        li_fields["region"] = draft_region.code if draft_region is not None else ""
    ranking = [
        {"code": code, "name": names.get(code, code), "percent": round(p * 100)} for code, p in suggestion.ranking[:3]
    ]
    return {
        "result": result,
        "segments": _segments(result),
        "regions": regions,
        "unresolved": result.unresolved,
        "suggestion": suggestion,
        "category_name": names.get(suggestion.category or "", suggestion.category or ""),
        "category_percent": round(suggestion.confidence * 100),
        "ranking": ranking,
        "draft_region": draft_region,
        "draft_url": draft_url,
        "narrative_cut": len(result.text) > MAX_NARRATIVE_IN_LINK,
        "li_fields": li_fields,
        "li_url": _li_url(li_fields) if li_fields else "",
    }


def _li_url(fields: dict[str, str]) -> str:
    """The Laporan Informasi form prefilled with the suggested fields (the text cut like the
    incident draft's narrative)."""
    params = {k: v for k, v in fields.items() if v}
    if len(params.get("fact_what", "")) > MAX_NARRATIVE_IN_LINK:
        params["fact_what"] = params["fact_what"][:MAX_NARRATIVE_IN_LINK]
    return reverse("alerts:li_create") + "?" + urlencode(params)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def triage(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_triage(user)
    context: dict[str, Any] = {"max_chars": service.MAX_CHARS, "text": "", "errors": [], "active_nav": "triage"}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    text = request.POST.get("teks", "")
    context["text"] = text
    try:
        upload = request.FILES.get("berkas")
        if upload is not None and not text.strip():
            text = _uploaded_text(upload)
            context["text"] = text
        result = service.triage(text)
    except TriageRefused as refused:
        context["errors"] = refused.messages
        return render(request, TEMPLATE, context, status=400)
    context.update(_context(user, result))
    return render(request, TEMPLATE, context)


urlpatterns = [path("triase/", triage, name="triage")]
