"""``manage.py run_detection --week 2020-W40`` or ``manage.py run_detection --due [--now ISO]``.

``--week`` runs every enabled alert rule over that ISO week (all regions, or ``--zone``).
``--due`` is the scheduled form (hourly, like the report reminders): for each time zone whose
weekly deadline has passed (Monday 12:00 WIT, WITA, WIB by default) it runs the week just closed
for the regions of that zone, once — a week and zone already covered by a finished run is
skipped. Both are idempotent: one alert per (rule, region, week) at most.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.alerts.detection import DetectionRefused, due_runs, run_detection
from waspada.alerts.models import DetectionRun
from waspada.reports.management.commands.open_periods import moment_from


class Command(BaseCommand):
    help = (
        "Menjalankan deteksi dini mingguan (semua aturan aktif) untuk satu minggu ISO, atau dengan --due "
        "untuk setiap zona waktu yang batas laporannya sudah lewat. Aman dijalankan berulang."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--week", help="Minggu ISO, misalnya 2020-W40.")
        parser.add_argument(
            "--due", action="store_true", help="Jalankan minggu yang batas waktunya sudah lewat per zona."
        )
        parser.add_argument("--zone", action="append", choices=["WIB", "WITA", "WIT"], help="Batasi ke zona waktu ini.")
        parser.add_argument("--rule", action="append", help="Batasi ke aturan dengan kode ini (boleh berulang).")
        parser.add_argument("--now", default=None, help="Waktu acuan ISO 8601 untuk --due (bawaan: sekarang).")
        parser.add_argument("--no-notify", action="store_true", help="Jangan kirim notifikasi peringatan baru.")

    def handle(self, *args: Any, **options: Any) -> None:
        week, due = options.get("week"), options.get("due")
        if bool(week) == bool(due):
            raise CommandError("Pilih salah satu: --week 2020-W40 atau --due.")
        notify = not options.get("no_notify")
        if week:
            jobs = [(week, options.get("zone"))]
        else:
            moment = moment_from(options.get("now"))
            pending = due_runs(moment)
            if not pending:
                self.stdout.write("Tidak ada minggu yang perlu dideteksi sekarang.")
                return
            zones_by_week: dict[str, list[str]] = {}
            for key, zone in pending:
                zones_by_week.setdefault(key, []).append(zone)
            jobs = [(key, zones) for key, zones in sorted(zones_by_week.items())]
        for key, zones in jobs:
            try:
                run = run_detection(key, zones=zones, rule_codes=options.get("rule"), notify=notify)
            except DetectionRefused as exc:
                raise CommandError(str(exc)) from None
            self._report(run)

    def _report(self, run: DetectionRun) -> None:
        summary = run.summary
        self.stdout.write(
            f"Deteksi minggu {run.week_key} (zona {', '.join(summary.get('zones', []))}): "
            f"{run.alerts_opened} peringatan baru."
        )
        for code, s in summary.get("rules", {}).items():
            if "error" in s:
                self.stdout.write(self.style.ERROR(f"  {code}: GAGAL — {s['error']}"))
                continue
            line = (
                f"  {code}: {s.get('regions', 0)} wilayah, terpicu {s.get('fired', 0)}, "
                f"baru {s.get('new', 0)}, diperbarui {s.get('refreshed', 0)}"
            )
            if s.get("below_min_count"):
                line += f", di bawah jumlah minimum {s['below_min_count']}"
            if s.get("note"):
                line += f" ({s['note']})"
            self.stdout.write(f"{line}; {s.get('seconds', 0)} dtk")
        if run.status == DetectionRun.Status.FAILED:
            raise CommandError("Sebagian aturan gagal; lihat ringkasan di atas.")
        self.stdout.write(self.style.SUCCESS("Selesai."))
