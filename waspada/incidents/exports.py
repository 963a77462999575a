"""Exports of the incident register: the incident list as CSV, the list plus recap sheets as
XLSX (XlsxWriter) and the official recap as PDF (WeasyPrint, the house style of the weekly recap).

Requested from the export form (``views/exports.py``) and built in the background
(``incidents.tasks.incident_export``) through ``waspada.core.exports``, which keeps progress, the
file's SHA-256 and the audit trail. The builder re-reads the filters against the requester, so a
file holds exactly what the requester's scope allows when it is built.

The builders are plain functions so that benchmarks can time them:
``build_incident_csv(user, filters, out)``, ``build_incident_xlsx(user, filters, out)`` and
``build_recap_pdf(user, recap_filters, out)``; each writes to a binary file object.

- The **list** (CSV, and the first XLSX sheet) holds the counted incidents — neither deleted nor
  merged into another — in the user's scope that match the list filters (``filters.py``: date of
  occurrence, region subtree, categories, status, casualties, words), oldest first. It is read in
  chunks (an iterator; actors and sources fetched per chunk), never all at once.
- The **recap** (XLSX sheets, PDF) comes from ``incidents.recap`` — the weekly rollup — for a
  period, a region (national, a province or a kabupaten/kota) and categories: it counts the weeks
  whose Monday falls in the period, and it does not know status, casualty or word filters.
"""

from __future__ import annotations

import base64
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from waspada.core.exports import CONTENT_TYPES, Built, HouseWorkbook, Progress, document_hash, export_request, house_pdf
from waspada.core.models import Export
from waspada.core.timezones import format_local, to_local
from waspada.incidents import filters as list_filters
from waspada.incidents import periods, recap_charts
from waspada.incidents import recap as recap_data
from waspada.incidents.filters import BadIncidentFilter, IncidentFilters
from waspada.incidents.models import Incident, IncidentActor, IncidentSource
from waspada.incidents.periods import Period
from waspada.incidents.recap import IMPACTS, Recap, RecapFilters
from waspada.incidents.views.recap import IMPACT_LABELS, change, trend_labels
from waspada.regions.models import Region
from waspada.reports.recap import user_label, user_zone

KIND = "incidents.export"
FORMATS = {"csv": "CSV", "xlsx": "XLSX", "pdf": "PDF"}
RECAP_FORMATS = ("xlsx", "pdf")
LIST_TITLE = gettext_noop("Daftar Peristiwa Konflik Sosial")
RECAP_TITLE = gettext_noop("Rekapitulasi Peristiwa Konflik Sosial")
CSV_TYPE = "text/csv"
XLSX_TYPE = CONTENT_TYPES["xlsx"]
# Rows of the XLSX list sheet at most (a sheet holds 1,048,576); the CSV has no limit.
MAX_XLSX_ROWS = 1_000_000
# Incidents read per database round trip (with their actors and sources).
CHUNK = 2000
# A text cell starting with one of these is prefixed with ' in the CSV: spreadsheet programs
# would otherwise run it as a formula (CSV injection). Numbers are written as numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WEEK_RULE = gettext_noop(
    "Rekap dihitung dari rekap mingguan: sebuah periode menghitung minggu ISO yang hari Seninnya jatuh "
    "di dalam periode. Peristiwa yang dihapus atau digabung ke peristiwa lain tidak dihitung."
)


class BadExport(ValueError):
    """An export that cannot be made as asked; ``messages`` says why, in Indonesian."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


# --- filters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFilters:
    """What an export holds: the list filters and, for XLSX and PDF, the recap's filters."""

    incidents: IncidentFilters
    recap: RecapFilters | None = None

    @property
    def period(self) -> Period | None:
        return self.recap.period if self.recap is not None else None

    def params(self) -> dict[str, Any]:
        """As query parameters that ``parse_export`` reads back."""
        params = self.incidents.as_params()
        if self.recap is not None:
            params.update(self.recap.period.params())
            if self.recap.region is not None:
                params["wilayah"] = self.recap.region.code
        return params

    def described(self) -> list[tuple[str, str]]:
        """(label, value) pairs for the headers: period, region, categories, then list-only filters."""
        if self.recap is None:
            return self.incidents.described() or [(_("Filter"), _("Tidak ada (semua peristiwa dalam cakupan)"))]
        out = recap_described(self.recap, self.incidents.categories)
        f = self.incidents
        list_only = IncidentFilters(statuses=f.statuses, casualties=f.casualties, query=f.query)
        for label, value in list_only.described():
            out.append((_("%(label)s (daftar saja)") % {"label": label}, value))
        return out


