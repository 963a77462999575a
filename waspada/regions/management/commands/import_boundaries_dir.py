from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from waspada.regions.models import Region, RegionBoundary

# Preferred file per level: full precision first (point-in-polygon), then lighter forms.
CANDIDATES = {
    "provinsi": ["provinsi.geojson", "provinsi.simplified.geojson", "provinsi.topo.json", "provinsi.topojson"],
    "kabkota": ["kabkota.geojson", "kabkota.simplified.geojson", "kabkota.topo.json", "kabkota.topojson"],
}


class Command(BaseCommand):
    help = "Mengimpor provinsi.* dan kabkota.* dari satu folder bila belum diimpor (dipakai `dev.py run`)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder")
        parser.add_argument("--force", action="store_true", help="Impor ulang walau batas sudah ada.")

    def handle(self, *args: Any, folder: str, force: bool = False, **options: Any) -> None:
        base = Path(folder)
        if not base.is_dir():
            self.stdout.write(self.style.WARNING(f"Folder batas {base} tidak ada; peta akan kosong."))
            return
        for level, names in CANDIDATES.items():
            path = next((base / n for n in names if (base / n).exists()), None)
            if path is None:
                self.stdout.write(self.style.WARNING(f"Tidak ada berkas {level}.* di {base}."))
                continue
            levels = [Region.Level.PROVINSI] if level == "provinsi" else list(Region.KABKOTA_LEVELS)
            already = RegionBoundary.objects.filter(region__level__in=levels, source_name=path.name).exists()
            if already and not force:
                self.stdout.write(f"Batas {level} sudah diimpor dari {path.name}.")
                continue
            call_command("import_boundaries", str(path), level=level, stdout=self.stdout, stderr=self.stderr)
