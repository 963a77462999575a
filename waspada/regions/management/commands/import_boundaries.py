from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.regions.services import BoundaryImportError, boundaries_import


class Command(BaseCommand):
    help = (
        "Mengimpor batas wilayah (GeoJSON/TopoJSON berkode Kemendagri) untuk satu tingkat, "
        "semua atau tidak sama sekali."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Berkas GeoJSON atau TopoJSON.")
        parser.add_argument("--level", required=True, choices=["provinsi", "kabkota"])
        parser.add_argument("--code-field", default="kode", help="Nama properti yang berisi kode wilayah.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = boundaries_import(path=options["file"], level=options["level"], code_field=options["code_field"])
        except BoundaryImportError as exc:
            for problem in exc.problems[:50]:
                self.stderr.write(f"  - {problem}")
            if len(exc.problems) > 50:
                self.stderr.write(f"  … dan {len(exc.problems) - 50} masalah lain.")
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(report.summary))
        for old, new in sorted(report.translated.items()):
            self.stdout.write(f"  kode 2020 {old} → {new}")
        if report.missing:
            self.stdout.write(self.style.WARNING(f"Tanpa batas ({len(report.missing)}): " + ", ".join(report.missing)))
        self.stdout.write("Lapisan peta sedang dibangun di latar belakang (task build_boundary_layer).")
