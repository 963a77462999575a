"""Re-encrypt foreigners' personal data under the current (first) key of WASPADA_PII_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.foreigners import crypto, services


class Command(BaseCommand):
    help = (
        "Enkripsi ulang nomor paspor, alamat dan tanggal lahir orang asing dengan kunci pertama di "
        "WASPADA_PII_KEYS, dan hitung ulang sidik pencarian paspor. Aman diulang."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = crypto.configured_keys()
        # The public development key is fine for a demo database; malformed keys are not.
        problems = [p for p in crypto.validate_keys(keys) if "pengembangan" not in p]
        if problems:
            raise CommandError(" ".join(problems))
        try:
            count = services.rotate_all()
        except crypto.PIIKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{count} data orang asing dienkripsi ulang dengan kunci pertama dari {len(keys)} kunci. "
            "Setelah ini kunci lama boleh dihapus dari WASPADA_PII_KEYS."
        )
