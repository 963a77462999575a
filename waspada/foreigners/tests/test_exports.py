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

from waspada.core.models import AuditEvent, Export
from waspada.core.tests.export_helpers import download, move_role, pdf_text, post_export, post_then_build, xlsx_cells
from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("foreigners:export")
PASSPORT = "E12345678"
MASKED = "E12••••78"
ADDRESS_TAIL = "Nomor 17, Coblong"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(personas):
    p = f.foreigner(personas["operator.kotabandung"], passport_number=PASSPORT)
    f.permit(personas["operator.kotabandung"], p, date(2025, 1, 1), date(2099, 1, 1))
    return p


def unmasked_in(text: str) -> list[str]:
    return [s for s in (PASSPORT, ADDRESS_TAIL, "Jalan Dago", "1985-04-12", "12-04-1985") if s in text]


def test_an_analysts_xlsx_is_queued_and_stays_masked(login_as, person, django_capture_on_commit_callbacks):
    client = login_as("analis.nasional")
    response = post_export(client, django_capture_on_commit_callbacks, URL, {"format": "xlsx"})
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[export.public_id])
    assert export.kind == "foreigners.export" and export.status == Export.Status.DONE, export.message
    cells = " ".join(str(c) for c in xlsx_cells(download(client, export)))
    assert MASKED in cells
    assert unmasked_in(cells) == []
    assert AuditEvent.objects.filter(action="export.requested", object_id=str(export.public_id)).exists()


def test_a_passport_search_is_stored_as_digests_and_never_as_the_number(
    login_as, person, personas, django_capture_on_commit_callbacks
):
    f.foreigner(personas["operator.kotabandung"], name="Ann Lee", nationality="USA", passport_number="123456789")
    client = login_as("analis.nasional")
    post_export(client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "paspor": "e12-345 678"})
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.message
    assert set(export.params["filters"]) == {"sidik"} and len(export.params["filters"]["sidik"]) >= 1
    stored = json.dumps(export.params) + json.dumps(
        [e.after for e in AuditEvent.objects.filter(action__startswith="export.")]
    )
    assert PASSPORT not in stored and "e12-345 678" not in stored
    cells = " ".join(str(c) for c in xlsx_cells(download(client, export)))
    assert MASKED in cells and "Ann Lee" not in cells


def test_a_kabkota_operators_pdf_is_masked(login_as, person, django_capture_on_commit_callbacks):
    client = login_as("operator.kotabandung")
    post_export(client, django_capture_on_commit_callbacks, URL, {"format": "pdf", "wilayah": "32.73", "dari": "rekap"})
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.message
    assert export.params["back_url"].startswith(reverse("foreigners:recap"))
    text = pdf_text(download(client, export))
    assert "Orang Asing" in text
    assert unmasked_in(text) == []


def test_another_region_answers_404_and_queues_nothing(login_as, person, django_capture_on_commit_callbacks):
    client = login_as("operator.kotabandung")
    response = post_export(client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "wilayah": "32.04"})
    assert response.status_code == 404
    assert not Export.objects.exists()


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
    response = post_export(login_as("analis.nasional"), django_capture_on_commit_callbacks, URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Export.objects.exists()


def test_fkdm_may_not_export_foreigners(login_as, person, django_capture_on_commit_callbacks):
    response = post_export(login_as("fkdm.kotabandung"), django_capture_on_commit_callbacks, URL, {"format": "xlsx"})
    assert response.status_code == 403
    assert not Export.objects.exists()


def test_a_user_moved_out_of_the_region_before_the_build_gets_a_readable_refusal(
    login_as, person, django_capture_on_commit_callbacks
):
    client = login_as("operator.kotabandung")
    post_then_build(
        client,
        django_capture_on_commit_callbacks,
        URL,
        {"format": "xlsx", "wilayah": "32.73"},
        lambda: move_role("operator.kotabandung", "32.04"),
    )
    export = Export.objects.get()
    assert export.status == Export.Status.FAILED and not export.file
    assert export.message == "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda."


def test_a_get_goes_back_to_the_list_and_the_pages_post_their_filters(login_as, person):
    client = login_as("operator.kotabandung")
    assert client.get(URL)["Location"] == reverse("foreigners:list")
    for name in ("list", "recap"):
        page = client.get(reverse(f"foreigners:{name}"), {"kewarganegaraan": "CHN"}).content.decode()
        assert f'<form method="post" action="{URL}"' in page, name
        assert '<input type="hidden" name="kewarganegaraan" value="CHN">' in page and "csrfmiddlewaretoken" in page
