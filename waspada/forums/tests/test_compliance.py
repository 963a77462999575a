"""Formation compliance on crafted cases, without the database."""

from datetime import date

from waspada.forums import compliance as c
from waspada.forums.compliance import DecreeFact, RegionFact

AS_OF = date(2020, 7, 1)


def decree(region, issued, start, end, dissolved=False):
    return DecreeFact(region, issued, start, end, dissolved)


def test_a_decree_in_force_on_the_day_makes_the_region_active():
    assert c.status_of([decree(1, date(2019, 1, 1), date(2019, 1, 1), date(2021, 12, 31))], AS_OF) == c.ACTIVE


def test_the_first_and_last_day_of_validity_count_as_active():
    assert c.status_of([decree(1, AS_OF, AS_OF, date(2021, 1, 1))], AS_OF) == c.ACTIVE
    assert c.status_of([decree(1, date(2018, 1, 1), date(2018, 1, 1), AS_OF)], AS_OF) == c.ACTIVE


def test_a_decree_without_an_end_stays_in_force():
    assert c.status_of([decree(1, date(2010, 1, 1), date(2010, 1, 1), None)], AS_OF) == c.ACTIVE


def test_a_decree_that_ended_the_day_before_is_expired():
    assert c.status_of([decree(1, date(2017, 1, 1), date(2017, 1, 1), date(2020, 6, 30))], AS_OF) == c.EXPIRED


def test_an_expired_decree_followed_by_a_renewal_is_active():
    decrees = [
        decree(1, date(2015, 1, 1), date(2015, 1, 1), date(2019, 12, 31)),
        decree(1, date(2020, 3, 1), date(2020, 3, 1), date(2023, 3, 1)),
    ]
    assert c.status_of(decrees, AS_OF) == c.ACTIVE


def test_a_decree_issued_after_the_date_is_ignored():
    assert c.status_of([decree(1, date(2020, 8, 1), date(2020, 1, 1), None)], AS_OF) == c.NONE


def test_a_decree_that_starts_later_leaves_the_region_without_a_forum():
    assert c.status_of([decree(1, date(2020, 6, 1), date(2020, 9, 1), None)], AS_OF) == c.NONE


def test_a_dissolved_forum_counts_as_expired_even_with_a_valid_decree():
    assert c.status_of([decree(1, date(2019, 1, 1), date(2019, 1, 1), None, dissolved=True)], AS_OF) == c.EXPIRED


def test_no_decree_means_none():
    assert c.status_of([], AS_OF) == c.NONE


def test_statuses_cover_every_expected_region_and_ignore_others():
    decrees = [
        decree(1, date(2019, 1, 1), date(2019, 1, 1), None),
        decree(2, date(2015, 1, 1), date(2015, 1, 1), date(2018, 1, 1)),
        decree(99, date(2019, 1, 1), date(2019, 1, 1), None),
    ]
    assert c.statuses([1, 2, 3], decrees, AS_OF) == {1: c.ACTIVE, 2: c.EXPIRED, 3: c.NONE}


def test_tallies_per_province_and_level_are_exact():
    regions = [RegionFact(r, p) for r, p in [(1, 10), (2, 10), (3, 10), (4, 20), (5, 20), (6, 30)]]
    status = {1: c.ACTIVE, 2: c.EXPIRED, 3: c.NONE, 4: c.ACTIVE, 5: c.ACTIVE}  # 6 missing → none
    summary = c.summarise(regions, status)
    assert (summary.total.active, summary.total.expired, summary.total.none) == (3, 1, 2)
    assert summary.total.expected == 6
    assert summary.total.active_percent == 50.0
    assert (summary.by_province[10].active, summary.by_province[10].expired, summary.by_province[10].none) == (1, 1, 1)
    assert (summary.by_province[20].active, summary.by_province[20].none) == (2, 0)
    assert summary.by_province[30].none == 1
    assert summary.by_province[30].active_percent == 0.0


def test_nearing_expiry_is_within_thirty_days_and_still_in_force():
    assert c.nearing_expiry(date(2020, 7, 31), AS_OF)
    assert c.nearing_expiry(AS_OF, AS_OF)
    assert not c.nearing_expiry(date(2020, 8, 1), AS_OF)
    assert not c.nearing_expiry(date(2020, 6, 30), AS_OF)
    assert not c.nearing_expiry(None, AS_OF)
    assert c.days_left(date(2020, 7, 11), AS_OF) == 10
