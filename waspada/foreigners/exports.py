"""Exports of the foreigners list and recap: XLSX (XlsxWriter) and PDF (WeasyPrint, the house style:
agency, title, filters, generated at in the user's zone, by whom, SHA-256 of the printed data).

Personal data is **masked** in every export (passport ``A12••••89``, birth year only, address cut):
exports are built from the list selector, which does not even load the encrypted columns.

Requested with a POST from the list or recap page (``views_io.export``) and built in the
background (``foreigners.tasks.foreigner_export``) through ``waspada.core.exports``. The stored
parameters are the page's filters only — a full passport number is turned into its keyed digests
before it is stored, and there is no parameter that unmasks anything. The builder re-reads the
filters against the requester's role and scope as they are at build time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from waspada.core.exports import (
    BackLink,
    Built,
    ExportSource,
    HouseWorkbook,
    house_pdf,
    scoped_builder,
    scoped_export_request,
)
from waspada.core.models import Export
from waspada.core.timezones import format_local
from waspada.foreigners import crypto, selectors
from waspada.foreigners.identity import nationality_name
from waspada.foreigners.models import ForeignNational
from waspada.reports.recap import user_label, user_zone

TITLE = "Daftar dan Rekapitulasi Orang Asing"
MAX_EXPORT_ROWS = 50_000
HEADERS = [
    "Nama",
    "Kewarganegaraan",
    "Jenis kelamin",
    "Tahun lahir",
    "Nomor paspor (tersamar)",
    "Tujuan",
    "Penjamin / pemberi kerja",
    "Kode wilayah",
    "Wilayah",
    "Izin berlaku sampai",
    "Status izin",
    "Masih berada",
]


def rows_for(user: Any, filters: selectors.ForeignerFilter, today: date) -> list[list[str]]:
    qs = selectors.foreigners_for_user(user, filters, today)[:MAX_EXPORT_ROWS]
    out = []
    person: ForeignNational
    for person in qs:
        until = person.permit_until
        out.append(
            [
                person.name,
                f"{person.nationality} {nationality_name(person.nationality)}",
                person.get_sex_display(),
                "",  # the year needs the encrypted column: not exported (masked means absent here)
                person.passport_masked,
                str(person.get_purpose_display()),
                person.sponsor,
                person.region.code,
                person.region.name,
                until.strftime("%d-%m-%Y") if until else "",
                selectors.PERMIT_STATUSES[selectors.permit_status_of(until, today)],
                _("ya") if person.is_present else _("tidak"),
            ]
        )
    return out


def described(filters: selectors.ForeignerFilter) -> list[tuple[str, str]]:
    lines = []
    if filters.region is not None:
        lines.append((_("Wilayah"), f"{filters.region.code} {filters.region.name}"))
    if filters.nationality:
        lines.append((_("Kewarganegaraan"), filters.nationality.upper()))
    if filters.purpose:
        lines.append((_("Tujuan"), filters.purpose))
    if filters.permit_status:
        lines.append((_("Status izin"), selectors.PERMIT_STATUSES.get(filters.permit_status, "")))
    if filters.q:
        lines.append((_("Pencarian"), filters.q))
    if filters.passport or filters.digests:
        lines.append((_("Paspor"), _("dicari dengan nomor lengkap (tidak dicetak)")))
    return lines


def build(user: Any, filters: selectors.ForeignerFilter, fmt: str) -> tuple[bytes, str]:
    today = timezone.localdate()
    rows = rows_for(user, filters, today)
    recap = selectors.recap_for_user(user, filters, today)
    generated_at = format_local(timezone.now(), user_zone(user))
    generated_by = user_label(user)
    data_hash = hashlib.sha256(json.dumps([HEADERS, rows], ensure_ascii=False).encode()).hexdigest()
    name = f"orang-asing-{today:%Y%m%d}"
    if fmt == "xlsx":
        return _xlsx(rows, recap, described(filters), generated_at, generated_by, data_hash), f"{name}.xlsx"
    return _pdf(rows, recap, described(filters), generated_at, generated_by, data_hash), f"{name}.pdf"


def _xlsx(
    rows: list[list[str]], recap: selectors.Recap, lines: list[tuple[str, str]], at: str, by: str, digest: str
) -> bytes:
    house = HouseWorkbook()
    book, bold, title, head = house.book, house.bold, house.title, house.head
    sheet = book.add_worksheet("Daftar")
    sheet.write_string(0, 0, settings.WASPADA_AGENCY_NAME, bold)
    sheet.write_string(1, 0, TITLE, title)
    row = 2
    for label, value in [*lines, (_("Dibuat"), at), (_("Oleh"), by), (_("Sidik data (SHA-256)"), digest)]:
        sheet.write_string(row, 0, label, bold)
        sheet.write_string(row, 1, value)
        row += 1
    sheet.write_string(row, 0, _("Data pribadi ditampilkan tersamar."), bold)
    row += 2
    for col, text in enumerate(HEADERS):
        sheet.write_string(row, col, text, head)
    for values in rows:
        row += 1
        for col, text in enumerate(values):
            sheet.write_string(row, col, text)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 11, 16)
    summary = book.add_worksheet("Rekap")
    r = 0
    for heading, items in _sections(recap):
        summary.write_string(r, 0, heading, head)
        summary.write_string(r, 1, _("Jumlah"), head)
        for label, n in items:
            r += 1
            summary.write_string(r, 0, label)
            summary.write_number(r, 1, n)
        r += 2
    summary.set_column(0, 0, 40)
    return house.close()


def _sections(recap: selectors.Recap) -> list[tuple[str, list[tuple[str, int]]]]:
    return [
        (_("Menurut kewarganegaraan"), [(f"{name} ({code})", n) for code, name, n in recap.by_nationality]),
        (_("Menurut tujuan"), [(label, n) for _v, label, n in recap.by_purpose]),
        (_("Menurut status izin"), [(label, n) for _k, label, n in recap.by_permit_status]),
        (_("Menurut kabupaten/kota"), [(f"{name} ({code})", n) for code, name, n in recap.by_kabkota]),
    ]


def _pdf(
    rows: list[list[str]], recap: selectors.Recap, lines: list[tuple[str, str]], at: str, by: str, digest: str
) -> bytes:
    return house_pdf(
        "foreigners/pdf/list.html",
        {
            "agency": settings.WASPADA_AGENCY_NAME,
            "title": TITLE,
            "described": lines,
            "generated_at": at,
            "generated_by": by,
            "data_hash": digest,
            "headers": HEADERS,
            "rows": rows,
            "total": recap.total,
            "sections": _sections(recap),
        },
    )


# --- background exports ------------------------------------------------------------------------

KIND = "foreigners.export"
FORMATS = {"xlsx": "XLSX", "pdf": "PDF"}
# The list/recap filters (``views.parse_filters``) an export stores; ``sidik`` may repeat.
FILTER_KEYS = ("q", "kewarganegaraan", "tujuan", "wilayah", "status_izin", "hadir")
SOURCE = ExportSource(
    kind=KIND,
    back=BackLink("foreigners:list", gettext_noop("Kembali ke daftar orang asing")),
    filter_keys=(*FILTER_KEYS, "sidik"),
)
BACK_TO_RECAP = BackLink("foreigners:recap", gettext_noop("Kembali ke rekap orang asing"))
filter_request = SOURCE.filter_request


def filter_params(data: QueryDict) -> dict[str, Any]:
    """The filters present in ``data`` as plain values. A full passport number (``paspor``) is
    replaced by its keyed digests (``sidik``): the number itself is never stored."""
    params: dict[str, Any] = {}
    for key in FILTER_KEYS:
        value = str(data.get(key) or "").strip()[:100]
        if value:
            params[key] = value
    digests = [str(d)[:128] for d in data.getlist("sidik")][:4]
    number = crypto.normalise_passport(str(data.get("paspor") or ""))[:20]
    if number:
        digests = [*digests, *crypto.search_digests(number)][:4]
    if digests:
        params["sidik"] = digests
    return params


def foreigner_export_request(
    *, user: Any, filters: selectors.ForeignerFilter, params: dict[str, Any], fmt: str, from_recap: bool = False
) -> Export:
    """Queue a masked XLSX or PDF of the list and recap with these (already checked) filters; the
    status page links back to the recap when it was asked for there, else to the list."""
    from waspada.foreigners.tasks import foreigner_export

    return scoped_export_request(
        source=SOURCE,
        user=user,
        fmt=fmt,
        filters=params,
        title=f"{TITLE} ({FORMATS[fmt]})",
        described=described(filters),
        filename=f"orang-asing-{timezone.localdate():%Y%m%d}.{fmt}",
        task=foreigner_export,
        zone=user_zone(user),
        region=filters.region,
        back=BACK_TO_RECAP if from_recap else None,
    )


def read_filters(user: Any, stored: Mapping[str, Any]) -> selectors.ForeignerFilter:
    """The stored filters as the page's parser reads them for the requester now: nothing else
    is read from the export's parameters (none of them unmasks anything)."""
    from waspada.foreigners.views import parse_filters

    return parse_filters(filter_request(user, stored), user)


# The builder ``core.exports.export_run`` calls: the masked list and recap again, with the
# requester's role and scope as they are now.
build_foreigner_export = scoped_builder(
    source=SOURCE,
    may_read="waspada.foreigners.views.may_read",
    role_refused=gettext_noop("Peran Anda tidak lagi berwenang membaca data orang asing."),
    bad_filter="waspada.foreigners.views.BadFilter",
    read=read_filters,
    render=lambda user, filters, fmt, progress: Built(*build(user, filters, fmt)),
)
