"""The violation rollup equals a fresh aggregation after every kind of write, and the recaps read
from it give the same numbers as the scan of the violation table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waspada.core.models import AuditEvent
from waspada.elections import recap, rollup, services
from waspada.elections.models import ProkesViolation, ViolationProvinceRollup, ViolationRollup
from waspada.elections.selectors import ViolationFilter

from . import factories as f

pytestmark = pytest.mark.django_db
A = ProkesViolation.Activity


def assert_current(election: Any) -> None:
    stored, fresh = rollup.stored_cells(election), rollup.fresh_cells(election)
    assert stored == fresh
    assert rollup.stored_province_cells(election) == rollup.fresh_province_cells(election)
    assert rollup.stored_pair_cells(election) == rollup.fresh_pair_cells(election)
    alive = ProkesViolation.objects.alive().filter(contest__election=election).count()
    # key[6] is the source: the all-sources cells ("") count every violation once, and so do the
    # per-source cells together.
    assert sum(counts[0] for key, counts in stored.items() if key[6] == rollup.ALL_SOURCES) == alive
    assert sum(counts[0] for key, counts in stored.items() if key[6] != rollup.ALL_SOURCES) == alive


@pytest.fixture
def written(personas: dict) -> dict[str, Any]:
    """Violations in three zones, by paslon and by nobody, one overridden stage, one before the
    campaign, one on voting day in a governor race's kabupaten."""
    admin = personas["admin"]
    kab_bandung, denpasar, sumbar = f.contest("32.04"), f.contest("51.71"), f.contest("13")
    pa = f.pair(admin, kab_bandung, 1, head="Ahmad")
    pb = f.pair(admin, kab_bandung, 2, head="Budi")
    made = [
        f.violation(admin, kab_bandung, f.at(2020, 9, 26), pair=pa, activity=A.RALLY, participants=300),
        f.violation(admin, kab_bandung, datetime(2020, 10, 5, 16, 30, tzinfo=UTC), pair=pa, no_masks=True),
        f.violation(admin, kab_bandung, f.at(2020, 10, 1), pair=pb, stage=f.stage("sengketa-pencalonan")),
        f.violation(admin, denpasar, datetime(2020, 10, 5, 16, 30, tzinfo=UTC), other_violation="Tanpa izin"),
        f.violation(admin, kab_bandung, f.at(2020, 9, 5), activity=A.REGISTRATION, participants=None),
        f.violation(admin, sumbar, f.at(2020, 12, 9), location=f.region("13.06"), activity=A.VOTING_CROWD),
    ]
    return {"admin": admin, "election": f.election(), "pa": pa, "pb": pb, "kab_bandung": kab_bandung, "made": made}


def test_the_rollup_equals_a_fresh_aggregation_after_creates(written: dict) -> None:
    assert_current(written["election"])
    cell = ViolationRollup.objects.get(pair=written["pa"], activity=A.RALLY, source=rollup.ALL_SOURCES)
    assert (cell.violations, cell.participants, cell.period, cell.over_capacity) == (1, 300, 1, 1)
    overridden = ViolationRollup.objects.get(pair=written["pb"], source=rollup.ALL_SOURCES)
    assert overridden.stage == f.stage("sengketa-pencalonan")


def test_the_rollup_follows_edits_deletes_and_overrides(written: dict) -> None:
    admin, kab_bandung, made = written["admin"], written["kab_bandung"], written["made"]
    # Another paslon, another activity, another period: the old cell empties, the new one fills.
    services.violation_update(
        actor=admin,
        violation=made[0],
        data=f.violation_input(kab_bandung, f.at(2020, 10, 20), pair=written["pb"], activity=A.CONCERT),
        expected_version=1,
    )
    assert not ViolationRollup.objects.filter(pair=written["pa"], activity=A.RALLY).exists()
    assert_current(written["election"])
    # The override is removed: the violation goes back to the derived campaign stage.
    services.violation_update(
        actor=admin, violation=made[2], data=f.violation_input(kab_bandung, f.at(2020, 10, 1)), expected_version=1
    )
    assert_current(written["election"])
    services.violation_delete(actor=admin, violation=made[1], reason="Ganda", expected_version=1)
    services.violation_delete(actor=admin, violation=made[3], reason="Salah input", expected_version=1)
    assert_current(written["election"])
    assert recap.violation_total(written["admin"], written["election"]) == 4


