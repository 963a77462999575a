"""Register peristiwa: the scoped list, the form (create and edit, with the point picker), the
detail page and its actions (status, soft delete, merge, sources, actors, handling actions).
Thin: access → forms → ``incidents.services`` / ``incidents.selectors`` → template.

Every incident comes through ``access.get_incident_for_user`` (404 out of scope, and for roles
that do not read incidents); writes are checked here before any parsing (403 for pimpinan and
for officers without the right) and again by the services. A refusal is shown in Indonesian and
changes nothing; a stale edit (another user saved first) is refused with who and when.

The list is keyset-paginated on (occurred_on, id) descending — the order of the
``occurred_on`` index (or of the ``(kabkota, occurred_on)`` / ``(province, occurred_on)``
indexes for regional users) — and never counts the national set: it counts at most
``COUNT_LIMIT + 1`` rows and says "lebih dari …" beyond.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.core.formviews import put_errors
from waspada.core.selectors import history_for
from waspada.incidents import filters, selectors, services
from waspada.incidents.forms import (
    ActorForm,
    ActorFormSet,
    HandlingActionForm,
    IncidentForm,
    SourceForm,
    SourceFormSet,
    kabkota_choices,
)
from waspada.incidents.models import Incident, IncidentCode
from waspada.incidents.services import IncidentRefused, StaleIncident
from waspada.regions import access
from waspada.regions.models import Region
from waspada.regions.selectors import boundary_layers_status

LIST_PAGE_SIZE = 25
COUNT_LIMIT = 1000
# What a list row shows: fewer columns to read and fewer fields to set (~30 → ~20 ms a page).
LIST_FIELDS = (
    "public_id",
    "title",
    "occurred_on",
    "date_precision",
    "killed",
    "injured",
    "status",
    "merged_into_id",
    "point_kabkota_id",
    "region__name",
    "kabkota__name",
    "category__name",
)
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{1,19})$")
STATUS_SUCCESS: dict[str, Any] = {
    Incident.Status.VERIFIED: gettext_lazy("Peristiwa terverifikasi."),
    Incident.Status.CLOSED: gettext_lazy("Peristiwa ditutup."),
    Incident.Status.DRAFT: gettext_lazy("Peristiwa dikembalikan ke draf."),
}


# --- helpers -----------------------------------------------------------------------------------


def require_reader(user: Any) -> None:
    if not access.scope_of(user).roles & access.INCIDENT_READER_ROLES:
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca peristiwa."))


def may_register(user: Any) -> bool:
    """Officers who may register incidents somewhere in their scope."""
    return access.can_write(user) and access.has_role(user, *access.INCIDENT_WRITER_ROLES)


def require_register(user: Any) -> None:
    if not may_register(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat peristiwa."))


def _for_write(user: Any, public_id: UUID) -> Incident:
    """The incident (404 out of scope), then 403 unless the user may edit it."""
    incident = access.get_incident_for_user(user, public_id)
    if not access.can_write_incident(user, incident.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah peristiwa ini."))
    return incident


def _for_verify(user: Any, public_id: UUID) -> Incident:
    incident = access.get_incident_for_user(user, public_id)
    if not access.can_verify_incident(user, incident.region):
        raise PermissionDenied(
            _("Peran Anda tidak berwenang memverifikasi, menggabungkan atau menghapus peristiwa ini.")
        )
    return incident


def detail_url(incident: Incident) -> str:
    return reverse("incidents:detail", kwargs={"public_id": incident.public_id})


def refusal_text(exc: IncidentRefused) -> str:
    return " ".join(str(m) for m in exc.messages)


def incident_form_field(name: str) -> str:
    """The incident form shows the services' ``region`` as its kabupaten/kota field."""
    return "kabkota" if name == "region" else name


