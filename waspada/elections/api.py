"""/api/v1/ for Pilkada monitoring, scoped to the caller like the pages.

- ``elections/`` (+ ``{code}/``): elections with their stage calendar and 10-day periods;
- ``contests/`` and ``candidate-pairs/``: contests and paslon in scope (filters as the pages);
- ``violations/``: list with the page filters, detail, create (through ``services``, refusals
  as 400 per field with the service's Indonesian message), and ``violations/recap/`` — the recap
  page's numbers (10-day periods, stages, regions, paslon, activities, types);
- ``health-events/``: candidates' health (``HEALTH_READER_ROLES`` only, 403 for others; every
  record returned is audited as viewed);
- ``grant-agreements/``: NPHD with planned tranches, disbursements and compliance, and
  ``grant-agreements/compliance/`` (realisation per recipient, compliance per region).

Another region's object answers 404 (the same as a missing one). See docs/api.md.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.api.pagination import MAX_PAGE_SIZE, PageSizeSerializer
from waspada.api.views import ScopedViewSet
from waspada.core.timezones import tzinfo_for
from waspada.elections import nphd, recap, selectors, services
from waspada.elections.models import (
    CandidatePair,
    Contest,
    Election,
    ElectionStage,
    GrantAgreement,
    HealthEvent,
    ProkesViolation,
)
from waspada.elections.views.common import today
from waspada.regions import access
from waspada.regions.api import RegionBriefSerializer
from waspada.regions.models import Region
from waspada.reports.api import IndonesianJSONParser, Input

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ELECTION_CODE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
RECAP_REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2})?$"
TRANCHE_STATUSES = [(k, v) for k, v in nphd.STATUS_LABELS.items()]
NOT_FOUND = OpenApiResponse(
    ErrorResponse404Serializer, description=gettext_lazy("Tidak ada, atau di luar cakupan Anda (jawaban yang sama).")
)


class IdCursorPagination(CursorPagination):
    """Stable cursor pages, newest record first (by id)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    query_serializer_class = PageSizeSerializer
    invalid_cursor_message = gettext_lazy("Kursor halaman tidak valid.")  # type: ignore[assignment]

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        params = self.query_serializer_class(data={"page_size": raw})
        params.is_valid(raise_exception=True)
        return params.validated_data.get("page_size", self.page_size)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not str(cursor.position).isdigit():
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


class ReadsElections(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang membaca data Pilkada.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.ELECTION_READER_ROLES)


class ReadsHealth(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang membaca status kesehatan calon.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.HEALTH_READER_ROLES)


def code_of_election(**kwargs: Any) -> serializers.RegexField:
    return serializers.RegexField(
        ELECTION_CODE,
        max_length=40,
        trim_whitespace=False,
        error_messages={"invalid": gettext_lazy("Kode pemilihan berupa huruf kecil, angka dan tanda hubung.")},
        help_text=gettext_lazy("Kode pemilihan, mis. pilkada-2020."),
        **kwargs,
    )


# --- query parameters -------------------------------------------------------------------------


class ElectionQuery(Input):
    pemilihan = code_of_election(required=False)


class ContestQuery(ElectionQuery):
    provinsi = serializers.RegexField(
        r"^[0-9]{2}$", required=False, trim_whitespace=False, help_text=gettext_lazy("Kode provinsi, mis. 32.")
    )
    jenis = serializers.ChoiceField(choices=Contest.Kind.choices, required=False)


class PairQuery(ElectionQuery):
    pemilihan_daerah = serializers.UUIDField(required=False, help_text=gettext_lazy("public_id pemilihan daerah."))


class ViolationQuery(ElectionQuery):
    wilayah = serializers.RegexField(
        REGION_PATTERN, required=False, trim_whitespace=False, help_text=gettext_lazy("Kode wilayah dan di bawahnya.")
    )
    pemilihan_daerah = serializers.UUIDField(required=False)
    paslon = serializers.UUIDField(required=False)
    tahapan = serializers.RegexField(ELECTION_CODE, max_length=40, required=False, trim_whitespace=False)
    kegiatan = serializers.ChoiceField(choices=ProkesViolation.Activity.choices, required=False)
    sumber = serializers.ChoiceField(choices=ProkesViolation.Source.choices, required=False)