def period_text(period: Period) -> str:
    return f"{period.label} ({period.start:%d-%m-%Y} – {period.end:%d-%m-%Y})"


def recap_described(filters: RecapFilters, categories: Iterable[Any] = ()) -> list[tuple[str, str]]:
    region = filters.region
    names = [c.name for c in categories]
    if not names and filters.categories:
        from waspada.incidents.models import IncidentCode

        names = [c.name for c in IncidentCode.objects.filter(pk__in=filters.categories).order_by("order", "name")]
    return [
        (_("Periode"), period_text(filters.period)),
        (_("Wilayah"), f"{region.name} ({region.code})" if region is not None else _("Nasional")),
        (_("Kategori"), ", ".join(names) if names else _("Semua kategori")),
    ]


def today(now: datetime | None = None) -> date:
    """Today where it is first today in Indonesia (WIT), as the recap page counts it."""
    return to_local(now or timezone.now(), "WIT").date()


def _recap_period(params: Mapping[str, Any], f: IncidentFilters, now: datetime | None) -> Period:
    """``periode`` (and ``tanggal`` or ``dari``/``sampai``) as on the recap page; without it a
    ``dari``–``sampai`` range; without either, this month."""
    day = today(now)
    single = {key: list_filters._one(params, key) for key in ("periode", "tanggal", "dari", "sampai")}
    if not single["periode"]:
        if f.start is not None and f.end is not None:
            period = periods.custom(f.start, f.end)
            if period.start > day:
                raise ValueError(_("Periode %(label)s belum dimulai.") % {"label": period.label})
            return period
        if f.start is not None or f.end is not None:
            raise ValueError(_("Untuk rekap, isi tanggal awal dan tanggal akhir, atau pilih periode."))
    return periods.parse(single, day)


def _recap_region(user: Any, region: Region | None) -> Region | None:
    if region is None:
        return recap_data.default_region(user)
    if region.level == Region.Level.PROVINSI or region.level in Region.KABKOTA_LEVELS:
        return region
    raise ValueError(
        _(
            "Rekap (XLSX, PDF) dibuat untuk tingkat nasional, provinsi atau kabupaten/kota; "
            "untuk kecamatan atau desa gunakan CSV."
        )
    )


def parse_export(user: Any, params: Mapping[str, Any], fmt: str, now: datetime | None = None) -> ExportFilters:
    """The filters of an export of format ``fmt``, checked against the user's scope.

    Raises ``BadExport`` (every message, in Indonesian) and ``Http404`` for a region outside the
    scope (or a national recap asked for by a regional user)."""
    errors: list[str] = []
    if fmt not in FORMATS:
        errors.append(_("Format ekspor '%(value)s' tidak dikenal. Pilih CSV, XLSX atau PDF.") % {"value": fmt[:10]})
    try:
        incidents = list_filters.parse(user, params)
    except BadIncidentFilter as exc:
        raise BadExport(errors + exc.messages) from None
    if errors:
        raise BadExport(errors)
    if fmt not in RECAP_FORMATS:
        return ExportFilters(incidents)
    try:
        period = _recap_period(params, incidents, now)
    except ValueError as exc:
        errors.append(str(exc))
    try:
        region = _recap_region(user, incidents.region)
    except ValueError as exc:
        errors.append(str(exc))
    if errors:
        raise BadExport(errors)
    recap_filters = RecapFilters(period=period, region=region, categories=tuple(c.pk for c in incidents.categories))
    recap_data.check_scope(user, region)  # 404 outside the scope
    # The list of a recap export holds the incidents that occurred in the period.
    incidents = replace(incidents, start=period.start, end=period.end, region=region)
    return ExportFilters(incidents, recap_filters)


