"""Background tasks of the RAD Terpadu app (run by the db_worker): the recap exports."""

from __future__ import annotations

from waspada.core.tasks import task


@task()
def recap_export(export_id: int) -> str:
    """Build a recap export (XLSX or PDF) queued by ``actionplans.exports.recap_export_request``."""
    from waspada.actionplans.exports import build_recap_export
    from waspada.core.exports import export_task_run

    return export_task_run(export_id, build_recap_export)