class RecapQuery(ElectionQuery):
    wilayah = serializers.RegexField(
        RECAP_REGION_PATTERN,
        required=False,
        trim_whitespace=False,
        help_text=gettext_lazy("Provinsi (rincian per kabupaten/kota) atau kabupaten/kota."),
    )
    sumber = serializers.ChoiceField(
        choices=ProkesViolation.Source.choices,
        required=False,
        help_text=gettext_lazy("Hanya pelanggaran dari sumber ini."),
    )


class ComplianceQuery(ElectionQuery):
    per = serializers.DateField(required=False, help_text=gettext_lazy("Tanggal acuan (bawaan: hari ini)."))


# --- output -------------------------------------------------------------------------------------


class ElectionStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ElectionStage
        fields = ["code", "name", "starts_on", "ends_on", "order", "is_campaign"]


class CampaignPeriodSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ElectionSerializer(serializers.ModelSerializer):
    stages = ElectionStageSerializer(many=True, read_only=True)
    campaign_periods = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = ["code", "name", "kind", "voting_date", "legal_basis", "stages", "campaign_periods"]

    @extend_schema_field(CampaignPeriodSerializer(many=True))
    def get_campaign_periods(self, obj: Election) -> list[dict[str, Any]]:
        return CampaignPeriodSerializer(selectors.campaign_periods(obj), many=True).data  # type: ignore[return-value]


class ContestSerializer(serializers.ModelSerializer):
    election = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    region = RegionBriefSerializer(read_only=True)

    class Meta:
        model = Contest
        fields = ["public_id", "election", "region", "kind", "version"]


class CandidatePairSerializer(serializers.ModelSerializer):
    contest = serializers.SlugRelatedField(slug_field="public_id", read_only=True)  # type: ignore[var-annotated]
    parties = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CandidatePair
        fields = [
            "public_id",
            "contest",
            "ballot_number",
            "head_name",
            "deputy_name",
            "nomination_path",
            "parties",
            "is_incumbent",
            "status",
            "status_on",
            "version",
        ]


class ViolationSerializer(serializers.ModelSerializer):
    contest = serializers.SlugRelatedField(slug_field="public_id", read_only=True)  # type: ignore[var-annotated]
    pair = serializers.SlugRelatedField(slug_field="public_id", read_only=True, allow_null=True)  # type: ignore[var-annotated]
    region = RegionBriefSerializer(read_only=True)
    stage = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # type: ignore[var-annotated]
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True)

    class Meta:
        model = ProkesViolation
        fields = [
            "public_id",
            "contest",
            "pair",
            "occurred_at",
            "region",
            "place",
            "latitude",
            "longitude",
            "stage",
            "stage_overridden",
            "activity",
            "participants",
            *ProkesViolation.VIOLATION_FIELDS,
            "other_violation",
            "sanction",
            "source",
            "source_url",
            "description",
            "version",
        ]


class HealthEventSerializer(serializers.ModelSerializer):
    pair = serializers.SlugRelatedField(slug_field="public_id", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = HealthEvent
        fields = ["public_id", "pair", "person", "kind", "occurred_on", "source", "note"]


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=18, decimal_places=2, coerce_to_string=True, **kwargs)


class GrantTrancheSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    cumulative_percent = MoneyField()
    required_amount = MoneyField()
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=TRANCHE_STATUSES)
    met_on = serializers.DateField(allow_null=True)
    days_late = serializers.IntegerField()


class GrantPlannedTrancheSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    due_on = serializers.DateField()
    amount = MoneyField()


class GrantDisbursementSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    amount = MoneyField()
    reference = serializers.CharField()


class GrantTrancheComplianceSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    paid = MoneyField()
    realisation_percent = MoneyField()
    overpaid = serializers.BooleanField()
    tranches = GrantTrancheSerializer(many=True)


class GrantSerializer(serializers.ModelSerializer):
    election = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    region = RegionBriefSerializer(read_only=True)
    amount = MoneyField()

    class Meta:
        model = GrantAgreement
        fields = ["public_id", "election", "region", "recipient", "number", "signed_on", "amount", "version"]


