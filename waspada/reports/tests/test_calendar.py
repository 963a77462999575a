from datetime import UTC, date, datetime, timedelta

import pytest

from waspada.reports import calendar

NOON = timedelta(hours=12)


def test_a_week_key_reads_as_monday_to_sunday():
    week = calendar.Week.parse("2020-W40")
    assert (week.start, week.end) == (date(2020, 9, 28), date(2020, 10, 4))
    assert week.key == "2020-W40"


@pytest.mark.parametrize("key", ["2020-40", "2020-W54", "2021-W53", "abc", ""])
def test_it_refuses_a_key_that_is_not_an_iso_week(key):
    with pytest.raises(calendar.BadPeriodKey):
        calendar.Week.parse(key)


def test_the_year_with_53_weeks_has_a_week_53():
    assert calendar.Week.parse("2020-W53").end == date(2021, 1, 3)
    assert calendar.Week.parse("2020-W53").shifted(1).key == "2021-W01"


def test_a_wit_deadline_is_two_hours_earlier_in_utc_than_a_wib_deadline():
    week = calendar.Week.parse("2020-W40")
    wib = calendar.deadline(week, "WIB", NOON)
    wita = calendar.deadline(week, "WITA", NOON)
    wit = calendar.deadline(week, "WIT", NOON)
    assert wib == datetime(2020, 10, 5, 5, 0, tzinfo=UTC)  # Monday 12:00 WIB
    assert wib - wit == timedelta(hours=2)
    assert wib - wita == timedelta(hours=1)


def test_the_edit_lock_follows_the_deadline_by_the_lock_length():
    week = calendar.Week.parse("2020-W40")
    assert calendar.edit_lock(week, "WIB", NOON, timedelta(days=7)) == datetime(2020, 10, 12, 5, 0, tzinfo=UTC)


def test_a_week_opens_at_local_midnight_of_its_monday():
    week = calendar.Week.parse("2020-W40")
    assert calendar.opens_at(week, "WIT") == datetime(2020, 9, 27, 15, 0, tzinfo=UTC)


def test_the_latest_closed_week_is_the_one_before_today_in_the_zone():
    # Monday 2020-10-05 01:00 WIB is still Sunday 18:00 UTC: in Jakarta week 40 has ended.
    now = datetime(2020, 10, 4, 18, 0, tzinfo=UTC)
    assert calendar.latest_closed_week(now, "WIB").key == "2020-W40"
    assert calendar.latest_closed_week(now, "WIB").key != calendar.Week.containing(now.date()).shifted(-1).key


def test_weeks_between_includes_both_ends():
    weeks = list(calendar.weeks_between(calendar.Week.parse("2020-W52"), calendar.Week.parse("2021-W02")))
    assert [w.key for w in weeks] == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
