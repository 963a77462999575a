"""Recaps on a crafted set: exact figures by 10-day period, stage, region, paslon, activity, type;
health summary; NPHD realisation and compliance; scope."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from waspada.elections import nphd, recap, services
from waspada.elections.models import Contest, HealthEvent, ProkesViolation
from waspada.elections.selectors import ViolationFilter

from . import factories as f

pytestmark = pytest.mark.django_db
A = ProkesViolation.Activity


@pytest.fixture
def crafted(personas: dict) -> dict[str, Any]:
    admin = personas["admin"]
    kab_bandung, denpasar, merauke, sumbar = f.contest("32.04"), f.contest("51.71"), f.contest("93.01"), f.contest("13")
    pa = f.pair(admin, kab_bandung, 1, head="Ahmad")
    pb = f.pair(admin, kab_bandung, 2, head="Budi")
    flags = {"over_capacity": False}
    f.violation(admin, kab_bandung, f.at(2020, 9, 26), pair=pa, activity=A.RALLY, over_capacity=True, no_masks=True)
    # 5 Oct 23:30 WIB: still period 1 although it is 6 Oct in WITA and WIT.
    f.violation(admin, kab_bandung, datetime(2020, 10, 5, 16, 30, tzinfo=UTC), pair=pa, no_masks=True, **flags)
    f.violation(admin, kab_bandung, f.at(2020, 10, 6), pair=pb, activity=A.CONCERT, banned_activity=True, **flags)
    # 6 Oct 00:30 WITA: period 2 in Denpasar.
    f.violation(admin, denpasar, datetime(2020, 10, 5, 16, 30, tzinfo=UTC), no_distancing=True, **flags)
    f.violation(admin, merauke, f.at(2020, 12, 5), other_violation="Tanpa izin", **flags)
    f.violation(admin, kab_bandung, f.at(2020, 9, 5), activity=A.REGISTRATION, over_capacity=True)
    gone = f.violation(admin, kab_bandung, f.at(2020, 10, 20), over_capacity=True)
    services.violation_delete(actor=admin, violation=gone, reason="Ganda", expected_version=1)
    f.violation(
        admin,
        sumbar,
        f.at(2020, 12, 9),
        location=f.region("13.06"),
        activity=A.VOTING_CROWD,
        no_distancing=True,
        **flags,
    )
    return {"election": f.election(), "pa": pa, "pb": pb, "kab_bandung": kab_bandung}


def counts(rows: list[recap.Row]) -> dict[str, int]:
    return {r.key: r.count for r in rows if r.count}


def test_violations_by_10_day_period(personas: dict, crafted: dict) -> None:
    result = recap.violations_by_period(personas["analis.nasional"], crafted["election"])
    assert [r.count for r in result.rows] == [2, 2, 0, 0, 0, 0, 0, 1]
    assert result.rows[0].label == "Periode 1 (26-09 s.d. 05-10-2020)"
    assert (result.before_campaign, result.after_campaign, result.campaign_total) == (1, 1, 5)


def test_violations_by_stage(personas: dict, crafted: dict) -> None:
    rows = recap.violations_by_stage(personas["analis.nasional"], crafted["election"])
    assert counts(rows) == {"kampanye": 5, "pendaftaran": 1, "pemungutan-suara": 1}
    assert rows[0].key == "penyelenggaraan"  # every stage listed in calendar order


def test_violations_by_province_and_kabkota(personas: dict, crafted: dict) -> None:
    user, election = personas["analis.nasional"], crafted["election"]
    assert [(r.code, r.count) for r in recap.violations_by_province(user, election)] == [
        ("32", 4),
        ("13", 1),
        ("51", 1),
        ("93", 1),
    ]
    assert [(r.code, r.count) for r in recap.violations_by_kabkota(user, election, province=f.region("13"))] == [
        ("13.06", 1)
    ]
    assert len(recap.violations_by_kabkota(user, election)) == 4


def test_violations_by_paslon_with_the_non_paslon_row_last(personas: dict, crafted: dict) -> None:
    rows = recap.violations_by_pair(personas["analis.nasional"], crafted["election"])
    assert [(r.label, r.count) for r in rows] == [
        ("1. Ahmad 1 – Wakil 1", 2),
        ("2. Budi 2 – Wakil 2", 1),
        ("Bukan paslon (pendukung, penyelenggara, lainnya)", 4),
    ]


def test_violations_by_activity_and_type(personas: dict, crafted: dict) -> None:
    user, election = personas["analis.nasional"], crafted["election"]
    assert counts(recap.violations_by_activity(user, election)) == {
        "rapat_umum": 1,
        "pertemuan_terbatas": 3,
        "konser": 1,
        "arak_arakan": 1,
        "kerumunan_pemungutan": 1,
    }
    assert counts(recap.violations_by_type(user, election)) == {
        "over_capacity": 2,
        "no_masks": 2,
        "banned_activity": 1,
        "no_distancing": 2,
        "other": 1,
    }


def test_recaps_are_scoped_and_filterable(personas: dict, crafted: dict) -> None:
    election = crafted["election"]
    assert recap.violation_total(personas["operator.kabbandung"], election) == 4
    assert recap.violation_total(personas["verifikator.jabar"], election) == 4
    assert recap.violation_total(personas["operator.kotabandung"], election) == 0
    assert recap.violation_total(personas["fkdm.kotabandung"], election) == 0
    only_pa = ViolationFilter(pair=crafted["pa"])
    assert [r.count for r in recap.violations_by_period(personas["analis.nasional"], election, only_pa).rows][:2] == [
        2,
        0,
    ]
    bali = ViolationFilter(region=f.region("51"))
    assert recap.violation_total(personas["analis.nasional"], election, bali) == 1


def test_the_health_summary_counts_candidates_not_names(personas: dict, crafted: dict) -> None:
    op = personas["operator.kabbandung"]
    pa = crafted["pa"]
    for person, kind, day in (
        ("kepala", HealthEvent.Kind.POSITIVE, date(2020, 9, 1)),
        ("kepala", HealthEvent.Kind.RECOVERED, date(2020, 9, 20)),
        ("wakil", HealthEvent.Kind.POSITIVE, date(2020, 9, 5)),
        ("wakil", HealthEvent.Kind.DIED, date(2020, 9, 30)),
    ):
        services.health_event_create(actor=op, data=services.HealthEventInput(pa, person, kind, day, "Dinkes"))
    summary = recap.health_summary(personas["analis.nasional"], crafted["election"])
    assert summary.events == {"positif": 2, "dirawat": 0, "sembuh": 1, "meninggal": 1}
    assert summary.candidates["positif"] == 2 and summary.pairs_affected == 1
    assert [(r.code, r.count) for r in summary.by_province] == [("32", 2)]
    assert recap.health_summary(personas["verifikator.jabar"], crafted["election"]).events["positif"] == 0


def test_nphd_realisation_per_recipient_and_compliance_per_region(personas: dict, crafted: dict) -> None:
    admin = personas["admin"]
    kab_bandung: Contest = crafted["kab_bandung"]
    kpu = f.grant(admin, kab_bandung, "kpu", "1000.00", date(2019, 10, 1))
    bawaslu = f.grant(admin, kab_bandung, "bawaslu", "500.00", date(2019, 10, 1))
    sumbar_kpu = f.grant(admin, f.contest("13"), "kpu", "2000.00", date(2019, 10, 1))
    services.disbursement_create(actor=admin, agreement=kpu, paid_on=date(2019, 10, 10), amount=Decimal("1000"))
    services.disbursement_create(actor=admin, agreement=bawaslu, paid_on=date(2019, 11, 1), amount=Decimal("200"))
    services.disbursement_create(actor=admin, agreement=sumbar_kpu, paid_on=date(2019, 10, 2), amount=Decimal("800"))
    rows = {r.key: r for r in recap.nphd_realisation(admin, crafted["election"], date(2020, 12, 1))}
    assert (rows["kpu"].amount, rows["kpu"].paid, rows["kpu"].percent) == (
        Decimal("3000.00"),
        Decimal("1800.00"),
        Decimal("60.00"),
    )
    assert rows["bawaslu"].percent == Decimal("40.00") and rows["tni"].agreements == 0
    assert rows["total"].paid == Decimal("2000.00") and rows["total"].percent == Decimal("57.14")
    regions = {r.code: r for r in recap.nphd_compliance_by_region(admin, crafted["election"], date(2020, 12, 1))}
    assert regions["32.04"].recipients == {"kpu": nphd.ON_TIME, "bawaslu": nphd.MISSING}
    assert regions["32.04"].worst_status == nphd.MISSING and regions["32.04"].late == 1
    assert regions["13"].percent == Decimal("40.00") and regions["13"].missing == 2
    below = recap.nphd_compliance_by_region(
        admin, crafted["election"], date(2020, 12, 1), threshold_percent=Decimal(50)
    )
    assert [r.code for r in below] == ["13"]
    assert (
        recap.nphd_realisation(personas["operator.kotabandung"], crafted["election"], date(2020, 12, 1))[-1].amount == 0
    )


def test_the_overview_gives_every_recap_at_once(personas: dict, crafted: dict) -> None:
    user, election = personas["analis.nasional"], crafted["election"]
    overview = recap.violation_overview(user, election, level="kabkota", province=f.region("32"))
    assert overview.total == 4
    assert [(r.code, r.count) for r in overview.regions] == [("32.04", 4)]
    assert [r.count for r in overview.periods.rows] == [2, 1, 0, 0, 0, 0, 0, 0]
    assert overview.periods.before_campaign == 1
    assert counts(overview.types) == {"over_capacity": 2, "no_masks": 2, "banned_activity": 1}
    national = recap.violation_overview(user, election)
    assert national.total == 7 and counts(national.stages) == counts(recap.violations_by_stage(user, election))
