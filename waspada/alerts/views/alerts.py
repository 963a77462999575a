"""Peringatan dini pages: the list with filters and a map, the alert page (evidence chart and
table, the records behind it, the action log, the forms of the current state), "Peringatan saya",
and response times by province. Thin: access → selectors / services → templates.

Roles (docs/permissions.md): readers (admin, analis, verifikator, operator, pimpinan) read alerts
in their scope; analysts and verifikators handle them; the owner of a response records actions
and closes it. FKDM members get 403; another region's alert answers 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waspada.accounts.models import User
from waspada.alerts import charts, selectors, services
from waspada.alerts.models import Alert
from waspada.incidents.models import Incident
from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status
from waspada.reports.views.completeness import SVG_CSP

PAGE_SIZE = 50
MAX_LINKED_RECORDS = 100

ACTION_LABELS = {
    "verifikasi": _("Verifikasi"),
    "risiko": _("Penilaian risiko"),
    "tugaskan": _("Penanganan"),
    "tindakan": _("Tindakan"),
    "eskalasi": _("Eskalasi"),
    "tutup": _("Tutup"),
    "catatan": _("Catatan"),
}


def require_reader(user: Any) -> None:
    if not access.scope_of(user).roles & access.ALERT_READER_ROLES:
        raise PermissionDenied(_("Peran Anda tidak berwenang melihat peringatan dini."))


def _refusals(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return list(exc.messages)


# --- list, map, queue ---------------------------------------------------------------------------


@require_GET
@login_required
@access.scoped
def alert_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    filters = selectors.parse_filters(user, request.GET)
    qs = selectors.alert_list(user, filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    today = selectors.today()
    from waspada.alerts.models import AlertRule

    context = {
        "filters": filters,
        "errors": filters.errors,
        "page": page,
        "rows": [(a, services.is_overdue(a, today)) for a in page.object_list],
        "total": page.paginator.count,
        "status_choices": [("terbuka", _("Semua yang terbuka")), *Alert.Status.choices],
        "risk_choices": Alert.Risk.choices,
        "rule_choices": list(AlertRule.objects.values_list("code", "name")),
        "query": urlencode(filters.as_params()),
        "has_map": "kabkota" in boundary_layers_status(),
        "by_kabkota": sorted(selectors.kabkota_counts(qs).items(), key=lambda kv: (-kv[1], kv[0]))[:15],
    }
    return render(request, "alerts/list.html", context, status=400 if filters.errors else 200)


@require_GET
@login_required
@access.scoped
def map_counts(request: HttpRequest) -> JsonResponse:
    """``{"counts": {kab/kota code: alerts}, "max": n}`` for the list's filters (scoped)."""
    user = request.user
    require_reader(user)
    filters = selectors.parse_filters(user, request.GET)
    if filters.errors:
        return JsonResponse({"errors": filters.errors}, status=400)
    counts = selectors.kabkota_counts(selectors.alert_list(user, filters))
    response = JsonResponse({"counts": counts, "max": max(counts.values(), default=0)})
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
@login_required
@access.scoped
def my_alerts(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    qs = selectors.my_alerts(user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    today = selectors.today()
    return render(
        request,
        "alerts/mine.html",
        {
            "page": page,
            "rows": [(a, services.is_overdue(a, today)) for a in page.object_list],
            "total": page.paginator.count,
        },
    )


@require_GET
@login_required
@access.scoped
def response_times(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    filters = selectors.parse_filters(user, request.GET)
    rows, total = selectors.response_times(user, week_from=filters.week_from, week_to=filters.week_to)
    return render(
        request,
        "alerts/response_times.html",
        {"rows": rows, "total": total, "filters": filters, "errors": filters.errors},
        status=400 if filters.errors else 200,
    )


# --- one alert ----------------------------------------------------------------------------------


def _allowed_actions(user: Any, alert: Alert) -> set[str]:
    """The forms to show: what the services would accept from this user in this state."""
    handler = access.can_handle_alert(user, alert.region)
    owner = alert.owner_id == user.pk and not access.is_read_only(user)
    out: set[str] = set()
    s = alert.status
    if handler:
        if s in (Alert.Status.NEW, Alert.Status.MONITORING):
            out.add("verifikasi")
        if s in (Alert.Status.ASSESSING, Alert.Status.RESPONDING):
            out.add("risiko")
            if alert.risk:
                out.add("tugaskan")
        if s in (Alert.Status.MONITORING, Alert.Status.ASSESSING, Alert.Status.RESPONDING) and (
            alert.escalation != Alert.Escalation.NATIONAL
        ):
            out.add("eskalasi")
    if (handler or owner) and s == Alert.Status.RESPONDING:
        out |= {"tindakan", "tutup"}
    if handler or owner:
        out.add("catatan")
    return out


def _linked_incidents(user: Any, alert: Alert) -> list[Incident]:
    ids = list((alert.evidence or {}).get("incidents") or [])[:MAX_LINKED_RECORDS]
    if not ids:
        return []
    return list(
        Incident.objects.visible_to(user)
        .alive()
        .filter(public_id__in=ids)
        .select_related("region", "category")
        .order_by("-occurred_on")
    )


def _series_rows(alert: Alert) -> list[dict[str, Any]]:
    ev = alert.evidence or {}
    weeks, counts = ev.get("weeks") or [], ev.get("counts") or []
    bounds = ev.get("upperbounds") or [None] * len(weeks)
    rows = [{"week": w, "count": c, "bound": b} for w, c, b in zip(weeks, counts, bounds, strict=False)]
    if rows and not ev.get("upperbounds"):
        rows[-1]["bound"] = alert.threshold
    return list(reversed(rows))


def _detail_context(user: Any, alert: Alert, *, errors: list[str] | None = None, form: str = "") -> dict[str, Any]:
    allowed = _allowed_actions(user, alert)
    return {
        "alert": alert,
        "zone": alert.region.timezone,
        "evidence": alert.evidence or {},
        "series_rows": _series_rows(alert),
        "has_series": bool((alert.evidence or {}).get("counts")),
        "incidents": _linked_incidents(user, alert),
        "incident_total": len((alert.evidence or {}).get("incidents") or []),
        "actions": selectors.actions_of(alert),
        "allowed": allowed,
        "owner_choices": services.owner_candidates(alert) if "tugaskan" in allowed else [],
        "overdue": services.is_overdue(alert),
        "errors": errors or [],
        "failed_form": form,
        "scores": range(1, 6),
        "today": selectors.today().isoformat(),
    }


@require_GET
@login_required
@access.scoped
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    require_reader(user)
    alert = access.get_alert_for_user(user, public_id)
    return render(request, "alerts/detail.html", _detail_context(user, alert))


@require_GET
@login_required
@access.scoped
@csp_replace(SVG_CSP)  # type: ignore[arg-type]  # the decorator is typed for views without URL arguments
def series_chart(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    require_reader(user)
    alert = access.get_alert_for_user(user, public_id)
    ev = alert.evidence or {}
    weeks = [str(w)[-3:] for w in ev.get("weeks") or []]
    svg = charts.series_svg(
        weeks,
        ev.get("counts") or [],
        title=_("Peristiwa per minggu, %(region)s, sampai %(week)s")
        % {"region": alert.region.name, "week": alert.week_key},
        bounds=ev.get("upperbounds"),
        threshold=alert.threshold,
        threshold_label=_("ambang"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _int(raw: Any) -> Any:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def _date(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None


@require_POST
@login_required
@access.scoped
def act(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One lifecycle step from the alert page's forms (field ``aksi``)."""
    user = request.user
    require_reader(user)
    alert = access.get_alert_for_user(user, public_id)
    data = request.POST
    kind = str(data.get("aksi") or "")
    version = data.get("version")
    note = str(data.get("catatan") or "")
    try:
        if kind == "verifikasi":
            services.verify(
                user=user, alert=alert, decision=str(data.get("keputusan") or ""), note=note, version=version
            )
        elif kind == "risiko":
            services.assess_risk(
                user=user,
                alert=alert,
                likelihood=_int(data.get("kemungkinan")),
                consequence=_int(data.get("dampak")),
                note=note,
                version=version,
            )
        elif kind == "tugaskan":
            owner_id = _int(data.get("penanggung_jawab"))
            owner = User.objects.filter(pk=owner_id).first() if owner_id else None
            due = _date(data.get("batas_waktu"))
            if data.get("batas_waktu") and due is None:
                raise services.AlertRefused({"due_on": _("Tanggal batas waktu tidak terbaca (format TTTT-BB-HH).")})
            services.assign_response(user=user, alert=alert, owner=owner, due_on=due, note=note, version=version)
        elif kind == "tindakan":
            services.record_action(user=user, alert=alert, note=note, version=version)
        elif kind == "eskalasi":
            services.escalate(user=user, alert=alert, to=str(data.get("tujuan") or ""), note=note, version=version)
        elif kind == "tutup":
            services.close(user=user, alert=alert, outcome=str(data.get("hasil") or ""), version=version)
        elif kind == "catatan":
            services.comment(user=user, alert=alert, note=note)
        else:
            raise services.AlertRefused(_("Tindakan tidak dikenal."), code="unknown")
    except services.AlertRefused as exc:
        alert = access.get_alert_for_user(user, public_id)
        context = _detail_context(user, alert, errors=_refusals(exc), form=kind)
        return render(request, "alerts/detail.html", context, status=400)
    messages.success(request, _("%(step)s tersimpan.") % {"step": ACTION_LABELS.get(kind, kind)})
    return redirect("alerts:detail", public_id=alert.public_id)


urlpatterns = [
    path("", alert_list, name="list"),
    path("peta.json", map_counts, name="map"),
    path("saya/", my_alerts, name="mine"),
    path("waktu-respons/", response_times, name="response_times"),
    path("<uuid:public_id>/", detail, name="detail"),
    path("<uuid:public_id>/grafik.svg", series_chart, name="chart"),
    path("<uuid:public_id>/tindakan/", act, name="act"),
]
