"""Pemetaan kolom impor: a saved column mapping (JSON) checked into a ``Mapping``. Pure, no ORM.

A definition names, for each file column (by header or by HXL hashtag), the incident field it
fills; constant defaults; value maps (the file's wording → our code); the date formats to try;
and the name of the external source, so that a re-import updates instead of duplicating::

    {
      "external_source": "acled-idn",
      "columns": {"event_id_cnty": "external_id", "event_date": "occurred_on",
                  "sub_event_type": "category", "fatalities": "killed",
                  "admin2": "region_name", "admin1": "province_name",
                  "latitude": "latitude", "longitude": "longitude", "notes": ["title", "narrative"]},
      "defaults": {"date_precision": "hari"},
      "values": {"category": {"Mob violence": "bentrok-antarwarga"}},
      "date_formats": ["%d %B %Y", "%Y-%m-%d"],
      "code_set": null
    }

``Mapping.bind(headers, tags)`` then finds each named column in a file; a column the mapping
names and the file lacks is an error (``MappingError``, messages in Indonesian).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

# The fields a column (or a default) may fill.
TEXT_FIELDS = ("title", "narrative", "location_detail", "source_name", "source_url")
DATE_FIELDS = ("occurred_on", "reported_on")
IMPACT_FIELDS = ("killed", "injured", "sexual_violence", "buildings_damaged", "displaced")
CODE_FIELDS = ("category", "conflict_source", "snpk_type", "acled_event_type")
CHOICE_FIELDS = ("date_precision", "geo_precision", "classification", "handling_stage", "source_kind")
REGION_FIELDS = ("region_code", "region_name", "province_name")
COORDINATE_FIELDS = ("latitude", "longitude")
FIELDS = (
    *TEXT_FIELDS,
    *DATE_FIELDS,
    *IMPACT_FIELDS,
    *CODE_FIELDS,
    *CHOICE_FIELDS,
    *REGION_FIELDS,
    *COORDINATE_FIELDS,
    "external_id",
)
# Constants make no sense for these: each row carries its own.
NO_DEFAULT = ("external_id", "latitude", "longitude", "occurred_on")
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
CODE_SETS = (None, "permendagri-72-2019", "kepmendagri-2025")
MAX_EXTERNAL_SOURCE = 60


class MappingError(ValueError):
    """A mapping that cannot be used; ``messages`` are Indonesian sentences."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


def value_key(value: Any) -> str:
    """How file values are compared with value-map keys and codes: trimmed, case-folded, one space."""
    return re.sub(r"\s+", " ", str(value)).strip().casefold()


def tag_key(tag: str) -> str:
    """An HXL hashtag with its attributes in a fixed order: ``#adm1 +name`` ≡ ``#ADM1+name``."""
    parts = [p.strip().casefold() for p in str(tag).replace(" ", "").split("+")]
    return "+".join([parts[0], *sorted(p for p in parts[1:] if p)])


def is_hxl_row(cells: Sequence[Any]) -> bool:
    """True for the HXL hashtag row of HDX files: most non-empty cells start with ``#``."""
    filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    if not filled:
        return False
    tagged = sum(1 for c in filled if c.startswith("#"))
    return tagged * 2 > len(filled)


@dataclass
class Mapping:
    """A checked mapping. ``columns`` is field → the column reference (header or hashtag)."""

    columns: dict[str, str]
    defaults: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    external_source: str = ""
    code_set: str | None = None

    def provides(self, name: str) -> bool:
        return name in self.columns or name in self.defaults

    def mapped_value(self, name: str, raw: Any) -> Any:
        """The value map's translation of ``raw`` for ``name`` (the raw value when unmapped)."""
        table = self.values.get(name)
        if not table:
            return raw
        return table.get(value_key(raw), raw)

    def bind(self, headers: Sequence[Any], tags: Sequence[Any] | None = None) -> dict[str, int]:
        """Field → column index in a file with these headers (and HXL tags). Raises MappingError
        naming every column the mapping refers to that the file does not have."""
        by_header: dict[str, int] = {}
        for i, h in enumerate(headers):
            by_header.setdefault(value_key(h) if h is not None else "", i)
        by_tag: dict[str, int] = {}
        for i, t in enumerate(tags or []):
            if t is not None and str(t).strip().startswith("#"):
                by_tag.setdefault(tag_key(str(t)), i)
        bound: dict[str, int] = {}
        missing: list[str] = []
        for name, ref in self.columns.items():
            index = by_tag.get(tag_key(ref)) if ref.strip().startswith("#") else None
            if index is None:
                index = by_header.get(value_key(ref))
            if index is None:
                if ref not in missing:
                    missing.append(ref)
                continue
            bound[name] = index
        if missing:
            raise MappingError(
                [
                    _("Kolom «%(column)s» yang disebut pemetaan tidak ada dalam berkas.") % {"column": ref}
                    for ref in missing
                ]
            )
        return bound


