"""Forms of the report pages. They only carry what the user typed: every rule (required fields,
types, min/max, Indonesian decimal commas) is checked by ``templating.clean_content`` inside the
services, and its errors are put back next to the fields here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.reports import templating
from waspada.reports.models import SituationLevel, SituationReport

EMPTY_CHOICE = ("", _("— pilih —"))
YES_NO = [EMPTY_CHOICE, ("ya", _("Ya")), ("tidak", _("Tidak"))]
NUMERIC_MODES = {"integer": "numeric", "decimal": "decimal"}


def field_name(section: str, part: str, indicator: str = "") -> str:
    """``politik__narrative``, ``politik__level``, ``politik__v__unjuk_rasa``."""
    return f"{section}__v__{indicator}" if part == "values" else f"{section}__{part}"


def error_field(key: str) -> str | None:
    """The form field of a content error key (``politik.values.unjuk_rasa``), or None for
    errors about a whole section or the whole content."""
    parts = key.split(".")
    if len(parts) == 2 and parts[1] in ("narrative", "level"):
        return field_name(parts[0], parts[1])
    if len(parts) == 3 and parts[1] == "values":
        return field_name(parts[0], "values", parts[2])
    return None


def display_value(indicator: templating.Indicator, value: Any) -> str:
    """A stored value as the user writes it: decimal comma, ya/tidak."""
    if value is None:
        return ""
    if indicator.type == "boolean":
        return "ya" if value else "tidak"
    if indicator.type == "decimal":
        text = format(Decimal(str(value)).normalize(), "f")
        return text.replace(".", ",")
    return str(value)


def _range_hint(indicator: templating.Indicator) -> str:
    def fmt(n: Decimal) -> str:
        return format(n.normalize(), "f").replace(".", ",")

    if indicator.min is not None and indicator.max is not None:
        return f"{fmt(indicator.min)}–{fmt(indicator.max)}"
    if indicator.min is not None:
        return f"≥ {fmt(indicator.min)}"
    if indicator.max is not None:
        return f"≤ {fmt(indicator.max)}"
    return ""


@dataclass
class SectionFields:
    """One section of the form, grouped for the template."""

    section: templating.Section
    narrative: forms.BoundField
    level: forms.BoundField | None
    indicators: list[tuple[templating.Indicator, forms.BoundField, str]]  # (indicator, field, range hint)

    @property
    def has_errors(self) -> bool:
        fields = [self.narrative, *([self.level] if self.level else []), *(f for _i, f, _h in self.indicators)]
        return any(f.errors for f in fields)


class ReportForm(forms.Form):
    """The report's sections, generated from its template definition."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        definition: templating.Definition,
        levels: Iterable[SituationLevel],
        data: Any = None,
        files: Any = None,
        *,
        content: Mapping[str, Any] | None = None,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        initial["version"] = version
        sections = (content or {}).get("sections", {}) if isinstance(content, Mapping) else {}
        level_choices = [EMPTY_CHOICE, *((lv.code, lv.name) for lv in levels)]
        fields: dict[str, forms.Field] = {}
        for section in definition.sections:
            stored = sections.get(section.code) or {}
            name = field_name(section.code, "narrative")
            fields[name] = forms.CharField(
                label=_("Narasi"),
                required=False,
                strip=False,
                help_text=section.guidance,
                widget=forms.Textarea(
                    attrs={"rows": 4, "class": "form-control", **_required_attrs(section.narrative_required)}
                ),
            )
            initial[name] = stored.get("narrative") or ""
            if section.has_level:
                name = field_name(section.code, "level")
                fields[name] = forms.CharField(
                    label=_("Tingkat situasi"),
                    required=False,
                    widget=forms.Select(choices=level_choices, attrs={"class": "form-select", **_required_attrs(True)}),
                )
                initial[name] = stored.get("level") or ""
            values = stored.get("values") or {}
            for indicator in section.indicators:
                name = field_name(section.code, "values", indicator.code)
                fields[name] = forms.CharField(
                    label=indicator.label,
                    required=False,
                    help_text=indicator.help,
                    widget=_indicator_widget(indicator),
                )
                initial[name] = display_value(indicator, values.get(indicator.code))
        super().__init__(data, files, initial=initial, **kwargs)
        self.fields.update(fields)
        self.definition = definition

    def sections(self) -> list[SectionFields]:
        self._mark_invalid()
        out = []
        for section in self.definition.sections:
            level = self[field_name(section.code, "level")] if section.has_level else None
            out.append(
                SectionFields(
                    section=section,
                    narrative=self[field_name(section.code, "narrative")],
                    level=level,
                    indicators=[
                        (i, self[field_name(section.code, "values", i.code)], _range_hint(i))
                        for i in section.indicators
                    ],
                )
            )
        return out

    def sections_with_errors(self) -> list[templating.Section]:
        """The sections holding a field with an error, for the links at the top of the page."""
        prefixes = {name.split("__", 1)[0] for name in self.errors if name != "__all__"}
        return [s for s in self.definition.sections if s.code in prefixes]

    def _mark_invalid(self) -> None:
        """Bootstrap's invalid look and a pointer from the input to its message."""
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            attrs = field.widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def content(self) -> dict[str, Any]:
        """What the user typed, shaped as report content (raw strings; the service types them)."""
        data = self.cleaned_data
        sections: dict[str, Any] = {}
        for section in self.definition.sections:
            entry: dict[str, Any] = {
                "narrative": data.get(field_name(section.code, "narrative"), ""),
                "values": {
                    i.code: data.get(field_name(section.code, "values", i.code), "") for i in section.indicators
                },
            }
            if section.has_level:
                entry["level"] = data.get(field_name(section.code, "level"), "")
            sections[section.code] = entry
        return {"sections": sections}


