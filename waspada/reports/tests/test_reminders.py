"""Which reminders are due, region by region in its own zone (pure: no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from waspada.reports import calendar, reminders
from waspada.reports.reminders import DUE_SOON, OVERDUE

NOON = timedelta(hours=12)
DAY = timedelta(hours=24)
W40 = calendar.Week.parse("2020-W40")  # 28 Sep – 4 Oct 2020; deadline Monday 5 Oct 12:00 local
W39 = W40.shifted(-1)


@dataclass(frozen=True)
class Place:
    code: str
    timezone: str
    level: str = "kota"
    valid_from: date | None = None

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def exists_in(self, week: calendar.Week) -> bool:
        return self.valid_from is None or week.start >= self.valid_from


BANDUNG = Place("32.73", "WIB")
DENPASAR = Place("51.71", "WITA")
JAYAPURA = Place("91.71", "WIT")
PAPUA_TENGAH_KAB = Place("94.01", "WIT", "kabupaten", valid_from=date(2022, 7, 25))
EVERYONE = [BANDUNG, DENPASAR, JAYAPURA, PAPUA_TENGAH_KAB]


def due(now: datetime, *, weeks=(W40,), received=(), regions=EVERYONE, kinds=reminders.KINDS):
    return reminders.reminders_due(
        regions=regions, weeks=list(weeks), offset=NOON, window=DAY, received=set(received), now=now, kinds=kinds
    )


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2020, 10, day, hour, minute, tzinfo=UTC)


def first_moment(region: Place, kind: str) -> datetime:
    """The first whole minute (UTC) at which ``region`` gets ``kind`` for W40."""
    moment = at(3, 0)
    while moment < at(7, 0):
        if any(r.region_code == region.code and r.kind == kind for r in due(moment, regions=[region])):
            return moment
        moment += timedelta(minutes=1)
    raise AssertionError("never due")


def test_a_wit_region_is_reminded_two_hours_earlier_in_utc_than_a_wib_region():
    wib = first_moment(BANDUNG, DUE_SOON)
    wit = first_moment(JAYAPURA, DUE_SOON)
    assert wib == at(4, 5)  # Sunday 12:00 WIB: 24 h before Monday 12:00 WIB
    assert wib - wit == timedelta(hours=2)
    assert wib - first_moment(DENPASAR, DUE_SOON) == timedelta(hours=1)


def test_a_wit_region_is_overdue_two_hours_earlier_in_utc_than_a_wib_region():
    assert first_moment(BANDUNG, OVERDUE) == at(5, 5)  # Monday 12:00 WIB
    assert first_moment(BANDUNG, OVERDUE) - first_moment(JAYAPURA, OVERDUE) == timedelta(hours=2)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(4, 2, 59), []),  # before every window
        (at(4, 3, 30), [("due_soon", "91.71")]),  # Sunday 12:30 WIT; 11:30 WITA; 10:30 WIB
        (at(4, 4, 30), [("due_soon", "51.71"), ("due_soon", "91.71")]),
        (at(5, 3, 0), [("due_soon", "32.73"), ("due_soon", "51.71"), ("overdue", "91.71")]),  # 12:00 WIT sharp
        (at(5, 4, 59), [("due_soon", "32.73"), ("overdue", "51.71"), ("overdue", "91.71")]),
        (at(5, 5, 0), [("overdue", "32.73"), ("overdue", "51.71"), ("overdue", "91.71")]),
    ],
)
def test_at_a_given_moment_exactly_the_right_regions_are_due(now, expected):
    assert [(r.kind, r.region_code) for r in due(now)] == expected


def test_regions_that_reported_including_nil_are_not_reminded():
    # ``received`` holds every region whose report was submitted at least once, nil or not.
    assert due(at(5, 6), received={("32.73", "2020-W40"), ("91.71", "2020-W40")}) == [
        r for r in due(at(5, 6)) if r.region_code == "51.71"
    ]


def test_a_region_that_did_not_exist_yet_is_not_reminded():
    assert all(r.region_code != "94.01" for r in due(at(5, 6)))
    w40_2022 = calendar.Week.parse("2022-W40")
    later = calendar.deadline(w40_2022, "WIT", NOON) + timedelta(hours=1)
    assert [r.region_code for r in due(later, weeks=[w40_2022], regions=[PAPUA_TENGAH_KAB])] == ["94.01"]


def test_only_the_latest_period_past_its_deadline_is_overdue():
    # Two open weeks, neither reported: after W40's deadline only W40 is overdue, not W39 too.
    overdue = due(at(5, 6), weeks=[W39, W40], regions=[BANDUNG])
    assert [(r.kind, r.period_key) for r in overdue] == [("overdue", "2020-W40")]
    # Before W40's deadline, W39 is the one overdue and W40 is due soon.
    both = due(at(4, 6), weeks=[W39, W40], regions=[BANDUNG])
    assert [(r.kind, r.period_key) for r in both] == [("due_soon", "2020-W40"), ("overdue", "2020-W39")]


def test_kinds_can_be_asked_for_one_at_a_time():
    assert {r.kind for r in due(at(5, 4, 59), kinds=[DUE_SOON])} == {DUE_SOON}
    assert {r.kind for r in due(at(5, 4, 59), kinds=[OVERDUE])} == {OVERDUE}


def test_the_dedupe_key_names_the_kind_the_period_and_the_region():
    (reminder,) = due(at(4, 3, 30))
    assert reminder.dedupe_key == "report.due_soon:2020-W40:91.71"
    assert reminder.deadline == datetime(2020, 10, 5, 3, 0, tzinfo=UTC)


def test_overdue_kabkota_are_grouped_by_province_and_period():
    regions = [BANDUNG, Place("32.04", "WIB", "kabupaten"), Place("32", "WIB", "provinsi"), JAYAPURA]
    groups = reminders.overdue_by_province(due(at(5, 6), regions=regions), ("kabupaten", "kota"))
    assert {k: [r.region_code for r in v] for k, v in groups.items()} == {
        ("32", "2020-W40"): ["32.04", "32.73"],
        ("91", "2020-W40"): ["91.71"],
    }


def test_candidate_weeks_cover_the_week_due_and_the_week_already_begun_in_papua():
    # Sunday 4 Oct 16:00 UTC is already Monday 5 Oct 01:00 WIT: week 41 has begun there.
    weeks = [w.key for w in reminders.candidate_weeks(at(4, 16), NOON, DAY)]
    assert weeks[0] == "2020-W41"
    assert "2020-W40" in weeks and "2020-W39" in weeks


def test_it_refuses_a_naive_now():
    with pytest.raises(ValueError, match="aware"):
        due(datetime(2020, 10, 5, 6, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-10-05T11:00+07:00", datetime(2020, 10, 5, 4, 0, tzinfo=UTC)),
        ("2020-10-05T04:00Z", datetime(2020, 10, 5, 4, 0, tzinfo=UTC)),
        ("2020-10-05T11:00", datetime(2020, 10, 5, 4, 0, tzinfo=UTC)),  # no zone: WIB
    ],
)
def test_now_is_read_as_iso_8601_with_wib_when_no_zone_is_given(text, expected):
    assert reminders.parse_moment(text) == expected


def test_an_unreadable_now_is_refused():
    with pytest.raises(reminders.BadMoment):
        reminders.parse_moment("kemarin sore")