def test_moving_the_voting_date_moves_the_cells_to_their_new_periods(written: dict) -> None:
    election = written["election"]
    before = {c.pk for c in ViolationRollup.objects.filter(election=election, period=1)}
    assert before
    services.election_move_voting_date(
        actor=written["admin"], election=election, new_voting_date=date(2021, 1, 13), reason="Uji pemindahan"
    )
    assert_current(election)
    # The campaign now starts on 31 Oct 2020: the September and October violations fall before it.
    assert not ViolationRollup.objects.filter(election=election, period=1).exists()
    assert recap.violations_by_period(written["admin"], election).before_campaign == 5


def scanned(user: Any, election: Any, filters: ViolationFilter | None, **kwargs: Any) -> recap.Overview:
    """The same overview from the violation table (the rollup paths switched off)."""
    original, original_coarse = recap._rollup_base, recap._province_base
    recap._rollup_base = recap._province_base = lambda *a, **k: None
    try:
        return recap.violation_overview(user, election, filters, **kwargs)
    finally:
        recap._rollup_base, recap._province_base = original, original_coarse


def scanned_pairs(user: Any, election: Any, filters: ViolationFilter | None) -> list[recap.Row]:
    """The paslon ranking from the violation table (the rollup paths switched off)."""
    original = recap._rollup_base
    recap._rollup_base = lambda *a, **k: None
    try:
        return recap.violations_by_pair(user, election, filters)
    finally:
        recap._rollup_base = original


def fine_only(user: Any, election: Any, filters: ViolationFilter | None, **kwargs: Any) -> recap.Overview:
    """The same overview from the fine cells only (the province cells switched off)."""
    original = recap._province_base
    recap._province_base = lambda *a, **k: None
    try:
        return recap.violation_overview(user, election, filters, **kwargs)
    finally:
        recap._province_base = original


@pytest.mark.parametrize(
    "username", ["analis.nasional", "verifikator.jabar", "operator.kabbandung", "operator.kotabandung"]
)
def test_the_recap_from_the_rollup_equals_the_scan_for_each_scope(personas: dict, written: dict, username: str) -> None:
    user, election = personas[username], written["election"]
    for filters in (
        None,
        ViolationFilter(region=f.region("32")),
        ViolationFilter(stage=f.stage("kampanye")),
        ViolationFilter(activity=A.LIMITED_MEETING),
        ViolationFilter(pair=written["pa"]),
    ):
        assert recap._rollup_base(user, election, filters) is not None
        assert recap.violation_overview(user, election, filters) == scanned(user, election, filters)
        assert fine_only(user, election, filters) == scanned(user, election, filters)
    drill = recap.violation_overview(user, election, None, level="kabkota", province=f.region("32"))
    assert drill == scanned(user, election, None, level="kabkota", province=f.region("32"))
    assert recap.violation_total(user, election) == scanned(user, election, None).total
    assert recap.violations_by_province(user, election) == scanned(user, election, None).regions


def test_the_province_cells_answer_national_and_provincial_scopes_only(personas: dict, written: dict) -> None:
    election = written["election"]
    assert recap._province_base(personas["analis.nasional"], election, None) is not None
    assert recap._province_base(personas["verifikator.jabar"], election, None) is not None
    assert recap._province_base(personas["operator.kabbandung"], election, None) is None
    user = personas["analis.nasional"]
    assert recap._province_base(user, election, ViolationFilter(pair=written["pa"])) is None
    assert recap._province_base(user, election, ViolationFilter(region=f.region("32.04"))) is None
    assert recap._province_base(user, election, ViolationFilter(region=f.region("32"))) is not None


def test_filters_the_cells_do_not_hold_are_answered_from_the_violations(personas: dict, written: dict) -> None:
    user, election = personas["analis.nasional"], written["election"]
    since = ViolationFilter(since=datetime(2020, 10, 1, tzinfo=UTC))
    assert recap._rollup_base(user, election, since) is None
    assert recap.violation_total(user, election, since) == 4
    kecamatan = ViolationFilter(region=f.region("13.06").children.first())
    if kecamatan.region is not None:
        assert recap._rollup_base(user, election, kecamatan) is None
    assert recap._rollup_base(user, election, replace(since, since=None)) is not None


