"""Four-monthly RAD Terpadu periods, their deadlines and completeness. Pure: no ORM.

A year has three periods: **B-04** (January–April), **B-08** (May–August) and **B-12**
(September–December), written ``2026-B04``. A period ends at the local midnight after its last
day; its progress report may be written from then on (not before: the period must have ended).

**Deadline rule**: the report is due by the end of the **10th day after the period ends**, in
the region's own zone (WIB, WITA, WIT) — that is, a first submission at or before 00:00 local
time of the 11th day counts as on time. B-04 2026 of a WIB region: the period ends at
2026-05-01 00:00 WIB; the deadline is 2026-05-11 00:00 WIB (2026-05-10 17:00 UTC).

Completeness is the weekly reports' (``waspada.reports.completeness``): *expected* regions,
*received* (first submission, whatever happened later), *on time* / *late* against the deadline
stored with the report, *missing*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from waspada.core.timezones import tzinfo_for
from waspada.reports.completeness import Expectation, Receipt, Tally, cell_status, tally, tally_by

__all__ = [
    "CODES",
    "DEADLINE_DAYS",
    "BadPeriodKey",
    "Expectation",
    "Period",
    "Receipt",
    "Tally",
    "classify",
    "deadline",
    "ends_at",
    "expectation",
    "has_ended",
    "latest_ended",
    "period_of",
    "tally",
    "tally_by",
]

CODES = ("B04", "B08", "B12")
DEADLINE_DAYS = 10
MIN_YEAR, MAX_YEAR = 2000, 2100  # the years a RAD may have
_KEY = re.compile(r"^(?P<year>\d{4})-B-?(?P<month>04|08|12)$")


class BadPeriodKey(ValueError):
    """A period key that is not like ``2026-B04``."""


@dataclass(frozen=True, order=True)
class Period:
    """One four-monthly period of one year."""

    year: int
    code: str  # "B04", "B08" or "B12"

    def __post_init__(self) -> None:
        if self.code not in CODES or not MIN_YEAR <= self.year <= MAX_YEAR:
            raise BadPeriodKey(f"{self.year}-{self.code}")

    @classmethod
    def parse(cls, key: str) -> Period:
        match = _KEY.match(key.strip().upper())
        if not match:
            raise BadPeriodKey(key)
        return cls(int(match["year"]), f"B{match['month']}")

    @property
    def key(self) -> str:
        return f"{self.year}-{self.code}"

    @property
    def label(self) -> str:
        """As offices write it: ``B-04 2026``."""
        return f"B-{self.code[1:]} {self.year}"

    @property
    def last_month(self) -> int:
        return int(self.code[1:])

    @property
    def start(self) -> date:
        return date(self.year, self.last_month - 3, 1)

    @property
    def end(self) -> date:
        if self.last_month == 12:
            return date(self.year, 12, 31)
        return date(self.year, self.last_month + 1, 1) - timedelta(days=1)

    def next(self) -> Period:
        index = CODES.index(self.code)
        if index == 2:
            return Period(self.year + 1, CODES[0])
        return Period(self.year, CODES[index + 1])

    def previous(self) -> Period:
        index = CODES.index(self.code)
        if index == 0:
            return Period(self.year - 1, CODES[2])
        return Period(self.year, CODES[index - 1])

    def __str__(self) -> str:
        return self.key


def year_periods(year: int) -> list[Period]:
    return [Period(year, code) for code in CODES]


def period_of(day: date) -> Period:
    """The period a day falls in."""
    return Period(day.year, CODES[(day.month - 1) // 4])


def _local_midnight_utc(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tzinfo_for(zone)).astimezone(UTC)


def ends_at(period: Period, zone: str) -> datetime:
    """The moment (UTC) the period ends in the zone: local midnight after its last day."""
    return _local_midnight_utc(period.end + timedelta(days=1), zone)


def deadline(period: Period, zone: str, days: int = DEADLINE_DAYS) -> datetime:
    """The report's deadline (UTC): the end of the ``days``-th local day after the period ends."""
    return _local_midnight_utc(period.end + timedelta(days=days + 1), zone)


def has_ended(period: Period, zone: str, now: datetime) -> bool:
    return now >= ends_at(period, zone)


def latest_ended(now: datetime, zone: str = "WIB") -> Period:
    """The most recent period that has ended in the zone: the one offices report on now."""
    local_today = now.astimezone(tzinfo_for(zone)).date()
    return period_of(local_today).previous()


def expectation(region_code: str, period: Period, zone: str, province_code: str = "") -> Expectation:
    """One region expected to report on one period, with its deadline."""
    return Expectation(region_code, period.key, deadline(period, zone), province_code)


def classify(expected: Expectation, receipt: Receipt | None, now: datetime) -> str:
    """``on_time``, ``late``, ``missing`` (past the deadline) or ``pending`` (not yet due)."""
    return cell_status(expected, receipt, now)
