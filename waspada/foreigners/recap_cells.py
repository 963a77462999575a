"""The foreigners recap cells (``ForeignerRecapCell``): per province, the live people counted by
kabupaten/kota and presence, by nationality and purpose, and by permit end date — what the
national and provincial recap pages read instead of every person (``selectors.recap_for_user``).

Every write that changes a live person's province, kabupaten/kota, presence, nationality,
purpose or permit end, or whether the person is live at all, calls ``refresh_provinces`` with the
old and the new province, inside its own transaction: the province's people are counted again
from the person table (three GROUP BYs over the ``foreigner_recap_province`` index), compared with
its stored cells, and only the cells whose count changed are replaced — so they commit with the
write, and a write touches a few cells however large the province. Each province's ``Region`` row
is locked first (``SELECT … FOR NO KEY UPDATE`` on PostgreSQL, in id order): two writers in one
province take turns, and the second one's counts (READ COMMITTED: a new snapshot per statement)
include the first one's committed rows. The lock does not block inserts elsewhere that merely
reference the region (they take a key-share lock).

``rebuild`` recounts everything from three national GROUP BYs (``manage.py
rebuild_foreigner_recap``); the migration that added the cells filled them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, QuerySet

from waspada.foreigners.models import ForeignerRecapCell, ForeignNational
from waspada.regions.models import Region

Cell = ForeignerRecapCell
D = ForeignerRecapCell.Dimension

# The key columns of each dimension (the person's columns of the same names).
KEYS: dict[str, tuple[str, ...]] = {
    D.KABKOTA: ("kabkota_id", "is_present"),
    D.NATIONALITY: ("nationality", "purpose"),
    D.PERMIT: ("permit_until",),
}


def _lock(province_ids: Iterable[int]) -> None:
    """Lock the provinces' Region rows until the transaction ends (no-op on SQLite, which
    serialises writers anyway)."""
    ids = sorted(set(province_ids))
    if not ids:
        return
    no_key = connection.features.has_select_for_no_key_update
    list(Region.objects.select_for_update(no_key=no_key).filter(pk__in=ids).order_by("pk").values_list("pk"))


def _groups(people: QuerySet[ForeignNational], *, with_province: bool) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dimension, {key columns…, "n": people}) for the live ones of ``people``: one GROUP BY per
    dimension."""
    alive = people.filter(deleted_at__isnull=True).order_by()
    for dimension, keys in KEYS.items():
        columns = ("province_id", *keys) if with_province else keys
        for row in alive.values(*columns).annotate(n=Count("*")):
            yield dimension, row


def _counted(people: QuerySet[ForeignNational], *, with_province: bool) -> list[ForeignerRecapCell]:
    """The cells of ``people`` (live ones only)."""
    cells = []
    for dimension, row in _groups(people, with_province=with_province):
        n = row.pop("n")
        cells.append(Cell(dimension=dimension, people=n, **row))
    return cells


def _key(dimension: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return (dimension, *(row[k] for k in KEYS[dimension]))


def _cell(province_id: int | None, key: tuple[Any, ...], people: int) -> ForeignerRecapCell:
    dimension, *values = key
    return Cell(
        province_id=province_id, dimension=dimension, people=people, **dict(zip(KEYS[dimension], values, strict=True))
    )


def refresh_provinces(province_ids: Iterable[int | None]) -> int:
    """Recount the cells of these provinces (None: the people without a province) from the person
    table; returns the cells written. Call inside the writing transaction, after the write.

    Only the difference is written: the cells whose count changed (or that are no longer wanted)
    are deleted and the new counts inserted; the others stay. One person's write touches a few
    cells, an import the cells its rows fall in."""
    wanted = set(province_ids)
    if not wanted:
        return 0
    written = 0
    columns = ("pk", "dimension", *dict.fromkeys(k for keys in KEYS.values() for k in keys), "people")
    with transaction.atomic():
        _lock(pk for pk in wanted if pk is not None)
        for province_id in sorted(wanted, key=lambda pk: (pk is None, pk or 0)):
            mine = {"province__isnull": True} if province_id is None else {"province_id": province_id}
            people = ForeignNational.objects.filter(**mine)
            fresh = {_key(dimension, row): row["n"] for dimension, row in _groups(people, with_province=False)}
            kept: set[tuple[Any, ...]] = set()
            stale: list[int] = []
            for row in Cell.objects.filter(**mine).values(*columns):
                key = _key(row["dimension"], row)
                if key in kept or fresh.get(key) != row["people"]:
                    stale.append(row["pk"])  # changed, gone, or a duplicate
                else:
                    kept.add(key)
            for start in range(0, len(stale), 500):
                Cell.objects.filter(pk__in=stale[start : start + 500]).delete()
            new = [_cell(province_id, key, n) for key, n in fresh.items() if key not in kept]
            Cell.objects.bulk_create(new, batch_size=1000)
            written += len(new)
    return written


def rebuild() -> int:
    """Every cell again, from three national GROUP BYs (every province locked while it runs)."""
    with transaction.atomic():
        _lock(Region.objects.provinces().values_list("pk", flat=True))
        Cell.objects.all().delete()
        cells = _counted(ForeignNational.objects.all(), with_province=True)
        Cell.objects.bulk_create(cells, batch_size=1000)
    return len(cells)


def stored() -> dict[tuple[Any, ...], int]:
    """The cells as {(dimension, province, keys…): people} (tests and checks)."""
    out: dict[tuple[Any, ...], int] = {}
    for cell in Cell.objects.all():
        key = (cell.dimension, cell.province_id, *(getattr(cell, k) for k in KEYS[cell.dimension]))
        out[key] = out.get(key, 0) + cell.people
    return out


def fresh() -> dict[tuple[Any, ...], int]:
    """What ``stored`` should hold: counted from the person table now, without the cells."""
    return {
        (cell.dimension, cell.province_id, *(getattr(cell, k) for k in KEYS[cell.dimension])): cell.people
        for cell in _counted(ForeignNational.objects.all(), with_province=True)
    }
