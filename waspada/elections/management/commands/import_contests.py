from __future__ import annotations

from typing import Any

from waspada.elections.imports import import_contests
from waspada.elections.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Impor pemilihan daerah dari CSV/XLSX (kolom pemilihan, kode_wilayah, jenis). Semua atau tidak sama sekali."
    what = "pemilihan daerah"

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(import_contests, options)
