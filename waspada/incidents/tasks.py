"""Background tasks of the incident register (run by the db_worker)."""

from __future__ import annotations

from waspada.core.tasks import task


@task()
def incident_export(export_id: int) -> str:
    """Build an incident export (CSV, XLSX or PDF) queued by
    ``incidents.exports.incident_export_request``."""
    from waspada.core.exports import export_run
    from waspada.incidents.exports import build_export

    export = export_run(export_id=export_id, builder=build_export)
    return export.status if export else "missing"


@task()
def incident_import(import_id: int, confirm: bool) -> str:
    """An incident import's dry run (``confirm`` False) or real run, queued by
    ``incidents.importing.import_request`` / ``import_confirm``."""
    from waspada.incidents.importing import process

    record = process(import_id, confirm=confirm)
    return record.status if record else "missing"
