"""The triage service (limits, draft) and the page /peringatan/triase/ (roles, results, link)."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waspada.alerts.triage import service
from waspada.alerts.triage.service import MAX_CHARS, TriageRefused

pytestmark = pytest.mark.django_db

URL = "/peringatan/triase/"
TEXT = (
    "Bentrokan antarwarga dua kampung pecah di Kecamatan Coblong, Kota Bandung, Sabtu (10/10/2020); "
    "tiga orang luka-luka dan dua rumah dirusak massa."
)


# --- service ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t ", None])
def test_an_empty_text_is_refused_with_a_clear_message(text):
    with pytest.raises(TriageRefused) as refused:
        service.triage(text)
    assert refused.value.code == "empty"
    assert "Teks kosong" in refused.value.messages[0]


def test_an_enormous_text_is_refused_with_the_limit_in_the_message():
    with pytest.raises(TriageRefused) as refused:
        service.triage("a" * (MAX_CHARS + 1))
    assert refused.value.code == "too_long"
    assert "20.000" in refused.value.messages[0] and "20.001" in refused.value.messages[0]


def test_a_text_at_the_limit_is_triaged():
    text = (TEXT + " ") * (MAX_CHARS // (len(TEXT) + 1))
    assert len(text.strip()) <= MAX_CHARS
    result = service.triage(text)
    assert "32.73" in result.kabkota_codes


def test_triage_finds_regions_category_date_and_a_draft():
    result = service.triage(TEXT)
    assert [r.place.code for r in result.regions] == ["32.73.02", "32.73"]
    assert result.suggestion.category == "bentrok-antarwarga"
    assert result.occurred_on == date(2020, 10, 10)
    assert result.draft_region is not None and result.draft_region.code == "32.73.02"
    query = service.draft_query(result)
    assert query == {
        "judul": TEXT,
        "kategori": "bentrok-antarwarga",
        "wilayah": "32.73.02",
        "uraian": TEXT,
        "tanggal": "2020-10-10",
    }


def test_a_date_written_in_words_is_found():
    result = service.triage("Pada 12 Oktober 2020 warga Kabupaten Garut berunjuk rasa menolak tambang.")
    assert result.occurred_on == date(2020, 10, 12)


def test_the_draft_incident_input_carries_region_category_and_narrative():
    result = service.triage(TEXT)
    draft = service.draft_incident_input(result)
    assert draft is not None
    assert draft.region.code == "32.73.02"
    assert draft.category.code == "bentrok-antarwarga"
    assert draft.narrative == TEXT
    assert draft.occurred_on == date(2020, 10, 10)


def test_no_draft_incident_input_without_a_kabkota():
    result = service.triage("Bentrokan antarwarga pecah di Jawa Barat, tiga orang luka-luka.")
    assert [r.place.code for r in result.regions] == ["32"]
    assert result.draft_region is None
    assert service.draft_incident_input(result) is None
    assert "wilayah" not in service.draft_query(result)


def test_the_draft_information_report_fills_what_where_and_when():
    fields = service.draft_information_report(service.triage(TEXT))
    assert fields["fact_what"] == TEXT
    assert "Kota Bandung" in fields["fact_where"] and "Coblong" in fields["fact_where"]
    assert fields["fact_when"] == "2020-10-10"
    assert fields["region"] == "32.73.02"


def test_region_names_do_not_steer_the_category():
    a = service.triage("Pendukung pasangan calon ricuh di kantor KPU Kabupaten Intan Jaya.")
    b = service.triage("Pendukung pasangan calon ricuh di kantor KPU Kota Bandung.")
    assert a.suggestion.category == b.suggestion.category == "ekses-politik"
    assert abs(a.suggestion.confidence - b.suggestion.confidence) < 1e-9


# --- page -------------------------------------------------------------------------------------


def test_the_page_has_its_name():
    assert reverse("alerts:triage") == URL


@pytest.mark.parametrize(
    "username", ["fkdm.kotabandung", "operator.kotabandung", "verifikator.jabar", "analis.nasional"]
)
def test_triage_roles_get_the_form(login_as, username):
    response = login_as(username).get(URL)
    assert response.status_code == 200
    assert b'data-testid="triage-form"' in response.content


@pytest.mark.parametrize("username", ["pimpinan", "admin"])
def test_pimpinan_and_admin_get_403(login_as, username):
    client = login_as(username)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"teks": TEXT}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_an_operator_gets_regions_category_and_a_draft_link(login_as):
    response = login_as("operator.kotabandung").post(URL, {"teks": TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="32.73"' in html and 'data-code="32.73.02"' in html
    assert "<mark>Kota Bandung</mark>" in html
    assert 'data-testid="category">Bentrok antarwarga<' in html
    link = response.context["draft_url"]
    parts = urlsplit(link)
    assert parts.path == reverse("incidents:create")
    query = parse_qs(parts.query)
    assert query["kategori"] == ["bentrok-antarwarga"]
    assert query["wilayah"] == ["32.73.02"]
    assert query["tanggal"] == ["2020-10-10"]
    assert query["uraian"] == [TEXT]
    assert query["judul"][0].startswith("Bentrokan antarwarga")
    assert 'data-testid="draft-link"' in html


def test_a_region_outside_the_scope_is_marked_and_kept_out_of_the_draft(login_as):
    text = "Tawuran antarwarga di Kabupaten Bandung meluas; warga Kota Bandung ikut berjaga."
    response = login_as("operator.kotabandung").post(URL, {"teks": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "di luar cakupan Anda" in html
    assert response.context["draft_region"].code == "32.73"
    assert parse_qs(urlsplit(response.context["draft_url"]).query)["wilayah"] == ["32.73"]


def test_an_fkdm_member_gets_li_fields_and_no_incident_draft_link(login_as):
    response = login_as("fkdm.kotabandung").post(URL, {"teks": TEXT})
    assert response.status_code == 200
    assert response.context["draft_url"] == ""
    assert b'data-testid="li-fields"' in response.content
    assert b'data-testid="draft-link"' not in response.content


def test_an_empty_text_answers_400_with_the_message(login_as):
    response = login_as("operator.kotabandung").post(URL, {"teks": "  "})
    assert response.status_code == 400
    assert "Teks kosong" in response.content.decode()


def test_an_enormous_text_answers_400_with_the_limit(login_as):
    response = login_as("operator.kotabandung").post(URL, {"teks": "kata " * 5000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "terlalu panjang" in html and "20.000" in html


def test_gibberish_gets_no_category_but_an_answer(login_as):
    response = login_as("analis.nasional").post(URL, {"teks": "asdf qwer zxcv uiop hjkl"})
    assert response.status_code == 200
    assert b'data-testid="abstained"' in response.content
    assert b'data-testid="no-regions"' in response.content


def test_an_uploaded_text_file_is_triaged(login_as):
    upload = SimpleUploadedFile("berita.txt", TEXT.encode("utf-8"), content_type="text/plain")
    response = login_as("verifikator.jabar").post(URL, {"teks": "", "berkas": upload})
    assert response.status_code == 200
    assert response.context["result"].kabkota_codes == {"32.73"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("berita.pdf", b"%PDF-1.4", "Hanya berkas teks biasa"),
        ("berita.txt", "é".encode("latin-1") * 10, "bukan teks UTF-8"),
        ("berita.txt", b"x" * 200_001, "Berkas terlalu besar"),
        ("kosong.txt", b"", "Teks kosong"),
    ],
)
def test_a_bad_upload_answers_400_with_a_message(login_as, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = login_as("verifikator.jabar").post(URL, {"teks": "", "berkas": upload})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_navigation_offers_triage_to_its_roles_only(login_as):
    assert b'href="/peringatan/triase/"' in login_as("operator.kotabandung").get("/").content
    assert b'href="/peringatan/triase/"' not in login_as("pimpinan").get("/").content


def test_without_a_date_in_the_text_the_draft_takes_today_in_the_regions_time_zone(monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone

    # 16:30 UTC is already the next day in Jayapura (WIT, UTC+9) but not in Bandung (WIB, UTC+7).
    monkeypatch.setattr(timezone, "now", lambda: datetime(2024, 3, 1, 16, 30, tzinfo=UTC))
    papua = service.draft_incident_input(service.triage("Bentrokan antarwarga pecah di Kota Jayapura."))
    bandung = service.draft_incident_input(service.triage("Bentrokan antarwarga pecah di Kota Bandung."))
    assert papua is not None and bandung is not None
    assert papua.occurred_on == date(2024, 3, 2)
    assert bandung.occurred_on == date(2024, 3, 1)


def test_a_long_text_is_cut_in_the_draft_link_and_the_page_says_so(login_as):
    text = (TEXT + " ") * 20
    response = login_as("operator.kotabandung").post(URL, {"teks": text})
    assert response.status_code == 200
    query = parse_qs(urlsplit(response.context["draft_url"]).query)
    assert len(query["uraian"][0]) == 2000
    assert text.strip().startswith(query["uraian"][0])
    assert "Uraian dalam draf dipotong" in response.content.decode()


def test_an_ambiguous_kecamatan_is_listed_with_its_candidates(login_as):
    response = login_as("analis.nasional").post(
        URL, {"teks": "Tawuran pelajar di Kecamatan Sukajadi, tiga siswa luka."}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="triage-unresolved"' in html
    assert "14.71.01" in html and "32.73.07" in html