class GrantDetailSerializer(GrantSerializer):
    planned_tranches = serializers.SerializerMethodField()
    disbursements = serializers.SerializerMethodField()
    compliance = serializers.SerializerMethodField()

    class Meta(GrantSerializer.Meta):
        fields = [*GrantSerializer.Meta.fields, "planned_tranches", "disbursements", "compliance"]

    @extend_schema_field(GrantPlannedTrancheSerializer(many=True))
    def get_planned_tranches(self, obj: GrantAgreement) -> list[dict[str, Any]]:
        return GrantPlannedTrancheSerializer(obj.planned_tranches.all(), many=True).data  # type: ignore[return-value]

    @extend_schema_field(GrantDisbursementSerializer(many=True))
    def get_disbursements(self, obj: GrantAgreement) -> list[dict[str, Any]]:
        return GrantDisbursementSerializer(obj.disbursements.order_by("paid_on", "id"), many=True).data  # type: ignore[return-value]

    @extend_schema_field(GrantTrancheComplianceSerializer)
    def get_compliance(self, obj: GrantAgreement) -> dict[str, Any]:
        day = self.context.get("as_of") or today()
        c = selectors.grant_compliance(obj, day)
        return GrantTrancheComplianceSerializer(
            {
                "as_of": day,
                "paid": c.paid,
                "realisation_percent": c.realisation_percent,
                "overpaid": c.overpaid,
                "tranches": list(c.tranches),
            }
        ).data


class ElectionRecapRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    code = serializers.CharField()
    count = serializers.IntegerField()


class CampaignPeriodCountSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    count = serializers.IntegerField()


class ViolationRecapSerializer(serializers.Serializer):
    election = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    level = serializers.ChoiceField(choices=["provinsi", "kabkota"])
    total = serializers.IntegerField()
    periods = CampaignPeriodCountSerializer(many=True)
    before_campaign = serializers.IntegerField()
    after_campaign = serializers.IntegerField()
    stages = ElectionRecapRowSerializer(many=True)
    regions = ElectionRecapRowSerializer(many=True)
    pairs = ElectionRecapRowSerializer(many=True)
    activities = ElectionRecapRowSerializer(many=True)
    types = ElectionRecapRowSerializer(many=True)


class GrantRealisationSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    agreements = serializers.IntegerField()
    amount = MoneyField()
    paid = MoneyField()
    percent = MoneyField()


class GrantRegionComplianceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agreements = serializers.IntegerField()
    amount = MoneyField()
    paid = MoneyField()
    percent = MoneyField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    worst_status = serializers.ChoiceField(choices=TRANCHE_STATUSES)


class GrantComplianceSerializer(serializers.Serializer):
    election = serializers.CharField()
    as_of = serializers.DateField()
    realisation = GrantRealisationSerializer(many=True)
    regions = GrantRegionComplianceSerializer(many=True)


# --- input --------------------------------------------------------------------------------------


class ViolationCreateSerializer(Input):
    contest = serializers.UUIDField(help_text=gettext_lazy("public_id pemilihan daerah."))
    pair = serializers.UUIDField(
        required=False, allow_null=True, help_text=gettext_lazy("public_id paslon (boleh kosong).")
    )
    occurred_at = serializers.DateTimeField(
        help_text=gettext_lazy(
            "Waktu ISO 8601 dengan zona, mis. 2020-10-10T14:30:00+07:00; tanpa zona: zona wilayahnya."
        )
    )
    region = serializers.RegexField(
        REGION_PATTERN, trim_whitespace=False, help_text=gettext_lazy("Kode wilayah lokasi.")
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    # Numbers in the schema (rounded to six decimals here); Indonesia's bounds are the service's.
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    stage = serializers.RegexField(ELECTION_CODE, max_length=40, required=False, allow_null=True, trim_whitespace=False)
    activity = serializers.ChoiceField(choices=ProkesViolation.Activity.choices)
    participants = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    over_capacity = serializers.BooleanField(required=False, default=False)
    no_masks = serializers.BooleanField(required=False, default=False)
    no_distancing = serializers.BooleanField(required=False, default=False)
    banned_activity = serializers.BooleanField(required=False, default=False)
    no_handwashing = serializers.BooleanField(required=False, default=False)
    high_temperature = serializers.BooleanField(required=False, default=False)
    other_violation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sanction = serializers.ChoiceField(choices=ProkesViolation.Sanction.choices, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=ProkesViolation.Source.choices)  # type: ignore[assignment]
    # A plain string in the schema: the URL is checked after the contest and region are found
    # (a missing one answers 404 first), with Django's validator, as the pages do.
    source_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)


# --- helpers ------------------------------------------------------------------------------------


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


def _election(params: dict[str, Any]) -> Election:
    code = params.get("pemilihan")
    election = selectors.election_by_code(code) if code else _default_election()
    if election is None:
        raise NotFound(_("Pemilihan tidak ditemukan."))
    return election


