from __future__ import annotations

from typing import Any

from waspada.elections.imports import import_candidates
from waspada.elections.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor paslon dari CSV/XLSX (kolom pemilihan, kode_wilayah, nomor_urut, nama_calon, nama_wakil, jalur, "
        "partai, petahana, status, tanggal_status). Semua atau tidak sama sekali."
    )
    what = "paslon"

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(import_candidates, options)
