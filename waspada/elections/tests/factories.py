"""Helpers building Pilkada records through the services (so tests see what users would)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from waspada.elections import services
from waspada.elections.models import CandidatePair, Contest, Election, ElectionStage, ProkesViolation
from waspada.regions.models import Region


def election(code: str = "pilkada-2020") -> Election:
    return Election.objects.get(code=code)


def contest(region_code: str, code: str = "pilkada-2020") -> Contest:
    return Contest.objects.select_related("region", "election").get(election__code=code, region__code=region_code)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def stage(code: str, election_code: str = "pilkada-2020") -> ElectionStage:
    return ElectionStage.objects.get(election__code=election_code, code=code)


def pair(actor: Any, c: Contest, number: int | None, head: str = "Calon", **kwargs: Any) -> CandidatePair:
    data = services.CandidatePairInput(
        head_name=f"{head} {number}",
        deputy_name=f"Wakil {number}",
        nomination_path=kwargs.pop("nomination_path", CandidatePair.Path.PARTIES),
        parties=kwargs.pop("parties", ["Partai A", "Partai B"]),
        ballot_number=number,
        **kwargs,
    )
    return services.candidate_pair_create(actor=actor, contest=c, data=data, status_on=date(2020, 9, 23))


def at(year: int, month: int, day: int, hour: int = 3) -> datetime:
    """An instant in UTC (03:00 UTC is 10:00 WIB, 11:00 WITA, 12:00 WIT: the same local day)."""
    return datetime(year, month, day, hour, tzinfo=UTC)


def violation_input(c: Contest, when: datetime, **kwargs: Any) -> services.ViolationInput:
    values: dict[str, Any] = {
        "contest": c,
        "occurred_at": when,
        "region": c.region if c.region.level != "provinsi" else kwargs.pop("location"),
        "activity": ProkesViolation.Activity.LIMITED_MEETING,
        "source": ProkesViolation.Source.BAWASLU,
        "over_capacity": True,
        "participants": 120,
    }
    values.update(kwargs)
    return services.ViolationInput(**values)


def violation(actor: Any, c: Contest, when: datetime, **kwargs: Any) -> ProkesViolation:
    return services.violation_create(actor=actor, data=violation_input(c, when, **kwargs))


def grant(actor: Any, c: Contest, recipient: str, amount: str, signed_on: date, **kwargs: Any) -> Any:
    data = services.GrantInput(
        election=c.election,
        region=c.region,
        recipient=recipient,
        number=kwargs.pop("number", f"NPHD/{recipient}/{c.region.code}"),
        signed_on=signed_on,
        amount=Decimal(amount),
    )
    return services.grant_create(actor=actor, data=data, **kwargs)
