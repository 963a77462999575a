"""Import a list of foreigners (XLSX) received from immigration or manpower offices."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from waspada.foreigners import imports


class Command(BaseCommand):
    help = "Impor daftar orang asing dari berkas XLSX (semua atau tidak sama sekali)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="Nama pengguna pengimpor (cakupan dan jejak audit).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Pengguna «{options['user']}» tidak ditemukan.")
        try:
            with open(options["file"], "rb") as handle:
                result = imports.import_foreigners(handle, actor=user)
        except FileNotFoundError:
            raise CommandError(f"Berkas «{options['file']}» tidak ditemukan.") from None
        except imports.ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if not result.ok:
            raise CommandError("Tidak ada yang disimpan.\n" + "\n".join(result.errors))
        self.stdout.write(f"{result.created} orang asing diimpor dari {result.rows} baris.")
