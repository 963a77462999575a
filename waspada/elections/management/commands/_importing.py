"""Shared handling of the import commands: file, --dry-run, --user, row errors as output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from waspada.elections.imports import ImportFileError, ImportResult


class ImportCommand(BaseCommand):
    what = "baris"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Berkas CSV atau XLSX.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, jangan simpan apa pun.")
        parser.add_argument("--user", help="Nama pengguna yang tercatat di jejak audit (harus berwenang).")

    def run_import(self, importer: Callable[..., ImportResult], options: dict[str, Any]) -> None:
        actor = None
        if options.get("user"):
            from waspada.accounts.models import User

            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Pengguna «{options['user']}» tidak ditemukan.")
        try:
            result = importer(options["file"], actor=actor, dry_run=options["dry_run"])
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} kesalahan; tidak ada yang disimpan.")
        if result.dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Pemeriksaan lolos (uji coba): {self.what} siap diimpor, {result.skipped} sudah ada."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"Selesai: {result.created} {self.what} diimpor, {result.skipped} sudah ada.")
        )
