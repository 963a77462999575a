from datetime import UTC, datetime, timedelta

from waspada.reports.completeness import Expectation, Receipt, cell_status, percent, tally, tally_by

DEADLINE = datetime(2020, 10, 5, 5, 0, tzinfo=UTC)
BEFORE = DEADLINE - timedelta(hours=3)
AFTER = DEADLINE + timedelta(hours=3)


def expect(code, key="2020-W40", deadline=DEADLINE):
    return Expectation(code, key, deadline, code[:2])


def test_nil_late_and_missing_reports_are_counted_apart():
    expectations = [expect("32.01"), expect("32.02"), expect("32.03"), expect("32.04")]
    receipts = [
        Receipt("32.01", "2020-W40", BEFORE),
        Receipt("32.02", "2020-W40", BEFORE, is_nil=True),
        Receipt("32.03", "2020-W40", AFTER),
    ]
    t = tally(expectations, receipts, now=AFTER)
    assert (t.expected, t.received, t.on_time, t.late, t.missing, t.nil) == (4, 3, 2, 1, 1, 1)
    assert t.missing_codes == ["32.04"]
    assert t.late_codes == ["32.03"]
    assert (t.completeness, t.timeliness) == (percent(3, 4), percent(2, 4))
    assert str(t.completeness) == "75.0"


def test_a_report_from_a_region_that_was_not_expected_does_not_raise_the_rate_above_100():
    t = tally([expect("32.01")], [Receipt("32.01", "2020-W40", BEFORE), Receipt("92.01", "2020-W40", BEFORE)])
    assert (t.expected, t.received) == (1, 1)
    assert t.completeness == 100


def test_nothing_expected_gives_no_rate_rather_than_zero():
    assert tally([], []).completeness is None


def test_tallies_group_by_any_key():
    groups = tally_by(
        [expect("32.01"), expect("51.01"), expect("32.01", "2020-W41", DEADLINE + timedelta(days=7))],
        [Receipt("32.01", "2020-W41", BEFORE)],
        key=lambda e: e.period_key,
    )
    assert groups["2020-W40"].missing == 2
    assert groups["2020-W41"].on_time == 1


def test_a_missing_report_is_pending_until_its_deadline_then_missing():
    e = expect("32.01")
    assert cell_status(e, None, BEFORE) == "pending"
    assert cell_status(e, None, AFTER) == "missing"
    assert cell_status(e, Receipt("32.01", "2020-W40", AFTER, is_nil=True), AFTER) == "late"
    assert cell_status(e, Receipt("32.01", "2020-W40", BEFORE, is_nil=True), AFTER) == "nil"


def test_overdue_counts_only_missing_reports_past_their_deadline():
    t = tally([expect("32.01"), expect("32.02", deadline=AFTER + timedelta(days=1))], [], now=AFTER)
    assert (t.missing, t.overdue) == (2, 1)
