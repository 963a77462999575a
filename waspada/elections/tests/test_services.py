"""Pilkada services: permissions, refusals that write nothing, stage derivation, locking, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from waspada.core.models import AuditEvent
from waspada.elections import nphd, selectors, services
from waspada.elections.models import (
    CandidatePair,
    Contest,
    Disbursement,
    GrantAgreement,
    HealthEvent,
    PlannedTranche,
    ProkesViolation,
)
from waspada.elections.services import ElectionRefused, StaleElectionRecord

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def kab_bandung() -> Contest:
    return f.contest("32.04")


@pytest.fixture
def op(personas: dict) -> object:
    return personas["operator.kabbandung"]


def test_a_violation_by_a_paslon_during_the_campaign_gets_the_campaign_stage(op: object, kab_bandung: Contest) -> None:
    pair = f.pair(op, kab_bandung, 1)
    v = f.violation(op, kab_bandung, f.at(2020, 10, 1), pair=pair)
    assert v.stage is not None and v.stage.code == "kampanye" and not v.stage_overridden
    assert v.province is not None and v.province.code == "32" and v.kabkota == kab_bandung.region
    assert AuditEvent.objects.filter(action="violation.created", object_id=str(v.public_id)).exists()


def test_the_stage_is_derived_from_the_local_day_not_the_utc_day(op: object, kab_bandung: Contest) -> None:
    # 25 Sep 17:30 UTC is 26 Sep 00:30 WIB: the first day of the campaign.
    v = f.violation(op, kab_bandung, datetime(2020, 9, 25, 17, 30, tzinfo=UTC))
    assert v.stage is not None and v.stage.code == "kampanye"


def test_a_violation_dated_outside_every_stage_is_refused_and_nothing_written(op: object, kab_bandung: Contest) -> None:
    before = ProkesViolation.objects.count()
    with pytest.raises(ElectionRefused) as info:
        f.violation(op, kab_bandung, f.at(2020, 3, 10))
    assert "di luar semua tahapan" in str(info.value.message_dict["occurred_at"])
    assert ProkesViolation.objects.count() == before


def test_a_paslon_from_another_contest_is_refused(personas: dict, kab_bandung: Contest) -> None:
    admin = personas["admin"]
    other = f.pair(admin, f.contest("32.03"), 1)  # Kabupaten Cianjur
    with pytest.raises(ElectionRefused) as info:
        f.violation(admin, kab_bandung, f.at(2020, 10, 1), pair=other)
    assert "bukan peserta" in str(info.value.message_dict["pair"])


def test_a_place_outside_the_contest_region_is_refused(personas: dict, kab_bandung: Contest) -> None:
    with pytest.raises(ElectionRefused) as info:
        f.violation(personas["admin"], kab_bandung, f.at(2020, 10, 1), region=f.region("32.73"))
    assert "di luar wilayah" in str(info.value.message_dict["region"])


def test_a_governor_race_violation_is_located_in_one_of_its_kabupaten(personas: dict) -> None:
    sumbar = f.contest("13")
    v = f.violation(personas["admin"], sumbar, f.at(2020, 10, 1), location=f.region("13.06"))
    assert v.kabkota is not None and v.kabkota.code == "13.06"
    with pytest.raises(ElectionRefused):
        f.violation(personas["admin"], sumbar, f.at(2020, 10, 1), location=f.region("13"))


def test_the_stage_can_be_overridden_with_a_stage_covering_the_day(op: object, kab_bandung: Contest) -> None:
    v = f.violation(op, kab_bandung, f.at(2020, 10, 1), stage=f.stage("sengketa-pencalonan"))
    assert v.stage is not None and v.stage.code == "sengketa-pencalonan" and v.stage_overridden
    with pytest.raises(ElectionRefused) as info:
        f.violation(op, kab_bandung, f.at(2020, 10, 1), stage=f.stage("pendaftaran"))
    assert "tidak mencakup" in str(info.value.message_dict["stage"])
    with pytest.raises(ElectionRefused):
        f.violation(op, kab_bandung, f.at(2020, 10, 1), stage=f.stage("kampanye", "pilkada-2024"))


def test_a_violation_needs_a_type_and_media_needs_a_link(op: object, kab_bandung: Contest) -> None:
    with pytest.raises(ElectionRefused) as info:
        f.violation(op, kab_bandung, f.at(2020, 10, 1), over_capacity=False, source=ProkesViolation.Source.MEDIA)
    assert set(info.value.message_dict) == {"over_capacity", "source_url"}


def test_an_operator_of_another_region_and_a_read_only_role_may_not_record(
    personas: dict, kab_bandung: Contest
) -> None:
    for name in ("operator.kotabandung", "pimpinan", "fkdm.kotabandung"):
        with pytest.raises(PermissionDenied):
            f.violation(personas[name], kab_bandung, f.at(2020, 10, 1))


def test_updating_with_a_stale_version_is_refused(op: object, kab_bandung: Contest) -> None:
    v = f.violation(op, kab_bandung, f.at(2020, 10, 1))
    services.violation_update(
        actor=op, violation=v, data=f.violation_input(kab_bandung, f.at(2020, 10, 2)), expected_version=1
    )
    with pytest.raises(StaleElectionRecord):
        services.violation_update(
            actor=op, violation=v, data=f.violation_input(kab_bandung, f.at(2020, 10, 3)), expected_version=1
        )
    v.refresh_from_db()
    assert v.version == 2 and v.occurred_at == f.at(2020, 10, 2)


def test_a_deleted_violation_stays_with_its_reason_and_leaves_the_lists(op: object, kab_bandung: Contest) -> None:
    v = f.violation(op, kab_bandung, f.at(2020, 10, 1))
    with pytest.raises(ElectionRefused):
        services.violation_delete(actor=op, violation=v, reason=" ", expected_version=1)
    services.violation_delete(actor=op, violation=v, reason="Data ganda", expected_version=1)
    v.refresh_from_db()
    assert v.deleted_at is not None and v.deleted_reason == "Data ganda"
    assert not selectors.violations_for_user(op).filter(pk=v.pk).exists()


# --- contests and paslon ------------------------------------------------------------------------------


def test_a_kota_given_a_pilbup_contest_is_refused(personas: dict) -> None:
    admin = personas["admin"]
    before = Contest.objects.count()
    with pytest.raises(ElectionRefused) as info:
        services.contest_create(actor=admin, election=f.election(), region=f.region("32.73"), kind="pilbup")
    assert "pemilihan wali kota" in str(info.value.message_dict["kind"])
    assert Contest.objects.count() == before
    created = services.contest_create(actor=admin, election=f.election(), region=f.region("32.73"))
    assert created.kind == "pilwali"


def test_a_second_contest_for_the_same_region_is_refused(personas: dict) -> None:
    with pytest.raises(ElectionRefused, match="sudah punya"):
        services.contest_create(actor=personas["admin"], election=f.election(), region=f.region("32.04"))


def test_only_national_admins_and_analysts_set_up_contests(personas: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.contest_create(actor=personas["verifikator.jabar"], election=f.election(), region=f.region("32.73"))


def test_duplicate_ballot_numbers_in_a_contest_are_refused(op: object, kab_bandung: Contest) -> None:
    f.pair(op, kab_bandung, 1)
    with pytest.raises(ElectionRefused) as info:
        f.pair(op, kab_bandung, 1, head="Lain")
    assert "sudah dipakai" in str(info.value.message_dict["ballot_number"])
    assert CandidatePair.objects.filter(contest=kab_bandung).count() == 1
    other = f.pair(op, kab_bandung, None, head="Belum diundi")
    assert other.ballot_number is None


def test_independent_paslon_have_no_parties_and_party_paslon_need_some(op: object, kab_bandung: Contest) -> None:
    with pytest.raises(ElectionRefused, match="perseorangan"):
        f.pair(op, kab_bandung, 1, nomination_path=CandidatePair.Path.INDEPENDENT)
    with pytest.raises(ElectionRefused, match="partai pengusung"):
        f.pair(op, kab_bandung, 1, parties=[])
    p = f.pair(op, kab_bandung, 2, nomination_path=CandidatePair.Path.INDEPENDENT, parties=[])
    assert p.parties == []


def test_status_changes_are_dated_history(op: object, kab_bandung: Contest) -> None:
    p = f.pair(op, kab_bandung, 1)
    services.candidate_pair_set_status(actor=op, pair=p, status="ditetapkan", changed_on=date(2020, 9, 23))
    services.candidate_pair_set_status(actor=op, pair=p, status="didiskualifikasi", changed_on=date(2020, 11, 1))
    with pytest.raises(ElectionRefused, match="sebelum perubahan terakhir"):
        services.candidate_pair_set_status(actor=op, pair=p, status="ditetapkan", changed_on=date(2020, 10, 1))
    p.refresh_from_db()
    assert p.status == "didiskualifikasi" and p.status_on == date(2020, 11, 1)
    assert list(p.status_changes.values_list("status", flat=True)) == ["terdaftar", "ditetapkan", "didiskualifikasi"]


# --- health ----------------------------------------------------------------------------------------------


def test_a_death_is_recorded_as_health_event_and_paslon_status(op: object, kab_bandung: Contest) -> None:
    p = f.pair(op, kab_bandung, 1)
    services.health_event_create(
        actor=op,
        data=services.HealthEventInput(p, "kepala", HealthEvent.Kind.POSITIVE, date(2020, 10, 1), "Dinkes"),
    )
    services.health_event_create(
        actor=op, data=services.HealthEventInput(p, "kepala", HealthEvent.Kind.DIED, date(2020, 10, 9), "Dinkes")
    )
    p.refresh_from_db()
    assert p.status == CandidatePair.Status.DECEASED and p.status_on == date(2020, 10, 9)
    with pytest.raises(ElectionRefused, match="sudah tercatat meninggal"):
        services.health_event_create(
            actor=op, data=services.HealthEventInput(p, "kepala", HealthEvent.Kind.RECOVERED, date(2020, 10, 10), "x")
        )


def test_health_data_is_written_and_read_only_by_roles_that_need_it(personas: dict, kab_bandung: Contest) -> None:
    p = f.pair(personas["admin"], kab_bandung, 1)
    with pytest.raises(PermissionDenied):
        services.health_event_create(
            actor=personas["verifikator.jabar"],
            data=services.HealthEventInput(p, "wakil", HealthEvent.Kind.POSITIVE, date(2020, 10, 1), "Dinkes"),
        )
    event = services.health_event_create(
        actor=personas["operator.kabbandung"],
        data=services.HealthEventInput(p, "wakil", HealthEvent.Kind.POSITIVE, date(2020, 10, 1), "Dinkes"),
    )
    assert selectors.health_events_for_user(personas["operator.kabbandung"]).filter(pk=event.pk).exists()
    assert not selectors.health_events_for_user(personas["verifikator.jabar"]).exists()
    assert not selectors.health_events_for_user(personas["operator.kotabandung"]).exists()
    services.health_event_viewed(actor=personas["operator.kabbandung"], event=event)
    assert AuditEvent.objects.filter(action="health_event.viewed", object_id=str(event.public_id)).count() == 1


# --- NPHD -------------------------------------------------------------------------------------------------


def test_a_disbursement_beyond_the_agreed_amount_is_refused_and_nothing_written(
    op: object, kab_bandung: Contest
) -> None:
    g = f.grant(op, kab_bandung, "kpu", "1000000000.00", date(2019, 10, 1))
    services.disbursement_create(actor=op, agreement=g, paid_on=date(2019, 10, 10), amount=Decimal("400000000"))
    with pytest.raises(ElectionRefused) as info:
        services.disbursement_create(actor=op, agreement=g, paid_on=date(2020, 7, 1), amount=Decimal("600000000.01"))
    assert "melebihi nilai hibah" in str(info.value.message_dict["amount"])
    assert Disbursement.objects.filter(agreement=g).count() == 1


def test_disbursements_and_tranches_before_signing_are_refused(op: object, kab_bandung: Contest) -> None:
    with pytest.raises(ElectionRefused, match="sebelum NPHD ditandatangani"):
        f.grant(
            op,
            kab_bandung,
            "bawaslu",
            "500000000",
            date(2019, 10, 1),
            planned=[services.TrancheInput(date(2019, 9, 1), Decimal("200000000"))],
        )
    assert not GrantAgreement.objects.filter(region=kab_bandung.region, recipient="bawaslu").exists()
    g = f.grant(
        op,
        kab_bandung,
        "bawaslu",
        "500000000",
        date(2019, 10, 1),
        planned=[
            services.TrancheInput(date(2019, 10, 14), Decimal("200000000")),
            services.TrancheInput(date(2020, 7, 1), Decimal("250000000")),
            services.TrancheInput(date(2020, 11, 1), Decimal("50000000")),
        ],
    )
    assert PlannedTranche.objects.filter(agreement=g).count() == 3
    with pytest.raises(ElectionRefused, match="sebelum NPHD ditandatangani"):
        services.disbursement_create(actor=op, agreement=g, paid_on=date(2019, 9, 30), amount=Decimal("1"))
    assert not Disbursement.objects.filter(agreement=g).exists()


def test_an_nphd_needs_a_contest_in_its_region(personas: dict) -> None:
    with pytest.raises(ElectionRefused, match="tidak menyelenggarakan"):
        services.grant_create(
            actor=personas["admin"],
            data=services.GrantInput(f.election(), f.region("32.73"), "kpu", "X", date(2019, 10, 1), Decimal("10")),
        )


def test_recording_a_disbursement_changes_the_compliance(op: object, kab_bandung: Contest) -> None:
    g = f.grant(op, kab_bandung, "polri", "100000000", date(2019, 10, 1))
    as_of = date(2020, 12, 1)
    assert [t.status for t in selectors.grant_compliance(g, as_of).tranches] == [nphd.MISSING] * 3
    services.disbursement_create(actor=op, agreement=g, paid_on=date(2019, 10, 5), amount=Decimal("100000000"))
    result = selectors.grant_compliance(g, as_of)
    assert [t.status for t in result.tranches] == [nphd.ON_TIME] * 3 and result.realisation_percent == Decimal("100.00")


def test_moving_the_voting_date_shifts_stages_deadlines_and_is_audited(personas: dict, kab_bandung: Contest) -> None:
    admin = personas["admin"]
    election = f.election()
    g = f.grant(admin, kab_bandung, "tni", "100", date(2020, 2, 1))
    services.disbursement_create(actor=admin, agreement=g, paid_on=date(2020, 2, 3), amount=Decimal("40"))
    services.disbursement_create(actor=admin, agreement=g, paid_on=date(2020, 9, 1), amount=Decimal("50"))
    assert selectors.grant_compliance(g, date(2020, 9, 2)).tranches[1].status == nphd.LATE  # deadline 9 Aug
    with pytest.raises(PermissionDenied):
        services.election_move_voting_date(
            actor=personas["analis.nasional"], election=election, new_voting_date=date(2021, 1, 13), reason="x"
        )
    shifts = services.election_move_voting_date(
        actor=admin, election=election, new_voting_date=date(2021, 1, 13), reason="Uji pemindahan"
    )
    assert {s.code for s in shifts if s.changed} == {s.code for s in shifts}
    campaign = f.stage("kampanye")
    assert (campaign.starts_on, campaign.ends_on) == (date(2020, 10, 31), date(2021, 1, 9))
    g.refresh_from_db()
    compliance = selectors.grant_compliance(g, date(2020, 9, 2))
    assert compliance.tranches[1].deadline == date(2020, 9, 13)
    assert compliance.tranches[1].status == nphd.ON_TIME
    event = AuditEvent.objects.get(action="election.voting_date_moved", object_id=str(election.public_id))
    before, after = event.before or {}, event.after or {}
    assert before["voting_date"] == "2020-12-09" and after["voting_date"] == "2021-01-13"
    assert after["stages"]["kampanye"] == ["2020-10-31", "2021-01-09"]


def test_a_contest_region_cannot_change_once_paslon_are_recorded(personas: dict, kab_bandung: Contest) -> None:
    admin = personas["admin"]
    f.pair(admin, kab_bandung, 1)
    with pytest.raises(ElectionRefused, match="tidak dapat diubah"):
        services.contest_update(
            actor=admin, contest=kab_bandung, region=f.region("32.01"), kind=None, expected_version=1
        )
    with pytest.raises(StaleElectionRecord):
        services.contest_update(
            actor=admin, contest=kab_bandung, region=kab_bandung.region, kind="pilbup", expected_version=7
        )


def test_updating_a_paslon_keeps_its_own_ballot_number_but_not_anothers(op: object, kab_bandung: Contest) -> None:
    one = f.pair(op, kab_bandung, 1)
    f.pair(op, kab_bandung, 2)
    data = services.CandidatePairInput("Nama Baru", "Wakil Baru", "partai", ["Partai C"], True, 1)
    updated = services.candidate_pair_update(actor=op, pair=one, data=data, expected_version=1)
    assert (updated.head_name, updated.version, updated.is_incumbent) == ("Nama Baru", 2, True)
    data.ballot_number = 2
    with pytest.raises(ElectionRefused, match="sudah dipakai"):
        services.candidate_pair_update(actor=op, pair=one, data=data, expected_version=2)


def test_an_nphd_amount_cannot_drop_below_what_was_paid_nor_signing_move_after_a_payment(
    op: object, kab_bandung: Contest
) -> None:
    g = f.grant(op, kab_bandung, "kpu", "1000", date(2019, 10, 1))
    services.disbursement_create(actor=op, agreement=g, paid_on=date(2019, 10, 5), amount=Decimal("600"))
    data = services.GrantInput(g.election, g.region, "kpu", g.number, date(2019, 10, 1), Decimal("500"))
    with pytest.raises(ElectionRefused, match="sudah dicairkan"):
        services.grant_update(actor=op, agreement=g, data=data, expected_version=g.version)
    data.amount, data.signed_on = Decimal("1000"), date(2019, 10, 6)
    with pytest.raises(ElectionRefused, match="setelah pencairan"):
        services.grant_update(actor=op, agreement=g, data=data, expected_version=g.version)
    data.signed_on = date(2019, 9, 30)
    updated = services.grant_update(actor=op, agreement=g, data=data, expected_version=g.version)
    assert updated.signed_on == date(2019, 9, 30)


def test_replanning_tranches_is_checked_and_audited(op: object, kab_bandung: Contest) -> None:
    g = f.grant(op, kab_bandung, "bawaslu", "100", date(2019, 10, 1))
    with pytest.raises(ElectionRefused, match="melebihi"):
        services.grant_plan_tranches(
            actor=op,
            agreement=g,
            planned=[
                services.TrancheInput(date(2019, 10, 2), Decimal("60")),
                services.TrancheInput(date(2020, 1, 2), Decimal("50")),
            ],
            expected_version=g.version,
        )
    plan = services.grant_plan_tranches(
        actor=op,
        agreement=g,
        planned=[
            services.TrancheInput(date(2020, 1, 2), Decimal("60")),
            services.TrancheInput(date(2019, 10, 2), Decimal("40")),
        ],
        expected_version=g.version,
    )
    assert [(t.order, t.amount) for t in plan] == [(1, Decimal("40.00")), (2, Decimal("60.00"))]
    assert AuditEvent.objects.filter(action="grant.tranche_planned", object_id=str(g.public_id)).exists()
