"""The forum formation compliance exports are queued by a POST from the compliance page and built
in the background with the page's filters and the requester's scope: the XLSX (openpyxl) holds
the page's numbers and contacts, the PDF (pypdf) the house header; another province answers 404
and a bad filter or format is refused with nothing queued; a user moved out of the province
before the build gets a readable refusal instead of a file."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from waspada.core.tests.export_helpers import (
    ExportPage,
    back_link,
    export_media,  # noqa: F401  (autouse fixture)
    move_role,
    pdf_text,
    xlsx_rows,
)
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db

EXPORT = ExportPage(reverse("forums:compliance_export"), "forums.compliance", "forums:compliance")


@pytest.fixture
def decrees():
    f.decree(f.forum("32.73"), date(2019, 1, 1), None)
    f.decree(f.forum("32.04", contact_name="Asep Kab"), date(2015, 1, 1), date(2019, 12, 31))


def test_the_compliance_xlsx_is_queued_and_holds_the_pages_numbers_and_contacts(
    login_as, decrees, django_capture_on_commit_callbacks
):
    _export, content = EXPORT.built(
        login_as("verifikator.jabar"),
        django_capture_on_commit_callbacks,
        {"format": "xlsx", "jenis": "fkdm", "per": "2020-07-01"},
        filename="kepatuhan-fkdm-kabkota-2020-07-01.xlsx",
    )
    book = xlsx_rows(content)
    rows = book["Per provinsi"]
    assert ("32 Jawa Barat", 1, 1, 25, 27) in [tuple(r) for r in rows]
    assert any(r and r[0] == "1 dari 27 kabupaten/kota memiliki FKDM aktif (3,7 %)" for r in rows)
    lacking = book["Belum aktif"]
    kab = next(r for r in lacking if r[0] == "32.04 Kabupaten Bandung")
    assert tuple(kab[1:4]) == ("SK kedaluwarsa", "31-12-2019", "Asep Kab")
    assert kab[4].startswith("Operator Kabupaten Bandung")  # the Kesbangpol officer to contact
    assert len(lacking) == 1 + 26


def test_the_as_of_date_is_stored_resolved_and_the_pdf_has_the_house_header(
    login_as, decrees, django_capture_on_commit_callbacks
):
    client = login_as("analis.nasional")
    export, content = EXPORT.built(client, django_capture_on_commit_callbacks, {"format": "pdf", "provinsi": "32"})
    stored = export.params["filters"]
    assert stored["jenis"] == "fkdm" and stored["tingkat"] == "kabkota" and stored["provinsi"] == "32"
    assert date.fromisoformat(stored["per"])  # today, written down
    text = pdf_text(content)
    assert "Rekapitulasi Pembentukan FKDM" in text and "32 Jawa Barat" in text
    href, label = back_link(client, export)
    assert href == reverse("forums:compliance") + f"?jenis=fkdm&tingkat=kabkota&per={stored['per']}&provinsi=32"
    assert label == "Kembali ke kepatuhan pembentukan forum"


def test_another_province_answers_404_and_queues_nothing(login_as, decrees, django_capture_on_commit_callbacks):
    client = login_as("verifikator.jabar")
    EXPORT.refused(client, django_capture_on_commit_callbacks, {"format": "xlsx", "provinsi": "51"}, 404)


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
    EXPORT.refused(login_as("verifikator.jabar"), django_capture_on_commit_callbacks, data, 400, message)


def test_a_user_moved_out_of_the_province_before_the_build_gets_a_readable_refusal(
    login_as, decrees, django_capture_on_commit_callbacks
):
    EXPORT.refused_at_build(
        login_as("verifikator.jabar"),
        django_capture_on_commit_callbacks,
        {"format": "xlsx", "provinsi": "32"},
        lambda: move_role("verifikator.jabar", "51"),
        "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda.",
    )


def test_a_get_goes_back_to_the_page_and_the_page_posts_its_filters(login_as, decrees):
    EXPORT.posts_its_filters(
        login_as("verifikator.jabar"), {"jenis": "fkdm", "per": "2020-07-01"}, {"per": "2020-07-01"}
    )
