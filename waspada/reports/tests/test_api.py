"""/api/v1/reports/: list, detail, writes through the services, completeness, scope and errors.

The clock is fixed inside the reported week (``clock`` fixture) so that the API, which uses
the real clock, writes exactly as a person would during that week.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from waspada.accounts.services import role_assign, user_create
from waspada.core.models import AuditEvent
from waspada.regions.models import Region
from waspada.reports import calendar, selectors, services
from waspada.reports.api import PERIOD_PATTERN, tally_fields
from waspada.reports.models import SituationReport
from waspada.reports.tests.factories import during, full_content, open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"
LIST = "/api/v1/reports/"
NIL = "/api/v1/reports/nil/"
COMPLETENESS = "/api/v1/reports/completeness/"
MISSING_ID = "00000000-0000-4000-8000-000000000000"


# --- fixtures and helpers ------------------------------------------------------------------------


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """``timezone.now()`` fixed inside WEEK (Wednesday 00:00 WIB); set ``clock.moment`` to move it."""
    fixed = Clock(during(WEEK))
    monkeypatch.setattr(timezone, "now", fixed)
    return fixed


@pytest.fixture
def api(personas: dict[str, Any]) -> Callable[..., Client]:
    """``api("operator.kotabandung")`` → a cookie-less client sending that persona's DRF token
    (with TOTP set up, so the MFA gate lets national roles through)."""
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    def make(username: str, *, totp: bool = True) -> Client:
        user = personas[username]
        if totp:
            Authenticator.objects.get_or_create(
                user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
            )
        return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")

    return make


@pytest.fixture
def operator(api: Callable[..., Client], clock: Clock) -> Client:
    open_week(WEEK)
    return api("operator.kotabandung")


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: Any) -> Any:
    return client.patch(url, body, content_type="application/json")


def detail_url(public_id: Any, action: str = "") -> str:
    return f"{LIST}{public_id}/" + (f"{action}/" if action else "")


def error_of(response: Any, status: int) -> dict[str, Any]:
    """A JSON problem in the drf-standardized-errors shape, never HTML."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["errors"], body
    for error in body["errors"]:
        assert {"code", "detail", "attr"} <= set(error)
        assert error["detail"]
    return body


def sole_error(response: Any, status: int) -> dict[str, Any]:
    body = error_of(response, status)
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def create(client: Client, region: str = "32.73", content: dict[str, Any] | None = None) -> dict[str, Any]:
    response = post(client, LIST, {"region": region, "period": WEEK, "content": content or full_content()})
    assert response.status_code == 201, response.content
    return response.json()


def state() -> tuple[int, int, int]:
    """What a refused request must leave untouched: reports, their versions, audit events."""
    return (
        SituationReport.objects.count(),
        sum(SituationReport.objects.values_list("version", flat=True)),
        AuditEvent.objects.count(),
    )


def kabupaten_bandung_report() -> SituationReport:
    from waspada.accounts.models import User

    return submitted_report(User.objects.get(username="operator.kabbandung"), "32.04", WEEK)


# --- reading -------------------------------------------------------------------------------------


def test_the_detail_gives_content_levels_status_version_and_times_in_utc_and_local(operator, personas):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK, level="siaga")
    body = operator.get(detail_url(report.public_id)).json()
    assert body["public_id"] == str(report.public_id)
    assert body["region"] == {"code": "32.73", "name": "Kota Bandung", "level": "kota", "timezone": "WIB"}
    assert body["province_code"] == "32"
    assert body["period"] == {"key": WEEK, "start": "2020-09-28", "end": "2020-10-04"}
    assert (body["status"], body["status_display"], body["is_nil"]) == ("submitted", "Terkirim", False)
    assert body["version"] == report.version
    assert body["content"] == report.content
    assert set(body["levels"].values()) == {"siaga"} and "politik" in body["levels"]
    assert body["max_level"]["code"] == "siaga"
    assert body["submitted_at"] == "2020-09-29T17:00:00Z"
    assert body["submitted_at_local"] == "30-09-2020 00:00 WIB"
    assert body["deadline"] == "2020-10-05T05:00:00Z"
    assert body["deadline_local"] == "05-10-2020 12:00 WIB"
    assert body["was_late"] is False
    assert body["submitted_by"] == {"username": "operator.kotabandung", "full_name": "Operator Kota Bandung"}
    assert body["template"]["version"] == report.template.version
    [snapshot] = body["snapshots"]
    assert snapshot["number"] == 1 and snapshot["submitted_at_local"] == "30-09-2020 00:00 WIB"
    assert snapshot["content_hash"] == report.snapshots.get().content_hash


