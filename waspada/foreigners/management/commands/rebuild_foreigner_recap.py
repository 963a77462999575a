"""``manage.py rebuild_foreigner_recap``: count the foreigners recap cells (per province: by
kabupaten/kota and presence, by nationality and purpose, by permit end date) again from the
person table.

Not needed in normal operation (every write keeps its provinces' cells, and the migration that
added them filled them); run it after writing people outside the services, or after an interrupted
``generate_synthetic --foreigners``. One transaction: readers see the old cells until the new ones
are committed. On PostgreSQL the cell table is then vacuumed and analysed. Prints the cells written
and the seconds taken, and writes the audit event ``foreigners.recap_rebuilt``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from waspada.core import audit, maintenance
from waspada.foreigners import recap_cells
from waspada.foreigners.models import ForeignerRecapCell


class Command(BaseCommand):
    help = (
        "Membangun ulang sel rekap orang asing (per provinsi: kabupaten/kota dan keberadaan, "
        "kewarganegaraan dan tujuan, akhir izin tinggal) dari data orang asing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = recap_cells.rebuild()
        maintenance.vacuum_analyze(ForeignerRecapCell)
        seconds = time.perf_counter() - started
        audit.record(
            actor=None,
            action="foreigners.recap_rebuilt",
            obj=maintenance.whole_table(ForeignerRecapCell, "Rekap orang asing"),
            after={"rows": rows, "seconds": round(seconds, 2)},
        )
        self.stdout.write(f"Rekap orang asing: {rows} sel ditulis dalam {seconds:.2f} detik.")
        self.stdout.write(self.style.SUCCESS("Selesai."))
