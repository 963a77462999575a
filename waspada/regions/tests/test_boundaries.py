"""Importing boundary files, the map layer task and region_at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_file
from waspada.core.models import AuditEvent
from waspada.regions.geo import region_at
from waspada.regions.models import BoundaryLayer, RegionBoundary
from waspada.regions.services import BoundaryImportError, boundaries_import

pytestmark = pytest.mark.django_db


def test_the_reference_kabkota_file_matches_514_of_514(kabkota_boundaries):
    assert RegionBoundary.objects.filter(region__level__in=["kabupaten", "kota"]).count() == 514
    assert RegionBoundary.objects.filter(region__level="provinsi").count() == 38


def test_the_import_built_both_map_layers_through_the_task(kabkota_boundaries):
    layers = {layer.level: layer for layer in BoundaryLayer.objects.all()}
    assert layers["kabkota"].feature_count == 514
    assert layers["provinsi"].feature_count == 38
    topology = json.loads(layers["kabkota"].topojson)
    assert topology["type"] == "Topology"
    assert len(topology["objects"]["kabkota"]["geometries"]) == 514
    assert len(layers["kabkota"].topojson) < 600_000  # light enough for a phone


def test_region_at_finds_kota_bandung(kabkota_boundaries):
    region = region_at(-6.9147, 107.6098)
    assert region is not None
    assert (region.code, region.name) == ("32.73", "Kota Bandung")


@pytest.mark.parametrize(
    ("lat", "lon", "code"), [(-8.65, 115.22, "51.71"), (-2.53, 140.70, "91.71"), (-8.49, 140.40, "93.01")]
)
def test_region_at_finds_regions_in_every_time_zone(kabkota_boundaries, lat, lon, code):
    region = region_at(lat, lon)
    assert region is not None and region.code == code


def test_a_point_in_the_java_sea_is_in_no_region(kabkota_boundaries):
    assert region_at(-5.5, 110.0) is None


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def square(lon: float, lat: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]],
    }


def collection(*features: tuple[str, dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"kode": code}, "geometry": geom} for code, geom in features],
    }


def assert_nothing_changed(before_boundaries: int, before_events: int) -> None:
    assert RegionBoundary.objects.count() == before_boundaries
    assert AuditEvent.objects.count() == before_events


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "bukan JSON"),
        ({"type": "Point", "coordinates": [1, 2]}, "tidak dikenali"),
        ({"type": "FeatureCollection"}, "features"),
        ({"type": "FeatureCollection", "features": []}, "tidak berisi fitur"),
        ({"type": "Topology", "objects": {}}, "arcs"),
        (collection(("32.73", {"type": "Point", "coordinates": [107, -6]})), "Polygon"),
        (collection(("32.73", {"type": "Polygon", "coordinates": "rusak"})), "rusak"),
    ],
)
def test_malformed_files_are_refused_with_a_message_and_change_nothing(tmp_path, content, message):
    before = (RegionBoundary.objects.count(), AuditEvent.objects.count())
    with pytest.raises(BoundaryImportError, match=message):
        boundaries_import(path=write(tmp_path, "rusak.geojson", content), level="kabkota")
    assert_nothing_changed(*before)


def test_a_file_keyed_by_another_code_set_is_refused_whole(tmp_path):
    # BPS-style or invented codes (here: province codes at kabupaten/kota level, and junk).
    bad = collection(("32", square(107, -7)), ("3273X", square(107.5, -7)), ("32.73", square(107.6, -6.9)))
    before = (RegionBoundary.objects.count(), AuditEvent.objects.count())
    with pytest.raises(BoundaryImportError) as info:
        boundaries_import(path=write(tmp_path, "bps.geojson", bad), level="kabkota")
    assert "tidak ada yang diubah" in str(info.value)
    assert "BPS" in str(info.value)
    assert len(info.value.problems) == 2
    assert_nothing_changed(*before)


def test_a_feature_without_the_code_field_is_named_in_the_problems(tmp_path):
    data = collection(("32.73", square(107.6, -6.9)))
    data["features"][0]["properties"] = {"name": "Kota Bandung"}
    with pytest.raises(BoundaryImportError) as info:
        boundaries_import(path=write(tmp_path, "tanpa-kode.geojson", data), level="kabkota", code_field="kode")
    assert "Fitur ke-1" in info.value.problems[0]
    assert "kode" in info.value.problems[0]


def test_duplicate_codes_are_refused(tmp_path):
    data = collection(("32.73", square(107.6, -6.9)), ("32.73", square(107.7, -6.9)))
    with pytest.raises(BoundaryImportError):
        boundaries_import(path=write(tmp_path, "ganda.geojson", data), level="kabkota")


def test_a_file_keyed_by_2020_codes_is_translated_and_reports_missing_regions(tmp_path):
    data = collection(("91.01", square(140.4, -8.5)), ("9271", square(131.25, -0.88)))
    report = boundaries_import(path=write(tmp_path, "papua-2020.geojson", data), level="kabkota", build_layer=False)
    assert report.translated == {"91.01": "93.01", "9271": "96.71"}
    assert report.matched == 2
    assert len(report.missing) == 512
    assert set(
        RegionBoundary.objects.filter(source_name="papua-2020.geojson").values_list("region__code", flat=True)
    ) == {
        "93.01",
        "96.71",
    }
    event = AuditEvent.objects.filter(action="boundaries.imported").latest("occurred_at")
    assert event.after["matched"] == 2


def test_the_reference_topojson_imports_too(tmp_path):
    path = shared_file("boundaries", "kabkota.topo.json")
    report = boundaries_import(path=path, level="kabkota", build_layer=False)
    assert (report.matched, report.expected, report.missing) == (514, 514, [])


def test_the_command_reports_problems_and_fails(tmp_path):
    from django.core.management import CommandError, call_command

    path = write(tmp_path, "rusak.geojson", collection(("99.99", square(1, 1))))
    with pytest.raises(CommandError, match="Impor dibatalkan"):
        call_command("import_boundaries", str(path), level="kabkota")
