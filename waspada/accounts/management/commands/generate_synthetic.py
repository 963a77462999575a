"""``manage.py generate_synthetic --scale national --seed 1``: the synthetic data set."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.accounts.synthetic import SCALES, RegionsNotLoaded, synthetic_generate
from waspada.incidents.synthetic import FIRST_DAY, LAST_DAY, NATIONAL_INCIDENTS, synthetic_incidents_generate
from waspada.reports.synthetic import DEFAULT_WEEKS, synthetic_reports_generate


class Command(BaseCommand):
    help = (
        "Membuat data sintetis deterministik (pengguna dan peran untuk setiap wilayah, laporan situasi mingguan, "
        "peristiwa konflik). "
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
        parser.add_argument(
            "--weeks",
            type=int,
            default=DEFAULT_WEEKS,
            help=f"Berapa minggu laporan situasi sampai minggu terakhir yang selesai (bawaan: {DEFAULT_WEEKS}).",
        )
        parser.add_argument(
            "--incidents",
            type=int,
            default=None,
            help=(
                f"Berapa peristiwa konflik {FIRST_DAY:%Y}–{LAST_DAY:%Y} (bawaan: {NATIONAL_INCIDENTS:,} untuk skala "
                "national, 0 untuk skala small)."
            ),
        )

        parser.add_argument(
            "--foreigners",
            type=int,
            default=0,
            help="Berapa orang asing sintetis (dengan izin tinggal dan kegiatan) di 514 kab/kota (bawaan: 0).",
        )
        parser.add_argument(
            "--forums",
            action="store_true",
            help="Juga forum FKDM/TKDPD/Timdu PKS dengan SK untuk semua wilayah (seperti data demo; sekali saja).",
        )
        parser.add_argument(
            "--actionplans",
            action="store_true",
            help=(
                "Juga RAD Terpadu tahun lalu dan tahun ini untuk semua provinsi dan kab/kota, dengan aksi dan "
                "laporan kemajuan B-04/B-08/B-12 yang sudah berakhir."
            ),
        )

    def handle(
        self,
        *args: Any,
        scale: str,
        seed: int,
        password: str | None,
        weeks: int,
        incidents: int | None = None,
        **options: Any,
    ) -> None:
        if weeks < 0:
            raise CommandError("--weeks tidak boleh negatif.")
        if incidents is None:
            incidents = NATIONAL_INCIDENTS if scale == "national" else 0
        if incidents < 0:
            raise CommandError("--incidents tidak boleh negatif.")
        foreigners = options.get("foreigners") or 0
        if foreigners < 0:
            raise CommandError("--foreigners tidak boleh negatif.")
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
        created = report.created_anything
        if weeks:
            started = time.monotonic()
            reports = synthetic_reports_generate(provinces=SCALES[scale], seed=seed, weeks=weeks)
            created = created or bool(reports.created)
            statuses = ", ".join(f"{k} {v}" for k, v in sorted(reports.by_status.items()))
            self.stdout.write(
                f"Laporan situasi {reports.first_key} s.d. {reports.last_key} ({len(reports.weeks)} minggu, "
                f"{reports.regions} wilayah): {reports.created} dibuat ({statuses or '-'}; nihil {reports.nil}, "
                f"terlambat {reports.late}), {reports.skipped_existing} sudah ada, "
                f"{reports.periods_created} periode dibuka, {time.monotonic() - started:.1f} detik."
            )
        if incidents:
            started = time.monotonic()
            generated = synthetic_incidents_generate(count=incidents, provinces=SCALES[scale], seed=seed)
            created = created or bool(generated.created)
            self.stdout.write(
                f"Peristiwa konflik {FIRST_DAY:%Y}–{LAST_DAY:%Y}: {generated.created} dibuat "
                f"({generated.with_point} bertitik), {generated.skipped_existing} sudah ada; "
                f"rekap mingguan {generated.rollup_cells} sel; {time.monotonic() - started:.1f} detik "
                f"(tulis {generated.seconds_write:.1f}, rekap {generated.seconds_rollup:.1f})."
            )
        if foreigners:
            from waspada.foreigners.synthetic import generate as foreigners_generate

            started = time.monotonic()
            people = foreigners_generate(foreigners, seed=seed)
            created = created or bool(people.people)
            self.stdout.write(
                f"Orang asing sintetis: {people.people} dibuat ({people.permits} izin, {people.activities} kegiatan), "
                f"{time.monotonic() - started:.1f} detik."
            )
        if options.get("forums"):
            from waspada.forums.demo import demo_seed as forums_seed

            self.stdout.write(forums_seed())
        if options.get("actionplans"):
            from waspada.actionplans.synthetic import synthetic_actionplans_generate

            rad = synthetic_actionplans_generate(provinces=SCALES[scale], seed=seed)
            created = created or bool(rad.created)
            self.stdout.write(
                f"RAD Terpadu {rad.years[0]}–{rad.years[-1]} ({rad.regions} wilayah): {rad.plans} rencana, "
                f"{rad.actions} aksi, {rad.reports} laporan kemajuan ({rad.late} terlambat), {rad.entries} realisasi; "
                f"{rad.skipped_existing} sudah ada; {rad.seconds:.1f} detik."
            )
        self.stdout.write(self.style.SUCCESS("Selesai." if created else "Tidak ada yang baru; data sudah lengkap."))
