"""Which report reminders are due, in each region's own zone. Pure: no ORM.

Two kinds, once each per (period, region):

- ``due_soon`` ("segera"): the region has not submitted and its *own local* deadline is within
  the reminder window (``reminder_hours_before``) — ``deadline - window <= now < deadline``;
- ``overdue`` ("terlambat"): the deadline has passed without a submission. Only the latest
  period whose deadline has passed in the region's zone is considered, so an office is told
  about the week it should be reporting on, not about every hole in its history.

Because deadlines are local (Monday 12:00 WIB / WITA / WIT by default), the same period reaches
a Papuan office (WIT, UTC+9) two hours earlier in UTC than a Javanese one (WIB, UTC+7); the
commands run hourly and this module decides, region by region, whether it is time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from waspada.core.timezones import ZONES, tzinfo_for
from waspada.reports import calendar

DUE_SOON = "due_soon"
OVERDUE = "overdue"
KINDS = (DUE_SOON, OVERDUE)


class RemindableRegion(Protocol):
    """What a reminder needs of a region (``selectors.ReportingRegion`` fits)."""

    @property
    def code(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def province_code(self) -> str: ...

    def exists_in(self, week: calendar.Week) -> bool: ...


@dataclass(frozen=True)
class Reminder:
    """One reminder to send: ``kind`` for ``region`` about ``week``, whose deadline is ``deadline`` (UTC)."""

    kind: str
    region_code: str
    region_level: str
    province_code: str
    zone: str
    week: calendar.Week
    deadline: datetime

    @property
    def period_key(self) -> str:
        return self.week.key

    @property
    def dedupe_key(self) -> str:
        """Stable across runs: the same reminder is never stored or mailed twice."""
        return f"report.{self.kind}:{self.week.key}:{self.region_code}"


def candidate_weeks(now: datetime, offset: timedelta, window: timedelta) -> list[calendar.Week]:
    """Every week whose reminder window or deadline could matter at ``now`` in some zone,
    newest first: from the week containing ``now`` in the easternmost zone back past the
    latest deadline that has passed in the westernmost zone."""
    # A week's deadline lies ``offset`` after its end; the window opens ``window`` before that.
    earliest_local = now.astimezone(UTC) + timedelta(hours=9)  # WIT, the first to start a week
    newest = calendar.Week.containing(earliest_local.date())
    # Far enough back that the last deadline already passed everywhere is included.
    span_days = (offset + max(window, timedelta(0))).days + 14
    oldest = calendar.Week.containing((earliest_local - timedelta(days=span_days)).date())
    return list(reversed(list(calendar.weeks_between(oldest, newest))))


def _latest_passed(weeks: Sequence[calendar.Week], zone: str, offset: timedelta, now: datetime) -> calendar.Week | None:
    passed = [w for w in weeks if calendar.deadline(w, zone, offset) <= now]
    return max(passed) if passed else None


def reminders_due(
    *,
    regions: Iterable[RemindableRegion],
    weeks: Sequence[calendar.Week],
    offset: timedelta,
    window: timedelta,
    received: Collection[tuple[str, str]],
    now: datetime,
    kinds: Collection[str] = KINDS,
) -> list[Reminder]:
    """The reminders due at ``now``.

    ``weeks`` are the periods that are open (a week nobody could report for reminds nobody);
    ``received`` holds ``(region code, period key)`` of reports submitted at least once (a nil
    report counts; a draft does not). Regions that did not exist in a week are not expected in it.
    Sorted by kind, week, region code.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    latest_passed = {zone: _latest_passed(weeks, zone, offset, now) for zone in ZONES}
    deadlines: dict[tuple[calendar.Week, str], datetime] = {}
    out: list[Reminder] = []
    for region in regions:
        zone = region.timezone
        for week in weeks:
            if (region.code, week.key) in received or not region.exists_in(week):
                continue
            key = (week, zone)
            if key not in deadlines:
                deadlines[key] = calendar.deadline(week, zone, offset)
            due = deadlines[key]
            if DUE_SOON in kinds and due - window <= now < due:
                kind = DUE_SOON
            elif OVERDUE in kinds and now >= due and week == latest_passed.get(zone):
                kind = OVERDUE
            else:
                continue
            out.append(Reminder(kind, region.code, region.level, region.province_code, zone, week, due))
    out.sort(key=lambda r: (r.kind, r.week, r.region_code))
    return out


def overdue_by_province(
    reminders: Iterable[Reminder], levels: Collection[str]
) -> dict[tuple[str, str], list[Reminder]]:
    """Overdue reminders of the given region levels (kabupaten/kota) grouped by
    ``(province code, period key)``: what each province's verifikators get one summary of."""
    groups: dict[tuple[str, str], list[Reminder]] = {}
    for reminder in reminders:
        if reminder.kind == OVERDUE and reminder.region_level in levels:
            groups.setdefault((reminder.province_code, reminder.period_key), []).append(reminder)
    return groups


class BadMoment(ValueError):
    """A ``--now`` value that is not an ISO 8601 date-time."""


def parse_moment(text: str, default_zone: str = "WIB") -> datetime:
    """``2020-10-05T11:00+07:00``, ``2020-10-05T04:00Z`` or (no zone given) local time in
    ``default_zone``: the ``--now`` option of the report commands, as an aware UTC datetime."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadMoment(text) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tzinfo_for(default_zone))
    return value.astimezone(UTC)
