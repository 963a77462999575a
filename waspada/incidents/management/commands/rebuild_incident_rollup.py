"""``manage.py rebuild_incident_rollup [--from YYYY-MM-DD] [--to YYYY-MM-DD]``: rebuild the weekly
incident rollup from the incident table.

Without options every week is rebuilt; with ``--from``/``--to`` only the weeks whose Monday falls
in that range (the same rule as the recap periods). One transaction: readers see the old cells
until the new ones are committed. Prints the rows written and the seconds taken, and writes the
audit event ``incidents.rollup_rebuilt``.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from waspada.core import audit
from waspada.incidents import rollup
from waspada.incidents.models import IncidentWeeklyRollup


class RollupTable:
    """The rollup as a whole, as the audit event's object (the event is about no single row)."""

    _meta = IncidentWeeklyRollup._meta
    pk = "semua"

    def __str__(self) -> str:
        return "Rekap mingguan peristiwa"


def parse_day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"Nilai {option} «{value[:20]}» tidak sah. Tulis tanggal TTTT-BB-HH, misalnya 2020-10-05."
        ) from None


class Command(BaseCommand):
    help = (
        "Membangun ulang rekap mingguan peristiwa (kabupaten/kota × minggu ISO × kategori) dari data peristiwa, "
        "lalu rekap bulanannya. Dengan --from/--to hanya minggu yang hari Seninnya di rentang itu "
        "(dan bulan-bulan minggu tersebut)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="date_from", default=None, help="Minggu yang Seninnya sejak tanggal ini.")
        parser.add_argument("--to", dest="date_to", default=None, help="Minggu yang Seninnya sampai tanggal ini.")

    def handle(self, *args: Any, date_from: str | None, date_to: str | None, **options: Any) -> None:
        first = parse_day(date_from, "--from")
        last = parse_day(date_to, "--to")
        if first is not None and last is not None and last < first:
            raise CommandError("Tanggal --to tidak boleh sebelum tanggal --from.")
        started = time.perf_counter()
        rows = rollup.rebuild(weeks_from=first, weeks_to=last)
        seconds = time.perf_counter() - started
        scope = (
            f"minggu {first or 'awal'} s.d. {last or 'akhir'}"
            if first is not None or last is not None
            else "semua minggu"
        )
        audit.record(
            actor=None,
            action="incidents.rollup_rebuilt",
            obj=cast(models.Model, RollupTable()),
            after={
                "from": first.isoformat() if first else None,
                "to": last.isoformat() if last else None,
                "rows": rows,
                "seconds": round(seconds, 2),
            },
        )
        self.stdout.write(f"Rekap mingguan peristiwa ({scope}): {rows} baris ditulis dalam {seconds:.2f} detik.")
        self.stdout.write(self.style.SUCCESS("Selesai."))
