"""``manage.py open_periods [--weeks-back N] [--now ISO]``: open the current reporting week.

Creates the ``ReportingPeriod`` of the default programme for the ISO week that contains
``now`` and for the ``N`` weeks before it (default 1). Idempotent: a week already open is
left alone. The "current" week is taken in WIT (UTC+9), the first zone to start a week, so a
run at Monday 00:05 WIT already opens the week for every office; a report can still only be
written from the Monday 00:00 of the region's own zone (checked by the services).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from waspada.core.timezones import to_local
from waspada.reports import calendar, services
from waspada.reports.models import ReportingProgramme
from waspada.reports.reminders import BadMoment, parse_moment

MAX_WEEKS_BACK = 520


def moment_from(value: str | None) -> Any:
    if not value:
        return timezone.now()
    try:
        return parse_moment(value)
    except BadMoment:
        raise CommandError(
            f"Nilai --now «{value}» tidak terbaca. Gunakan format ISO 8601, misalnya 2020-10-05T11:00+07:00 "
            "(tanpa zona dianggap WIB)."
        ) from None


def default_programme() -> ReportingProgramme:
    try:
        return services.programme_default()
    except ReportingProgramme.DoesNotExist:
        raise CommandError(
            f"Program pelaporan «{services.DEFAULT_PROGRAMME}» belum ada. Jalankan «manage.py migrate»."
        ) from None


class Command(BaseCommand):
    help = "Membuka periode pelaporan minggu berjalan (minggu ISO) dan N minggu sebelumnya. Aman dijalankan berulang."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--weeks-back", type=int, default=1, help="Berapa minggu sebelumnya ikut dibuka (bawaan: 1)."
        )
        parser.add_argument("--now", default=None, help="Waktu acuan ISO 8601 untuk uji/isi ulang (bawaan: sekarang).")

    def handle(self, *args: Any, weeks_back: int, now: str | None, **options: Any) -> None:
        if weeks_back < 0 or weeks_back > MAX_WEEKS_BACK:
            raise CommandError(f"--weeks-back harus antara 0 dan {MAX_WEEKS_BACK}.")
        moment = moment_from(now)
        programme = default_programme()
        current = calendar.Week.containing(to_local(moment, "WIT").date())
        first = current.shifted(-weeks_back)
        created = services.periods_open_through(programme=programme, last=current, first=first)
        keys = [p.key for p in created]
        self.stdout.write(
            f"Periode {first.key} s.d. {current.key} ({weeks_back + 1} minggu) untuk «{programme.name}»: "
            f"{len(keys)} dibuka sekarang{(': ' + ', '.join(keys)) if keys else ''}."
        )
        self.stdout.write(
            self.style.SUCCESS("Selesai." if keys else "Tidak ada yang baru; semua periode sudah dibuka.")
        )
