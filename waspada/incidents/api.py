"""/api/v1/incidents/: the incident register for other systems, scoped to the caller.

Thin, like the pages: ``access`` finds the object (404 out of scope, the same as missing),
``selectors`` and ``filters`` read, ``services`` write (they check the role themselves and refuse
with ``IncidentRefused`` / ``StaleIncident``), ``recap`` counts from the weekly rollup exactly as
the recap page does. Here those refusals become JSON: 400 per field with the service's Indonesian
message, 409 for a stale version (with the current version), 403 for a role that may not do it.

Also the reference lists the register uses: ``/api/v1/incident-codes/`` (code lists by kind)
and ``/api/v1/conflict-statuses/`` (Status Keadaan Konflik in scope). See docs/api.md.
"""

from __future__ import annotations

import re
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.api.conflicts import Conflict, add_conflict_fields, conflict_response
from waspada.api.pagination import CodeCursorPagination
from waspada.api.permissions import ScopedAccess
from waspada.api.schema import WaspadaAutoSchema
from waspada.api.views import API_AUTHENTICATION_CLASSES, ScopedViewSet
from waspada.incidents import filters, periods, selectors, services
from waspada.incidents import recap as recap_data
from waspada.incidents.models import (
    ConflictStatus,
    HandlingAction,
    Incident,
    IncidentActor,
    IncidentCode,
    IncidentSource,
)
from waspada.incidents.services import IncidentInput, StaleIncident
from waspada.incidents.views.recap import BadRecapFilter, parse_filters
from waspada.regions import access
from waspada.regions.api import RegionBriefSerializer
from waspada.regions.models import Region
from waspada.regions.selectors import RegionNotFound, resolve_region
from waspada.reports.api import IndonesianJSONParser, Input

# --- input formats -------------------------------------------------------------------------------

# Calendar dates of 2000–2099 that exist (leap days included), so that the schema promises
# exactly what the API accepts.
_DAY31 = r"(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
_DAY30 = r"(0[469]|11)-(0[1-9]|[12][0-9]|30)"
_FEB = r"02-(0[1-9]|1[0-9]|2[0-8])"
DATE_PATTERN = rf"^(20[0-9]{{2}}-({_DAY31}|{_DAY30}|{_FEB})|20(0[048]|[2468][048]|[13579][26])-02-29)$"
DATE_ERROR = gettext_lazy("Tulis tanggal TTTT-BB-HH yang ada, tahun 2000–2099, misalnya 2020-10-05.")
FILTER_REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
FILTER_REGION_ERROR = gettext_lazy("Kode wilayah harus berbentuk 32, 32.73, 32.73.01 atau 32.73.01.1001.")
RECAP_REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2})?$"
RECAP_REGION_ERROR = gettext_lazy("Kode wilayah harus berbentuk 32 (provinsi) atau 32.73 (kabupaten/kota).")
INCIDENT_REGION_PATTERN = r"^[0-9]{2}\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?$"
INCIDENT_REGION_ERROR = gettext_lazy(
    "Kode wilayah kejadian harus kabupaten/kota, kecamatan atau desa, mis. 32.73, 32.73.01 atau 32.73.01.1001."
)
CODE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CODE_ERROR = gettext_lazy("Kode rujukan berupa huruf kecil, angka dan tanda hubung, mis. bentrok-antarwarga.")
UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
MAX_COUNT = 2**31 - 1
MAX_VERSION = 2**31 - 1
MAX_SOURCES = 20
MAX_ACTORS = 50
REASON_MAX = 1000
CASUALTY_CHOICES = ["ya", "tidak"]


def date_field(**kwargs: Any) -> serializers.RegexField:
    """A date as text (``YYYY-MM-DD``); ``.to_date`` happens where it is used."""
    return serializers.RegexField(DATE_PATTERN, trim_whitespace=False, error_messages={"invalid": DATE_ERROR}, **kwargs)


TEXT_ERROR = gettext_lazy("Isi dengan teks tanpa karakter NUL.")
FILLED_TEXT_ERROR = gettext_lazy("Isi dengan teks (tidak boleh kosong, tanpa karakter NUL).")


def text_field(max_length: int, *, filled: bool = False, **kwargs: Any) -> serializers.RegexField:
    """Free text; ``filled``: with at least one visible character. The pattern puts in the schema
    what the field refuses (NUL characters; a blank value), so a client can know it beforehand."""
    if filled:
        return serializers.RegexField(
            r"^[^\x00]*\S[^\x00]*$",
            max_length=max_length,
            trim_whitespace=False,
            error_messages={"invalid": FILLED_TEXT_ERROR},
            **kwargs,
        )
    return serializers.RegexField(
        r"^[^\x00]*$",
        max_length=max_length,
        trim_whitespace=False,
        allow_blank=True,
        error_messages={"invalid": TEXT_ERROR},
        **kwargs,
    )


def code_field(**kwargs: Any) -> serializers.RegexField:
    return serializers.RegexField(
        CODE_PATTERN, max_length=40, trim_whitespace=False, error_messages={"invalid": CODE_ERROR}, **kwargs
    )


def version_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0,
        max_value=MAX_VERSION,
        help_text=gettext_lazy("Versi peristiwa yang Anda baca (dari GET); versi lain ditolak dengan 409."),
        **kwargs,
    )