def filename_for(filters: ExportFilters, fmt: str) -> str:
    f = filters.incidents
    if filters.recap is not None:
        p = filters.recap.period
        parts = ["rekap-peristiwa", p.start.isoformat(), p.end.isoformat()]
        region = filters.recap.region
        parts.append(region.code if region is not None else "nasional")
    else:
        parts = ["peristiwa"]
        if f.region is not None:
            parts.append(f.region.code)
        if f.start is not None:
            parts.append(f"dari-{f.start.isoformat()}")
        if f.end is not None:
            parts.append(f"sampai-{f.end.isoformat()}")
    return "-".join(parts) + f".{fmt}"


def incident_export_request(*, user: Any, filters: ExportFilters, fmt: str) -> Export:
    """Queue a CSV, XLSX or PDF with these (already checked) filters for ``user``."""
    from waspada.incidents.tasks import incident_export

    if fmt not in FORMATS:
        raise BadExport([fmt])
    params = filters.params()
    title = _(RECAP_TITLE) if fmt == "pdf" else _(LIST_TITLE)
    when = filters.period.label if filters.period is not None else ""
    stored = {
        "format": fmt,
        "filters": params,
        "title": " ".join(part for part in (title, when, f"({FORMATS[fmt]})") if part),
        "described": [[str(label), str(value)] for label, value in filters.described()],
        "back_url": reverse("incidents:export") + "?" + urlencode(params, doseq=True),
        "back_label": gettext_noop("Kembali ke ekspor peristiwa"),  # the export page, not a recap
        "zone": user_zone(user),
    }
    region = filters.recap.region if filters.recap is not None else filters.incidents.region
    return export_request(
        user=user,
        kind=KIND,
        params=stored,
        filename=filename_for(filters, fmt),
        task=incident_export,
        region=region,
    )


def build_export(export: Export, progress: Progress) -> Built:
    """The builder ``core.exports.export_run`` calls for an incident export."""
    params = export.params or {}
    fmt = str(params.get("format") or "")
    user = export.requested_by
    now = timezone.now()
    try:
        filters = parse_export(user, params.get("filters") or {}, fmt, now=now)
    except BadExport as exc:
        raise ValidationError(exc.messages) from None
    except Http404:
        raise ValidationError(_("Wilayah ekspor ini tidak lagi berada dalam cakupan Anda.")) from None
    progress(2)
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as out:
        extra: dict[str, Any] = {}
        if fmt == "csv":
            extra["rows"] = build_incident_csv(user, filters.incidents, out, progress=progress)
        elif fmt == "xlsx":
            extra["rows"] = build_incident_xlsx(user, filters, out, now=now, progress=progress)
        else:
            assert filters.recap is not None
            extra["data_sha256"] = build_recap_pdf(user, filters.recap, out, now=now, progress=progress)
        out.seek(0)
        content = out.read()
    return Built(content, filename_for(filters, fmt), extra)


# --- the incident list -------------------------------------------------------------------------------


LIST_FIELDS = (
    "id",
    "public_id",
    "title",
    "occurred_on",
    "date_precision",
    "week_start",
    "reported_on",
    "province__code",
    "province__name",
    "kabkota__code",
    "kabkota__name",
    "kabkota_id",
    "region__code",
    "region__name",
    "location_detail",
    "latitude",
    "longitude",
    "geo_precision",
    "point_kabkota_id",
    "point_kabkota__code",
    "category__name",
    "conflict_source__name",
    "snpk_type__name",
    "acled_event_type__name",
    "killed",
    "injured",
    "sexual_violence",
    "buildings_damaged",
    "displaced",
    "handling_stage",
    "status",
    "classification",
    "narrative",
    "updated_at",
)


