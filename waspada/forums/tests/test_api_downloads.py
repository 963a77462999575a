"""/api/v1/forums/{id}/decrees/{decree_id}/file/ and …/documents/{document_id}/file/: the stored file
for a client with only an API token, through the pages' access checks (another region 404, a deleted
record or no file 404, roles that may not read forums 403)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waspada.forums import services
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db

FORUMS = "/api/v1/forums/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def kota_bandung_fkdm(personas: dict[str, Any]) -> dict[str, Any]:
    operator = personas["operator.kotabandung"]
    forum = f.forum("32.73", actor=operator)
    decree = f.decree(
        forum,
        date(2021, 2, 1),
        None,
        actor=operator,
        upload=SimpleUploadedFile("sk-fkdm.pdf", PDF, content_type="application/pdf"),
    )
    document = services.document_add(
        actor=operator,
        forum=forum,
        title="Foto rapat",
        upload=SimpleUploadedFile("foto-rapat.png", PNG, content_type="image/png"),
    )
    return {"forum": forum, "decree": decree, "document": document}


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_token_client_downloads_the_decree_and_the_document_from_the_urls_the_api_gives(
    token_client, personas, media
):
    made = kota_bandung_fkdm(personas)
    client = token_client("operator.kotabandung")
    forum_id = made["forum"].public_id
    decree_url = client.get(f"{FORUMS}{forum_id}/").json()["decrees"][0]["file_url"]
    assert decree_url == f"{FORUMS}{forum_id}/decrees/{made['decree'].public_id}/file/"
    download = client.get(decree_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="sk-fkdm.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert body(download) == PDF

    [listed] = client.get(f"{FORUMS}{forum_id}/documents/").json()
    download = client.get(listed["file_url"])
    assert download.status_code == 200
    assert (download["Content-Type"], download["Content-Disposition"]) == (
        "image/png",
        'attachment; filename="foto-rapat.png"',
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert body(download) == PNG


def test_the_province_verifikator_downloads_a_decree_of_its_province(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    url = f"{FORUMS}{made['forum'].public_id}/decrees/{made['decree'].public_id}/file/"
    download = token_client("verifikator.jabar").get(url)
    assert download.status_code == 200 and body(download) == PDF


def test_another_regions_operator_gets_404_for_both_files(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    client = token_client("operator.kabbandung")
    forum_id = made["forum"].public_id
    for url in (
        f"{FORUMS}{forum_id}/decrees/{made['decree'].public_id}/file/",
        f"{FORUMS}{forum_id}/documents/{made['document'].public_id}/file/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json")


def test_a_file_asked_through_another_forum_in_scope_answers_404(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    other = f.forum("32.73", kind="tkdpd", actor=personas["operator.kotabandung"])
    client = token_client("operator.kotabandung")
    assert client.get(f"{FORUMS}{other.public_id}/decrees/{made['decree'].public_id}/file/").status_code == 404
    assert client.get(f"{FORUMS}{other.public_id}/documents/{made['document'].public_id}/file/").status_code == 404


def test_a_deleted_decree_or_document_answers_404(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    operator = personas["operator.kotabandung"]
    forum_id = made["forum"].public_id
    services.decree_delete(actor=operator, decree=made["decree"], reason="Salah unggah", expected_version=None)
    services.document_delete(actor=operator, document=made["document"], reason="Salah unggah", expected_version=None)
    client = token_client("operator.kotabandung")
    assert client.get(f"{FORUMS}{forum_id}/decrees/{made['decree'].public_id}/file/").status_code == 404
    assert client.get(f"{FORUMS}{forum_id}/documents/{made['document'].public_id}/file/").status_code == 404


def test_a_decree_without_a_pdf_has_no_file_url_and_its_download_answers_404(token_client, personas, media):
    forum = f.forum("32.73", actor=personas["operator.kotabandung"])
    decree = f.decree(forum, date(2021, 2, 1), None, actor=personas["operator.kotabandung"])
    client = token_client("operator.kotabandung")
    assert client.get(f"{FORUMS}{forum.public_id}/").json()["decrees"][0]["file_url"] is None
    assert client.get(f"{FORUMS}{forum.public_id}/decrees/{decree.public_id}/file/").status_code == 404


def test_a_file_missing_from_storage_answers_404(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    made["document"].file.storage.delete(made["document"].file.name)
    client = token_client("operator.kotabandung")
    url = f"{FORUMS}{made['forum'].public_id}/documents/{made['document'].public_id}/file/"
    assert client.get(url).status_code == 404


def test_a_role_that_may_not_read_forums_gets_403(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    url = f"{FORUMS}{made['forum'].public_id}/decrees/{made['decree'].public_id}/file/"
    assert token_client("fkdm.kotabandung").get(url).status_code == 403


def test_a_client_that_accepts_only_pdf_gets_the_decree_and_errors_stay_json(token_client, personas, media):
    made = kota_bandung_fkdm(personas)
    url = f"{FORUMS}{made['forum'].public_id}/decrees/{made['decree'].public_id}/file/"
    download = token_client("operator.kotabandung").get(url, HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200 and body(download) == PDF
    missing = token_client("operator.kabbandung").get(url, HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
