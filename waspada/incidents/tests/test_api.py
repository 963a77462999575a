"""/api/v1/incidents/: list (scope, filters, cursor pages), detail, writes through the services
(create, PUT/PATCH with the optimistic lock, merge), the removal feed, the recap endpoint (the
recap module's numbers), the reference lists, roles and bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from waspada.core.models import AuditEvent
from waspada.incidents import recap, services
from waspada.incidents.models import ConflictStatus, Incident, IncidentSource
from waspada.incidents.recap import RecapFilters
from waspada.incidents.tests.factories import category, registered
from waspada.incidents.tests.test_recap import OCTOBER, crafted  # noqa: F401 — the crafted data set
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/api/v1/incidents/"
REMOVED = "/api/v1/incidents/removed/"
RECAP = "/api/v1/incidents/recap/"
CODES = "/api/v1/incident-codes/"
STATUSES = "/api/v1/conflict-statuses/"
MISSING_ID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def api(personas: dict[str, Any]) -> Callable[..., Client]:
    """``api("operator.kotabandung")`` → a cookie-less client sending that persona's DRF token
    (with TOTP set up, so the MFA gate lets national roles through)."""
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    def make(username: str) -> Client:
        user = personas[username]
        Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
        return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")

    return make


def detail_url(public_id: Any, action: str = "") -> str:
    return f"{LIST}{public_id}/" + (f"{action}/" if action else "")


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: Any) -> Any:
    return client.patch(url, body, content_type="application/json")


def put(client: Client, url: str, body: Any) -> Any:
    return client.put(url, body, content_type="application/json")


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


def details(response: Any, status: int = 400) -> dict[str | None, str]:
    return {e["attr"]: e["detail"] for e in error_of(response, status)["errors"]}


def state() -> tuple[int, int, int, int]:
    """What a refused request must leave untouched: incidents, their versions, sources, audit events."""
    return (
        Incident.objects.count(),
        sum(Incident.objects.values_list("version", flat=True)),
        IncidentSource.objects.count(),
        AuditEvent.objects.count(),
    )


def ids(body: dict[str, Any]) -> list[str]:
    return [row["public_id"] for row in body["results"]]


def new_incident(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Bentrok warga di Pasar Kosambi",
        "occurred_on": "2020-10-05",
        "region": "32.73",
        "category": "bentrok-antarwarga",
        "conflict_source": "polekbud",
        "acled_event_type": "riots",
        "killed": 0,
        "injured": 3,
        "narrative": "Dua kelompok pemuda bentrok setelah perselisihan parkir.",
        "sources": [
            {
                "kind": "media",
                "name": "Pikiran Rakyat",
                "url": "https://example.org/berita",
                "published_on": "2020-10-06",
            }
        ],
        "actors": [{"name": "Pemuda Kosambi", "actor_type": "warga"}],
    }
    body.update(overrides)
    return body


@pytest.fixture
def incidents(personas: dict[str, Any]) -> dict[str, Incident]:
    """Kota Bandung: a clash with casualties (5 Oct, verified), a land dispute without (20 Oct) and
    one in a kecamatan (14 Oct); Kabupaten Bandung: a clash (27 Oct); Jakarta Pusat: a clash (10 Oct)."""
    analis = personas["analis.nasional"]
    clash = registered(analis, "32.73", occurred_on=date(2020, 10, 5), killed=1, injured=2)
    services.incident_set_status(actor=analis, incident=clash, status=Incident.Status.VERIFIED)
    return {
        "clash": Incident.objects.get(pk=clash.pk),
        "land": registered(analis, "32.73", occurred_on=date(2020, 10, 20), category_slug="sengketa-lahan"),
        "kecamatan": registered(analis, "32.73.01", occurred_on=date(2020, 10, 14)),
        "kabbandung": registered(analis, "32.04", occurred_on=date(2020, 10, 27)),
        "jakarta": registered(analis, "31.71", occurred_on=date(2020, 10, 10)),
    }


# --- reading -------------------------------------------------------------------------------------


def test_an_operator_lists_only_its_region_newest_first(api, incidents):
    body = api("operator.kotabandung").get(LIST).json()
    assert ids(body) == [str(incidents[k].public_id) for k in ("land", "kecamatan", "clash")]
    row = body["results"][2]
    assert row["region"] == {"code": "32.73", "name": "Kota Bandung", "level": "kota", "timezone": "WIB"}
    assert (row["province_code"], row["kabkota_code"]) == ("32", "32.73")
    assert row["category"] == {"code": "bentrok-antarwarga", "name": "Bentrok antarwarga"}
    assert (row["killed"], row["injured"], row["has_casualties"]) == (1, 2, True)
    assert (row["status"], row["version"]) == ("verified", 2)
    assert row["sources"] == [
        {
            "kind": "media",
            "name": "Pikiran Rakyat",
            "url": "https://example.org/berita",
            "published_on": None,
            "scale": "lokal",
            "moved_from": None,
        }
    ]
    assert "count" not in body  # cursor pages: no COUNT over a million rows


def test_another_regions_incident_is_not_listed_and_its_detail_answers_404(api, incidents):
    client = api("operator.kotabandung")
    listed = ids(client.get(LIST).json())
    assert str(incidents["kabbandung"].public_id) not in listed
    for url in (detail_url(incidents["kabbandung"].public_id), detail_url(MISSING_ID)):
        assert error_of(client.get(url), 404)["errors"][0]["code"] == "not_found"
    # ... and nothing can be written to it either.
    before = state()
    response = patch(client, detail_url(incidents["kabbandung"].public_id), {"version": 1, "title": "Diubah"})
    error_of(response, 404)
    assert state() == before


def test_the_detail_gives_narrative_actors_sources_and_version(api, personas):
    incident = services.incident_create(
        actor=personas["operator.kotabandung"],
        data=services.IncidentInput(
            title="Unjuk rasa ricuh",
            occurred_on=date(2020, 10, 5),
            region=Region.objects.get(code="32.73"),
            category=category(),
            narrative="Massa melempar batu.",
            latitude=Decimal("-6.914700"),
            longitude=Decimal("107.609800"),
        ),
        sources=[services.SourceInput(kind="resmi", name="Polrestabes Bandung")],
        actors=[services.ActorInput(name="Mahasiswa", actor_type=category_code("aktor", "mahasiswa"))],
    )
    body = api("verifikator.jabar").get(detail_url(incident.public_id)).json()
    assert body["narrative"] == "Massa melempar batu."
    assert body["actors"] == [{"name": "Mahasiswa", "actor_type": "mahasiswa"}]
    assert [s["name"] for s in body["sources"]] == ["Polrestabes Bandung"]
    assert (body["latitude"], body["longitude"]) == (-6.9147, 107.6098)
    assert body["version"] == 1 and body["merged_into"] is None and body["handling_actions"] == []


def category_code(kind: str, slug: str) -> Any:
    from waspada.incidents.tests.factories import code

    return code(kind, slug)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"dari": "2020-10-10", "sampai": "2020-10-20"}, ["land", "kecamatan", "jakarta"]),
        ({"wilayah": "32"}, ["kabbandung", "land", "kecamatan", "clash"]),
        ({"wilayah": "32.73.01"}, ["kecamatan"]),
        ({"kategori": "sengketa-lahan"}, ["land"]),
        ({"kategori": ["sengketa-lahan", "bentrok-antarwarga"], "wilayah": "32.73"}, ["land", "kecamatan", "clash"]),
        ({"status": "verified"}, ["clash"]),
        ({"status": ["draft", "verified"], "wilayah": "31"}, ["jakarta"]),
        ({"korban": "ya"}, ["clash"]),
        ({"korban": "tidak", "wilayah": "32.73"}, ["land", "kecamatan"]),
    ],
)
def test_the_list_filters_by_date_region_subtree_category_status_and_casualties(api, incidents, params, expected):
    body = api("analis.nasional").get(LIST, params).json()
    assert ids(body) == [str(incidents[k].public_id) for k in expected]


def test_the_list_pages_with_a_cursor_without_losing_or_repeating_a_row(api, personas):
    analis = personas["analis.nasional"]
    made = [registered(analis, "32.73", occurred_on=date(2020, 10, 1) + timedelta(days=i % 3)) for i in range(7)]
    client = api("analis.nasional")
    seen: list[str] = []
    url: str | None = LIST + "?page_size=3"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += ids(body)
        url = body["next"]
        pages += 1
    assert pages == 3
    expected = sorted(made, key=lambda i: (i.occurred_on, i.pk), reverse=True)
    assert seen == [str(i.public_id) for i in expected]
    assert error_of(client.get(LIST, {"cursor": "bukan-kursor"}), 404)["errors"][0]["detail"] == (
        "Kursor halaman tidak valid."
    )


def test_the_list_makes_no_query_per_row(api, personas, django_assert_max_num_queries):
    analis = personas["analis.nasional"]
    client = api("analis.nasional")
    registered(analis, "32.73", occurred_on=date(2020, 10, 1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST).json()["results"]) == 1
    for day in range(2, 12):
        registered(
            analis,
            "32.04",
            occurred_on=date(2020, 10, day),
            sources=[
                services.SourceInput(kind="media", name="A"),
                services.SourceInput(kind="fkdm", name="B"),
            ],
        )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).json()["results"]) == 11
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize(
    ("params", "attr", "message"),
    [
        ({"dari": "2020-13-01"}, "dari", "Tulis tanggal TTTT-BB-HH"),
        ({"dari": "2020-10-20", "sampai": "2020-10-01"}, "non_field_errors", "Tanggal akhir tidak boleh sebelum"),
        ({"wilayah": "Bandung"}, "wilayah", "Kode wilayah harus berbentuk"),
        ({"wilayah": "99.99"}, "non_field_errors", "Wilayah dengan kode 99.99 tidak dikenal."),
        ({"kategori": "tawuran"}, "non_field_errors", "Kategori 'tawuran' tidak dikenal."),
        ({"status": "selesai"}, "status", "tidak ada dalam daftar pilihan"),
        ({"korban": "mungkin"}, "korban", ""),
        ({"page_size": "0"}, "page_size", ""),
    ],
)
def test_bad_filters_answer_400_in_indonesian(api, params, attr, message):
    found = details(api("analis.nasional").get(LIST, params))
    assert attr in found, found
    assert message in found[attr]


def test_a_filter_region_outside_the_scope_answers_404(api, incidents):
    error_of(api("operator.kotabandung").get(LIST, {"wilayah": "32.04"}), 404)


def test_roles_that_do_not_read_incidents_get_403_and_no_token_gets_401(api, incidents):
    response = api("fkdm.kotabandung").get(LIST)
    assert error_of(response, 403)["errors"][0]["code"] == "permission_denied"
    error_of(Client().get(LIST), 401)


# --- writing -------------------------------------------------------------------------------------


def test_an_operator_creates_an_incident_with_sources_and_actors_through_the_services(api, personas):
    response = post(api("operator.kotabandung"), LIST, new_incident())
    assert response.status_code == 201, response.content
    body = response.json()
    incident = Incident.objects.get(public_id=body["public_id"])
    assert (incident.title, incident.region.code, incident.status, incident.version) == (
        "Bentrok warga di Pasar Kosambi",
        "32.73",
        "draft",
        1,
    )
    assert incident.created_by == personas["operator.kotabandung"]
    assert (incident.conflict_source.code, incident.acled_event_type.code, incident.injured) == ("polekbud", "riots", 3)
    assert [s.published_on for s in incident.sources.all()] == [date(2020, 10, 6)]
    assert body["actors"] == [{"name": "Pemuda Kosambi", "actor_type": "warga"}]
    assert AuditEvent.objects.filter(action="incident.created", object_id=str(incident.pk)).exists() or (
        AuditEvent.objects.filter(action="incident.created").count() == 1
    )


@pytest.mark.parametrize(
    ("overrides", "attr", "message"),
    [
        ({"occurred_on": "2099-01-01"}, "occurred_on", "Tanggal kejadian tidak boleh di masa depan."),
        ({"category": "tawuran"}, "category", "Kode 'tawuran' tidak dikenal untuk isian ini."),
        ({"category": "warga"}, "category", "Kode 'warga' tidak dikenal untuk isian ini."),
        ({"killed": -1}, "killed", ""),
        ({"injured": "banyak"}, "injured", ""),
        ({"latitude": 10.0, "longitude": 150.0}, "latitude", "Koordinat berada di luar wilayah Indonesia."),
        ({"latitude": -6.9}, "latitude", "Isi lintang dan bujur bersama-sama"),
        ({"title": ""}, "title", ""),
        ({"region": "32"}, "region", "Kode wilayah kejadian harus kabupaten/kota"),
        ({"occurred_on": "05-10-2020"}, "occurred_on", "Tulis tanggal TTTT-BB-HH"),
        ({"sources": [{"kind": "koran", "name": "X"}]}, "sources", "Sumber 1: kind: "),
        ({"sources": [{"kind": "media", "name": "X", "url": "https://bukan url"}]}, "sources", "Sumber 1"),
        ({"actors": [{"name": "X", "actor_type": "alien"}]}, "actors", "jenis aktor 'alien' tidak dikenal"),
        ({"actors": [None]}, "actors", "Aktor 1: "),
        ({"actors": [{"name": "   ", "actor_type": "warga"}]}, "actors", "Aktor 1: name: Isi dengan teks"),
    ],
)
def test_a_refused_create_answers_400_in_indonesian_and_writes_nothing(api, personas, overrides, attr, message):
    client = api("operator.kotabandung")
    before = state()
    found = details(post(client, LIST, new_incident(**overrides)))
    assert attr in found, found
    assert message in found[attr]
    assert state() == before


def test_a_body_that_is_not_json_is_refused_in_indonesian(api):
    response = api("operator.kotabandung").post(LIST, "{bukan json", content_type="application/json")
    assert "bukan JSON yang sah" in error_of(response, 400)["errors"][0]["detail"]


def test_creating_in_another_region_answers_404_and_writes_nothing(api, personas):
    before = state()
    response = post(api("operator.kotabandung"), LIST, new_incident(region="32.04"))
    assert details(response, 404) == {None: "Wilayah tidak ditemukan."}
    assert state() == before


def test_pimpinan_gets_403_on_every_write_and_nothing_changes(api, incidents):
    client = api("pimpinan")
    assert client.get(LIST).status_code == 200
    target = incidents["clash"]
    before = state()
    for response in (
        post(client, LIST, new_incident()),
        patch(client, detail_url(target.public_id), {"version": target.version, "title": "X"}),
        put(client, detail_url(target.public_id), {**new_incident(), "version": target.version}),
        post(client, detail_url(target.public_id, "merge"), {"duplicate": str(incidents["land"].public_id)}),
    ):
        assert error_of(response, 403)["errors"][0]["code"] == "permission_denied"
    assert state() == before


def test_patch_changes_the_given_fields_and_the_version(api, incidents):
    target = incidents["land"]
    client = api("operator.kotabandung")
    response = patch(client, detail_url(target.public_id), {"version": 1, "displaced": 40, "killed": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["displaced"], body["killed"], body["version"]) == (40, 1, 2)
    assert body["title"] == target.title and body["category"]["code"] == "sengketa-lahan"
    target.refresh_from_db()
    assert (target.displaced, target.version, target.updated_by.username) == (40, 2, "operator.kotabandung")
    assert AuditEvent.objects.filter(action="incident.updated").count() == 1


def test_put_replaces_the_fields_and_clears_those_left_out(api, incidents):
    target = incidents["clash"]
    body = {
        "version": target.version,
        "title": "Bentrok pemuda",
        "occurred_on": "2020-10-04",
        "region": "32.73.01",
        "category": "konflik-ormas",
    }
    response = put(api("verifikator.jabar"), detail_url(target.public_id), body)
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert (target.title, target.region.code, target.category.code, target.killed) == (
        "Bentrok pemuda",
        "32.73.01",
        "konflik-ormas",
        0,
    )
    # PUT without a required field is refused.
    before = state()
    found = details(put(api("verifikator.jabar"), detail_url(target.public_id), {"version": target.version}))
    assert {"title", "occurred_on", "region", "category"} <= set(found)
    assert state() == before


def test_a_stale_version_answers_409_with_the_current_version_and_changes_nothing(api, incidents):
    target = incidents["clash"]  # version 2 (verified)
    client = api("operator.kotabandung")
    before = state()
    response = patch(client, detail_url(target.public_id), {"version": 1, "title": "Basi"})
    body = error_of(response, 409)
    assert body["errors"][0]["code"] == "stale"
    assert "sudah diubah oleh" in body["errors"][0]["detail"] and "muat ulang" in body["errors"][0]["detail"]
    assert (body["public_id"], body["current_version"]) == (str(target.public_id), 2)
    assert state() == before


def test_an_update_without_version_is_refused(api, incidents):
    found = details(patch(api("operator.kotabandung"), detail_url(incidents["land"].public_id), {"title": "X"}))
    assert found == {"version": "Versi wajib diisi."}


def test_moving_an_incident_to_another_region_is_404_and_changes_nothing(api, incidents):
    target = incidents["land"]
    before = state()
    response = patch(api("operator.kotabandung"), detail_url(target.public_id), {"version": 1, "region": "32.04"})
    error_of(response, 404)
    assert state() == before


def test_a_verifikator_merges_a_duplicate_keeping_every_source(api, incidents, personas):
    survivor, duplicate = incidents["clash"], incidents["kecamatan"]
    response = post(
        api("verifikator.jabar"),
        detail_url(survivor.public_id, "merge"),
        {"duplicate": str(duplicate.public_id), "reason": "Peristiwa yang sama"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["sources"]) == 2
    assert {s["moved_from"] for s in body["sources"]} == {None, str(duplicate.public_id)}
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk and duplicate.deleted_at is None
    assert AuditEvent.objects.filter(action__in=["incident.merged", "incident.merged_into"]).count() == 2
    # The duplicate's own detail still answers and points to the survivor.
    merged = api("verifikator.jabar").get(detail_url(duplicate.public_id)).json()
    assert merged["merged_into"] == str(survivor.public_id)
    # Merging it again is refused with the service's message.
    again = post(
        api("verifikator.jabar"), detail_url(survivor.public_id, "merge"), {"duplicate": str(duplicate.public_id)}
    )
    assert "sudah digabung" in details(again)["non_field_errors"]


def test_an_operator_may_not_merge_and_a_duplicate_out_of_scope_is_404(api, incidents):
    before = state()
    survivor = incidents["clash"]
    response = post(
        api("operator.kotabandung"),
        detail_url(survivor.public_id, "merge"),
        {"duplicate": str(incidents["land"].public_id)},
    )
    assert error_of(response, 403)["errors"][0]["code"] == "permission_denied"
    response = post(
        api("verifikator.jabar"),
        detail_url(survivor.public_id, "merge"),
        {"duplicate": str(incidents["jakarta"].public_id)},
    )
    error_of(response, 404)
    assert state() == before


# --- removal feed --------------------------------------------------------------------------------


def test_the_removal_feed_lists_incidents_deleted_or_merged_since(api, incidents, personas):
    analis = personas["analis.nasional"]
    since = timezone.now()
    services.incident_delete(actor=analis, incident=incidents["land"], reason="Salah input")
    services.incident_merge(actor=analis, survivor=incidents["clash"], duplicate=incidents["kecamatan"])
    services.incident_delete(actor=analis, incident=incidents["kabbandung"], reason="Ganda")
    body = api("operator.kotabandung").get(REMOVED, {"since": since.isoformat()}).json()
    rows = {row["public_id"]: row for row in body["results"]}
    assert set(rows) == {str(incidents["land"].public_id), str(incidents["kecamatan"].public_id)}  # not 32.04
    land, twin = rows[str(incidents["land"].public_id)], rows[str(incidents["kecamatan"].public_id)]
    assert (land["removal"], land["deleted_reason"], land["merged_into"]) == ("deleted", "Salah input", None)
    assert (twin["removal"], twin["merged_into"]) == ("merged", str(incidents["clash"].public_id))
    # The removed incidents leave the list; nothing removed after a later moment.
    listed = ids(api("operator.kotabandung").get(LIST).json())
    assert listed == [str(incidents["clash"].public_id)]
    later = (timezone.now() + timedelta(seconds=1)).isoformat()
    assert api("analis.nasional").get(REMOVED, {"since": later}).json()["results"] == []
    # A national consumer sees all three, oldest change first, and may page through them.
    client = api("analis.nasional")
    first = client.get(REMOVED, {"since": since.isoformat(), "page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert second["results"][0]["public_id"] == str(incidents["kabbandung"].public_id)


@pytest.mark.parametrize("since", ["", "kemarin", "2020-13-01T00:00:00Z", "9999-12-31T23:59:59-05:00"])
def test_a_bad_since_answers_400_in_indonesian(api, since):
    found = details(api("analis.nasional").get(REMOVED, {"since": since}))
    assert "since" in found


def test_without_since_the_feed_starts_at_the_beginning(api, incidents, personas):
    services.incident_delete(actor=personas["analis.nasional"], incident=incidents["land"], reason="Salah input")
    assert ids(api("operator.kotabandung").get(REMOVED).json()) == [str(incidents["land"].public_id)]


# --- recap ---------------------------------------------------------------------------------------


def expected_recap(user: Any, region: str | None = None) -> recap.Recap:
    return recap.recap(user, RecapFilters(OCTOBER, region=Region.objects.get(code=region) if region else None))


def test_the_recap_endpoint_returns_the_recap_modules_numbers_at_every_level(api, personas, crafted):  # noqa: F811
    analis = personas["analis.nasional"]
    query = {"periode": "month", "tanggal": "2020-10-15"}
    national = api("analis.nasional").get(RECAP, query).json()
    expected = expected_recap(analis)
    assert national["totals"] == expected.totals
    assert national["totals"]["incidents"] == 6
    assert national["previous_totals"] == expected.previous_totals
    assert national["year_earlier_totals"] == expected.year_earlier_totals
    assert national["period"] == {"kind": "month", "start": "2020-10-01", "end": "2020-10-31", "label": "Oktober 2020"}
    assert national["previous_period"]["label"] == "September 2020"
    assert national["level"] == "provinsi" and national["region"] is None
    jabar = next(row for row in national["rows"] if row["region"]["code"] == "32")
    assert jabar["totals"]["incidents"] == 5
    assert jabar["by_category"] == {"bentrok-antarwarga": 3, "sengketa-lahan": 2}
    assert [r["region"]["code"] for r in national["top_regions"]] == ["32.73", "32.04", "31.71"]
    assert national["trend_unit"] == "week"
    assert [(p["start"], p["incidents"]) for p in national["trend"]] == [
        (start.isoformat(), n) for start, n in expected.trend
    ]
    province = api("verifikator.jabar").get(RECAP, {**query, "wilayah": "32"}).json()
    assert province["totals"] == expected_recap(analis, "32").totals
    assert {r["region"]["code"]: r["totals"]["incidents"] for r in province["rows"] if r["totals"]["incidents"]} == {
        "32.04": 2,
        "32.73": 3,
    }
    kota = api("operator.kotabandung").get(RECAP, query).json()  # opens on its own kabupaten/kota
    assert kota["region"]["code"] == "32.73"
    assert kota["totals"] == expected_recap(analis, "32.73").totals
    land = api("analis.nasional").get(RECAP, {**query, "kategori": "sengketa-lahan"}).json()
    assert land["totals"]["incidents"] == 2 and [c["code"] for c in land["categories"]] == ["sengketa-lahan"]


@pytest.mark.parametrize(
    ("params", "attr", "message"),
    [
        ({"periode": "dekade"}, "periode", ""),
        ({"periode": "custom", "dari": "2020-10-01"}, "non_field_errors", "isi tanggal awal dan tanggal akhir"),
        ({"tanggal": "2099-01-01"}, "non_field_errors", "belum dimulai"),
        ({"wilayah": "32.73.01"}, "wilayah", "Kode wilayah harus berbentuk 32"),
        ({"kategori": "tawuran"}, "non_field_errors", "Kategori 'tawuran' tidak dikenal."),
    ],
)
def test_bad_recap_parameters_answer_400_in_indonesian(api, params, attr, message):
    found = details(api("analis.nasional").get(RECAP, params))
    assert attr in found and message in found[attr], found


def test_another_regions_recap_answers_404(api, crafted):  # noqa: F811
    error_of(api("operator.kotabandung").get(RECAP, {"wilayah": "32.04"}), 404)
    error_of(api("verifikator.jabar").get(RECAP, {"wilayah": "31"}), 404)


# --- reference lists -----------------------------------------------------------------------------


def test_the_code_lists_are_given_by_kind(api):
    client = api("operator.kotabandung")
    actors = client.get(CODES, {"kind": "aktor"}).json()
    assert {c["kind"] for c in actors} == {"aktor"} and "warga" in {c["code"] for c in actors}
    everything = client.get(CODES).json()
    assert {c["kind"] for c in everything} == {"kategori", "sumber_konflik", "snpk", "acled", "aktor"}
    assert "kind" in details(client.get(CODES, {"kind": "warna"}))


def test_conflict_statuses_are_scoped(api, personas):
    analis = personas["analis.nasional"]
    kota = services.conflict_status_declare(
        actor=analis,
        scale=ConflictStatus.Scale.KABKOTA,
        region=Region.objects.get(code="32.73"),
        starts_on=date(2020, 10, 1),
        ends_on=date(2020, 11, 30),
        decree_number="188/Kep.1-Kesbangpol/2020",
    )
    services.conflict_status_declare(
        actor=analis,
        scale=ConflictStatus.Scale.KABKOTA,
        region=Region.objects.get(code="32.04"),
        starts_on=date(2020, 9, 1),
        ends_on=date(2020, 9, 30),
    )
    rows = api("operator.kotabandung").get(STATUSES).json()["results"]
    assert [r["public_id"] for r in rows] == [str(kota.public_id)]
    assert rows[0]["days"] == 61 and rows[0]["region"]["code"] == "32.73"
    assert len(api("analis.nasional").get(STATUSES).json()["results"]) == 2
