"""Reporting calendar: ISO weeks, deadlines and edit-locks in the region's own zone. Pure: no ORM.

A weekly period is an ISO week, Monday to Sunday. Its deadline is an offset after the end of
the period *in the region's local time* (default: 12 hours after Sunday midnight, that is
Monday 12:00 WIB, WITA or WIT), so the same period closes two hours earlier in UTC in Papua
(WIT, UTC+9) than in Java (WIB, UTC+7).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from waspada.core.timezones import tzinfo_for

_KEY = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{2})$")


class BadPeriodKey(ValueError):
    """A period key that is not an ISO week like ``2020-W40``."""


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week (Monday–Sunday), written ``2020-W40``."""

    year: int
    week: int

    @classmethod
    def parse(cls, key: str) -> Week:
        match = _KEY.match(key.strip())
        if not match:
            raise BadPeriodKey(key)
        year, week = int(match["year"]), int(match["week"])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise BadPeriodKey(key) from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    def shifted(self, weeks: int) -> Week:
        return Week.containing(self.start + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return self.key


def weeks_between(first: Week, last: Week) -> Iterator[Week]:
    """Every week from ``first`` to ``last``, both included."""
    current = first
    while current <= last:
        yield current
        current = current.shifted(1)


def local_midnight_utc(day: date, zone: str) -> datetime:
    """00:00 of ``day`` in the zone, as an aware UTC datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=tzinfo_for(zone)).astimezone(UTC)


def opens_at(week: Week, zone: str) -> datetime:
    """A period opens for writing at the start of its Monday, local time."""
    return local_midnight_utc(week.start, zone)


def deadline(week: Week, zone: str, offset: timedelta) -> datetime:
    """The deadline: ``offset`` after the local midnight that ends the period (UTC)."""
    return local_midnight_utc(week.end + timedelta(days=1), zone) + offset


def edit_lock(week: Week, zone: str, offset: timedelta, lock_after: timedelta) -> datetime:
    """After this moment a report can no longer be written unless a verifikator reopens it."""
    return deadline(week, zone, offset) + lock_after


def latest_closed_week(now: datetime, zone: str = "WIB") -> Week:
    """The most recent week that has ended in the zone: the one offices report on now."""
    local_today = now.astimezone(tzinfo_for(zone)).date()
    return Week.containing(local_today).shifted(-1)
