"""Impor peristiwa: a CSV or XLSX file + a column mapping → incidents, all or nothing.

``run(file, mapping, user=None, dry_run=True)`` reads the file, applies the mapping
(``incidents.mapping``), checks every row and resolves its region, then — unless it is a dry
run or any row is wrong — writes everything in one transaction: new incidents with
``bulk_create``, incidents already imported from the same source (same
``external_source`` + ``external_id``) with ``bulk_update``, then one rollup refresh for the
cells touched and one audit event summarising the import.

Region of a row: the point's kabupaten/kota (point-in-polygon over the imported boundaries, one
vectorised query for the whole file) and/or the region named by code (current or 2020 code set)
or by kabupaten/kota name (``Kabupaten X`` / ``Kab. X`` / ``X`` versus ``Kota X``, a province
name to tell apart same-named regions of two provinces). When both are given they must agree.

Errors carry the row number as a spreadsheet shows it (the header is row 1), the column and an
Indonesian message. Nothing is written while there is any error.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.core.exceptions import PermissionDenied
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.core.timezones import to_local
from waspada.incidents import location, rollup, services
from waspada.incidents import mapping as mapping_mod
from waspada.incidents.mapping import Mapping, MappingError, value_key
from waspada.incidents.models import (
    ImportMapping,
    Incident,
    IncidentCode,
    IncidentImport,
    IncidentSource,
    week_start_of,
)
from waspada.regions import access
from waspada.regions.models import Region

Progress = Callable[[int], None]
BATCH = 2000
MAX_REPORTED_ERRORS = 500
MAX_COUNT = 2_147_483_647
BAD_POINT = "_bad_point"  # a row's values marker: a coordinate was not a number (reported once)

CODE_KINDS = {
    "category": IncidentCode.Kind.CATEGORY,
    "conflict_source": IncidentCode.Kind.CONFLICT_SOURCE,
    "snpk_type": IncidentCode.Kind.SNPK_TYPE,
    "acled_event_type": IncidentCode.Kind.ACLED_EVENT,
}
CHOICES: dict[str, Any] = {
    "date_precision": Incident.DatePrecision,
    "geo_precision": Incident.GeoPrecision,
    "classification": Incident.Classification,
    "handling_stage": Incident.HandlingStage,
    "source_kind": IncidentSource.Kind,
}
TEXT_LIMITS = {"location_detail": 200, "source_name": 200, "source_url": 500}


class ImportFileError(ValueError):
    """A file that cannot be read at all (format, encoding, empty)."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(" ".join(messages))


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """Counts and errors of one import (or dry run)."""

    dry_run: bool
    rows: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0
    rollup_cells: int = 0

    @property
    def error_count(self) -> int:
        return len(self.errors) + len(self.file_errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self, limit: int = MAX_REPORTED_ERRORS) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "skipped": self.skipped,
            "error_count": self.error_count,
            "row_error_count": len(self.errors),
            "file_errors": self.file_errors,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors[:limit]],
            "written": self.written,
            "seconds": round(self.seconds, 2),
        }


# --- reading files ------------------------------------------------------------------------------


@dataclass
class Table:
    """A file's header, its HXL hashtag row (when present) and its data rows with their numbers."""

    headers: list[Any]
    tags: list[Any]
    rows: list[tuple[int, list[Any]]]


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: Iterable[list[Any]]) -> Table:
    iterator = iter(records)
    headers = next(iterator, None)
    if headers is None or all(_is_empty(c) for c in headers):
        raise ImportFileError([_("Berkas kosong atau baris pertamanya (judul kolom) kosong.")])
    number = 1
    tags: list[Any] = []
    rows: list[tuple[int, list[Any]]] = []
    for record in iterator:
        number += 1
        if number == 2 and mapping_mod.is_hxl_row(record):
            tags = list(record)
            continue
        if all(_is_empty(c) for c in record):
            continue
        rows.append((number, list(record)))
    return Table(list(headers), tags, rows)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError([_("Berkas CSV harus berkodean UTF-8.")]) from None
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 5)[0] if sample else ",", delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
    return _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(handle: BinaryIO) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError([_("Berkas XLSX tidak dapat dibaca; simpan ulang sebagai XLSX atau CSV.")]) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError([_("Berkas XLSX tidak memuat lembar kerja.")])
        return _table(list(row) for row in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def read_table(source: str | Path | BinaryIO, filename: str | None = None) -> Table:
    """Read a CSV (UTF-8, delimiter , ; or tab) or XLSX (first sheet) file."""
    name = filename or (str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "")) or ""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt", ".tsv"):
        raise ImportFileError([_("Jenis berkas tidak didukung; gunakan CSV atau XLSX.")])
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            return _read_xlsx(handle) if suffix == ".xlsx" else _read_csv(handle.read())
    if suffix == ".xlsx":
        return _read_xlsx(source)
    return _read_csv(source.read())


# --- cell parsing -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_COUNT = re.compile(r"^[+-]?\d+(?:\.0+)?$")


