"""Reads of the region tree for pages, the API and the map. All scoped."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from waspada.regions import access
from waspada.regions.models import BoundaryLayer, Region


def regions_for_user(user: Any) -> QuerySet[Region]:
    return Region.objects.visible_to(user)


def region_search(user: Any, query: str = "", level: str = "", parent_code: str = "") -> QuerySet[Region]:
    """Regions in scope whose name or code matches ``query``, optionally by level or parent."""
    qs = regions_for_user(user).select_related("parent")
    query = query.strip()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__startswith=query))
    if level:
        qs = qs.filter(level__in=Region.KABKOTA_LEVELS) if level == "kabkota" else qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    return qs.order_by("code")


def top_regions_for_user(user: Any) -> QuerySet[Region]:
    """Where the region browser starts: all provinces for national users, else the user's
    own assigned regions."""
    scope = access.scope_of(user)
    if scope.national:
        return Region.objects.provinces().annotate(child_count=Count("children")).order_by("code")
    ids = [r.id for r in scope.regions]
    return Region.objects.filter(id__in=ids).annotate(child_count=Count("children")).order_by("code")


def children_of(region: Region) -> QuerySet[Region]:
    return region.children.annotate(child_count=Count("children")).order_by("code")


def boundary_layer(level: str) -> BoundaryLayer | None:
    return BoundaryLayer.objects.filter(level=level).only("topojson", "built_at", "feature_count").first()


def boundary_layers_status() -> dict[str, Any]:
    return {layer.level: layer for layer in BoundaryLayer.objects.only("level", "feature_count", "built_at")}


class RegionNotFound(LookupError):
    pass


def resolve_region(raw_code: object, code_set: str | None = None) -> Region:
    """The current region for a code from either code set (unscoped: for imports and commands).

    The current code set wins where a code exists in it; otherwise the 2020 crosswalk applies.
    """
    from waspada.regions.codesets import InvalidRegionCode, normalize_code, to_current_code

    try:
        code = normalize_code(raw_code)
        region = Region.objects.filter(code=code).first() if code_set != "permendagri-72-2019" else None
        if region is None:
            region = Region.objects.filter(code=to_current_code(code, code_set)).first()
    except InvalidRegionCode as exc:
        raise RegionNotFound(str(exc)) from None
    if region is None:
        raise RegionNotFound(f"Kode wilayah {code} tidak dikenal.")
    return region
