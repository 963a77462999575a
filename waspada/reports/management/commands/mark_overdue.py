"""``manage.py mark_overdue [--now ISO]``: tell offices whose report is overdue ("terlambat").

After a region's own local deadline has passed without a submission for the latest such
period, notify its writers; and send each province's verifikators one summary listing their
overdue kabupaten/kota. Once per (period, region) and (period, province): run it hourly.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waspada.core.timezones import format_local
from waspada.reports.management.commands.open_periods import default_programme, moment_from
from waspada.reports.notify import send_overdue


class Command(BaseCommand):
    help = (
        "Memberi tahu wilayah yang terlambat melapor dan mengirim ringkasan kepada verifikator provinsi. "
        "Aman dijalankan berulang (setiap pemberitahuan dikirim sekali)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", default=None, help="Waktu acuan ISO 8601 untuk uji/isi ulang (bawaan: sekarang).")

    def handle(self, *args: Any, now: str | None, **options: Any) -> None:
        moment = moment_from(now)
        programme = default_programme()
        if not programme.is_active:
            self.stdout.write(f"Program «{programme.name}» tidak aktif; tidak ada pemberitahuan.")
            return
        sent = send_overdue(programme=programme, now=moment)
        periods = sorted({r.period_key for r in sent.due})
        self.stdout.write(
            f"Keterlambatan ({format_local(moment, 'WIB')}): {len(sent.due)} wilayah terlambat"
            f"{(' untuk ' + ', '.join(periods)) if periods else ''}; "
            f"{len(sent.regions_notified)} wilayah diberi tahu sekarang, ringkasan ke verifikator "
            f"{len(sent.summaries)} provinsi ({sent.notifications} notifikasi)."
        )
        if sent.without_contact:
            self.stdout.write(f"  Tanpa operator/verifikator aktif: {len(set(sent.without_contact))} wilayah.")
        self.stdout.write(self.style.SUCCESS("Selesai." if sent.notifications else "Tidak ada pemberitahuan baru."))
