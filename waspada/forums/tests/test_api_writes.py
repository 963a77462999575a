"""/api/v1/forums/ writes: record and change a forum, add a decree, add and end a membership —
through the services, scoped (another region 404), by role (403), bad input 400 in Indonesian with
nothing written, a stale version 409 with the current version."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from waspada.core.models import AuditEvent
from waspada.forums.models import Forum, ForumDecree, ForumDocument, ForumMeeting, ForumMember
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


# --- decree PDF, meetings, documents, soft deletes ---------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DECREE = {
    "number": "SK/7/2021",
    "decree_date": "2021-02-01",
    "signer": "Wali Kota Bandung",
    "valid_from": "2021-02-01",
    "valid_until": "2099-12-31",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WASPADA_ATTACHMENT_MAX_BYTES = 1024
    return tmp_path


def _upload(name: str, content: bytes, content_type: str = "application/pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_decree_is_recorded_with_its_pdf_through_a_multipart_request(login_as, media):
    forum = f.forum("32.73")
    client = login_as("operator.kotabandung")
    response = client.post(f"{FORUMS}{forum.public_id}/decrees/", {**DECREE, "file": _upload("sk-fkdm.pdf", PDF)})
    assert response.status_code == 201, response.content
    assert response.json()["has_file"] is True
    decree = ForumDecree.objects.get(public_id=response.json()["public_id"])
    assert (decree.original_name, decree.size) == ("sk-fkdm.pdf", len(PDF))
    with decree.file.open("rb") as stored:
        assert stored.read() == PDF
    assert client.get(f"{FORUMS}{forum.public_id}/").json()["formation_status"] == "aktif"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("sk.docx", b"PK\x03\x04" + b"0" * 40, "harus PDF"),
        ("sk.pdf", b"MZ not a pdf at all", "tidak sesuai"),
        ("sk.pdf", PDF + b"0" * 2048, "terlalu besar"),
    ],
)
def test_a_decree_file_that_is_not_a_small_pdf_is_refused_and_nothing_is_written(login_as, media, name, content, words):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        f"{FORUMS}{forum.public_id}/decrees/", {**DECREE, "file": _upload(name, content)}
    )
    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert error["attr"] == "file" and words in error["detail"], error
    assert not ForumDecree.objects.exists()
    assert not any(media.rglob("*.*"))


def test_ending_the_membership_of_a_deleted_member_answers_404_and_changes_nothing(login_as):
    forum = f.forum("32.73")
    member = f.member(forum, joined_on=date(2020, 1, 1))
    client = login_as("operator.kotabandung")
    deleted = client.delete(
        f"{FORUMS}{forum.public_id}/members/{member.public_id}/?version={member.version}&reason=Salah+catat"
    )
    assert deleted.status_code == 204, deleted.content
    member.refresh_from_db()
    ended = client.post(
        f"{FORUMS}{forum.public_id}/members/{member.public_id}/end/",
        {"left_on": "2021-06-30", "version": member.version},
        content_type="application/json",
    )
    assert ended.status_code == 404
    member.refresh_from_db()
    assert member.left_on is None


def test_a_decree_ending_before_it_starts_is_refused_in_a_multipart_request_too(login_as, media):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        f"{FORUMS}{forum.public_id}/decrees/",
        {**DECREE, "valid_until": "2020-01-01", "file": _upload("sk.pdf", PDF)},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "valid_until"
    assert "sebelum mulai berlaku" in response.json()["errors"][0]["detail"]
    assert not ForumDecree.objects.exists()


def test_an_operator_records_and_lists_its_forums_meetings(login_as):
    forum = f.forum("32.73")
    client = login_as("operator.kotabandung")
    url = f"{FORUMS}{forum.public_id}/meetings/"
    body = {
        "held_on": "2021-03-10",
        "agenda": "Koordinasi kewaspadaan menjelang Pilkada",
        "place": "Balai Kota",
        "attendance": 17,
        "minutes": "Dibahas titik rawan.",
        "follow_ups": "Patroli bersama",
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["attendance"], created.json()["version"]) == (17, 1)
    older = client.post(url, {**body, "held_on": "2021-01-05", "agenda": "Rapat awal"}, content_type="application/json")
    assert older.status_code == 201
    listed = client.get(url)
    assert listed.status_code == 200
    assert [m["held_on"] for m in listed.json()] == ["2021-03-10", "2021-01-05"]
    assert AuditEvent.objects.filter(action="forum.meeting_recorded").count() == 2


@pytest.mark.parametrize(
    ("change", "attr", "words"),
    [
        ({"held_on": "2999-01-01"}, "held_on", "masa depan"),
        ({"agenda": "   "}, "agenda", "kosong"),
        ({"attendance": -1}, "attendance", ""),
    ],
)
def test_a_bad_meeting_is_refused_in_indonesian_and_nothing_is_written(login_as, change, attr, words):
    forum = f.forum("32.73")
    body = {"held_on": "2021-03-10", "agenda": "Koordinasi", **change}
    response = login_as("operator.kotabandung").post(
        f"{FORUMS}{forum.public_id}/meetings/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert any(e["attr"] == attr and words in e["detail"] for e in response.json()["errors"]), response.json()
    assert not ForumMeeting.objects.exists()


def test_documents_are_uploaded_for_a_meeting_and_listed(login_as, media):
    forum = f.forum("32.73")
    client = login_as("operator.kotabandung")
    meeting = client.post(
        f"{FORUMS}{forum.public_id}/meetings/",
        {"held_on": "2021-03-10", "agenda": "Koordinasi"},
        content_type="application/json",
    ).json()
    url = f"{FORUMS}{forum.public_id}/documents/"
    response = client.post(
        url, {"title": "Notulen rapat", "file": _upload("notulen.pdf", PDF), "meeting": meeting["public_id"]}
    )
    assert response.status_code == 201, response.content
    assert (response.json()["meeting"], response.json()["size"]) == (meeting["public_id"], len(PDF))
    listed = client.get(url).json()
    assert [d["title"] for d in listed] == ["Notulen rapat"]
    assert AuditEvent.objects.filter(action="forum.document_added").count() == 1


def test_a_bad_document_upload_is_refused_and_nothing_is_written(login_as, media):
    forum = f.forum("32.73")
    other = f.forum("32.73", kind="tkdpd")
    client = login_as("operator.kotabandung")
    meeting = client.post(
        f"{FORUMS}{other.public_id}/meetings/",
        {"held_on": "2021-03-10", "agenda": "Rapat TKDPD"},
        content_type="application/json",
    ).json()
    url = f"{FORUMS}{forum.public_id}/documents/"
    no_file = client.post(url, {"title": "Notulen"})
    assert no_file.status_code == 400 and no_file.json()["errors"][0]["attr"] == "file"
    assert "wajib" in no_file.json()["errors"][0]["detail"]
    exe = client.post(url, {"title": "Notulen", "file": _upload("virus.exe", b"MZ")})
    assert exe.status_code == 400 and "tidak diterima" in exe.json()["errors"][0]["detail"]
    wrong_meeting = client.post(
        url, {"title": "Notulen", "file": _upload("n.pdf", PDF), "meeting": meeting["public_id"]}
    )
    assert wrong_meeting.status_code == 400 and wrong_meeting.json()["errors"][0]["attr"] == "meeting"
    as_json = client.post(url, {"title": "Notulen"}, content_type="application/json")
    assert as_json.status_code == 415
    assert not ForumDocument.objects.exists() and not any(media.rglob("*.*"))


def test_a_member_meeting_and_document_are_soft_deleted_with_a_reason_and_their_version(login_as, media):
    forum = f.forum("32.73")
    member = f.member(forum)
    client = login_as("operator.kotabandung")
    meeting = client.post(
        f"{FORUMS}{forum.public_id}/meetings/",
        {"held_on": "2021-03-10", "agenda": "X"},
        content_type="application/json",
    ).json()
    document = client.post(
        f"{FORUMS}{forum.public_id}/documents/", {"title": "Foto", "file": _upload("foto.pdf", PDF)}
    ).json()
    parts = [
        (f"members/{member.public_id}/", ForumMember, member.public_id, "forum.member_deleted"),
        (f"meetings/{meeting['public_id']}/", ForumMeeting, meeting["public_id"], "forum.meeting_deleted"),
        (f"documents/{document['public_id']}/", ForumDocument, document["public_id"], "forum.document_deleted"),
    ]
    for path, model, public_id, action in parts:
        url = f"{FORUMS}{forum.public_id}/{path}"
        blank = client.delete(f"{url}?version=1&reason=%20")
        assert blank.status_code == 400 and blank.json()["errors"][0]["attr"] == "reason", path
        stale = client.delete(f"{url}?version=2&reason=salah%20catat")
        assert stale.status_code == 409 and stale.json()["current_version"] == 1, path
        assert model.objects.get(public_id=public_id).deleted_at is None
        gone = client.delete(f"{url}?version=1&reason=salah%20catat")
        assert gone.status_code == 204, (path, gone.content)
        row = model.objects.get(public_id=public_id)
        assert (row.deleted_reason, row.version) == ("salah catat", 2) and row.deleted_at is not None
        assert AuditEvent.objects.filter(action=action).count() == 1
        assert client.delete(f"{url}?version=2&reason=lagi").status_code == 404
    detail = client.get(f"{FORUMS}{forum.public_id}/").json()
    assert detail["members"] == [] and detail["meetings"] == []
    assert client.get(f"{FORUMS}{forum.public_id}/documents/").json() == []


def test_another_regions_forum_parts_answer_404_and_roles_without_the_right_403(login_as, media):
    forum = f.forum("32.04")
    member = f.member(forum)
    neighbour = login_as("operator.kotabandung")
    base = f"{FORUMS}{forum.public_id}/"
    meeting = {"held_on": "2021-03-10", "agenda": "Koordinasi"}
    assert neighbour.get(f"{base}meetings/").status_code == 404
    assert neighbour.post(f"{base}meetings/", meeting, content_type="application/json").status_code == 404
    assert neighbour.get(f"{base}documents/").status_code == 404
    assert neighbour.post(f"{base}documents/", {"title": "X", "file": _upload("x.pdf", PDF)}).status_code == 404
    assert neighbour.post(f"{base}decrees/", {**DECREE, "file": _upload("sk.pdf", PDF)}).status_code == 404
    assert neighbour.delete(f"{base}members/{member.public_id}/?version=1&reason=x").status_code == 404
    pimpinan = login_as("pimpinan")
    assert pimpinan.get(f"{base}meetings/").status_code == 200
    assert pimpinan.post(f"{base}meetings/", meeting, content_type="application/json").status_code == 403
    assert pimpinan.delete(f"{base}members/{member.public_id}/?version=1&reason=x").status_code == 403
    assert not ForumMeeting.objects.exists() and not ForumDecree.objects.exists() and not ForumDocument.objects.exists()
    member.refresh_from_db()
    assert member.deleted_at is None