def list_columns() -> list[str]:
    return [
        _("ID"),
        _("Judul"),
        _("Tanggal kejadian"),
        _("Ketepatan tanggal"),
        _("Minggu ISO"),
        _("Tanggal dilaporkan"),
        _("Kode provinsi"),
        _("Provinsi"),
        _("Kode kabupaten/kota"),
        _("Kabupaten/kota"),
        _("Kode wilayah"),
        _("Wilayah"),
        _("Rincian lokasi"),
        _("Lintang"),
        _("Bujur"),
        _("Ketepatan lokasi"),
        _("Titik di kabupaten/kota lain"),
        _("Kategori"),
        _("Sumber konflik"),
        _("Jenis SNPK"),
        _("Jenis peristiwa ACLED"),
        _("Meninggal"),
        _("Luka-luka"),
        _("Kekerasan seksual"),
        _("Bangunan rusak"),
        _("Mengungsi"),
        _("Tahap penanganan"),
        _("Status"),
        _("Klasifikasi"),
        _("Aktor"),
        _("Sumber"),
        _("Uraian"),
        _("Diperbarui"),
    ]


def list_queryset(user: Any, filters: IncidentFilters) -> Any:
    """The counted incidents in scope that match, oldest first."""
    return filters.apply(Incident.objects.visible_to(user).alive()).order_by("occurred_on", "id")


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def incident_rows(user: Any, filters: IncidentFilters, zone: str = "WIB") -> Iterator[list[Any]]:
    """One typed row per incident (str, int, Decimal, date or None), in ``list_columns`` order.

    Streams: incidents are read ``CHUNK`` at a time, and each chunk's actors and sources in one
    query each, so memory stays flat whatever the number of rows."""
    labels = {
        "date_precision": {k: str(v) for k, v in Incident.DatePrecision.choices},
        "geo_precision": {k: str(v) for k, v in Incident.GeoPrecision.choices},
        "handling_stage": {k: str(v) for k, v in Incident.HandlingStage.choices},
        "status": {k: str(v) for k, v in Incident.Status.choices},
        "classification": {k: str(v) for k, v in Incident.Classification.choices},
        "source_kind": {k: str(v) for k, v in IncidentSource.Kind.choices},
    }
    yes, no = _("Ya"), _("Tidak")
    rows = list_queryset(user, filters).values_list(*LIST_FIELDS).iterator(chunk_size=CHUNK)
    for batch in _chunks(rows, CHUNK):
        ids = [r[0] for r in batch]
        actors: dict[int, list[str]] = {}
        for incident_id, name, kind in (
            IncidentActor.objects.filter(incident_id__in=ids)
            .order_by("incident_id", "id")
            .values_list("incident_id", "name", "actor_type__name")
        ):
            actors.setdefault(incident_id, []).append(f"{name} ({kind})")
        sources: dict[int, list[str]] = {}
        for incident_id, kind, name, url, published in (
            IncidentSource.objects.filter(incident_id__in=ids)
            .order_by("incident_id", "published_on", "id")
            .values_list("incident_id", "kind", "name", "url", "published_on")
        ):
            detail = ", ".join(
                part
                for part in (labels["source_kind"].get(kind, kind), published.strftime("%d-%m-%Y") if published else "")
                if part
            )
            text = f"{name} ({detail})" + (f" {url}" if url else "")
            sources.setdefault(incident_id, []).append(text)
        for r in batch:
            v = dict(zip(LIST_FIELDS, r, strict=True))
            iso = v["week_start"].isocalendar()
            mismatch = v["point_kabkota_id"] is not None and v["point_kabkota_id"] != v["kabkota_id"]
            yield [
                str(v["public_id"]),
                v["title"],
                v["occurred_on"],
                labels["date_precision"].get(v["date_precision"], v["date_precision"]),
                f"{iso.year}-W{iso.week:02d}",
                v["reported_on"],
                v["province__code"],
                v["province__name"],
                v["kabkota__code"],
                v["kabkota__name"],
                v["region__code"],
                v["region__name"],
                v["location_detail"],
                v["latitude"],
                v["longitude"],
                labels["geo_precision"].get(v["geo_precision"], v["geo_precision"]),
                (f"{yes} ({v['point_kabkota__code']})" if mismatch else no)
                if v["point_kabkota_id"] is not None
                else "",
                v["category__name"],
                v["conflict_source__name"],
                v["snpk_type__name"],
                v["acled_event_type__name"],
                v["killed"],
                v["injured"],
                v["sexual_violence"],
                v["buildings_damaged"],
                v["displaced"],
                labels["handling_stage"].get(v["handling_stage"], v["handling_stage"]),
                labels["status"].get(v["status"], v["status"]),
                labels["classification"].get(v["classification"], v["classification"]),
                "; ".join(actors.get(v["id"], [])),
                "; ".join(sources.get(v["id"], [])),
                v["narrative"],
                format_local(v["updated_at"], zone) if v["updated_at"] else None,
            ]


