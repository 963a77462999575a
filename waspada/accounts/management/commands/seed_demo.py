from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waspada.accounts.demo import ensure_personas
from waspada.accounts.personas import DEMO_PASSWORD, PERSONAS


class Command(BaseCommand):
    help = "Membuat pengguna demo, satu per peran. Aman dijalankan berulang."

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_personas()
        self.stdout.write(self.style.SUCCESS(f"Pengguna demo (kata sandi untuk semua: {DEMO_PASSWORD}):"))
        for p in PERSONAS:
            where = p.region_code or "nasional"
            self.stdout.write(f"  {p.username:<24} {p.role:<12} {where}")
