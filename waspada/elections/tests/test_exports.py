"""The Pilkada recap exports are queued by a POST from the recap page and built in the
background with the page's filters and the requester's scope: the XLSX (openpyxl) and PDF
(pypdf) carry the house header and the same total as the page; another region answers 404 and a
bad format or filter is refused with nothing queued; a user moved out of the region before the
file is built gets a readable refusal instead of a file; the status page links back to the recap."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from waspada.core.tests.export_helpers import (
    ExportPage,
    back_link,
    export_media,  # noqa: F401  (autouse fixture)
    move_role,
    pdf_text,
    xlsx_cells,
)

from . import factories as f

pytestmark = pytest.mark.django_db

EXPORT = ExportPage(reverse("elections:recap_export"), "elections.recap", "elections:recap")
TITLE = "Rekapitulasi Pelanggaran Protokol Kesehatan Pilkada"


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
    export, content = EXPORT.built(
        login_as("analis.nasional"),
        django_capture_on_commit_callbacks,
        {"format": "xlsx", "pemilihan": "pilkada-2020"},
        filename="rekap-pelanggaran-pilkada-2020.xlsx",
    )
    cells = xlsx_cells(content)
    assert TITLE in cells and "Sidik data (SHA-256)" in cells
    assert "data_sha256" not in export.params  # the status page's data hash is the PDF footer's
    assert any(isinstance(c, str) and c.endswith(("WIB", "WITA", "WIT")) for c in cells)
    assert total_of(cells) == 3


def test_the_recap_pdf_holds_the_filtered_regions_figures(login_as, violations, django_capture_on_commit_callbacks):
    export, content = EXPORT.built(
        login_as("analis.nasional"),
        django_capture_on_commit_callbacks,
        {"format": "pdf", "pemilihan": "pilkada-2020", "wilayah": "32.04"},
        filename="rekap-pelanggaran-pilkada-2020-32.04.pdf",
    )
    assert export.params["filters"] == {"pemilihan": "pilkada-2020", "wilayah": "32.04"}
    text = pdf_text(content)
    assert TITLE in text and "32.04" in text
    assert export.params["data_sha256"] in text.replace("\n", "")


def test_the_status_page_links_back_to_the_pilkada_recap_with_the_exports_filters(
    login_as, violations, django_capture_on_commit_callbacks
):
    client = login_as("analis.nasional")
    data = {"format": "xlsx", "pemilihan": "pilkada-2020", "wilayah": "32.04"}
    export, _content = EXPORT.built(client, django_capture_on_commit_callbacks, data)
    href, label = back_link(client, export)
    assert href == reverse("elections:recap") + "?pemilihan=pilkada-2020&wilayah=32.04"
    assert label == "Kembali ke rekap pelanggaran Pilkada"


def test_a_regency_operators_export_counts_only_its_own_violations(
    login_as, violations, django_capture_on_commit_callbacks
):
    client = login_as("operator.kabbandung")
    data = {"format": "xlsx", "pemilihan": "pilkada-2020"}
    _export, content = EXPORT.built(client, django_capture_on_commit_callbacks, data)
    assert total_of(xlsx_cells(content)) == 2


def test_another_regions_filter_answers_404_and_queues_nothing(
    login_as, violations, django_capture_on_commit_callbacks
):
    client = login_as("operator.kotabandung")
    EXPORT.refused(client, django_capture_on_commit_callbacks, {"format": "xlsx", "wilayah": "32.04"}, 404)


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
    EXPORT.refused(login_as("analis.nasional"), django_capture_on_commit_callbacks, data, 400, message)


def test_fkdm_may_not_export_the_pilkada_recap(login_as, violations, django_capture_on_commit_callbacks):
    EXPORT.refused(login_as("fkdm.kotabandung"), django_capture_on_commit_callbacks, {"format": "xlsx"}, 403)


def test_a_user_moved_out_of_the_region_before_the_build_gets_a_readable_refusal(
    login_as, violations, django_capture_on_commit_callbacks
):
    export = EXPORT.refused_at_build(
        login_as("operator.kabbandung"),
        django_capture_on_commit_callbacks,
        {"format": "pdf", "wilayah": "32.04"},  # no election: the default one, stored by its code
        lambda: move_role("operator.kabbandung", "32.73"),
        "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda.",
    )
    assert export.params["filters"]["pemilihan"]


def test_a_get_on_the_export_url_goes_back_to_the_recap_and_the_page_posts_its_filters(login_as, violations):
    EXPORT.posts_its_filters(
        login_as("analis.nasional"), {"pemilihan": "pilkada-2020", "wilayah": "32.04"}, {"wilayah": "32.04"}
    )
