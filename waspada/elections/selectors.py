"""Reads for Pilkada monitoring, always scoped through ``waspada.regions.access``.

Lists return querysets (callers paginate); the stage calendar and NPHD compliance return pure
values from ``calendar`` and ``nphd``. Recaps (aggregations) live in ``recap``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from waspada.elections import calendar, nphd
from waspada.elections.models import (
    CandidatePair,
    Contest,
    Disbursement,
    Election,
    ElectionStage,
    GrantAgreement,
    HealthEvent,
    ProkesViolation,
)
from waspada.regions.models import Region


def elections() -> QuerySet[Election]:
    """Elections are national reference data: everyone signed in may list them."""
    return Election.objects.order_by("-voting_date")


def election_by_code(code: str) -> Election | None:
    return Election.objects.filter(code=code).first()


def as_calendar_stage(stage: ElectionStage) -> calendar.Stage:
    return calendar.Stage(stage.code, stage.name, stage.starts_on, stage.ends_on, stage.order, stage.is_campaign)


def stages(election: Election) -> list[calendar.Stage]:
    ordered = ElectionStage.objects.filter(election=election).order_by("order", "starts_on")
    return [as_calendar_stage(s) for s in ordered]


@dataclass(frozen=True)
class Today:
    """«Tahapan hari ini» for the dashboard: the stage of the day and every stage running."""

    election: Election
    day: date
    stage: calendar.Stage | None
    running: list[calendar.Stage]
    period: calendar.CampaignPeriod | None
    days_to_voting: int


def current_elections(day: date) -> list[Today]:
    """Elections whose calendar covers ``day`` (the dashboard shows them during an election)."""
    out = []
    for election in Election.objects.filter(stages__starts_on__lte=day, stages__ends_on__gte=day).distinct():
        items = stages(election)
        out.append(
            Today(
                election=election,
                day=day,
                stage=calendar.stage_on(items, day),
                running=calendar.stages_on(items, day),
                period=calendar.period_of(campaign_periods(election, items), day),
                days_to_voting=(election.voting_date - day).days,
            )
        )
    return out


def campaign_periods(election: Election, items: list[calendar.Stage] | None = None) -> list[calendar.CampaignPeriod]:
    """The 10-day periods of the election's campaign stage (empty when it has none)."""
    campaign = calendar.campaign_stage(items if items is not None else stages(election))
    if campaign is None:
        return []
    return calendar.campaign_periods(campaign.starts_on, campaign.ends_on)


# --- lists ----------------------------------------------------------------------------------------


def contests_for_user(
    user: Any, *, election: Election | None = None, province: Region | None = None, kind: str = ""
) -> QuerySet[Contest]:
    qs = Contest.objects.visible_to(user).select_related("region", "election")
    if election is not None:
        qs = qs.filter(election=election)
    if province is not None:
        qs = qs.filter(province=province)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("region__code")


def candidate_pairs_for_user(
    user: Any, *, contest: Contest | None = None, election: Election | None = None, status: str = ""
) -> QuerySet[CandidatePair]:
    qs = CandidatePair.objects.visible_to(user).select_related("contest", "contest__region", "contest__election")
    if contest is not None:
        qs = qs.filter(contest=contest)
    if election is not None:
        qs = qs.filter(contest__election=election)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("contest__region__code", "ballot_number", "head_name")


@dataclass(frozen=True)
class ViolationFilter:
    """The filters every violation list and recap accepts (all optional)."""

    election: Election | None = None
    contest: Contest | None = None
    pair: CandidatePair | None = None
    region: Region | None = None  # province, kabupaten/kota or finer: its whole subtree
    stage: ElectionStage | None = None
    activity: str = ""
    source: str = ""
    since: datetime | None = None
    until: datetime | None = None  # exclusive

    def q(self) -> Q:
        q = Q()
        if self.election is not None:
            q &= Q(contest__election=self.election)
        if self.contest is not None:
            q &= Q(contest=self.contest)
        if self.pair is not None:
            q &= Q(pair=self.pair)
        if self.region is not None:
            if self.region.level == "provinsi":
                q &= Q(province=self.region)
            elif self.region.level in ("kabupaten", "kota"):
                q &= Q(kabkota=self.region)
            else:
                q &= Q(region__code=self.region.code) | Q(region__code__startswith=self.region.code + ".")
        if self.stage is not None:
            q &= Q(stage=self.stage)
        if self.activity:
            q &= Q(activity=self.activity)
        if self.source:
            q &= Q(source=self.source)
        if self.since is not None:
            q &= Q(occurred_at__gte=self.since)
        if self.until is not None:
            q &= Q(occurred_at__lt=self.until)
        return q


def violations_for_user(user: Any, filters: ViolationFilter | None = None) -> QuerySet[ProkesViolation]:
    """Live (not deleted) violations in scope, newest first."""
    qs = ProkesViolation.objects.visible_to(user).alive()
    if filters is not None:
        qs = qs.filter(filters.q())
    return qs.select_related("contest", "contest__region", "pair", "region", "stage").order_by("-occurred_at")


def health_events_for_user(
    user: Any, *, election: Election | None = None, pair: CandidatePair | None = None
) -> QuerySet[HealthEvent]:
    """Health events (personal data): only roles in ``HEALTH_READER_ROLES`` see any.
    Showing a named event must be audited with ``services.health_event_viewed``."""
    qs = HealthEvent.objects.visible_to(user).select_related("pair", "pair__contest", "pair__contest__region")
    if election is not None:
        qs = qs.filter(pair__contest__election=election)
    if pair is not None:
        qs = qs.filter(pair=pair)
    return qs.order_by("-occurred_on", "-id")


def grants_for_user(
    user: Any, *, election: Election | None = None, region: Region | None = None, recipient: str = ""
) -> QuerySet[GrantAgreement]:
    qs = GrantAgreement.objects.visible_to(user).select_related("region", "election")
    if election is not None:
        qs = qs.filter(election=election)
    if region is not None:
        qs = qs.filter(region=region)
    if recipient:
        qs = qs.filter(recipient=recipient)
    return qs.order_by("region__code", "recipient")


def grant_compliance(agreement: GrantAgreement, as_of: date) -> nphd.Compliance:
    """Tranche statuses and realisation of one agreement (deadlines from the current voting date)."""
    payments = [
        nphd.Payment(paid_on, Decimal(amount))
        for paid_on, amount in Disbursement.objects.filter(agreement=agreement).values_list("paid_on", "amount")
    ]
    return nphd.compliance(
        amount=agreement.amount,
        signed_on=agreement.signed_on,
        voting_date=agreement.election.voting_date,
        payments=payments,
        as_of=as_of,
    )
