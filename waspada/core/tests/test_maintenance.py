"""The rebuild commands' housekeeping: VACUUM of the rewritten summary tables, the audit object."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waspada.core import maintenance
from waspada.elections.models import ViolationPairRollup, ViolationProvinceRollup, ViolationRollup
from waspada.foreigners.models import ForeignerRecapCell


@pytest.mark.django_db(transaction=True)
def test_postgresql_vacuums_each_summary_table_after_a_rebuild_and_sqlite_is_left_alone() -> None:
    models = (ViolationRollup, ViolationProvinceRollup, ViolationPairRollup, ForeignerRecapCell)
    with CaptureQueriesContext(connection) as captured:
        done = maintenance.vacuum_analyze(*models)
    vacuums = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("VACUUM")]
    if connection.vendor == "postgresql":
        assert done == [m._meta.db_table for m in models]
        assert vacuums == [f'VACUUM (ANALYZE) "{m._meta.db_table}"' for m in models]
    else:
        assert done == [] and vacuums == []


@pytest.mark.django_db
def test_inside_a_transaction_nothing_is_vacuumed_on_any_database() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert maintenance.vacuum_analyze(ForeignerRecapCell) == []
    assert not [q for q in captured.captured_queries if q["sql"].startswith("VACUUM")]


@pytest.mark.django_db
def test_a_rebuild_is_audited_on_the_table_as_a_whole() -> None:
    from waspada.core import audit

    event = audit.record(
        actor=None,
        action="foreigners.recap_rebuilt",
        obj=maintenance.whole_table(ForeignerRecapCell, "Rekap orang asing"),
    )
    assert (event.object_type, event.object_id, event.object_repr) == (
        ForeignerRecapCell._meta.label_lower,
        "semua",
        "Rekap orang asing",
    )
