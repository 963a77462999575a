"""/api/v1/ for Pilkada: scope (another region's object → 404), roles (health → 403), filters,
violation create with refusals (nothing written), recap and compliance numbers equal the
recap module's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from waspada.core.models import AuditEvent
from waspada.elections import recap, services
from waspada.elections.models import HealthEvent, ProkesViolation

from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def data(personas: dict) -> dict[str, Any]:
    admin = personas["admin"]
    contest = f.contest("32.04")
    p1 = f.pair(admin, contest, 1, head="Ahmad")
    v = f.violation(admin, contest, f.at(2020, 10, 1), pair=p1)
    other = f.violation(admin, f.contest("51.71"), f.at(2020, 10, 12), no_masks=True)
    event = services.health_event_create(
        actor=personas["operator.kabbandung"],
        data=services.HealthEventInput(
            pair=p1, person="kepala", kind=HealthEvent.Kind.POSITIVE, occurred_on=date(2020, 10, 2), source="Dinkes"
        ),
    )
    grant = f.grant(admin, contest, "kpu", "1000000", date(2020, 7, 1))
    services.disbursement_create(actor=admin, agreement=grant, paid_on=date(2020, 7, 10), amount=Decimal("400000"))
    return {"contest": contest, "p1": p1, "v": v, "other": other, "event": event, "grant": grant}


def body(contest: Any, **overrides: Any) -> dict[str, Any]:
    values = {
        "contest": str(contest.public_id),
        "occurred_at": "2020-10-10T14:30:00+07:00",
        "region": "32.04",
        "activity": "rapat_umum",
        "source": "bawaslu",
        "over_capacity": True,
        "participants": 300,
    }
    values.update(overrides)
    return values


def test_elections_list_their_stages_and_campaign_periods(login_as) -> None:
    response = login_as("operator.kabbandung").get(f"{API}/elections/pilkada-2020/")
    assert response.status_code == 200
    data = response.json()
    assert data["voting_date"] == "2020-12-09"
    assert data["campaign_periods"][0] == {"number": 1, "starts_on": "2020-09-26", "ends_on": "2020-10-05"}
    assert any(s["is_campaign"] for s in data["stages"])
    assert login_as("operator.kabbandung").get(f"{API}/elections/tidak-ada/").status_code == 404


def test_contests_and_violations_are_scoped(login_as, data) -> None:
    own = login_as("operator.kabbandung")
    contests = own.get(f"{API}/contests/?pemilihan=pilkada-2020").json()["results"]
    assert [c["region"]["code"] for c in contests] == ["32.04"]
    violations = own.get(f"{API}/violations/?pemilihan=pilkada-2020").json()["results"]
    assert [v["public_id"] for v in violations] == [str(data["v"].public_id)]
    assert violations[0]["pair"] == str(data["p1"].public_id)
    stranger = login_as("operator.kotabandung")
    for url in (
        f"{API}/contests/{data['contest'].public_id}/",
        f"{API}/candidate-pairs/{data['p1'].public_id}/",
        f"{API}/violations/{data['v'].public_id}/",
        f"{API}/health-events/{data['event'].public_id}/",
        f"{API}/grant-agreements/{data['grant'].public_id}/",
    ):
        assert stranger.get(url).status_code == 404, url
        assert own.get(url).status_code == 200, url


def test_the_violation_list_filters(login_as, data) -> None:
    client = login_as("analis.nasional")
    base = f"{API}/violations/?pemilihan=pilkada-2020"
    assert len(client.get(base).json()["results"]) == 2
    assert len(client.get(base + "&wilayah=51").json()["results"]) == 1
    assert len(client.get(base + f"&paslon={data['p1'].public_id}").json()["results"]) == 1
    assert client.get(base + "&kegiatan=bukan").status_code == 400


def test_an_operator_creates_a_violation_and_bad_input_writes_nothing(login_as, data, personas) -> None:
    client = login_as("operator.kabbandung")
    created = client.post(
        f"{API}/violations/", body(data["contest"], pair=str(data["p1"].public_id)), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["stage"] == "kampanye" or created.json()["stage"]
    before = ProkesViolation.objects.count()
    outside = client.post(
        f"{API}/violations/",
        body(data["contest"], occurred_at="2019-01-05T10:00:00+07:00"),
        content_type="application/json",
    )
    assert outside.status_code == 400
    assert "di luar semua tahapan" in outside.json()["errors"][0]["detail"]
    other_pair = f.pair(personas["admin"], f.contest("32.03"), 1)
    wrong = client.post(
        f"{API}/violations/", body(data["contest"], pair=str(other_pair.public_id)), content_type="application/json"
    )
    assert wrong.status_code in (400, 404)
    assert ProkesViolation.objects.count() == before
    assert (
        login_as("pimpinan")
        .post(f"{API}/violations/", body(data["contest"]), content_type="application/json")
        .status_code
        == 403
    )


def test_a_paslon_of_another_contest_is_refused_with_the_services_message(login_as, data, personas) -> None:
    other_pair = f.pair(personas["admin"], f.contest("32.03"), 1)
    response = login_as("verifikator.jabar").post(
        f"{API}/violations/", body(data["contest"], pair=str(other_pair.public_id)), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "pair"


def test_health_events_need_a_health_role_and_every_view_is_audited(login_as, data) -> None:
    assert login_as("verifikator.jabar").get(f"{API}/health-events/").status_code == 403
    viewed = AuditEvent.objects.filter(action="health_event.viewed")
    response = login_as("analis.nasional").get(f"{API}/health-events/?pemilihan=pilkada-2020")
    assert response.status_code == 200
    assert [e["kind"] for e in response.json()["results"]] == ["positif"]
    assert viewed.count() == 1


def test_the_recap_endpoint_returns_the_recap_pages_numbers(login_as, data, personas) -> None:
    response = login_as("analis.nasional").get(f"{API}/violations/recap/?pemilihan=pilkada-2020")
    assert response.status_code == 200
    got = response.json()
    expected = recap.violation_overview(personas["analis.nasional"], f.election())
    assert got["total"] == expected.total == 2
    assert [p["count"] for p in got["periods"]] == [r.count for r in expected.periods.rows]
    assert {r["code"]: r["count"] for r in got["regions"]} == {"32": 1, "51": 1}
    drill = login_as("analis.nasional").get(f"{API}/violations/recap/?pemilihan=pilkada-2020&wilayah=32").json()
    assert {r["code"]: r["count"] for r in drill["regions"]} == {"32.04": 1}
    assert login_as("operator.kotabandung").get(f"{API}/violations/recap/?wilayah=32.04").status_code == 404


def test_the_recap_endpoint_filtered_by_source_counts_only_that_sources_violations(login_as, data, personas) -> None:
    admin = personas["admin"]
    f.violation(admin, data["contest"], f.at(2020, 10, 20), pair=data["p1"], source=ProkesViolation.Source.POLICE)
    client = login_as("analis.nasional")
    police = client.get(f"{API}/violations/recap/?pemilihan=pilkada-2020&sumber=polri").json()
    assert police["total"] == 1
    assert {r["code"]: r["count"] for r in police["regions"]} == {"32": 1}
    assert [(r["label"], r["count"]) for r in police["pairs"]] == [(str(data["p1"]), 1)]
    assert client.get(f"{API}/violations/recap/?pemilihan=pilkada-2020&sumber=bawaslu").json()["total"] == 2
    assert client.get(f"{API}/violations/recap/?pemilihan=pilkada-2020").json()["total"] == 3
    drill = client.get(f"{API}/violations/recap/?pemilihan=pilkada-2020&wilayah=32&sumber=satgas").json()
    assert (drill["total"], drill["regions"]) == (0, [])
    # Another region's kabupaten/kota with a source: still 404; an unknown source: 400 in JSON.
    assert (
        login_as("operator.kotabandung").get(f"{API}/violations/recap/?wilayah=32.04&sumber=polri").status_code == 404
    )
    bad = client.get(f"{API}/violations/recap/?pemilihan=pilkada-2020&sumber=koran")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/") and "json" in bad["Content-Type"]
    assert "sumber" in str(bad.json())


def test_grant_detail_and_compliance(login_as, data) -> None:
    client = login_as("operator.kabbandung")
    detail = client.get(f"{API}/grant-agreements/{data['grant'].public_id}/").json()
    assert detail["amount"] == "1000000.00"
    assert detail["disbursements"] == [{"paid_on": "2020-07-10", "amount": "400000.00", "reference": ""}]
    assert detail["compliance"]["tranches"][0]["status"] == "on_time"
    summary = client.get(f"{API}/grant-agreements/compliance/?pemilihan=pilkada-2020&per=2020-12-31").json()
    kpu = next(r for r in summary["realisation"] if r["key"] == "kpu")
    assert (kpu["amount"], kpu["paid"], kpu["percent"]) == ("1000000.00", "400000.00", "40.00")
    assert [r["code"] for r in summary["regions"]] == ["32.04"]
