"""Background tasks of the regions app (run by the db_worker)."""

from __future__ import annotations

from waspada.core.tasks import task


@task()
def build_boundary_layer(level: str) -> int:
    """Rebuild the web map's simplified TopoJSON after a boundary import."""
    from waspada.regions.services import boundary_layer_build

    layer = boundary_layer_build(level=level)
    return layer.feature_count if layer else 0
