"""Contests of the shipped elections, created once the region table is loaded.

The elections and their stages come from a data migration; contests need regions, which a
command loads (``load_regions``). ``load_elections`` is run by ``manage.py load_elections``, by
``dev.py``/e2e setup and by the test session setup, each right after the regions. Idempotent.

* Pilkada 2020: the 270 regions of ``data/pilkada2020.csv`` (the Ditjen Otonomi Daerah list of
  13 June 2019 as reported in the press), joined to the current region table by code (the 2020
  Papua codes renumbered in 2022 are stored already mapped; ``code_2020`` keeps the old one).
* Pilkada 2024: every region the 2024 participation rule selects (545).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from waspada.core import audit
from waspada.elections import contest_rules
from waspada.elections.models import Contest, Election
from waspada.regions.models import Region

DATA = Path(__file__).resolve().parent / "data"
PILKADA_2020_CSV = DATA / "pilkada2020.csv"


class ElectionLoadError(ValueError):
    pass


@dataclass(frozen=True)
class ShippedRow:
    province: str
    name: str
    code: str
    kind: str
    code_2020: str


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def total_created(self) -> int:
        return sum(self.created.values())


def pilkada_2020_rows(path: Path = PILKADA_2020_CSV) -> list[ShippedRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ShippedRow(r["province"], r["name"], r["code"], r["kind"], r.get("code_2020") or r["code"])
            for r in csv.DictReader(handle)
        ]


def _wanted(election_code: str, regions: dict[str, Region]) -> list[tuple[Region, str]]:
    if election_code == "pilkada-2020":
        out = []
        missing = []
        for row in pilkada_2020_rows():
            region = regions.get(row.code)
            if region is None:
                missing.append(row.code)
                continue
            contest_rules.check_kind(region.level, row.kind)
            out.append((region, row.kind))
        if missing:
            raise ElectionLoadError("Kode wilayah Pilkada 2020 tidak ada di tabel wilayah: " + ", ".join(missing[:20]))
        return out
    if election_code == "pilkada-2024":
        selected = contest_rules.PILKADA_2024.select((r.code, r.level) for r in regions.values())
        return [(regions[code], contest_rules.kind_for_level(level)) for code, level in selected]
    return []


SHIPPED = ("pilkada-2020", "pilkada-2024")


def load_elections(*, actor: Any = None) -> LoadReport:
    """Create the missing contests of the shipped elections. Running it twice changes nothing."""
    report = LoadReport()
    regions = {r.code: r for r in Region.objects.filter(level__in=["provinsi", "kabupaten", "kota"])}
    if len(regions) < 500:
        raise ElectionLoadError("Data wilayah belum dimuat. Jalankan «manage.py load_regions» terlebih dahulu.")
    with transaction.atomic():
        for code in SHIPPED:
            election = Election.objects.filter(code=code).first()
            if election is None:
                raise ElectionLoadError(f"Pemilihan «{code}» belum ada. Jalankan «manage.py migrate» terlebih dahulu.")
            have = set(Contest.objects.filter(election=election).values_list("region_id", flat=True))
            new = []
            for region, kind in _wanted(code, regions):
                if region.id in have:
                    continue
                contest = Contest(election=election, region=region, kind=kind)
                contest.set_scope_keys(region)
                new.append(contest)
            Contest.objects.bulk_create(new, batch_size=1000)
            report.created[code] = len(new)
            report.existing[code] = len(have)
            if new:
                audit.record(
                    actor=actor,
                    action="contests.imported",
                    obj=election,
                    after={"source": "load_elections", "created": len(new)},
                )
    return report
