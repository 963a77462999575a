"""The foreigners' exports are queued by a POST from the list or recap page and built in the
background with the page's filters and the requester's scope — and stay masked: the XLSX
(openpyxl) and PDF (pypdf) never hold a full passport number, address or birth date, even for an
analyst who may reveal one; a full passport number searched for is stored as its keyed digests
only. Another region answers 404, a bad filter or format is refused with nothing queued, and a
user moved out of the region before the build gets a readable refusal."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from waspada.core.models import AuditEvent
from waspada.core.tests.export_helpers import (
    ExportPage,
    back_link,
    export_media,  # noqa: F401  (autouse fixture)
    move_role,
    pdf_text,
    xlsx_cells,
)
from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db

EXPORT = ExportPage(reverse("foreigners:export"), "foreigners.export", "foreigners:list")
PASSPORT = "E12345678"
MASKED = "E12••••78"
ADDRESS_TAIL = "Nomor 17, Coblong"


@pytest.fixture
def person(personas):
    p = f.foreigner(personas["operator.kotabandung"], passport_number=PASSPORT)
    f.permit(personas["operator.kotabandung"], p, date(2025, 1, 1), date(2099, 1, 1))
    return p


def unmasked_in(text: str) -> list[str]:
    return [s for s in (PASSPORT, ADDRESS_TAIL, "Jalan Dago", "1985-04-12", "12-04-1985") if s in text]


def test_an_analysts_xlsx_is_queued_and_stays_masked(login_as, person, django_capture_on_commit_callbacks):
    client = login_as("analis.nasional")
    export, content = EXPORT.built(client, django_capture_on_commit_callbacks, {"format": "xlsx"})
    cells = " ".join(str(c) for c in xlsx_cells(content))
    assert MASKED in cells
    assert unmasked_in(cells) == []
    assert back_link(client, export) == (reverse("foreigners:list"), "Kembali ke daftar orang asing")


def test_a_passport_search_is_stored_as_digests_and_never_as_the_number(
    login_as, person, personas, django_capture_on_commit_callbacks
):
    f.foreigner(personas["operator.kotabandung"], name="Ann Lee", nationality="USA", passport_number="123456789")
    client = login_as("analis.nasional")
    data = {"format": "xlsx", "paspor": "e12-345 678"}
    export, content = EXPORT.built(client, django_capture_on_commit_callbacks, data)
    assert set(export.params["filters"]) == {"sidik"} and len(export.params["filters"]["sidik"]) >= 1
    stored = json.dumps(export.params) + json.dumps(
        [e.after for e in AuditEvent.objects.filter(action__startswith="export.")]
    )
    assert PASSPORT not in stored and "e12-345 678" not in stored
    cells = " ".join(str(c) for c in xlsx_cells(content))
    assert MASKED in cells and "Ann Lee" not in cells


def test_a_kabkota_operators_pdf_is_masked(login_as, person, django_capture_on_commit_callbacks):
    client = login_as("operator.kotabandung")
    data = {"format": "pdf", "wilayah": "32.73", "dari": "rekap"}
    export, content = EXPORT.built(client, django_capture_on_commit_callbacks, data)
    assert export.params["back_url"].startswith(reverse("foreigners:recap"))
    assert back_link(client, export) == (reverse("foreigners:recap") + "?wilayah=32.73", "Kembali ke rekap orang asing")
    text = pdf_text(content)
    assert "Orang Asing" in text
    assert unmasked_in(text) == []


def test_another_region_answers_404_and_queues_nothing(login_as, person, django_capture_on_commit_callbacks):
    client = login_as("operator.kotabandung")
    EXPORT.refused(client, django_capture_on_commit_callbacks, {"format": "xlsx", "wilayah": "32.04"}, 404)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "csv"}, "Format ekspor 'csv' tidak dikenal"),
        ({"format": "xlsx", "tujuan": "wisata-luar-angkasa"}, "Tujuan «wisata-luar-angkasa» tidak dikenal."),
        ({"format": "pdf", "status_izin": "abadi"}, "Status izin «abadi» tidak dikenal."),
        ({"format": "pdf", "sidik": "bukan-sidik"}, "Sidik paspor tidak sah"),
    ],
)
def test_a_bad_format_or_filter_is_refused_in_indonesian_and_nothing_is_queued(
    login_as, django_capture_on_commit_callbacks, data, message
):
    EXPORT.refused(login_as("analis.nasional"), django_capture_on_commit_callbacks, data, 400, message)


def test_fkdm_may_not_export_foreigners(login_as, person, django_capture_on_commit_callbacks):
    EXPORT.refused(login_as("fkdm.kotabandung"), django_capture_on_commit_callbacks, {"format": "xlsx"}, 403)


def test_a_user_moved_out_of_the_region_before_the_build_gets_a_readable_refusal(
    login_as, person, django_capture_on_commit_callbacks
):
    EXPORT.refused_at_build(
        login_as("operator.kotabandung"),
        django_capture_on_commit_callbacks,
        {"format": "xlsx", "wilayah": "32.73"},
        lambda: move_role("operator.kotabandung", "32.04"),
        "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda.",
    )


def test_a_get_goes_back_to_the_list_and_the_pages_post_their_filters(login_as, person):
    client = login_as("operator.kotabandung")
    EXPORT.posts_its_filters(client, {"kewarganegaraan": "CHN"}, {"kewarganegaraan": "CHN"})
    page = client.get(reverse("foreigners:recap"), {"kewarganegaraan": "CHN"}).content.decode()
    assert f'<form method="post" action="{EXPORT.url}"' in page
    assert '<input type="hidden" name="kewarganegaraan" value="CHN">' in page and "csrfmiddlewaretoken" in page
