"""Synthetic Pilkada data for benchmarks and demos: paslon for every contest of an election and
``count`` prokes violations spread over its stage calendar (most in the campaign stage).

The bulk path writes with ``bulk_create`` and derives each violation's stage from its local day
exactly as ``services.violation_errors`` does (``calendar.stage_on``); no audit events (the
records are marked ``sumber: sintetis`` in their description); the election's violation rollup is
rebuilt at the end. Deterministic for a seed, and
idempotent: it tops the set up to ``count`` synthetic violations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction

from waspada.core.timezones import tzinfo_for
from waspada.elections import calendar, rollup, selectors
from waspada.elections.models import CandidatePair, Contest, Election, ElectionStage, ProkesViolation
from waspada.regions.models import Region

MARK = "Data sintetis (benchmark)."
BATCH = 5_000
ACTIVITY_WEIGHTS = {
    ProkesViolation.Activity.LIMITED_MEETING: 40,
    ProkesViolation.Activity.FACE_TO_FACE: 25,
    ProkesViolation.Activity.RALLY: 5,
    ProkesViolation.Activity.CONCERT: 4,
    ProkesViolation.Activity.SPORT: 4,
    ProkesViolation.Activity.BAZAAR: 3,
    ProkesViolation.Activity.ANNIVERSARY: 2,
    ProkesViolation.Activity.REGISTRATION: 5,
    ProkesViolation.Activity.DECLARATION: 4,
    ProkesViolation.Activity.VOTING_CROWD: 3,
    ProkesViolation.Activity.OTHER: 5,
}


@dataclass(frozen=True)
class Generated:
    pairs: int
    violations: int


def ensure_pairs(election: Election, rng: random.Random) -> dict[int, list[int]]:
    """Two to four paslon per contest (only for contests that have none yet)."""
    contests = list(Contest.objects.filter(election=election).select_related("region"))
    have = set(CandidatePair.objects.filter(contest__election=election).values_list("contest_id", flat=True))
    new = []
    for c in contests:
        if c.pk in have:
            continue
        for number in range(1, rng.randint(2, 4) + 1):
            pair = CandidatePair(
                contest=c,
                ballot_number=number,
                head_name=f"Calon {c.region.code} {number}",
                deputy_name=f"Wakil {c.region.code} {number}",
                nomination_path=CandidatePair.Path.PARTIES,
                parties=["Partai A", "Partai B"],
                status=CandidatePair.Status.DETERMINED,
            )
            pair.set_scope_keys(c.region)
            new.append(pair)
    CandidatePair.objects.bulk_create(new, batch_size=BATCH)
    out: dict[int, list[int]] = {}
    for contest_id, pk in CandidatePair.objects.filter(contest__election=election).values_list("contest_id", "pk"):
        out.setdefault(contest_id, []).append(pk)
    return out


def generate(count: int, *, election_code: str = "pilkada-2020", seed: int = 2020) -> Generated:
    """Top the election's synthetic violations up to ``count``."""
    election = Election.objects.get(code=election_code)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    existing = ProkesViolation.objects.filter(contest__election=election, description=MARK).count()
    with transaction.atomic():
        pairs = ensure_pairs(election, rng)
    missing = count - existing
    if missing <= 0:
        return Generated(sum(len(v) for v in pairs.values()), 0)
    items = selectors.stages(election)
    stage_pk = {s.code: s.pk for s in ElectionStage.objects.filter(election=election)}
    campaign = calendar.campaign_stage(items)
    bounds = calendar.calendar_bounds(items)
    assert bounds is not None
    contests = list(Contest.objects.filter(election=election).select_related("region"))
    # Where a violation of a contest can be: the kabupaten/kota itself, or one of a province's.
    places: dict[int, list[Region]] = {}
    by_province: dict[int, list[Region]] = {}
    for r in Region.objects.filter(level__in=Region.KABKOTA_LEVELS).select_related("province", "kabkota"):
        by_province.setdefault(r.province_id or 0, []).append(r)
    regions = {
        r.pk: r
        for r in Region.objects.filter(pk__in=[c.region_id for c in contests]).select_related("province", "kabkota")
    }
    for c in contests:
        region = regions[c.region_id]
        places[c.pk] = by_province.get(region.pk, [region]) if region.level == Region.Level.PROVINSI else [region]
    activities, weights = list(ACTIVITY_WEIGHTS), list(ACTIVITY_WEIGHTS.values())
    type_names = ProkesViolation.VIOLATION_FIELDS
    rng = random.Random(seed + existing)  # noqa: S311
    written = 0
    while written < missing:
        batch = []
        for _ in range(min(BATCH, missing - written)):
            c = rng.choice(contests)
            region = rng.choice(places[c.pk])
            if campaign is not None and rng.random() < 0.85:
                start, end = campaign.starts_on, campaign.ends_on
            else:
                start, end = bounds
            day = start + timedelta(days=rng.randint(0, (end - start).days))
            local = datetime.combine(
                day, time(rng.randint(7, 21), rng.randint(0, 59)), tzinfo=tzinfo_for(region.timezone)
            )
            stage = calendar.stage_on(items, day)
            pair_ids = pairs.get(c.pk, [])
            v = ProkesViolation(
                contest=c,
                pair_id=rng.choice(pair_ids) if pair_ids and rng.random() < 0.8 else None,
                occurred_at=local,
                region=region,
                stage_id=stage_pk[stage.code] if stage else None,
                activity=rng.choices(activities, weights)[0],
                participants=rng.randint(20, 2000),
                source=rng.choice(ProkesViolation.Source.values),
                description=MARK,
            )
            chosen = rng.sample(type_names, rng.randint(1, 3))
            for name in chosen:
                setattr(v, name, True)
            if rng.random() < 0.3:
                v.sanction = rng.choice(ProkesViolation.Sanction.values[1:])
            v.set_scope_keys(region)
            batch.append(v)
        ProkesViolation.objects.bulk_create(batch, batch_size=BATCH)
        written += len(batch)
    rollup.rebuild(election)  # bulk_create bypasses the services, which keep the rollup
    return Generated(sum(len(v) for v in pairs.values()), written)


def main_facts() -> dict[str, Any]:
    return {
        "violations": ProkesViolation.objects.count(),
        "contests": Contest.objects.count(),
        "pairs": CandidatePair.objects.count(),
    }
