"""/api/v1/ for RAD Terpadu: scope (another region's object → 404), roles, filters, completeness
equal to the page's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from waspada.actionplans.tests import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1"
LoginAs = Callable[[str], Client]


@pytest.fixture
def data(personas: dict[str, Any]) -> dict[str, Any]:
    kota, kab = personas["operator.kotabandung"], personas["operator.kabbandung"]
    p1 = f.plan(kota, "32.73", 2025)
    a1 = f.action(kota, p1, budget="1250000.50")
    r1 = f.submit(kota, f.report(kota, p1), f.at(2025, 5, 2), realisation="45.5")
    p2 = f.plan(kab, "32.04", 2025)
    f.action(kab, p2, stage="pemulihan")
    r2 = f.submit(kab, f.report(kab, p2), f.at(2025, 6, 1))
    return {"p1": p1, "a1": a1, "r1": r1, "p2": p2, "r2": r2}


def test_lists_and_details_are_scoped(login_as: LoginAs, data: dict[str, Any]) -> None:
    client = login_as("operator.kotabandung")
    plans = client.get(f"{API}/action-plans/").json()["results"]
    assert [p["region"] for p in plans] == ["32.73"]
    detail = client.get(f"{API}/action-plans/{data['p1'].public_id}/").json()
    assert detail["actions"][0]["budget"] == "1250000.50" and detail["actions"][0]["stage"] == "pencegahan"
    assert client.get(f"{API}/action-plans/{data['p2'].public_id}/").status_code == 404
    assert client.get(f"{API}/progress-reports/{data['r2'].public_id}/").status_code == 404
    report = client.get(f"{API}/progress-reports/{data['r1'].public_id}/").json()
    assert report["period_key"] == "2025-B04" and report["entries"][0]["realisation"] == "45.50"
    assert report["is_late"] is False and report["status"] == "submitted"
    assert [a["plan"] for a in client.get(f"{API}/plan-actions/").json()["results"]] == [str(data["p1"].public_id)]


def test_filters_and_bad_input_answer_json(login_as: LoginAs, data: dict[str, Any]) -> None:
    client = login_as("verifikator.jabar")
    late = client.get(f"{API}/progress-reports/", {"periode": "B04", "tahun": "2025"}).json()["results"]
    assert {(r["region"], r["is_late"]) for r in late} == {("32.73", False), ("32.04", True)}
    assert [a["stage"] for a in client.get(f"{API}/plan-actions/", {"tahap": "pemulihan"}).json()["results"]] == [
        "pemulihan"
    ]
    bad = client.get(f"{API}/progress-reports/completeness/", {"periode": "2025-B05"})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/json")
    assert client.get(f"{API}/action-plans/", {"tahun": "abc"}).status_code == 400
    assert login_as("fkdm.kotabandung").get(f"{API}/action-plans/").status_code == 403


def test_completeness_equals_the_pages_numbers(login_as: LoginAs, data: dict[str, Any]) -> None:
    client = login_as("analis.nasional")
    body = client.get(f"{API}/progress-reports/completeness/", {"periode": "2025-B04"}).json()
    jabar = next(r for r in body["rows"] if r["code"] == "32")
    assert jabar["tally"] == {
        "expected": 28,
        "received": 2,
        "on_time": 1,
        "late": 1,
        "missing": 26,
        "completeness": "7.1",
    }
    drill = client.get(f"{API}/progress-reports/completeness/", {"periode": "2025-B04", "provinsi": "32"}).json()
    status = {r["code"]: r["status"] for r in drill["rows"]}
    assert (status["32.73"], status["32.04"], status["32.01"]) == ("on_time", "late", "missing")
    # Outside the caller's scope: the same 404 as a missing province.
    assert (
        login_as("verifikator.jabar")
        .get(f"{API}/progress-reports/completeness/", {"periode": "2025-B04", "provinsi": "51"})
        .status_code
        == 404
    )
