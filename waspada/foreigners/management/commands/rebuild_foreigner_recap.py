"""``manage.py rebuild_foreigner_recap``: count the foreigners recap cells (per province: by
kabupaten/kota and presence, by nationality and purpose, by permit end date) again from the
person table.

Not needed in normal operation (every write keeps its provinces' cells, and the migration that
added them filled them); run it after writing people outside the services, or after an interrupted
``generate_synthetic --foreigners``. One transaction: readers see the old cells until the new ones
are committed. On PostgreSQL the cell table is then vacuumed and analysed. ``--check`` only
compares the cells with a fresh count and fails (exit status 1) when they differ. Prints the cells written
and the seconds taken, and writes the audit event ``foreigners.recap_rebuilt``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from waspada.core import audit, maintenance
from waspada.foreigners import recap_cells
from waspada.foreigners.models import ForeignerRecapCell


class Command(BaseCommand):
    help = (
        "Membangun ulang sel rekap orang asing (per provinsi: kabupaten/kota dan keberadaan, "
        "kewarganegaraan dan tujuan, akhir izin tinggal) dari data orang asing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Hanya periksa: bandingkan sel dengan hitungan baru, tulis apa pun tidak; gagal bila berbeda.",
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if check:
            self._check()
            return
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

    def _check(self) -> None:
        """Compare the stored cells with a fresh count (read only): a monitoring job can run this
        and alert on a non-zero exit; the rebuild then mends the cells."""
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # Both reads from one snapshot, so a write committed between them is no false alarm.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            stored, fresh = recap_cells.stored(), recap_cells.fresh()
        wrong = {key for key in stored.keys() | fresh.keys() if stored.get(key, 0) != fresh.get(key, 0)}
        if wrong:
            raise CommandError(
                f"Sel rekap orang asing berbeda dari hitungan baru pada {len(wrong)} sel; "
                "jalankan manage.py rebuild_foreigner_recap."
            )
        self.stdout.write(self.style.SUCCESS(f"Sel rekap orang asing sesuai ({len(fresh)} sel)."))
