"""``manage.py import_incidents FILE --mapping MAPPING.json [--dry-run] [--user USERNAME]``:
import incidents from a CSV or XLSX file with a column mapping (``docs/incidents.md`` § Impor).

All or nothing: any row error and nothing is written. With ``--dry-run`` only the counts and the
errors are printed. ``--user`` runs the import as that user (who must be admin or analis
nasional) and records them as the author; without it the import is the system's. Exit code 1
when there is any error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from waspada.incidents import importing
from waspada.incidents.mapping import MappingError, parse

MAX_PRINTED_ERRORS = 200


class Command(BaseCommand):
    help = "Mengimpor peristiwa dari berkas CSV/XLSX dengan pemetaan kolom (JSON). Semua baris atau tidak sama sekali."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Berkas CSV atau XLSX.")
        parser.add_argument("--mapping", required=True, help="Berkas JSON pemetaan kolom.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja; tidak ada yang disimpan.")
        parser.add_argument("--user", default=None, help="Nama pengguna pelaku impor (admin atau analis nasional).")

    def handle(self, *args: Any, file: str, mapping: str, dry_run: bool, user: str | None, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        try:
            definition = json.loads(Path(mapping).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"Berkas pemetaan {mapping} tidak ditemukan.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"Berkas pemetaan {mapping} bukan JSON yang sah: {exc}") from None
        try:
            spec = parse(definition)
        except MappingError as exc:
            raise CommandError("Pemetaan tidak dapat dipakai:\n- " + "\n- ".join(exc.messages)) from None
        actor = None
        if user:
            from waspada.accounts.models import User

            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Pengguna «{user}» tidak ditemukan atau tidak aktif.")
        try:
            result = importing.run(path, spec, actor, dry_run)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self._print(result)
        if not result.ok:
            raise CommandError(f"Impor dibatalkan: {result.error_count} kesalahan; tidak ada data yang disimpan.")

    def _print(self, result: importing.ImportResult) -> None:
        out = self.stdout
        mode = "Uji coba (tidak ada yang disimpan)" if result.dry_run else "Impor"
        out.write(f"{mode}: {result.rows} baris data dibaca dalam {result.seconds:.1f} detik.")
        out.write(f"  baru: {result.new}")
        out.write(f"  diperbarui: {result.updated}")
        if result.skipped:
            out.write(f"  dilewati (peristiwa sudah dihapus atau digabung): {result.skipped}")
        out.write(f"  kesalahan: {result.error_count}")
        for message in result.file_errors:
            self.stderr.write(f"Berkas: {message}")
        for error in result.errors[:MAX_PRINTED_ERRORS]:
            self.stderr.write(f"Baris {error.row}, kolom «{error.column}»: {error.message}")
        if len(result.errors) > MAX_PRINTED_ERRORS:
            self.stderr.write(f"… dan {len(result.errors) - MAX_PRINTED_ERRORS} kesalahan lain.")
        if result.written:
            out.write(self.style.SUCCESS("Impor selesai dan tersimpan."))
