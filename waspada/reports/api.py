"""/api/v1/reports/: weekly situation reports and their completeness, scoped to the caller.

Thin, like the pages: ``access`` finds the object (404 out of scope, the same as missing),
``selectors`` read, ``services`` write (they check the role themselves and refuse with
``ReportRefused`` / ``StaleReport``). Here those refusals become JSON: 400 per field with the
service's Indonesian message, 409 for a stale version (with the current version), 403 for a
role that may not do it. See docs/api.md.
"""

from __future__ import annotations

import re
from datetime import UTC, date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from drf_standardized_errors.openapi_serializers import (
    ErrorResponse404Serializer,
    ValidationErrorEnum,
)
from drf_standardized_errors.openapi_utils import get_error_serializer
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from drf_standardized_errors.settings import package_settings
from inflection import camelize
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.accounts.models import User
from waspada.api.conflicts import Conflict, add_conflict_fields, conflict_response
from waspada.api.pagination import CodeCursorPagination
from waspada.api.permissions import ScopedAccess
from waspada.api.schema import WaspadaAutoSchema
from waspada.api.views import ScopedViewSet
from waspada.core.timezones import format_local
from waspada.regions import access
from waspada.regions.api import RegionBriefSerializer
from waspada.regions.models import Region
from waspada.regions.selectors import RegionNotFound, resolve_region
from waspada.reports import calendar, selectors, services, templating
from waspada.reports.completeness import Tally
from waspada.reports.models import ReportingPeriod, ReportSnapshot, SituationLevel, SituationReport
from waspada.reports.services import StaleReport

# --- input formats -------------------------------------------------------------------------------


def _period_pattern(first_year: int = 2000, last_year: int = 2099) -> str:
    """ISO week keys that exist: weeks 01–52 of every year, week 53 only in the long years."""
    long_years = [y for y in range(first_year, last_year + 1) if date(y, 12, 28).isocalendar()[1] == 53]
    years = "|".join(str(y) for y in long_years)
    return rf"^(20[0-9]{{2}}-W(0[1-9]|[1-4][0-9]|5[0-2])|({years})-W53)$"


PERIOD_PATTERN = _period_pattern()
PERIOD_ERROR = gettext_lazy("Periode harus berupa minggu ISO yang ada, mis. 2020-W40 (tahun 2000–2099, minggu 01–53).")
REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2})?$"
REGION_ERROR = gettext_lazy("Kode wilayah harus berbentuk 32 (provinsi) atau 32.73 (kabupaten/kota).")
PROVINCE_PATTERN = r"^[0-9]{2}$"
PROVINCE_ERROR = gettext_lazy("Kode provinsi harus dua angka, mis. 32.")
UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
MAX_VERSION = 2**31 - 1
MAX_WEEKS = 52
REASON_MAX = 5000

# Codes of the refusals the services raise without a field (``non_field_errors``).
REFUSAL_CODES = ["level", "locked", "missing", "not_open", "period", "status", "validity"]
# Request fields a service may name in a refusal; any other key is a place in the content.
REQUEST_FIELDS = frozenset({"region", "period", "content", "version", "reason", "note"})
# Any section key may come back in an error's place, even an empty one or one with line breaks
# (``{"sections": {"": …, "\r": …}}``); ``[\s\S]`` because a JSON Schema ``.`` stops at line ends.
CONTENT_PATH_PATTERN = r"^content\.sections\.[\s\S]*$"
DICT_KEY = package_settings.DICT_KEY_IN_API_SCHEMA  # "KEY": a dict key in drf-standardized-errors' attr names


def period_field(**kwargs: Any) -> serializers.RegexField:
    return serializers.RegexField(
        PERIOD_PATTERN,
        trim_whitespace=False,
        error_messages={"invalid": PERIOD_ERROR},
        help_text=gettext_lazy("Minggu ISO, mis. 2020-W40."),
        **kwargs,
    )


def region_field(**kwargs: Any) -> serializers.RegexField:
    return serializers.RegexField(
        REGION_PATTERN,
        trim_whitespace=False,
        error_messages={"invalid": REGION_ERROR},
        help_text=gettext_lazy(
            "Kode Kemendagri provinsi atau kabupaten/kota; kode 2020 (sebelum pemekaran Papua) diterima."
        ),
        **kwargs,
    )


