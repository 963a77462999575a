"""Benchmark a: ``load_regions`` wall time on an empty database, and the idempotent rerun.

Between repetitions the freshly loaded tree is removed again (nothing else refers to it
yet), so every "empty" run starts from an empty region table. A database that already holds
regions referenced by other rows can only measure the rerun.
"""

from __future__ import annotations

from django.db import transaction

from bench.dataset import load_regions, say
from bench.timing import Result


def _wipe_regions() -> None:
    from waspada.core.models import AuditEvent
    from waspada.regions.models import Region

    with transaction.atomic():
        AuditEvent.objects.filter(action="regions.loaded").delete()
        Region.objects.update(parent=None, province=None, kabkota=None)
        Region.objects.all().delete()


def _referenced() -> bool:
    from waspada.accounts.models import RoleAssignment
    from waspada.regions.models import RegionBoundary

    return RoleAssignment.objects.exists() or RegionBoundary.objects.exists()


def run(repeats: int) -> list[Result]:
    from waspada.regions.models import Region

    empty: list[float] = []
    again: list[float] = []
    can_empty = not _referenced()
    if not can_empty:
        say("load_regions: basis data sudah berisi data yang merujuk wilayah; hanya pemuatan ulang yang diukur.")
    for i in range(repeats):
        if can_empty:
            if i > 0 or Region.objects.exists():
                _wipe_regions()
            empty.append(load_regions())
        again.append(load_regions())
        first = f"kosong {empty[-1]:.2f} s, " if empty else ""
        say(f"load_regions {i + 1}/{repeats}: {first}ulang {again[-1]:.2f} s")
    counts = {"regions": Region.objects.count()}
    results = []
    if empty:
        results.append(Result("load_regions", "empty DB (38 + 514 + 7,285 rows)", "s", empty, counts))
    results.append(Result("load_regions", "second run (idempotent)", "s", again, counts))
    return results