def test_a_wit_regions_times_are_shown_in_wit_and_its_deadline_is_two_hours_earlier_in_utc(api, clock):
    papua = user_create(actor=None, username="ver.papua", password=None, full_name="Verifikator Papua")
    role_assign(actor=None, user=papua, role="verifikator", region=Region.objects.get(code="91"))
    report = submitted_report(papua, "91", WEEK, nil=True)
    body = api("analis.nasional").get(detail_url(report.public_id)).json()
    assert body["deadline"] == "2020-10-05T03:00:00Z"
    assert body["deadline_local"] == "05-10-2020 12:00 WIT"
    assert body["submitted_at_local"] == "30-09-2020 02:00 WIT"


def test_the_list_filters_by_period_region_province_status_and_nil(api, personas, clock):
    submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    submitted_report(personas["operator.kabbandung"], "32.04", WEEK, nil=True)
    submitted_report(personas["operator.kotabandung"], "32.73", "2020-W39", at=during("2020-W39"))
    client = api("analis.nasional")

    def rows(**params: Any) -> list[tuple[str, str]]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return [(r["region"]["code"], r["period"]["key"]) for r in response.json()["results"]]

    assert rows() == [("32.04", WEEK), ("32.73", WEEK), ("32.73", "2020-W39")]
    assert rows(period=WEEK) == [("32.04", WEEK), ("32.73", WEEK)]
    assert rows(region="32.73") == [("32.73", WEEK), ("32.73", "2020-W39")]
    assert rows(province="32", period="2020-W39") == [("32.73", "2020-W39")]
    assert rows(province="11") == []
    assert rows(is_nil="true") == [("32.04", WEEK)]
    assert rows(is_nil="false", period=WEEK) == [("32.73", WEEK)]
    assert rows(status="submitted", region="32.04") == [("32.04", WEEK)]
    assert rows(status="draft") == []
    assert rows(region="99.99") == []
    assert rows(period="2020-W41") == []  # not opened
    assert rows(province="99") == []


def test_the_list_pages_with_a_cursor(api, personas, clock):
    for key in ("2020-W38", "2020-W39", WEEK):
        submitted_report(personas["operator.kotabandung"], "32.73", key, at=during(key))
        submitted_report(personas["operator.kabbandung"], "32.04", key, at=during(key))
    client = api("verifikator.jabar")
    seen = []
    page = client.get(LIST, {"page_size": 4}).json()
    seen += [(r["period"]["key"], r["region"]["code"]) for r in page["results"]]
    page = client.get(page["next"]).json()
    seen += [(r["period"]["key"], r["region"]["code"]) for r in page["results"]]
    assert page["next"] is None
    assert seen == [(k, c) for k in (WEEK, "2020-W39", "2020-W38") for c in ("32.04", "32.73")]


def test_a_2020_region_code_is_accepted_in_filters_and_writes(api, monkeypatch):
    key = "2023-W10"
    monkeypatch.setattr(timezone, "now", Clock(during(key)))
    open_week(key)
    user = user_create(actor=None, username="op.merauke", password=None, full_name="Operator Merauke")
    role_assign(actor=None, user=user, role="operator", region=Region.objects.get(code="93.01"))
    from rest_framework.authtoken.models import Token

    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = post(client, NIL, {"region": "91.01", "period": key})  # Merauke's code before 2022
    assert response.status_code == 201, response.content
    assert response.json()["region"]["code"] == "93.01"
    listed = client.get(LIST, {"region": "91.01"}).json()["results"]
    assert [r["region"]["code"] for r in listed] == ["93.01"]


# --- writing -------------------------------------------------------------------------------------


def test_an_operator_creates_a_draft_and_updates_it_with_its_version(operator):
    created = create(operator, content=full_content(narrative="Pertama."))
    assert (created["status"], created["region"]["code"], created["period"]["key"]) == ("draft", "32.73", WEEK)
    assert created["snapshots"] == [] and created["first_submitted_at"] is None
    updated = patch(
        operator,
        detail_url(created["public_id"]),
        {"version": created["version"], "content": full_content("waspada", narrative="Kedua.")},
    )
    assert updated.status_code == 200, updated.content
    body = updated.json()
    assert body["version"] == created["version"] + 1
    assert body["content"]["sections"]["politik"]["narrative"] == "Politik: Kedua."
    assert SituationReport.objects.get(public_id=created["public_id"]).search_text.count("Kedua.") > 0


