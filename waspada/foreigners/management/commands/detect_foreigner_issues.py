"""Early detection about foreigners: expiring/expired permits, activity outside the permitted area or
purpose. Notifies the region's officers; safe to run as often as the timer likes (idempotent)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.foreigners import services


class Command(BaseCommand):
    help = "Deteksi dini orang asing: izin hampir/sudah berakhir, kegiatan di luar wilayah atau tujuan izin."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Tanggal acuan TTTT-BB-HH (bawaan: hari ini).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("Tanggal --today tidak sah: gunakan format TTTT-BB-HH.") from exc
        findings = services.detect_issues(today=today)
        counts = Counter(f.kind for f in findings)
        parts = ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items())) or "tidak ada temuan"
        self.stdout.write(f"Deteksi orang asing: {parts}.")