def _query_data(request: Request, lists: tuple[str, ...]) -> dict[str, Any]:
    """The query as a plain dict (last value of each parameter, so that an empty value is refused
    like any other invalid one), the repeatable parameters as lists."""
    data: dict[str, Any] = dict(request.query_params.dict())
    for name in lists:
        if name in request.query_params:
            data[name] = request.query_params.getlist(name)
    return data


class IncidentQuerySerializer(Input):
    """The list's filters (those of the incident list page, ``filters.py``)."""

    dari = date_field(required=False, help_text=gettext_lazy("Tanggal kejadian paling awal (termasuk)."))
    sampai = date_field(required=False, help_text=gettext_lazy("Tanggal kejadian paling akhir (termasuk)."))
    wilayah = serializers.RegexField(
        FILTER_REGION_PATTERN,
        required=False,
        trim_whitespace=False,
        error_messages={"invalid": FILTER_REGION_ERROR},
        help_text=gettext_lazy("Kode wilayah: seluruh peristiwa di wilayah itu dan di bawahnya."),
    )
    kategori = serializers.ListField(
        child=code_field(),
        required=False,
        min_length=1,
        max_length=filters.MAX_CATEGORIES,
        help_text=gettext_lazy("Kode kategori (boleh diulang)."),
    )
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=Incident.Status.choices),
        required=False,
        min_length=1,
        max_length=len(Incident.Status.choices),
        help_text=gettext_lazy("draft, verified, closed (boleh diulang)."),
    )
    korban = serializers.ChoiceField(
        choices=CASUALTY_CHOICES,
        required=False,
        help_text=gettext_lazy("ya: ada yang meninggal, luka atau mengalami kekerasan seksual; tidak: sebaliknya."),
    )


class RemovedQuerySerializer(Input):
    since = serializers.DateTimeField(
        required=False,
        input_formats=["iso-8601"],
        default_timezone=UTC,
        error_messages={
            "invalid": gettext_lazy("Waktu 'since' tidak sah. Tulis waktu ISO 8601, misalnya 2020-10-05T00:00:00Z."),
            "overflow": gettext_lazy("Waktu 'since' di luar jangkauan."),
            "make_aware": gettext_lazy("Waktu 'since' tidak ada di zona itu."),
        },
        help_text=gettext_lazy("Waktu ISO 8601, mis. 2020-10-05T00:00:00Z (tanpa zona: UTC); tanpa since: sejak awal."),
    )

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except OverflowError:  # a far-off year with an offset cannot be moved to UTC
            raise serializers.ValidationError(
                {"since": [ErrorDetail(_("Waktu 'since' di luar jangkauan."), code="overflow")]}
            ) from None


class RecapQuerySerializer(Input):
    """The recap page's parameters (``views/recap.py``)."""

    periode = serializers.ChoiceField(
        choices=periods.KINDS,
        required=False,
        help_text=gettext_lazy("week, month (bawaan), quarter, four_months, year atau custom."),
    )
    tanggal = date_field(
        required=False, help_text=gettext_lazy("Tanggal di dalam periode (bawaan: hari ini); bukan untuk custom.")
    )
    dari = date_field(required=False, help_text=gettext_lazy("Awal rentang, untuk periode=custom."))
    sampai = date_field(required=False, help_text=gettext_lazy("Akhir rentang, untuk periode=custom."))
    wilayah = serializers.RegexField(
        RECAP_REGION_PATTERN,
        required=False,
        trim_whitespace=False,
        error_messages={"invalid": RECAP_REGION_ERROR},
        help_text=gettext_lazy("Provinsi atau kabupaten/kota; bawaan: tingkat Anda sendiri."),
    )
    kategori = serializers.ListField(
        child=code_field(),
        required=False,
        min_length=1,
        max_length=filters.MAX_CATEGORIES,
        help_text=gettext_lazy("Kode kategori (boleh diulang)."),
    )


class CodeQuerySerializer(Input):
    kind = serializers.ChoiceField(
        choices=IncidentCode.Kind.choices,
        required=False,
        help_text=gettext_lazy("Daftar: kategori, sumber_konflik, snpk, acled atau aktor."),
    )


class SourceInputSerializer(Input):
    kind = serializers.ChoiceField(choices=IncidentSource.Kind.choices)
    name = text_field(200, filled=True)
    # A host of ASCII labels and a letter TLD: the subset of what the model's URLValidator takes
    # that a pattern can state (so that every URL the schema allows is one the register accepts).
    url = serializers.RegexField(
        r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[0-9]{1,5})?([/?#][^\s\x00]*)?$",
        max_length=500,
        required=False,
        allow_blank=True,
        error_messages={
            "invalid": gettext_lazy("Tautan harus berupa alamat web lengkap, mis. https://www.contoh.go.id/berita.")
        },
    )
    published_on = date_field(required=False, allow_null=True)
    scale = serializers.ChoiceField(choices=IncidentSource.Scale.choices, required=False)


class ActorInputSerializer(Input):
    name = text_field(200, filled=True)
    actor_type = code_field(help_text=gettext_lazy("Kode jenis aktor (daftar aktor)."))


class IncidentWriteSerializer(Input):
    """The fields of an incident as the API writes them (create, PUT; PATCH: any subset)."""

    title = text_field(200, filled=True)
    occurred_on = date_field()
    date_precision = serializers.ChoiceField(choices=Incident.DatePrecision.choices, required=False)
    reported_on = date_field(required=False, allow_null=True)
    region = serializers.RegexField(
        INCIDENT_REGION_PATTERN,
        trim_whitespace=False,
        error_messages={"invalid": INCIDENT_REGION_ERROR},
        help_text=gettext_lazy("Wilayah paling tepat: kabupaten/kota, kecamatan atau desa (kode Kemendagri)."),
    )
    location_detail = text_field(200, required=False)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    geo_precision = serializers.ChoiceField(choices=Incident.GeoPrecision.choices, required=False)
    category = code_field(help_text=gettext_lazy("Kode kategori (daftar kategori)."))
    conflict_source = code_field(required=False, allow_null=True)
    snpk_type = code_field(required=False, allow_null=True)
    acled_event_type = code_field(required=False, allow_null=True)
    killed = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    injured = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    sexual_violence = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    buildings_damaged = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    displaced = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    narrative = text_field(20000, required=False)
    handling_stage = serializers.ChoiceField(choices=Incident.HandlingStage.choices, required=False, allow_blank=True)
    conflict_status = serializers.UUIDField(
        required=False, allow_null=True, help_text=gettext_lazy("public_id Status Keadaan Konflik dalam cakupan.")
    )
    classification = serializers.ChoiceField(choices=Incident.Classification.choices, required=False)
    allow_location_mismatch = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy("true: simpan walau titik koordinat jatuh di kabupaten/kota lain (ditandai)."),
    )


