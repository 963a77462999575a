"""``manage.py notify_forum_expiry [--per TTTT-BB-HH] [--hari 30]``: tell each region's officers
about forum decrees (SK) that end within 30 days and have no renewal recorded.

Idempotent per decree and day: run it daily (or hourly); a second run on the same day sends nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.forums import services
from waspada.forums.views.common import today


class Command(BaseCommand):
    help = (
        "Memberi tahu petugas wilayah tentang SK forum yang berakhir dalam 30 hari. "
        "Aman dijalankan berulang (sekali per SK per hari)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--per", default=None, help="Tanggal acuan TTTT-BB-HH (bawaan: hari ini).")
        parser.add_argument("--hari", type=int, default=30, help="Batas hari menjelang berakhir (bawaan 30).")

    def handle(self, *args: Any, per: str | None, hari: int, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(per) if per else today()
        except ValueError:
            raise CommandError(f"Tanggal «{per}» tidak sah; tulis TTTT-BB-HH.") from None
        if hari < 0:
            raise CommandError("--hari tidak boleh negatif.")
        sent = services.expiry_notices_send(as_of=as_of, within_days=hari)
        self.stdout.write(f"SK forum menjelang berakhir per {as_of:%d-%m-%Y}: {sent} notifikasi dikirim.")