def province_field(**kwargs: Any) -> serializers.RegexField:
    return serializers.RegexField(
        PROVINCE_PATTERN,
        trim_whitespace=False,
        error_messages={"invalid": PROVINCE_ERROR},
        help_text=gettext_lazy("Kode provinsi, mis. 32."),
        **kwargs,
    )


def version_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0,
        max_value=MAX_VERSION,
        help_text=gettext_lazy("Versi laporan yang Anda baca (dari GET); versi lain ditolak dengan 409."),
        **kwargs,
    )


NOT_AN_OBJECT = gettext_lazy("Harus berupa objek JSON.")


class IndonesianJSONParser(JSONParser):
    """DRF's JSON parser, with its (untranslated) parse error said in Indonesian."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError(_("Badan permintaan bukan JSON yang sah.")) from None


class Input(serializers.Serializer):
    """A request body or query: a JSON object, refused in Indonesian otherwise."""

    default_error_messages = {"invalid": NOT_AN_OBJECT}


class ReportContentSerializer(Input):
    sections = serializers.DictField(
        child=serializers.DictField(),
        help_text=gettext_lazy(
            'Per kode bagian templat: {"level": "waspada", "narrative": "…", "values": {"kode_indikator": 2}}.'
        ),
    )


class ReportCreateSerializer(Input):
    region = region_field()
    period = period_field()
    content = ReportContentSerializer()


class ReportUpdateSerializer(Input):
    version = version_field()
    content = ReportContentSerializer()


class ReportSubmitSerializer(Input):
    version = version_field()
    content = ReportContentSerializer(
        required=False, help_text=gettext_lazy("Isi akhir (opsional); tanpa ini draf tersimpan yang dikirim.")
    )


class ReportNilSerializer(Input):
    region = region_field()
    period = period_field()
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=templating.NARRATIVE_MAX,
        help_text=gettext_lazy("Catatan singkat."),
    )
    version = version_field(required=False)


class ReportVersionSerializer(Input):
    version = version_field()


class ReportReturnSerializer(Input):
    version = version_field()
    reason = serializers.CharField(max_length=REASON_MAX, help_text=gettext_lazy("Alasan pengembalian."))


class ReportQuerySerializer(Input):
    """The list's filters; invalid values answer 400 ``validation_error``."""

    period = period_field(required=False)
    region = region_field(required=False)
    province = province_field(required=False)
    status = serializers.ChoiceField(choices=SituationReport.Status.choices, required=False)
    is_nil = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy("true: hanya laporan nihil."),
        error_messages={"invalid": gettext_lazy("Isi dengan true atau false.")},
    )


COMPLETENESS_LEVELS = ["kabkota", "provinsi", "semua"]


class CompletenessQuerySerializer(Input):
    period = period_field(
        required=False,
    )
    level = serializers.ChoiceField(
        choices=COMPLETENESS_LEVELS,
        required=False,
        help_text=gettext_lazy("kabkota, provinsi, atau semua (bawaan)."),
    )
    province = province_field(required=False)
    weeks = serializers.IntegerField(
        min_value=1,
        max_value=MAX_WEEKS,
        required=False,
        help_text=gettext_lazy("Jumlah minggu yang berakhir pada period (1–52, bawaan 1)."),
    )


# --- output ------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "nullable": True, "example": "05-10-2020 12:00 WIB"})
class LocalTimeField(serializers.Field):
    """A moment in the zone of the report's region, as offices write it: ``05-10-2020 12:00 WIB``."""

    def __init__(self, *, zone_path: str = "region.timezone", **kwargs: Any) -> None:
        self.zone_path = zone_path.split(".")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        zone = instance
        for part in self.zone_path:
            zone = getattr(zone, part)
        return (super().get_attribute(instance), zone)

    def to_representation(self, value: Any) -> str | None:
        moment, zone = value
        return None if moment is None else format_local(moment, zone)