def _parse_count(value: Any) -> int:
    """An impact count: a whole number ≥ 0. Raises ValueError with the message to show."""
    if isinstance(value, bool):
        raise ValueError(_("Jumlah dampak harus bilangan bulat 0 atau lebih."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _text(value).replace(" ", "")
        if not _COUNT.match(text):
            raise ValueError(_("Jumlah dampak harus bilangan bulat 0 atau lebih."))
        number = int(Decimal(text))
    if number < 0:
        raise ValueError(_("Jumlah dampak tidak boleh negatif."))
    if number > MAX_COUNT:
        raise ValueError(_("Jumlah dampak terlalu besar."))
    return number


def _parse_date(value: Any, formats: tuple[str, ...]) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("Tanggal «%(value)s» tidak sesuai format %(formats)s.") % {"value": text, "formats": ", ".join(formats)}
    )


# --- region resolution ---------------------------------------------------------------------------

_KIND_PREFIX = re.compile(r"^(kabupaten|kab|kotamadya|kodya|kota)\s+(administrasi\s+|adm\s+)?")
PROVINCE_ALIASES = {
    "dki jakarta": "daerah khusus ibukota jakarta",
    "jakarta": "daerah khusus ibukota jakarta",
    "daerah khusus jakarta": "daerah khusus ibukota jakarta",
    "di yogyakarta": "daerah istimewa yogyakarta",
    "diy": "daerah istimewa yogyakarta",
    "yogyakarta": "daerah istimewa yogyakarta",
    "ntb": "nusa tenggara barat",
    "ntt": "nusa tenggara timur",
    "bangka belitung": "kepulauan bangka belitung",
    "babel": "kepulauan bangka belitung",
    "kepri": "kepulauan riau",
}
# 2022 split: a file keyed on the 2020 provinces names Papua / Papua Barat for these.
SPLIT_FROM = {"93": "91", "94": "91", "95": "91", "96": "92"}


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[.\-_,/()]", " ", str(text))).strip().casefold()


def name_parts(text: str) -> tuple[str | None, str]:
    """``"Kab. Bandung"`` → ("kabupaten", "bandung"); ``"Kota Bandung"`` → ("kota", "bandung");
    ``"Bandung"`` → (None, "bandung")."""
    plain = _plain(text)
    match = _KIND_PREFIX.match(plain)
    if not match:
        return None, plain
    kind = "kota" if match.group(1) in ("kota", "kotamadya", "kodya") else "kabupaten"
    return kind, plain[match.end() :].strip()


def province_key(text: str) -> str:
    plain = re.sub(r"^(provinsi|prov|propinsi)\s+", "", _plain(text))
    return PROVINCE_ALIASES.get(plain, plain)


class RegionResolver:
    """Regions by code and by name for one file: a few queries for all its distinct values."""

    def __init__(self, code_set: str | None) -> None:
        self.code_set = code_set
        self.by_id: dict[int, Region] = {}
        self._names: dict[str, list[Region]] | None = None
        self._province_keys: dict[int, str] = {}

    def _remember(self, regions: Iterable[Region]) -> None:
        for region in regions:
            self.by_id[region.pk] = region

    def kabkota(self, region: Region) -> Region | None:
        if region.kabkota_id is None:
            return None
        if region.kabkota_id not in self.by_id:
            self._remember(Region.objects.filter(pk=region.kabkota_id))
        return self.by_id.get(region.kabkota_id)

    def by_codes(self, raw_codes: Iterable[str]) -> dict[str, Region | str]:
        """Raw code → region, or → the Indonesian message why not."""
        from waspada.regions.codesets import InvalidRegionCode, normalize_code, to_current_code

        out: dict[str, Region | str] = {}
        normal: dict[str, str] = {}
        for raw in set(raw_codes):
            try:
                normal[raw] = normalize_code(raw)
            except InvalidRegionCode:
                out[raw] = _("Kode wilayah «%(code)s» tidak sah; gunakan format Kemendagri, mis. 32.73.") % {
                    "code": raw
                }
        found = self._fetch(set(normal.values()) if self.code_set != "permendagri-72-2019" else set())
        later: dict[str, str] = {}
        for raw, code in normal.items():
            if code in found:
                out[raw] = found[code]
                continue
            try:
                later[raw] = to_current_code(code, self.code_set)
            except InvalidRegionCode as exc:
                out[raw] = str(exc)
        crossed = self._fetch(set(later.values()))
        for raw, code in later.items():
            out[raw] = crossed.get(code) or _("Kode wilayah «%(code)s» tidak dikenal.") % {"code": raw}
        return out

    def _fetch(self, codes: set[str]) -> dict[str, Region]:
        found: dict[str, Region] = {}
        ordered = sorted(codes)
        for i in range(0, len(ordered), 500):
            regions = list(Region.objects.filter(code__in=ordered[i : i + 500]))
            self._remember(regions)
            found.update({r.code: r for r in regions})
        return found

    def _name_index(self) -> dict[str, list[Region]]:
        if self._names is None:
            index: dict[str, list[Region]] = defaultdict(list)
            regions = list(Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS]))
            self._remember(regions)
            for region in regions:
                if region.level == Region.Level.PROVINSI:
                    self._province_keys[region.pk] = province_key(region.name)
                else:
                    index[name_parts(region.name)[1]].append(region)
            self._names = dict(index)
        return self._names

    def by_name(self, name: str, province: str = "") -> Region | str:
        """A kabupaten/kota by name (DOMAIN.md §2): ``X`` alone means the kabupaten when a
        kabupaten and a kota share the name; a province name tells two provinces apart."""
        kind, base = name_parts(name)
        candidates = self._name_index().get(base, [])
        if kind is not None:
            candidates = [r for r in candidates if r.level == kind]
        if not candidates:
            return _("Kabupaten/kota «%(name)s» tidak dikenal.") % {"name": name}
        if province.strip():
            wanted = province_key(province)
            in_province = [r for r in candidates if self._province_keys.get(r.province_id or 0) == wanted]
            if not in_province:
                # A file keyed on the 2020 provinces names Papua / Papua Barat for the new ones.
                in_province = [
                    r
                    for r in candidates
                    if r.code[:2] in SPLIT_FROM and wanted == province_key(self._province_name(SPLIT_FROM[r.code[:2]]))
                ]
            if not in_province:
                return _("Kabupaten/kota «%(name)s» tidak ada di provinsi «%(province)s».") % {
                    "name": name,
                    "province": province,
                }
            candidates = in_province
        if kind is None and len(candidates) > 1:
            kabupaten = [r for r in candidates if r.level == Region.Level.KABUPATEN]
            if len(kabupaten) == 1 and len({r.province_id for r in candidates}) == 1:
                return kabupaten[0]
        if len(candidates) > 1:
            return _("Nama «%(name)s» dipakai lebih dari satu wilayah (%(names)s); sebutkan provinsinya.") % {
                "name": name,
                "names": ", ".join(sorted(f"{r.name} ({r.code})" for r in candidates)),
            }
        return candidates[0]

    def _province_name(self, code: str) -> str:
        for region in self.by_id.values():
            if region.code == code:
                return region.name
        return code


