"""Aturan peringatan sederhana: the non-statistical rules, as pure functions over plain inputs.

Each rule's parameters come from ``AlertRule.parameters`` (JSON) and are checked by
:func:`rule_params`, which fills in the defaults of :data:`RULE_PARAMETERS`. Every rule answers a
:class:`RuleResult`: whether it fires, the observed value and the threshold it was compared with,
evidence for the alert page, and — where it cannot judge — the reason instead of a false alarm.

===================  =====================================  ==========================================
method               parameters (default)                   fires when
===================  =====================================  ==========================================
count_threshold      n (5), weeks (4)                       the last ``weeks`` weekly counts sum ≥ n
report_level         levels (["siaga", "awas"])             a report section is at one of ``levels``
missing_reports      consecutive (2), repeat (false)        the last ``consecutive`` reports are missing
prokes_violations    n (5), days (10)                       violations in the last ``days`` days ≥ n
nphd_overdue         grace_days (0)                         a tranche is not disbursed past its due date
forum_expired        kinds (["fkdm", "tkdpd"])              a forum decree of those kinds has expired
===================  =====================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# Report levels in rising order (DOMAIN.md §3: Kondusif / Waspada / Siaga / Awas).
REPORT_LEVELS = ("kondusif", "waspada", "siaga", "awas")

RULE_PARAMETERS: dict[str, dict[str, Any]] = {
    "count_threshold": {"n": 5, "weeks": 4},
    "report_level": {"levels": ["siaga", "awas"]},
    "missing_reports": {"consecutive": 2, "repeat": False},
    "prokes_violations": {"n": 5, "days": 10},
    "nphd_overdue": {"grace_days": 0},
    "forum_expired": {"kinds": ["fkdm", "tkdpd"]},
}
RULE_METHODS = tuple(RULE_PARAMETERS)


@dataclass(frozen=True)
class RuleResult:
    """A rule's answer for one region and period."""

    fired: bool
    observed: float | None = None
    threshold: float | None = None
    reason: str = ""  # why the rule could not judge ("" when it did)
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tranche:
    """Tahap pencairan NPHD: a disbursement tranche with its due date."""

    label: str
    due_on: date
    disbursed_on: date | None = None


@dataclass(frozen=True)
class Decree:
    """SK forum: a forum's decree and the last day it is valid (None: not recorded)."""

    forum: str
    kind: str
    valid_until: date | None


