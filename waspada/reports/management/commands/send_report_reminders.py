"""``manage.py send_report_reminders [--now ISO]``: remind offices whose report is due soon.

For every region the default programme expects that has not submitted the open period's
report and whose *own local* deadline is within ``reminder_hours_before`` hours, notify its
writers (operators of a kabupaten/kota, verifikators of a province) in-app and by e-mail —
once per (period, region). Run it hourly: each region's zone is computed here, so WIT, WITA
and WIB offices are each reminded at the right local time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waspada.core.timezones import format_local
from waspada.reports.management.commands.open_periods import default_programme, moment_from
from waspada.reports.notify import send_due_soon


class Command(BaseCommand):
    help = (
        "Mengirim pengingat laporan situasi kepada wilayah yang batas waktunya sudah dekat dan belum melapor. "
        "Aman dijalankan berulang (setiap pengingat dikirim sekali)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", default=None, help="Waktu acuan ISO 8601 untuk uji/isi ulang (bawaan: sekarang).")

    def handle(self, *args: Any, now: str | None, **options: Any) -> None:
        moment = moment_from(now)
        programme = default_programme()
        if not programme.is_active:
            self.stdout.write(f"Program «{programme.name}» tidak aktif; tidak ada pengingat.")
            return
        sent = send_due_soon(programme=programme, now=moment)
        periods = sorted({r.period_key for r in sent.due})
        self.stdout.write(
            f"Pengingat batas waktu ({format_local(moment, 'WIB')}, jendela {programme.reminder_hours_before} jam): "
            f"{len(sent.due)} wilayah belum melapor{(' untuk ' + ', '.join(periods)) if periods else ''}; "
            f"{len(sent.regions_notified)} wilayah diingatkan sekarang ({sent.notifications} notifikasi)."
        )
        if sent.without_contact:
            self.stdout.write(f"  Tanpa operator/verifikator aktif: {len(set(sent.without_contact))} wilayah.")
        self.stdout.write(self.style.SUCCESS("Selesai." if sent.notifications else "Tidak ada pengingat baru."))
