"""Writing, submitting and deciding weekly situation reports. Thin: access → selectors/services.

Every object comes through ``waspada.regions.access`` (404 out of scope), every write through
``waspada.reports.services`` (which checks the role itself; 403 for read-only roles). A refusal
(``ReportRefused``) is shown in Indonesian and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.accounts.roles import Role
from waspada.core.formviews import put_errors
from waspada.core.selectors import history_for
from waspada.core.timezones import format_local, to_local
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports import calendar, selectors, services, templating
from waspada.reports.forms import AttachmentForm, ReportFilterForm, ReportForm, error_field
from waspada.reports.models import ReportingPeriod, SituationLevel, SituationReport
from waspada.reports.services import ReportRefused, StaleReport

LIST_PAGE_SIZE = 25
QUEUE_LIMIT = 50
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- helpers -----------------------------------------------------------------------------------


def when(moment: datetime | None, zone: str) -> str:
    """``Senin 05-10-2020 12:00 WIT``: the day name, local date and time, and the zone."""
    if moment is None:
        return "—"
    return f"{WEEKDAYS[to_local(moment, zone).weekday()]} {format_local(moment, zone)}"


def _refusal_text(exc: ReportRefused) -> str:
    return " ".join(str(m) for m in exc.messages)


def _require_reader(user: Any) -> None:
    if not access.scope_of(user).roles & access.REPORT_READER_ROLES:
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca laporan situasi."))


def _period_or_404(key: str) -> ReportingPeriod:
    period = selectors.report_period(key)
    if period is None:
        raise access.not_found()
    return period


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _detail_url(report: SituationReport) -> str:
    return reverse("reports:detail", kwargs={"public_id": report.public_id})


def _posted_version(request: HttpRequest) -> int:
    """The version the user read; a missing one never matches (the service refuses it as stale)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _report_for_write(user: Any, public_id: UUID) -> SituationReport:
    """The report (404 out of scope), then 403 for users who may see but not write it."""
    report = access.get_report_for_user(user, public_id)
    access.require_write(user)
    return report


@dataclass
class PeriodLine:
    row: selectors.PeriodRow
    deadline: str
    lock: str


def _period_lines(user: Any, region: Region) -> list[PeriodLine]:
    return [
        PeriodLine(row, when(row.deadline, row.zone), when(row.lock, row.zone))
        for row in selectors.region_periods(user, region)
    ]


@dataclass
class ShownSection:
    title: str
    has_level: bool
    level: SituationLevel | None
    level_code: str
    narrative: str
    indicators: list[tuple[str, str]]