def utc(**kwargs: Any) -> serializers.DateTimeField:
    return serializers.DateTimeField(default_timezone=UTC, read_only=True, **kwargs)


class ReportPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["key", "start", "end"]
        read_only_fields = fields


class SituationLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = SituationLevel
        fields = ["code", "name", "rank", "colour"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "full_name"]
        read_only_fields = fields


STATUS_LABELS = dict(SituationReport.Status.choices)


class ReportListSerializer(serializers.ModelSerializer):
    """One row of the list: no per-row query (region, period and programme are joined)."""

    region = RegionBriefSerializer(read_only=True)
    period = ReportPeriodSerializer(read_only=True)
    province_code = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()
    max_level = serializers.SerializerMethodField()
    deadline = utc()
    deadline_local = LocalTimeField(source="deadline")
    was_late = serializers.BooleanField(read_only=True, allow_null=True)
    first_submitted_at = utc(allow_null=True)
    first_submitted_at_local = LocalTimeField(source="first_submitted_at")
    submitted_at = utc(allow_null=True)
    submitted_at_local = LocalTimeField(source="submitted_at")
    updated_at = utc()
    updated_at_local = LocalTimeField(source="updated_at")

    class Meta:
        model = SituationReport
        fields = [
            "public_id",
            "region",
            "province_code",
            "period",
            "status",
            "status_display",
            "is_nil",
            "max_level",
            "version",
            "deadline",
            "deadline_local",
            "was_late",
            "first_submitted_at",
            "first_submitted_at_local",
            "submitted_at",
            "submitted_at_local",
            "updated_at",
            "updated_at_local",
        ]
        read_only_fields = fields

    def get_province_code(self, report: SituationReport) -> str:
        return report.region.code[:2]

    def get_status_display(self, report: SituationReport) -> str:
        return str(STATUS_LABELS[report.status])

    @extend_schema_field(SituationLevelSerializer(allow_null=True))
    def get_max_level(self, report: SituationReport) -> dict[str, Any] | None:
        if report.max_level_rank is None:
            return None
        return self.context["levels_by_rank"].get(report.max_level_rank)


class ReportSnapshotSerializer(serializers.ModelSerializer):
    submitted_at = utc()
    submitted_at_local = LocalTimeField(source="submitted_at", zone_path="report.region.timezone")
    submitted_by = PersonSerializer(read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)

    class Meta:
        model = ReportSnapshot
        fields = [
            "number",
            "submitted_at",
            "submitted_at_local",
            "submitted_by",
            "is_nil",
            "template_version",
            "content_hash",
        ]
        read_only_fields = fields


class ReportTemplateBriefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ReportDetailSerializer(ReportListSerializer):
    template = ReportTemplateBriefSerializer(read_only=True)
    content = serializers.DictField(read_only=True, help_text=gettext_lazy("Isi laporan, per kode bagian templat."))
    levels = serializers.SerializerMethodField(
        help_text=gettext_lazy("Tingkat situasi per bagian: {kode bagian: kode}.")
    )
    created_at = utc()
    created_at_local = LocalTimeField(source="created_at")
    created_by = PersonSerializer(read_only=True)
    updated_by = PersonSerializer(read_only=True)
    submitted_by = PersonSerializer(read_only=True, allow_null=True)
    decided_at = utc(allow_null=True)
    decided_at_local = LocalTimeField(source="decided_at")
    decided_by = PersonSerializer(read_only=True, allow_null=True)
    accepted_at = utc(allow_null=True)
    accepted_at_local = LocalTimeField(source="accepted_at")
    accepted_by = PersonSerializer(read_only=True, allow_null=True)
    edit_lock = utc()
    edit_lock_local = LocalTimeField(source="edit_lock")
    reopened_until = utc(allow_null=True)
    reopened_until_local = LocalTimeField(source="reopened_until")
    snapshots = ReportSnapshotSerializer(many=True, read_only=True)

    class Meta(ReportListSerializer.Meta):
        fields = [
            *ReportListSerializer.Meta.fields,
            "template",
            "content",
            "levels",
            "return_reason",
            "reopen_reason",
            "created_at",
            "created_at_local",
            "created_by",
            "updated_by",
            "submitted_by",
            "decided_at",
            "decided_at_local",
            "decided_by",
            "accepted_at",
            "accepted_at_local",
            "accepted_by",
            "edit_lock",
            "edit_lock_local",
            "reopened_until",
            "reopened_until_local",
            "snapshots",
        ]
        read_only_fields = fields

    def get_levels(self, report: SituationReport) -> dict[str, str]:
        return templating.section_levels(report.content)


