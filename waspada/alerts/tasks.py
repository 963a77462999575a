"""Background tasks of the alerts app (run by the db_worker): the weekly detection run."""

from __future__ import annotations

from waspada.core.tasks import task


@task()
def detection_run(week_key: str, zones: list[str] | None = None) -> int:
    """Run detection for ``week_key`` (optionally only the regions of ``zones``) and return the
    run's id. Enqueued by ``manage.py run_detection --due`` callers or the admin; the hourly
    timer may also call the command directly (see docs/early-warning.md)."""
    from waspada.alerts.detection import run_detection

    return run_detection(week_key, zones=zones).pk
