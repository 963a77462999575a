"""Official exports of the national weekly recap: XLSX (XlsxWriter) and PDF (WeasyPrint).

Requested from the recap page, built in the background (``reports.tasks.recap_export``) through
``waspada.core.exports``. The builder re-reads the filters against the requester, so the file
holds exactly what the requester's scope allows at build time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from waspada.core.exports import CONTENT_TYPES, Built, HouseWorkbook, Progress, document_hash, export_request, house_pdf
from waspada.core.models import Export
from waspada.core.timezones import format_local
from waspada.reports import recap
from waspada.reports.recap import ExportData, Filters

FORMATS = {"xlsx": "XLSX", "pdf": "PDF"}
KIND = "reports.recap"
TITLE = gettext_noop("Rekapitulasi Laporan Situasi Mingguan")
XLSX_TYPE = CONTENT_TYPES["xlsx"]
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class BadFormat(ValueError):
    pass


def filename_for(filters: Filters, fmt: str) -> str:
    parts = ["rekap-lapsit", filters.week.key]
    if filters.province_code:
        parts.append(filters.province_code)
    if filters.section:
        parts.append(filters.section)
    return "-".join(parts) + f".{fmt}"


def recap_export_request(*, user: Any, filters: Filters, fmt: str) -> Export:
    """Queue an XLSX or PDF of the recap with these (already checked) filters for ``user``."""
    from waspada.reports.tasks import recap_export

    if fmt not in FORMATS:
        raise BadFormat(fmt)
    query = urlencode({k: v for k, v in filters.as_params().items() if v and k != "tingkat"})
    params = {
        "format": fmt,
        "filters": filters.as_params(),
        "title": f"{_(TITLE)} {filters.week.key} ({FORMATS[fmt]})",
        "described": [[str(label), str(value)] for label, value in filters.described()],
        "back_url": reverse("reports:recap") + (f"?{query}" if query else ""),
        "zone": recap.user_zone(user),
    }
    return export_request(user=user, kind=KIND, params=params, filename=filename_for(filters, fmt), task=recap_export)


def build_recap_export(export: Export, progress: Progress) -> Built:
    """The builder ``core.exports.export_run`` calls for a recap export."""
    params = export.params or {}
    fmt = params.get("format")
    user = export.requested_by
    now = timezone.now()
    filters = recap.parse_filters(user, params.get("filters") or {}, now=now)  # BadFilter → failed, in words
    progress(5)
    if fmt == "xlsx":
        content = recap_xlsx(user, filters, now=now, progress=progress)
        return Built(content, filename_for(filters, "xlsx"))
    if fmt == "pdf":
        content, data_hash = recap_pdf(user, filters, now=now, progress=progress)
        return Built(content, filename_for(filters, "pdf"), {"data_sha256": data_hash})
    raise BadFormat(str(fmt))


# --- XLSX --------------------------------------------------------------------------------------


def xlsx_columns(data: ExportData) -> list[str]:
    fixed = [
        _("Kode"),
        _("Nama wilayah"),
        _("Provinsi"),
        _("Zona waktu"),
        _("Status"),
        _("Nihil"),
        _("Pertama dikirim"),
        _("Dikirim"),
        _("Diverifikasi"),
        _("Diterima nasional"),
        _("Ketepatan waktu"),
    ]
    levels = [_("Tingkat: %(section)s") % {"section": s.title} for s in data.sections]
    indicators = [f"{s.title}: {i.label}" for s, i in data.indicators]
    return fixed + levels + indicators


def recap_xlsx(user: Any, filters: Filters, *, now: datetime | None = None, progress: Progress | None = None) -> bytes:
    """One sheet: a header block (agency, title, period, filters, generated at/by), then one row
    per expected region with typed cells (numbers as numbers, times as text with their zone)."""
    moment = now or timezone.now()
    data = recap.export_data(user, filters, now=moment, progress=progress)
    if progress:
        progress(60)
    house = HouseWorkbook(options={"strings_to_numbers": False, "strings_to_urls": False}, wrap_head=True)
    book = house.book
    book.set_properties({"title": _(TITLE), "author": data.generated_by, "company": settings.WASPADA_AGENCY_NAME})
    sheet = book.add_worksheet(filters.week.key)
    bold, title, head = house.bold, house.title, house.head
    decimal = book.add_format({"num_format": "0.0#"})

    header: list[tuple[str, str]] = [
        (settings.WASPADA_AGENCY_NAME, ""),
        (_(TITLE), ""),
        *[(str(label), str(value)) for label, value in filters.described()],
        (_("Dibuat"), format_local(data.generated_at, data.zone)),
        (_("Dibuat oleh"), data.generated_by),
        (_("Jumlah wilayah"), str(len(data.rows))),
    ]
    row = 0
    for n, (label, value) in enumerate(header):
        if n == 1:
            sheet.write_string(row, 0, label, title)
        elif value:
            sheet.write_string(row, 0, label, bold)
            sheet.write_string(row, 1, value)
        else:
            sheet.write_string(row, 0, label, bold)
        row += 1
    row += 1
    columns = xlsx_columns(data)
    header_row = row
    for col, text in enumerate(columns):
        sheet.write_string(row, col, text, head)
    row += 1
    fixed = 11
    level_count = len(data.sections)
    total = max(len(data.rows), 1)
    for n, item in enumerate(data.rows):
        r = item.region
        for col, text in enumerate(
            [r.code, r.name, item.province_name, r.timezone, item.status_label, item.nil, *item.times, item.timeliness]
        ):
            if text:
                sheet.write_string(row, col, text)
        for k, text in enumerate(item.levels):
            if text:
                sheet.write_string(row, fixed + k, text)
        for k, value in enumerate(item.values):
            col = fixed + level_count + k
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, int):
                sheet.write_number(row, col, value)
            elif isinstance(value, float):
                sheet.write_number(row, col, value, decimal)
            else:
                sheet.write_string(row, col, str(value))
        row += 1
        if progress and n % 100 == 99:
            progress(60 + int(35 * n / total))
    sheet.freeze_panes(header_row + 1, 2)
    sheet.autofilter(header_row, 0, max(row - 1, header_row), len(columns) - 1)
    sheet.set_row(header_row, 45)
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 3, 7)
    sheet.set_column(4, 5, 14)
    sheet.set_column(6, 9, 20)
    sheet.set_column(10, 10, 16)
    sheet.set_column(fixed, len(columns) - 1, 14)
    return house.close()


# --- PDF ---------------------------------------------------------------------------------------


def _level_css(levels: list[Any]) -> str:
    """Level colours for the PDF (not a browser page: no CSP; colours checked as #rrggbb)."""
    rules = []
    for level in levels:
        if not _COLOUR.match(level.colour):
            continue
        red, green, blue = (int(level.colour[i : i + 2], 16) for i in (1, 3, 5))
        text = "#212529" if (0.299 * red + 0.587 * green + 0.114 * blue) > 160 else "#ffffff"
        rules.append(f".level-{level.code}{{background-color:{level.colour};color:{text}}}")
    return "\n".join(rules)


def recap_pdf(
    user: Any, filters: Filters, *, now: datetime | None = None, progress: Progress | None = None
) -> tuple[bytes, str]:
    """The official recap as PDF (A4 landscape) and the SHA-256 of the data it was made from.

    A file cannot contain its own hash; the footer of every page prints the hash of the
    document's data (``recap.recap_document_data``), and the export keeps the file's hash."""
    moment = now or timezone.now()
    zone = recap.user_zone(user)
    generated_at = format_local(moment, zone)
    generated_by = recap.user_label(user)
    data = recap.recap(user, filters, now=moment)
    if progress:
        progress(40)
    document = recap.recap_document_data(data, generated_at, generated_by)
    data_hash = document_hash(document)
    if progress:
        progress(55)
    pdf = house_pdf(
        "reports/pdf/recap.html",
        {
            "agency": settings.WASPADA_AGENCY_NAME,
            "title": _(TITLE),
            "recap": data,
            "filters": filters,
            "described": filters.described(),
            "period": recap.period_label(filters.week),
            "generated_at": generated_at,
            "generated_by": generated_by,
            "data_hash": data_hash,
            "level_css": _level_css(data.levels),
        },
    )
    if progress:
        progress(95)
    return pdf, data_hash