def _required_attrs(required: bool) -> dict[str, str]:
    return {"aria-required": "true"} if required else {}


def _indicator_widget(indicator: templating.Indicator) -> forms.Widget:
    attrs: dict[str, Any] = {"class": "form-control", **_required_attrs(indicator.required)}
    if indicator.type == "boolean":
        return forms.Select(choices=YES_NO, attrs={**attrs, "class": "form-select"})
    if indicator.type == "choice":
        choices = [EMPTY_CHOICE, *((c, c) for c in indicator.choices)]
        return forms.Select(choices=choices, attrs={**attrs, "class": "form-select"})
    if indicator.type in NUMERIC_MODES:
        # Text, not type=number: a browser's number input refuses the Indonesian decimal comma.
        attrs["inputmode"] = NUMERIC_MODES[indicator.type]
        attrs["autocomplete"] = "off"
        return forms.TextInput(attrs=attrs)
    attrs["maxlength"] = templating.TEXT_MAX
    return forms.TextInput(attrs=attrs)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, gambar (PNG/JPG) atau dokumen perkantoran."),
        error_messages={
            "required": _("Pilih berkas yang akan dilampirkan."),
            "empty": _("Berkas yang dipilih kosong."),
        },
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


STATUS_CHOICES = [("", _("Semua status")), *SituationReport.Status.choices]


class ReportFilterForm(forms.Form):
    """Filters of the report list: period, province, status (all optional)."""

    periode = forms.ChoiceField(label=_("Periode"), required=False)
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, period_keys: list[str], provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["periode"]).choices = [
            ("", _("Semua periode")),
            *((k, k) for k in period_keys),
        ]
        cast(forms.ChoiceField, self.fields["provinsi"]).choices = [("", _("Semua provinsi")), *provinces]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"period_key": "", "province_code": "", "status": ""}
        return {
            "period_key": self.cleaned_data["periode"],
            "province_code": self.cleaned_data["provinsi"],
            "status": self.cleaned_data["status"],
        }
