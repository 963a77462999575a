"""The RAD Terpadu recap exports are queued by a POST from the recap page and built in the
background with the requester's role and scope as they are at build time: the XLSX (openpyxl)
and PDF (pypdf) hold the page's figures in the house style; a bad format or filter is refused
with nothing queued; a user whose role was revoked before the build gets a readable refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from waspada.actionplans.tests.test_views import _crafted
from waspada.core.models import Export
from waspada.core.tests.export_helpers import (
    ExportPage,
    back_link,
    download,
    export_media,  # noqa: F401  (autouse fixture)
    move_role,
    pdf_text,
    post_then_build,
    revoke_roles,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

EXPORT = ExportPage(reverse("actionplans:recap_export"), "actionplans.recap", "actionplans:recap")


def cells_of(content: bytes) -> list[list[Any]]:
    return [[c for c in row if c is not None] for row in xlsx_rows(content)["Rekap"]]


def test_the_recap_xlsx_is_queued_and_holds_the_pages_figures(
    login_as, personas, django_capture_on_commit_callbacks
) -> None:
    _crafted(personas)
    client = login_as("analis.nasional")
    export, content = EXPORT.built(
        client,
        django_capture_on_commit_callbacks,
        {"format": "xlsx", "tahun": "2025"},
        filename="rekap-rad-terpadu-2025-B04.xlsx",
    )
    assert export.params["filters"] == {"tahun": "2025", "periode": "2025-B04"}  # the default period, resolved
    cells = cells_of(content)
    assert cells[1] == ["Rekapitulasi Nasional RAD Terpadu"]
    assert ["Wilayah dengan RAD", "2"] in cells
    assert ["Periode laporan kemajuan", "B-04 2025"] in cells
    assert ["32 Jawa Barat", "60,0", "—", "20,0"] in cells
    assert ["32 Jawa Barat", "28", "2", "1", "1", "26", "7,1"] in cells
    assert any(c[:1] == ["Sidik data (SHA-256)"] and len(c[1]) == 64 for c in cells)  # in the XLSX header
    assert "data_sha256" not in export.params  # the status page's data hash is the PDF footer's
    (late,) = [c for c in cells if c[:1] == ["B-04 2025"]]
    assert late[1].startswith("32.04") and late[2] == "11-05-2025 00:00 WIB" and late[3] == "20-05-2025 10:00 WIB"
    expected = (reverse("actionplans:recap") + "?tahun=2025&periode=2025-B04", "Kembali ke rekap RAD Terpadu")
    assert back_link(client, export) == expected


def test_the_recap_pdf_is_built_in_the_house_style(login_as, personas, django_capture_on_commit_callbacks):
    b04 = _crafted(personas)
    client = login_as("analis.nasional")
    data = {"format": "pdf", "tahun": "2025", "periode": b04.key}
    export, content = EXPORT.built(client, django_capture_on_commit_callbacks, data)
    text = pdf_text(content)
    assert "Rekapitulasi Nasional RAD Terpadu" in text and "Sidik data (SHA-256)" in text
    assert export.params["data_sha256"] in text.replace("\n", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "doc", "tahun": "2025"}, "Format ekspor &#x27;doc&#x27; tidak dikenal"),
        ({"format": "xlsx", "tahun": "20x5"}, "Tahun «20x5» tidak sah."),
        ({"format": "pdf", "tahun": "2025", "periode": "2024-B04"}, "bukan periode tahun 2025"),
        ({"format": "pdf", "periode": "kemarin"}, "Periode «kemarin» tidak dikenal"),
    ],
)
def test_a_bad_format_or_filter_is_refused_in_indonesian_and_nothing_is_queued(
    login_as, django_capture_on_commit_callbacks, data, message
):
    EXPORT.refused(login_as("analis.nasional"), django_capture_on_commit_callbacks, data, 400, message)


def test_a_role_without_rad_access_may_not_export(login_as, django_capture_on_commit_callbacks):
    EXPORT.refused(login_as("fkdm.kotabandung"), django_capture_on_commit_callbacks, {"format": "xlsx"}, 403)


def test_the_file_holds_the_requesters_scope_at_build_time(login_as, personas, django_capture_on_commit_callbacks):
    _crafted(personas)
    client = login_as("verifikator.jabar")
    post_then_build(
        client,
        django_capture_on_commit_callbacks,
        EXPORT.url,
        {"format": "xlsx", "tahun": "2025"},
        lambda: move_role("verifikator.jabar", "51"),
    )
    cells = cells_of(download(client, Export.objects.get()))
    assert ["Wilayah dengan RAD", "0"] in cells  # Bali's recap, not Jawa Barat's
    assert not [c for c in cells if c[:1] == ["32 Jawa Barat"]]


def test_a_user_whose_role_was_revoked_before_the_build_gets_a_readable_refusal(
    login_as, personas, django_capture_on_commit_callbacks
):
    EXPORT.refused_at_build(
        login_as("verifikator.jabar"),
        django_capture_on_commit_callbacks,
        {"format": "pdf"},
        lambda: revoke_roles("verifikator.jabar"),
        "Peran Anda tidak lagi berwenang membaca RAD Terpadu.",
    )


def test_a_get_goes_back_to_the_recap_and_the_page_posts_its_filters(login_as, personas):
    _crafted(personas)
    EXPORT.posts_its_filters(login_as("analis.nasional"), {"tahun": "2025"}, {"periode": "2025-B04"})
