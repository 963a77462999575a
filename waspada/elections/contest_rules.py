"""Rules on contests (pemilihan daerah): kind by region level, who takes part, ballot numbers.

Pure: regions come in as (code, level) pairs, levels as the strings of ``Region.Level``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

PILGUB = "pilgub"
PILBUP = "pilbup"
PILWALI = "pilwali"

KIND_BY_LEVEL = {"provinsi": PILGUB, "kabupaten": PILBUP, "kota": PILWALI}
KIND_LABELS = {PILGUB: "pemilihan gubernur", PILBUP: "pemilihan bupati", PILWALI: "pemilihan wali kota"}
LEVEL_LABELS = {"provinsi": "provinsi", "kabupaten": "kabupaten", "kota": "kota"}


class ContestRuleError(ValueError):
    """A contest that cannot exist (a kota given a pilbup, a kecamatan given any contest)."""


def kind_for_level(level: str) -> str:
    """pilgub for a province, pilbup for a kabupaten, pilwali for a kota."""
    try:
        return KIND_BY_LEVEL[level]
    except KeyError:
        raise ContestRuleError(
            _("Pemilihan daerah hanya untuk provinsi, kabupaten atau kota, bukan tingkat «%(level)s».")
            % {"level": level}
        ) from None


def kind_error(level: str, kind: str) -> str | None:
    """The Indonesian refusal when ``kind`` does not fit a region of ``level`` (None when it fits)."""
    try:
        expected = kind_for_level(level)
    except ContestRuleError as exc:
        return str(exc)
    if kind not in KIND_LABELS:
        return _("Jenis pemilihan «%(kind)s» tidak dikenal (pilgub, pilbup atau pilwali).") % {"kind": kind}
    if kind != expected:
        return _("Wilayah tingkat %(level)s tidak dapat diberi %(kind)s; yang sesuai adalah %(expected)s.") % {
            "level": LEVEL_LABELS[level],
            "kind": KIND_LABELS[kind],
            "expected": KIND_LABELS[expected],
        }
    return None


def check_kind(level: str, kind: str) -> None:
    message = kind_error(level, kind)
    if message:
        raise ContestRuleError(message)


# --- participation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationRule:
    """Which regions hold the election: every province and kabupaten/kota except those listed."""

    excluded_provinces: frozenset[str] = field(default_factory=frozenset)
    excluded_kabkota: frozenset[str] = field(default_factory=frozenset)
    reason: str = ""

    def takes_part(self, code: str, level: str) -> bool:
        if level == "provinsi":
            return code not in self.excluded_provinces
        if level in ("kabupaten", "kota"):
            return code not in self.excluded_kabkota
        return False

    def select(self, regions: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(code, level) for code, level in regions if self.takes_part(code, level)]


# Pilkada 2024: DI Yogyakarta's governor is the Sultan (UU 13/2012), and DKI Jakarta's
# Kepulauan Seribu and five administrative cities have appointed heads (UU 29/2007).
PILKADA_2024 = ParticipationRule(
    excluded_provinces=frozenset({"34"}),
    excluded_kabkota=frozenset({"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}),
    reason="DI Yogyakarta (UU 13/2012); Kepulauan Seribu dan lima kota administrasi DKI Jakarta (UU 29/2007)",
)


# --- ballot numbers -----------------------------------------------------------------------------


def duplicate_ballot_numbers(numbers: Iterable[int | None]) -> set[int]:
    """Ballot numbers used more than once in one contest (empty numbers are not yet drawn)."""
    counts = Counter(n for n in numbers if n is not None)
    return {n for n, c in counts.items() if c > 1}


def ballot_number_error(number: int | None, taken: Iterable[int | None]) -> str | None:
    if number is None:
        return None
    if number < 1:
        return _("Nomor urut harus 1 atau lebih.")
    if number in set(taken):
        return _("Nomor urut %(n)s sudah dipakai paslon lain di pemilihan ini.") % {"n": number}
    return None
