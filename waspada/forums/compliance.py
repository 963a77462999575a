"""Formation compliance of forums (kepatuhan pembentukan). Pure: no ORM.

Given the decrees (SK) of one forum kind per region and an as-of date, each region is

- ``aktif`` (formed): a decree issued on or before the date is in force on it
  (``valid_from ≤ as_of ≤ valid_until``; no end date = in force until replaced), and the forum
  was not dissolved;
- ``kedaluwarsa`` (expired): it had a decree issued on or before the date, but none is in force
  (ended, or the forum was dissolved);
- ``belum`` (none): no decree issued on or before the date — also when the only decree starts later.

Tallies count regions per province and per level; every expected region is in exactly one column,
so ``aktif + kedaluwarsa + belum = expected``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

ACTIVE = "aktif"
EXPIRED = "kedaluwarsa"
NONE = "belum"
STATUSES = (ACTIVE, EXPIRED, NONE)


@dataclass(frozen=True)
class DecreeFact:
    """What compliance needs from one decree of one region's forum."""

    region_id: int
    decree_date: date
    valid_from: date
    valid_until: date | None
    dissolved: bool = False


@dataclass(frozen=True)
class RegionFact:
    """One region expected to have the forum, with the province it belongs to."""

    region_id: int
    province_id: int


def in_force(decree: DecreeFact, as_of: date) -> bool:
    if decree.dissolved or decree.decree_date > as_of or decree.valid_from > as_of:
        return False
    return decree.valid_until is None or as_of <= decree.valid_until


def status_of(decrees: Iterable[DecreeFact], as_of: date) -> str:
    """The status of one region from its decrees (any order)."""
    seen = False
    for decree in decrees:
        if decree.decree_date > as_of:
            continue  # not yet issued on that day
        if in_force(decree, as_of):
            return ACTIVE
        if decree.dissolved or decree.valid_from <= as_of:
            seen = True  # ended, or the forum was dissolved
    return EXPIRED if seen else NONE


def statuses(regions: Iterable[int], decrees: Iterable[DecreeFact], as_of: date) -> dict[int, str]:
    """The status of every region in ``regions`` (decrees of other regions are ignored)."""
    by_region: dict[int, list[DecreeFact]] = {}
    for decree in decrees:
        by_region.setdefault(decree.region_id, []).append(decree)
    return {rid: status_of(by_region.get(rid, ()), as_of) for rid in regions}


def days_left(valid_until: date | None, as_of: date) -> int | None:
    """Days until the decree ends (0 on its last day); None when it has no end."""
    return None if valid_until is None else (valid_until - as_of).days


def nearing_expiry(valid_until: date | None, as_of: date, within_days: int = 30) -> bool:
    """True when the decree is still in force and ends within ``within_days`` days."""
    left = days_left(valid_until, as_of)
    return left is not None and 0 <= left <= within_days


@dataclass
class Tally:
    """Counts of one group (a province, or the whole level)."""

    key: int | None
    active: int = 0
    expired: int = 0
    none: int = 0

    @property
    def expected(self) -> int:
        return self.active + self.expired + self.none

    @property
    def active_percent(self) -> float:
        return round(100 * self.active / self.expected, 1) if self.expected else 0.0

    def add(self, status: str) -> None:
        if status == ACTIVE:
            self.active += 1
        elif status == EXPIRED:
            self.expired += 1
        else:
            self.none += 1


@dataclass
class Summary:
    total: Tally
    by_province: dict[int, Tally] = field(default_factory=dict)


def summarise(regions: Iterable[RegionFact], status_by_region: Mapping[int, str]) -> Summary:
    """National and per-province tallies; a region missing from ``status_by_region`` counts as none."""
    total = Tally(None)
    by_province: dict[int, Tally] = {}
    for region in regions:
        status = status_by_region.get(region.region_id, NONE)
        total.add(status)
        by_province.setdefault(region.province_id, Tally(region.province_id)).add(status)
    return Summary(total=total, by_province=by_province)