def _posted_version(request: HttpRequest) -> int:
    """The version the user read; a missing one never matches (refused as stale)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- list --------------------------------------------------------------------------------------


def parse_cursor(raw: str) -> tuple[date, int] | None:
    """``2020-10-05_123``: the last row of the previous page; anything else: the first page."""
    match = _CURSOR.match(raw or "")
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1)), int(match.group(2))
    except ValueError:
        return None


@dataclass
class ListPage:
    items: list[Incident]
    next_cursor: str | None
    count: int
    more_than: bool


def list_page(incidents: QuerySet[Incident], cursor: tuple[date, int] | None, size: int = LIST_PAGE_SIZE) -> ListPage:
    """One page, newest first, after ``cursor``; a bounded count of the matching rows."""
    ordered = incidents.order_by("-occurred_on", "-id")
    page_qs = ordered
    if cursor is not None:
        day, pk = cursor
        # The ``occurred_on <= day`` bound lets the index range start at the cursor (an OR alone
        # would walk the index from the newest row).
        page_qs = ordered.filter(Q(occurred_on__lt=day) | Q(occurred_on=day, id__lt=pk), occurred_on__lte=day)
    rows = list(page_qs.select_related("region", "kabkota", "category").only(*LIST_FIELDS)[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = f"{last.occurred_on.isoformat()}_{last.pk}"
    count = incidents.order_by().values("id")[: COUNT_LIMIT + 1].count()
    return ListPage(rows, next_cursor, min(count, COUNT_LIMIT), count > COUNT_LIMIT)


def region_options(user: Any, selected: str) -> str:
    """The ``<option>``s of the region filter (provinces and kabupaten/kota in scope), built here
    from plain tuples: as a template loop (or with ``format_html``) the ~550 national options
    cost more than the rest of the page."""
    regions = Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS])
    if not access.scope_of(user).national:
        regions = regions.filter(access.region_tree_q(user))
    parts = []
    for code, name, level in regions.order_by("code").values_list("code", "name", "level"):
        mark = " selected" if code == selected else ""
        indent = "" if level == Region.Level.PROVINSI else "\u00a0\u00a0"
        parts.append(f'<option value="{escape(code)}"{mark}>{indent}{escape(code)} {escape(name)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


def _filter_values(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    values: dict[str, Any] = {k: get.get(k, "") for k in ("dari", "sampai", "wilayah", "korban", "q")}
    values["kategori"] = get.getlist("kategori")
    values["status"] = get.getlist("status")
    return values


@require_GET
@login_required
@access.scoped
def incident_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {
        "values": _filter_values(request),
        "region_options": region_options(user, request.GET.get("wilayah", "")),
        "category_choices": list(selectors.codes(IncidentCode.Kind.CATEGORY).order_by("order", "name")),
        "status_choices": Incident.Status.choices,
        "may_register": may_register(user),
        "may_import": access.can_import_incidents(user),
        "active_nav": "incidents",
    }
    try:
        parsed = filters.parse(user, request.GET)
    except filters.BadIncidentFilter as exc:
        return render(request, "incidents/list.html", {**context, "errors": exc.messages}, status=400)
    cursor = parse_cursor(request.GET.get("cursor", ""))
    page = list_page(parsed.apply(selectors.incidents_for(user)), cursor)
    params = request.GET.copy()
    params.pop("cursor", None)
    base = params.urlencode()
    context.update(
        {
            "page": page,
            "first_url": "?" + base if cursor is not None else None,
            "next_url": "?" + urlencode({**{k: v for k, v in params.lists()}, "cursor": page.next_cursor}, doseq=True)
            if page.next_cursor
            else None,
            "recap_url": reverse("incidents:recap"),
            "filtered": bool(base),
        }
    )
    return render(request, "incidents/list.html", context)


# --- create and edit -------------------------------------------------------------------------


def _render_form(
    request: HttpRequest,
    form: IncidentForm,
    *,
    incident: Incident | None,
    sources: Any = None,
    actors: Any = None,
    status: int = 200,
    stale: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "incident": incident,
        "sources": sources,
        "actors": actors,
        "stale": stale,
        "has_map": "kabkota" in boundary_layers_status(),
        "children_url": reverse("api:region-children", kwargs={"code": "00.00"}).replace("00.00", "CODE"),
        "active_nav": "incidents",
    }
    return render(request, "incidents/form.html", context, status=status)


def _initial_region(user: Any) -> dict[str, Any]:
    """Pre-select the kabupaten/kota when the user's scope holds only one."""
    choices = list(kabkota_choices(user)[:2])
    return {"kabkota": choices[0]} if len(choices) == 1 else {}