class IncidentCreateSerializer(IncidentWriteSerializer):
    sources = SourceInputSerializer(many=True, required=False, max_length=MAX_SOURCES)  # type: ignore[call-arg]
    actors = ActorInputSerializer(many=True, required=False, max_length=MAX_ACTORS)  # type: ignore[call-arg]


class IncidentUpdateSerializer(IncidentWriteSerializer):
    version = version_field()


class IncidentMergeSerializer(Input):
    duplicate = serializers.UUIDField(help_text=gettext_lazy("public_id peristiwa yang digabung ke peristiwa ini."))
    reason = text_field(REASON_MAX, required=False)


# --- output ------------------------------------------------------------------------------------


class CodeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentCode
        fields = ["code", "name"]
        read_only_fields = fields


class IncidentCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentCode
        fields = ["kind", "code", "name", "description", "order", "is_active"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    moved_from = serializers.SerializerMethodField(
        help_text=gettext_lazy("Peristiwa asal bila pindah karena digabung.")
    )

    class Meta:
        model = IncidentSource
        fields = ["kind", "name", "url", "published_on", "scale", "moved_from"]
        read_only_fields = fields

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_moved_from(self, source: IncidentSource) -> str | None:
        moved = self.context.get("moved_from", {}).get(source.moved_from_id)
        return str(moved) if moved else None


class ActorSerializer(serializers.ModelSerializer):
    actor_type = serializers.CharField(source="actor_type.code", read_only=True)

    class Meta:
        model = IncidentActor
        fields = ["name", "actor_type"]
        read_only_fields = fields


class HandlingActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingAction
        fields = ["stage", "acted_on", "description"]
        read_only_fields = fields


def utc(**kwargs: Any) -> serializers.DateTimeField:
    return serializers.DateTimeField(default_timezone=UTC, read_only=True, **kwargs)


def code_of(source: str) -> serializers.CharField:
    return serializers.CharField(source=f"{source}.code", default=None, allow_null=True, read_only=True)


class IncidentListSerializer(serializers.ModelSerializer):
    """One row of the list: no per-row query (codes and regions joined, sources prefetched)."""

    region = RegionBriefSerializer(read_only=True)
    province_code = serializers.CharField(source="province.code", default=None, allow_null=True, read_only=True)
    kabkota_code = serializers.CharField(source="kabkota.code", default=None, allow_null=True, read_only=True)
    point_kabkota_code = code_of("point_kabkota")
    location_mismatch = serializers.BooleanField(read_only=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, read_only=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, read_only=True
    )
    category = CodeBriefSerializer(read_only=True)
    conflict_source = code_of("conflict_source")
    snpk_type = code_of("snpk_type")
    acled_event_type = code_of("acled_event_type")
    has_casualties = serializers.BooleanField(read_only=True)
    sources = serializers.SerializerMethodField()
    created_at = utc()
    updated_at = utc()

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, incident: Incident) -> list[dict[str, Any]]:
        # Built directly in SourceSerializer's shape: a serializer per row costs more than the row.
        moved_from = self.context["moved_from"]
        return [
            {
                "kind": source.kind,
                "name": source.name,
                "url": source.url,
                "published_on": source.published_on.isoformat() if source.published_on else None,
                "scale": source.scale,
                "moved_from": str(moved_from[source.moved_from_id]) if source.moved_from_id in moved_from else None,
            }
            for source in self.context["sources"].get(incident.pk, [])
        ]

    class Meta:
        model = Incident
        fields = [
            "public_id",
            "title",
            "occurred_on",
            "date_precision",
            "reported_on",
            "week_start",
            "region",
            "province_code",
            "kabkota_code",
            "location_detail",
            "latitude",
            "longitude",
            "geo_precision",
            "point_kabkota_code",
            "location_mismatch",
            "category",
            "conflict_source",
            "snpk_type",
            "acled_event_type",
            *Incident.IMPACT_FIELDS,
            "has_casualties",
            "handling_stage",
            "status",
            "classification",
            "version",
            "created_at",
            "updated_at",
            "sources",
        ]
        read_only_fields = fields


