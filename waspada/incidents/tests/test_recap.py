"""The periodic recap on a crafted data set: exact numbers at national, province and kabupaten/kota
level, by category, with impacts, the previous period, the same period a year earlier, the trend,
the top regions, the choropleth counts and the point layer; scope answers 404."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from waspada.incidents import periods, recap, services
from waspada.incidents.recap import RecapFilters
from waspada.incidents.tests.factories import category, registered
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

OCTOBER = periods.period_of("month", date(2020, 10, 1))  # weeks of 5, 12, 19, 26 October
CLASH = "bentrok-antarwarga"
LAND = "sengketa-lahan"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


@pytest.fixture
def crafted(personas, django_capture_on_commit_callbacks):
    """Counted in October 2020 (weeks whose Monday is in October):
    32.73 Kota Bandung: 5 Oct clash (killed 1, injured 3), 14 Oct clash in a kecamatan (2 buildings),
                        20 Oct land (10 displaced)                                 → 3
    32.04 Kab. Bandung: 27 Oct clash (1 sexual violence), 1 Nov land (a Sunday: week of 26 Oct) → 2
    31.71 Jakarta Pusat: 10 Oct clash (injured 1)                                    → 1
    Not counted in October: 1 Oct in 32.04 (week of 28 Sep → September), 15 Sep in 31.71
    (September: the previous period), 15 Oct 2019 in 32.73 (killed 2: a year earlier),
    a deleted incident and a merged duplicate in 32.73."""
    analis = personas["analis.nasional"]
    with django_capture_on_commit_callbacks(execute=True):
        first = registered(
            analis,
            "32.73",
            occurred_on=date(2020, 10, 5),
            category_slug=CLASH,
            killed=1,
            injured=3,
            latitude=Decimal("-6.914700"),
            longitude=Decimal("107.609800"),
        )
        registered(analis, "32.73.01", occurred_on=date(2020, 10, 14), category_slug=CLASH, buildings_damaged=2)
        registered(analis, "32.73", occurred_on=date(2020, 10, 20), category_slug=LAND, displaced=10)
        registered(
            analis,
            "32.04",
            occurred_on=date(2020, 10, 27),
            category_slug=CLASH,
            sexual_violence=1,
            latitude=Decimal("-7.025300"),
            longitude=Decimal("107.519700"),
        )
        registered(analis, "32.04", occurred_on=date(2020, 11, 1), category_slug=LAND)
        registered(analis, "31.71", occurred_on=date(2020, 10, 10), category_slug=CLASH, injured=1)
        registered(analis, "32.04", occurred_on=date(2020, 10, 1), category_slug=CLASH)
        registered(analis, "31.71", occurred_on=date(2020, 9, 15), category_slug=LAND)
        registered(analis, "32.73", occurred_on=date(2019, 10, 15), category_slug=CLASH, killed=2)
        gone = registered(analis, "32.73", occurred_on=date(2020, 10, 6), category_slug=CLASH, killed=5)
        services.incident_delete(actor=analis, incident=gone, reason="Salah input")
        twin = registered(analis, "32.73", occurred_on=date(2020, 10, 6), category_slug=CLASH, injured=7)
        services.incident_merge(actor=analis, survivor=first, duplicate=twin)
    return {"clash": category(CLASH).pk, "land": category(LAND).pk}


def impacts(incidents=0, with_casualties=0, killed=0, injured=0, sexual_violence=0, buildings=0, displaced=0):
    return {
        "incidents": incidents,
        "with_casualties": with_casualties,
        "killed": killed,
        "injured": injured,
        "sexual_violence": sexual_violence,
        "buildings_damaged": buildings,
        "displaced": displaced,
    }


def rows_with_data(result: recap.Recap) -> dict[str, tuple[dict[str, int], dict[int, int]]]:
    return {r.region.code: (r.totals, r.by_category) for r in result.rows if r.totals["incidents"]}


def test_the_national_recap_is_exact(personas, crafted, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        result = recap.recap(personas["analis.nasional"], RecapFilters(OCTOBER))
    clash, land = crafted["clash"], crafted["land"]
    assert result.totals == impacts(6, 3, killed=1, injured=4, sexual_violence=1, buildings=2, displaced=10)
    assert result.by_category == {clash: 4, land: 2}
    assert rows_with_data(result) == {
        "31": (impacts(1, 1, injured=1), {clash: 1}),
        "32": (impacts(5, 2, killed=1, injured=3, sexual_violence=1, buildings=2, displaced=10), {clash: 3, land: 2}),
    }
    # Every province is a row (2020: the four Papua provinces of 2022 are not yet there).
    assert len(result.rows) == 34
    assert all(r.region.level == "provinsi" for r in result.rows)
    assert [c.code for c in result.categories][:2] == ["bentrok-antarwarga", "isu-keamanan"]
    assert len(result.categories) == 8
    assert result.previous_totals == impacts(2)
    assert result.previous_period == periods.period_of("month", date(2020, 9, 1))
    assert result.year_earlier_totals == impacts(1, 1, killed=2)
    assert result.year_earlier_period == periods.period_of("month", date(2019, 10, 1))
    assert result.trend == [
        (date(2020, 10, 5), 2),
        (date(2020, 10, 12), 1),
        (date(2020, 10, 19), 1),
        (date(2020, 10, 26), 2),
    ]
    assert [(r.region.code, r.totals["incidents"], r.by_category) for r in result.top_regions] == [
        ("32.73", 3, {clash: 2, land: 1}),
        ("32.04", 2, {clash: 1, land: 1}),
        ("31.71", 1, {clash: 1}),
    ]
    assert result.top_regions[0].totals == impacts(3, 1, killed=1, injured=3, buildings=2, displaced=10)


def test_the_province_recap_is_exact(personas, crafted):
    clash, land = crafted["clash"], crafted["land"]
    result = recap.recap(personas["verifikator.jabar"], RecapFilters(OCTOBER, region("32")))
    assert result.totals == impacts(5, 2, killed=1, injured=3, sexual_violence=1, buildings=2, displaced=10)
    assert result.by_category == {clash: 3, land: 2}
    assert rows_with_data(result) == {
        "32.73": (impacts(3, 1, killed=1, injured=3, buildings=2, displaced=10), {clash: 2, land: 1}),
        "32.04": (impacts(2, 1, sexual_violence=1), {clash: 1, land: 1}),
    }
    assert len(result.rows) == 27
    assert {r.region.level for r in result.rows} == {"kabupaten", "kota"}
    assert result.previous_totals == impacts(1)
    assert result.year_earlier_totals == impacts(1, 1, killed=2)
    assert result.trend == [
        (date(2020, 10, 5), 1),
        (date(2020, 10, 12), 1),
        (date(2020, 10, 19), 1),
        (date(2020, 10, 26), 2),
    ]
    assert [r.region.code for r in result.top_regions] == ["32.73", "32.04"]


def test_the_kabkota_recap_is_exact(personas, crafted):
    clash, land = crafted["clash"], crafted["land"]
    result = recap.recap(personas["operator.kotabandung"], RecapFilters(OCTOBER, region("32.73")))
    assert [r.region.code for r in result.rows] == ["32.73"]
    assert result.totals == impacts(3, 1, killed=1, injured=3, buildings=2, displaced=10)
    assert result.rows[0].by_category == {clash: 2, land: 1}
    assert result.previous_totals == impacts()
    assert result.year_earlier_totals == impacts(1, 1, killed=2)
    assert [r.region.code for r in result.top_regions] == ["32.73"]


def test_a_category_filter_narrows_every_figure(personas, crafted):
    land = crafted["land"]
    result = recap.recap(personas["analis.nasional"], RecapFilters(OCTOBER, categories=(land,)))
    assert [c.pk for c in result.categories] == [land]
    assert result.totals == impacts(2, displaced=10)
    assert result.by_category == {land: 2}
    assert result.previous_totals == impacts(1)
    assert result.year_earlier_totals == impacts()
    assert [(r.region.code, r.totals["incidents"]) for r in result.top_regions] == [("32.04", 1), ("32.73", 1)]


def test_a_year_recap_trends_by_month_counting_weeks_by_their_monday(personas, crafted):
    result = recap.recap(personas["analis.nasional"], RecapFilters(periods.period_of("year", date(2020, 1, 1))))
    assert len(result.trend) == 12
    assert dict(result.trend)[date(2020, 9, 1)] == 2  # 15 Sep and 1 Oct (week of 28 Sep)
    assert dict(result.trend)[date(2020, 10, 1)] == 6
    assert sum(n for _, n in result.trend) == result.totals["incidents"] == 8
    assert result.year_earlier_totals == impacts(1, 1, killed=2)


def test_a_week_and_a_custom_range_count_the_same_rollup_weeks(personas, crafted):
    week = recap.recap(personas["analis.nasional"], RecapFilters(periods.period_of("week", date(2020, 11, 1))))
    assert week.totals["incidents"] == 2  # 27 Oct and 1 Nov
    custom = periods.custom(date(2020, 10, 26), date(2020, 11, 1))
    assert recap.recap(personas["analis.nasional"], RecapFilters(custom)).totals == week.totals
    # A range that contains no Monday counts no week at all.
    empty = periods.custom(date(2020, 10, 27), date(2020, 11, 1))
    assert recap.recap(personas["analis.nasional"], RecapFilters(empty)).totals == impacts()


def test_a_custom_range_of_whole_months_counts_what_the_month_counts(personas, crafted):
    # 1–31 October reads the monthly rollup, 2–31 October the weekly one: the same weeks either way.
    month = recap.recap(personas["analis.nasional"], RecapFilters(OCTOBER))
    whole = recap.recap(
        personas["analis.nasional"], RecapFilters(periods.custom(date(2020, 10, 1), date(2020, 10, 31)))
    )
    ragged = recap.recap(
        personas["analis.nasional"], RecapFilters(periods.custom(date(2020, 10, 2), date(2020, 10, 31)))
    )
    assert recap.whole_months(whole.filters.period) and not recap.whole_months(ragged.filters.period)
    assert whole.totals == ragged.totals == month.totals
    assert whole.by_category == ragged.by_category == month.by_category
    assert [r.totals for r in whole.top_regions] == [r.totals for r in ragged.top_regions]


def test_kabkota_counts_feed_the_choropleth(personas, crafted, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        counts = recap.kabkota_counts(personas["analis.nasional"], RecapFilters(OCTOBER))
    assert counts == {"31.71": 1, "32.04": 2, "32.73": 3}
    assert recap.kabkota_counts(personas["verifikator.jabar"], RecapFilters(OCTOBER, region("32"))) == {
        "32.04": 2,
        "32.73": 3,
    }
    assert recap.kabkota_counts(personas["analis.nasional"], RecapFilters(OCTOBER, categories=(crafted["land"],))) == {
        "32.04": 1,
        "32.73": 1,
    }


def test_the_point_layer_sends_points_or_grid_cells_that_add_up(personas, crafted):
    user = personas["analis.nasional"]
    layer = recap.points(user, RecapFilters(OCTOBER))
    assert not layer.clustered
    assert layer.total == 2
    assert sorted((f["lat"], f["lon"], f["count"]) for f in layer.features) == [
        (-7.0253, 107.5197, 1),
        (-6.9147, 107.6098, 1),
    ]
    clustered = recap.points(user, RecapFilters(OCTOBER), max_points=1)
    assert clustered.clustered
    assert len(clustered.features) <= 1
    assert sum(f["count"] for f in clustered.features) == 2
    assert recap.points(personas["operator.kotabandung"], RecapFilters(OCTOBER, region("32.73"))).total == 1


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("operator.kotabandung", "32.04"),
        ("operator.kotabandung", "32"),
        ("operator.kotabandung", None),
        ("verifikator.jabar", "31"),
        ("verifikator.jabar", "31.71"),
        ("verifikator.jabar", None),
        ("fkdm.kotabandung", "32.73"),
        ("analis.nasional", "32.73.01"),
    ],
)
def test_a_recap_outside_the_scope_answers_404(personas, crafted, username, code):
    filters = RecapFilters(OCTOBER, region(code) if code else None)
    user = personas[username]
    for read in (recap.recap, recap.kabkota_counts, recap.points):
        with pytest.raises(Http404):
            read(user, filters)


def test_default_region_follows_the_scope(personas):
    assert recap.default_region(personas["analis.nasional"]) is None
    assert recap.default_region(personas["verifikator.jabar"]).code == "32"
    assert recap.default_region(personas["operator.kotabandung"]).code == "32.73"
