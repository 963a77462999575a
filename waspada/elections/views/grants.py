"""NPHD: the agreements list, an agreement's detail (planned tranches, payments, compliance per
tranche, the disbursement form) and the compliance page (realisation per recipient, a
choropleth of the worst tranche status per province and kabupaten/kota with the table beside
it). Thin: access → ``elections.selectors`` / ``recap`` / ``services`` → template/JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waspada.core.formviews import put_errors
from waspada.core.selectors import history_for
from waspada.elections import nphd, recap, selectors, services
from waspada.elections.models import GrantAgreement
from waspada.elections.services import ElectionRefused, StaleElectionRecord
from waspada.elections.views.common import (
    BadElectionFilter,
    chosen_election,
    posted_version,
    require_reader,
    today,
)
from waspada.elections.views.forms import DisbursementForm, TranchePlanForm
from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status

PAGE_SIZE = 50


def detail_url(agreement: GrantAgreement) -> str:
    return reverse("elections:grant_detail", kwargs={"public_id": agreement.public_id})


@require_GET
@login_required
@access.scoped
def grant_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {"active_nav": "pilkada", "elections": list(selectors.elections())}
    try:
        election = chosen_election(request)
    except BadElectionFilter as exc:
        return render(request, "elections/grant_list.html", {**context, "errors": [str(exc)]}, status=400)
    recipient = request.GET.get("penerima", "")
    if recipient not in GrantAgreement.Recipient.values:
        recipient = ""
    qs = selectors.grants_for_user(user, election=election, recipient=recipient)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context.update(
        {
            "election": election,
            "page": page,
            "recipient": recipient,
            "recipients": GrantAgreement.Recipient.choices,
        }
    )
    return render(request, "elections/grant_list.html", context)


def _render_detail(
    request: HttpRequest, agreement: GrantAgreement, form: DisbursementForm | None, status: int = 200
) -> HttpResponse:
    user = request.user
    day = today()
    compliance = selectors.grant_compliance(agreement, day)
    may_pay = access.can_write_election_data(user, agreement.region)
    context = {
        "agreement": agreement,
        "planned": list(agreement.planned_tranches.all()),
        "payments": list(agreement.disbursements.order_by("paid_on", "id")),
        "compliance": compliance,
        "labels": nphd.STATUS_LABELS,
        "rules": {r.number: r.description for r in nphd.TRANCHE_RULES},
        "as_of": day,
        "may_pay": may_pay,
        "form": form if form is not None else (DisbursementForm() if may_pay else None),
        "history": history_for(user, agreement),
        "active_nav": "pilkada",
    }
    return render(request, "elections/grant_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def grant_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The agreement; POST records a disbursement (refused: before signing, beyond the amount)."""
    user = request.user
    agreement = access.get_grant_agreement_for_user(user, public_id)
    if request.method == "GET":
        return _render_detail(request, agreement, None)
    if not access.can_write_election_data(user, agreement.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat pencairan NPHD ini."))
    form = DisbursementForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, agreement, form, status=400)
    try:
        services.disbursement_create(
            actor=user,
            agreement=agreement,
            paid_on=form.cleaned_data["paid_on"],
            amount=form.cleaned_data["amount"],
            reference=form.cleaned_data.get("reference") or "",
        )
    except ElectionRefused as exc:
        put_errors(form, exc)
        return _render_detail(request, agreement, form, status=400)
    messages.success(request, _("Pencairan dicatat; kepatuhan tahap diperbarui."))
    return redirect(detail_url(agreement))


def _render_plan(request: HttpRequest, agreement: GrantAgreement, form: TranchePlanForm, status: int = 200) -> Any:
    context = {"agreement": agreement, "form": form, "active_nav": "pilkada"}
    return render(request, "elections/grant_plan.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def grant_plan(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Replace an agreement's planned tranches (version checked: a stale plan answers 409)."""
    user = request.user
    agreement = access.get_grant_agreement_for_user(user, public_id)
    if not access.can_write_election_data(user, agreement.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah rencana tahap NPHD ini."))
    if request.method == "GET":
        initial = TranchePlanForm.initial_from(list(agreement.planned_tranches.order_by("due_on")))
        return _render_plan(request, agreement, TranchePlanForm(initial=initial))
    form = TranchePlanForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, agreement, form, status=400)
    try:
        services.grant_plan_tranches(
            actor=user, agreement=agreement, planned=form.to_input(), expected_version=posted_version(request)
        )
    except ElectionRefused as exc:
        put_errors(form, exc)
        return _render_plan(request, agreement, form, status=409 if isinstance(exc, StaleElectionRecord) else 400)
    messages.success(request, _("Rencana tahap NPHD disimpan."))
    return redirect(detail_url(agreement))


def _as_of(request: HttpRequest) -> date:
    raw = request.GET.get("per", "")
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadElectionFilter(_("Tulis tanggal yang sah (TTTT-BB-HH): «%(v)s».") % {"v": raw[:20]}) from None


@require_GET
@login_required
@access.scoped
def compliance(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {"active_nav": "pilkada", "elections": list(selectors.elections())}
    try:
        election = chosen_election(request)
        as_of = _as_of(request)
    except BadElectionFilter as exc:
        return render(request, "elections/compliance.html", {**context, "errors": [str(exc)]}, status=400)
    rows = recap.nphd_compliance_by_region(user, election, as_of) if election else []
    context.update(
        {
            "election": election,
            "as_of": as_of,
            "realisation": recap.nphd_realisation(user, election, as_of) if election else [],
            "rows": rows,
            "labels": nphd.STATUS_LABELS,
            "has_map": "kabkota" in boundary_layers_status(),
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "elections/compliance.html", context)


@require_GET
@login_required
@access.scoped
def compliance_map(request: HttpRequest) -> JsonResponse:
    """The worst tranche status per granting region, for the choropleth (same rows as the table)."""
    user = request.user
    require_reader(user)
    try:
        election = chosen_election(request)
        as_of = _as_of(request)
    except BadElectionFilter as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    rows = recap.nphd_compliance_by_region(user, election, as_of) if election else []
    return JsonResponse(
        {
            "statuses": {r.code: r.worst_status for r in rows},
            "percent": {r.code: str(r.percent) for r in rows},
            "labels": nphd.STATUS_LABELS,
        }
    )


urlpatterns = [
    path("nphd/", grant_list, name="grant_list"),
    path("nphd/kepatuhan/", compliance, name="compliance"),
    path("nphd/kepatuhan/peta.json", compliance_map, name="compliance_map"),
    path("nphd/<uuid:public_id>/", grant_detail, name="grant_detail"),
    path("nphd/<uuid:public_id>/rencana-tahap/", grant_plan, name="grant_plan"),
]
