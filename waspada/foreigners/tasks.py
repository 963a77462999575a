"""Background tasks of the foreigners app (run by the db_worker): the masked exports."""

from __future__ import annotations

from waspada.core.tasks import task


@task()
def foreigner_export(export_id: int) -> str:
    """Build a masked export (XLSX or PDF) queued by ``foreigners.exports.foreigner_export_request``."""
    from waspada.core.exports import export_task_run
    from waspada.foreigners.exports import build_foreigner_export

    return export_task_run(export_id, build_foreigner_export)