class IncidentDetailSerializer(IncidentListSerializer):
    actors = ActorSerializer(many=True, read_only=True)
    handling_actions = HandlingActionSerializer(many=True, read_only=True)
    conflict_status = serializers.UUIDField(
        source="conflict_status.public_id", default=None, allow_null=True, read_only=True
    )
    merged_into = serializers.UUIDField(source="merged_into.public_id", default=None, allow_null=True, read_only=True)
    merged_at = utc(allow_null=True)

    class Meta(IncidentListSerializer.Meta):
        fields = [
            *IncidentListSerializer.Meta.fields,
            "narrative",
            "actors",
            "handling_actions",
            "conflict_status",
            "merged_into",
            "merged_at",
        ]
        read_only_fields = fields


class RemovedIncidentSerializer(serializers.ModelSerializer):
    """One entry of the removal feed: a deleted incident, or one merged into another."""

    removal = serializers.SerializerMethodField(help_text=gettext_lazy("deleted atau merged."))
    region_code = serializers.CharField(source="region.code", read_only=True)
    merged_into = serializers.UUIDField(source="merged_into.public_id", default=None, allow_null=True, read_only=True)
    deleted_at = utc(allow_null=True)
    merged_at = utc(allow_null=True)
    updated_at = utc()

    class Meta:
        model = Incident
        fields = [
            "public_id",
            "removal",
            "region_code",
            "deleted_at",
            "deleted_reason",
            "merged_into",
            "merged_at",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["deleted", "merged"]))
    def get_removal(self, incident: Incident) -> str:
        return "deleted" if incident.deleted_at is not None else "merged"


class ConflictStatusSerializer(serializers.ModelSerializer):
    region = RegionBriefSerializer(read_only=True, allow_null=True)
    days = serializers.IntegerField(read_only=True)

    class Meta:
        model = ConflictStatus
        fields = ["public_id", "scale", "region", "decree_number", "starts_on", "ends_on", "days", "note"]
        read_only_fields = fields


# The recap's shape (built directly as a dict: the recap has a time budget; this documents it).


class ImpactsSerializer(serializers.Serializer):
    incidents = serializers.IntegerField()
    with_casualties = serializers.IntegerField()
    killed = serializers.IntegerField()
    injured = serializers.IntegerField()
    sexual_violence = serializers.IntegerField()
    buildings_damaged = serializers.IntegerField()
    displaced = serializers.IntegerField()


class PeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]


class RecapRowSerializer(serializers.Serializer):
    region = RegionBriefSerializer()
    totals = ImpactsSerializer()
    by_category = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Peristiwa per kode kategori.")
    )


class TrendPointSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=gettext_lazy("Senin minggu itu, atau tanggal 1 bulan itu."))
    incidents = serializers.IntegerField()


class RecapSerializer(serializers.Serializer):
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    year_earlier_period = PeriodSerializer()
    region = RegionBriefSerializer(allow_null=True, help_text=gettext_lazy("null: nasional."))
    level = serializers.CharField(help_text=gettext_lazy("Tingkat baris: provinsi (nasional) atau kabkota."))
    categories = CodeBriefSerializer(many=True)
    totals = ImpactsSerializer()
    by_category = serializers.DictField(child=serializers.IntegerField())
    previous_totals = ImpactsSerializer()
    year_earlier_totals = ImpactsSerializer()
    rows = RecapRowSerializer(many=True)
    trend_unit = serializers.ChoiceField(choices=["week", "month"])
    trend = TrendPointSerializer(many=True)
    top_regions = RecapRowSerializer(many=True)


def _period_json(period: periods.Period) -> dict[str, Any]:
    return {"kind": period.kind, "start": period.start, "end": period.end, "label": str(period.label)}


def _region_json(region: Region) -> dict[str, Any]:
    return {"code": region.code, "name": region.name, "level": region.level, "timezone": region.timezone}


def recap_json(result: recap_data.Recap) -> dict[str, Any]:
    """The recap as the page shows it, with category ids given as their codes."""
    code_of_id = {c.pk: c.code for c in result.categories}
    missing = set(result.by_category) - set(code_of_id)
    if missing:  # categories with data outside the columns (cannot happen today; never lose a count)
        code_of_id.update(IncidentCode.objects.filter(pk__in=missing).values_list("pk", "code"))

    def by_code(counts: dict[int, int]) -> dict[str, int]:
        return {code_of_id[pk]: n for pk, n in sorted(counts.items(), key=lambda kv: code_of_id[kv[0]])}

    def row(r: recap_data.RecapRow) -> dict[str, Any]:
        return {"region": _region_json(r.region), "totals": r.totals, "by_category": by_code(r.by_category)}

    filters_ = result.filters
    assert result.previous_period is not None and result.year_earlier_period is not None
    return {
        "period": _period_json(filters_.period),
        "previous_period": _period_json(result.previous_period),
        "year_earlier_period": _period_json(result.year_earlier_period),
        "region": _region_json(filters_.region) if filters_.region is not None else None,
        "level": result.level,
        "categories": [{"code": c.code, "name": c.name} for c in result.categories],
        "totals": result.totals,
        "by_category": by_code(result.by_category),
        "previous_totals": result.previous_totals,
        "year_earlier_totals": result.year_earlier_totals,
        "rows": [row(r) for r in result.rows],
        "trend_unit": "month" if result.monthly else "week",
        "trend": [{"start": start, "incidents": n} for start, n in result.trend],
        "top_regions": [row(r) for r in result.top_regions],
    }