# Query parameters a draft link may carry (the text triage page builds them): field → parameter.
PREFILL_PARAMETERS = {"title": "judul", "narrative": "uraian"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _prefill(user: Any, params: Any) -> dict[str, Any]:
    """Initial values from a draft link (``?judul=&kategori=&wilayah=&uraian=&tanggal=``).

    A prefill only proposes: a value that does not fit (an unknown category, a region outside
    the user's scope, a malformed date) is left out and the person fills the field in.
    """
    initial = _initial_region(user)
    for field, parameter in PREFILL_PARAMETERS.items():
        value = (params.get(parameter) or "").strip()
        if value:
            initial[field] = value[:200] if field == "title" else value
    code = (params.get("kategori") or "").strip()
    if code:
        category = selectors.codes(IncidentCode.Kind.CATEGORY).filter(code=code).values_list("pk", flat=True).first()
        if category is not None:
            initial["category"] = category
    day = (params.get("tanggal") or "").strip()
    if _ISO_DAY.match(day):
        with contextlib.suppress(ValueError):
            initial["occurred_on"] = date.fromisoformat(day)
    region_code = (params.get("wilayah") or "").strip()
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is not None and access.region_in_scope(user, region) and region.kabkota_id is not None:
            kabkota = kabkota_choices(user).filter(pk=region.kabkota_id).first()
            if kabkota is not None:
                initial["kabkota"] = kabkota
                if region.pk != kabkota.pk:
                    initial["region_detail"] = region.code
    return initial


def _check_location(form: IncidentForm, data: services.IncidentInput) -> bool | None:
    """Point-in-polygon for the typed point: False when fine, True when the user confirmed a
    point outside the chosen kabupaten/kota, None when it must be confirmed first."""
    located = services.locate(data)
    if not located.mismatch:
        return False
    if form.cleaned_data.get("confirm_mismatch"):
        return True
    form.mismatch_messages = located.messages
    return None


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_register(user)
    if request.method != "POST":
        form = IncidentForm(user=user, initial=_prefill(user, request.GET))
        return _render_form(
            request,
            form,
            incident=None,
            sources=SourceFormSet(prefix="sumber"),
            actors=ActorFormSet(prefix="aktor"),
        )
    form = IncidentForm(request.POST, user=user)
    sources = SourceFormSet(request.POST, prefix="sumber")
    actors = ActorFormSet(request.POST, prefix="aktor")
    valid = form.is_valid()
    valid = sources.is_valid() and valid
    valid = actors.is_valid() and valid
    if not valid:
        return _render_form(request, form, incident=None, sources=sources, actors=actors, status=422)
    data = form.incident_input()
    confirmed = _check_location(form, data)
    if confirmed is None:
        return _render_form(request, form, incident=None, sources=sources, actors=actors, status=422)
    try:
        incident = services.incident_create(
            actor=user,
            data=data,
            sources=[f.source_input() for f in sources.forms if f.has_changed()],
            actors=[f.actor_input() for f in actors.forms if f.has_changed()],
            allow_location_mismatch=confirmed,
        )
    except IncidentRefused as exc:
        put_errors(form, exc, field_for=incident_form_field)
        return _render_form(request, form, incident=None, sources=sources, actors=actors, status=422)
    messages.success(request, _("Peristiwa tercatat sebagai draf."))
    if incident.location_mismatch:
        messages.warning(
            request, _("Titik koordinat berada di luar kabupaten/kota yang dipilih; ini ditandai pada peristiwa.")
        )
    return redirect(detail_url(incident))


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = _for_write(user, public_id)
    if incident.merged_into_id is not None:
        messages.warning(request, _("Peristiwa ini sudah digabung ke peristiwa lain; ubah peristiwa tujuannya."))
        return redirect(detail_url(incident))
    if request.method != "POST":
        form = IncidentForm(user=user, incident=incident, initial=IncidentForm.initial_of(incident))
        return _render_form(request, form, incident=incident)
    form = IncidentForm(request.POST, user=user, incident=incident)
    if not form.is_valid():
        return _render_form(request, form, incident=incident, status=422)
    version = form.cleaned_data.get("version")
    data = form.incident_input(keep=incident)
    confirmed = _check_location(form, data)
    if confirmed is None:
        return _render_form(request, form, incident=incident, status=422)
    try:
        saved = services.incident_update(
            actor=user,
            incident=incident,
            data=data,
            expected_version=version if version is not None else -1,
            allow_location_mismatch=confirmed,
        )
    except StaleIncident as exc:
        form.add_error(None, refusal_text(exc))
        return _render_form(request, form, incident=incident, status=409, stale=True)
    except IncidentRefused as exc:
        put_errors(form, exc, field_for=incident_form_field)
        return _render_form(request, form, incident=incident, status=422)
    messages.success(request, _("Perubahan peristiwa tersimpan."))
    return redirect(detail_url(saved))


# --- detail ------------------------------------------------------------------------------------


def status_actions(incident: Incident) -> list[tuple[str, str, str]]:
    """(status, button label, button class) that may follow the incident's status."""
    status = Incident.Status
    if incident.status == status.DRAFT:
        return [(status.VERIFIED, _("Verifikasi"), "btn-success")]
    if incident.status == status.VERIFIED:
        return [
            (status.CLOSED, _("Tutup"), "btn-outline-success"),
            (status.DRAFT, _("Kembalikan ke draf"), "btn-outline-secondary"),
        ]
    return [(status.DRAFT, _("Buka kembali sebagai draf"), "btn-outline-secondary")]


@require_GET
@login_required
@access.scoped
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = access.get_incident_for_user(user, public_id)
    counted = incident.merged_into_id is None
    may_write = access.can_write_incident(user, incident.region)
    may_verify = access.can_verify_incident(user, incident.region)
    context = {
        "incident": incident,
        "zone": incident.region.timezone,
        "sources": list(incident.sources.select_related("moved_from")),
        "actors": list(incident.actors.select_related("actor_type")),
        "handling": list(incident.handling_actions.select_related("recorded_by")),
        "merged_from": list(incident.merged_from.filter(deleted_at__isnull=True).order_by("-occurred_on")),
        "duplicates": selectors.duplicates_of(user, incident) if counted else [],
        "history": history_for(user, incident),
        "may_edit": may_write and counted,
        "may_add": may_write and counted,
        "may_verify": may_verify and counted,
        "status_actions": status_actions(incident) if may_verify and counted else [],
        "source_form": SourceForm(prefix="sumber"),
        "actor_form": ActorForm(prefix="aktor"),
        "handling_form": HandlingActionForm(prefix="tindakan"),
        "active_nav": "incidents",
    }
    return render(request, "incidents/detail.html", context)


# --- actions (POST only) -----------------------------------------------------------------------


def _act(request: HttpRequest, incident: Incident, success: str, call: Any, back: str | None = None) -> HttpResponse:
    """One service call; a refusal becomes a message and nothing changes."""
    try:
        call()
    except IncidentRefused as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, success)
    return redirect(_back(request, back or detail_url(incident)))


