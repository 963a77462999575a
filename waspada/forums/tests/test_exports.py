"""The forum formation compliance exports are queued by a POST from the compliance page and built
in the background with the page's filters and the requester's scope: the XLSX (openpyxl) holds
the page's numbers and contacts, the PDF (pypdf) the house header; another province answers 404
and a bad filter or format is refused with nothing queued; a user moved out of the province
before the build gets a readable refusal instead of a file."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from waspada.core.models import AuditEvent, Export
from waspada.core.tests.export_helpers import download, move_role, pdf_text, post_export, post_then_build, xlsx_rows
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("forums:compliance_export")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decrees():
    f.decree(f.forum("32.73"), date(2019, 1, 1), None)
    f.decree(f.forum("32.04", contact_name="Asep Kab"), date(2015, 1, 1), date(2019, 12, 31))


def test_the_compliance_xlsx_is_queued_and_holds_the_pages_numbers_and_contacts(
    login_as, decrees, django_capture_on_commit_callbacks
):
    client = login_as("verifikator.jabar")
    response = post_export(
        client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "jenis": "fkdm", "per": "2020-07-01"}
    )
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[export.public_id])
    assert export.kind == "forums.compliance" and export.status == Export.Status.DONE, export.message
    assert export.filename == "kepatuhan-fkdm-kabkota-2020-07-01.xlsx"
    book = xlsx_rows(download(client, export))
    rows = book["Per provinsi"]
    assert ("32 Jawa Barat", 1, 1, 25, 27) in [tuple(r) for r in rows]
    assert any(r and r[0] == "1 dari 27 kabupaten/kota memiliki FKDM aktif (3,7 %)" for r in rows)
    lacking = book["Belum aktif"]
    kab = next(r for r in lacking if r[0] == "32.04 Kabupaten Bandung")
    assert tuple(kab[1:4]) == ("SK kedaluwarsa", "31-12-2019", "Asep Kab")
    assert kab[4].startswith("Operator Kabupaten Bandung")  # the Kesbangpol officer to contact
    assert len(lacking) == 1 + 26
    assert AuditEvent.objects.filter(action="export.requested", object_id=str(export.public_id)).exists()


def test_the_as_of_date_is_stored_resolved_and_the_pdf_has_the_house_header(
    login_as, decrees, django_capture_on_commit_callbacks
):
    client = login_as("analis.nasional")
    post_export(client, django_capture_on_commit_callbacks, URL, {"format": "pdf", "provinsi": "32"})
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.message
    stored = export.params["filters"]
    assert stored["jenis"] == "fkdm" and stored["tingkat"] == "kabkota" and stored["provinsi"] == "32"
    assert date.fromisoformat(stored["per"])  # today, written down
    text = pdf_text(download(client, export))
    assert "Rekapitulasi Pembentukan FKDM" in text and "32 Jawa Barat" in text


def test_another_province_answers_404_and_queues_nothing(login_as, decrees, django_capture_on_commit_callbacks):
    client = login_as("verifikator.jabar")
    response = post_export(client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "provinsi": "51"})
    assert response.status_code == 404
    assert not Export.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "doc"}, "Format ekspor &#x27;doc&#x27; tidak dikenal"),
        ({"format": "xlsx", "tingkat": "desa"}, "Tingkat «desa» tidak dikenal"),
        ({"format": "pdf", "per": "kemarin"}, "Tulis tanggal yang sah"),
        ({"format": "pdf", "jenis": "arisan"}, "Jenis forum «arisan» tidak dikenal."),
        ({"format": "pdf", "provinsi": "32.73"}, "«32.73» bukan kode provinsi."),
    ],
)
def test_a_bad_format_or_filter_is_refused_in_indonesian_and_nothing_is_queued(
    login_as, django_capture_on_commit_callbacks, data, message
):
    response = post_export(login_as("verifikator.jabar"), django_capture_on_commit_callbacks, URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Export.objects.exists()


def test_a_user_moved_out_of_the_province_before_the_build_gets_a_readable_refusal(
    login_as, decrees, django_capture_on_commit_callbacks
):
    client = login_as("verifikator.jabar")
    post_then_build(
        client,
        django_capture_on_commit_callbacks,
        URL,
        {"format": "xlsx", "provinsi": "32"},
        lambda: move_role("verifikator.jabar", "51"),
    )
    export = Export.objects.get()
    assert export.status == Export.Status.FAILED and not export.file
    assert export.message == "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda."


def test_a_get_goes_back_to_the_page_and_the_page_posts_its_filters(login_as, decrees):
    client = login_as("verifikator.jabar")
    assert client.get(URL)["Location"] == reverse("forums:compliance")
    page = client.get(reverse("forums:compliance"), {"jenis": "fkdm", "per": "2020-07-01"}).content.decode()
    assert f'<form method="post" action="{URL}"' in page
    assert '<input type="hidden" name="per" value="2020-07-01">' in page and "csrfmiddlewaretoken" in page
