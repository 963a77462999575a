"""Bringing the bench database to the national-scale data set (after ``django.setup()``)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.core.management import call_command

from bench.timing import timed

ROOT = Path(__file__).resolve().parent.parent
# Full precision first: region_at should see the real borders.
BOUNDARY_FILES = {
    "kabkota": ("kabkota.geojson", "kabkota.topo.json"),
    "provinsi": ("provinsi.geojson", "provinsi.topo.json", "provinsi.simplified.geojson"),
}


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def migrate() -> float:
    return timed(lambda: call_command("migrate", interactive=False, verbosity=0))


def load_regions() -> float:
    from waspada.regions.services import regions_load

    return timed(regions_load)


def boundaries_dir() -> Path:
    configured = os.environ.get("WASPADA_BOUNDARIES_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "data" / "boundaries"


def import_boundaries(folder: Path) -> dict[str, float] | None:
    """Import kabupaten/kota and province boundaries unless already imported from the same
    file. Seconds per level, or None when the folder has no kabupaten/kota file."""
    from waspada.regions.models import Region, RegionBoundary
    from waspada.regions.services import boundaries_import

    seconds: dict[str, float] = {}
    for level, names in BOUNDARY_FILES.items():
        path = next((folder / n for n in names if (folder / n).exists()), None)
        if path is None:
            if level == "kabkota":
                return None
            continue
        levels = [Region.Level.PROVINSI] if level == "provinsi" else list(Region.KABKOTA_LEVELS)
        if RegionBoundary.objects.filter(region__level__in=levels, source_name=path.name).exists():
            continue
        seconds[f"import_boundaries_{level}"] = timed(
            lambda p=path, lv=level: boundaries_import(path=p, level=lv, build_layer=False)  # type: ignore[misc]
        )
    return seconds


def generate_synthetic() -> dict[str, float]:
    """``manage.py generate_synthetic --scale national --seed 1``, and again (idempotent)."""
    out = io.StringIO()

    def run() -> None:
        call_command("generate_synthetic", scale="national", seed=1, stdout=out)

    return {"generate_synthetic": timed(run), "generate_synthetic_again": timed(run)}
