"""/api/v1/forums/ writes: record and change a forum, add a decree, add and end a membership —
through the services, scoped (another region 404), by role (403), bad input 400 in Indonesian with
nothing written, a stale version 409 with the current version."""

from __future__ import annotations

from datetime import date

import pytest

from waspada.core.models import AuditEvent
from waspada.forums.models import Forum, ForumDecree, ForumMember
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db

FORUMS = "/api/v1/forums/"


def test_an_operator_records_its_fkdm_with_a_decree_and_members(login_as):
    client = login_as("operator.kotabandung")
    response = client.post(
        FORUMS,
        {"region": "32.73", "kind": "fkdm", "name": "FKDM Kota Bandung", "contact_email": "fkdm@bandung.go.id"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    forum = Forum.objects.get(public_id=response.json()["public_id"])
    assert (forum.region.code, forum.kind, forum.version) == ("32.73", "fkdm", 1)
    assert response.json()["formation_status"] == "belum"

    decree = client.post(
        f"{FORUMS}{forum.public_id}/decrees/",
        {
            "number": "SK/12/2020",
            "decree_date": "2020-03-01",
            "signer": "Wali Kota Bandung",
            "valid_from": "2020-03-01",
            "valid_until": "2099-12-31",
        },
        content_type="application/json",
    )
    assert decree.status_code == 201, decree.content
    member = client.post(
        f"{FORUMS}{forum.public_id}/members/",
        {"name": "Siti Aminah", "position": "Ketua", "joined_on": "2020-03-01", "element": "ormas"},
        content_type="application/json",
    )
    assert member.status_code == 201, member.content
    detail = client.get(f"{FORUMS}{forum.public_id}/").json()
    assert detail["formation_status"] == "aktif"
    assert [d["number"] for d in detail["decrees"]] == ["SK/12/2020"]
    assert [m["name"] for m in detail["members"]] == ["Siti Aminah"]
    assert set(
        AuditEvent.objects.filter(object_id__in=[str(forum.pk), str(forum.public_id)]).values_list("action", flat=True)
    ) >= {
        "forum.created",
        "forum.decree_recorded",
        "forum.member_added",
    }


def test_a_forum_is_changed_with_its_version_and_a_stale_version_gets_409(login_as):
    forum = f.forum("32.73")
    client = login_as("operator.kotabandung")
    url = f"{FORUMS}{forum.public_id}/"
    response = client.patch(url, {"version": 1, "contact_name": "Asep"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["contact_name"], response.json()["version"]) == ("Asep", 2)
    stale = client.patch(url, {"version": 1, "contact_name": "Ujang"}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["errors"][0]["code"] == "stale" and "sudah diubah orang lain" in body["errors"][0]["detail"]
    assert (body["current_version"], body["public_id"]) == (2, str(forum.public_id))
    forum.refresh_from_db()
    assert forum.contact_name == "Asep"


def test_a_second_forum_of_the_same_kind_gets_409_with_the_existing_one(login_as):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        FORUMS, {"region": "32.73", "kind": "fkdm"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "exists"
    assert response.json()["public_id"] == str(forum.public_id)
    assert Forum.objects.count() == 1


def test_another_regions_forum_and_region_answer_404(login_as):
    other = f.forum("32.04")
    client = login_as("operator.kotabandung")
    assert client.post(FORUMS, {"region": "32.04", "kind": "tkdpd"}, content_type="application/json").status_code == 404
    body = {"version": 1, "name": "X"}
    assert client.patch(f"{FORUMS}{other.public_id}/", body, content_type="application/json").status_code == 404
    member = {"name": "A", "position": "Ketua", "joined_on": "2020-01-01"}
    assert (
        client.post(f"{FORUMS}{other.public_id}/members/", member, content_type="application/json").status_code == 404
    )
    assert not Forum.objects.filter(region__code="32.04", kind="tkdpd").exists()
    assert not ForumMember.objects.exists()


def test_a_read_only_role_gets_403_and_fkdm_members_do_not_read_forums(login_as):
    forum = f.forum("32.73")
    body = {"region": "32.73", "kind": "tkdpd"}
    assert login_as("pimpinan").post(FORUMS, body, content_type="application/json").status_code == 403
    patch = {"version": 1, "name": "X"}
    assert (
        login_as("pimpinan").patch(f"{FORUMS}{forum.public_id}/", patch, content_type="application/json").status_code
        == 403
    )
    assert login_as("fkdm.kotabandung").post(FORUMS, body, content_type="application/json").status_code == 403
    assert Forum.objects.count() == 1


def test_a_decree_ending_before_it_starts_is_refused_in_indonesian_and_nothing_is_written(login_as):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        f"{FORUMS}{forum.public_id}/decrees/",
        {
            "number": "SK/1",
            "decree_date": "2020-03-01",
            "signer": "Wali Kota",
            "valid_from": "2020-03-01",
            "valid_until": "2020-02-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["attr"] == "valid_until" and "sebelum mulai berlaku" in error["detail"]
    assert not ForumDecree.objects.exists()


def test_a_member_without_a_name_is_refused_and_nothing_is_written(login_as):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        f"{FORUMS}{forum.public_id}/members/",
        {"name": "  ", "position": "Ketua", "joined_on": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "name"
    assert not ForumMember.objects.exists()


def test_a_membership_is_ended_with_its_version_and_stale_or_bad_dates_are_refused(login_as):
    forum = f.forum("32.73")
    member = f.member(forum, joined_on=date(2020, 1, 1))
    client = login_as("operator.kotabandung")
    url = f"{FORUMS}{forum.public_id}/members/{member.public_id}/end/"
    early = client.post(url, {"left_on": "2019-12-31", "version": 1}, content_type="application/json")
    assert early.status_code == 400 and "sebelum dimulai" in early.json()["errors"][0]["detail"]
    ok = client.post(
        url, {"left_on": "2021-06-30", "reason": "Pindah tugas", "version": 1}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["left_on"] == "2021-06-30"
    again = client.post(url, {"left_on": "2021-07-01", "version": 1}, content_type="application/json")
    assert again.status_code == 409 and again.json()["current_version"] == 2
    member.refresh_from_db()
    assert member.left_on == date(2021, 6, 30)
    other = f.member(f.forum("32.04"))
    assert (
        client.post(
            f"{FORUMS}{forum.public_id}/members/{other.public_id}/end/",
            {"left_on": "2021-06-30", "version": 1},
            content_type="application/json",
        ).status_code
        == 404
    )
