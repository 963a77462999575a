from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.elections import rollup
from waspada.elections.loading import ElectionLoadError, load_elections
from waspada.elections.models import ProkesViolation, ViolationRollup


class Command(BaseCommand):
    help = (
        "Membuat pemilihan daerah (contest) Pilkada 2020 (270 daerah) dan Pilkada 2024 (545 daerah). "
        "Jalankan setelah load_regions; aman dijalankan berulang."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_elections()
        except ElectionLoadError as exc:
            raise CommandError(str(exc)) from exc
        for code, count in report.created.items():
            self.stdout.write(f"{code}: {count} ditambahkan, {report.existing.get(code, 0)} sudah ada")
        # A database migrated from before the violation rollup: fill it once (cheap check).
        if not ViolationRollup.objects.exists() and ProkesViolation.objects.filter(deleted_at__isnull=True).exists():
            self.stdout.write(f"Rekap pelanggaran prokes dibangun: {rollup.rebuild()} baris.")
        self.stdout.write(self.style.SUCCESS(f"Selesai: {report.total_created()} pemilihan daerah ditambahkan."))
