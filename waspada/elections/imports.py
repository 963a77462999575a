"""Bulk imports of contests and paslon from CSV or XLSX: all or nothing, errors per row.

Every row is checked first with the same rules the services apply (``services.contest_errors``,
``services.candidate_pair_errors``, plus duplicates inside the file); one error anywhere and
nothing is written. ``dry_run`` checks and reports without writing.

Columns (header names are case-insensitive; spaces and dashes count as underscores):

* contests: ``pemilihan`` (election code, e.g. ``pilkada-2024``), ``kode_wilayah``, ``jenis``
  (optional: pilgub / pilbup / pilwali, derived from the region level when empty);
* paslon: ``pemilihan``, ``kode_wilayah``, ``nomor_urut`` (optional), ``nama_calon``,
  ``nama_wakil``, ``jalur`` (partai / perseorangan), ``partai`` (separated by ``;`` or ``,``),
  ``petahana`` (ya / tidak), ``status`` (optional, default terdaftar), ``tanggal_status``.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from waspada.core import audit
from waspada.elections import contest_rules, services
from waspada.elections.models import CandidatePair, CandidateStatusChange, Contest, Election
from waspada.regions import access
from waspada.regions.codesets import InvalidRegionCode, normalize_code
from waspada.regions.models import Region

MAX_ROWS = 20000


class ImportFileError(ValueError):
    """The file itself cannot be read (format, header): nothing was checked row by row."""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Baris {self.row}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


ALIASES = {
    "election": "pemilihan",
    "kode_pemilihan": "pemilihan",
    "kode": "kode_wilayah",
    "region": "kode_wilayah",
    "region_code": "kode_wilayah",
    "kind": "jenis",
    "ballot_number": "nomor_urut",
    "nomor": "nomor_urut",
    "nama_calon_kepala_daerah": "nama_calon",
    "calon": "nama_calon",
    "head_name": "nama_calon",
    "wakil": "nama_wakil",
    "nama_calon_wakil": "nama_wakil",
    "deputy_name": "nama_wakil",
    "jalur_pencalonan": "jalur",
    "partai_pengusung": "partai",
    "parties": "partai",
    "incumbent": "petahana",
}


def _header(name: Any) -> str:
    key = str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path | str) -> list[dict[str, str]]:
    """Rows of the first sheet (XLSX) or of the CSV (comma or semicolon), keyed by normalised header."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            book.close()
        elif suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;") if text.strip() else csv.excel
            raw = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
        else:
            raise ImportFileError(f"Format berkas «{path.suffix}» tidak didukung; gunakan CSV atau XLSX.")
    except FileNotFoundError:
        raise ImportFileError(f"Berkas «{path}» tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise ImportFileError("Berkas CSV harus berpengodean UTF-8.") from None
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"Berkas tidak dapat dibaca: {exc}") from None
    if not raw:
        raise ImportFileError("Berkas kosong.")
    headers = [_header(h) for h in raw[0]]
    rows = [dict(zip(headers, row, strict=False)) for row in raw[1:] if any(c for c in row)]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"Berkas berisi {len(rows)} baris; paling banyak {MAX_ROWS} baris sekali impor.")
    return rows


def _require_columns(rows: list[dict[str, str]], needed: tuple[str, ...]) -> None:
    present = set(rows[0]) if rows else set()
    missing = [c for c in needed if c not in present]
    if rows and missing:
        raise ImportFileError("Kolom wajib tidak ada: " + ", ".join(missing) + ".")


def _check_actor(actor: Any) -> None:
    # From a command without --user the operator of the server imports; from the web, admins/analysts.
    if actor is not None and not access.can_import_incidents(actor):
        raise PermissionDenied("Hanya administrator atau analis nasional yang dapat mengimpor data pemilihan.")


