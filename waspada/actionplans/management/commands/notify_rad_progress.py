"""``manage.py notify_rad_progress``: due and overdue notices for RAD progress reports (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waspada.actionplans.reminders import progress_reminders


class Command(BaseCommand):
    help = "Beri tahu penulis laporan kemajuan RAD Terpadu yang jatuh tempo atau terlambat."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = progress_reminders()
        self.stdout.write(f"{sent} notifikasi laporan kemajuan RAD dikirim.")
