"""The reporting programme, its templates and situation levels are data the national admin edits
in the Django admin. A template version that reports were written with is frozen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from waspada.regions import access
from waspada.reports import templating
from waspada.reports.models import ReportingProgramme, ReportTemplate, SituationLevel, SituationReport

PROGRAMME_LEVELS = ("provinsi", "kabupaten", "kota")


class NationalAdminOnly(admin.ModelAdmin):
    """Only the national ``admin`` role edits reporting configuration."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(access.is_admin(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(access.is_admin(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(access.is_admin(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(access.is_admin(request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # configuration that reports point to is never deleted


class ReportTemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["code", "version", "name", "definition", "notes"]

    def clean_definition(self) -> Any:
        definition = self.cleaned_data["definition"]
        try:
            templating.parse_definition(definition)
        except templating.BadDefinition as exc:
            raise forms.ValidationError(_("Definisi templat tidak sah: %(why)s") % {"why": exc}) from None
        return definition


def template_in_use(template: ReportTemplate) -> bool:
    return SituationReport.objects.filter(template=template).exists()


@admin.register(ReportTemplate)
class ReportTemplateAdmin(NationalAdminOnly):
    form = ReportTemplateForm
    list_display = ["name", "code", "version", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and template_in_use(obj):
            return ["code", "version", "definition"]
        return []


class ReportingProgrammeForm(forms.ModelForm):
    class Meta:
        model = ReportingProgramme
        fields = [
            "code",
            "name",
            "period_type",
            "levels",
            "deadline_offset_hours",
            "edit_lock_days",
            "reminder_hours_before",
            "template",
            "is_active",
        ]

    def clean_levels(self) -> Any:
        levels = self.cleaned_data["levels"]
        if not isinstance(levels, list) or not levels or any(lv not in PROGRAMME_LEVELS for lv in levels):
            raise forms.ValidationError(_('Isi daftar tingkat wilayah, misalnya ["provinsi", "kabupaten", "kota"].'))
        return levels


@admin.register(ReportingProgramme)
class ReportingProgrammeAdmin(NationalAdminOnly):
    form = ReportingProgrammeForm
    list_display = ["name", "code", "template", "deadline_offset_hours", "edit_lock_days", "is_active"]


@admin.register(SituationLevel)
class SituationLevelAdmin(NationalAdminOnly):
    list_display = ["rank", "code", "name", "colour"]
