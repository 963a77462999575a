"""``manage.py generate_synthetic --scale national --seed 1``: the synthetic data set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.accounts.synthetic import SCALES, RegionsNotLoaded, synthetic_generate


class Command(BaseCommand):
    help = (
        "Membuat data sintetis deterministik (pengguna dan peran untuk setiap wilayah). "
        "Aman dijalankan berulang: yang sudah ada tidak dibuat lagi."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale", choices=list(SCALES), default="national", help="national: 38 provinsi, 514 kab/kota."
        )
        parser.add_argument("--seed", type=int, default=1, help="Benih acak (nama pengguna tetap sama).")
        parser.add_argument(
            "--password",
            default=None,
            help="Kata sandi bersama untuk semua pengguna sintetis (bawaan: tidak dapat login).",
        )

    def handle(self, *args: Any, scale: str, seed: int, password: str | None, **options: Any) -> None:
        try:
            report = synthetic_generate(scale=scale, seed=seed, password=password)
        except RegionsNotLoaded as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Skala {scale}, benih {seed}: {report.planned_users} pengguna direncanakan, "
            f"{report.users_created} pengguna dan {report.assignments_created} penugasan peran dibuat."
        )
        for role, count in sorted(report.by_role.items()):
            self.stdout.write(f"  {role:<12} {count}")
        self.stdout.write(
            self.style.SUCCESS("Selesai." if report.created_anything else "Tidak ada yang baru; data sudah lengkap.")
        )