# --- errors ------------------------------------------------------------------------------------


CONFLICT = conflict_response(
    "Incident",
    noun="peristiwa",
    example="Peristiwa ini sudah diubah oleh Operator Kota Bandung pada 06-10-2020 09:00 WIB "
    "setelah Anda membukanya. Perubahan Anda tidak disimpan; muat ulang lalu ulangi.",
)
NOT_FOUND = OpenApiResponse(
    ErrorResponse404Serializer, description=gettext_lazy("Tidak ada, atau di luar cakupan Anda (jawaban yang sama).")
)


class IncidentConflict(Conflict):
    def __init__(self, detail: str, public_id: Any, current_version: int) -> None:
        super().__init__(detail, "stale", current_version=current_version, public_id=public_id)


def _messages(errors: list[DjangoValidationError], fallback: str) -> list[ErrorDetail]:
    out = []
    for error in errors:
        message = error.message % error.params if error.params else error.message
        out.append(ErrorDetail(str(message), code=error.code or fallback))
    return out


def as_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as DRF's 400: per field where it names one, else ``non_field_errors``."""
    fallback = getattr(exc, "code", None) or "invalid"
    if hasattr(exc, "error_dict"):
        out: dict[str, list[ErrorDetail]] = {}
        for key, errors in exc.error_dict.items():
            # A model field the API does not write (the election link): not a place in the body.
            attr = key if key in REQUEST_FIELDS else "non_field_errors"
            out.setdefault(attr, []).extend(_messages(errors, fallback))
        return exceptions.ValidationError(out)
    return exceptions.ValidationError({"non_field_errors": _messages(exc.error_list, fallback)})


def query_params(serializer_class: type[serializers.Serializer], data: dict[str, Any]) -> dict[str, Any]:
    """Validated query parameters; a repeatable parameter's errors are given under its own name
    (``kategori``), not per position, since a query has no positions a client could name."""
    params = serializer_class(data=data)
    if params.is_valid():
        return dict(params.validated_data)
    errors: dict[str, Any] = {}
    for name, found in params.errors.items():
        if isinstance(found, dict):
            flat: list[ErrorDetail] = []
            for messages in found.values():
                flat.extend(m for m in messages if m not in flat)
            errors[name] = flat
        else:
            errors[name] = found
    raise exceptions.ValidationError(errors)


def refused(messages: list[str], code: str = "invalid") -> exceptions.ValidationError:
    return exceptions.ValidationError({"non_field_errors": [ErrorDetail(str(m), code=code) for m in messages]})


def field_error(name: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [ErrorDetail(message, code="invalid")]})


REQUEST_FIELDS = frozenset(
    {*IncidentCreateSerializer().fields, *IncidentUpdateSerializer().fields, *IncidentMergeSerializer().fields}
)
# The codes a repeatable query parameter's values may be refused with (documented under its name).
LIST_PARAM_CODES = [
    "invalid",
    "blank",
    "max_length",
    "min_length",
    "not_a_list",
    "empty",
    "null",
    "null_characters_not_allowed",
    "surrogate_characters_not_allowed",
]


# --- access and paging -------------------------------------------------------------------------


