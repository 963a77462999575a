"""Recap periods: kinds, boundaries, labels, previous, a year earlier, parsing. Pure (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from waspada.incidents import periods
from waspada.incidents.periods import Period

TODAY = date(2021, 3, 10)


@pytest.mark.parametrize(
    ("kind", "anchor", "start", "end", "label"),
    [
        ("week", date(2020, 10, 8), date(2020, 10, 5), date(2020, 10, 11), "Minggu 2020-W41"),
        ("week", date(2020, 10, 5), date(2020, 10, 5), date(2020, 10, 11), "Minggu 2020-W41"),
        ("week", date(2020, 10, 11), date(2020, 10, 5), date(2020, 10, 11), "Minggu 2020-W41"),
        ("week", date(2021, 1, 1), date(2020, 12, 28), date(2021, 1, 3), "Minggu 2020-W53"),
        ("week", date(2019, 12, 31), date(2019, 12, 30), date(2020, 1, 5), "Minggu 2020-W01"),
        ("month", date(2020, 10, 31), date(2020, 10, 1), date(2020, 10, 31), "Oktober 2020"),
        ("month", date(2020, 2, 10), date(2020, 2, 1), date(2020, 2, 29), "Februari 2020"),
        ("month", date(2021, 2, 10), date(2021, 2, 1), date(2021, 2, 28), "Februari 2021"),
        ("month", date(2020, 12, 1), date(2020, 12, 1), date(2020, 12, 31), "Desember 2020"),
        ("quarter", date(2020, 10, 5), date(2020, 10, 1), date(2020, 12, 31), "Triwulan IV 2020"),
        ("quarter", date(2020, 3, 31), date(2020, 1, 1), date(2020, 3, 31), "Triwulan I 2020"),
        ("quarter", date(2020, 4, 1), date(2020, 4, 1), date(2020, 6, 30), "Triwulan II 2020"),
        ("four_months", date(2020, 10, 5), date(2020, 9, 1), date(2020, 12, 31), "Caturwulan III 2020"),
        ("four_months", date(2020, 4, 30), date(2020, 1, 1), date(2020, 4, 30), "Caturwulan I 2020"),
        ("four_months", date(2020, 5, 1), date(2020, 5, 1), date(2020, 8, 31), "Caturwulan II 2020"),
        ("year", date(2020, 10, 5), date(2020, 1, 1), date(2020, 12, 31), "Tahun 2020"),
    ],
)
def test_each_kind_contains_its_anchor_with_inclusive_ends_and_an_indonesian_label(kind, anchor, start, end, label):
    period = periods.period_of(kind, anchor)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.start <= anchor <= period.end
    assert period.label == label


def test_a_custom_range_keeps_its_ends_and_labels_them_with_short_month_names():
    period = periods.custom(date(2020, 10, 5), date(2020, 10, 18))
    assert (period.kind, period.start, period.end, period.days) == ("custom", date(2020, 10, 5), date(2020, 10, 18), 14)
    assert period.label == "5 Okt 2020 – 18 Okt 2020"


def test_it_refuses_a_custom_range_ending_before_it_starts_or_longer_than_ten_years():
    with pytest.raises(ValueError, match="sebelum tanggal awal"):
        periods.custom(date(2020, 10, 5), date(2020, 10, 4))
    with pytest.raises(ValueError, match="10 tahun"):
        periods.custom(date(2010, 1, 1), date(2020, 1, 1))
    assert periods.custom(date(2010, 1, 1), date(2019, 12, 31)).days == 3652


def test_it_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="tidak dikenal"):
        periods.period_of("fortnight", TODAY)


def test_a_period_counts_the_weeks_whose_monday_falls_inside_it():
    october = periods.period_of("month", date(2020, 10, 1))
    # 28 Sep (Monday) belongs to September even though the week runs into October.
    assert october.week_starts() == [date(2020, 10, 5), date(2020, 10, 12), date(2020, 10, 19), date(2020, 10, 26)]
    november = periods.period_of("month", date(2020, 11, 1))
    assert november.week_starts()[0] == date(2020, 11, 2)
    assert periods.period_of("week", date(2020, 10, 8)).week_starts() == [date(2020, 10, 5)]
    assert periods.custom(date(2020, 10, 6), date(2020, 10, 11)).week_starts() == []
    assert len(periods.period_of("year", date(2020, 5, 5)).week_starts()) == 52
    # 2018 starts on a Monday: 53 Mondays, so its year recap counts 53 weeks.
    assert len(periods.period_of("year", date(2018, 5, 5)).week_starts()) == 53


def test_the_trend_is_weekly_up_to_thirteen_weeks_and_monthly_beyond():
    assert periods.period_of("month", date(2020, 10, 1)).weekly_trend
    assert periods.period_of("quarter", date(2020, 10, 1)).weekly_trend  # 13 Mondays
    assert not periods.period_of("four_months", date(2020, 10, 1)).weekly_trend
    assert not periods.period_of("year", date(2020, 10, 1)).weekly_trend


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (periods.period_of("week", date(2020, 10, 5)), Period("week", date(2020, 9, 28), date(2020, 10, 4))),
        (periods.period_of("week", date(2021, 1, 4)), Period("week", date(2020, 12, 28), date(2021, 1, 3))),
        (periods.period_of("month", date(2020, 3, 1)), Period("month", date(2020, 2, 1), date(2020, 2, 29))),
        (periods.period_of("month", date(2020, 1, 1)), Period("month", date(2019, 12, 1), date(2019, 12, 31))),
        (periods.period_of("quarter", date(2020, 1, 1)), Period("quarter", date(2019, 10, 1), date(2019, 12, 31))),
        (
            periods.period_of("four_months", date(2020, 1, 1)),
            Period("four_months", date(2019, 9, 1), date(2019, 12, 31)),
        ),
        (periods.period_of("year", date(2020, 1, 1)), Period("year", date(2019, 1, 1), date(2019, 12, 31))),
        (periods.custom(date(2020, 10, 5), date(2020, 10, 18)), Period("custom", date(2020, 9, 21), date(2020, 10, 4))),
        (periods.custom(date(2020, 3, 1), date(2020, 3, 1)), Period("custom", date(2020, 2, 29), date(2020, 2, 29))),
    ],
)
def test_previous_is_the_same_kind_of_period_just_before(period, expected):
    assert periods.previous(period) == expected
    assert periods.previous(period).end < period.start


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (periods.period_of("week", date(2020, 10, 5)), Period("week", date(2019, 10, 7), date(2019, 10, 13))),
        # ISO week 53 of 2020: 2019 has 52 weeks, so its last week stands in.
        (periods.period_of("week", date(2020, 12, 28)), Period("week", date(2019, 12, 23), date(2019, 12, 29))),
        # 2021-W01 maps to 2020-W01, which starts in December 2019.
        (periods.period_of("week", date(2021, 1, 4)), Period("week", date(2019, 12, 30), date(2020, 1, 5))),
        (periods.period_of("month", date(2020, 2, 29)), Period("month", date(2019, 2, 1), date(2019, 2, 28))),
        (periods.period_of("month", date(2021, 2, 1)), Period("month", date(2020, 2, 1), date(2020, 2, 29))),
        (periods.period_of("quarter", date(2020, 10, 5)), Period("quarter", date(2019, 10, 1), date(2019, 12, 31))),
        (
            periods.period_of("four_months", date(2020, 10, 5)),
            Period("four_months", date(2019, 9, 1), date(2019, 12, 31)),
        ),
        (periods.period_of("year", date(2020, 10, 5)), Period("year", date(2019, 1, 1), date(2019, 12, 31))),
        (periods.custom(date(2020, 2, 29), date(2020, 3, 10)), Period("custom", date(2019, 2, 28), date(2019, 3, 10))),
        (periods.custom(date(2021, 2, 1), date(2021, 2, 28)), Period("custom", date(2020, 2, 1), date(2020, 2, 28))),
    ],
)
def test_a_year_earlier_is_the_same_period_of_the_previous_year(period, expected):
    assert periods.year_earlier(period) == expected


def test_week_53_exists_only_in_long_iso_years():
    assert periods.iso_weeks_in(2020) == 53
    assert periods.iso_weeks_in(2015) == 53
    assert periods.iso_weeks_in(2019) == 52
    assert periods.year_earlier(periods.period_of("week", date(2016, 1, 1))).label == "Minggu 2014-W52"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, periods.period_of("month", TODAY)),
        ({"periode": "week"}, periods.period_of("week", TODAY)),
        ({"periode": "week", "tanggal": "2020-10-08"}, periods.period_of("week", date(2020, 10, 5))),
        ({"periode": "quarter", "tanggal": "2020-11-30"}, periods.period_of("quarter", date(2020, 10, 1))),
        ({"periode": "four_months", "tanggal": "2020-09-01"}, periods.period_of("four_months", date(2020, 9, 1))),
        ({"periode": "year", "tanggal": "2020-01-01"}, periods.period_of("year", date(2020, 1, 1))),
        ({"periode": "year", "tanggal": ""}, periods.period_of("year", TODAY)),
        (
            {"periode": "custom", "dari": "2020-10-05", "sampai": "2020-10-18"},
            periods.custom(date(2020, 10, 5), date(2020, 10, 18)),
        ),
        # This month, although it has not ended: a running period is shown so far.
        ({"periode": "month", "tanggal": "2021-03-01"}, periods.period_of("month", TODAY)),
    ],
)
def test_it_parses_query_parameters(params, expected):
    assert periods.parse(params, TODAY) == expected


def test_params_read_back_into_the_same_period():
    for period in (
        periods.period_of("week", date(2020, 12, 28)),
        periods.period_of("four_months", date(2020, 5, 5)),
        periods.custom(date(2020, 10, 5), date(2020, 10, 18)),
    ):
        assert periods.parse(period.params(), TODAY) == period


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"periode": "fortnight"}, "Jenis periode 'fortnight' tidak dikenal"),
        ({"periode": "month", "tanggal": "2020-13-01"}, "Tanggal '2020-13-01' tidak sah"),
        ({"periode": "month", "tanggal": "5/10/2020"}, "Tanggal '5/10/2020' tidak sah"),
        ({"periode": "month", "tanggal": "2020-02-30"}, "tidak sah"),
        ({"periode": "month", "tanggal": "2021-04-01"}, "belum dimulai"),
        ({"periode": "custom", "dari": "2020-10-05"}, "isi tanggal awal dan tanggal akhir"),
        ({"periode": "custom", "dari": "x", "sampai": "2020-10-05"}, "Tanggal awal 'x' tidak sah"),
        ({"periode": "custom", "dari": "2020-10-05", "sampai": "2020-10-04"}, "sebelum tanggal awal"),
        ({"periode": "custom", "dari": "2000-01-01", "sampai": "2020-10-04"}, "paling panjang"),
        ({"periode": "custom", "dari": "2022-01-01", "sampai": "2022-02-01"}, "belum dimulai"),
        ({"periode": "x" * 300}, "…"),
    ],
)
def test_it_refuses_bad_parameters_with_an_indonesian_message(params, message):
    with pytest.raises(ValueError) as refused:
        periods.parse(params, TODAY)
    assert message in str(refused.value)
    assert len(str(refused.value)) < 200