# --- codes and choices --------------------------------------------------------------------------


class Codes:
    """Reference codes by kind, matched on their code or their name (case-insensitive)."""

    def __init__(self) -> None:
        self.table: dict[str, dict[str, IncidentCode]] = defaultdict(dict)
        for item in IncidentCode.objects.all():
            self.table[item.kind].setdefault(value_key(item.name), item)
        for item in IncidentCode.objects.all():
            self.table[item.kind][value_key(item.code)] = item

    def find(self, kind: str, value: Any) -> IncidentCode | None:
        return self.table[kind].get(value_key(value))


def _choice(choices: Any, value: Any) -> str | None:
    key = value_key(value)
    for code, label in choices.choices:
        if key in (value_key(code), value_key(label)):
            return str(code)
    return None


# --- the import ---------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    region: Region | None = None
    point_kabkota: Region | None = None
    failed: bool = False


class _Errors:
    def __init__(self, result: ImportResult, columns: dict[str, str]) -> None:
        self.result = result
        self.columns = columns

    def add(self, row: _Row, name: str, message: str) -> None:
        row.failed = True
        self.result.errors.append(RowError(row.number, self.columns.get(name, name), message))


def _column_labels(table: Table, bound: dict[str, int]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for name, index in bound.items():
        header = table.headers[index] if index < len(table.headers) else None
        labels[name] = _text(header) or (_text(table.tags[index]) if index < len(table.tags) else "") or str(index + 1)
    # Fields checked by services.validate under another name.
    labels.setdefault("region", labels.get("region_code") or labels.get("region_name") or labels.get("latitude", ""))
    return labels


def _parsers(spec: Mapping, codes: Codes) -> dict[str, Callable[[Any], Any]]:
    """One parser per field: raw cell → value, or ValueError with the message to show."""

    def count(raw: Any) -> int:
        if type(raw) is str and raw.isdigit():  # the common case, fast
            return int(raw)
        return _parse_count(raw)

    def day(raw: Any) -> date:
        if type(raw) is str and spec.date_formats[0] == "%Y-%m-%d" and len(raw) == 10:
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        return _parse_date(raw, spec.date_formats)

    def code_of(name: str) -> Callable[[Any], Any]:
        def parse(raw: Any) -> IncidentCode:
            code = codes.find(CODE_KINDS[name], spec.mapped_value(name, _text(raw)))
            if code is None:
                raise ValueError(_("Kode «%(value)s» tidak dikenal untuk isian ini.") % {"value": _text(raw)})
            return code

        return parse

    def choice_of(name: str) -> Callable[[Any], Any]:
        def parse(raw: Any) -> str:
            choice = _choice(CHOICES[name], spec.mapped_value(name, _text(raw)))
            if choice is None:
                raise ValueError(_("Nilai «%(value)s» tidak dikenal untuk isian ini.") % {"value": _text(raw)})
            return choice

        return parse

    def text_of(name: str) -> Callable[[Any], Any]:
        limit = TEXT_LIMITS.get(name)

        def parse(raw: Any) -> str:
            text = _text(raw)
            if limit is not None and len(text) > limit:
                raise ValueError(_("Teks terlalu panjang (paling banyak %(n)d karakter).") % {"n": limit})
            return text

        return parse

    parsers: dict[str, Callable[[Any], Any]] = {}
    for name in mapping_mod.FIELDS:
        if name in mapping_mod.IMPACT_FIELDS:
            parsers[name] = count
        elif name in mapping_mod.DATE_FIELDS:
            parsers[name] = _cached(day)
        elif name in CODE_KINDS:
            parsers[name] = _cached(code_of(name))
        elif name in CHOICES:
            parsers[name] = _cached(choice_of(name))
        elif name in mapping_mod.COORDINATE_FIELDS:
            parsers[name] = location.parse_coordinate
        else:
            parsers[name] = text_of(name)
    return parsers


def _cached(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Files repeat their dates, categories and choices: parse each distinct cell once."""
    memo: dict[Any, Any] = {}

    def parse_once(raw: Any) -> Any:
        key = (type(raw), raw)
        try:
            hit = memo[key]
        except KeyError:
            try:
                hit = memo[key] = (True, parse(raw))
            except ValueError as exc:
                hit = memo[key] = (False, exc)
        except TypeError:  # unhashable cell
            return parse(raw)
        if hit[0]:
            return hit[1]
        raise hit[1]

    return parse_once


def _parse_rows(table: Table, spec: Mapping, bound: dict[str, int], errors: _Errors, codes: Codes) -> list[_Row]:
    parsed: list[_Row] = []
    seen_ids: dict[str, int] = {}
    parsers = _parsers(spec, codes)
    active = [
        (name, bound.get(name, -1), spec.defaults.get(name), parsers[name])
        for name in mapping_mod.FIELDS
        if name in bound or name in spec.defaults
    ]
    for number, cells in table.rows:
        row = _Row(number)
        values = row.values
        width = len(cells)
        for name, index, default, parse in active:
            raw = cells[index] if 0 <= index < width else None
            if raw is None or raw == "" or (type(raw) is str and not raw.strip()):
                raw = default
                if raw is None or raw == "":
                    continue
            try:
                values[name] = parse(raw)
            except ValueError as exc:
                message = str(exc)
                if name in mapping_mod.COORDINATE_FIELDS:
                    message = _("Koordinat «%(value)s» bukan bilangan.") % {"value": _text(raw)}
                    values[BAD_POINT] = True
                errors.add(row, name, message)
        _check_row(row, values, errors, seen_ids)
        parsed.append(row)
    return parsed


def _check_row(row: _Row, values: dict[str, Any], errors: _Errors, seen_ids: dict[str, int]) -> None:
    external_id = values.get("external_id", "")
    if external_id:
        if len(external_id) > 120:
            errors.add(row, "external_id", _("ID eksternal terlalu panjang (paling banyak 120 karakter)."))
        elif external_id in seen_ids:
            errors.add(
                row,
                "external_id",
                _("ID eksternal «%(id)s» sudah dipakai di baris %(row)d berkas ini.")
                % {"id": external_id, "row": seen_ids[external_id]},
            )
        else:
            seen_ids[external_id] = row.number
    if "category" not in values and not row.failed:
        errors.add(row, "category", _("Kategori wajib diisi."))
    if "occurred_on" not in values and not row.failed:
        errors.add(row, "occurred_on", _("Tanggal kejadian wajib diisi."))
    lat, lon = values.get("latitude"), values.get("longitude")
    if values.pop(BAD_POINT, False):
        values.pop("latitude", None)
        values.pop("longitude", None)
    elif (lat is None) != (lon is None):
        errors.add(row, "latitude", _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
        values.pop("latitude", None)
        values.pop("longitude", None)
    elif lat is not None and lon is not None and not location.in_indonesia(float(lat), float(lon)):
        errors.add(row, "latitude", _("Koordinat berada di luar wilayah Indonesia."))
        values.pop("latitude", None)
        values.pop("longitude", None)


def _resolve_regions(rows: list[_Row], spec: Mapping, errors: _Errors, resolver: RegionResolver) -> None:
    from waspada.regions.geo import regions_at

    by_code = resolver.by_codes({r.values["region_code"] for r in rows if r.values.get("region_code")})
    by_name: dict[tuple[str, str], Region | str] = {}
    with_point = [r for r in rows if r.values.get("latitude") is not None]
    points = regions_at([(float(r.values["latitude"]), float(r.values["longitude"])) for r in with_point])
    for row, found in zip(with_point, points, strict=True):
        row.point_kabkota = found
    for row in rows:
        values = row.values
        given: Region | str | None = None
        column = "region_code"
        if values.get("region_code"):
            given = by_code[values["region_code"]]
        elif values.get("region_name"):
            column = "region_name"
            key = (values["region_name"], values.get("province_name", ""))
            if key not in by_name:
                by_name[key] = resolver.by_name(*key)
            given = by_name[key]
        if isinstance(given, str):
            errors.add(row, column, given)
            continue
        point = row.point_kabkota
        if given is not None and point is not None and given.kabkota_id != point.pk:
            chosen = resolver.kabkota(given) or given
            errors.add(
                row,
                "latitude",
                _("Titik koordinat berada di %(found)s, bukan di %(chosen)s.")
                % {"found": point.name, "chosen": chosen.name},
            )
            continue
        row.region = given or point
        if row.region is None and not row.failed:
            if values.get("latitude") is not None:
                errors.add(
                    row,
                    "latitude",
                    _("Titik koordinat tidak berada di kabupaten/kota mana pun (laut, atau batas belum diimpor)."),
                )
            else:
                errors.add(row, "region", _("Wilayah kejadian tidak diisi."))


def _validate_rows(rows: list[_Row], errors: _Errors, now: datetime) -> None:
    """The rules of ``services.validate`` that a parsed row can still break (the rest — codes,
    counts, choices, coordinates — were checked while parsing), without its per-row cost."""
    today = {zone: to_local(now, zone).date() for zone in Region.TimeZone.values}
    levels = services.INCIDENT_REGION_LEVELS
    for row in rows:
        region = row.region
        if row.failed or region is None:
            continue
        values = row.values
        if region.level not in levels or region.kabkota_id is None:
            errors.add(row, "region", _("Pilih kabupaten/kota, kecamatan atau desa/kelurahan tempat kejadian."))
            continue
        local_today = today.get(region.timezone) or today["WIB"]
        occurred = values["occurred_on"]
        if occurred > local_today:
            errors.add(row, "occurred_on", _("Tanggal kejadian tidak boleh di masa depan."))
        reported = values.get("reported_on")
        if reported is not None:
            if reported > local_today:
                errors.add(row, "reported_on", _("Tanggal dilaporkan tidak boleh di masa depan."))
            elif values.get("date_precision", Incident.DatePrecision.DAY) == Incident.DatePrecision.DAY and (
                reported < occurred
            ):
                errors.add(row, "reported_on", _("Tanggal dilaporkan tidak boleh sebelum tanggal kejadian."))


def _title(values: dict[str, Any], region: Region, resolver: RegionResolver) -> str:
    title = values.get("title", "")
    if not title:
        kabkota = resolver.kabkota(region) or region
        title = f"{values['category'].name} — {kabkota.name}"
    return title if len(title) <= 200 else title[:199] + "…"


def _assign(incident: Incident, row: _Row, spec: Mapping, resolver: RegionResolver) -> None:
    values = row.values
    region = row.region
    assert region is not None
    incident.region_id = region.pk
    incident.province_id = region.province_id
    incident.kabkota_id = region.kabkota_id
    incident.point_kabkota_id = row.point_kabkota.pk if row.point_kabkota else None
    incident.occurred_on = values["occurred_on"]
    incident.week_start = week_start_of(incident.occurred_on)
    incident.category_id = values["category"].pk
    if incident.pk is None or spec.provides("title"):
        incident.title = _title(values, region, resolver)
    if incident.pk is None or spec.provides("reported_on"):
        incident.reported_on = values.get("reported_on") or incident.occurred_on
    for name in ("conflict_source", "snpk_type", "acled_event_type"):
        if spec.provides(name):
            code = values.get(name)
            setattr(incident, f"{name}_id", code.pk if code else None)
    for name in Incident.IMPACT_FIELDS:
        if spec.provides(name) or incident.pk is None:
            setattr(incident, name, values.get(name, 0))
    for name in ("narrative", "location_detail", "latitude", "longitude", *CHOICES):
        if name != "source_kind" and spec.provides(name):
            default = None if name in ("latitude", "longitude") else ""
            value = values.get(name, default)
            if name in ("date_precision", "geo_precision", "classification") and not value:
                value = getattr(Incident, name).field.default
            setattr(incident, name, value)


def _update_fields(spec: Mapping) -> list[str]:
    names = [
        "region",
        "province",
        "kabkota",
        "point_kabkota",
        "occurred_on",
        "week_start",
        "category",
        "version",
        "updated_by",
        "updated_at",
    ]
    optional = ["title", "reported_on", "conflict_source", "snpk_type", "acled_event_type", *Incident.IMPACT_FIELDS]
    optional += ["narrative", "location_detail", "latitude", "longitude", *[c for c in CHOICES if c != "source_kind"]]
    return names + [n for n in optional if spec.provides(n)]


def _sources(incidents: list[tuple[Any, _Row]], existing: set[tuple[int, str]]) -> list[dict[str, Any]]:
    out = []
    for incident, row in incidents:
        name = row.values.get("source_name", "")
        if not name or (incident.pk, name) in existing:
            continue
        out.append(
            {
                "incident_id": incident.pk,
                "kind": row.values.get("source_kind") or IncidentSource.Kind.MEDIA,
                "name": name,
                "url": row.values.get("source_url", ""),
            }
        )
    return out


class _Draft:
    """A new incident's column values (``attname`` → value) before the insert: ``_assign`` fills
    it like an ``Incident`` without the cost of a model instance per row."""

    pk: Any = None

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)
        self.public_id = uuid.uuid4()

    def __getattr__(self, name: str) -> Any:  # only for attributes never set
        raise AttributeError(name)


# Column types whose Python values every backend takes as they are.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "CharField",
    "TextField",
    "SlugField",
    "URLField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
    "BooleanField",
}


class _Inserter:
    """Plain multi-row inserts (``executemany`` of one prepared INSERT): ``bulk_create`` compiles
    SQL per batch of a few dozen rows on SQLite (999 parameters), too slow for 100k rows.
    Values are prepared by each field as Django would; missing ones take the field's default."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if f.has_default() and not callable(f.default):
                self.defaults[f.attname] = f.get_default()
            elif f.has_default():
                self.defaults[f.attname] = None  # callable defaults (public_id) are set by the caller
            else:
                self.defaults[f.attname] = "" if f.empty_strings_allowed and not f.null else None
        self.prepare = [self._preparer(f) for f in self.fields]
        quote = self.connection.ops.quote_name
        # Identifiers come from the model's meta, quoted; values travel as parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in self.fields),
            ", ".join(["%s"] * len(self.fields)),
        )

    def _preparer(self, field: Any) -> Callable[[Any], Any] | None:
        if field.get_internal_type() in _PLAIN_TYPES:
            return None
        connection = self.connection
        memo: dict[Any, Any] = {}

        def prepare(value: Any) -> Any:
            if value is None:
                return None
            try:
                return memo[value]
            except KeyError:
                prepared = memo[value] = field.get_db_prep_save(value, connection)
                return prepared
            except TypeError:
                return field.get_db_prep_save(value, connection)

        return (
            prepare
            if field.get_internal_type() in ("DateField", "DateTimeField")
            else (lambda value: None if value is None else field.get_db_prep_save(value, connection))
        )

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = [f.attname for f in self.fields]
        if self.connection.vendor == "postgresql":
            self._copy(rows, names)
            return
        prepared = [(i, prepare) for i, prepare in enumerate(self.prepare) if prepare is not None]
        params = []
        for values in rows:
            # The defaults overlaid with the row's values, in column order; then the few columns
            # that need preparing (dates, decimals, UUIDs).
            merged = {**self.defaults, **values}
            cells = [merged[name] for name in names]
            for i, prepare in prepared:
                cells[i] = prepare(cells[i])
            params.append(cells)
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, params)  # SQLite is in-process: one prepared statement

    def _copy(self, rows: list[dict[str, Any]], names: list[str]) -> None:
        """PostgreSQL: COPY … FROM STDIN (psycopg adapts dates, decimals and UUIDs itself);
        executemany would cost a round trip per row."""
        quote = self.connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(self.model._meta.db_table), ", ".join(quote(f.column) for f in self.fields)
        )
        defaults = self.defaults
        self.connection.ensure_connection()
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for values in rows:
                merged = {**defaults, **values}
                copy.write_row([merged[name] for name in names])


