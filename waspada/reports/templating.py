"""Report templates as data: parsing a template definition and checking a report against it.
Pure: no ORM.

A definition is JSON kept on ``ReportTemplate.definition``::

    {"sections": [{"code": "politik", "title": "Politik", "has_level": true,
                   "narrative_required": true, "guidance": "…",
                   "indicators": [{"code": "unjuk_rasa", "label": "Unjuk rasa", "type": "integer",
                                   "required": false, "min": 0, "max": null, "choices": [], "help": ""}]}]}

Report content is keyed by the same codes::

    {"sections": {"politik": {"level": "waspada", "narrative": "…", "values": {"unjuk_rasa": 2}}}}

A report keeps the template version it was written with, so a new version never changes how
an older report reads or validates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

INDICATOR_TYPES = ("integer", "decimal", "choice", "boolean", "text")
TEXT_MAX = 255
NARRATIVE_MAX = 20_000
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class BadDefinition(ValueError):
    """The template definition itself is malformed (an admin's error, reported before saving)."""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    type: str
    required: bool = False
    min: Decimal | None = None
    max: Decimal | None = None
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    has_level: bool = True
    narrative_required: bool = True
    guidance: str = ""
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Definition:
    sections: tuple[Section, ...]

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    @property
    def indicator_columns(self) -> list[tuple[Section, Indicator]]:
        return [(s, i) for s in self.sections for i in s.indicators]


def _number(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadDefinition(f"{where}: batas bukan angka ({value!r})") from None


def parse_definition(data: Any) -> Definition:
    """Read and check a definition; raise BadDefinition naming the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list) or not data["sections"]:
        raise BadDefinition("definisi harus berisi daftar 'sections' yang tidak kosong")
    sections: list[Section] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["sections"], start=1):
        if not isinstance(raw, dict):
            raise BadDefinition(f"bagian ke-{n} bukan objek")
        code = str(raw.get("code", ""))
        if not _CODE.match(code) or code in seen:
            raise BadDefinition(f"bagian ke-{n}: kode '{code}' tidak sah atau berulang")
        seen.add(code)
        indicators: list[Indicator] = []
        seen_ind: set[str] = set()
        for m, ind in enumerate(raw.get("indicators", []), start=1):
            where = f"{code}, indikator ke-{m}"
            icode = str(ind.get("code", ""))
            if not _CODE.match(icode) or icode in seen_ind:
                raise BadDefinition(f"{where}: kode '{icode}' tidak sah atau berulang")
            seen_ind.add(icode)
            kind = ind.get("type")
            if kind not in INDICATOR_TYPES:
                raise BadDefinition(f"{where}: jenis '{kind}' tidak dikenal")
            choices = tuple(str(c) for c in ind.get("choices", []))
            if kind == "choice" and not choices:
                raise BadDefinition(f"{where}: jenis pilihan tanpa daftar pilihan")
            indicators.append(
                Indicator(
                    code=icode,
                    label=str(ind.get("label") or icode),
                    type=kind,
                    required=bool(ind.get("required", False)),
                    min=_number(ind.get("min"), where),
                    max=_number(ind.get("max"), where),
                    choices=choices,
                    help=str(ind.get("help", "")),
                )
            )
        sections.append(
            Section(
                code=code,
                title=str(raw.get("title") or code),
                has_level=bool(raw.get("has_level", True)),
                narrative_required=bool(raw.get("narrative_required", True)),
                guidance=str(raw.get("guidance", "")),
                indicators=tuple(indicators),
            )
        )
    return Definition(tuple(sections))


def _clean_value(indicator: Indicator, raw: Any) -> tuple[Any, str | None]:
    """(clean value, error message or None). Empty input is None."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None, None
    if indicator.type == "boolean":
        if isinstance(raw, bool):
            return raw, None
        text = str(raw).strip().lower()
        if text in ("ya", "yes", "true", "1", "on"):
            return True, None
        if text in ("tidak", "no", "false", "0", "off"):
            return False, None
        return None, _("Pilih ya atau tidak.")
    if indicator.type == "choice":
        text = str(raw).strip()
        if text not in indicator.choices:
            return None, _("Pilihan '%(value)s' tidak tersedia.") % {"value": text}
        return text, None
    if indicator.type == "text":
        text = str(raw).strip()
        if len(text) > TEXT_MAX:
            return None, _("Paling banyak %(max)d karakter.") % {"max": TEXT_MAX}
        return text, None
    # Numbers: Indonesian writing uses a decimal comma; accept it.
    text = str(raw).strip().replace(" ", "")
    if indicator.type == "decimal" and "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("Isi dengan angka.")
    if not number.is_finite():
        return None, _("Isi dengan angka.")
    if indicator.type == "integer" and number != number.to_integral_value():
        return None, _("Isi dengan bilangan bulat.")
    if indicator.min is not None and number < indicator.min:
        return None, _("Paling kecil %(min)s.") % {"min": indicator.min}
    if indicator.max is not None and number > indicator.max:
        return None, _("Paling besar %(max)s.") % {"max": indicator.max}
    return (int(number) if indicator.type == "integer" else float(number)), None


def clean_content(
    definition: Definition,
    content: Any,
    level_codes: Iterable[str],
    *,
    complete: bool,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check report content against the definition.

    Returns the cleaned content (only known sections and indicators, typed values) and the
    errors keyed ``section`` / ``section.level`` / ``section.narrative`` / ``section.values.code``.
    ``complete=True`` (a submission) also enforces required fields; a draft may be partial.
    """
    levels = set(level_codes)
    errors: dict[str, str] = {}
    raw_sections = content.get("sections", {}) if isinstance(content, dict) else None
    if not isinstance(raw_sections, dict):
        return {"sections": {}}, {"sections": _("Isi laporan tidak terbaca.")}
    cleaned: dict[str, Any] = {}
    for section in definition.sections:
        raw = raw_sections.get(section.code) or {}
        if not isinstance(raw, dict):
            errors[section.code] = _("Isi bagian tidak terbaca.")
            continue
        out: dict[str, Any] = {}
        narrative = str(raw.get("narrative") or "").strip()
        if len(narrative) > NARRATIVE_MAX:
            errors[f"{section.code}.narrative"] = _("Narasi paling banyak %(max)d karakter.") % {"max": NARRATIVE_MAX}
        elif complete and section.narrative_required and not narrative:
            errors[f"{section.code}.narrative"] = _("Narasi wajib diisi.")
        out["narrative"] = narrative
        if section.has_level:
            level = str(raw.get("level") or "").strip()
            if level and level not in levels:
                errors[f"{section.code}.level"] = _("Tingkat situasi '%(value)s' tidak dikenal.") % {"value": level}
            elif complete and not level:
                errors[f"{section.code}.level"] = _("Pilih tingkat situasi.")
            out["level"] = level or None
        values_in = raw.get("values") or {}
        if not isinstance(values_in, dict):
            errors[f"{section.code}.values"] = _("Nilai indikator tidak terbaca.")
            values_in = {}
        values: dict[str, Any] = {}
        for indicator in section.indicators:
            value, error = _clean_value(indicator, values_in.get(indicator.code))
            if error is None and value is None and complete and indicator.required:
                error = _("Wajib diisi.")
            if error:
                errors[f"{section.code}.values.{indicator.code}"] = error
            values[indicator.code] = value
        out["values"] = values
        cleaned[section.code] = out
    return {"sections": cleaned}, errors


def search_text(content: dict[str, Any]) -> str:
    """The narratives joined, for full-text search across reports."""
    sections = content.get("sections", {}) if isinstance(content, dict) else {}
    return "\n".join(str(s.get("narrative") or "") for s in sections.values() if isinstance(s, dict)).strip()


def section_levels(content: dict[str, Any]) -> dict[str, str]:
    """``{section code: level code}`` for the sections that carry a level."""
    sections = content.get("sections", {}) if isinstance(content, dict) else {}
    return {code: s["level"] for code, s in sections.items() if isinstance(s, dict) and s.get("level")}
