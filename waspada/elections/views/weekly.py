"""«Tarik ke laporan»: append the summary of a region's violations of the report week to the
Pilkada section of its weekly report (a draft is created when there is none yet). The write
goes through ``reports.services.report_save_draft``, which checks the role, the period and the
version; a refusal is shown as a message and nothing changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.elections import weekly
from waspada.regions import access
from waspada.reports import selectors as report_selectors
from waspada.reports import services as report_services
from waspada.reports.services import ReportRefused


@require_POST
@login_required
@access.scoped
def pull_to_report(request: HttpRequest, code: str, period: str) -> HttpResponse:
    user = request.user
    region = access.get_reporting_region_for_user(user, code)
    reporting_period = report_selectors.report_period(period)
    if reporting_period is None:
        raise access.not_found()
    access.require_report_permission(user, "reports.write_report", region)
    report = report_selectors.report_for(user, region, reporting_period)
    violations = list(weekly.week_violations(user, region, reporting_period.start, reporting_period.end))
    content = weekly.merged_content(
        report.content if report is not None else None, weekly.summary_text(violations), len(violations)
    )
    try:
        version = int(request.POST.get("version", "")) if report is not None else None
    except ValueError:
        version = -1
    try:
        report = report_services.report_save_draft(
            user=user, region=region, period=reporting_period, content=content, version=version
        )
    except ReportRefused as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
        if report is not None:
            return redirect("reports:edit", public_id=report.public_id)
        return redirect("reports:write", code=region.code, period=reporting_period.key)
    messages.success(
        request,
        _("%(n)d pelanggaran prokes ditarik ke bagian Pilkada laporan (draf tersimpan).") % {"n": len(violations)},
    )
    return redirect(reverse("reports:edit", kwargs={"public_id": report.public_id}) + "#bagian-pilkada_prokes")


urlpatterns = [
    path("laporan/<str:code>/<str:period>/tarik/", pull_to_report, name="pull_to_report"),
]