class TallySerializer(serializers.Serializer):
    expected = serializers.IntegerField()
    received = serializers.IntegerField(help_text=gettext_lazy("Terkirim (termasuk nihil), sekali per wilayah."))
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField(help_text=gettext_lazy("Belum masuk (termasuk yang belum jatuh tempo)."))
    overdue = serializers.IntegerField(help_text=gettext_lazy("Belum masuk dan sudah lewat batas waktu."))
    nil = serializers.IntegerField()
    completeness = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text=gettext_lazy("Persentase diterima."),
    )
    timeliness = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text=gettext_lazy("% tepat waktu."),
    )
    missing_codes = serializers.ListField(child=serializers.CharField())
    late_codes = serializers.ListField(child=serializers.CharField())


class ProvinceTallySerializer(TallySerializer):
    province = serializers.CharField()
    name = serializers.CharField()


class CompletenessSerializer(TallySerializer):
    period = serializers.CharField(help_text=gettext_lazy("Minggu terakhir rentang."))
    first_period = serializers.CharField(help_text=gettext_lazy("Minggu pertama rentang."))
    weeks = serializers.IntegerField()
    level = serializers.CharField(help_text=gettext_lazy("kabkota, provinsi atau semua."))
    province = serializers.CharField(allow_null=True)
    by_province = ProvinceTallySerializer(many=True)


def tally_fields(tally: Tally) -> dict[str, Any]:
    return {
        "expected": tally.expected,
        "received": tally.received,
        "on_time": tally.on_time,
        "late": tally.late,
        "missing": tally.missing,
        "overdue": tally.overdue,
        "nil": tally.nil,
        "completeness": tally.completeness,
        "timeliness": tally.timeliness,
        "missing_codes": tally.missing_codes,
        "late_codes": tally.late_codes,
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def tally_json(tally: Tally) -> dict[str, Any]:
    """``tally_fields`` as JSON values (percentages as numbers)."""
    fields = tally_fields(tally)
    fields["completeness"] = _number(tally.completeness)
    fields["timeliness"] = _number(tally.timeliness)
    return fields


# --- errors ------------------------------------------------------------------------------------


CONFLICT = conflict_response(
    "Report",
    noun="laporan",
    description=gettext_lazy("Versi basi (laporan diubah orang lain) atau laporan sudah ada."),
    example="Laporan ini sudah diubah oleh Operator Kota Bandung pada 01-10-2020 12:00 WIB "
    "setelah Anda membukanya. Perubahan Anda tidak disimpan; muat ulang laporan lalu ulangi.",
)
NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description=gettext_lazy("Wilayah tidak ditemukan."))


class ReportConflict(Conflict):
    def __init__(self, detail: str, code: str, public_id: Any, current_version: int) -> None:
        super().__init__(detail, code, current_version=current_version, public_id=public_id)


def _attr(key: str) -> str:
    """A refusal's key as a path into the request body (``content.sections.politik.narrative``)."""
    if key in REQUEST_FIELDS:
        return key
    if key == "sections":
        return "content.sections"
    return f"content.sections.{key}"


def _messages(errors: list[DjangoValidationError], fallback: str) -> list[ErrorDetail]:
    out = []
    for error in errors:
        message = error.message % error.params if error.params else error.message
        out.append(ErrorDetail(str(message), code=error.code or fallback))
    return out


def as_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as DRF's 400: per field where it names one, else ``non_field_errors``."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {_attr(key): _messages(errors, "invalid") for key, errors in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": _messages(exc.error_list, "invalid")})


