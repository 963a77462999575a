from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from waspada.core.pofile import compile_po


class Command(BaseCommand):
    help = "Mengompilasi berkas terjemahan .po menjadi .mo tanpa GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for folder in settings.LOCALE_PATHS:
            for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
                compile_po(po)
                count += 1
        self.stdout.write(f"{count} katalog terjemahan dikompilasi.")
