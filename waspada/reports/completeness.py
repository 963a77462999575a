"""Completeness and timeliness of reporting (DHIS2/IDSR reporting rates). Pure: no ORM.

- *expected*: regions of a reporting level that existed in the period;
- *received*: expected regions whose report for the period was submitted at least once
  (a nil report counts; a report returned for correction stays received — a return asks
  for a fix, it does not undo the receipt);
- *on time*: received with the **first** submission at or before the region's deadline (the
  deadline stored with the report — the rule in force when it was opened — else the current one);
  *late*: received after it; *missing*: expected and not received; *nil*: received as a
  nil report.

Reports from regions that were not expected are ignored, so no rate can exceed 100 %.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Expectation:
    """One region expected to report for one period, with its deadline (UTC)."""

    region_code: str
    period_key: str
    deadline: datetime
    province_code: str = ""


@dataclass(frozen=True)
class Receipt:
    """The first submission of a region's report for a period."""

    region_code: str
    period_key: str
    first_submitted_at: datetime
    is_nil: bool = False
    deadline: datetime | None = None  # stored with the report; None: the expectation's

    def deadline_or(self, expectation: Expectation) -> datetime:
        return self.deadline or expectation.deadline


@dataclass
class Tally:
    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    nil: int = 0
    missing_codes: list[str] = field(default_factory=list)
    late_codes: list[str] = field(default_factory=list)
    overdue: int = 0  # missing and past the deadline at ``now``

    @property
    def completeness(self) -> Decimal | None:
        return percent(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return percent(self.on_time, self.expected)

    def as_dict(self) -> dict[str, object]:
        return {
            "expected": self.expected,
            "received": self.received,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "nil": self.nil,
            "completeness": None if self.completeness is None else str(self.completeness),
            "timeliness": None if self.timeliness is None else str(self.timeliness),
            "missing_codes": self.missing_codes,
            "late_codes": self.late_codes,
        }


def percent(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, or None when nothing was expected."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _add(tally: Tally, expectation: Expectation, receipt: Receipt | None, now: datetime | None) -> None:
    tally.expected += 1
    if receipt is None:
        tally.missing += 1
        tally.missing_codes.append(expectation.region_code)
        if now is not None and now > expectation.deadline:
            tally.overdue += 1
        return
    tally.received += 1
    if receipt.is_nil:
        tally.nil += 1
    if receipt.first_submitted_at <= receipt.deadline_or(expectation):
        tally.on_time += 1
    else:
        tally.late += 1
        tally.late_codes.append(expectation.region_code)


def tally(
    expectations: Iterable[Expectation],
    receipts: Iterable[Receipt],
    now: datetime | None = None,
) -> Tally:
    """One total over every expectation."""
    return tally_by(expectations, receipts, lambda e: None, now).get(None, Tally())


def tally_by(
    expectations: Iterable[Expectation],
    receipts: Iterable[Receipt],
    key: Callable[[Expectation], Hashable],
    now: datetime | None = None,
) -> dict[Hashable, Tally]:
    """Tallies grouped by ``key(expectation)`` (province, period, region, …)."""
    index: Mapping[tuple[str, str], Receipt] = {(r.region_code, r.period_key): r for r in receipts}
    groups: dict[Hashable, Tally] = {}
    for expectation in expectations:
        group = groups.setdefault(key(expectation), Tally())
        _add(group, expectation, index.get((expectation.region_code, expectation.period_key)), now)
    for group in groups.values():
        group.missing_codes.sort()
        group.late_codes.sort()
    return groups


def cell_status(expectation: Expectation, receipt: Receipt | None, now: datetime) -> str:
    """The status of one region in one period, for heat tables and maps:
    ``on_time``, ``late``, ``nil``, ``missing`` (past the deadline) or ``pending`` (not yet due)."""
    if receipt is None:
        return "missing" if now > expectation.deadline else "pending"
    if receipt.first_submitted_at > receipt.deadline_or(expectation):
        return "late"
    return "nil" if receipt.is_nil else "on_time"
