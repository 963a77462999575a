"""Laporan Informasi pages: the list (need-to-know visibility), the submit form (which the triage
page may prefill: ``title``, ``fact_what``, ``fact_where``, ``fact_when``, ``region`` — the keys of
``triage.service.draft_information_report``), the detail with attachments and the analyst's
actions. Thin: access → li_selectors / li_services → templates.

Roles (docs/permissions.md): FKDM members, operators, verifikators and analysts submit LIs in their
scope; an FKDM member reads only their own; RAHASIA only ``access.SECRET_LI_ROLES`` and the
reporter; analysts and verifikators of the LI's region open alerts from it, link it and register it
as an incident. Another region's LI answers 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.accounts.roles import Role
from waspada.alerts import li_selectors, li_services
from waspada.alerts.li_services import InformationReportInput, InformationReportRefused
from waspada.alerts.models import Grade, InformationReport
from waspada.core.timezones import tzinfo_for
from waspada.incidents.models import IncidentCode
from waspada.regions import access
from waspada.regions.models import Region

PAGE_SIZE = 50
# Prefill keys from the triage page (service.draft_information_report) → form fields.
PREFILL_KEYS = ("title", "fact_what", "fact_where", "fact_when", "region")
FORM_FIELDS = (
    "region",
    "title",
    "source_description",
    "source_relation",
    "obtained_how",
    "obtained_at",
    "source_grade",
    "information_grade",
    "fact_what",
    "fact_when",
    "fact_where",
    "fact_who",
    "fact_how",
    "fact_why",
    "opinion",
    "classification",
)
PREFILL_MAX = 10_000


def require_li_reader(user: Any) -> None:
    roles = access.scope_of(user).roles
    if not roles & (access.INCIDENT_READER_ROLES | {Role.FKDM}):
        raise PermissionDenied(_("Peran Anda tidak berwenang melihat Laporan Informasi."))


def _refusals(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for items in exc.message_dict.values() for m in items]
    return list(exc.messages)


def _region_choices(user: Any) -> list[Region]:
    """Provinces and kabupaten/kota in scope (and the user's own kecamatan, for a kecamatan FKDM)."""
    qs = Region.objects.filter(access.region_tree_q(user)).order_by("code")
    scope_levels = {r.level for r in access.scope_of(user).regions} if access.scope_of(user).regions else set()
    levels = {"provinsi", "kabupaten", "kota"} | ({"kecamatan"} if "kecamatan" in scope_levels else set())
    return list(qs.filter(level__in=levels).only("code", "name", "level"))


# --- list ---------------------------------------------------------------------------------------


@require_GET
@login_required
@access.scoped
def li_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_li_reader(user)
    filters = li_selectors.parse_filters(request.GET)
    page = Paginator(li_selectors.report_list(user, filters), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "alerts/li_list.html",
        {
            "filters": filters,
            "page": page,
            "total": page.paginator.count,
            "classification_choices": InformationReport.Classification.choices,
            "status_choices": InformationReport.Status.choices,
            "grade_choices": li_selectors.grades(Grade.Kind.SOURCE),
            "can_submit": li_services.can_submit(user),
            "active_nav": "li",
        },
    )


# --- submit -------------------------------------------------------------------------------------


def _parse_local(raw: str, region: Region | None) -> datetime | None:
    """``datetime-local`` input (``YYYY-MM-DDTHH:MM``) read in the region's own time zone."""
    try:
        naive = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return naive
    zone = region.timezone if region is not None else "WIB"
    return timezone.make_aware(naive, tzinfo_for(zone))


def _form_context(user: Any, values: dict[str, str], errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors or {},
        "error_list": [m for items in (errors or {}).values() for m in items],
        "regions": _region_choices(user),
        "source_grades": li_selectors.grades(Grade.Kind.SOURCE),
        "information_grades": li_selectors.grades(Grade.Kind.INFORMATION),
        "classification_choices": InformationReport.Classification.choices,
        "active_nav": "li",
    }


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def li_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    li_services.require_submit(user)
    if request.method != "POST":
        values = {k: str(request.GET.get(k, ""))[:PREFILL_MAX] for k in PREFILL_KEYS if request.GET.get(k)}
        values.setdefault("classification", InformationReport.Classification.BIASA)
        if not values.get("region"):
            choices = _region_choices(user)
            if len(choices) == 1:
                values["region"] = choices[0].code
        return render(request, "alerts/li_form.html", _form_context(user, values))
    values = {name: str(request.POST.get(name, "")) for name in FORM_FIELDS}
    region = Region.objects.filter(code=values["region"].strip()).first() if values["region"].strip() else None
    obtained_at = _parse_local(values["obtained_at"], region) if values["obtained_at"].strip() else None
    data = InformationReportInput(
        region=region,
        title=values["title"],
        source_description=values["source_description"],
        source_relation=values["source_relation"],
        obtained_how=values["obtained_how"],
        obtained_at=obtained_at,
        source_grade=values["source_grade"],
        information_grade=values["information_grade"],
        fact_what=values["fact_what"],
        fact_when=values["fact_when"],
        fact_where=values["fact_where"],
        fact_who=values["fact_who"],
        fact_how=values["fact_how"],
        fact_why=values["fact_why"],
        opinion=values["opinion"],
        classification=values["classification"] or InformationReport.Classification.BIASA,
    )
    errors: dict[str, list[str]] = {}
    if values["region"].strip() and region is None:
        errors["region"] = [_("Kode wilayah tidak dikenal.")]
    if values["obtained_at"].strip() and obtained_at is None:
        errors["obtained_at"] = [_("Waktu memperoleh tidak terbaca (isi tanggal dan jam).")]
    if not errors:
        try:
            report = li_services.submit(user=user, data=data, uploads=request.FILES.getlist("lampiran"))
        except InformationReportRefused as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": list(exc.messages)}
        else:
            messages.success(request, _("Laporan Informasi terkirim."))
            return redirect("alerts:li_detail", public_id=report.public_id)
    return render(request, "alerts/li_form.html", _form_context(user, values, errors), status=400)


# --- detail and actions -------------------------------------------------------------------------


def _detail_context(user: Any, report: InformationReport, errors: list[str] | None = None) -> dict[str, Any]:
    analyst = li_services.can_act_as_analyst(user, report)
    return {
        "report": report,
        "zone": report.region.timezone,
        "attachments": li_selectors.attachments_of(report),
        "alerts": li_selectors.linked_alerts(user, report),
        "incidents": li_selectors.linked_incidents(user, report),
        "is_analyst": analyst,
        "can_attach": not access.is_read_only(user) and (report.reporter_id == user.pk or analyst),
        "categories": IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY, is_active=True).order_by("name")
        if analyst
        else [],
        "has_opened_alert": report.opened_alerts.exists(),
        "errors": errors or [],
        "active_nav": "li",
    }