def safe_text(text: str) -> str:
    """A text cell that a spreadsheet program will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, (int, Decimal)):
        return str(value)  # a number, never a formula (a negative latitude stays a number)
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def _progress_every(progress: Progress | None, total: int, start: int, span: int) -> Any:
    def tick(n: int) -> None:
        if progress and total and n % 1000 == 0:
            progress(start + int(span * n / total))

    return tick


def build_incident_csv(
    user: Any,
    filters: IncidentFilters,
    out: IO[bytes],
    *,
    zone: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the incident list as CSV (UTF-8 with a byte-order mark so that spreadsheet programs
    read it as UTF-8, comma-separated, one header row) to the binary file ``out``; returns the
    number of incidents written. Dates are ``YYYY-MM-DD``, numbers plain (``-6.914700``)."""
    zone = zone or user_zone(user)
    total = list_queryset(user, filters).count() if progress else 0
    tick = _progress_every(progress, total, 5, 90)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(list_columns())
        n = 0
        for row in incident_rows(user, filters, zone):
            writer.writerow([csv_cell(v) for v in row])
            n += 1
            tick(n)
        text.flush()
    finally:
        text.detach()  # leave ``out`` open for the caller
    return n


# --- XLSX ------------------------------------------------------------------------------------------------


class _Sheet:
    """A worksheet written top to bottom (XlsxWriter's constant-memory mode needs row order)."""

    def __init__(self, book: Any, name: str, formats: dict[str, Any]) -> None:
        self.sheet = book.add_worksheet(name)
        self.formats = formats
        self.row = 0

    def header(self, title: str, lines: list[tuple[str, str]]) -> None:
        f = self.formats
        self.sheet.write_string(self.row, 0, settings.WASPADA_AGENCY_NAME, f["bold"])
        self.row += 1
        self.sheet.write_string(self.row, 0, title, f["title"])
        self.row += 1
        for label, value in lines:
            self.sheet.write_string(self.row, 0, label, f["bold"])
            if value:
                self.sheet.write_string(self.row, 1, value)
            self.row += 1
        self.row += 1

    def note(self, text: str) -> None:
        self.sheet.write_string(self.row, 0, text, self.formats["note"])
        self.row += 1

    def columns(self, names: list[str]) -> int:
        self.sheet.set_row(self.row, 32)
        for col, name in enumerate(names):
            self.sheet.write_string(self.row, col, name, self.formats["head"])
        at = self.row
        self.row += 1
        return at

    def values(self, values: list[Any], bold: bool = False) -> None:
        f = self.formats
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                self.sheet.write_string(self.row, col, _("Ya") if value else _("Tidak"))
            elif isinstance(value, int):
                self.sheet.write_number(self.row, col, value, f["bold"] if bold else None)
            elif isinstance(value, (float, Decimal)):
                self.sheet.write_number(self.row, col, float(value), f["decimal"])
            elif isinstance(value, date):
                self.sheet.write_datetime(self.row, col, datetime(value.year, value.month, value.day), f["date"])
            elif isinstance(value, Percent):
                self.sheet.write_number(self.row, col, value.fraction, f["percent"])
            else:
                self.sheet.write_string(self.row, col, str(value), f["bold"] if bold else None)
        self.row += 1


@dataclass(frozen=True)
class Percent:
    fraction: float


def _percent(current: int, before: int) -> Percent | None:
    return None if before == 0 else Percent((current - before) / before)


