"""Pelanggaran prokes: the scoped list with filters, the form (create after choosing the contest,
and edit), the detail page and soft delete. Thin: access → forms → ``elections.services``.

Every violation comes through ``access.get_violation_for_user`` (404 out of scope); writes are
checked before any parsing (403 for pimpinan and roles without the right) and again by the
services. A refusal (date outside every stage, paslon of another contest, …) is shown in
Indonesian and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.core.formviews import put_errors
from waspada.core.selectors import history_for
from waspada.core.timezones import tzinfo_for
from waspada.elections import recap, selectors, services
from waspada.elections.models import Contest, ElectionStage, ProkesViolation
from waspada.elections.services import ElectionRefused, StaleElectionRecord
from waspada.elections.views.common import (
    BadElectionFilter,
    chosen_election,
    may_write,
    posted_version,
    refusal_text,
    require_reader,
    require_writer,
)
from waspada.elections.views.forms import ViolationForm, initial_from
from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status

PAGE_SIZE = 50


def detail_url(v: ProkesViolation) -> str:
    return reverse("elections:violation_detail", kwargs={"public_id": v.public_id})


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise BadElectionFilter(_("Tulis tanggal yang sah (TTTT-BB-HH): «%(v)s».") % {"v": raw[:20]}) from None


def parse_filters(request: HttpRequest, user: Any) -> selectors.ViolationFilter:
    """The list/recap filters from the query string; a bad one is refused with a message."""
    get = request.GET
    election = chosen_election(request)
    region = None
    code = (get.get("wilayah") or "").strip()
    if code:
        region = access.get_region_for_user(user, code[:13])
    contest = None
    if get.get("pemilihan_daerah"):
        contest = access.get_contest_for_user(user, get["pemilihan_daerah"])
    pair = None
    if get.get("paslon"):
        pair = access.get_candidate_pair_for_user(user, get["paslon"])
    stage = None
    if get.get("tahapan") and election is not None:
        stage = ElectionStage.objects.filter(election=election, code=get["tahapan"][:40]).first()
        if stage is None:
            raise BadElectionFilter(_("Tahapan «%(v)s» tidak dikenal.") % {"v": get["tahapan"][:40]})
    activity = get.get("kegiatan", "")
    if activity and activity not in ProkesViolation.Activity.values:
        raise BadElectionFilter(_("Kegiatan «%(v)s» tidak dikenal.") % {"v": activity[:40]})
    source = get.get("sumber", "")
    if source and source not in ProkesViolation.Source.values:
        raise BadElectionFilter(_("Sumber «%(v)s» tidak dikenal.") % {"v": source[:40]})
    since_day, until_day = _day(get.get("dari", "")), _day(get.get("sampai", ""))
    if since_day and until_day and until_day < since_day:
        raise BadElectionFilter(_("Tanggal akhir sebelum tanggal awal."))
    # Dates are days in WIB (the national reference) for the filter; recaps use each region's zone.
    wib = tzinfo_for("WIB")
    return selectors.ViolationFilter(
        election=election,
        contest=contest,
        pair=pair,
        region=region,
        stage=stage,
        activity=activity,
        source=source,
        since=datetime.combine(since_day, time.min, tzinfo=wib) if since_day else None,
        until=datetime.combine(until_day + timedelta(days=1), time.min, tzinfo=wib) if until_day else None,
    )


@require_GET
@login_required
@access.scoped
def violation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {
        "active_nav": "pilkada",
        "elections": list(selectors.elections()),
        "values": {
            k: request.GET.get(k, "")
            for k in ("pemilihan", "wilayah", "tahapan", "kegiatan", "sumber", "dari", "sampai")
        },
        "activities": ProkesViolation.Activity.choices,
        "sources": ProkesViolation.Source.choices,
        "may_write": may_write(user),
    }
    try:
        filters = parse_filters(request, user)
    except BadElectionFilter as exc:
        return render(request, "elections/violation_list.html", {**context, "errors": [str(exc)]}, status=400)
    qs = selectors.violations_for_user(user, filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    params = request.GET.copy()
    params.pop("halaman", None)
    context.update(
        {
            "filters": filters,
            "election": filters.election,
            "stages": list(ElectionStage.objects.filter(election=filters.election)) if filters.election else [],
            "page": page,
            "query": params.urlencode(),
        }
    )
    return render(request, "elections/violation_list.html", context)


def _render_form(
    request: HttpRequest, form: ViolationForm, *, violation: ProkesViolation | None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "contest": form.contest,
        "violation": violation,
        "active_nav": "pilkada",
        # The point picker (incidents/point_picker.js) draws the kabupaten/kota boundaries.
        "has_map": "kabkota" in boundary_layers_status(),
    }
    return render(request, "elections/violation_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def violation_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_writer(user)
    raw = request.GET.get("pemilihan_daerah") or request.POST.get("pemilihan_daerah") or ""
    if not raw:
        # Step one: choose the contest (the paslon and locations depend on it).
        try:
            election = chosen_election(request)
        except BadElectionFilter as exc:
            messages.error(request, str(exc))
            election = None
        contests = list(
            Contest.objects.visible_to(user).filter(election=election).select_related("region").order_by("region__code")
        )
        return render(
            request,
            "elections/violation_choose_contest.html",
            {
                "contests": contests,
                "election": election,
                "elections": list(selectors.elections()),
                "active_nav": "pilkada",
            },
        )
    contest = access.get_contest_for_user(user, raw)
    if not access.can_write_election_data(user, contest.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat pelanggaran di wilayah ini."))
    if request.method == "GET":
        initial = {"region": contest.region.code} if contest.region.level != "provinsi" else {}
        return _render_form(request, ViolationForm(initial=initial, contest=contest, user=user), violation=None)
    form = ViolationForm(request.POST, contest=contest, user=user)
    if not form.is_valid():
        return _render_form(request, form, violation=None, status=400)
    try:
        violation = services.violation_create(actor=user, data=form.to_input())
    except ElectionRefused as exc:
        put_errors(form, exc)
        return _render_form(request, form, violation=None, status=400)
    except PermissionDenied:
        form.add_error("region", _("Peran Anda tidak berwenang mencatat pelanggaran di lokasi ini."))
        return _render_form(request, form, violation=None, status=403)
    messages.success(request, _("Pelanggaran prokes dicatat."))
    return redirect(detail_url(violation))


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def violation_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    violation = access.get_violation_for_user(user, public_id)
    if not access.can_write_election_data(user, violation.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah pelanggaran ini."))
    contest = violation.contest
    if request.method == "GET":
        form = ViolationForm(initial=initial_from(violation), contest=contest, user=user)
        return _render_form(request, form, violation=violation)
    form = ViolationForm(request.POST, contest=contest, user=user)
    if not form.is_valid():
        return _render_form(request, form, violation=violation, status=400)
    try:
        services.violation_update(
            actor=user, violation=violation, data=form.to_input(), expected_version=posted_version(request)
        )
    except ElectionRefused as exc:
        put_errors(form, exc)
        status = 409 if isinstance(exc, StaleElectionRecord) else 400
        return _render_form(request, form, violation=violation, status=status)
    except PermissionDenied:
        form.add_error("region", _("Peran Anda tidak berwenang mencatat pelanggaran di lokasi ini."))
        return _render_form(request, form, violation=violation, status=403)
    messages.success(request, _("Pelanggaran prokes diperbarui."))
    return redirect(detail_url(violation))


@require_GET
@login_required
@access.scoped
def violation_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    violation = access.get_violation_for_user(user, public_id)
    types = [recap.type_label(name) for name in ProkesViolation.VIOLATION_FIELDS if getattr(violation, name)]
    if violation.other_violation:
        types.append(violation.other_violation)
    context = {
        "v": violation,
        "zone": violation.region.timezone,
        "types": types,
        "may_write": access.can_write_election_data(user, violation.region),
        "history": history_for(user, violation),
        "active_nav": "pilkada",
    }
    return render(request, "elections/violation_detail.html", context)


@require_POST
@login_required
@access.scoped
def violation_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    violation = access.get_violation_for_user(user, public_id)
    if not access.can_write_election_data(user, violation.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang menghapus pelanggaran ini."))
    try:
        services.violation_delete(
            actor=user,
            violation=violation,
            reason=request.POST.get("reason", ""),
            expected_version=posted_version(request),
        )
    except ElectionRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(detail_url(violation))
    messages.success(request, _("Pelanggaran dihapus (tetap tercatat di jejak audit)."))
    return redirect("elections:violation_list")


urlpatterns = [
    path("pelanggaran/", violation_list, name="violation_list"),
    path("pelanggaran/baru/", violation_create, name="violation_create"),
    path("pelanggaran/<uuid:public_id>/", violation_detail, name="violation_detail"),
    path("pelanggaran/<uuid:public_id>/ubah/", violation_edit, name="violation_edit"),
    path("pelanggaran/<uuid:public_id>/hapus/", violation_delete, name="violation_delete"),
]
