"""The four-monthly periods, deadlines and completeness: pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from waspada.actionplans import periods
from waspada.actionplans.periods import Period, Receipt


def test_it_puts_each_month_in_its_period() -> None:
    assert periods.period_of(date(2026, 1, 1)) == Period(2026, "B04")
    assert periods.period_of(date(2026, 4, 30)) == Period(2026, "B04")
    assert periods.period_of(date(2026, 5, 1)) == Period(2026, "B08")
    assert periods.period_of(date(2026, 8, 31)) == Period(2026, "B08")
    assert periods.period_of(date(2026, 9, 1)) == Period(2026, "B12")
    assert periods.period_of(date(2026, 12, 31)) == Period(2026, "B12")


def test_it_gives_exact_bounds() -> None:
    assert (Period(2024, "B04").start, Period(2024, "B04").end) == (date(2024, 1, 1), date(2024, 4, 30))
    assert (Period(2024, "B08").start, Period(2024, "B08").end) == (date(2024, 5, 1), date(2024, 8, 31))
    assert (Period(2024, "B12").start, Period(2024, "B12").end) == (date(2024, 9, 1), date(2024, 12, 31))


def test_it_parses_and_writes_keys() -> None:
    assert Period.parse("2026-B08") == Period(2026, "B08")
    assert Period.parse("2026-b-12") == Period(2026, "B12")
    assert Period(2026, "B04").key == "2026-B04"
    assert Period(2026, "B04").label == "B-04 2026"
    for bad in ("2026-B05", "2026-W10", "B04", "", "0000-B04", "2101-B12"):
        with pytest.raises(periods.BadPeriodKey):
            Period.parse(bad)


def test_it_steps_across_years() -> None:
    assert Period(2026, "B12").next() == Period(2027, "B04")
    assert Period(2026, "B04").previous() == Period(2025, "B12")


def test_it_sets_the_deadline_ten_days_after_the_end_in_the_regions_zone() -> None:
    # B-04 2026 ends at 1 May 00:00 local; due by the end of 10 May local time.
    assert periods.deadline(Period(2026, "B04"), "WIB") == datetime(2026, 5, 10, 17, 0, tzinfo=UTC)
    assert periods.deadline(Period(2026, "B04"), "WITA") == datetime(2026, 5, 10, 16, 0, tzinfo=UTC)
    assert periods.deadline(Period(2026, "B04"), "WIT") == datetime(2026, 5, 10, 15, 0, tzinfo=UTC)
    assert periods.deadline(Period(2026, "B12"), "WIB") == datetime(2027, 1, 10, 17, 0, tzinfo=UTC)


def test_it_knows_when_a_period_has_ended() -> None:
    b04 = Period(2026, "B04")
    assert not periods.has_ended(b04, "WIB", datetime(2026, 4, 30, 16, 59, tzinfo=UTC))
    assert periods.has_ended(b04, "WIB", datetime(2026, 4, 30, 17, 0, tzinfo=UTC))
    # In Papua (WIT) the period is over two hours earlier in UTC.
    assert periods.has_ended(b04, "WIT", datetime(2026, 4, 30, 15, 0, tzinfo=UTC))
    assert periods.latest_ended(datetime(2026, 6, 1, tzinfo=UTC)) == b04
    assert periods.latest_ended(datetime(2026, 2, 1, tzinfo=UTC)) == Period(2025, "B12")


def test_it_classifies_on_time_late_missing_and_pending() -> None:
    b08 = Period(2026, "B08")
    due = periods.deadline(b08, "WIB")  # 2026-09-10 17:00 UTC
    exp = periods.expectation("32.73", b08, "WIB", "32")
    on_time = Receipt("32.73", b08.key, due, deadline=due)
    late = Receipt("32.73", b08.key, datetime(2026, 9, 10, 17, 1, tzinfo=UTC), deadline=due)
    after = datetime(2026, 10, 1, tzinfo=UTC)
    assert periods.classify(exp, on_time, after) == "on_time"
    assert periods.classify(exp, late, after) == "late"
    assert periods.classify(exp, None, after) == "missing"
    assert periods.classify(exp, None, datetime(2026, 9, 5, tzinfo=UTC)) == "pending"


def test_completeness_counts_are_exact_per_period_and_province() -> None:
    now = datetime(2027, 2, 1, tzinfo=UTC)
    regions = [("32.73", "32", "WIB"), ("32.04", "32", "WIB"), ("51.71", "51", "WITA"), ("94.71", "94", "WIT")]
    expectations = [
        periods.expectation(code, p, zone, prov) for p in periods.year_periods(2026) for code, prov, zone in regions
    ]
    b04, b08, b12 = periods.year_periods(2026)
    receipts = [
        Receipt("32.73", b04.key, datetime(2026, 5, 2, tzinfo=UTC)),  # on time
        Receipt("32.04", b04.key, datetime(2026, 5, 10, 17, 30, tzinfo=UTC)),  # late (WIB deadline 17:00)
        Receipt("51.71", b04.key, datetime(2026, 5, 10, 15, 59, tzinfo=UTC)),  # on time (WITA 16:00)
        Receipt("94.71", b04.key, datetime(2026, 5, 10, 15, 1, tzinfo=UTC)),  # late (WIT 15:00)
        Receipt("32.73", b08.key, datetime(2026, 9, 1, tzinfo=UTC)),
        Receipt("99.99", b08.key, datetime(2026, 9, 1, tzinfo=UTC)),  # not expected: ignored
    ]
    by_period = periods.tally_by(expectations, receipts, lambda e: e.period_key, now)
    assert (by_period[b04.key].expected, by_period[b04.key].received) == (4, 4)
    assert (by_period[b04.key].on_time, by_period[b04.key].late, by_period[b04.key].missing) == (2, 2, 0)
    assert by_period[b04.key].late_codes == ["32.04", "94.71"]
    assert (by_period[b08.key].received, by_period[b08.key].missing) == (1, 3)
    assert by_period[b12.key].missing_codes == ["32.04", "32.73", "51.71", "94.71"]
    assert str(by_period[b04.key].timeliness) == "50.0"
    only_b04 = [e for e in expectations if e.period_key == b04.key]
    by_province = periods.tally_by(only_b04, receipts, lambda e: e.province_code, now)
    assert (by_province["32"].on_time, by_province["32"].late) == (1, 1)
    assert str(by_province["32"].completeness) == "100.0"
    assert by_province["94"].late == 1