def _formats(house: HouseWorkbook) -> dict[str, Any]:
    """The house formats (the heading wrapped) and this workbook's own."""
    book = house.book
    return {
        "bold": house.bold,
        "title": house.title,
        "head": house.head,
        "note": book.add_format({"italic": True, "font_color": "#555555"}),
        "decimal": book.add_format({"num_format": "0.000000"}),
        "date": book.add_format({"num_format": "dd-mm-yyyy"}),
        "percent": book.add_format({"num_format": "+0.0%;-0.0%;0.0%"}),
    }


def build_incident_xlsx(
    user: Any,
    filters: ExportFilters,
    out: IO[bytes],
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the XLSX to ``out``: the incident list sheet, then — when ``filters.recap`` is set —
    the recap sheets (region × category, impacts, comparison, trend, top kabupaten/kota), each
    with the header block (agency, title, filters, generated at with zone, generated by).
    Returns the number of incidents on the list sheet."""
    moment = now or timezone.now()
    zone = user_zone(user)
    generated = [(_("Dibuat"), format_local(moment, zone)), (_("Dibuat oleh"), user_label(user))]
    described = filters.described()
    total = list_queryset(user, filters.incidents).count()
    shown = min(total, MAX_XLSX_ROWS)
    house = HouseWorkbook(
        out,
        options={
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
        wrap_head=True,
    )
    book = house.book
    book.set_properties({"title": _(LIST_TITLE), "author": user_label(user), "company": settings.WASPADA_AGENCY_NAME})
    formats = _formats(house)

    sheet = _Sheet(book, _("Daftar peristiwa"), formats)
    sheet.header(_(LIST_TITLE), [*described, *generated, (_("Jumlah peristiwa"), f"{total:,}".replace(",", "."))])
    if total > shown:
        sheet.note(
            _("Daftar dipotong pada %(n)s baris; gunakan ekspor CSV untuk semua peristiwa.")
            % {"n": f"{shown:,}".replace(",", ".")}
        )
    columns = list_columns()
    header_row = sheet.columns(columns)
    tick = _progress_every(progress, total, 5, 70 if filters.recap is not None else 90)
    n = 0
    for row in incident_rows(user, filters.incidents, zone):
        if n >= shown:
            break
        sheet.values(row)
        n += 1
        tick(n)
    ws = sheet.sheet
    ws.freeze_panes(header_row + 1, 2)
    ws.autofilter(header_row, 0, max(sheet.row - 1, header_row), len(columns) - 1)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 5, 13)
    ws.set_column(6, 15, 16)
    ws.set_column(16, 28, 14)
    ws.set_column(29, 31, 40)
    ws.set_column(32, 32, 20)

    if filters.recap is not None:
        result = recap_data.recap(user, filters.recap)
        if progress:
            progress(80)
        _recap_sheets(book, formats, result, described, generated)
    house.close()
    if progress:
        progress(98)
    return n


def _level_label(result: Recap) -> str:
    return _("Provinsi") if result.filters.region is None else _("Kabupaten/kota")


def _recap_sheets(
    book: Any,
    formats: dict[str, Any],
    result: Recap,
    described: list[tuple[str, str]],
    generated: list[tuple[str, str]],
) -> None:
    title = _(RECAP_TITLE)
    head = [*described, *generated]
    rule = _(WEEK_RULE)

    s = _Sheet(book, _("Wilayah × kategori"), formats)
    s.header(f"{title}: {_('peristiwa per wilayah dan kategori')}", head)
    s.note(rule)
    at = s.columns([_("Kode"), _level_label(result), *[c.name for c in result.categories], _("Jumlah")])
    for row in result.rows:
        s.values(
            [
                row.region.code,
                row.region.name,
                *[row.by_category.get(c.pk, 0) for c in result.categories],
                row.totals["incidents"],
            ]
        )
    s.values(
        ["", _("Jumlah"), *[result.by_category.get(c.pk, 0) for c in result.categories], result.totals["incidents"]],
        bold=True,
    )
    s.sheet.freeze_panes(at + 1, 2)
    s.sheet.set_column(0, 0, 9)
    s.sheet.set_column(1, 1, 28)
    s.sheet.set_column(2, len(result.categories) + 2, 14)

    s = _Sheet(book, _("Dampak"), formats)
    s.header(f"{title}: {_('dampak per wilayah')}", head)
    s.note(rule)
    at = s.columns([_("Kode"), _level_label(result), *[str(IMPACT_LABELS[k]) for k in IMPACTS]])
    for row in result.rows:
        s.values([row.region.code, row.region.name, *[row.totals[k] for k in IMPACTS]])
    s.values(["", _("Jumlah"), *[result.totals[k] for k in IMPACTS]], bold=True)
    s.sheet.freeze_panes(at + 1, 2)
    s.sheet.set_column(0, 0, 9)
    s.sheet.set_column(1, 1, 28)
    s.sheet.set_column(2, len(IMPACTS) + 1, 14)

    s = _Sheet(book, _("Perbandingan"), formats)
    s.header(f"{title}: {_('perbandingan')}", head)
    previous = result.previous_period
    earlier = result.year_earlier_period
    s.note(
        _("Periode sebelumnya: %(previous)s. Setahun sebelumnya: %(earlier)s.")
        % {
            "previous": period_text(previous) if previous else "—",
            "earlier": period_text(earlier) if earlier else "—",
        }
    )
    s.columns(
        [
            _("Ukuran"),
            _("Periode ini"),
            _("Periode sebelumnya"),
            _("Selisih"),
            _("Perubahan"),
            _("Setahun sebelumnya"),
            _("Selisih"),
            _("Perubahan"),
        ]
    )
    for k in IMPACTS:
        now_value, before, year = result.totals[k], result.previous_totals[k], result.year_earlier_totals[k]
        s.values(
            [
                str(IMPACT_LABELS[k]),
                now_value,
                before,
                now_value - before,
                _percent(now_value, before),
                year,
                now_value - year,
                _percent(now_value, year),
            ]
        )
    s.sheet.set_column(0, 0, 26)
    s.sheet.set_column(1, 7, 16)

    s = _Sheet(book, _("Tren"), formats)
    s.header(f"{title}: {_('tren')}", head)
    s.note(_("Peristiwa per bulan (minggu ke bulan hari Seninnya).") if result.monthly else _("Peristiwa per minggu."))
    s.columns([_("Mulai"), _("Periode"), _("Peristiwa")])
    for (start, n), (_short, full) in zip(result.trend, trend_labels(result.trend, result.monthly), strict=True):
        s.values([start, full, n])
    s.sheet.set_column(0, 0, 13)
    s.sheet.set_column(1, 1, 30)
    s.sheet.set_column(2, 2, 12)

    s = _Sheet(book, _("Wilayah teratas"), formats)
    s.header(f"{title}: {_('kabupaten/kota dengan peristiwa terbanyak')}", head)
    s.columns([_("Peringkat"), _("Kode"), _("Kabupaten/kota"), *[str(IMPACT_LABELS[k]) for k in IMPACTS]])
    for rank, row in enumerate(result.top_regions, start=1):
        s.values([rank, row.region.code, row.region.name, *[row.totals[k] for k in IMPACTS]])
    s.sheet.set_column(0, 1, 10)
    s.sheet.set_column(2, 2, 28)
    s.sheet.set_column(3, len(IMPACTS) + 2, 14)


# --- PDF ---------------------------------------------------------------------------------------------------


def recap_document_data(
    result: Recap, described: list[tuple[str, str]], generated_at: str, generated_by: str
) -> dict[str, Any]:
    """Everything the PDF prints, as plain JSON: its SHA-256 is the data hash in the footer."""
    return {
        "judul": "Rekapitulasi Peristiwa Konflik Sosial",
        "periode": period_text(result.filters.period),
        "filter": [[label, value] for label, value in described],
        "dibuat": generated_at,
        "oleh": generated_by,
        "kategori": [c.code for c in result.categories],
        "wilayah": [
            {
                "kode": row.region.code,
                "kategori": [row.by_category.get(c.pk, 0) for c in result.categories],
                "dampak": [row.totals[k] for k in IMPACTS],
            }
            for row in result.rows
        ],
        "jumlah": [result.totals[k] for k in IMPACTS],
        "jumlah_kategori": [result.by_category.get(c.pk, 0) for c in result.categories],
        "sebelumnya": [result.previous_totals[k] for k in IMPACTS],
        "setahun_sebelumnya": [result.year_earlier_totals[k] for k in IMPACTS],
        "tren": [[start.isoformat(), n] for start, n in result.trend],
        "teratas": [
            {"kode": row.region.code, "dampak": [row.totals[k] for k in IMPACTS]} for row in result.top_regions
        ],
    }


def _comparison(result: Recap) -> list[dict[str, Any]]:
    rows = []
    for k in IMPACTS:
        now_value, before, year = result.totals[k], result.previous_totals[k], result.year_earlier_totals[k]
        previous_diff, previous_pct = change(now_value, before)
        year_diff, year_pct = change(now_value, year)
        rows.append(
            {
                "label": IMPACT_LABELS[k],
                "current": now_value,
                "previous": before,
                "previous_diff": previous_diff,
                "previous_pct": previous_pct,
                "year_earlier": year,
                "year_diff": year_diff,
                "year_pct": year_pct,
            }
        )
    return rows


def _trend_image(result: Recap) -> str:
    where = result.filters.region.name if result.filters.region is not None else _("Nasional")
    unit = _("per bulan") if result.monthly else _("per minggu")
    labels = trend_labels(result.trend, result.monthly)
    svg = recap_charts.trend_svg(
        [short for short, _full in labels],
        [n for _start, n in result.trend],
        title=_("Peristiwa %(unit)s, %(where)s") % {"unit": unit, "where": where},
        width=6.2,
        height=2.6,
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def build_recap_pdf(
    user: Any,
    filters: RecapFilters,
    out: IO[bytes],
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> str:
    """Write the official recap as PDF (A4 landscape, the weekly recap's house style) to ``out``;
    returns the SHA-256 of the data it prints.

    A file cannot contain its own hash: the footer of every page prints the hash of the
    document's data (``recap_document_data``), and the export keeps the file's hash."""
    moment = now or timezone.now()
    zone = user_zone(user)
    generated_at = format_local(moment, zone)
    generated_by = user_label(user)
    result = recap_data.recap(user, filters)
    if progress:
        progress(30)
    described = recap_described(filters, result.categories if filters.categories else ())
    document = recap_document_data(result, described, generated_at, generated_by)
    data_hash = document_hash(document)
    labels = trend_labels(result.trend, result.monthly)
    if progress:
        progress(50)
    pdf = house_pdf(
        "incidents/pdf/recap.html",
        {
            "agency": settings.WASPADA_AGENCY_NAME,
            "title": _(RECAP_TITLE),
            "recap": result,
            "period": period_text(filters.period),
            # The period has its own line under the title; the table holds the other filters.
            "described": described[1:],
            "generated_at": generated_at,
            "generated_by": generated_by,
            "data_hash": data_hash,
            "level_label": _level_label(result),
            "impact_labels": [IMPACT_LABELS[k] for k in IMPACTS],
            "rows": [
                {
                    "region": row.region,
                    "cells": [row.by_category.get(c.pk, 0) for c in result.categories],
                    "impacts": [row.totals[k] for k in IMPACTS],
                }
                for row in result.rows
            ],
            "category_totals": [result.by_category.get(c.pk, 0) for c in result.categories],
            "totals": [result.totals[k] for k in IMPACTS],
            "comparison": _comparison(result),
            "previous_period": period_text(result.previous_period) if result.previous_period else "—",
            "year_earlier_period": period_text(result.year_earlier_period) if result.year_earlier_period else "—",
            "trend_image": _trend_image(result),
            "trend_rows": [(full, n) for (_short, full), (_start, n) in zip(labels, result.trend, strict=True)],
            "top": [{"region": row.region, "impacts": [row.totals[k] for k in IMPACTS]} for row in result.top_regions],
            "week_rule": _(WEEK_RULE),
        },
    )
    out.write(pdf)
    if progress:
        progress(95)
    return data_hash