def parse(definition: Any) -> Mapping:
    """Check a mapping definition (the JSON object) and return a ``Mapping``; raises MappingError
    with every problem found."""
    errors: list[str] = []
    if not isinstance(definition, dict):
        raise MappingError([_("Pemetaan harus berupa objek JSON.")])
    known_keys = {"columns", "defaults", "values", "date_formats", "external_source", "code_set", "name", "version"}
    for key in definition:
        if key not in known_keys:
            errors.append(_("Bagian «%(key)s» tidak dikenal dalam pemetaan.") % {"key": key})

    columns: dict[str, str] = {}
    raw_columns = definition.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        errors.append(_("Pemetaan harus memuat «columns»: kolom berkas → isian peristiwa."))
        raw_columns = {}
    for column, target in raw_columns.items():
        targets = target if isinstance(target, list) else [target]
        if not str(column).strip():
            errors.append(_("Nama kolom dalam pemetaan tidak boleh kosong."))
            continue
        for name in targets:
            if not isinstance(name, str) or name not in FIELDS:
                errors.append(
                    _("Isian «%(field)s» untuk kolom «%(column)s» tidak dikenal.") % {"field": name, "column": column}
                )
            elif name in columns:
                errors.append(
                    _("Isian «%(field)s» dipetakan dari dua kolom («%(a)s» dan «%(b)s»).")
                    % {"field": name, "a": columns[name], "b": column}
                )
            else:
                columns[name] = str(column)

    defaults = definition.get("defaults") or {}
    if not isinstance(defaults, dict):
        errors.append(_("«defaults» harus berupa objek: isian → nilai tetap."))
        defaults = {}
    for name, value in defaults.items():
        if name not in FIELDS or name in NO_DEFAULT:
            errors.append(_("Isian «%(field)s» tidak dapat diberi nilai tetap.") % {"field": name})
        elif not isinstance(value, (str, int)) or isinstance(value, bool):
            errors.append(_("Nilai tetap untuk «%(field)s» harus teks atau bilangan.") % {"field": name})

    values: dict[str, dict[str, str]] = {}
    raw_values = definition.get("values") or {}
    if not isinstance(raw_values, dict):
        errors.append(_("«values» harus berupa objek: isian → {nilai di berkas: kode}."))
        raw_values = {}
    for name, table in raw_values.items():
        if name not in (*CODE_FIELDS, *CHOICE_FIELDS):
            errors.append(_("Peta nilai hanya untuk isian berkode; «%(field)s» tidak.") % {"field": name})
        elif not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            errors.append(_("Peta nilai «%(field)s» harus berupa objek teks → kode.") % {"field": name})
        else:
            values[name] = {value_key(k): v.strip() for k, v in table.items()}

    formats = definition.get("date_formats", list(DEFAULT_DATE_FORMATS))
    if not isinstance(formats, list) or not formats or not all(isinstance(f, str) and "%" in f for f in formats):
        errors.append(_('«date_formats» harus daftar format tanggal strptime, mis. ["%Y-%m-%d"].'))
        formats = list(DEFAULT_DATE_FORMATS)
    else:
        for fmt in formats:
            try:
                date(2020, 1, 31).strftime(fmt)
            except ValueError:
                errors.append(_("Format tanggal «%(format)s» tidak sah.") % {"format": fmt})

    external_source = definition.get("external_source") or ""
    if not isinstance(external_source, str) or len(external_source) > MAX_EXTERNAL_SOURCE:
        errors.append(_("«external_source» harus teks paling panjang 60 karakter."))
        external_source = ""
    external_source = external_source.strip()
    if "external_id" in columns and not external_source:
        errors.append(
            _(
                "«external_source» (nama sumber data) wajib diisi bila kolom ID eksternal dipetakan; "
                "tanpanya impor ulang tidak mengenali baris yang sama."
            )
        )

    code_set = definition.get("code_set")
    if code_set not in CODE_SETS:
        errors.append(_('«code_set» tidak dikenal; gunakan null, "permendagri-72-2019" atau "kepmendagri-2025".'))
        code_set = None

    if "occurred_on" not in columns:
        errors.append(_("Pemetaan harus menyebut kolom tanggal kejadian («occurred_on»)."))
    if "category" not in columns and "category" not in defaults:
        errors.append(_("Pemetaan harus menyebut kolom kategori («category») atau memberinya nilai tetap."))
    if ("latitude" in columns) != ("longitude" in columns):
        errors.append(_("Kolom lintang dan bujur harus dipetakan bersama-sama."))
    if not ({"region_code", "region_name", "latitude"} & (set(columns) | set(defaults))):
        errors.append(_("Pemetaan harus menyebut kolom kode wilayah, nama kabupaten/kota, atau lintang dan bujur."))
    if errors:
        raise MappingError(errors)
    return Mapping(
        columns=columns,
        defaults=dict(defaults),
        values=values,
        date_formats=tuple(formats),
        external_source=external_source,
        code_set=code_set,
    )
