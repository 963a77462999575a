"""RAD Terpadu pages: plan list, plan detail with its actions and progress reports, the plan and
action forms, the progress report (one row per action) with submit / verify / return, evidence
files. Thin: access → selectors / services → template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.actionplans import periods, selectors, services
from waspada.actionplans.forms import ActionForm, EvidenceForm, PlanForm, ReasonForm
from waspada.actionplans.models import ActionPlan, ProgressReport
from waspada.actionplans.services import PlanRefused
from waspada.core.downloads import stored_file_response
from waspada.core.formviews import put_errors
from waspada.core.selectors import history_for
from waspada.elections.views.common import posted_version, refusal_errors, refusal_text
from waspada.regions import access
from waspada.regions.models import Region

PAGE_SIZE = 50


def may_read(user: Any) -> bool:
    return bool(access.scope_of(user).roles & access.ACTION_PLAN_READER_ROLES)


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca RAD Terpadu."))


def writable_regions(user: Any) -> list[Region]:
    """The regions whose plan the user writes (its own kabupaten/kota or province)."""
    scope = access.scope_of(user)
    if scope.national:
        return []
    regions = Region.objects.filter(pk__in=[r.id for r in scope.regions], level__in=selectors.PLAN_LEVELS)
    return [r for r in regions if access.can_write_action_plan(user, r)]


def plan_url(plan: ActionPlan) -> str:
    return reverse("actionplans:plan_detail", kwargs={"public_id": plan.public_id})


def report_url(report: ProgressReport) -> str:
    return reverse("actionplans:report_detail", kwargs={"public_id": report.public_id})


def _year(request: HttpRequest) -> int | None:
    raw = (request.GET.get("tahun") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ValueError(_("Tahun «%(value)s» tidak sah.") % {"value": raw[:10]})
    return int(raw)


@require_GET
@login_required
@access.scoped
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {"active_nav": "rad", "years": selectors.year_choices()}
    try:
        year = _year(request)
    except ValueError as exc:
        return render(request, "actionplans/plan_list.html", {**context, "errors": [str(exc)]}, status=400)
    qs = selectors.plan_list(user, year=year)
    context.update(
        {
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman")),
            "year": year,
            "may_create": bool(writable_regions(user)),
            "queue": selectors.verification_queue(user),
        }
    )
    return render(request, "actionplans/plan_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def plan_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    access.require_write(user)
    regions = writable_regions(user)
    if not regions:
        raise PermissionDenied(_("Peran Anda tidak berwenang menyusun RAD Terpadu."))
    initial = {"year": timezone.now().year, "region": regions[0].code if len(regions) == 1 else None}
    form = PlanForm(request.POST or None, request.FILES or None, regions=regions, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_create(
                    actor=user, data=form.to_input(), document=form.cleaned_data.get("document")
                )
            except PlanRefused as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("RAD Terpadu disimpan. Tambahkan aksinya."))
                return redirect(plan_url(plan))
        return render(request, "actionplans/plan_form.html", {"form": form, "active_nav": "rad"}, status=400)
    return render(request, "actionplans/plan_form.html", {"form": form, "active_nav": "rad"})


@require_GET
@login_required
@access.scoped
def plan_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    plan = access.get_action_plan_for_user(user, public_id)
    may_write = access.can_write_action_plan(user, plan.region)
    context = {
        "plan": plan,
        "actions": list(selectors.plan_actions(plan)),
        "reports": list(selectors.plan_reports(plan)),
        "stages": selectors.stage_summary(plan),
        "open_periods": selectors.available_periods(plan) if may_write else [],
        "may_write": may_write,
        "delete_form": ReasonForm() if may_write else None,
        "history": history_for(user, plan),
        "zone": plan.region.timezone,
        "active_nav": "rad",
    }
    return render(request, "actionplans/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def plan_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    plan = access.get_action_plan_for_user(user, public_id)
    if not access.can_write_action_plan(user, plan.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah RAD ini."))
    initial = {
        "region": plan.region.code,
        "year": plan.year,
        "title": plan.title,
        "decree_number": plan.decree_number,
        "decree_date": plan.decree_date,
    }
    form = PlanForm(request.POST or None, request.FILES or None, regions=[plan.region], plan=plan, initial=initial)
    context = {"form": form, "plan": plan, "active_nav": "rad"}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.plan_update(
                    actor=user,
                    plan=plan,
                    data=form.to_input(),
                    expected_version=posted_version(request),
                    document=form.cleaned_data.get("document"),
                )
            except PlanRefused as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("RAD Terpadu diperbarui."))
                return redirect(plan_url(plan))
        return render(request, "actionplans/plan_form.html", context, status=400)
    return render(request, "actionplans/plan_form.html", context)


@require_POST
@login_required
@access.scoped
def plan_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    plan = access.get_action_plan_for_user(user, public_id)
    if not access.can_write_action_plan(user, plan.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang menghapus RAD ini."))
    try:
        services.plan_delete(
            actor=user, plan=plan, reason=request.POST.get("reason", ""), expected_version=posted_version(request)
        )
    except PlanRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(plan_url(plan))
    messages.success(request, _("RAD Terpadu dihapus."))
    return redirect("actionplans:plan_list")


@require_GET
@login_required
@access.scoped
def plan_document(request: HttpRequest, public_id: Any) -> HttpResponseBase:
    plan = access.get_action_plan_for_user(request.user, public_id)
    return stored_file_response(plan.document, filename=plan.document_name, content_type=plan.document_type)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def action_create(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    plan = access.get_action_plan_for_user(user, public_id)
    if not access.can_write_action_plan(user, plan.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah RAD ini."))
    form = ActionForm(request.POST or None)
    context = {"form": form, "plan": plan, "active_nav": "rad"}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.action_create(actor=user, plan=plan, data=form.to_input())
            except PlanRefused as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("Aksi ditambahkan."))
                return redirect(plan_url(plan))
        return render(request, "actionplans/action_form.html", context, status=400)
    return render(request, "actionplans/action_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def action_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    action = access.get_plan_action_for_user(user, public_id)
    plan = action.plan
    if not access.can_write_action_plan(user, plan.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah RAD ini."))
    form = ActionForm(request.POST or None, initial=ActionForm.initial_from(action))
    context = {"form": form, "plan": plan, "action": action, "active_nav": "rad"}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.action_update(
                    actor=user, action=action, data=form.to_input(), expected_version=posted_version(request)
                )
            except PlanRefused as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("Aksi diperbarui."))
                return redirect(plan_url(plan))
        return render(request, "actionplans/action_form.html", context, status=400)
    return render(request, "actionplans/action_form.html", context)


@require_POST
@login_required
@access.scoped
def action_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    action = access.get_plan_action_for_user(user, public_id)
    if not access.can_write_action_plan(user, action.plan.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah RAD ini."))
    try:
        services.action_delete(
            actor=user, action=action, reason=request.POST.get("reason", ""), expected_version=posted_version(request)
        )
    except PlanRefused as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Aksi dihapus."))
    return redirect(plan_url(action.plan))


@require_POST
@login_required
@access.scoped
def report_open(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    plan = access.get_action_plan_for_user(user, public_id)
    if not access.can_write_action_plan(user, plan.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang melaporkan kemajuan RAD ini."))
    try:
        period = periods.Period(plan.year, request.POST.get("period", ""))
    except periods.BadPeriodKey:
        messages.error(request, _("Pilih periode B-04, B-08 atau B-12."))
        return redirect(plan_url(plan))
    try:
        report = services.progress_report_open(actor=user, plan=plan, period=period)
    except PlanRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(plan_url(plan))
    return redirect(report_url(report))


def _render_report(
    request: HttpRequest,
    report: ProgressReport,
    *,
    errors: dict[str, list[str]] | None = None,
    posted: dict[str, tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_write = access.can_write_action_plan(user, report.region) and report.is_editable
    rows = []
    for entry in selectors.report_entries(report):
        key = str(entry.action.public_id)
        value, text = (posted or {}).get(key, (str(entry.realisation), entry.narrative))
        rows.append(
            {"entry": entry, "key": key, "value": value, "text": text, "errors": (errors or {}).get(f"entry-{key}", [])}
        )
    context = {
        "report": report,
        "plan": report.plan,
        "rows": rows,
        "errors": [m for k, ms in (errors or {}).items() if not k.startswith("entry-") for m in ms],
        "may_write": may_write,
        "may_verify": access.can_verify_progress(user, report.region)
        and report.status == ProgressReport.Status.SUBMITTED,
        "may_return": access.can_verify_progress(user, report.region)
        and report.status in (ProgressReport.Status.SUBMITTED, ProgressReport.Status.VERIFIED),
        "evidence_form": EvidenceForm() if may_write else None,
        "reason_form": ReasonForm(),
        "history": history_for(user, report),
        "zone": report.region.timezone,
        "active_nav": "rad",
    }
    return render(request, "actionplans/report_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def report_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The report; POST saves realisation per action (all or nothing)."""
    user = request.user
    report = access.get_progress_report_for_user(user, public_id)
    if request.method == "GET":
        return _render_report(request, report)
    if not access.can_write_action_plan(user, report.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengisi laporan ini."))
    keys = [str(k) for k in report.entries.values_list("action__public_id", flat=True)]
    posted = {k: (request.POST.get(f"r-{k}", ""), request.POST.get(f"n-{k}", "")) for k in keys}
    entries = {k: services.EntryInput(v, t) for k, (v, t) in posted.items()}
    try:
        report = services.progress_report_save(
            actor=user,
            report=report,
            entries=entries,
            narrative=request.POST.get("narrative", ""),
            expected_version=posted_version(request),
        )
    except PlanRefused as exc:
        return _render_report(request, report, errors=refusal_errors(exc), posted=posted, status=400)
    if request.POST.get("submit"):
        try:
            services.progress_report_submit(actor=user, report=report, expected_version=report.version)
        except PlanRefused as exc:
            messages.error(request, refusal_text(exc))
            return redirect(report_url(report))
        messages.success(request, _("Laporan kemajuan dikirim ke verifikator."))
    else:
        messages.success(request, _("Draf laporan kemajuan disimpan."))
    return redirect(report_url(report))


@require_POST
@login_required
@access.scoped
def report_decide(request: HttpRequest, public_id: Any, decision: str) -> HttpResponse:
    user = request.user
    report = access.get_progress_report_for_user(user, public_id)
    if not access.can_verify_progress(user, report.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang memverifikasi laporan ini."))
    try:
        if decision == "verify":
            services.progress_report_verify(actor=user, report=report, expected_version=posted_version(request))
            messages.success(request, _("Laporan kemajuan diverifikasi."))
        else:
            services.progress_report_return(
                actor=user,
                report=report,
                reason=request.POST.get("reason", ""),
                expected_version=posted_version(request),
            )
            messages.success(request, _("Laporan kemajuan dikembalikan ke pelapor."))
    except PlanRefused as exc:
        messages.error(request, refusal_text(exc))
    return redirect(report_url(report))


@require_POST
@login_required
@access.scoped
def report_verify(request: HttpRequest, public_id: Any) -> HttpResponse:
    return report_decide(request, public_id, "verify")


@require_POST
@login_required
@access.scoped
def report_return(request: HttpRequest, public_id: Any) -> HttpResponse:
    return report_decide(request, public_id, "return")


@require_POST
@login_required
@access.scoped
def evidence_upload(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    report = access.get_progress_report_for_user(user, public_id)
    if not access.can_write_action_plan(user, report.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengisi laporan ini."))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih aksi dan berkas bukti dukung."))
        return redirect(report_url(report))
    entry = report.entries.filter(action__public_id=form.cleaned_data["entry"]).select_related("action").first()
    if entry is None:
        raise access.not_found()
    try:
        services.evidence_add(actor=user, entry=entry, upload=form.cleaned_data["file"])
    except PlanRefused as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Bukti dukung dilampirkan."))
    return redirect(report_url(report))


@require_GET
@login_required
@access.scoped
def evidence_download(request: HttpRequest, public_id: Any, evidence_id: Any) -> HttpResponseBase:
    evidence = selectors.evidence_for_user(request.user, public_id, evidence_id)
    return stored_file_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)
