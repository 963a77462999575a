"""The shipped configurations: Pilkada 2020 (270 regions) and 2024 (545 regions) with their calendars."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from waspada.elections import selectors
from waspada.elections.calendar import stage_on
from waspada.elections.loading import load_elections, pilkada_2020_rows
from waspada.elections.models import Contest, Election
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

GOVERNOR_RACES_2020 = {"13", "15", "17", "21", "62", "63", "65", "71", "72"}


def test_the_2020_fixture_has_9_provinces_224_kabupaten_and_37_kota() -> None:
    rows = pilkada_2020_rows()
    assert Counter(r.kind for r in rows) == {"pilgub": 9, "pilbup": 224, "pilwali": 37}
    assert len({r.code for r in rows}) == 270


def test_every_2020_region_joins_to_a_current_region_of_the_right_level() -> None:
    rows = pilkada_2020_rows()
    regions = {r.code: r for r in Region.objects.filter(code__in=[row.code for row in rows])}
    assert len(regions) == 270
    levels = {"pilgub": "provinsi", "pilbup": "kabupaten", "pilwali": "kota"}
    assert all(regions[row.code].level == levels[row.kind] for row in rows)
    assert {row.code for row in rows if row.kind == "pilgub"} == GOVERNOR_RACES_2020
    # No regency or city of Aceh or DKI Jakarta voted in 2020 (DOMAIN.md §6).
    assert not [row.code for row in rows if row.code[:2] in ("11", "31")]


def test_renumbered_papua_regions_are_stored_with_their_current_codes() -> None:
    rows = {r.code_2020: r.code for r in pilkada_2020_rows()}
    assert rows["91.01"] == "93.01"  # Merauke, now Papua Selatan
    assert rows["92.05"] == "96.03"  # Raja Ampat, now Papua Barat Daya
    assert rows["91.11"] == "91.11"  # Keerom kept its code


def test_the_loaded_contests_match_the_fixture_and_the_2024_rule() -> None:
    c2020 = Counter(Contest.objects.filter(election__code="pilkada-2020").values_list("kind", flat=True))
    c2024 = Counter(Contest.objects.filter(election__code="pilkada-2024").values_list("kind", flat=True))
    assert c2020 == {"pilgub": 9, "pilbup": 224, "pilwali": 37}
    assert c2024 == {"pilgub": 37, "pilbup": 415, "pilwali": 93}
    bandung = Contest.objects.get(election__code="pilkada-2020", region__code="32.04")
    assert bandung.province is not None and bandung.province.code == "32"
    assert bandung.kabkota is not None and bandung.kabkota.code == "32.04"


def test_loading_twice_creates_nothing() -> None:
    report = load_elections()
    assert report.total_created() == 0
    assert report.existing == {"pilkada-2020": 270, "pilkada-2024": 545}


def test_the_2020_calendar_has_the_moved_vote_and_the_campaign_of_pkpu_5_2020() -> None:
    election = Election.objects.get(code="pilkada-2020")
    assert election.voting_date == date(2020, 12, 9)
    assert "23 September 2020" in election.legal_basis
    items = selectors.stages(election)
    campaign = next(s for s in items if s.is_campaign)
    assert (campaign.starts_on, campaign.ends_on) == (date(2020, 9, 26), date(2020, 12, 5))
    assert stage_on(items, date(2020, 9, 5)).code == "pendaftaran"  # type: ignore[union-attr]
    assert stage_on(items, date(2020, 12, 9)).code == "pemungutan-suara"  # type: ignore[union-attr]
    assert len(selectors.campaign_periods(election)) == 8


def test_the_2024_calendar_follows_pkpu_2_2024() -> None:
    election = Election.objects.get(code="pilkada-2024")
    assert election.voting_date == date(2024, 11, 27)
    items = {s.code: s for s in selectors.stages(election)}
    assert (items["pendaftaran"].starts_on, items["pendaftaran"].ends_on) == (date(2024, 8, 27), date(2024, 8, 29))
    assert items["penetapan-paslon"].starts_on == date(2024, 9, 22)
    assert (items["kampanye"].starts_on, items["kampanye"].ends_on) == (date(2024, 9, 25), date(2024, 11, 23))
    assert (items["masa-tenang"].starts_on, items["masa-tenang"].ends_on) == (date(2024, 11, 24), date(2024, 11, 26))


def test_today_shows_the_running_stage_and_campaign_period() -> None:
    [today] = selectors.current_elections(date(2020, 10, 7))
    assert today.election.code == "pilkada-2020"
    assert today.stage is not None and today.stage.code == "kampanye"
    assert today.period is not None and today.period.number == 2
    assert today.days_to_voting == 63
    assert selectors.current_elections(date(2022, 6, 1)) == []
