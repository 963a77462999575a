"""Background tasks of the forums app (run by the db_worker): the compliance exports."""

from __future__ import annotations

from waspada.core.tasks import task


@task()
def compliance_export(export_id: int) -> str:
    """Build a compliance export (XLSX or PDF) queued by ``forums.exports.compliance_export_request``."""
    from waspada.core.exports import export_task_run
    from waspada.forums.exports import build_compliance_export

    return export_task_run(export_id, build_compliance_export)
