"""``manage.py rebuild_violation_rollup [--election CODE]``: rebuild the prokes violation rollup
(contest × kabupaten/kota × 10-day period × stage × paslon × activity) from the violation table.

Without ``--election`` every election is rebuilt. One transaction: readers see the old cells until
the new ones are committed. On PostgreSQL the three cell tables are then vacuumed and analysed.
Prints the rows written and the seconds taken, and writes the audit
event ``elections.rollup_rebuilt``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.core import audit, maintenance
from waspada.elections import rollup
from waspada.elections.models import Election, ViolationPairRollup, ViolationProvinceRollup, ViolationRollup


class Command(BaseCommand):
    help = (
        "Membangun ulang rekap pelanggaran prokes (pemilihan daerah × kabupaten/kota × periode 10 harian × "
        "tahapan × paslon × kegiatan) dari data pelanggaran. Dengan --election hanya satu pemilihan."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--election", default=None, help="Kode pemilihan, mis. pilkada-2020.")

    def handle(self, *args: Any, election: str | None, **options: Any) -> None:
        chosen = None
        if election:
            chosen = Election.objects.filter(code=election.strip()).first()
            if chosen is None:
                raise CommandError(f"Pemilihan «{election[:40]}» tidak dikenal.")
        started = time.perf_counter()
        rows = rollup.rebuild(chosen)
        maintenance.vacuum_analyze(ViolationRollup, ViolationProvinceRollup, ViolationPairRollup)
        seconds = time.perf_counter() - started
        audit.record(
            actor=None,
            action="elections.rollup_rebuilt",
            obj=maintenance.whole_table(ViolationRollup, "Rekap pelanggaran prokes"),
            after={"election": chosen.code if chosen else None, "rows": rows, "seconds": round(seconds, 2)},
        )
        what = chosen.name if chosen else "semua pemilihan"
        self.stdout.write(f"Rekap pelanggaran prokes ({what}): {rows} baris ditulis dalam {seconds:.2f} detik.")
        self.stdout.write(self.style.SUCCESS("Selesai."))