def _positive_int(method: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or float(value) != int(value) or value < 1:
        raise ValueError(f"Parameter {key} aturan {method} harus bilangan bulat positif, bukan {value!r}.")
    return int(value)


def rule_params(method: str, parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """The rule's parameters with defaults filled in; ``ValueError`` (Indonesian) when wrong."""
    if method not in RULE_PARAMETERS:
        raise ValueError(f"Aturan tidak dikenal: {method!r}.")
    out = dict(RULE_PARAMETERS[method])
    for key, value in (parameters or {}).items():
        if key not in out:
            continue  # other keys (labels, notes) are not the rule's business
        default = out[key]
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"Parameter {key} aturan {method} harus true atau false, bukan {value!r}.")
            out[key] = value
        elif isinstance(default, int):
            out[key] = _positive_int(method, key, value) if key != "grace_days" else _grace(method, value)
        elif isinstance(default, list):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                raise ValueError(f"Parameter {key} aturan {method} harus daftar teks yang tidak kosong.")
            out[key] = [v.lower() for v in value]
    if method == "report_level":
        unknown = [v for v in out["levels"] if v not in REPORT_LEVELS]
        if unknown:
            raise ValueError(f"Tingkat laporan tidak dikenal: {', '.join(unknown)} (kondusif/waspada/siaga/awas).")
    return out


def _grace(method: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Parameter grace_days aturan {method} harus bilangan bulat ≥ 0, bukan {value!r}.")
    return value


def count_threshold(counts: Sequence[float | None], *, n: int = 5, weeks: int = 4) -> RuleResult:
    """Jumlah ≥ N dalam jendela: the last ``weeks`` weekly counts (oldest first, the current week
    last) sum to at least ``n``. A week without rollup rows is 0 incidents (None counts as 0);
    fewer than ``weeks`` weeks of data cannot be judged."""
    if len(counts) < weeks:
        return RuleResult(False, None, n, f"data baru {len(counts)} minggu, aturan memerlukan {weeks} minggu")
    window = [0.0 if c is None else float(c) for c in counts[-weeks:]]
    if any(c < 0 for c in window):
        return RuleResult(False, None, n, "ada jumlah negatif dalam jendela")
    total = sum(window)
    return RuleResult(total >= n, total, n, evidence={"weeks": weeks, "counts": window})


def report_level(sections: Mapping[str, str | None], *, levels: Sequence[str] = ("siaga", "awas")) -> RuleResult:
    """Tingkat laporan Siaga/Awas: a weekly report section (name → level) is at one of ``levels``.
    The observed value is the highest level's rank (0 kondusif … 3 awas); no report → no judgement."""
    if not sections:
        return RuleResult(False, None, None, "tidak ada laporan mingguan untuk periode ini")
    wanted = {v.lower() for v in levels}
    ranks = {
        name: REPORT_LEVELS.index(lvl.lower()) for name, lvl in sections.items() if lvl and lvl.lower() in REPORT_LEVELS
    }
    if not ranks:
        return RuleResult(False, None, None, "laporan tidak memuat tingkat yang dikenal")
    hit = sorted(name for name, lvl in sections.items() if lvl and lvl.lower() in wanted)
    threshold = min((REPORT_LEVELS.index(v) for v in wanted if v in REPORT_LEVELS), default=None)
    return RuleResult(
        bool(hit),
        float(max(ranks.values())),
        None if threshold is None else float(threshold),
        evidence={"sections": {name: sections[name] for name in hit}},
    )


def missing_reports(submitted: Sequence[bool | None], *, consecutive: int = 2, repeat: bool = False) -> RuleResult:
    """Laporan tidak masuk berturut-turut: the last ``consecutive`` weekly reports (oldest first,
    the current week last; True = submitted, None = the period was not open) are missing.

    Without ``repeat`` it fires once, in the week the run of missing reports reaches the number,
    so a region silent for ten weeks raises one alert, not nine."""
    run = 0
    for value in reversed(submitted):
        if value is None or value:
            break
        run += 1
    if len(submitted) < consecutive and run == len(submitted):
        return RuleResult(False, float(run), consecutive, f"baru {len(submitted)} periode laporan tercatat")
    fired = run >= consecutive if repeat else run == consecutive
    return RuleResult(fired, float(run), consecutive, evidence={"missing_in_a_row": run})


def prokes_violations(
    violations: Iterable[tuple[date, float]], as_of: date, *, n: int = 5, days: int = 10
) -> RuleResult:
    """Pelanggaran prokes ≥ N dalam 10 hari: violations dated within the ``days`` days ending on
    ``as_of`` (inclusive) add up to at least ``n``."""
    start = as_of - timedelta(days=days - 1)
    total = 0.0
    dates: list[str] = []
    for when, count in violations:
        if count < 0:
            return RuleResult(False, None, n, "ada jumlah pelanggaran negatif")
        if start <= when <= as_of:
            total += count
            if count:
                dates.append(when.isoformat())
    return RuleResult(
        total >= n,
        total,
        n,
        evidence={"from": start.isoformat(), "to": as_of.isoformat(), "dates": sorted(set(dates))},
    )


def nphd_overdue(tranches: Iterable[Tranche], today: date, *, grace_days: int = 0) -> RuleResult:
    """Tahap NPHD lewat jatuh tempo: a tranche not disbursed more than ``grace_days`` days after
    its due date. The observed value is the largest number of days late."""
    late: list[dict[str, Any]] = []
    worst = 0
    for tranche in tranches:
        limit = tranche.due_on + timedelta(days=grace_days)
        if tranche.disbursed_on is None and today > limit:
            days_late = (today - limit).days
            worst = max(worst, days_late)
            late.append({"tranche": tranche.label, "due_on": tranche.due_on.isoformat(), "days": days_late})
    return RuleResult(bool(late), float(worst), float(grace_days), evidence={"overdue": late})


def forum_expired(decrees: Iterable[Decree], today: date, *, kinds: Sequence[str] = ("fkdm", "tkdpd")) -> RuleResult:
    """SK forum kedaluwarsa: a decree of one of ``kinds`` whose last valid day is before today.
    A decree without an end date cannot be judged and is listed as such."""
    wanted = {k.lower() for k in kinds}
    expired, unknown = [], []
    for decree in decrees:
        if decree.kind.lower() not in wanted:
            continue
        if decree.valid_until is None:
            unknown.append(decree.forum)
        elif decree.valid_until < today:
            expired.append({"forum": decree.forum, "valid_until": decree.valid_until.isoformat()})
    if not expired and unknown:
        return RuleResult(False, None, None, "tanggal berakhir SK tidak tercatat", evidence={"unknown": unknown})
    return RuleResult(bool(expired), float(len(expired)), None, evidence={"expired": expired, "unknown": unknown})
