"""Tahapan and the 10-day campaign periods: pure date arithmetic, no ORM.

Stages come in as ``Stage`` values (services and selectors build them from ``ElectionStage`` rows)
so the rules here are testable on their own and shared by forms, recaps and the API.

Stages overlap (the candidacy disputes run through the whole campaign, counting starts on voting
day). The stage *of* a date is chosen by one rule, ``stage_on``:

1. a campaign stage (``is_campaign``) covering the date wins — the health-protocol rules and the
   Bawaslu recap are about the campaign, so a violation on 1 Oct 2020 is a campaign violation,
   not a "candidacy disputes" one;
2. otherwise the shortest covering stage (the most specific: registration 4–6 Sep rather than the
   candidacy checks 4–22 Sep, voting day rather than counting 9–26 Dec);
3. ties go to the lower ``order``, then the earlier start, then the code.

``stages_on`` returns every covering stage in that same order, so callers can show all of them.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

CAMPAIGN_PERIOD_DAYS = 10
VOTING_STAGE_CODE = "pemungutan-suara"


@dataclass(frozen=True)
class Stage:
    """Tahapan as plain data: code, name, first and last day (inclusive), order, campaign flag."""

    code: str
    name: str
    starts_on: date
    ends_on: date
    order: int = 0
    is_campaign: bool = False

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def _rank(stage: Stage) -> tuple[int, int, int, date, str]:
    return (0 if stage.is_campaign else 1, stage.days, stage.order, stage.starts_on, stage.code)


def stages_on(stages: Iterable[Stage], day: date) -> list[Stage]:
    """Every stage covering ``day``, the one ``stage_on`` picks first."""
    return sorted((s for s in stages if s.covers(day)), key=_rank)


def stage_on(stages: Iterable[Stage], day: date) -> Stage | None:
    """The stage of ``day`` by the rule in the module docstring; None outside every stage."""
    matching = stages_on(stages, day)
    return matching[0] if matching else None


def calendar_bounds(stages: Iterable[Stage]) -> tuple[date, date] | None:
    """First and last day of the whole calendar (None when it has no stages)."""
    items = list(stages)
    if not items:
        return None
    return min(s.starts_on for s in items), max(s.ends_on for s in items)


def campaign_stage(stages: Iterable[Stage]) -> Stage | None:
    """The main campaign stage: the longest stage marked ``is_campaign``."""
    campaigns = [s for s in stages if s.is_campaign]
    if not campaigns:
        return None
    return max(campaigns, key=lambda s: (s.days, -s.order))


# --- 10-day campaign periods -------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignPeriod:
    """Periode 10 harian: one of the 10-day steps of the campaign Bawaslu recaps by.

    ``partial`` marks the last period when the campaign does not end on a 10-day boundary
    (2020: the campaign ended on 5 Dec, so period 8 is the single day 5 Dec).
    """

    number: int
    starts_on: date
    ends_on: date
    partial: bool = False

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def campaign_periods(starts_on: date, ends_on: date, length: int = CAMPAIGN_PERIOD_DAYS) -> list[CampaignPeriod]:
    """From the campaign start in ``length``-day steps to the campaign end (the last one cut short).

    2020 (26 Sep – 5 Dec): 26 Sep–5 Oct, 6–15 Oct, 16–25 Oct, 26 Oct–4 Nov, 5–14 Nov, 15–24 Nov,
    25 Nov–4 Dec, and 5 Dec alone.
    """
    if ends_on < starts_on:
        raise ValueError("campaign ends before it starts")
    if length < 1:
        raise ValueError("period length must be at least one day")
    periods: list[CampaignPeriod] = []
    first = starts_on
    number = 1
    while first <= ends_on:
        last = first + timedelta(days=length - 1)
        partial = last > ends_on
        periods.append(CampaignPeriod(number, first, min(last, ends_on), partial))
        first = last + timedelta(days=1)
        number += 1
    return periods


def period_of(periods: Sequence[CampaignPeriod], day: date) -> CampaignPeriod | None:
    """The 10-day period ``day`` falls in (None outside the campaign)."""
    if not periods or day < periods[0].starts_on or day > periods[-1].ends_on:
        return None
    length = periods[0].days
    index = (day - periods[0].starts_on).days // length
    return periods[min(index, len(periods) - 1)]


def period_number(campaign_start: date, day: date, length: int = CAMPAIGN_PERIOD_DAYS) -> int:
    """1-based period number of ``day`` counted from ``campaign_start`` (no upper bound check)."""
    return (day - campaign_start).days // length + 1


# --- moving the voting date --------------------------------------------------------------------


@dataclass(frozen=True)
class StageShift:
    """What moving the voting date does to one stage."""

    code: str
    old_starts_on: date
    old_ends_on: date
    new_starts_on: date
    new_ends_on: date

    @property
    def changed(self) -> bool:
        return (self.old_starts_on, self.old_ends_on) != (self.new_starts_on, self.new_ends_on)


def shift_stages(
    stages: Iterable[Stage], old_voting: date, new_voting: date, *, from_day: date | None = None
) -> list[StageShift]:
    """Every stage moved by the days between the old and the new voting date.

    ``from_day`` models a postponement decided mid-calendar (Perppu 2/2020): stages that ended
    before it stay where they were (they happened), stages under way on it keep their start and
    have their end moved, later stages move entirely. Without ``from_day`` the whole calendar moves.
    """
    delta = new_voting - old_voting
    shifts: list[StageShift] = []
    for s in stages:
        if from_day is not None and s.ends_on < from_day:
            start, end = s.starts_on, s.ends_on
        elif from_day is not None and s.starts_on < from_day:
            start, end = s.starts_on, max(s.starts_on, s.ends_on + delta)
        else:
            start, end = s.starts_on + delta, s.ends_on + delta
        shifts.append(StageShift(s.code, s.starts_on, s.ends_on, start, end))
    return shifts


def apply_shifts(stages: Iterable[Stage], shifts: Iterable[StageShift]) -> list[Stage]:
    by_code = {sh.code: sh for sh in shifts}
    out = []
    for s in stages:
        sh = by_code.get(s.code)
        out.append(replace(s, starts_on=sh.new_starts_on, ends_on=sh.new_ends_on) if sh else s)
    return out


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, the day clamped to the month's end (31 Mar − 1 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