def _shown_value(indicator: templating.Indicator, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if indicator.type == "boolean":
        return _("Ya") if value else _("Tidak")
    if indicator.type in ("integer", "decimal"):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def shown_sections(definition: templating.Definition, content: dict[str, Any]) -> list[ShownSection]:
    """The content of a report (or of one snapshot) laid out by its own template version."""
    by_code = {lv.code: lv for lv in selectors.levels()}
    stored = content.get("sections", {}) if isinstance(content, dict) else {}
    out = []
    for section in definition.sections:
        entry = stored.get(section.code) or {}
        values = entry.get("values") or {}
        level_code = entry.get("level") or ""
        out.append(
            ShownSection(
                title=section.title,
                has_level=section.has_level,
                level=by_code.get(level_code),
                level_code=level_code,
                narrative=entry.get("narrative") or "",
                indicators=[(i.label, _shown_value(i, values.get(i.code))) for i in section.indicators],
            )
        )
    return out


# --- index -------------------------------------------------------------------------------------


@require_GET
@login_required
@access.scoped
def index(request: HttpRequest) -> HttpResponse:
    """Operators: their region's recent periods. Verifikators: the queue and their province's
    own report. Everyone else who reads reports: a filterable list."""
    user = request.user
    _require_reader(user)
    roles = access.scope_of(user).roles
    own = [(region, _period_lines(user, region)) for region in selectors.own_reporting_regions(user)]
    may_verify = Role.VERIFIKATOR in roles or (Role.ANALIS in roles and access.scope_of(user).national)
    queue = list(selectors.verification_queue(user).select_related("programme")[:QUEUE_LIMIT]) if may_verify else None
    regions = selectors.verified_regions(user) if Role.VERIFIKATOR in roles else []
    context: dict[str, Any] = {
        "own": own,
        "queue": queue,
        "regions": regions,
        "show_list": False,
        "active_nav": "reports",
    }
    if roles - {Role.OPERATOR}:
        context["show_list"] = True
        period_keys, provinces = selectors.list_filter_choices(user)
        form = ReportFilterForm(request.GET or None, period_keys=period_keys, provinces=provinces)
        reports = selectors.report_list(user, **form.filters())
        context["filter_form"] = form
        context["page"] = Paginator(reports, LIST_PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "reports/index.html", context)


@require_GET
@login_required
@access.scoped
def region_reports(request: HttpRequest, code: str) -> HttpResponse:
    """One region's recent periods: its reports, and for a verifikator the reopening of a
    locked period that the region never reported in."""
    user = request.user
    _require_reader(user)
    region = access.get_reporting_region_for_user(user, code)
    probe = SituationReport(region=region)
    context = {
        "region": region,
        "lines": _period_lines(user, region),
        "may_reopen_missing": access.can_verify_report(user, probe),
        "active_nav": "reports",
    }
    return render(request, "reports/region.html", context)


# --- writing -----------------------------------------------------------------------------------


def _render_form(
    request: HttpRequest,
    form: ReportForm,
    *,
    region: Region,
    period: ReportingPeriod,
    report: SituationReport | None,
    status: int = 200,
) -> HttpResponse:
    notice = ""
    if report is None:
        now = timezone.now()
        opens = calendar.opens_at(period.week, region.timezone)
        lock = period.programme.edit_lock_for(period.week, region.timezone)
        if now < opens:
            notice = _("Periode ini belum dibuka; laporan dapat ditulis mulai %(when)s.") % {
                "when": when(opens, region.timezone)
            }
        elif now >= lock:
            notice = _("Periode ini terkunci sejak %(when)s. Minta verifikator membukanya kembali.") % {
                "when": when(lock, region.timezone)
            }
    context = {
        "form": form,
        "region": region,
        "period": period,
        "report": report,
        "notice": notice,
        "deadline": when(period.programme.deadline_for(period.week, region.timezone), region.timezone),
        "attachments": list(report.attachments.filter(deleted_at__isnull=True)) if report else [],
        "attachment_form": AttachmentForm(),
        "stale": status == 409,
        "active_nav": "reports",
    }
    return render(request, "reports/form.html", context, status=status)


def _refused(form: ReportForm, exc: ReportRefused) -> int:
    """Put the refusal on the form; the HTTP status to answer with."""
    if isinstance(exc, StaleReport):
        form.add_error(None, _refusal_text(exc))
        return 409
    if hasattr(exc, "error_dict"):
        put_errors(form, exc, field_for=error_field)
    else:
        form.add_error(None, _refusal_text(exc))
    return 422


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def write(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The form for a region's report that has not been written yet; the first save creates it."""
    user = request.user
    region = access.get_reporting_region_for_user(user, code)
    reporting_period = _period_or_404(period)
    access.require_write(user)
    existing = selectors.report_for(user, region, reporting_period)
    if existing is not None:
        if access.can_write_report(user, region):
            return redirect("reports:edit", public_id=existing.public_id)
        return redirect(_detail_url(existing))
    access.require_report_permission(user, "reports.write_report", region)
    definition = reporting_period.programme.template.parsed
    levels = selectors.levels()
    if request.method != "POST":
        form = ReportForm(definition, levels)
        return _render_form(request, form, region=region, period=reporting_period, report=None)
    form = ReportForm(definition, levels, request.POST)
    form.is_valid()
    submit = "kirim" in request.POST
    try:
        # Saving and sending a new report is one change: a refused send leaves no draft behind.
        with transaction.atomic():
            report = services.report_save_draft(
                user=user, region=region, period=reporting_period, content=form.content(), version=None
            )
            if submit:
                report = services.report_submit(user=user, report=report, version=report.version)
    except ReportRefused as exc:
        status = _refused(form, exc)
        return _render_form(request, form, region=region, period=reporting_period, report=None, status=status)
    if submit:
        messages.success(request, _("Laporan %(period)s terkirim.") % {"period": reporting_period.key})
        return redirect(_detail_url(report))
    messages.success(request, _("Draf laporan tersimpan."))
    return redirect("reports:edit", public_id=report.public_id)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    access.require_report_permission(user, "reports.write_report", report.region)
    definition = report.template.parsed
    levels = selectors.levels()
    if request.method != "POST":
        if not report.is_editable_status or report.is_locked():
            if not report.is_editable_status:
                text = _("Laporan berstatus %(status)s tidak dapat diubah.") % {"status": report.get_status_display()}
            else:
                text = _("Laporan ini terkunci sejak %(lock)s. Minta verifikator membukanya kembali.") % {
                    "lock": when(report.edit_lock, report.zone)
                }
            messages.warning(request, text)
            return redirect(_detail_url(report))
        form = ReportForm(
            definition, levels, content=report.content if not report.is_nil else None, version=report.version
        )
        return _render_form(request, form, region=report.region, period=report.period, report=report)
    form = ReportForm(definition, levels, request.POST)
    form.is_valid()
    version = form.cleaned_data.get("version")
    if version is None:
        version = -1
    submit = "kirim" in request.POST
    try:
        if submit:
            saved = services.report_submit(user=user, report=report, version=version, content=form.content())
        else:
            saved = services.report_save_draft(
                user=user, region=report.region, period=report.period, content=form.content(), version=version
            )
    except ReportRefused as exc:
        status = _refused(form, exc)
        return _render_form(request, form, region=report.region, period=report.period, report=report, status=status)
    if submit:
        messages.success(request, _("Laporan %(period)s terkirim.") % {"period": saved.period.key})
        return redirect(_detail_url(saved))
    messages.success(request, _("Draf laporan tersimpan."))
    return redirect("reports:edit", public_id=saved.public_id)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def nil(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Laporan nihil: a confirm page with an optional note, then one POST."""
    user = request.user
    region = access.get_reporting_region_for_user(user, code)
    reporting_period = _period_or_404(period)
    access.require_write(user)
    access.require_report_permission(user, "reports.write_report", region)
    existing = selectors.report_for(user, region, reporting_period)
    if request.method == "POST":
        try:
            report = services.report_submit_nil(
                user=user,
                region=region,
                period=reporting_period,
                version=_posted_version(request) if existing is not None else None,
                note=request.POST.get("note", ""),
            )
        except ReportRefused as exc:
            messages.error(request, _refusal_text(exc))
            return redirect("reports:index")
        messages.success(request, _("Laporan nihil %(period)s terkirim.") % {"period": reporting_period.key})
        return redirect(_detail_url(report))
    context = {
        "region": region,
        "period": reporting_period,
        "report": existing,
        "deadline": when(
            reporting_period.programme.deadline_for(reporting_period.week, region.timezone), region.timezone
        ),
        "active_nav": "reports",
    }
    return render(request, "reports/nil_confirm.html", context)


# --- reading -----------------------------------------------------------------------------------


@require_GET
@login_required
@access.scoped
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = access.get_report_for_user(user, public_id)
    now = timezone.now()
    locked = report.is_locked(now)
    can_write = access.can_write_report(user, report.region)
    can_verify = access.can_verify_report(user, report)
    status = SituationReport.Status
    context = {
        "report": report,
        "zone": report.zone,
        "deadline": when(report.deadline, report.zone),
        "lock": when(report.edit_lock, report.zone),
        "is_locked": locked,
        "sections": [] if report.is_nil else shown_sections(report.template.parsed, report.content),
        "nil_note": (report.content or {}).get("nil_note", "") if report.is_nil else "",
        "attachments": list(report.attachments.filter(deleted_at__isnull=True)),
        "comments": list(report.comments.select_related("author")),
        "snapshots": list(report.snapshots.select_related("submitted_by")),
        "history": history_for(user, report),
        "may_edit": can_write and report.is_editable_status and not locked,
        "may_verify": can_verify and report.status == status.SUBMITTED,
        "may_return": can_verify and report.status in (status.SUBMITTED, status.VERIFIED),
        "may_accept": access.can_accept_report(user, report) and report.status == status.VERIFIED,
        "may_reopen": can_verify and locked,
        "may_comment": access.can_comment_report(user, report),
        "active_nav": "reports",
    }
    return render(request, "reports/detail.html", context)


@require_GET
@login_required
@access.scoped
def snapshot(request: HttpRequest, public_id: UUID, number: int) -> HttpResponse:
    """One submission exactly as it was sent ("Sebagaimana dikirim pada …")."""
    report = access.get_report_for_user(request.user, public_id)
    shot = report.snapshots.select_related("template", "submitted_by").filter(number=number).first()
    if shot is None:
        raise access.not_found()
    context = {
        "report": report,
        "snapshot": shot,
        "submitted": when(shot.submitted_at, report.zone),
        "sections": [] if shot.is_nil else shown_sections(shot.template.parsed, shot.content),
        "nil_note": (shot.content or {}).get("nil_note", "") if shot.is_nil else "",
        "active_nav": "reports",
    }
    return render(request, "reports/snapshot.html", context)


@require_GET
@login_required
@access.scoped
def attachment_download(request: HttpRequest, public_id: UUID, attachment_id: UUID) -> FileResponse:
    """Streams an attachment of a report in scope from storage, under its original name."""
    report = access.get_report_for_user(request.user, public_id)
    attachment = report.attachments.filter(public_id=attachment_id, deleted_at__isnull=True).first()
    if attachment is None:
        raise access.not_found()
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise access.not_found() from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@access.public
def levels_css(request: HttpRequest) -> HttpResponse:
    """Badge colours of the situation levels, from ``SituationLevel.colour`` (data, not code):
    a stylesheet, because the CSP forbids inline styles. No regional data."""
    rules = []
    for level in selectors.levels():
        if not _COLOUR.match(level.colour):
            continue
        red, green, blue = (int(level.colour[i : i + 2], 16) for i in (1, 3, 5))
        text = "#212529" if (0.299 * red + 0.587 * green + 0.114 * blue) > 160 else "#ffffff"
        # In a Bootstrap table the cell paints --bs-table-bg over its own background: set both.
        rules.append(
            f".level-{level.code},.table>:not(caption)>*>.level-{level.code}"
            f"{{--bs-table-bg:{level.colour};--bs-table-color:{text};background-color:{level.colour};color:{text}}}"
        )
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- actions (POST only) -----------------------------------------------------------------------


def _act(
    request: HttpRequest, report: SituationReport, success: str, call: Any, *, back: str | None = None
) -> HttpResponse:
    """Run one service call; a refusal becomes a message and nothing changes. Then back to
    ``next`` (if it is ours), else ``back``, else the report."""
    try:
        call()
    except ReportRefused as exc:
        messages.error(request, _refusal_text(exc))
    else:
        messages.success(request, success)
    return redirect(_next_or(request, back or _detail_url(report)))


@require_POST
@login_required
@access.scoped
def submit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    version = _posted_version(request)
    return _act(
        request,
        report,
        _("Laporan %(period)s terkirim.") % {"period": report.period.key},
        lambda: services.report_submit(user=user, report=report, version=version),
    )


@require_POST
@login_required
@access.scoped
def verify(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    version = _posted_version(request)
    return _act(
        request,
        report,
        _("Laporan terverifikasi."),
        lambda: services.report_verify(user=user, report=report, version=version),
    )


@require_POST
@login_required
@access.scoped
def return_report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    version = _posted_version(request)
    reason = request.POST.get("reason", "")
    return _act(
        request,
        report,
        _("Laporan dikembalikan kepada penulisnya."),
        lambda: services.report_return(user=user, report=report, version=version, reason=reason),
    )


@require_POST
@login_required
@access.scoped
def accept(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    version = _posted_version(request)
    return _act(
        request,
        report,
        _("Laporan diterima."),
        lambda: services.report_accept(user=user, report=report, version=version),
    )


@require_POST
@login_required
@access.scoped
def reopen(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    reason = request.POST.get("reason", "")
    return _act(
        request,
        report,
        _("Laporan dibuka kembali."),
        lambda: services.report_reopen(user=user, report=report, reason=reason),
    )


@require_POST
@login_required
@access.scoped
def reopen_period(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """Reopen a locked period for a region that has not reported yet (an empty draft is made)."""
    user = request.user
    region = access.get_reporting_region_for_user(user, code)
    reporting_period = _period_or_404(period)
    access.require_write(user)
    try:
        report = services.report_reopen_period(
            user=user, region=region, period=reporting_period, reason=request.POST.get("reason", "")
        )
    except ReportRefused as exc:
        messages.error(request, _refusal_text(exc))
        return redirect(_next_or(request, reverse("reports:index")))
    messages.success(
        request,
        _("Periode %(period)s dibuka kembali untuk %(region)s.")
        % {
            "period": reporting_period.key,
            "region": region.name,
        },
    )
    return redirect(_next_or(request, _detail_url(report)))


@require_POST
@login_required
@access.scoped
def comment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    body = request.POST.get("body", "")
    return _act(
        request,
        report,
        _("Catatan tersimpan."),
        lambda: services.report_comment_add(user=user, report=report, body=body),
    )


@require_POST
@login_required
@access.scoped
def attachment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    back = reverse("reports:edit", kwargs={"public_id": report.public_id})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_next_or(request, back))
    upload = form.cleaned_data["file"]
    return _act(
        request,
        report,
        _("Lampiran '%(name)s' tersimpan.") % {"name": upload.name},
        lambda: services.attachment_add(user=user, report=report, upload=upload),
        back=back,
    )


@require_POST
@login_required
@access.scoped
def attachment_remove(request: HttpRequest, public_id: UUID, attachment_id: UUID) -> HttpResponse:
    user = request.user
    report = _report_for_write(user, public_id)
    attachment = report.attachments.filter(public_id=attachment_id, deleted_at__isnull=True).first()
    if attachment is None:
        raise access.not_found()
    reason = request.POST.get("reason", "")
    return _act(
        request,
        report,
        _("Lampiran '%(name)s' dihapus.") % {"name": attachment.original_name},
        lambda: services.attachment_remove(user=user, attachment=attachment, reason=reason),
        back=reverse("reports:edit", kwargs={"public_id": report.public_id}),
    )


urlpatterns = [
    path("", index, name="index"),
    path("tingkat.css", levels_css, name="levels_css"),
    path("wilayah/<str:code>/", region_reports, name="region"),
    path("tulis/<str:code>/<str:period>/", write, name="write"),
    path("nihil/<str:code>/<str:period>/", nil, name="nil"),
    path("buka-kembali/<str:code>/<str:period>/", reopen_period, name="reopen_period"),
    path("<uuid:public_id>/", detail, name="detail"),
    path("<uuid:public_id>/ubah/", edit, name="edit"),
    path("<uuid:public_id>/salinan/<int:number>/", snapshot, name="snapshot"),
    path("<uuid:public_id>/kirim/", submit, name="submit"),
    path("<uuid:public_id>/verifikasi/", verify, name="verify"),
    path("<uuid:public_id>/kembalikan/", return_report, name="return"),
    path("<uuid:public_id>/terima/", accept, name="accept"),
    path("<uuid:public_id>/buka-kembali/", reopen, name="reopen"),
    path("<uuid:public_id>/catatan/", comment, name="comment"),
    path("<uuid:public_id>/lampiran/", attachment_add, name="attachment_add"),
    path("<uuid:public_id>/lampiran/<uuid:attachment_id>/", attachment_download, name="attachment"),
    path("<uuid:public_id>/lampiran/<uuid:attachment_id>/hapus/", attachment_remove, name="attachment_remove"),
]