@require_POST
@login_required
@access.scoped
def set_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = _for_verify(user, public_id)
    status = request.POST.get("status", "")
    version = _posted_version(request)
    return _act(
        request,
        incident,
        str(STATUS_SUCCESS.get(status, "")),
        lambda: services.incident_set_status(actor=user, incident=incident, status=status, expected_version=version),
    )


@require_POST
@login_required
@access.scoped
def delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = _for_verify(user, public_id)
    try:
        services.incident_delete(
            actor=user,
            incident=incident,
            reason=request.POST.get("reason", ""),
            expected_version=_posted_version(request),
        )
    except IncidentRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(detail_url(incident))
    messages.success(request, _("Peristiwa '%(title)s' dihapus.") % {"title": incident.title})
    return redirect("incidents:list")


@require_POST
@login_required
@access.scoped
def merge(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Merge the incident named by ``duplikat`` into this one (this one survives)."""
    user = request.user
    survivor = _for_verify(user, public_id)
    raw = request.POST.get("duplikat", "").strip()
    if not raw:
        messages.error(request, _("Pilih peristiwa yang akan digabung."))
        return redirect(detail_url(survivor))
    duplicate = access.get_incident_for_user(user, raw)
    if not access.can_verify_incident(user, duplicate.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang menggabungkan peristiwa ini."))
    try:
        services.incident_merge(
            actor=user, survivor=survivor, duplicate=duplicate, reason=request.POST.get("reason", "")
        )
    except IncidentRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(detail_url(survivor))
    messages.success(
        request,
        _("'%(gone)s' digabung ke peristiwa ini; semua sumbernya dipindahkan.") % {"gone": duplicate.title},
    )
    return redirect(detail_url(survivor))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@require_POST
@login_required
@access.scoped
def source_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = _for_write(user, public_id)
    form = SourceForm(request.POST, prefix="sumber")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(detail_url(incident))
    return _act(
        request,
        incident,
        _("Sumber ditambahkan."),
        lambda: services.source_add(actor=user, incident=incident, data=form.source_input()),
    )


@require_POST
@login_required
@access.scoped
def actor_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = _for_write(user, public_id)
    form = ActorForm(request.POST, prefix="aktor")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(detail_url(incident))
    return _act(
        request,
        incident,
        _("Aktor ditambahkan."),
        lambda: services.actor_add(actor=user, incident=incident, data=form.actor_input()),
    )


@require_POST
@login_required
@access.scoped
def handling_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    incident = _for_write(user, public_id)
    form = HandlingActionForm(request.POST, prefix="tindakan")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(detail_url(incident))
    data = form.cleaned_data
    return _act(
        request,
        incident,
        _("Tindakan penanganan dicatat."),
        lambda: services.handling_action_add(
            actor=user,
            incident=incident,
            stage=data["stage"],
            acted_on=data["acted_on"],
            description=data["description"],
        ),
    )


urlpatterns = [
    path("", incident_list, name="list"),
    path("baru/", create, name="create"),
    path("<uuid:public_id>/", detail, name="detail"),
    path("<uuid:public_id>/ubah/", edit, name="edit"),
    path("<uuid:public_id>/status/", set_status, name="status"),
    path("<uuid:public_id>/hapus/", delete, name="delete"),
    path("<uuid:public_id>/gabung/", merge, name="merge"),
    path("<uuid:public_id>/sumber/", source_add, name="source_add"),
    path("<uuid:public_id>/aktor/", actor_add, name="actor_add"),
    path("<uuid:public_id>/penanganan/", handling_add, name="handling_add"),
]
