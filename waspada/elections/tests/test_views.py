"""Pilkada pages: scope (another region's object → 404, roles without the right → 403), the
violation form (bad input → message, nothing written), health data visibility and audit, the
recap page's numbers against ``elections.recap``, NPHD disbursement and compliance, exports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waspada.core.models import AuditEvent
from waspada.elections import recap, services
from waspada.elections.models import Disbursement, HealthEvent, ProkesViolation

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def kab_bandung(personas: dict) -> dict[str, Any]:
    admin = personas["admin"]
    contest = f.contest("32.04")
    p1 = f.pair(admin, contest, 1, head="Ahmad")
    p2 = f.pair(admin, contest, 2, head="Budi")
    v = f.violation(admin, contest, f.at(2020, 10, 1), pair=p1)
    return {"contest": contest, "p1": p1, "p2": p2, "violation": v}


def form_data(contest: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "pemilihan_daerah": str(contest.public_id),
        "pair": "",
        "occurred_at": "2020-10-10T14:30",
        "region": contest.region.code,
        "activity": ProkesViolation.Activity.RALLY,
        "participants": "200",
        "over_capacity": "on",
        "no_masks": "on",
        "source": ProkesViolation.Source.BAWASLU,
        "sanction": ProkesViolation.Sanction.DISPERSAL,
    }
    data.update(overrides)
    return data


def test_the_pilkada_home_lists_the_2020_stage_calendar(login_as) -> None:
    response = login_as("analis.nasional").get(reverse("elections:home"))
    assert response.status_code == 200
    assert "Pilkada" in response.content.decode()
    assert b"election-pilkada-2020" in response.content


def test_the_nav_shows_pilkada_to_officers_and_not_to_fkdm(login_as) -> None:
    assert b'href="/pilkada/"' in login_as("operator.kabbandung").get(reverse("dashboards:home")).content
    assert b'href="/pilkada/"' not in login_as("fkdm.kotabandung").get(reverse("dashboards:home")).content


def test_fkdm_gets_403_on_the_pilkada_pages(login_as) -> None:
    client = login_as("fkdm.kotabandung")
    for name in ("elections:home", "elections:violation_list", "elections:recap", "elections:grant_list"):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_contest_list_is_scoped(login_as) -> None:
    body = login_as("operator.kabbandung").get(reverse("elections:contest_list") + "?pemilihan=pilkada-2020")
    assert body.status_code == 200
    assert body.context["total"] == 1  # only Kabupaten Bandung's own contest
    national = login_as("analis.nasional").get(reverse("elections:contest_list") + "?pemilihan=pilkada-2020")
    assert national.context["total"] == 270


def test_an_unknown_election_is_refused_with_a_message(login_as) -> None:
    response = login_as("analis.nasional").get(reverse("elections:violation_list") + "?pemilihan=tidak-ada")
    assert response.status_code == 400
    assert "tidak dikenal" in response.content.decode()


def test_another_regions_contest_violation_and_grant_answer_404(login_as, personas, kab_bandung) -> None:
    grant = f.grant(personas["admin"], kab_bandung["contest"], "kpu", "1000000", date(2020, 7, 1))
    client = login_as("operator.kotabandung")
    urls = [
        reverse("elections:contest_detail", kwargs={"public_id": kab_bandung["contest"].public_id}),
        reverse("elections:violation_detail", kwargs={"public_id": kab_bandung["violation"].public_id}),
        reverse("elections:violation_edit", kwargs={"public_id": kab_bandung["violation"].public_id}),
        reverse("elections:grant_detail", kwargs={"public_id": grant.public_id}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    owner = login_as("operator.kabbandung")
    for url in urls:
        assert owner.get(url).status_code == 200, url


def test_pimpinan_reads_but_gets_403_on_the_violation_form(login_as, kab_bandung) -> None:
    client = login_as("pimpinan")
    assert (
        client.get(
            reverse("elections:violation_detail", kwargs={"public_id": kab_bandung["violation"].public_id})
        ).status_code
        == 200
    )
    assert client.get(reverse("elections:violation_create")).status_code == 403
    url = reverse("elections:violation_edit", kwargs={"public_id": kab_bandung["violation"].public_id})
    assert client.post(url, form_data(kab_bandung["contest"])).status_code == 403


def test_an_operator_registers_a_violation_for_a_paslon_during_the_campaign(login_as, kab_bandung) -> None:
    contest = kab_bandung["contest"]
    client = login_as("operator.kabbandung")
    url = reverse("elections:violation_create") + f"?pemilihan_daerah={contest.public_id}"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(contest, pair=str(kab_bandung["p2"].public_id)))
    assert response.status_code == 302
    v = ProkesViolation.objects.get(pair=kab_bandung["p2"])
    # 14:30 WIB is 07:30 UTC; the stage comes from the date (campaign).
    assert v.occurred_at == datetime(2020, 10, 10, 7, 30, tzinfo=UTC)
    assert v.stage is not None and v.stage.is_campaign
    assert v.over_capacity and v.no_masks and not v.no_distancing
    detail = client.get(response["Location"])
    assert "Budi 2" in detail.content.decode()
    assert "10-10-2020 14:30 WIB" in detail.content.decode()


def test_a_violation_outside_every_stage_is_refused_and_nothing_is_written(login_as, kab_bandung) -> None:
    contest = kab_bandung["contest"]
    before = ProkesViolation.objects.count()
    url = reverse("elections:violation_create") + f"?pemilihan_daerah={contest.public_id}"
    response = login_as("operator.kabbandung").post(url, form_data(contest, occurred_at="2019-01-05T10:00"))
    assert response.status_code == 400
    assert "di luar semua tahapan" in response.content.decode()
    assert ProkesViolation.objects.count() == before


def test_a_paslon_of_another_contest_is_refused_and_nothing_is_written(login_as, personas, kab_bandung) -> None:
    other = f.pair(personas["admin"], f.contest("32.03"), 1, head="Lain")
    contest = kab_bandung["contest"]
    before = ProkesViolation.objects.count()
    url = reverse("elections:violation_create") + f"?pemilihan_daerah={contest.public_id}"
    response = login_as("verifikator.jabar").post(url, form_data(contest, pair=str(other.public_id)))
    assert response.status_code == 400
    assert "bukan peserta pemilihan daerah" in response.content.decode()
    assert ProkesViolation.objects.count() == before


def test_an_edit_changes_the_violation_and_a_stale_edit_is_refused(login_as, kab_bandung) -> None:
    v = kab_bandung["violation"]
    client = login_as("operator.kabbandung")
    url = reverse("elections:violation_edit", kwargs={"public_id": v.public_id})
    assert client.get(url).status_code == 200
    ok = client.post(url, {**form_data(kab_bandung["contest"], participants="75"), "version": str(v.version)})
    assert ok.status_code == 302
    v.refresh_from_db()
    assert v.participants == 75
    stale = client.post(url, {**form_data(kab_bandung["contest"], participants="80"), "version": "1"})
    assert stale.status_code == 409
    v.refresh_from_db()
    assert v.participants == 75


def test_the_violation_list_filters_by_region_and_activity(login_as, kab_bandung) -> None:
    client = login_as("analis.nasional")
    base = reverse("elections:violation_list") + "?pemilihan=pilkada-2020"
    assert client.get(base + "&wilayah=32.04").context["page"].paginator.count == 1
    assert client.get(base + "&kegiatan=konser").context["page"].paginator.count == 0
    assert client.get(base + "&kegiatan=xx").status_code == 400


def test_the_recap_page_shows_the_numbers_of_the_recap_module(login_as, personas, kab_bandung) -> None:
    admin = personas["admin"]
    contest = kab_bandung["contest"]
    f.violation(admin, contest, f.at(2020, 10, 7), pair=kab_bandung["p2"], activity=ProkesViolation.Activity.CONCERT)
    f.violation(admin, f.contest("51.71"), f.at(2020, 10, 20), no_masks=True)
    user = personas["analis.nasional"]
    response = login_as("analis.nasional").get(reverse("elections:recap") + "?pemilihan=pilkada-2020")
    assert response.status_code == 200
    expected = recap.violation_overview(user, f.election())
    page = response.context["overview"]
    assert page.total == expected.total == 3
    assert [r.count for r in page.periods.rows] == [r.count for r in expected.periods.rows] == [1, 1, 1, 0, 0, 0, 0, 0]
    assert {r.code: r.count for r in page.regions} == {"32": 2, "51": 1}
    pairs = {r.label: r.count for r in response.context["pairs"]}
    assert pairs == {r.label: r.count for r in recap.violations_by_pair(user, f.election(), limit=20)}
    body = response.content.decode()
    assert 'data-testid="period-chart"' in body
    # Drill-down to a province lists its kabupaten/kota.
    drill = login_as("analis.nasional").get(reverse("elections:recap") + "?pemilihan=pilkada-2020&wilayah=32")
    assert {r.code: r.count for r in drill.context["overview"].regions} == {"32.04": 2}


def test_the_recap_page_filtered_by_source_reads_the_rollup_and_not_the_violations(
    login_as, personas, kab_bandung
) -> None:
    admin = personas["admin"]
    police = ProkesViolation.Source.POLICE
    f.violation(admin, kab_bandung["contest"], f.at(2020, 10, 7), pair=kab_bandung["p2"], source=police)
    f.violation(admin, f.contest("51.71"), f.at(2020, 10, 20), source=police)
    client = login_as("analis.nasional")
    url = reverse("elections:recap") + "?pemilihan=pilkada-2020&sumber=polri"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if "elections_prokesviolation" in q["sql"]]
    page = response.context["overview"]
    assert page.total == 2
    assert {r.code: r.count for r in page.regions} == {"32": 1, "51": 1}
    assert [(r.label, r.count) for r in response.context["pairs"]] == [
        (str(kab_bandung["p2"]), 1),
        (
            "Bukan paslon (pendukung, penyelenggara, lainnya)",
            1,
        ),
    ]
    drill = client.get(url + "&wilayah=32")
    assert {r.code: r.count for r in drill.context["overview"].regions} == {"32.04": 1}
    assert (
        client.get(reverse("elections:recap") + "?pemilihan=pilkada-2020&sumber=bawaslu").context["overview"].total == 1
    )
    # Scope: another kabupaten/kota's drill-down answers 404; an unknown source: 400 with the reason.
    other = login_as("operator.kotabandung").get(reverse("elections:recap") + "?wilayah=32.04&sumber=polri")
    assert other.status_code == 404
    bad = client.get(reverse("elections:recap") + "?pemilihan=pilkada-2020&sumber=koran")
    assert bad.status_code == 400
    assert "Sumber «koran» tidak dikenal." in bad.content.decode()


def test_the_recap_of_a_regional_operator_counts_only_their_region(login_as, personas, kab_bandung) -> None:
    f.violation(personas["admin"], f.contest("51.71"), f.at(2020, 10, 20), no_masks=True)
    response = login_as("operator.kabbandung").get(reverse("elections:recap") + "?pemilihan=pilkada-2020")
    assert response.context["overview"].total == 1


def test_health_events_are_visible_to_health_readers_only_and_every_view_is_audited(
    login_as, personas, kab_bandung
) -> None:
    event = services.health_event_create(
        actor=personas["operator.kabbandung"],
        data=services.HealthEventInput(
            pair=kab_bandung["p1"],
            person="kepala",
            kind=HealthEvent.Kind.POSITIVE,
            occurred_on=date(2020, 10, 2),
            source="Dinkes",
        ),
    )
    detail = reverse("elections:health_detail", kwargs={"public_id": event.public_id})
    viewed = AuditEvent.objects.filter(action="health_event.viewed", object_id=str(event.public_id))
    assert login_as("verifikator.jabar").get(reverse("elections:health_list")).status_code == 403
    assert login_as("verifikator.jabar").get(detail).status_code == 404
    assert login_as("operator.kotabandung").get(detail).status_code == 404
    assert viewed.count() == 0
    response = login_as("operator.kabbandung").get(detail)
    assert response.status_code == 200 and "Ahmad 1" in response.content.decode()
    assert viewed.count() == 1
    listing = login_as("analis.nasional").get(reverse("elections:health_list") + "?pemilihan=pilkada-2020")
    assert listing.status_code == 200 and "Ahmad 1" in listing.content.decode()
    assert viewed.count() == 2
    last = viewed.order_by("id").last()
    assert last is not None and last.actor == personas["analis.nasional"]
    # The recap's health summary is shown to health readers only.
    recap_url = reverse("elections:recap") + "?pemilihan=pilkada-2020"
    assert "health" in login_as("analis.nasional").get(recap_url).context
    assert "health" not in login_as("verifikator.jabar").get(recap_url).context


def test_a_disbursement_changes_the_tranche_compliance(login_as, personas, kab_bandung) -> None:
    grant = f.grant(personas["admin"], kab_bandung["contest"], "kpu", "1000000", date(2020, 7, 1))
    url = reverse("elections:grant_detail", kwargs={"public_id": grant.public_id})
    client = login_as("operator.kabbandung")
    before = client.get(url).context["compliance"]
    assert before.tranches[0].status == "missing"
    response = client.post(url, {"paid_on": "2020-07-10", "amount": "400000", "reference": "SP2D/1"})
    assert response.status_code == 302
    after = client.get(url).context["compliance"]
    assert after.tranches[0].status == "on_time"
    assert after.paid == Decimal("400000")
    page = client.get(reverse("elections:compliance") + "?pemilihan=pilkada-2020").context
    assert [r.code for r in page["rows"]] == ["32.04"]
    data = client.get(reverse("elections:compliance_map") + "?pemilihan=pilkada-2020").json()
    assert data["statuses"] == {"32.04": page["rows"][0].worst_status}


def test_a_disbursement_beyond_the_agreed_amount_is_refused_and_nothing_is_written(
    login_as, personas, kab_bandung
) -> None:
    grant = f.grant(personas["admin"], kab_bandung["contest"], "kpu", "1000000", date(2020, 7, 1))
    url = reverse("elections:grant_detail", kwargs={"public_id": grant.public_id})
    response = login_as("operator.kabbandung").post(url, {"paid_on": "2020-07-10", "amount": "1000000.01"})
    assert response.status_code == 400
    assert Disbursement.objects.count() == 0
    assert login_as("pimpinan").post(url, {"paid_on": "2020-07-10", "amount": "10"}).status_code == 403


def test_the_dashboard_shows_todays_stage_only_during_an_election(login_as, monkeypatch) -> None:
    from waspada.elections.templatetags import elections as tags

    client = login_as("operator.kabbandung")
    assert b"dashboard-today-stage" not in client.get(reverse("dashboards:home")).content  # Dec 2026: none
    monkeypatch.setattr(tags, "today", lambda: date(2020, 10, 6))
    body = client.get(reverse("dashboards:home")).content.decode()
    assert 'data-testid="dashboard-today-stage"' in body
    assert "Kampanye" in body