def test_a_source_filter_is_answered_from_the_cells_with_the_numbers_of_the_scan(personas: dict, written: dict) -> None:
    admin, kab_bandung, made = written["admin"], written["kab_bandung"], written["made"]
    S = ProkesViolation.Source
    # Two more sources in the same cells' other keys: a police report of the same rally, a media one.
    f.violation(admin, kab_bandung, f.at(2020, 9, 26), pair=written["pa"], activity=A.RALLY, source=S.POLICE)
    f.violation(
        admin, kab_bandung, f.at(2020, 9, 27), activity=A.RALLY, source=S.MEDIA, source_url="https://contoh.id/berita"
    )
    election = written["election"]
    assert_current(election)
    for username in ("analis.nasional", "verifikator.jabar", "operator.kabbandung"):
        user = personas[username]
        for source, expected in ((S.BAWASLU, len(made)), (S.POLICE, 1), (S.MEDIA, 1), (S.SATGAS, 0)):
            filters = ViolationFilter(source=source)
            assert recap._rollup_base(user, election, filters) is not None
            assert recap.violation_overview(user, election, filters) == scanned(user, election, filters)
            assert fine_only(user, election, filters) == scanned(user, election, filters)
            both = replace(filters, activity=A.RALLY, region=f.region("32"))
            assert recap.violation_overview(user, election, both) == scanned(user, election, both)
            assert recap.violations_by_pair(user, election, filters) == scanned_pairs(user, election, filters)
            if username == "analis.nasional":
                assert recap.violation_total(user, election, filters) == expected
    assert recap.violation_total(personas["analis.nasional"], election) == len(made) + 2
    # The province cells split the same way: one police rally in Jawa Barat.
    police = ViolationProvinceRollup.objects.get(election=election, source=S.POLICE)
    assert (police.province, police.activity, police.violations) == (f.region("32"), A.RALLY, 1)


def test_a_violation_whose_source_changes_leaves_its_old_cell_for_the_new_one(written: dict) -> None:
    admin, kab_bandung, made, election = written["admin"], written["kab_bandung"], written["made"], written["election"]
    S = ProkesViolation.Source
    rally = {"pair": written["pa"], "activity": A.RALLY}
    assert ViolationRollup.objects.get(**rally, source=S.BAWASLU).violations == 1
    services.violation_update(
        actor=admin,
        violation=made[0],
        data=f.violation_input(kab_bandung, f.at(2020, 9, 26), participants=300, source=S.SATGAS, **rally),
        expected_version=1,
    )
    assert not ViolationRollup.objects.filter(**rally, source=S.BAWASLU).exists()
    moved = ViolationRollup.objects.exclude(source=rollup.ALL_SOURCES).get(**rally)
    assert ViolationRollup.objects.get(**rally, source=rollup.ALL_SOURCES).violations == 1
    assert (moved.source, moved.violations, moved.participants, moved.period) == (S.SATGAS, 1, 300, 1)
    jabar = {"election": election, "province": f.region("32"), "activity": A.RALLY}
    assert not ViolationProvinceRollup.objects.filter(**jabar, source=S.BAWASLU).exists()
    assert ViolationProvinceRollup.objects.get(**jabar, source=S.SATGAS).violations == 1
    assert_current(election)
    user = written["admin"]
    assert recap.violation_total(user, election, ViolationFilter(source=S.SATGAS)) == 1
    assert recap.violation_total(user, election, ViolationFilter(source=S.BAWASLU)) == 5
    # Deleted: the cell of its source goes, the others stay.
    services.violation_delete(actor=admin, violation=made[0], reason="Ganda", expected_version=2)
    assert not ViolationRollup.objects.filter(election=election, source=S.SATGAS).exists()
    assert not ViolationProvinceRollup.objects.filter(election=election, source=S.SATGAS).exists()
    assert recap.violation_total(user, election, ViolationFilter(source=S.SATGAS)) == 0
    assert recap.violation_total(user, election, ViolationFilter(source=S.BAWASLU)) == 5
    assert_current(election)


def test_the_rebuild_command_restores_a_damaged_rollup_and_is_audited(written: dict) -> None:
    election = written["election"]
    ViolationRollup.objects.filter(election=election).update(violations=99)
    ViolationRollup.objects.filter(election=election, period=0).delete()
    out = StringIO()
    call_command("rebuild_violation_rollup", "--election", "pilkada-2020", stdout=out)
    assert_current(election)
    assert "baris ditulis" in out.getvalue()
    assert AuditEvent.objects.filter(action="elections.rollup_rebuilt").exists()
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("rebuild_violation_rollup", "--election", "pilkada-1999")