class ReadsIncidents(BasePermission):
    """Only roles that read the incident register (not FKDM members) use this API at all."""

    message = gettext_lazy("Peran Anda tidak berwenang membaca register peristiwa.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.INCIDENT_READER_ROLES)


_DATE_POSITION = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateCursorPagination(CodeCursorPagination):
    """Newest first by a date, ties by id; the cursor position is the date (DRF keeps an offset
    inside a date). A position we did not issue answers 404."""

    ordering = ("-occurred_on", "-id")  # type: ignore[assignment]

    def decode_cursor(self, request: Request) -> Cursor | None:
        cursor = CursorPagination.decode_cursor(self, request)
        if cursor is not None and cursor.position is not None:
            position = str(cursor.position)
            try:
                if not _DATE_POSITION.fullmatch(position):
                    raise ValueError(position)
                date.fromisoformat(position)
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class ConflictStatusCursorPagination(DateCursorPagination):
    ordering = ("-starts_on", "-id")


class RemovalCursorPagination(CodeCursorPagination):
    """Oldest change first (a consumer reads forward from ``since``); the position is a moment."""

    ordering = ("updated_at", "id")  # type: ignore[assignment]

    def decode_cursor(self, request: Request) -> Cursor | None:
        cursor = CursorPagination.decode_cursor(self, request)
        if cursor is not None and cursor.position is not None:
            try:
                datetime.fromisoformat(str(cursor.position))
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


ITEM_LABELS = {"sources": gettext_lazy("Sumber"), "actors": gettext_lazy("Aktor")}
# The codes a source's or an actor's field may be refused with (documented under ``sources``/``actors``).
ITEM_ERROR_CODES = [
    "invalid",
    "required",
    "null",
    "blank",
    "max_length",
    "invalid_choice",
    "not_a_list",
    "null_characters_not_allowed",
    "surrogate_characters_not_allowed",
]


def _flat_items(errors: Any) -> Any:
    """Errors of the sources and actors under their list's name, numbered as the services number
    them (``Sumber 2: name: …``), so that ``attr`` is always a field of the request."""
    if not isinstance(errors, dict):
        return errors
    out = dict(errors)
    for key, label in ITEM_LABELS.items():
        found = errors.get(key)
        if found is None:
            continue
        if isinstance(found, dict) and all(isinstance(k, int) for k in found):
            items = sorted(found.items())
        elif isinstance(found, list) and any(isinstance(item, dict) for item in found):
            items = list(enumerate(found))
        else:  # the list itself (not a list, too long)
            out[key] = [m for messages in found.values() for m in messages] if isinstance(found, dict) else found
            continue
        flat: list[ErrorDetail] = []
        for index, item in items:
            # An item's errors: by field, or (an item that is not an object) a plain list.
            pairs = item.items() if isinstance(item, dict) else [("non_field_errors", item or [])]
            for field, messages in pairs:
                for message in messages:
                    where = "" if field == "non_field_errors" else f"{field}: "
                    code = getattr(message, "code", "invalid")
                    flat.append(ErrorDetail(f"{label} {index + 1}: {where}{message}", code=code))
        out[key] = flat
    return out


# --- the register --------------------------------------------------------------------------------

WRITE_ACTIONS = ["create", "update", "partial_update", "merge"]
IMPACT_FIELDS = Incident.IMPACT_FIELDS
CODE_FIELDS = {
    "category": IncidentCode.Kind.CATEGORY,
    "conflict_source": IncidentCode.Kind.CONFLICT_SOURCE,
    "snpk_type": IncidentCode.Kind.SNPK_TYPE,
    "acled_event_type": IncidentCode.Kind.ACLED_EVENT,
}
# A refusal the services raise without a field.
REFUSAL_CODES = ["invalid", "deleted", "location_mismatch"]
REGION_FIELDS = ("region", "province", "kabkota", "point_kabkota")


def attach_related(incidents: list[Incident]) -> None:
    """The regions and codes a page shows, in two queries. Joined instead (eight joins), the
    list query took PostgreSQL ~240 ms to *plan* over a million incidents, for ~2 ms to run."""
    region_ids = {getattr(i, f"{name}_id") for i in incidents for name in REGION_FIELDS} - {None}
    code_ids = {getattr(i, f"{name}_id") for i in incidents for name in CODE_FIELDS} - {None}
    regions = Region.objects.in_bulk(region_ids) if region_ids else {}
    codes = IncidentCode.objects.in_bulk(code_ids) if code_ids else {}
    for incident in incidents:
        for name in REGION_FIELDS:
            pk = getattr(incident, f"{name}_id")
            setattr(incident, name, regions[pk] if pk is not None else None)
        for name in CODE_FIELDS:
            pk = getattr(incident, f"{name}_id")
            setattr(incident, name, codes[pk] if pk is not None else None)


def _six(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


@extend_schema(tags=["peristiwa"])
@extend_validation_errors(REFUSAL_CODES, field_name="non_field_errors", actions=[*WRITE_ACTIONS, "list", "recap"])
@extend_validation_errors(["invalid"], field_name="region", actions=["create", "update", "partial_update"])
@extend_validation_errors(["invalid"], field_name="reason", actions=["merge"])
@extend_validation_errors(
    ["invalid", "location_mismatch"],
    field_name="latitude",
    actions=["create", "update", "partial_update"],
)
@extend_validation_errors(LIST_PARAM_CODES, field_name="kategori", actions=["list", "recap"])
@extend_validation_errors(
    ["invalid_choice", "max_length", "min_length", "not_a_list", "empty", "null"], field_name="status", actions=["list"]
)
@extend_validation_errors(ITEM_ERROR_CODES, field_name="sources", actions=["create"])
@extend_validation_errors(ITEM_ERROR_CODES, field_name="actors", actions=["create"])
@extend_validation_errors(
    ["invalid"],
    field_name="conflict_status",
    actions=["create", "update", "partial_update"],
)
class IncidentViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Peristiwa konflik sosial in the caller's scope. Writes go through ``services``."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    parser_classes = [IndonesianJSONParser]
    pagination_class = DateCursorPagination
    permission_classes = [ScopedAccess, ReadsIncidents]
    filter_backends: list[Any] = []
    serializer_class = IncidentDetailSerializer

    # --- plumbing

    def get_queryset(self) -> QuerySet[Incident]:
        return selectors.incidents_for(self.request.user)

    def get_object(self) -> Incident:
        incident = access.get_incident_for_user(self.request.user, self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, incident)
        return incident

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, StaleIncident):
            exc = IncidentConflict(exc.messages[0], self.kwargs.get(self.lookup_field, ""), exc.current_version)
        elif isinstance(exc, DjangoValidationError):
            exc = as_validation_error(exc)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, Http404):
            exc = NotFound(_("Data tidak ditemukan."))
        return add_conflict_fields(exc, super().handle_exception(exc))

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.MethodNotAllowed(
            request.method or "", _("Metode %(method)s tidak tersedia di alamat ini.") % {"method": request.method}
        )

    def _input(self, serializer_class: type[serializers.Serializer], *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, partial=partial)
        if not serializer.is_valid():
            raise exceptions.ValidationError(_flat_items(serializer.errors))
        return dict(serializer.validated_data)

    def _detail(self, incident: Incident, status_code: int = status.HTTP_200_OK) -> Response:
        """The incident as the caller may now see it (re-read with its sources, actors, steps)."""
        fresh = (
            Incident.objects.visible_to(self.request.user)
            .select_related("conflict_status", "merged_into")
            .prefetch_related(
                Prefetch("actors", queryset=IncidentActor.objects.select_related("actor_type")),
                "handling_actions",
            )
            .get(pk=incident.pk)
        )
        attach_related([fresh])
        context = {**self.get_serializer_context(), **sources_context([fresh])}
        return Response(IncidentDetailSerializer(fresh, context=context).data, status=status_code)

    def _region(self, code: str) -> Region:
        """The region named in the body: 404 when unknown or outside the scope (the same answer)."""
        try:
            region = resolve_region(code)
            access.get_region_for_user(self.request.user, region.code)
        except (RegionNotFound, Http404):
            raise NotFound(_("Wilayah tidak ditemukan.")) from None
        return Region.objects.select_related("kabkota", "province").get(pk=region.pk)

    def _code(self, name: str, value: str | None, current: IncidentCode | None = None) -> IncidentCode | None:
        """A reference code of the field's list: active, or the one the incident already has."""
        if value is None:
            return None
        if current is not None and current.code == value and current.kind == CODE_FIELDS[name]:
            return current
        found = IncidentCode.objects.filter(kind=CODE_FIELDS[name], code=value, is_active=True).first()
        if found is None:
            raise field_error(name, _("Kode '%(value)s' tidak dikenal untuk isian ini.") % {"value": value})
        return found

    def _conflict_status(self, value: Any) -> ConflictStatus | None:
        if value is None:
            return None
        try:
            return access.get_conflict_status_for_user(self.request.user, value)
        except Http404:
            raise field_error("conflict_status", _("Status keadaan konflik tidak ditemukan.")) from None

    def _incident_input(
        self, data: dict[str, Any], current: Incident | None = None, *, partial: bool = False
    ) -> IncidentInput:
        """The body as the services' input: over the incident's current values for a PATCH; for a
        PUT the fields left out take their defaults (the election link, not in the API, is kept)."""
        values: dict[str, Any] = {}
        if current is not None and partial:
            values = {f.name: getattr(current, f.name) for f in dataclass_fields(IncidentInput)}
            values["external_source"] = values["external_id"] = ""
        elif current is not None:
            values = {"contest": current.contest, "election_stage": current.election_stage}
        region = self._region(data["region"]) if "region" in data else None
        for name in CODE_FIELDS:
            if name in data:
                values[name] = self._code(name, data[name], getattr(current, name) if current else None)
        if "conflict_status" in data:
            values["conflict_status"] = self._conflict_status(data["conflict_status"])
        for name in ("occurred_on", "reported_on"):
            if name in data:
                values[name] = date.fromisoformat(data[name]) if data[name] else None
        for name in ("latitude", "longitude"):
            if name in data:
                values[name] = _six(data[name])
        plain = (
            "title",
            "date_precision",
            "location_detail",
            "geo_precision",
            *IMPACT_FIELDS,
            "narrative",
            "handling_stage",
            "classification",
        )
        for name in plain:
            if name in data:
                values[name] = data[name]
        if region is not None:
            values["region"] = region
        return IncidentInput(**values)

    # --- reading

    @extend_schema(
        summary=gettext_lazy("Daftar peristiwa dalam cakupan (terbaru dulu)"),
        parameters=[IncidentQuerySerializer],
        responses={200: IncidentListSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = query_params(IncidentQuerySerializer, _query_data(request, ("kategori", "status")))
        try:
            chosen = filters.parse(request.user, params)
        except filters.BadIncidentFilter as exc:
            raise refused(exc.messages) from None
        qs = chosen.apply(self.get_queryset()).defer("narrative")
        page = self.paginate_queryset(qs)
        rows = list(page or [])
        attach_related(rows)
        context = {**self.get_serializer_context(), **sources_context(rows)}
        return self.get_paginated_response(IncidentListSerializer(rows, many=True, context=context).data)

    @extend_schema(
        summary=gettext_lazy("Satu peristiwa: lokasi, kode, dampak, sumber, aktor, penanganan, versi"),
        responses={200: IncidentDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(
        summary=gettext_lazy("Umpan penghapusan: peristiwa yang dihapus atau digabung sejak suatu waktu"),
        parameters=[RemovedQuerySerializer],
        responses=RemovedIncidentSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=RemovalCursorPagination)
    def removed(self, request: Request) -> Response:
        params = RemovedQuerySerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        since = params.validated_data.get("since", datetime.min.replace(tzinfo=UTC))
        qs = selectors.removal_feed(request.user, since).select_related("region")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RemovedIncidentSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Rekap berkala: angka yang sama dengan halaman rekap"),
        parameters=[RecapQuerySerializer],
        responses={200: RecapSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def recap(self, request: Request) -> Response:
        params = query_params(RecapQuerySerializer, _query_data(request, ("kategori",)))
        query = QueryDict(mutable=True)
        for name, value in params.items():
            if isinstance(value, list):
                query.setlist(name, value)
            else:
                query[name] = value
        try:
            parsed = parse_filters(request.user, query)
        except BadRecapFilter as exc:
            raise refused([str(exc)]) from None
        return Response(recap_json(recap_data.recap(request.user, parsed.filters)))

    # --- writing

    @extend_schema(
        summary=gettext_lazy("Catat peristiwa (draf) dengan sumber dan aktornya"),
        request=IncidentCreateSerializer,
        responses={201: IncidentDetailSerializer, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(IncidentCreateSerializer)
        incident_input = self._incident_input(data)
        for number, source in enumerate(data.get("sources", []), start=1):
            try:
                if source.get("url"):
                    URLValidator()(source["url"])
            except DjangoValidationError:
                raise field_error("sources", _("Sumber %(n)d: tautan tidak sah.") % {"n": number}) from None
        sources = [
            services.SourceInput(
                kind=s["kind"],
                name=s["name"],
                url=s.get("url", ""),
                published_on=date.fromisoformat(s["published_on"]) if s.get("published_on") else None,
                scale=s.get("scale", IncidentSource.Scale.LOCAL),
            )
            for s in data.get("sources", [])
        ]
        actor_types = {
            c.code: c
            for c in IncidentCode.objects.filter(
                kind=IncidentCode.Kind.ACTOR_TYPE,
                is_active=True,
                code__in=[a["actor_type"] for a in data.get("actors", [])],
            )
        }
        actors = []
        for number, item in enumerate(data.get("actors", []), start=1):
            if item["actor_type"] not in actor_types:
                raise field_error(
                    "actors",
                    _("Aktor %(n)d: jenis aktor '%(value)s' tidak dikenal.")
                    % {"n": number, "value": item["actor_type"]},
                )
            actors.append(services.ActorInput(name=item["name"], actor_type=actor_types[item["actor_type"]]))
        incident = services.incident_create(
            actor=request.user,
            data=incident_input,
            sources=sources,
            actors=actors,
            allow_location_mismatch=data.get("allow_location_mismatch", False),
        )
        return self._detail(incident, status.HTTP_201_CREATED)

    def _update(self, request: Request, *, partial: bool) -> Response:
        incident = self.get_object()
        data = self._input(IncidentUpdateSerializer, partial=partial)
        if "version" not in data:
            raise exceptions.ValidationError({"version": [ErrorDetail(_("Versi wajib diisi."), code="required")]})
        updated = services.incident_update(
            actor=request.user,
            incident=incident,
            data=self._incident_input(data, incident, partial=partial),
            expected_version=data["version"],
            allow_location_mismatch=data.get("allow_location_mismatch", False),
        )
        return self._detail(updated)

    @extend_schema(
        summary=gettext_lazy("Ganti isian peristiwa (semua isian wajib dikirim)"),
        request=IncidentUpdateSerializer,
        responses={200: IncidentDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        summary=gettext_lazy("Ubah sebagian isian peristiwa (version wajib)"),
        request=IncidentUpdateSerializer,
        responses={200: IncidentDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)

    @extend_schema(
        summary=gettext_lazy("Gabungkan peristiwa ganda ke peristiwa ini (verifikator, analis)"),
        request=IncidentMergeSerializer,
        responses={200: IncidentDetailSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, public_id: str | None = None) -> Response:
        survivor = self.get_object()
        data = self._input(IncidentMergeSerializer)
        duplicate = access.get_incident_for_user(request.user, data["duplicate"])
        survivor = services.incident_merge(
            actor=request.user, survivor=survivor, duplicate=duplicate, reason=data.get("reason", "")
        )
        return self._detail(survivor)


def sources_context(incidents: list[Incident]) -> dict[str, Any]:
    """The sources of the listed incidents, and the public_id of the incidents any of them came
    from by a merge: two queries for a page. (A per-row ``prefetch_related`` cost ~2 ms of
    queryset cloning per incident.)"""
    by_incident: dict[int, list[IncidentSource]] = {i.pk: [] for i in incidents}
    for source in IncidentSource.objects.filter(incident_id__in=list(by_incident)).order_by(
        "incident_id", "published_on", "id"
    ):
        by_incident[source.incident_id].append(source)
    moved = {s.moved_from_id for found in by_incident.values() for s in found if s.moved_from_id is not None}
    moved_from = dict(Incident.objects.filter(pk__in=moved).values_list("pk", "public_id")) if moved else {}
    return {"sources": by_incident, "moved_from": moved_from}


# --- reference lists -----------------------------------------------------------------------------


@extend_schema(tags=["peristiwa"])
class IncidentCodeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Kode rujukan: the code lists of the register (no regional data)."""

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = [ScopedAccess, ReadsIncidents]
    schema = WaspadaAutoSchema()
    waspada_access = "public"
    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = IncidentCodeSerializer

    def get_queryset(self) -> QuerySet[IncidentCode]:
        return IncidentCode.objects.order_by("kind", "order", "name")

    @extend_schema(
        summary=gettext_lazy("Daftar kode rujukan peristiwa (kategori, sumber konflik, SNPK, ACLED, aktor)"),
        parameters=[CodeQuerySerializer],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = CodeQuerySerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        qs = self.get_queryset()
        if "kind" in params.validated_data:
            qs = qs.filter(kind=params.validated_data["kind"])
        return Response(IncidentCodeSerializer(qs, many=True).data)


@extend_schema(tags=["peristiwa"])
class ConflictStatusViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Status Keadaan Konflik in the caller's scope, newest first."""

    permission_classes = [ScopedAccess, ReadsIncidents]
    pagination_class = ConflictStatusCursorPagination
    filter_backends: list[Any] = []
    serializer_class = ConflictStatusSerializer

    def get_queryset(self) -> QuerySet[ConflictStatus]:
        return ConflictStatus.objects.visible_to(self.request.user).select_related("region")

    @extend_schema(summary=gettext_lazy("Daftar status keadaan konflik dalam cakupan"))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