class ReportSchema(WaspadaAutoSchema):
    """Content errors are keyed by the template's own codes (``content.sections.politik.narrative``),
    which no enum can list: the 400 schema gives them one entry with a pattern instead of the
    placeholder names (``content.sections.KEY``) drf-standardized-errors derives from a DictField."""

    def _get_serializer_for_validation_error_response(self) -> Any:
        by_field = self._get_validation_error_codes_by_field(self._determine_fields_with_error_codes())
        dynamic = {name for name in by_field if DICT_KEY in name.split(".")}
        if not dynamic:
            return super()._get_serializer_for_validation_error_response()
        operation = camelize(self.get_operation_id())
        parts = [
            get_error_serializer(self.get_operation_id(), name, codes)
            for name, codes in by_field.items()
            if name not in dynamic
        ]
        path_codes = sorted({code for name in dynamic for code in by_field[name]})

        class ContentPathError(serializers.Serializer):
            attr = serializers.RegexField(
                CONTENT_PATH_PATTERN, help_text=gettext_lazy("mis. content.sections.politik.narrative")
            )
            code = serializers.ChoiceField(choices=[(code, code) for code in path_codes])
            detail = serializers.CharField()

            class Meta:
                ref_name = f"{operation}ContentPathErrorComponent"

        class ValidationErrorSerializer(serializers.Serializer):
            type = serializers.ChoiceField(choices=ValidationErrorEnum.choices)
            errors = PolymorphicProxySerializer(  # type: ignore[assignment]
                component_name=f"{operation}Error",
                resource_type_field_name=None,
                serializers=[*parts, ContentPathError],
                many=True,
            )

            class Meta:
                ref_name = f"{operation}ValidationError"

        return ValidationErrorSerializer


# --- access ------------------------------------------------------------------------------------


