"""Pilkada home (elections with their stage calendar, «today's stage»), the scoped contest list
and the contest detail with its paslon. Thin: access → ``elections.selectors`` → template."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from waspada.elections import calendar, selectors
from waspada.elections.models import CandidatePair, Contest
from waspada.elections.views.common import (
    BadElectionFilter,
    chosen_election,
    may_read_health,
    may_write,
    may_write_health,
    require_reader,
    today,
)
from waspada.regions import access
from waspada.regions.models import Region

CONTEST_PAGE_SIZE = 100


@require_GET
@login_required
@access.scoped
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    day = today()
    elections = []
    for election in selectors.elections():
        items = selectors.stages(election)
        running = {s.code for s in calendar.stages_on(items, day)}
        main = calendar.stage_on(items, day)
        elections.append(
            {
                "election": election,
                "stages": items,
                "running": running,
                "today_stage": main,
                "periods": selectors.campaign_periods(election, items),
                "contests": selectors.contests_for_user(user, election=election).count(),
            }
        )
    context: dict[str, Any] = {
        "day": day,
        "elections": elections,
        "may_write": may_write(user),
        "may_read_health": may_read_health(user),
        "active_nav": "pilkada",
    }
    return render(request, "elections/home.html", context)


@require_GET
@login_required
@access.scoped
def contest_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context: dict[str, Any] = {"active_nav": "pilkada", "elections": list(selectors.elections())}
    try:
        election = chosen_election(request)
    except BadElectionFilter as exc:
        return render(request, "elections/contest_list.html", {**context, "errors": [str(exc)]}, status=400)
    kind = request.GET.get("jenis", "")
    if kind not in Contest.Kind.values:
        kind = ""
    province_code = (request.GET.get("provinsi") or "").strip()
    province = None
    if province_code:
        province = access.get_region_for_user(user, province_code[:13])
        if province.level != Region.Level.PROVINSI:
            province = province.province or province
    contests = selectors.contests_for_user(user, election=election, province=province, kind=kind)
    total = contests.count()
    provinces = Region.objects.filter(
        pk__in=Contest.objects.visible_to(user).filter(election=election).values("province")
    ).order_by("code")
    context.update(
        {
            "election": election,
            "contests": list(contests[:CONTEST_PAGE_SIZE]),
            "total": total,
            "truncated": total > CONTEST_PAGE_SIZE,
            "kind": kind,
            "kinds": Contest.Kind.choices,
            "province": province,
            "provinces": provinces,
        }
    )
    return render(request, "elections/contest_list.html", context)


@require_GET
@login_required
@access.scoped
def contest_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    contest = access.get_contest_for_user(user, public_id)
    require_reader(user)
    pairs = list(selectors.candidate_pairs_for_user(user, contest=contest))
    violations = selectors.violations_for_user(user, selectors.ViolationFilter(contest=contest))
    context = {
        "contest": contest,
        "pairs": pairs,
        "statuses": CandidatePair.Status,
        "violation_count": violations.count(),
        "recent": list(violations[:10]),
        "may_write": access.can_write_election_data(user, contest.region),
        "may_write_health": may_write_health(user, contest.region),
        "active_nav": "pilkada",
    }
    return render(request, "elections/contest_detail.html", context)


urlpatterns = [
    path("", home, name="home"),
    path("pemilihan-daerah/", contest_list, name="contest_list"),
    path("pemilihan-daerah/<uuid:public_id>/", contest_detail, name="contest_detail"),
]
