from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand

from waspada.accounts.demo import ensure_personas
from waspada.accounts.personas import DEMO_PASSWORD, PERSONAS

DEMO_MODULES = ("forums", "actionplans", "foreigners", "vulnerability")


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

        parser.add_argument(
            "--modules",
            action="store_true",
            help="Juga mengisi data demo forum, RAD Terpadu, orang asing dan kerawanan (dev.py run).",
        )

    def handle(
        self, *args: Any, reports: bool = False, incidents: bool = False, modules: bool = False, **options: Any
    ) -> None:
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
        if modules:
            self._seed_modules()

    def _seed_modules(self) -> None:
        """Each later module seeds itself through ``waspada.<app>.demo.demo_seed() -> str`` (a line
        to print); vulnerability comes last because its derived indicators read the others."""
        for app in DEMO_MODULES:
            name = f"waspada.{app}.demo"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue  # the module has no demo data (yet)
            self.stdout.write(module.demo_seed())