class _Lookup:
    """Elections, regions and contests fetched once for the whole file."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.elections = {e.code: e for e in Election.objects.all()}
        codes = set()
        for row in rows:
            with contextlib.suppress(InvalidRegionCode):
                codes.add(normalize_code(row.get("kode_wilayah", "")))
        self.regions = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("province", "kabkota")}
        self.contests = {
            (c.election_id, c.region_id): c
            for c in Contest.objects.filter(region__code__in=codes).select_related("region")
        }

    def election(self, row: dict[str, str], errors: list[str]) -> Election | None:
        code = row.get("pemilihan", "").strip().lower()
        election = self.elections.get(code)
        if election is None:
            errors.append(f"pemilihan «{code}» tidak dikenal (mis. {', '.join(sorted(self.elections)) or '-'}).")
        return election

    def region(self, row: dict[str, str], errors: list[str]) -> Region | None:
        try:
            code = normalize_code(row.get("kode_wilayah", ""))
        except InvalidRegionCode as exc:
            errors.append(str(exc))
            return None
        region = self.regions.get(code)
        if region is None:
            errors.append(f"kode wilayah {code} tidak ada di tabel wilayah.")
        return region


def _flatten(errors: dict[str, list[str]]) -> list[str]:
    return [m for messages in errors.values() for m in messages]


# --- contests -------------------------------------------------------------------------------------


def import_contests(path: Path | str, *, actor: Any = None, dry_run: bool = False) -> ImportResult:
    _check_actor(actor)
    rows = read_table(path)
    _require_columns(rows, ("pemilihan", "kode_wilayah"))
    lookup = _Lookup(rows)
    result = ImportResult(dry_run=dry_run)
    new: list[Contest] = []
    seen: dict[tuple[int, int], int] = {}
    for number, row in enumerate(rows, start=2):
        problems: list[str] = []
        election = lookup.election(row, problems)
        region = lookup.region(row, problems)
        if election is None or region is None:
            result.errors.extend(RowError(number, p) for p in problems)
            continue
        kind = row.get("jenis", "").strip().lower() or None
        key = (election.pk, region.pk)
        if key in seen:
            result.errors.append(RowError(number, f"{region.name} sudah ada di baris {seen[key]}."))
            continue
        seen[key] = number
        existing = lookup.contests.get(key)
        if existing is not None:
            if kind is not None and kind != existing.kind:
                result.errors.append(
                    RowError(number, f"{region.name} sudah punya pemilihan daerah jenis {existing.kind}, bukan {kind}.")
                )
            else:
                result.skipped += 1
            continue
        errors = services.contest_errors(election, region, kind)
        if errors:
            result.errors.extend(RowError(number, m) for m in _flatten(errors))
            continue
        contest = Contest(election=election, region=region, kind=kind or contest_rules.kind_for_level(region.level))
        contest.set_scope_keys(region)
        new.append(contest)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        Contest.objects.bulk_create(new)
        result.created = len(new)
        for election_id in {c.election_id for c in new}:
            election = next(e for e in lookup.elections.values() if e.pk == election_id)
            audit.record(
                actor=actor,
                action="contests.imported",
                obj=election,
                after={"file": Path(path).name, "created": sum(1 for c in new if c.election_id == election_id)},
            )
    return result


# --- candidate pairs --------------------------------------------------------------------------------

YES = {"ya", "y", "yes", "1", "true", "benar", "petahana"}
NO = {"", "tidak", "t", "no", "n", "0", "false", "bukan"}
PATHS = {
    "partai": CandidatePair.Path.PARTIES,
    "parpol": CandidatePair.Path.PARTIES,
    "partai politik": CandidatePair.Path.PARTIES,
    "gabungan partai": CandidatePair.Path.PARTIES,
    "perseorangan": CandidatePair.Path.INDEPENDENT,
    "independen": CandidatePair.Path.INDEPENDENT,
}


def _parse_date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def import_candidates(path: Path | str, *, actor: Any = None, dry_run: bool = False) -> ImportResult:
    _check_actor(actor)
    rows = read_table(path)
    _require_columns(rows, ("pemilihan", "kode_wilayah", "nama_calon", "nama_wakil", "jalur"))
    lookup = _Lookup(rows)
    result = ImportResult(dry_run=dry_run)
    planned: list[tuple[CandidatePair, date]] = []
    numbers_in_file: dict[tuple[int, int], int] = {}
    names_in_file: dict[tuple[int, str, str], int] = {}
    existing_names = {
        (contest_id, head.lower(), deputy.lower())
        for contest_id, head, deputy in CandidatePair.objects.filter(
            contest__in=list(lookup.contests.values())
        ).values_list("contest_id", "head_name", "deputy_name")
    }
    today = timezone.localdate()
    for number, row in enumerate(rows, start=2):
        problems: list[str] = []
        election = lookup.election(row, problems)
        region = lookup.region(row, problems)
        contest = lookup.contests.get((election.pk, region.pk)) if election and region else None
        if election and region and contest is None:
            problems.append(
                f"{region.name} tidak punya pemilihan daerah di {election.name}; impor pemilihan daerah dulu."
            )
        ballot: int | None = None
        raw_ballot = row.get("nomor_urut", "").strip()
        if raw_ballot:
            if raw_ballot.isdigit():
                ballot = int(raw_ballot)
            else:
                problems.append(f"nomor urut «{raw_ballot}» harus bilangan bulat.")
        path_value = PATHS.get(row.get("jalur", "").strip().lower())
        if path_value is None:
            problems.append(f"jalur «{row.get('jalur', '')}» tidak dikenal (partai atau perseorangan).")
        incumbent_text = row.get("petahana", "").strip().lower()
        if incumbent_text not in YES | NO:
            problems.append(f"petahana «{incumbent_text}» harus ya atau tidak.")
        status = row.get("status", "").strip().lower() or CandidatePair.Status.REGISTERED
        if status not in CandidatePair.Status.values:
            problems.append(f"status «{status}» tidak dikenal ({', '.join(CandidatePair.Status.values)}).")
        status_on: date | None = None
        if row.get("tanggal_status", "").strip():
            status_on = _parse_date(row["tanggal_status"].strip())
            if status_on is None:
                problems.append(f"tanggal status «{row['tanggal_status']}» tidak dikenali (gunakan 31-12-2024).")
            elif status_on > today:
                problems.append("tanggal status tidak boleh di masa depan.")
        if contest is None or problems:
            result.errors.extend(RowError(number, p) for p in problems)
            continue
        assert path_value is not None
        data = services.CandidatePairInput(
            head_name=row.get("nama_calon", ""),
            deputy_name=row.get("nama_wakil", ""),
            nomination_path=path_value,
            parties=[p for p in row.get("partai", "").replace(",", ";").split(";")],
            is_incumbent=incumbent_text in YES,
            ballot_number=ballot,
        )
        errors = services.candidate_pair_errors(contest, data)
        if ballot is not None:
            previous = numbers_in_file.get((contest.pk, ballot))
            if previous is not None:
                errors.setdefault("ballot_number", []).append(
                    f"nomor urut {ballot} di {contest.region.name} sudah dipakai di baris {previous}."
                )
            numbers_in_file.setdefault((contest.pk, ballot), number)
        name_key = (contest.pk, data.head_name.strip().lower(), data.deputy_name.strip().lower())
        if name_key in existing_names:
            errors.setdefault("head_name", []).append("paslon ini sudah terdaftar di pemilihan daerah tersebut.")
        elif name_key in names_in_file:
            errors.setdefault("head_name", []).append(f"paslon ini sudah ada di baris {names_in_file[name_key]}.")
        names_in_file.setdefault(name_key, number)
        if errors:
            result.errors.extend(RowError(number, m) for m in _flatten(errors))
            continue
        pair = CandidatePair(contest=contest, status=status, status_on=status_on)
        services.apply_pair_input(pair, data)
        pair.set_scope_keys(contest.region)
        planned.append((pair, status_on or today))
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        pairs = CandidatePair.objects.bulk_create([p for p, _d in planned])
        CandidateStatusChange.objects.bulk_create(
            [
                CandidateStatusChange(
                    pair=p, status=p.status, changed_on=day, note="Impor", recorded_by=actor if actor else None
                )
                for p, (_orig, day) in zip(pairs, planned, strict=True)
            ]
        )
        result.created = len(pairs)
        per_election: dict[int, int] = defaultdict(int)
        for p in pairs:
            per_election[p.contest.election_id] += 1
        for election_id, count in per_election.items():
            election = next(e for e in lookup.elections.values() if e.pk == election_id)
            audit.record(
                actor=actor,
                action="candidates.imported",
                obj=election,
                after={"file": Path(path).name, "created": count},
            )
    return result