@require_GET
@login_required
@access.scoped
def li_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = access.get_information_report_for_user(user, public_id)
    return render(request, "alerts/li_detail.html", _detail_context(user, report))


@require_GET
@login_required
@access.scoped
def li_attachment(request: HttpRequest, public_id: UUID, attachment_id: UUID) -> FileResponse:
    """Streams an attachment of an LI the user may read, under its original name."""
    report = access.get_information_report_for_user(request.user, public_id)
    attachment = li_selectors.attachments_of(report).filter(public_id=attachment_id).first()
    if attachment is None:
        raise access.not_found()
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise access.not_found() from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@require_POST
@login_required
@access.scoped
def li_attachment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = access.get_information_report_for_user(user, public_id)
    upload = request.FILES.get("lampiran")
    try:
        if upload is None:
            raise InformationReportRefused({"attachments": _("Pilih berkas yang akan dilampirkan.")})
        li_services.attachment_add(user=user, report=report, upload=upload)
    except InformationReportRefused as exc:
        return render(request, "alerts/li_detail.html", _detail_context(user, report, _refusals(exc)), status=400)
    messages.success(request, _("Lampiran ditambahkan."))
    return redirect("alerts:li_detail", public_id=report.public_id)


def _uuid(raw: Any, message: str) -> UUID:
    try:
        return UUID(str(raw or "").strip())
    except ValueError:
        raise InformationReportRefused(message) from None


def _day(raw: Any) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InformationReportRefused(_("Tanggal kejadian tidak terbaca (format TTTT-BB-HH).")) from None


@require_POST
@login_required
@access.scoped
def li_act(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One analyst action from the LI page (field ``aksi``)."""
    user = request.user
    report = access.get_information_report_for_user(user, public_id)
    data = request.POST
    kind = str(data.get("aksi") or "")
    version = data.get("version")
    note = str(data.get("catatan") or "")
    try:
        if kind == "buka_peringatan":
            alert = li_services.open_alert(user=user, report=report, version=version, note=note)
            messages.success(request, _("Peringatan dibuka dari Laporan Informasi ini."))
            return redirect("alerts:detail", public_id=alert.public_id)
        if kind == "tautkan_peringatan":
            alert_id = _uuid(data.get("peringatan"), _("Tulis kode peringatan (UUID) yang akan ditautkan."))
            target = access.get_alert_for_user(user, alert_id)
            li_services.link_alert(user=user, report=report, alert=target, version=version, note=note)
            messages.success(request, _("Laporan Informasi ditautkan ke peringatan."))
        elif kind == "tautkan_peristiwa":
            incident_id = _uuid(data.get("peristiwa"), _("Tulis kode peristiwa (UUID) yang akan ditautkan."))
            incident = access.get_incident_for_user(user, incident_id)
            li_services.link_incident(user=user, report=report, incident=incident, version=version, note=note)
            messages.success(request, _("Laporan Informasi ditautkan ke peristiwa."))
        elif kind == "jadikan_peristiwa":
            incident = li_services.to_incident(
                user=user,
                report=report,
                category_code=str(data.get("kategori") or ""),
                version=version,
                occurred_on=_day(data.get("tanggal")),
            )
            messages.success(request, _("Draf peristiwa dibuat dari Laporan Informasi ini; periksa dan lengkapi."))
            return redirect("incidents:detail", public_id=incident.public_id)
        else:
            raise InformationReportRefused(_("Tindakan tidak dikenal."), code="unknown")
    except ValidationError as exc:
        report = access.get_information_report_for_user(user, public_id)
        return render(request, "alerts/li_detail.html", _detail_context(user, report, _refusals(exc)), status=400)
    return redirect("alerts:li_detail", public_id=report.public_id)


urlpatterns = [
    path("li/", li_list, name="li_list"),
    path("li/baru/", li_create, name="li_create"),
    path("li/<uuid:public_id>/", li_detail, name="li_detail"),
    path("li/<uuid:public_id>/lampiran/", li_attachment_add, name="li_attachment_add"),
    path("li/<uuid:public_id>/lampiran/<uuid:attachment_id>/", li_attachment, name="li_attachment"),
    path("li/<uuid:public_id>/tindakan/", li_act, name="li_act"),
]
