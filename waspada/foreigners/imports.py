"""Importing lists of foreigners received from immigration or manpower offices (XLSX).

All or nothing: every row is checked first (the same rules as the form: ``services.foreigner_errors``
and ``services.permit_errors``, plus duplicates inside the file by passport + nationality); if any
row fails, nothing is written and every error is reported with its row number (the spreadsheet's,
header = row 1). Rows must lie in the importer's scope. Region codes may be current or 2020 codes.

Columns (header names, case and spaces ignored): nama, kewarganegaraan, jenis_kelamin (L/P),
tanggal_lahir, nomor_paspor, tujuan, penjamin, kode_wilayah, alamat, jenis_izin, nomor_izin,
izin_mulai, izin_sampai. The permit columns are optional as a group.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.foreigners import crypto, recap_cells, services
from waspada.foreigners.identity import normalise_nationality
from waspada.foreigners.models import ForeignNational, Permit, Purpose
from waspada.regions import access
from waspada.regions.models import Region

MAX_ROWS = 20_000
REQUIRED = ("nama", "kewarganegaraan", "jenis_kelamin", "nomor_paspor", "tujuan", "kode_wilayah")
PERMIT_COLUMNS = ("jenis_izin", "nomor_izin", "izin_mulai", "izin_sampai")
COLUMNS = (*REQUIRED, "tanggal_lahir", "penjamin", "alamat", *PERMIT_COLUMNS)
PURPOSE_WORDS = {str(label).lower(): value for value, label in Purpose.choices} | {v: v for v in Purpose.values}
PERMIT_WORDS = {k.lower(): k for k in Permit.Kind.values} | {"kitas": "kitas", "kitap": "kitap"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


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


def _header(value: Any) -> str:
    return "_".join(_cell(value).lower().split())


def read_rows(handle: IO[bytes]) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca (%(error)s).") % {"error": str(exc)[:200]}) from None
    if not raw:
        raise ImportFileError(_("Berkas kosong."))
    headers = [_header(h) for h in raw[0]]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        raise ImportFileError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    rows = [dict(zip(headers, row, strict=False)) for row in raw[1:] if any(row)]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Berkas berisi %(n)s baris; paling banyak %(max)s baris sekali impor.")
            % {"n": len(rows), "max": MAX_ROWS}
        )
    return rows


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    for parse in (
        date.fromisoformat,
        lambda s: datetime.strptime(s, "%d-%m-%Y").date(),
        lambda s: datetime.strptime(s, "%d/%m/%Y").date(),
    ):
        try:
            return parse(raw[:10])
        except ValueError:
            continue
    errors.append(_("%(label)s «%(v)s» bukan tanggal (TTTT-BB-HH atau HH-BB-TTTT).") % {"label": label, "v": raw[:20]})
    return None


def _region(raw: str, errors: list[str], cache: dict[str, Region | None]) -> Region | None:
    from waspada.regions.selectors import resolve_region

    if raw not in cache:
        try:
            cache[raw] = resolve_region(raw)
        except Exception:  # unknown or malformed code
            cache[raw] = None
    region = cache[raw]
    if region is None:
        errors.append(_("Kode wilayah «%(v)s» tidak dikenal.") % {"v": raw[:20]})
    return region


def _resolve_regions(raw_codes: set[str]) -> dict[str, Region | None]:
    """Every distinct region code of the file: current codes in one query (with the scope keys'
    regions), the 2020 crosswalk only for codes that are not current; None for unknown codes."""
    from waspada.regions.codesets import InvalidRegionCode, normalize_code

    normalised: dict[str, str | None] = {}
    for raw in raw_codes:
        try:
            normalised[raw] = normalize_code(raw)
        except InvalidRegionCode:
            normalised[raw] = None
    wanted = sorted({code for code in normalised.values() if code})
    current: dict[str, Region] = {}
    for start in range(0, len(wanted), 500):
        chunk = Region.objects.filter(code__in=wanted[start : start + 500]).select_related("province", "kabkota")
        current.update((r.code, r) for r in chunk)
    cache: dict[str, Region | None] = {}
    for raw, code in normalised.items():
        if code is None:
            cache[raw] = None
        elif code in current:
            cache[raw] = current[code]
        else:
            _region(raw, [], cache)  # the crosswalk, one code at a time
    return cache


def import_foreigners(handle: IO[bytes], *, actor: Any) -> ImportResult:
    """Check every row; write all of them in one transaction only when none has an error."""
    if not access.can_write(actor) or not access.has_role(actor, *access.FOREIGNER_WRITER_ROLES):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengimpor data orang asing."))
    rows = read_rows(handle)
    result = ImportResult(rows=len(rows))
    prepared: list[tuple[services.ForeignerInput, services.PermitInput | None]] = []
    seen: dict[tuple[str, str], int] = {}
    regions = _resolve_regions({row.get("kode_wilayah", "") for row in rows})
    # Translated once, not per row (10,000 rows: tens of thousands of catalogue look-ups).
    labels = {"birth": _("Tanggal lahir"), "from": _("Izin mulai"), "until": _("Izin sampai")}
    today = timezone.localdate()
    by_digest: dict[str, list[tuple[int, str]]] = {}
    for number, row in enumerate(rows, start=2):
        errors: list[str] = []
        region = _region(row.get("kode_wilayah", ""), errors, regions)
        if region is not None and not access.can_write_foreigners(actor, region):
            errors.append(_("Wilayah %(code)s di luar cakupan Anda.") % {"code": region.code})
        purpose_raw = row.get("tujuan", "").strip().lower()
        data = services.ForeignerInput(
            name=row.get("nama", ""),
            nationality=row.get("kewarganegaraan", ""),
            sex=row.get("jenis_kelamin", "").strip().upper()[:1],
            passport_number=row.get("nomor_paspor", ""),
            purpose=PURPOSE_WORDS.get(purpose_raw, purpose_raw),
            region=region,
            birth_date=_date(row.get("tanggal_lahir", ""), labels["birth"], errors),
            sponsor=row.get("penjamin", ""),
            address=row.get("alamat", ""),
        )
        for messages in services.foreigner_errors(data, check_duplicate=False, today=today).values():
            errors.extend(messages)
        key = (crypto.normalise_passport(data.passport_number), normalise_nationality(data.nationality))
        if key[0] and key in seen:
            errors.append(_("Paspor dan kewarganegaraan sama dengan baris %(row)s.") % {"row": seen[key]})
        seen.setdefault(key, number)
        permit = None
        if any(row.get(c, "") for c in PERMIT_COLUMNS):
            kind_raw = row.get("jenis_izin", "").strip().lower()
            permit = services.PermitInput(
                kind=PERMIT_WORDS.get(kind_raw, kind_raw),
                number=row.get("nomor_izin", ""),
                valid_from=_date(row.get("izin_mulai", ""), labels["from"], errors),
                valid_until=_date(row.get("izin_sampai", ""), labels["until"], errors),
            )
            for messages in services.permit_errors(permit).values():
                errors.extend(messages)
        if key[0] and key[1]:
            for digest in crypto.search_digests(key[0]):  # every configured key (during a rotation)
                by_digest.setdefault(digest, []).append((number, key[1]))
        if errors:
            result.errors.extend(_("Baris %(row)s: %(msg)s") % {"row": number, "msg": m} for m in dict.fromkeys(errors))
        prepared.append((data, permit))
    # Duplicates of records already stored: one query per 500 digests (under every configured key).
    digests = list(by_digest)
    for start in range(0, len(digests), 500):
        chunk = digests[start : start + 500]
        stored = (
            ForeignNational.objects.alive()
            .filter(passport_digest__in=chunk)
            .values_list("passport_digest", "nationality")
        )
        for digest, nationality in stored:
            for row_number, row_nationality in by_digest.get(digest, []):
                if row_nationality == nationality:
                    result.errors.append(
                        _("Baris %(row)s: %(msg)s")
                        % {
                            "row": row_number,
                            "msg": _("Orang asing dengan nomor paspor dan kewarganegaraan ini sudah tercatat."),
                        }
                    )
    if result.errors:
        return result
    try:
        with transaction.atomic():
            creator = actor if getattr(actor, "is_authenticated", False) else None
            people = []
            for data, permit_data in prepared:
                person = ForeignNational(created_by=creator)
                services.apply_foreigner(person, data)
                person.permit_until = permit_data.valid_until if permit_data is not None else None
                people.append(person)
            # One INSERT per batch (the fields encrypt themselves); the keys come back on SQLite and PostgreSQL.
            ForeignNational.objects.bulk_create(people, batch_size=500)
            Permit.objects.bulk_create(
                [
                    Permit(  # type: ignore[misc]  # dates checked by permit_errors
                        foreigner=person,
                        kind=permit_data.kind,
                        number=permit_data.number.strip(),
                        valid_from=permit_data.valid_from,
                        valid_until=permit_data.valid_until,
                    )
                    for person, (_data, permit_data) in zip(people, prepared, strict=True)
                    if permit_data is not None
                ],
                batch_size=500,
            )
            # The recap cells of every province the file touched, once each, in the same transaction.
            recap_cells.refresh_provinces({person.province_id for person in people})
            result.created = len(people)
            if result.created:
                # One event for the whole file, on the importing user (the rows carry no audit of their own).
                audit.record(
                    actor=actor,
                    action="foreigners.imported",
                    obj=actor,
                    after={"rows": result.rows, "created": result.created},
                )
    except IntegrityError:
        # Someone recorded one of these people between the duplicate check above and this insert
        # (the unique passport + nationality constraint caught it): nothing of the file is kept.
        result.created = 0
        result.errors.append(
            _(
                "Berkas tidak disimpan: sebagian orang asing di dalamnya baru saja dicatat oleh pengguna lain "
                "(nomor paspor dan kewarganegaraan yang sama). Unggah ulang berkas untuk melihat baris yang "
                "bermasalah."
            )
        )
    return result
