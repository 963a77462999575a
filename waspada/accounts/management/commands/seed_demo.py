from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waspada.accounts.demo import ensure_personas
from waspada.accounts.personas import DEMO_PASSWORD, PERSONAS


class Command(BaseCommand):
    help = "Membuat pengguna demo, satu per peran. Aman dijalankan berulang."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reports",
            action="store_true",
            help="Juga mengisi laporan situasi mingguan 12 minggu terakhir untuk provinsi demo (dipakai dev.py run).",
        )
        parser.add_argument(
            "--incidents",
            action="store_true",
            help="Juga mengisi ±1.500 peristiwa konflik setahun terakhir, terbanyak di Jawa Barat (dev.py run).",
        )

    def handle(self, *args: Any, reports: bool = False, incidents: bool = False, **options: Any) -> None:
        ensure_personas()
        self.stdout.write(self.style.SUCCESS(f"Pengguna demo (kata sandi untuk semua: {DEMO_PASSWORD}):"))
        for p in PERSONAS:
            where = p.region_code or "nasional"
            self.stdout.write(f"  {p.username:<24} {p.role:<12} {where}")
        if reports:
            from waspada.reports.demo import demo_reports_seed

            seeded = demo_reports_seed()
            self.stdout.write(
                f"Laporan demo {seeded.generated.first_key} s.d. {seeded.latest_closed_week}: "
                f"{seeded.generated.created} dibuat, {seeded.generated.skipped_existing} sudah ada; "
                f"minggu berjalan {seeded.current_week} terbuka; {seeded.notifications} notifikasi baru."
            )
        if incidents:
            from waspada.incidents.demo import demo_incidents_seed

            demo = demo_incidents_seed()
            self.stdout.write(
                f"Peristiwa demo {demo.first_day:%d-%m-%Y} s.d. {demo.last_day:%d-%m-%Y}: "
                f"{demo.generated.created} dibuat, {demo.generated.skipped_existing} sudah ada."
            )
