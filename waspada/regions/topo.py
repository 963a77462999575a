"""Reading and writing boundary files: GeoJSON and TopoJSON. Pure: no ORM.

Decoding TopoJSON is small enough to write here (arcs, delta encoding, quantisation
transform) rather than pull in another dependency.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, shape
from shapely.geometry.base import BaseGeometry


class BoundaryFileError(ValueError):
    """A boundary file that cannot be read; the message is for the user, in Indonesian."""


@dataclass(frozen=True)
class Feature:
    index: int
    properties: dict[str, Any]
    geometry: BaseGeometry


def parse_boundary_file(text: str) -> list[Feature]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BoundaryFileError(f"Berkas bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}).") from None
    if not isinstance(data, dict):
        raise BoundaryFileError("Berkas harus berisi objek GeoJSON atau TopoJSON.")
    kind = data.get("type")
    geojson_features: Any
    if kind == "Topology":
        geojson_features = topojson_to_features(data)
    elif kind == "FeatureCollection":
        geojson_features = data.get("features")
        if not isinstance(geojson_features, list):
            raise BoundaryFileError("FeatureCollection tidak memiliki daftar «features».")
    else:
        raise BoundaryFileError(
            f"Jenis berkas «{kind}» tidak dikenali; harus FeatureCollection (GeoJSON) atau Topology (TopoJSON)."
        )
    features: list[Feature] = []
    for i, raw in enumerate(geojson_features, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("geometry"), dict):
            raise BoundaryFileError(f"Fitur ke-{i} tidak memiliki geometri.")
        try:
            geom = shape(raw["geometry"])
        except Exception as exc:  # shapely raises several types for malformed input
            raise BoundaryFileError(f"Geometri fitur ke-{i} rusak: {exc}.") from None
        if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise BoundaryFileError(f"Fitur ke-{i} harus berupa Polygon atau MultiPolygon, bukan {geom.geom_type}.")
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
            if geom.geom_type == "GeometryCollection":
                geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
        features.append(Feature(i, dict(raw.get("properties") or {}), geom))
    if not features:
        raise BoundaryFileError("Berkas tidak berisi fitur apa pun.")
    return features


def topojson_to_features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """All features of every object of a TopoJSON topology, as GeoJSON feature dicts."""
    arcs_raw = topology.get("arcs")
    objects = topology.get("objects")
    if not isinstance(arcs_raw, list) or not isinstance(objects, dict) or not objects:
        raise BoundaryFileError("TopoJSON tidak memiliki «arcs» atau «objects».")
    transform = topology.get("transform")
    arcs = [_decode_arc(arc, transform) for arc in arcs_raw]

    def arc(index: int) -> list[list[float]]:
        try:
            return arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        except (IndexError, TypeError):
            raise BoundaryFileError(f"TopoJSON merujuk busur (arc) {index} yang tidak ada.") from None

    def ring(indexes: list[int]) -> list[list[float]]:
        points: list[list[float]] = []
        for k, index in enumerate(indexes):
            part = arc(index)
            points.extend(part if k == 0 else part[1:])
        return points

    def geometry(obj: dict[str, Any]) -> dict[str, Any] | None:
        kind = obj.get("type")
        if kind == "Polygon":
            return {"type": "Polygon", "coordinates": [ring(r) for r in obj["arcs"]]}
        if kind == "MultiPolygon":
            return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in obj["arcs"]]}
        return None

    features: list[dict[str, Any]] = []
    for obj in objects.values():
        members = obj.get("geometries", [obj]) if obj.get("type") == "GeometryCollection" else [obj]
        for member in members:
            geom = geometry(member)
            features.append({"type": "Feature", "properties": member.get("properties", {}), "geometry": geom})
    return features


def _decode_arc(arc: list[list[float]], transform: dict[str, Any] | None) -> list[list[float]]:
    if not transform:
        return [[float(p[0]), float(p[1])] for p in arc]
    sx, sy = transform["scale"]
    tx, ty = transform["translate"]
    x = y = 0.0
    out: list[list[float]] = []
    for p in arc:
        x += p[0]
        y += p[1]
        out.append([x * sx + tx, y * sy + ty])
    return out


def drop_specks(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    """Remove islands smaller than ``min_area`` (square degrees) but always keep the largest
    part: thousands of specks would make the web map heavy without showing anything."""
    if geom.geom_type != "MultiPolygon":
        return geom
    parts = sorted(geom.geoms, key=lambda p: -p.area)
    kept = [parts[0]] + [p for p in parts[1:] if p.area >= min_area]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def build_topojson(
    features: list[tuple[str, str, BaseGeometry]],
    object_name: str,
    *,
    tolerance: float = 0.02,
    min_island_area: float = 0.001,
) -> str:
    """A simplified, quantised TopoJSON of (code, name, geometry) triples for the web map.

    ``tolerance`` is in degrees: topojson simplifies the shared arcs (so neighbours keep a
    common border) before quantising; 0.01–0.02° keeps coastlines recognisable at national zoom.
    """
    import topojson as tp

    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": code, "nama": name},
                "geometry": shapely.geometry.mapping(drop_specks(geom, min_island_area)),
            }
            for code, name, geom in features
        ],
    }
    topology = tp.Topology(collection, object_name=object_name, prequantize=100_000, toposimplify=tolerance)
    return str(topology.to_json())