class ReadsReports(BasePermission):
    """Only roles that read weekly reports (not FKDM members) use this API at all."""

    message = gettext_lazy("Peran Anda tidak berwenang membaca laporan situasi.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.REPORT_READER_ROLES)


_DATE_POSITION = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ReportCursorPagination(CodeCursorPagination):
    """Newest week first, then by region code; the cursor position is a week's Monday."""

    ordering = ("-period_start", "region_code")  # type: ignore[assignment]

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


WRITE_ACTIONS = ["create", "partial_update", "submit", "nil", "verify", "return_", "accept"]


@extend_schema(tags=["laporan"])
@extend_validation_errors(REFUSAL_CODES, field_name="non_field_errors", actions=WRITE_ACTIONS)
@extend_validation_errors(
    ["invalid"], field_name="content.sections.KEY", actions=["create", "partial_update", "submit"]
)
@extend_validation_errors(["unknown_period"], field_name="period", actions=["create", "nil"])
# A nested serializer's own errors come under its name (drf-standardized-errors lists only
# ``content.non_field_errors`` for them).
@extend_validation_errors(["required", "null"], field_name="content", actions=["create", "partial_update", "submit"])
class ReportViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Laporan situasi mingguan in the caller's scope. Writes go through ``services``."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    schema = ReportSchema()
    parser_classes = [IndonesianJSONParser]
    pagination_class = ReportCursorPagination
    permission_classes = [ScopedAccess, ReadsReports]
    filter_backends: list[Any] = []
    serializer_class = ReportDetailSerializer

    # --- plumbing

    def get_queryset(self) -> QuerySet[SituationReport]:
        return selectors.reports_visible(self.request.user).select_related("programme")

    def get_object(self) -> SituationReport:
        report = access.get_report_for_user(self.request.user, self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, report)
        return report

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        # Serialised once per request, not once per row.
        context["levels_by_rank"] = {level.rank: SituationLevelSerializer(level).data for level in selectors.levels()}
        return context

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, StaleReport):
            exc = ReportConflict(exc.messages[0], "stale", self.kwargs[self.lookup_field], exc.current_version)
        elif isinstance(exc, DjangoValidationError):
            exc = as_validation_error(exc)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, Http404):
            exc = NotFound()
        return add_conflict_fields(exc, super().handle_exception(exc))

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.MethodNotAllowed(
            request.method or "", _("Metode %(method)s tidak tersedia di alamat ini.") % {"method": request.method}
        )

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _detail(self, report: SituationReport, status_code: int = status.HTTP_200_OK) -> Response:
        """The report as the caller may now see it (re-read, with its people and snapshots)."""
        fresh = (
            self.get_queryset()
            .select_related("template", "created_by", "updated_by", "submitted_by", "decided_by", "accepted_by")
            .prefetch_related(
                Prefetch(
                    "snapshots",
                    queryset=ReportSnapshot.objects.select_related("submitted_by", "template").order_by("number"),
                )
            )
            .get(pk=report.pk)
        )
        return Response(self.get_serializer(fresh).data, status=status_code)

    def _writable_region(self, code: str) -> Region:
        """The region named in the body: 404 when unknown or outside the scope (the same
        answer), 403 when the caller may see it but not write its report."""
        user = self.request.user
        try:
            region = resolve_region(code)
            access.get_region_for_user(user, region.code)
        except (RegionNotFound, Http404):
            raise NotFound(_("Wilayah tidak ditemukan.")) from None
        if not access.can_write_report(user, region):
            raise exceptions.PermissionDenied(_("Peran Anda tidak berwenang menulis laporan wilayah ini."))
        return region

    def _opened_period(self, key: str) -> ReportingPeriod:
        period = selectors.report_period(key)
        if period is None:
            raise exceptions.ValidationError(
                {
                    "period": [
                        ErrorDetail(
                            _("Periode %(period)s belum dibuka untuk pelaporan.") % {"period": key},
                            code="unknown_period",
                        )
                    ]
                }
            )
        return period

    def _refuse_existing(self, region: Region, period: ReportingPeriod) -> None:
        existing = selectors.report_for(self.request.user, region, period)
        if existing is not None:
            raise ReportConflict(
                _("Laporan %(region)s periode %(period)s sudah ada; ubah laporan itu dengan versinya.")
                % {"region": region.name, "period": period.key},
                "exists",
                existing.public_id,
                existing.version,
            )

    # --- reading

    @extend_schema(
        summary=gettext_lazy("Daftar laporan dalam cakupan"),
        parameters=[ReportQuerySerializer],
        responses=ReportListSerializer(many=True),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A plain dict, so that an empty ``period=`` is refused like any other invalid value.
        params = ReportQuerySerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        qs = (
            selectors.report_list(request.user, status=data.get("status", ""))
            .select_related(None)
            .select_related("region", "period", "programme")  # what a row shows; not the province
            .defer("content", "search_text")
        )
        # By the period's and the province's ids, not by a join on their key/code: SQLite
        # otherwise scans every report of the nation (0.8 s on 135,000 reports).
        if "period" in data:
            period = selectors.report_period(data["period"])
            qs = qs.filter(period=period) if period is not None else qs.none()
        if "province" in data:
            province = Region.objects.filter(level=Region.Level.PROVINSI, code=data["province"]).first()
            qs = qs.filter(province=province) if province is not None else qs.none()
        if "region" in data:
            try:
                qs = qs.filter(region=resolve_region(data["region"]))
            except RegionNotFound:
                qs = qs.none()
        if "is_nil" in data:
            qs = qs.filter(is_nil=data["is_nil"])
        qs = qs.annotate(period_start=F("period__start"), region_code=F("region__code"))
        page = self.paginate_queryset(qs)
        serializer = ReportListSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @extend_schema(summary=gettext_lazy("Satu laporan: isi, tingkat, status, waktu, salinan kiriman"))
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    # --- writing

    @extend_schema(
        summary=gettext_lazy("Buat draf laporan"),
        request=ReportCreateSerializer,
        responses={201: ReportDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(ReportCreateSerializer)
        region = self._writable_region(data["region"])
        period = self._opened_period(data["period"])
        self._refuse_existing(region, period)
        try:
            report = services.report_save_draft(
                user=request.user, region=region, period=period, content=data["content"], version=None
            )
        except IntegrityError:  # created by someone else a moment ago
            self._refuse_existing(region, period)
            raise
        return self._detail(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Ubah isi draf (atau laporan yang dikembalikan)"),
        request=ReportUpdateSerializer,
        responses={200: ReportDetailSerializer, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = self._input(ReportUpdateSerializer)
        report = services.report_save_draft(
            user=request.user,
            region=report.region,
            period=report.period,
            content=data["content"],
            version=data["version"],
        )
        return self._detail(report)

    @extend_schema(
        summary=gettext_lazy("Kirim laporan"),
        request=ReportSubmitSerializer,
        responses={200: ReportDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, public_id: str | None = None) -> Response:
        report = self.get_object()
        data = self._input(ReportSubmitSerializer)
        report = services.report_submit(
            user=request.user, report=report, version=data["version"], content=data.get("content")
        )
        return self._detail(report)

    @extend_schema(
        summary=gettext_lazy("Kirim laporan nihil"),
        request=ReportNilSerializer,
        responses={
            201: OpenApiResponse(ReportDetailSerializer, description=gettext_lazy("Laporan nihil baru.")),
            200: OpenApiResponse(
                ReportDetailSerializer, description=gettext_lazy("Draf yang ada dikirim sebagai nihil.")
            ),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @action(detail=False, methods=["post"])
    def nil(self, request: Request) -> Response:
        data = self._input(ReportNilSerializer)
        region = self._writable_region(data["region"])
        period = self._opened_period(data["period"])
        existing = selectors.report_for(request.user, region, period)
        try:
            report = services.report_submit_nil(
                user=request.user, region=region, period=period, version=data.get("version"), note=data.get("note", "")
            )
        except StaleReport as stale:
            public_id = existing.public_id if existing is not None else ""
            raise ReportConflict(stale.messages[0], "stale", public_id, stale.current_version) from None
        return self._detail(report, status.HTTP_200_OK if existing else status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Verifikasi laporan"),
        request=ReportVersionSerializer,
        responses={200: ReportDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, public_id: str | None = None) -> Response:
        report = self.get_object()
        data = self._input(ReportVersionSerializer)
        return self._detail(services.report_verify(user=request.user, report=report, version=data["version"]))

    @extend_schema(
        summary=gettext_lazy("Kembalikan laporan dengan alasan"),
        request=ReportReturnSerializer,
        responses={200: ReportDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, public_id: str | None = None) -> Response:
        report = self.get_object()
        data = self._input(ReportReturnSerializer)
        report = services.report_return(
            user=request.user, report=report, version=data["version"], reason=data["reason"]
        )
        return self._detail(report)

    @extend_schema(
        summary=gettext_lazy("Terima laporan (analis nasional)"),
        request=ReportVersionSerializer,
        responses={200: ReportDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, public_id: str | None = None) -> Response:
        report = self.get_object()
        data = self._input(ReportVersionSerializer)
        return self._detail(services.report_accept(user=request.user, report=report, version=data["version"]))

    # --- completeness

    @extend_schema(
        summary=gettext_lazy("Kelengkapan dan ketepatan waktu pelaporan"),
        parameters=[CompletenessQuerySerializer],
        responses=CompletenessSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def completeness(self, request: Request) -> Response:
        params = CompletenessQuerySerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        last = calendar.Week.parse(data["period"]) if "period" in data else selectors.default_week()
        count = data.get("weeks", 1)
        weeks = [last.shifted(-i) for i in reversed(range(count))]
        level = data.get("level", "semua")
        province = data.get("province")
        result = selectors.completeness(
            request.user,
            weeks=weeks,
            level=None if level == "semua" else level,
            province_code=province,
        )
        # Province names are reference data; the codes come from the caller's scoped figures.
        names = dict(
            Region.objects.filter(
                level=Region.Level.PROVINSI, code__in=[str(code) for code in result.by_province]
            ).values_list("code", "name")
        )
        # Built directly in the shape of CompletenessSerializer (which documents it): this
        # endpoint has a 50 ms budget at national scale.
        body = {
            "period": last.key,
            "first_period": weeks[0].key,
            "weeks": count,
            "level": level,
            "province": province,
            **tally_json(result.total),
            "by_province": [
                {"province": str(code), "name": names.get(str(code), str(code)), **tally_json(tally)}
                for code, tally in sorted(result.by_province.items(), key=lambda item: str(item[0]))
            ],
        }
        return Response(body)