def test_an_operator_submits_its_draft_and_a_snapshot_is_listed(operator):
    created = create(operator)
    response = post(operator, detail_url(created["public_id"], "submit"), {"version": created["version"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["first_submitted_at"] == "2020-09-29T17:00:00Z"
    assert [s["number"] for s in body["snapshots"]] == [1]


def test_a_submission_may_carry_its_final_content(operator):
    created = create(operator, content={"sections": {}})
    response = post(
        operator,
        detail_url(created["public_id"], "submit"),
        {"version": created["version"], "content": full_content("awas")},
    )
    assert response.status_code == 200, response.content
    assert response.json()["max_level"]["code"] == "awas"


def test_a_nil_report_is_created_and_submitted_in_one_call(operator):
    response = post(operator, NIL, {"region": "32.73", "period": WEEK, "note": "Tidak ada kejadian menonjol."})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["is_nil"], body["max_level"]) == ("submitted", True, None)
    assert body["content"]["nil_note"] == "Tidak ada kejadian menonjol."
    assert len(body["snapshots"]) == 1


def test_a_nil_report_sends_an_existing_draft_and_answers_200(operator):
    created = create(operator)
    response = post(operator, NIL, {"region": "32.73", "period": WEEK, "version": created["version"]})
    assert response.status_code == 200, response.content
    assert response.json()["public_id"] == created["public_id"] and response.json()["is_nil"] is True


def test_the_whole_lifecycle_through_the_api(api, operator):
    verifikator, analis = api("verifikator.jabar"), api("analis.nasional")
    report = create(operator)
    report = post(operator, detail_url(report["public_id"], "submit"), {"version": report["version"]}).json()
    assert report["status"] == "submitted"

    returned = post(
        verifikator,
        detail_url(report["public_id"], "return"),
        {"version": report["version"], "reason": "Lengkapi data unjuk rasa."},
    )
    assert returned.status_code == 200, returned.content
    report = returned.json()
    assert (report["status"], report["return_reason"]) == ("returned", "Lengkapi data unjuk rasa.")
    assert report["decided_by"]["username"] == "verifikator.jabar"

    fixed = patch(
        operator, detail_url(report["public_id"]), {"version": report["version"], "content": full_content("waspada")}
    ).json()
    report = post(operator, detail_url(report["public_id"], "submit"), {"version": fixed["version"]}).json()
    assert report["status"] == "submitted" and len(report["snapshots"]) == 2

    verified = post(verifikator, detail_url(report["public_id"], "verify"), {"version": report["version"]})
    assert verified.status_code == 200, verified.content
    report = verified.json()
    assert report["status"] == "verified"

    accepted = post(analis, detail_url(report["public_id"], "accept"), {"version": report["version"]})
    assert accepted.status_code == 200, accepted.content
    report = accepted.json()
    assert report["status"] == "accepted"
    assert report["accepted_by"]["username"] == "analis.nasional"
    assert report["accepted_at"] == "2020-09-29T17:00:00Z"
    assert report["first_submitted_at"] == report["snapshots"][0]["submitted_at"]


# --- conflicts -----------------------------------------------------------------------------------


def test_a_stale_version_answers_409_naming_who_changed_it_and_the_current_version(operator, api):
    created = create(operator, content=full_content(narrative="Asli."))
    patch(operator, detail_url(created["public_id"]), {"version": created["version"], "content": full_content()})
    before = state()
    response = patch(
        operator,
        detail_url(created["public_id"]),
        {"version": created["version"], "content": full_content(narrative="Timpa.")},
    )
    error = sole_error(response, 409)
    assert error["code"] == "stale"
    assert "sudah diubah oleh Operator Kota Bandung pada 30-09-2020 00:00 WIB" in error["detail"]
    body = response.json()
    assert body["current_version"] == created["version"] + 1
    assert body["public_id"] == created["public_id"]
    assert state() == before
    assert "Timpa." not in SituationReport.objects.get(public_id=created["public_id"]).search_text


@pytest.mark.parametrize("action", ["submit", "verify", "accept"])
def test_a_stale_version_on_an_action_answers_409_and_changes_nothing(api, personas, clock, action):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    if action == "accept":
        report = services.report_verify(user=personas["verifikator.jabar"], report=report, version=report.version)
    client = {"submit": "operator.kotabandung", "verify": "verifikator.jabar", "accept": "analis.nasional"}[action]
    before = state()
    response = post(api(client), detail_url(report.public_id, action), {"version": report.version - 1})
    assert sole_error(response, 409)["code"] == "stale"
    assert response.json()["current_version"] == report.version
    assert state() == before


def test_creating_a_report_that_exists_answers_409_with_the_existing_one(operator):
    created = create(operator)
    before = state()
    response = post(operator, LIST, {"region": "32.73", "period": WEEK, "content": full_content()})
    error = sole_error(response, 409)
    assert error["code"] == "exists"
    assert "sudah ada" in error["detail"]
    assert response.json()["public_id"] == created["public_id"]
    assert response.json()["current_version"] == created["version"]
    assert state() == before


# --- completeness --------------------------------------------------------------------------------


def deadline(code: str) -> datetime:
    region = Region.objects.get(code=code)
    return services.programme_default().deadline_for(calendar.Week.parse(WEEK), region.timezone)


def crafted_week(personas: dict[str, Any]) -> None:
    """West Java, 2020-W40: Kota Bandung on time and then returned and resubmitted late;
    Kabupaten Bandung nil and late; Kota Bogor late; every other kabupaten/kota missing."""
    open_week(WEEK)
    first = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    returned = services.report_return(
        user=personas["verifikator.jabar"], report=first, version=first.version, reason="Tambah data."
    )
    services.report_submit(
        user=personas["operator.kotabandung"],
        report=returned,
        version=returned.version,
        content=full_content(),
        now=deadline("32.73") + timedelta(days=1),
    )
    submitted_report(
        personas["operator.kabbandung"], "32.04", WEEK, nil=True, at=deadline("32.04") + timedelta(hours=1)
    )
    bogor = user_create(actor=None, username="op.bogor", password=None, full_name="Operator Kota Bogor")
    role_assign(actor=None, user=bogor, role="operator", region=Region.objects.get(code="32.71"))
    submitted_report(bogor, "32.71", WEEK, at=deadline("32.71") + timedelta(seconds=1))
    submitted_report(personas["verifikator.jabar"], "32", WEEK)  # a province report: not kabkota


def test_completeness_of_a_crafted_week_is_exact_and_matches_the_selector(api, personas):
    crafted_week(personas)
    response = api("analis.nasional").get(COMPLETENESS, {"period": WEEK, "level": "kabkota", "province": "32"})
    assert response.status_code == 200, response.content
    body = response.json()
    west_java = [r.code for r in Region.objects.filter(code__startswith="32.", level__in=["kabupaten", "kota"])]
    assert len(west_java) == 27
    assert (body["period"], body["first_period"], body["weeks"], body["level"], body["province"]) == (
        WEEK,
        WEEK,
        1,
        "kabkota",
        "32",
    )
    assert (body["expected"], body["received"], body["on_time"], body["late"], body["missing"], body["nil"]) == (
        27,
        3,
        1,
        2,
        24,
        1,
    )
    assert body["late_codes"] == ["32.04", "32.71"]
    assert body["missing_codes"] == sorted(set(west_java) - {"32.73", "32.04", "32.71"})
    assert body["overdue"] == 24
    assert (body["completeness"], body["timeliness"]) == (11.1, 3.7)
    [province] = body["by_province"]
    assert (province["province"], province["name"], province["expected"], province["late_codes"]) == (
        "32",
        "Jawa Barat",
        27,
        ["32.04", "32.71"],
    )
    expected = selectors.completeness(
        personas["analis.nasional"], weeks=[calendar.Week.parse(WEEK)], level="kabkota", province_code="32"
    )
    fields = tally_fields(expected.total)
    fields["completeness"] = float(fields["completeness"])
    fields["timeliness"] = float(fields["timeliness"])
    assert {k: body[k] for k in fields} == fields


def test_completeness_by_province_over_several_weeks(api, personas):
    crafted_week(personas)
    body = api("analis.nasional").get(COMPLETENESS, {"period": "2020-W41", "weeks": 2, "level": "provinsi"}).json()
    assert (body["first_period"], body["period"], body["weeks"]) == (WEEK, "2020-W41", 2)
    assert (body["expected"], body["received"], body["on_time"]) == (68, 1, 1)
    assert len(body["by_province"]) == 34  # the 2022 Papua provinces did not exist yet
    west_java = next(p for p in body["by_province"] if p["province"] == "32")
    assert (west_java["expected"], west_java["received"], west_java["missing_codes"]) == (2, 1, ["32"])


def test_an_operator_sees_only_its_own_region_in_completeness(api, personas):
    crafted_week(personas)
    body = api("operator.kotabandung").get(COMPLETENESS, {"period": WEEK}).json()
    # Returned and resubmitted late, but its first submission was on time.
    assert (body["expected"], body["received"], body["on_time"], body["late_codes"], body["missing_codes"]) == (
        1,
        1,
        1,
        [],
        [],
    )
    assert [p["province"] for p in body["by_province"]] == ["32"]


def test_completeness_without_parameters_is_the_last_closed_week_for_every_level(api):
    body = api("operator.kotabandung").get(COMPLETENESS).json()
    assert body["period"] == selectors.default_week().key
    assert (body["level"], body["weeks"], body["expected"]) == ("semua", 1, 1)


def test_an_unopened_week_is_still_counted_as_expected_and_missing(api):
    body = api("verifikator.jabar").get(COMPLETENESS, {"period": "2030-W01", "level": "provinsi"}).json()
    assert (body["expected"], body["missing"], body["missing_codes"], body["completeness"]) == (1, 1, ["32"], 0.0)


def test_completeness_uses_a_constant_number_of_queries(api, personas, django_assert_max_num_queries):
    client = api("analis.nasional")
    client.get(COMPLETENESS, {"period": WEEK})  # warm the token and MFA rows
    with django_assert_max_num_queries(9):
        small = client.get(COMPLETENESS, {"period": WEEK, "level": "kabkota"})
    crafted_week(personas)
    with django_assert_max_num_queries(9):
        large = client.get(COMPLETENESS, {"period": WEEK, "weeks": 8})
    assert small.json()["received"] == 0 and large.json()["received"] == 4


def test_the_list_makes_no_query_per_row(api, personas, clock, django_assert_num_queries):
    client = api("verifikator.jabar")
    submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    client.get(LIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST).json()["results"]) == 1
    for key in ("2020-W36", "2020-W37", "2020-W38", "2020-W39"):
        submitted_report(personas["operator.kotabandung"], "32.73", key, at=during(key))
        submitted_report(personas["operator.kabbandung"], "32.04", key, at=during(key))
    with django_assert_num_queries(len(one)):
        assert len(client.get(LIST).json()["results"]) == 9


# --- scope and roles -----------------------------------------------------------------------------


def test_another_regions_report_answers_404_like_a_missing_one(operator):
    other = kabupaten_bandung_report()
    before = state()
    for public_id in (other.public_id, MISSING_ID):
        bodies = [
            operator.get(detail_url(public_id)),
            patch(operator, detail_url(public_id), {"version": 1, "content": full_content()}),
            *[
                post(operator, detail_url(public_id, a), {"version": other.version, "reason": "x"})
                for a in ("submit", "verify", "return", "accept")
            ],
        ]
        for response in bodies:
            assert sole_error(response, 404) == {"code": "not_found", "detail": "Data tidak ditemukan.", "attr": None}
    assert state() == before


def test_writing_for_another_region_answers_404_like_an_unknown_region(operator):
    before = state()
    for region in ("32.04", "99.99"):
        for url, body in ((LIST, {"content": full_content()}), (NIL, {})):
            response = post(operator, url, {"region": region, "period": WEEK, **body})
            assert sole_error(response, 404)["detail"] == "Wilayah tidak ditemukan."
    assert state() == before


def test_pimpinan_reads_but_gets_403_on_every_write(api, personas, clock):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    client = api("pimpinan")
    assert client.get(detail_url(report.public_id)).status_code == 200
    before = state()
    writes = [
        post(client, LIST, {"region": "32.73", "period": WEEK, "content": full_content()}),
        post(client, NIL, {"region": "32.73", "period": WEEK}),
        patch(client, detail_url(report.public_id), {"version": report.version, "content": full_content()}),
        *[
            post(client, detail_url(report.public_id, a), {"version": report.version, "reason": "x"})
            for a in ("submit", "verify", "return", "accept")
        ],
    ]
    for response in writes:
        assert sole_error(response, 403)["code"] == "permission_denied"
    assert state() == before


def test_a_role_without_the_right_gets_403_with_the_services_message(api, personas, clock):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    before = state()
    response = post(api("operator.kotabandung"), detail_url(report.public_id, "verify"), {"version": report.version})
    assert sole_error(response, 403)["detail"] == "Peran Anda tidak berwenang memverifikasi laporan ini."
    response = post(api("verifikator.jabar"), detail_url(report.public_id, "accept"), {"version": report.version})
    assert sole_error(response, 403)["detail"] == "Hanya analis nasional yang dapat menerima laporan."
    response = post(api("analis.nasional"), NIL, {"region": "32.73", "period": WEEK})
    assert sole_error(response, 403)["detail"] == "Peran Anda tidak berwenang menulis laporan wilayah ini."
    assert state() == before


def test_an_fkdm_member_sees_nothing(api, personas, clock):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    client = api("fkdm.kotabandung")
    for response in (
        client.get(LIST),
        client.get(detail_url(report.public_id)),
        client.get(COMPLETENESS, {"period": WEEK}),
        post(client, NIL, {"region": "32.73", "period": WEEK}),
    ):
        assert sole_error(response, 403)["detail"] == "Peran Anda tidak berwenang membaca laporan situasi."


def test_token_and_session_authentication_both_work_and_anonymous_gets_401(api, login_as, client):
    assert api("operator.kotabandung").get(LIST).status_code == 200
    assert login_as("operator.kotabandung").get(LIST).status_code == 200
    for url in (LIST, COMPLETENESS, detail_url(MISSING_ID)):
        assert sole_error(client.get(url), 401)["code"] == "not_authenticated"
    assert sole_error(post(client, NIL, {}), 401)["code"] == "not_authenticated"


def test_a_national_role_without_totp_is_stopped_by_the_mfa_gate(api):
    error = sole_error(api("analis.nasional", totp=False).get(COMPLETENESS), 403)
    assert error["code"] == "mfa_required"


def test_the_parameterless_endpoints_answer_an_operator(api):
    client = api("operator.kotabandung")
    assert client.get(LIST).status_code == 200
    assert client.get(COMPLETENESS).status_code == 200
    assert sole_error(client.get(NIL), 405)["code"] == "method_not_allowed"


# --- bad input -----------------------------------------------------------------------------------


def test_the_period_pattern_accepts_exactly_the_iso_weeks_that_exist():
    import re
    from datetime import date

    pattern = re.compile(PERIOD_PATTERN)
    for year in range(2000, 2100):
        weeks = date(year, 12, 28).isocalendar()[1]
        assert all(pattern.match(f"{year}-W{w:02d}") for w in range(1, weeks + 1))
        assert not pattern.match(f"{year}-W{weeks + 1:02d}")
        assert not pattern.match(f"{year}-W00")


BAD_CREATES = [
    ({"period": WEEK, "content": {"sections": {}}}, "region", "required", "Bidang ini harus diisi."),
    ({"region": "3273", "period": WEEK, "content": {"sections": {}}}, "region", "invalid", None),
    ({"region": "32.73", "period": "2020-40", "content": {"sections": {}}}, "period", "invalid", None),
    ({"region": "32.73", "period": "2021-W53", "content": {"sections": {}}}, "period", "invalid", None),
    (
        {"region": "32.73", "period": WEEK, "content": "teks"},
        "content.non_field_errors",
        "invalid",
        "Harus berupa objek JSON.",
    ),
    ({"region": "32.73", "period": WEEK, "content": {}}, "content.sections", "required", None),
    ({"region": "32.73", "period": WEEK, "content": {"sections": []}}, "content.sections", "not_a_dict", None),
    (
        {"region": "32.73", "period": WEEK, "content": {"sections": {"politik": 3}}},
        "content.sections.politik",
        "not_a_dict",
        None,
    ),
    ({"region": "32.73", "period": "2020-W41", "content": {"sections": {}}}, "period", "unknown_period", None),
]


@pytest.mark.parametrize(("body", "attr", "code", "detail"), BAD_CREATES)
def test_a_bad_create_answers_400_per_field_in_indonesian_and_changes_nothing(operator, body, attr, code, detail):
    before = state()
    error = sole_error(post(operator, LIST, body), 400)
    assert (error["attr"], error["code"]) == (attr, code)
    if detail:
        assert error["detail"] == detail
    assert not any(word in error["detail"] for word in ("This field", "Invalid", "Expected", "must be"))
    assert state() == before


def test_an_unopened_period_is_named_in_the_message(operator):
    error = sole_error(post(operator, NIL, {"region": "32.73", "period": "2020-W41"}), 400)
    assert error["detail"] == "Periode 2020-W41 belum dibuka untuk pelaporan."


def test_a_bad_period_key_is_explained(operator):
    error = sole_error(post(operator, NIL, {"region": "32.73", "period": "2020-W99"}), 400)
    assert error["detail"].startswith("Periode harus berupa minggu ISO yang ada, mis. 2020-W40")


def test_bad_content_is_refused_per_field_with_the_templates_messages(operator):
    before = state()
    content = full_content()
    content["sections"]["politik"]["level"] = "genting"
    content["sections"]["politik"]["values"] = {"unjuk_rasa": "banyak"}
    body = error_of(post(operator, LIST, {"region": "32.73", "period": WEEK, "content": content}), 400)
    errors = {e["attr"]: e["detail"] for e in body["errors"]}
    assert errors["content.sections.politik.level"] == "Tingkat situasi 'genting' tidak dikenal."
    assert errors["content.sections.politik.values.unjuk_rasa"] == "Isi dengan angka."
    assert state() == before


def test_an_incomplete_submission_names_every_missing_field(operator):
    created = create(operator, content={"sections": {}})
    before = state()
    body = error_of(post(operator, detail_url(created["public_id"], "submit"), {"version": created["version"]}), 400)
    errors = {e["attr"]: e["detail"] for e in body["errors"]}
    assert errors["content.sections.politik.narrative"] == "Narasi wajib diisi."
    assert errors["content.sections.politik.level"] == "Pilih tingkat situasi."
    assert state() == before
    assert SituationReport.objects.get(public_id=created["public_id"]).status == "draft"


def test_a_refusal_without_a_field_comes_as_non_field_errors(api, personas, clock):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    before = state()
    error = sole_error(post(api("operator.kotabandung"), NIL, {"region": "32.73", "period": WEEK}), 400)
    assert (error["attr"], error["code"]) == ("non_field_errors", "status")
    assert error["detail"] == "Laporan berstatus Terkirim tidak dapat diubah."
    draft_only = post(api("analis.nasional"), detail_url(report.public_id, "accept"), {"version": report.version})
    assert (
        sole_error(draft_only, 400)["detail"] == "Tindakan ini tidak dapat dilakukan pada laporan berstatus Terkirim."
    )
    assert state() == before


def test_a_week_not_yet_begun_and_a_locked_week_are_refused(operator, clock):
    open_week("2020-W41")
    before = state()
    error = sole_error(post(operator, NIL, {"region": "32.73", "period": "2020-W41"}), 400)
    assert error["code"] == "not_open" and "belum dibuka" in error["detail"]
    clock.moment = during(WEEK, days=16)
    error = sole_error(post(operator, NIL, {"region": "32.73", "period": WEEK}), 400)
    assert error["code"] == "locked" and "terkunci sejak 12-10-2020 12:00 WIB" in error["detail"]
    assert state() == before


@pytest.mark.parametrize(
    ("action", "body", "attr", "code"),
    [
        ("submit", {}, "version", "required"),
        ("submit", {"version": "abc"}, "version", "invalid"),
        ("submit", {"version": -1}, "version", "min_value"),
        ("submit", {"version": 1, "content": {"sections": "x"}}, "content.sections", "not_a_dict"),
        ("verify", {}, "version", "required"),
        ("return", {"version": 1}, "reason", "required"),
        ("return", {"version": 1, "reason": "   "}, "reason", "blank"),
        ("return", {"version": 1, "reason": "x" * 5001}, "reason", "max_length"),
        ("accept", {"version": None}, "version", "null"),
        ("", {"content": {"sections": {}}}, "version", "required"),
        ("", {"version": 1}, "content", "required"),
    ],
)
def test_a_bad_action_body_answers_400_and_changes_nothing(api, personas, clock, action, body, attr, code):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    client = api("operator.kotabandung" if action in ("submit", "") else "verifikator.jabar")
    if action == "accept":
        client = api("analis.nasional")
    before = state()
    url = detail_url(report.public_id, action)
    response = patch(client, url, body) if action == "" else post(client, url, body)
    error = sole_error(response, 400)
    assert (error["attr"], error["code"]) == (attr, code)
    assert state() == before


def test_malformed_json_and_other_media_types_are_refused_as_json(operator):
    before = state()
    error = sole_error(operator.post(NIL, "{region:", content_type="application/json"), 400)
    assert (error["code"], error["detail"]) == ("parse_error", "Badan permintaan bukan JSON yang sah.")
    error = sole_error(operator.post(NIL, "[1, 2]", content_type="application/json"), 400)
    assert (error["attr"], error["detail"]) == ("non_field_errors", "Harus berupa objek JSON.")
    error = sole_error(operator.post(NIL, {"region": "32.73", "period": WEEK}), 415)
    assert error["code"] == "unsupported_media_type"
    assert state() == before


@pytest.mark.parametrize(
    ("url", "params", "attr", "code"),
    [
        (LIST, {"period": "2020-W54"}, "period", "invalid"),
        (LIST, {"period": ""}, "period", "blank"),
        (LIST, {"region": "abc"}, "region", "invalid"),
        (LIST, {"province": "3"}, "province", "invalid"),
        (LIST, {"status": "hilang"}, "status", "invalid_choice"),
        (LIST, {"is_nil": "mungkin"}, "is_nil", "invalid"),
        (LIST, {"page_size": "0"}, "page_size", "min_value"),
        (COMPLETENESS, {"period": "W40"}, "period", "invalid"),
        (COMPLETENESS, {"level": "kecamatan"}, "level", "invalid_choice"),
        (COMPLETENESS, {"province": "32.73"}, "province", "invalid"),
        (COMPLETENESS, {"weeks": "0"}, "weeks", "min_value"),
        (COMPLETENESS, {"weeks": "53"}, "weeks", "max_value"),
        (COMPLETENESS, {"weeks": "x"}, "weeks", "invalid"),
    ],
)
def test_a_bad_query_parameter_answers_400_naming_it(api, url, params, attr, code):
    error = sole_error(api("analis.nasional").get(url, params), 400)
    assert (error["attr"], error["code"]) == (attr, code)
    assert not any(word in error["detail"] for word in ("This field", "Invalid", "Expected", "must be"))


def test_a_forged_cursor_answers_404_in_indonesian(api):
    import base64

    for raw in ("p=x", "p=2020-13-45", "p=32.73", "o=-1"):
        cursor = base64.b64encode(raw.encode()).decode()
        error = sole_error(api("analis.nasional").get(LIST, {"cursor": cursor}), 404)
        assert error["detail"] == "Kursor halaman tidak valid."


def test_a_method_the_api_does_not_offer_answers_405(operator):
    created = create(operator)
    for method in ("put", "delete"):
        response = getattr(operator, method)(detail_url(created["public_id"]), {}, content_type="application/json")
        error = sole_error(response, 405)
        assert (error["code"], error["detail"]) == (
            "method_not_allowed",
            f"Metode {method.upper()} tidak tersedia di alamat ini.",
        )
    assert sole_error(post(operator, COMPLETENESS, {}), 405)["code"] == "method_not_allowed"


# --- the schema ----------------------------------------------------------------------------------


def test_the_schema_documents_the_conflict_and_the_filters(client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/reports/{public_id}/", "patch"),
        ("/api/v1/reports/{public_id}/submit/", "post"),
        ("/api/v1/reports/", "post"),
        ("/api/v1/reports/nil/", "post"),
    ):
        assert "409" in paths[path][method]["responses"], path
        assert set(paths[path][method]["requestBody"]["content"]) == {"application/json"}
    assert {"404", "201"} <= set(paths["/api/v1/reports/"]["post"]["responses"])
    listing = {p["name"] for p in paths["/api/v1/reports/"]["get"]["parameters"]}
    assert listing >= {"period", "region", "province", "status", "is_nil", "cursor", "page_size"}
    figures = {p["name"] for p in paths["/api/v1/reports/completeness/"]["get"]["parameters"]}
    assert figures == {"period", "level", "province", "weeks"}