def _ids_of(public_ids: list[Any], created_at: datetime) -> dict[Any, int]:
    """The ids the database gave the new incidents. They all carry the import's own
    ``created_at``: one query on it, then (never in practice) by public id for any missing."""
    wanted = set(public_ids)
    found = {
        public_id: pk
        for public_id, pk in Incident.objects.filter(created_at=created_at).values_list("public_id", "id")
        if public_id in wanted
    }
    missing = [p for p in public_ids if p not in found]
    for i in range(0, len(missing), 1000):
        found.update(Incident.objects.filter(public_id__in=missing[i : i + 1000]).values_list("public_id", "id"))
    return found


class _Actor:
    """What the audit event of an import without an ``IncidentImport`` record (the command) is about."""

    _meta = IncidentImport._meta

    def __init__(self, label: str) -> None:
        self.public_id = uuid.uuid4()
        self.pk = None
        self.label = label

    def __str__(self) -> str:
        return _("Impor peristiwa %(name)s") % {"name": self.label}


def import_table(
    table: Table,
    spec: Mapping | dict[str, Any],
    *,
    user: Any = None,
    dry_run: bool = True,
    progress: Progress | None = None,
    now: datetime | None = None,
    record: IncidentImport | None = None,
    label: str = "",
) -> ImportResult:
    """Check (and unless ``dry_run``, write) a read table. ``user`` None is the command line."""
    started = time.monotonic()
    result = ImportResult(dry_run=dry_run)
    report = progress or (lambda percent: None)
    if user is not None and not access.can_import_incidents(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengimpor peristiwa."))
    try:
        mapping = spec if isinstance(spec, Mapping) else mapping_mod.parse(spec)
        bound = mapping.bind(table.headers, table.tags)
    except MappingError as exc:
        result.file_errors.extend(exc.messages)
        return result
    now = now or timezone.now()
    result.rows = len(table.rows)
    errors = _Errors(result, _column_labels(table, bound))
    resolver = RegionResolver(mapping.code_set)
    rows = _parse_rows(table, mapping, bound, errors, Codes())
    report(15)
    _resolve_regions(rows, mapping, errors, resolver)
    report(25)
    _validate_rows(rows, errors, now)
    report(35)
    existing = _existing(mapping, rows)
    for row in rows:
        if row.failed:
            continue
        incident = existing.get(row.values.get("external_id", ""))
        if incident is None:
            result.new += 1
        elif incident.is_counted:
            result.updated += 1
        else:
            result.skipped += 1
    result.errors.sort(key=lambda e: e.row)
    if result.errors or dry_run:
        result.seconds = time.monotonic() - started
        return result
    _write(rows, existing, mapping, resolver, result, user=user, now=now, report=report, record=record, label=label)
    result.seconds = time.monotonic() - started
    return result


def _existing(spec: Mapping, rows: list[_Row]) -> dict[str, Incident]:
    if not spec.external_source:
        return {}
    ids = sorted({r.values["external_id"] for r in rows if r.values.get("external_id") and not r.failed})
    found: dict[str, Incident] = {}
    if not ids or not Incident.objects.filter(external_source=spec.external_source).exists():
        return found  # a first import from this source: nothing to look up
    for i in range(0, len(ids), 1000):
        for incident in Incident.objects.filter(
            external_source=spec.external_source, external_id__in=ids[i : i + 1000]
        ):
            found[incident.external_id] = incident
    return found


def _write(
    rows: list[_Row],
    existing: dict[str, Incident],
    spec: Mapping,
    resolver: RegionResolver,
    result: ImportResult,
    *,
    user: Any,
    now: datetime,
    report: Progress,
    record: IncidentImport | None,
    label: str,
) -> None:
    actor = user if getattr(user, "is_authenticated", False) else None
    actor_id = actor.pk if actor is not None else None
    deltas = rollup.Deltas()
    created: list[tuple[Any, _Row]] = []
    changed: list[tuple[Incident, _Row]] = []
    for row in rows:
        incident = existing.get(row.values.get("external_id", ""))
        if incident is None:
            draft = _Draft(
                created_by_id=actor_id,
                updated_by_id=actor_id,
                created_at=now,
                updated_at=now,
                external_source=spec.external_source if row.values.get("external_id") else "",
                external_id=row.values.get("external_id", ""),
            )
            _assign(draft, row, spec, resolver)  # type: ignore[arg-type]
            created.append((draft, row))
            deltas.add(draft)
            continue
        if not incident.is_counted:
            continue
        deltas.add(incident, -1)  # its cell as it was …
        _assign(incident, row, spec, resolver)
        incident.version += 1
        incident.updated_by = actor
        incident.updated_at = now
        changed.append((incident, row))
        deltas.add(incident)  # … and as it is now
    total = max(1, len(created) + len(changed))
    done = 0
    fields = _update_fields(spec)
    with transaction.atomic():
        inserter = _Inserter(Incident)
        for i in range(0, len(created), BATCH):
            batch = created[i : i + BATCH]
            inserter.insert([vars(draft) for draft, _row in batch])
            done += len(batch)
            report(35 + 55 * done // total)
        for i in range(0, len(changed), BATCH):
            batch = changed[i : i + BATCH]
            Incident.objects.bulk_update([incident for incident, _row in batch], fields)
            done += len(batch)
            report(35 + 55 * done // total)
        if spec.provides("source_name"):
            ids = _ids_of([draft.public_id for draft, _row in created], now)
            for draft, _row in created:
                draft.pk = ids[draft.public_id]
            known = set(
                IncidentSource.objects.filter(incident_id__in=[i.pk for i, _r in changed]).values_list(
                    "incident_id", "name"
                )
            )
            _Inserter(IncidentSource).insert(_sources(created + changed, known))
        report(92)
        result.rollup_cells = rollup.apply(deltas)
        report(98)
        result.new = len(created)
        result.updated = len(changed)
        audit.record(
            actor=actor,
            action="incident.imported",
            obj=record if record is not None else _Actor(label),  # type: ignore[arg-type]
            after={
                "file": label,
                "external_source": spec.external_source,
                "rows": result.rows,
                "new": result.new,
                "updated": result.updated,
                "skipped": result.skipped,
            },
        )
    result.written = True


def run(
    file: str | Path | BinaryIO,
    mapping: Mapping | dict[str, Any],
    user: Any = None,
    dry_run: bool = True,
    *,
    filename: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    record: IncidentImport | None = None,
) -> ImportResult:
    """Import (or with ``dry_run`` only check) a CSV/XLSX file with a mapping (a ``Mapping`` or
    its JSON definition). All or nothing: any row error → nothing written. ``user`` None means
    the command line (no role check); otherwise the user must be allowed to import."""
    name = filename or (str(file) if isinstance(file, (str, Path)) else getattr(file, "name", "")) or ""
    try:
        table = read_table(file, name)
    except ImportFileError as exc:
        if user is not None and not access.can_import_incidents(user):
            raise PermissionDenied(_("Peran Anda tidak berwenang mengimpor peristiwa.")) from None
        return ImportResult(dry_run=dry_run, file_errors=exc.messages)
    return import_table(
        table,
        mapping,
        user=user,
        dry_run=dry_run,
        progress=progress,
        now=now,
        record=record,
        label=Path(name).name,
    )


# --- imports through the pages: upload → dry run → confirm → run (background) -------------------

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".xlsx")


def _require_importer(user: Any) -> None:
    if not access.can_import_incidents(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengimpor peristiwa."))


def check_upload(file: Any) -> list[str]:
    """Why an uploaded file cannot be imported (empty list when it can be tried)."""
    if file is None:
        return [_("Pilih berkas CSV atau XLSX untuk diimpor.")]
    if Path(file.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
        return [_("Jenis berkas tidak didukung; gunakan CSV atau XLSX.")]
    if file.size == 0:
        return [_("Berkas kosong.")]
    if file.size > MAX_UPLOAD_BYTES:
        return [_("Berkas terlalu besar (paling besar 50 MB); pecah menjadi beberapa berkas.")]
    return []


def mapping_save(*, user: Any, name: str, definition: Any) -> ImportMapping:
    """Store a named mapping after checking it (MappingError with the reasons otherwise)."""
    _require_importer(user)
    name = name.strip()
    if not name:
        raise MappingError([_("Nama pemetaan wajib diisi.")])
    if ImportMapping.objects.filter(name__iexact=name).exists():
        raise MappingError([_("Nama pemetaan «%(name)s» sudah dipakai.") % {"name": name}])
    mapping_mod.parse(definition)
    with transaction.atomic():
        saved = ImportMapping.objects.create(name=name[:120], definition=definition, created_by=user)
        audit.record(actor=user, action="incident.import_mapping_created", obj=saved, after={"name": saved.name})
    return saved


def import_request(*, user: Any, file: Any, mapping: ImportMapping) -> IncidentImport:
    """Store the uploaded file and queue its dry run (status ``checking``)."""
    from waspada.incidents.tasks import incident_import

    _require_importer(user)
    with transaction.atomic():
        record = IncidentImport(
            requested_by=user,
            original_name=Path(file.name).name[:255],
            mapping=mapping,
            status=IncidentImport.Status.CHECKING,
        )
        record.file.save(f"{record.public_id}{Path(file.name).suffix.lower()}", file, save=False)
        record.save()
        record_id = record.pk
        transaction.on_commit(lambda: incident_import.enqueue(record_id, False))
    return record


def import_confirm(*, user: Any, record: IncidentImport) -> IncidentImport:
    """Queue the real run of a checked import (status ``running``). Only a clean dry run may run."""
    from waspada.incidents.tasks import incident_import

    _require_importer(user)
    with transaction.atomic():
        updated = IncidentImport.objects.filter(pk=record.pk, status=IncidentImport.Status.CHECKED).update(
            status=IncidentImport.Status.RUNNING, progress=0, updated_at=timezone.now()
        )
        if not updated:
            raise MappingError(
                [_("Impor ini tidak dapat dijalankan: uji coba belum selesai atau masih ada kesalahan.")]
            )
        record_id = record.pk
        transaction.on_commit(lambda: incident_import.enqueue(record_id, True))
    record.refresh_from_db()
    return record


def process(import_id: int, *, confirm: bool) -> IncidentImport | None:
    """The background work of an ``IncidentImport``: its dry run, or (``confirm``) its real run.
    Idempotent: an import not in the expected status is left as it is."""
    import logging

    record = IncidentImport.objects.select_related("mapping", "requested_by").filter(pk=import_id).first()
    expected = IncidentImport.Status.RUNNING if confirm else IncidentImport.Status.CHECKING
    if record is None or record.status != expected:
        return record
    last = {"value": -1}

    def progress(percent: int) -> None:
        value = max(0, min(99, int(percent)))
        if value != last["value"]:
            last["value"] = value
            IncidentImport.objects.filter(pk=import_id).update(progress=value)

    try:
        with record.file.open("rb") as handle:
            result = run(
                cast(BinaryIO, handle),
                record.mapping.definition,
                record.requested_by,
                dry_run=not confirm,
                filename=record.original_name,
                progress=progress,
                record=record,
            )
        if confirm:
            status = IncidentImport.Status.DONE if result.written else IncidentImport.Status.FAILED
        else:
            status = IncidentImport.Status.CHECKED if result.ok else IncidentImport.Status.INVALID
        outcome = result.as_dict()
    except PermissionDenied as exc:
        status, outcome = IncidentImport.Status.FAILED, {"file_errors": [str(exc)], "error_count": 1}
    except Exception:
        logging.getLogger(__name__).exception("incident import %s failed", record.public_id)
        status = IncidentImport.Status.FAILED
        outcome = {"file_errors": [_("Impor gagal karena kesalahan sistem; tidak ada data yang disimpan.")]}
        outcome["error_count"] = 1
    IncidentImport.objects.filter(pk=import_id).update(
        status=status, progress=100, result=outcome, updated_at=timezone.now()
    )
    record.refresh_from_db()
    return record