def _six(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _default_election() -> Election | None:
    from waspada.elections.views.common import default_election

    return default_election()


def _as_validation_error(exc: DjangoValidationError, fields: Any) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        out: dict[str, list[ErrorDetail]] = {}
        for key, errors in exc.error_dict.items():
            name = key if key in fields else "non_field_errors"
            out.setdefault(name, []).extend(ErrorDetail(str(m), code="invalid") for e in errors for m in e.messages)
        return exceptions.ValidationError(out)
    return exceptions.ValidationError({"non_field_errors": [ErrorDetail(str(m), code="invalid") for m in exc.messages]})


class ElectionsBase(ScopedViewSet):
    parser_classes = [IndonesianJSONParser]
    permission_classes = [*ScopedViewSet.permission_classes, ReadsElections]
    filter_backends: list[Any] = []
    pagination_class = IdCursorPagination
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, Http404):
            exc = NotFound(_("Data tidak ditemukan."))
        return super().handle_exception(exc)


# --- viewsets -------------------------------------------------------------------------------------


@extend_schema(tags=["pilkada"])
class ElectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ElectionsBase):
    """Elections with their stage calendar (national reference data)."""

    serializer_class = ElectionSerializer
    # National reference data (no regional records): the same for every signed-in officer.
    waspada_access = "public"
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"
    pagination_class = None  # type: ignore[assignment]

    def get_queryset(self) -> Any:
        return selectors.elections().prefetch_related("stages")

    def get_object(self) -> Election:
        election = self.get_queryset().filter(code=self.kwargs["code"]).first()
        if election is None:
            raise NotFound(_("Pemilihan tidak ditemukan."))
        return election

    @extend_schema(summary=gettext_lazy("Daftar pemilihan dengan jadwal tahapan"))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ElectionSerializer(self.get_queryset(), many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu pemilihan dengan jadwal tahapan"),
        responses={200: ElectionSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ElectionSerializer(self.get_object()).data)


@extend_schema(tags=["pilkada"])
class ContestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ElectionsBase):
    serializer_class = ContestSerializer

    def get_queryset(self) -> Any:
        return Contest.objects.visible_to(self.request.user).select_related("region", "election")

    def get_object(self) -> Contest:
        return access.get_contest_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Pemilihan daerah dalam cakupan"),
        parameters=[ContestQuery],
        responses={200: ContestSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(ContestQuery, request)
        election = _election(params)
        province = None
        if params.get("provinsi"):
            province = access.get_region_for_user(request.user, params["provinsi"])
        qs = selectors.contests_for_user(
            request.user, election=election, province=province, kind=params.get("jenis", "")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ContestSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Satu pemilihan daerah"), responses={200: ContestSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ContestSerializer(self.get_object()).data)


@extend_schema(tags=["pilkada"])
class CandidatePairViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ElectionsBase):
    serializer_class = CandidatePairSerializer

    def get_queryset(self) -> Any:
        return CandidatePair.objects.visible_to(self.request.user).select_related("contest")

    def get_object(self) -> CandidatePair:
        return access.get_candidate_pair_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Paslon dalam cakupan"),
        parameters=[PairQuery],
        responses={200: CandidatePairSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(PairQuery, request)
        contest = (
            access.get_contest_for_user(request.user, params["pemilihan_daerah"])
            if params.get("pemilihan_daerah")
            else None
        )
        election = _election(params) if contest is None else None
        qs = selectors.candidate_pairs_for_user(request.user, contest=contest, election=election)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CandidatePairSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Satu paslon"), responses={200: CandidatePairSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(CandidatePairSerializer(self.get_object()).data)


VIOLATION_INPUT_FIELDS = set(ViolationCreateSerializer().fields)


@extend_schema(tags=["pilkada"])
@extend_validation_errors(["invalid"], field_name="non_field_errors", actions=["create"])
@extend_validation_errors(["invalid"], field_name="occurred_at", actions=["create"])
@extend_validation_errors(["invalid"], field_name="pair", actions=["create"])
@extend_validation_errors(["invalid"], field_name="region", actions=["create"])
@extend_validation_errors(["invalid"], field_name="stage", actions=["create"])
@extend_validation_errors(["invalid"], field_name="source_url", actions=["create"])
@extend_validation_errors(["invalid"], field_name="over_capacity", actions=["create"])
class ViolationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ElectionsBase):
    serializer_class = ViolationSerializer

    def get_queryset(self) -> Any:
        return selectors.violations_for_user(self.request.user)

    def get_object(self) -> ProkesViolation:
        return access.get_violation_for_user(self.request.user, self.kwargs["public_id"])

    def _filters(self, params: dict[str, Any]) -> selectors.ViolationFilter:
        user = self.request.user
        election = _election(params)
        stage = None
        if params.get("tahapan"):
            stage = ElectionStage.objects.filter(election=election, code=params["tahapan"]).first()
            if stage is None:
                raise NotFound(_("Tahapan tidak ditemukan."))
        return selectors.ViolationFilter(
            election=election,
            contest=access.get_contest_for_user(user, params["pemilihan_daerah"])
            if params.get("pemilihan_daerah")
            else None,
            pair=access.get_candidate_pair_for_user(user, params["paslon"]) if params.get("paslon") else None,
            region=access.get_region_for_user(user, params["wilayah"]) if params.get("wilayah") else None,
            stage=stage,
            activity=params.get("kegiatan", ""),
            source=params.get("sumber", ""),
        )

    @extend_schema(
        summary=gettext_lazy("Pelanggaran prokes dalam cakupan (terbaru dicatat dulu)"),
        parameters=[ViolationQuery],
        responses={200: ViolationSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters = self._filters(_params(ViolationQuery, request))
        page = self.paginate_queryset(selectors.violations_for_user(request.user, filters))
        return self.get_paginated_response(ViolationSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu pelanggaran prokes"), responses={200: ViolationSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ViolationSerializer(self.get_object()).data)

    @extend_schema(
        summary=gettext_lazy("Catat pelanggaran prokes (tahapan dari tanggal bila tidak diberikan)"),
        request=ViolationCreateSerializer,
        responses={201: ViolationSerializer, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = ViolationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        user = request.user
        contest = access.get_contest_for_user(user, data["contest"])
        try:
            region = access.get_region_for_user(user, data["region"])
        except Http404:
            raise NotFound(_("Wilayah tidak ditemukan.")) from None
        region = Region.objects.select_related("province", "kabkota").get(pk=region.pk)
        pair = None
        if data.get("pair"):
            pair = CandidatePair.objects.visible_to(user).filter(public_id=data["pair"]).first()
            if pair is None:
                raise NotFound(_("Paslon tidak ditemukan."))
        stage = None
        if data.get("stage"):
            stage = ElectionStage.objects.filter(election_id=contest.election_id, code=data["stage"]).first()
            if stage is None:
                raise exceptions.ValidationError({"stage": [ErrorDetail(_("Tahapan tidak dikenal."), code="invalid")]})
        if data.get("source_url"):
            try:
                URLValidator()(data["source_url"])
            except DjangoValidationError:
                raise exceptions.ValidationError(
                    {"source_url": [ErrorDetail(_("Tautan sumber tidak sah."), code="invalid")]}
                ) from None
        when = data["occurred_at"]
        if when.tzinfo is None:
            when = when.replace(tzinfo=tzinfo_for(contest.region.timezone))
        try:
            violation = services.violation_create(
                actor=user,
                data=services.ViolationInput(
                    contest=contest,
                    occurred_at=when,
                    region=region,
                    pair=pair,
                    place=data.get("place", ""),
                    latitude=_six(data.get("latitude")),
                    longitude=_six(data.get("longitude")),
                    stage=stage,
                    activity=data["activity"],
                    participants=data.get("participants"),
                    other_violation=data.get("other_violation", ""),
                    sanction=data.get("sanction", ""),
                    source=data["source"],
                    source_url=data.get("source_url", ""),
                    description=data.get("description", ""),
                    **{name: bool(data.get(name)) for name in ProkesViolation.VIOLATION_FIELDS},
                ),
            )
        except DjangoValidationError as exc:
            raise _as_validation_error(exc, VIOLATION_INPUT_FIELDS) from None
        return Response(ViolationSerializer(violation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Rekap pelanggaran: angka yang sama dengan halaman rekap"),
        parameters=[RecapQuery],
        responses={200: ViolationRecapSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def recap(self, request: Request) -> Response:
        params = _params(RecapQuery, request)
        user = request.user
        election = _election(params)
        region = access.get_region_for_user(user, params["wilayah"]) if params.get("wilayah") else None
        # The election is the recap's own argument; the cells answer a source filter too.
        filters = selectors.ViolationFilter(region=region, source=params.get("sumber", ""))
        level, province = "provinsi", None
        if region is not None:
            level = "kabkota"
            province = region if region.level == Region.Level.PROVINSI else None
        o = recap.violation_overview(user, election, filters, level=level, province=province)
        pairs = recap.violations_by_pair(user, election, filters, limit=20)

        def rows(items: list[recap.Row]) -> list[dict[str, Any]]:
            return [{"key": r.key, "label": r.label, "code": r.code, "count": r.count} for r in items]

        return Response(
            ViolationRecapSerializer(
                {
                    "election": election.code,
                    "region": region.code if region else None,
                    "level": level,
                    "total": o.total,
                    "periods": [
                        {
                            "number": r.period.number,
                            "starts_on": r.period.starts_on,
                            "ends_on": r.period.ends_on,
                            "count": r.count,
                        }
                        for r in o.periods.rows
                    ],
                    "before_campaign": o.periods.before_campaign,
                    "after_campaign": o.periods.after_campaign,
                    "stages": rows(o.stages),
                    "regions": rows(o.regions),
                    "pairs": rows(pairs),
                    "activities": rows(o.activities),
                    "types": rows(o.types),
                }
            ).data
        )


@extend_schema(tags=["pilkada"])
class HealthEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ElectionsBase):
    """Candidates' health: personal data, for ``HEALTH_READER_ROLES`` only; every record
    returned is audited as viewed."""

    serializer_class = HealthEventSerializer
    permission_classes = [*ScopedViewSet.permission_classes, ReadsHealth]

    def get_queryset(self) -> Any:
        return HealthEvent.objects.visible_to(self.request.user)

    def get_object(self) -> HealthEvent:
        return access.get_health_event_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Status kesehatan calon (peran tertentu saja; setiap tampilan diaudit)"),
        parameters=[ElectionQuery],
        responses={200: HealthEventSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        election = _election(_params(ElectionQuery, request))
        page = self.paginate_queryset(selectors.health_events_for_user(request.user, election=election)) or []
        for event in page:
            services.health_event_viewed(actor=request.user, event=event)
        return self.get_paginated_response(HealthEventSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu peristiwa kesehatan calon (diaudit)"),
        responses={200: HealthEventSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self.get_object()
        services.health_event_viewed(actor=request.user, event=event)
        return Response(HealthEventSerializer(event).data)


@extend_schema(tags=["pilkada"])
class GrantAgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ElectionsBase):
    serializer_class = GrantSerializer

    def get_queryset(self) -> Any:
        return GrantAgreement.objects.visible_to(self.request.user).select_related("region", "election")

    def get_object(self) -> GrantAgreement:
        return access.get_grant_agreement_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("NPHD dalam cakupan"),
        parameters=[ElectionQuery],
        responses={200: GrantSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        election = _election(_params(ElectionQuery, request))
        page = self.paginate_queryset(selectors.grants_for_user(request.user, election=election))
        return self.get_paginated_response(GrantSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu NPHD: rencana tahap, pencairan dan kepatuhan per tahap (hari ini)"),
        responses={200: GrantDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(GrantDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary=gettext_lazy("Realisasi per penerima dan kepatuhan per wilayah (angka halaman kepatuhan)"),
        parameters=[ComplianceQuery],
        responses={200: GrantComplianceSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def compliance(self, request: Request) -> Response:
        params = _params(ComplianceQuery, request)
        election = _election(params)
        as_of: date = params.get("per") or today()
        realisation = recap.nphd_realisation(request.user, election, as_of)
        regions = recap.nphd_compliance_by_region(request.user, election, as_of)
        return Response(
            GrantComplianceSerializer(
                {
                    "election": election.code,
                    "as_of": as_of,
                    "realisation": [
                        {
                            "key": r.key,
                            "label": r.label,
                            "agreements": r.agreements,
                            "amount": r.amount,
                            "paid": r.paid,
                            "percent": r.percent,
                        }
                        for r in realisation
                    ],
                    "regions": [
                        {
                            "code": r.code,
                            "name": r.name,
                            "agreements": r.agreements,
                            "amount": r.amount,
                            "paid": r.paid,
                            "percent": r.percent,
                            "late": r.late,
                            "missing": r.missing,
                            "worst_status": r.worst_status,
                        }
                        for r in regions
                    ],
                }
            ).data
        )
