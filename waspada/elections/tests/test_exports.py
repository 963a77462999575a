"""The Pilkada recap exports are queued by a POST from the recap page and built in the
background with the page's filters and the requester's scope: the XLSX (openpyxl) and PDF
(pypdf) carry the house header and the same total as the page; another region answers 404 and a
bad format or filter is refused with nothing queued; a user moved out of the region before the
file is built gets a readable refusal instead of a file."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from waspada.core.models import AuditEvent, Export
from waspada.core.tests.export_helpers import download, move_role, pdf_text, post_export, post_then_build, xlsx_cells

from . import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("elections:recap_export")
TITLE = "Rekapitulasi Pelanggaran Protokol Kesehatan Pilkada"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def violations(personas: dict) -> dict[str, Any]:
    """Two violations in Kabupaten Bandung (32.04) and one in Kabupaten Cianjur (32.03)."""
    admin = personas["admin"]
    bandung = f.contest("32.04")
    kota = f.contest("32.03")
    pair = f.pair(admin, bandung, 1, head="Ahmad")
    f.violation(admin, bandung, f.at(2020, 10, 1), pair=pair)
    f.violation(admin, bandung, f.at(2020, 10, 12), pair=pair)
    f.violation(admin, kota, f.at(2020, 10, 2))
    return {"bandung": bandung, "kota": kota}


def total_of(cells: list[Any]) -> Any:
    return cells[cells.index("Jumlah pelanggaran") + 1]


def test_the_recap_xlsx_is_queued_and_built_with_the_house_header_and_the_pages_total(
    login_as, violations, django_capture_on_commit_callbacks
) -> None:
    client = login_as("analis.nasional")
    response = post_export(
        client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "pemilihan": "pilkada-2020"}
    )
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[export.public_id])
    assert export.kind == "elections.recap" and export.status == Export.Status.DONE, export.message
    assert export.filename == "rekap-pelanggaran-pilkada-2020.xlsx"
    cells = xlsx_cells(download(client, export))
    assert TITLE in cells and "Sidik data (SHA-256)" in cells
    assert "data_sha256" not in export.params  # the status page's data hash is the PDF footer's
    assert any(isinstance(c, str) and c.endswith(("WIB", "WITA", "WIT")) for c in cells)
    assert total_of(cells) == 3
    assert AuditEvent.objects.filter(action="export.requested", object_id=str(export.public_id)).exists()


def test_the_recap_pdf_holds_the_filtered_regions_figures(login_as, violations, django_capture_on_commit_callbacks):
    client = login_as("analis.nasional")
    post_export(
        client,
        django_capture_on_commit_callbacks,
        URL,
        {"format": "pdf", "pemilihan": "pilkada-2020", "wilayah": "32.04"},
    )
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.message
    assert export.filename == "rekap-pelanggaran-pilkada-2020-32.04.pdf"
    assert export.params["filters"] == {"pemilihan": "pilkada-2020", "wilayah": "32.04"}
    text = pdf_text(download(client, export))
    assert TITLE in text and "32.04" in text
    assert export.params["data_sha256"] in text.replace("\n", "")


def test_a_regency_operators_export_counts_only_its_own_violations(
    login_as, violations, django_capture_on_commit_callbacks
):
    client = login_as("operator.kabbandung")
    post_export(client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "pemilihan": "pilkada-2020"})
    export = Export.objects.get()
    assert total_of(xlsx_cells(download(client, export))) == 2


def test_another_regions_filter_answers_404_and_queues_nothing(
    login_as, violations, django_capture_on_commit_callbacks
):
    client = login_as("operator.kotabandung")
    response = post_export(client, django_capture_on_commit_callbacks, URL, {"format": "xlsx", "wilayah": "32.04"})
    assert response.status_code == 404
    assert not Export.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "doc"}, "Format ekspor &#x27;doc&#x27; tidak dikenal"),
        ({"format": "xlsx", "pemilihan": "pilkada-1999"}, "tidak dikenal"),
        ({"format": "pdf", "kegiatan": "tidur"}, "Kegiatan «tidur» tidak dikenal"),
    ],
)
def test_a_bad_format_or_filter_is_refused_in_indonesian_and_nothing_is_queued(
    login_as, violations, django_capture_on_commit_callbacks, data, message
):
    client = login_as("analis.nasional")
    response = post_export(client, django_capture_on_commit_callbacks, URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Export.objects.exists()


def test_fkdm_may_not_export_the_pilkada_recap(login_as, violations, django_capture_on_commit_callbacks):
    response = post_export(login_as("fkdm.kotabandung"), django_capture_on_commit_callbacks, URL, {"format": "xlsx"})
    assert response.status_code == 403
    assert not Export.objects.exists()


def test_a_user_moved_out_of_the_region_before_the_build_gets_a_readable_refusal(
    login_as, violations, django_capture_on_commit_callbacks
):
    client = login_as("operator.kabbandung")
    post_then_build(
        client,
        django_capture_on_commit_callbacks,
        URL,
        {"format": "pdf", "wilayah": "32.04"},  # no election: the default one, stored by its code
        lambda: move_role("operator.kabbandung", "32.73"),
    )
    export = Export.objects.get()
    assert export.params["filters"]["pemilihan"]
    assert export.status == Export.Status.FAILED and not export.file
    assert export.message == "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda."


def test_a_get_on_the_export_url_goes_back_to_the_recap_and_the_page_posts_its_filters(login_as, violations):
    client = login_as("analis.nasional")
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("elections:recap")
    page = client.get(reverse("elections:recap") + "?pemilihan=pilkada-2020&wilayah=32.04").content.decode()
    assert f'<form method="post" action="{URL}"' in page
    assert '<input type="hidden" name="wilayah" value="32.04">' in page
    assert 'name="format" value="pdf"' in page and "csrfmiddlewaretoken" in page
