"""Housekeeping shared by the rebuild commands of the summary tables (the Pilkada violation
rollups, the foreigners recap cells): vacuuming the rewritten tables and naming a whole table as
the object of an audit event."""

from __future__ import annotations

from typing import Any, cast

from django.db import connection, models


def vacuum_analyze(*tables: type[models.Model]) -> list[str]:
    """PostgreSQL: ``VACUUM (ANALYZE)`` these models' tables now rather than waiting for autovacuum:
    the recaps read summary tables with index-only scans, which need the visibility map that a
    rewrite clears. VACUUM cannot run inside a transaction, so inside one (and on SQLite) nothing
    is done. Returns the tables vacuumed."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(name)}")
    return names


class WholeTable:
    """A table as a whole, as the object of an audit event about no single row (a rebuild)."""

    pk = "semua"

    def __init__(self, model: type[models.Model], label: str) -> None:
        self._meta = model._meta
        self.label = label

    def __str__(self) -> str:
        return self.label


def whole_table(model: type[models.Model], label: str) -> models.Model:
    """``WholeTable`` typed as the model ``audit.record`` expects (it reads ``_meta``, ``pk`` and ``str``)."""
    return cast(models.Model, cast(Any, WholeTable(model, label)))
