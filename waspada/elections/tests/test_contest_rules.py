"""Contest kinds by region level, the 2024 participation rule on the real region table, ballot numbers."""

from __future__ import annotations

import pytest

from waspada.elections import contest_rules
from waspada.elections.contest_rules import ContestRuleError, kind_error, kind_for_level


@pytest.mark.parametrize(("level", "kind"), [("provinsi", "pilgub"), ("kabupaten", "pilbup"), ("kota", "pilwali")])
def test_the_contest_kind_follows_the_region_level(level: str, kind: str) -> None:
    assert kind_for_level(level) == kind
    assert kind_error(level, kind) is None


def test_a_kota_given_a_pilbup_is_refused_with_the_right_kind_named() -> None:
    message = kind_error("kota", "pilbup")
    assert message is not None
    assert "kota" in message and "pemilihan wali kota" in message
    with pytest.raises(ContestRuleError):
        contest_rules.check_kind("kota", "pilbup")


def test_a_kecamatan_cannot_hold_a_contest() -> None:
    with pytest.raises(ContestRuleError, match="kecamatan"):
        kind_for_level("kecamatan")


def test_an_unknown_kind_is_refused() -> None:
    assert "tidak dikenal" in (kind_error("provinsi", "pilpres") or "")


def test_duplicate_ballot_numbers_are_found_and_empty_numbers_ignored() -> None:
    assert contest_rules.duplicate_ballot_numbers([1, 2, 2, None, None, 3]) == {2}
    assert contest_rules.ballot_number_error(2, [1, 2]) is not None
    assert contest_rules.ballot_number_error(None, [1, None]) is None
    assert contest_rules.ballot_number_error(0, []) is not None


@pytest.mark.django_db
def test_the_2024_rule_selects_545_regions_from_the_current_region_table() -> None:
    from waspada.regions.models import Region

    regions = list(Region.objects.filter(level__in=["provinsi", "kabupaten", "kota"]).values_list("code", "level"))
    chosen = contest_rules.PILKADA_2024.select(regions)
    by_level: dict[str, int] = {}
    for _code, level in chosen:
        by_level[level] = by_level.get(level, 0) + 1
    assert len(chosen) == 545
    assert by_level == {"provinsi": 37, "kabupaten": 415, "kota": 93}
    codes = {code for code, _level in chosen}
    assert "34" not in codes and "31" in codes
    assert not codes & {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}
    assert {"34.01", "34.71", "32.73"} <= codes  # DIY's regencies and cities still vote
