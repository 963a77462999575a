"""Stage derivation, 10-day campaign periods and moving the voting date (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from waspada.elections.calendar import (
    Stage,
    add_months,
    apply_shifts,
    campaign_periods,
    period_of,
    shift_stages,
    stage_on,
    stages_on,
)

STAGES_2020 = [
    Stage("pendaftaran", "Pendaftaran", date(2020, 9, 4), date(2020, 9, 6), 5),
    Stage("penelitian", "Penelitian persyaratan", date(2020, 9, 4), date(2020, 9, 22), 6),
    Stage("penetapan", "Penetapan paslon", date(2020, 9, 23), date(2020, 9, 23), 7),
    Stage("undian", "Undian nomor urut", date(2020, 9, 24), date(2020, 9, 24), 8),
    Stage("sengketa", "Sengketa pencalonan", date(2020, 9, 23), date(2020, 11, 9), 9),
    Stage("kampanye", "Kampanye", date(2020, 9, 26), date(2020, 12, 5), 10, is_campaign=True),
    Stage("iklan", "Iklan media massa", date(2020, 11, 22), date(2020, 12, 5), 11),
    Stage("tenang", "Masa tenang", date(2020, 12, 6), date(2020, 12, 8), 12),
    Stage("pemungutan-suara", "Pemungutan suara", date(2020, 12, 9), date(2020, 12, 9), 13),
    Stage("rekapitulasi", "Penghitungan dan rekapitulasi", date(2020, 12, 9), date(2020, 12, 26), 14),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 9, 4), "pendaftaran"),  # the shorter of two overlapping stages
        (date(2020, 9, 10), "penelitian"),
        (date(2020, 9, 24), "undian"),
        (date(2020, 10, 1), "kampanye"),  # campaign beats the longer-running disputes stage
        (date(2020, 12, 5), "kampanye"),  # and the mass-media sub-stage
        (date(2020, 12, 7), "tenang"),
        (date(2020, 12, 9), "pemungutan-suara"),  # voting day rather than the counting stage
        (date(2020, 12, 20), "rekapitulasi"),
    ],
)
def test_the_stage_of_a_date_follows_the_campaign_then_shortest_rule(day: date, expected: str) -> None:
    stage = stage_on(STAGES_2020, day)
    assert stage is not None and stage.code == expected


def test_all_matching_stages_are_returned_in_rule_order() -> None:
    codes = [s.code for s in stages_on(STAGES_2020, date(2020, 11, 25))]
    assert codes == ["kampanye", "iklan"]
    assert [s.code for s in stages_on(STAGES_2020, date(2020, 10, 1))] == ["kampanye", "sengketa"]


def test_a_date_outside_every_stage_has_no_stage() -> None:
    assert stage_on(STAGES_2020, date(2020, 9, 3)) is None
    assert stage_on(STAGES_2020, date(2021, 1, 5)) is None
    assert stages_on([], date(2020, 10, 1)) == []


def test_the_2020_campaign_periods_are_the_bawaslu_ones_plus_the_last_day() -> None:
    periods = campaign_periods(date(2020, 9, 26), date(2020, 12, 5))
    bounds = [(p.starts_on, p.ends_on) for p in periods]
    assert bounds[:7] == [
        (date(2020, 9, 26), date(2020, 10, 5)),
        (date(2020, 10, 6), date(2020, 10, 15)),
        (date(2020, 10, 16), date(2020, 10, 25)),
        (date(2020, 10, 26), date(2020, 11, 4)),
        (date(2020, 11, 5), date(2020, 11, 14)),
        (date(2020, 11, 15), date(2020, 11, 24)),
        (date(2020, 11, 25), date(2020, 12, 4)),
    ]
    assert bounds[7] == (date(2020, 12, 5), date(2020, 12, 5))
    assert periods[7].partial and not any(p.partial for p in periods[:7])
    assert [p.number for p in periods] == list(range(1, 9))


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (date(2020, 9, 26), 1),
        (date(2020, 10, 5), 1),
        (date(2020, 10, 6), 2),
        (date(2020, 11, 4), 4),
        (date(2020, 11, 5), 5),
        (date(2020, 12, 4), 7),
        (date(2020, 12, 5), 8),
    ],
)
def test_the_period_of_a_date_respects_the_boundaries(day: date, number: int) -> None:
    periods = campaign_periods(date(2020, 9, 26), date(2020, 12, 5))
    found = period_of(periods, day)
    assert found is not None and found.number == number


def test_dates_outside_the_campaign_have_no_period() -> None:
    periods = campaign_periods(date(2020, 9, 26), date(2020, 12, 5))
    assert period_of(periods, date(2020, 9, 25)) is None
    assert period_of(periods, date(2020, 12, 6)) is None


def test_a_campaign_ending_on_a_boundary_has_no_partial_period() -> None:
    periods = campaign_periods(date(2024, 9, 25), date(2024, 11, 23))
    assert len(periods) == 6 and not periods[-1].partial
    assert periods[-1].ends_on == date(2024, 11, 23)


def test_moving_the_voting_date_moves_the_whole_calendar() -> None:
    shifts = shift_stages(STAGES_2020, date(2020, 12, 9), date(2020, 12, 16))
    moved = {s.code: s for s in apply_shifts(STAGES_2020, shifts)}
    assert moved["pemungutan-suara"].starts_on == date(2020, 12, 16)
    assert moved["kampanye"].starts_on == date(2020, 10, 3)
    assert moved["kampanye"].ends_on == date(2020, 12, 12)
    assert all(s.changed for s in shifts)


def test_a_postponement_mid_calendar_keeps_finished_stages_and_extends_running_ones() -> None:
    shifts = {
        s.code: s for s in shift_stages(STAGES_2020, date(2020, 12, 9), date(2020, 12, 19), from_day=date(2020, 9, 20))
    }
    assert not shifts["pendaftaran"].changed  # ended 6 Sep, before the decision
    assert shifts["penelitian"].new_starts_on == date(2020, 9, 4)  # under way: start kept
    assert shifts["penelitian"].new_ends_on == date(2020, 10, 2)  # end moved by ten days
    assert shifts["pemungutan-suara"].new_starts_on == date(2020, 12, 19)


def test_calendar_months_are_clamped_to_the_month_end() -> None:
    assert add_months(date(2020, 12, 9), -4) == date(2020, 8, 9)
    assert add_months(date(2021, 3, 31), -1) == date(2021, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2020, 1, 15), -1) == date(2019, 12, 15)
