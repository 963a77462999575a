"""/api/v1/ for RAD Terpadu, scoped to the caller like the pages (read-only).

- ``action-plans/`` (+ ``{public_id}/``): plans in scope, filter ``tahun``; the detail carries
  the plan's actions;
- ``plan-actions/``: actions of plans in scope, filters ``tahun``, ``tahap``;
- ``progress-reports/`` (+ ``{public_id}/``): four-monthly progress reports in scope, filters
  ``tahun``, ``periode`` (B04/B08/B12), ``status``; the detail carries realisation per action;
- ``progress-reports/completeness/?periode=2026-B04[&provinsi=32]``: expected / received /
  on time / late / missing, by province (or by region inside one province), the page's numbers.

Writes go through ``actionplans.services`` (docs/action-plans.md "API writes"): plans (create,
``PATCH`` with JSON or multipart with the plan ``document``, soft ``DELETE ?version=&reason=``),
actions (add, change, soft delete), progress reports (open, save, submit, verify, return, evidence
files as multipart). Files are downloaded with ``GET action-plans/{public_id}/document/`` and
``GET progress-reports/{public_id}/evidence/{evidence_id}/file/`` (token or session, the pages'
access checks), whose URLs the serializers give (``document_url``, ``evidence[].url``).

Another region's object answers 404 (the same as a missing one).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.actionplans import periods, selectors, services
from waspada.actionplans.models import Action, ActionPlan, ProgressEvidence, ProgressReport
from waspada.alerts.api import text, version_field
from waspada.api.conflicts import Conflict, conflict_response
from waspada.api.files import STORED_FILE, FileDownloads, IndonesianMultiPartParser
from waspada.api.views import ScopedViewSet
from waspada.api.writes import ServiceWrites
from waspada.core.downloads import stored_file_response
from waspada.elections.api import NOT_FOUND, UUID_PATTERN, IdCursorPagination
from waspada.forums.api import DeleteQuery
from waspada.regions import access
from waspada.reports.api import IndonesianJSONParser, Input

PERIOD_KEY = r"^(20[0-9]{2}|2100)-B(04|08|12)$"


class ReadsActionPlans(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang membaca RAD Terpadu.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.ACTION_PLAN_READER_ROLES)


def _year_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=gettext_lazy("Tahun RAD, mis. 2026.")
    )


class RadPlanQuery(Input):
    tahun = _year_field()


class RadActionQuery(Input):
    tahun = _year_field()
    tahap = serializers.ChoiceField(choices=Action.Stage.choices, required=False)


class RadReportQuery(Input):
    tahun = _year_field()
    periode = serializers.ChoiceField(choices=ProgressReport.Period.choices, required=False)
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices, required=False)


class RadCompletenessQuery(Input):
    periode = serializers.RegexField(
        PERIOD_KEY,
        required=False,
        trim_whitespace=False,
        help_text=gettext_lazy("Periode caturwulan, mis. 2026-B04; tanpa ini: periode terakhir yang sudah berakhir."),
        error_messages={"invalid": gettext_lazy("Tulis periode seperti 2026-B04.")},
    )
    provinsi = serializers.RegexField(
        r"^[0-9]{2}$",
        required=False,
        trim_whitespace=False,
        help_text=gettext_lazy("Kode provinsi untuk rincian per kabupaten/kota, mis. 32."),
    )


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


# --- serializers ---------------------------------------------------------------------------------


class RadActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    plan = serializers.UUIDField(source="plan.public_id", read_only=True)
    budget = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "order",
            "stage",
            "activity",
            "responsible_units",
            "indicator",
            "target",
            "budget",
            "starts_on",
            "ends_on",
            "adjusted_for_covid",
            "adjusted_for_pilkada",
            "version",
        ]
        read_only_fields = fields


class RadPlanSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    has_document = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "title",
            "decree_number",
            "decree_date",
            "has_document",
            "document_name",
            "document_url",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_document(self, obj: ActionPlan) -> bool:
        return bool(obj.document)

    def get_document_url(self, obj: ActionPlan) -> str | None:
        # The API download (token or session), or null without a document.
        if not obj.document:
            return None
        return reverse("api:action-plan-document", kwargs={"public_id": obj.public_id})


class RadPlanDetailSerializer(RadPlanSerializer):
    actions = serializers.SerializerMethodField()

    class Meta(RadPlanSerializer.Meta):
        fields = [*RadPlanSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    @extend_schema_field(RadActionSerializer(many=True))
    def get_actions(self, obj: ActionPlan) -> list[dict[str, Any]]:
        return list(RadActionSerializer(selectors.plan_actions(obj).select_related("plan"), many=True).data)


# One evidence file of an entry; ``url`` is its API download (token or session).
class RadEvidenceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    action = serializers.UUIDField(source="entry.action.public_id")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: ProgressEvidence) -> str:
        report = self.context.get("report") or obj.entry.report
        return reverse(
            "api:progress-report-evidence-file", kwargs={"public_id": report.public_id, "evidence_id": obj.public_id}
        )


class RadEntrySerializer(serializers.Serializer):
    action = serializers.UUIDField(source="action.public_id")
    activity = serializers.CharField(source="action.activity")
    stage = serializers.ChoiceField(source="action.stage", choices=Action.Stage.choices)
    realisation = serializers.DecimalField(max_digits=5, decimal_places=2)
    narrative = serializers.CharField()
    evidence = serializers.SerializerMethodField()

    @extend_schema_field(RadEvidenceSerializer(many=True))
    def get_evidence(self, obj: Any) -> list[dict[str, Any]]:
        return list(RadEvidenceSerializer(obj.evidence.all(), many=True, context={"report": obj.report}).data)


class RadReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    plan = serializers.UUIDField(source="plan.public_id", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    period_key = serializers.SerializerMethodField()
    is_late = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "plan",
            "region",
            "region_name",
            "year",
            "period",
            "period_key",
            "status",
            "deadline",
            "first_submitted_at",
            "submitted_at",
            "decided_at",
            "return_reason",
            "is_late",
            "version",
        ]
        read_only_fields = fields

    def get_period_key(self, obj: ProgressReport) -> str:
        return obj.period_obj.key

    def get_is_late(self, obj: ProgressReport) -> bool:
        return obj.is_late()


class RadReportDetailSerializer(RadReportSerializer):
    narrative = serializers.CharField(read_only=True)
    entries = serializers.SerializerMethodField()

    class Meta(RadReportSerializer.Meta):
        fields = [*RadReportSerializer.Meta.fields, "narrative", "entries"]
        read_only_fields = fields

    @extend_schema_field(RadEntrySerializer(many=True))
    def get_entries(self, obj: ProgressReport) -> list[dict[str, Any]]:
        return list(RadEntrySerializer(selectors.report_entries(obj), many=True).data)


class RadTallySerializer(serializers.Serializer):
    expected = serializers.IntegerField()
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    completeness = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class RadCompletenessRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    tally = RadTallySerializer(allow_null=True)
    status = serializers.ChoiceField(choices=list(selectors.STATUS_LABELS), allow_blank=True)
    deadline = serializers.DateTimeField(allow_null=True)


class RadCompletenessSerializer(serializers.Serializer):
    period = serializers.CharField()
    province = serializers.CharField(allow_null=True)
    total = RadTallySerializer()
    rows = RadCompletenessRowSerializer(many=True)


# --- input (writes) -----------------------------------------------------------------------------

CONFLICT = conflict_response("ActionPlan", noun="RAD", public_id=True)
PLAN_REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2})?$"


class PlanCreateInput(Input):
    region = serializers.RegexField(
        PLAN_REGION_PATTERN, trim_whitespace=False, help_text=gettext_lazy("Provinsi atau kabupaten/kota.")
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = text(200, filled=True)
    decree_number = text(120, required=False)
    decree_date = serializers.DateField(required=False, allow_null=True)


class PlanUpdateInput(Input):
    version = version_field()
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("Tahun RAD (tetap bila laporan kemajuan sudah ada)."),
    )
    title = text(200, filled=True, required=False)
    decree_number = text(120, required=False)
    decree_date = serializers.DateField(required=False, allow_null=True)


class PlanUpdateUploadInput(PlanUpdateInput):
    document = serializers.FileField(
        required=False,
        help_text=gettext_lazy("Dokumen RAD (PDF atau dokumen kantor), dengan batas ukuran lampiran."),
        error_messages={
            "invalid": gettext_lazy("Kirim berkas sebagai bagian multipart/form-data."),
            "empty": gettext_lazy("Berkas kosong."),
        },
    )


class ActionFieldsInput(Input):
    stage = serializers.ChoiceField(choices=Action.Stage.choices)
    activity = text(300, filled=True)
    responsible_units = text(300, filled=True)
    indicator = text(300, filled=True)
    target = text(200, filled=True)
    budget = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("9999999999999999.99"),
        required=False,
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    adjusted_for_covid = serializers.BooleanField(required=False)
    adjusted_for_pilkada = serializers.BooleanField(required=False)


class ActionUpdateInput(ActionFieldsInput):
    version = version_field()


class ReportOpenInput(Input):
    period = serializers.RegexField(
        PERIOD_KEY,
        trim_whitespace=False,
        help_text=gettext_lazy("Periode caturwulan yang sudah berakhir, mis. 2026-B04."),
        error_messages={"invalid": gettext_lazy("Tulis periode seperti 2026-B04.")},
    )


class EntryInput(Input):
    realisation = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text=gettext_lazy("Realisasi dalam persen, 0–100.")
    )
    narrative = text(5000, required=False)


class ReportSaveInput(Input):
    version = version_field()
    narrative = text(10000, required=False)
    entries = serializers.DictField(
        child=EntryInput(),
        required=False,
        help_text=gettext_lazy('Per public_id aksi: {"realisation": 75, "narrative": "…"}.'),
    )


class EvidenceUploadInput(Input):
    action = serializers.UUIDField(help_text=gettext_lazy("public_id aksi yang realisasinya didukung berkas ini."))
    file = serializers.FileField(
        help_text=gettext_lazy("Bukti dukung: PDF, dokumen kantor atau gambar, dengan batas ukuran lampiran."),
        error_messages={
            "required": gettext_lazy("Berkas wajib dikirim."),
            "invalid": gettext_lazy("Kirim berkas sebagai bagian multipart/form-data."),
            "empty": gettext_lazy("Berkas kosong."),
        },
    )


class ReportSubmitInput(Input):
    version = version_field()


class ReportVerifyInput(Input):
    version = version_field()


class ReportReturnInput(Input):
    version = version_field()
    reason = text(2000, filled=True, help_text=gettext_lazy("Alasan pengembalian (dikirim ke operator wilayah)."))


# --- viewsets ------------------------------------------------------------------------------------


@contextmanager
def _status_conflict(record: ActionPlan | ProgressReport, codes: tuple[str, ...] = ("status",)) -> Iterator[None]:
    """A step the record's state does not allow (verifying a draft, returning twice, evidence on a
    submitted report, deleting a plan whose progress was submitted…): 409 ``status`` with the
    record's current version, like the alerts' lifecycle."""
    try:
        yield
    except services.PlanRefused as exc:
        if getattr(exc, "code", None) not in codes:
            raise
        current = type(record).objects.filter(pk=record.pk).values_list("version", flat=True).first()
        raise Conflict(str(exc.messages[0]), "status", current_version=current, public_id=record.public_id) from None


def _delete_query(view: ServiceWrites, request: Request) -> dict[str, Any]:
    """``?version=&reason=`` of a soft delete (the forums' query), refusals named by field."""
    view.input_fields = tuple(DeleteQuery().fields)
    return _params(DeleteQuery, request)


class RadBase(ServiceWrites, ScopedViewSet):
    parser_classes = [IndonesianJSONParser]
    permission_classes = [*ScopedViewSet.permission_classes, ReadsActionPlans]
    filter_backends: list[Any] = []
    pagination_class = IdCursorPagination
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN


@extend_schema(tags=["rad-terpadu"])
class ActionPlanViewSet(FileDownloads, mixins.ListModelMixin, mixins.RetrieveModelMixin, RadBase):
    serializer_class = RadPlanSerializer
    download_actions = ("document",)

    def get_queryset(self) -> Any:
        return selectors.plans_visible(self.request.user)

    @extend_schema(
        summary=gettext_lazy("RAD Terpadu dalam cakupan"),
        parameters=[RadPlanQuery],
        responses={200: RadPlanSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(RadPlanQuery, request)
        qs = selectors.plans_visible(request.user)
        if params.get("tahun"):
            qs = qs.filter(year=params["tahun"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RadPlanSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu RAD Terpadu dengan aksinya"),
        responses={200: RadPlanDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = access.get_action_plan_for_user(request.user, self.kwargs["public_id"])
        return Response(RadPlanDetailSerializer(plan).data)

    @extend_schema(
        summary=gettext_lazy("Susun RAD Terpadu wilayah untuk satu tahun"),
        request=PlanCreateInput,
        responses={201: RadPlanDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.input_of(PlanCreateInput, request)
        region = access.get_region_for_user(request.user, body["region"])
        existing = ActionPlan.objects.alive().filter(region=region, year=body["year"]).first()
        if existing is not None:
            raise Conflict(
                _("%(region)s sudah memiliki RAD Terpadu tahun %(year)s.")
                % {"region": region.name, "year": body["year"]},
                "exists",
                current_version=existing.version,
                public_id=existing.public_id,
            )
        plan = services.plan_create(
            actor=request.user,
            data=services.PlanInput(
                region=region,
                year=body["year"],
                title=body["title"],
                decree_number=body.get("decree_number", ""),
                decree_date=body.get("decree_date"),
            ),
        )
        fresh = access.get_action_plan_for_user(request.user, plan.public_id)
        return Response(RadPlanDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def get_parsers(self) -> builtins.list[BaseParser]:
        # PATCH takes JSON, or multipart with the plan's document (like the forums' decrees).
        request = getattr(self, "request", None)
        if request is not None and request.method == "PATCH":
            return [IndonesianJSONParser(), IndonesianMultiPartParser()]
        return super().get_parsers()

    @extend_schema(
        summary=gettext_lazy(
            "Ubah RAD Terpadu (judul, tahun, SK penetapan; JSON, atau multipart dengan dokumennya), dengan versi"
        ),
        request={"application/json": PlanUpdateInput, "multipart/form-data": PlanUpdateUploadInput},
        responses={200: RadPlanDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = access.get_action_plan_for_user(request.user, self.kwargs["public_id"])
        multipart = (request.content_type or "").startswith("multipart/")
        body = self.input_of(PlanUpdateUploadInput if multipart else PlanUpdateInput, request)
        saved = services.plan_update(
            actor=request.user,
            plan=plan,
            data=services.PlanInput(
                region=plan.region,
                year=body.get("year", plan.year),
                title=body.get("title", plan.title),
                decree_number=body.get("decree_number", plan.decree_number),
                decree_date=body.get("decree_date", plan.decree_date),
            ),
            expected_version=body["version"],
            document=body.get("document"),
        )
        fresh = access.get_action_plan_for_user(request.user, saved.public_id)
        return Response(RadPlanDetailSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy("Hapus (lunak) RAD Terpadu dengan alasan (selama belum ada laporan kemajuan terkirim)"),
        parameters=[DeleteQuery],
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = access.get_action_plan_for_user(request.user, self.kwargs["public_id"])
        query = _delete_query(self, request)
        with _status_conflict(plan, codes=("has_reports",)):
            services.plan_delete(
                actor=request.user, plan=plan, reason=query["reason"], expected_version=query["version"]
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("Tambah aksi RAD (tahap, kegiatan, penanggung jawab, indikator, target, jadwal)"),
        request=ActionFieldsInput,
        responses={201: RadActionSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def actions(self, request: Request, public_id: str) -> Response:
        plan = access.get_action_plan_for_user(request.user, public_id)
        body = self.input_of(ActionFieldsInput, request)
        created = services.action_create(actor=request.user, plan=plan, data=_action_input(body))
        return Response(RadActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Unduh dokumen RAD Terpadu (lampiran, dengan nama dan jenis saat diunggah)"),
        responses={**STORED_FILE, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path="document", pagination_class=None)
    def document(self, request: Request, public_id: str) -> Any:
        plan = access.get_action_plan_for_user(request.user, public_id)
        return stored_file_response(plan.document, filename=plan.document_name, content_type=plan.document_type)

    @extend_schema(
        summary=gettext_lazy("Buka laporan kemajuan satu periode yang sudah berakhir (atau yang sudah ada)"),
        request=ReportOpenInput,
        responses={201: RadReportDetailSerializer, 200: RadReportDetailSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="progress-reports")
    def progress_reports(self, request: Request, public_id: str) -> Response:
        plan = access.get_action_plan_for_user(request.user, public_id)
        body = self.input_of(ReportOpenInput, request)
        period = periods.Period.parse(body["period"])
        existed = ProgressReport.objects.filter(plan=plan, period=period.code).exists()
        report = services.progress_report_open(actor=request.user, plan=plan, period=period)
        fresh = access.get_progress_report_for_user(request.user, report.public_id)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(RadReportDetailSerializer(fresh).data, status=code)


def _action_input(body: dict[str, Any]) -> services.ActionInput:
    return services.ActionInput(
        stage=body["stage"],
        activity=body["activity"],
        responsible_units=body["responsible_units"],
        indicator=body["indicator"],
        target=body["target"],
        budget=body.get("budget", Decimal("0")),
        starts_on=body["starts_on"],
        ends_on=body["ends_on"],
        adjusted_for_covid=body.get("adjusted_for_covid", False),
        adjusted_for_pilkada=body.get("adjusted_for_pilkada", False),
    )


@extend_schema(tags=["rad-terpadu"])
class PlanActionViewSet(mixins.ListModelMixin, RadBase):
    serializer_class = RadActionSerializer

    def get_queryset(self) -> Any:
        return Action.objects.alive().filter(plan__in=selectors.plans_visible(self.request.user))

    @extend_schema(
        summary=gettext_lazy("Aksi RAD Terpadu dalam cakupan"),
        parameters=[RadActionQuery],
        responses={200: RadActionSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(RadActionQuery, request)
        qs = self.get_queryset().select_related("plan")
        if params.get("tahun"):
            qs = qs.filter(plan__year=params["tahun"])
        if params.get("tahap"):
            qs = qs.filter(stage=params["tahap"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RadActionSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu aksi RAD Terpadu"),
        responses={200: RadActionSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = access.get_plan_action_for_user(request.user, self.kwargs["public_id"])
        return Response(RadActionSerializer(found).data)

    @extend_schema(
        summary=gettext_lazy("Ubah aksi RAD (semua isian, dengan versi)"),
        request=ActionUpdateInput,
        responses={200: RadActionSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        current = access.get_plan_action_for_user(request.user, self.kwargs["public_id"])
        body = self.input_of(ActionUpdateInput, request)
        saved = services.action_update(
            actor=request.user, action=current, data=_action_input(body), expected_version=body["version"]
        )
        return Response(RadActionSerializer(saved).data)

    @extend_schema(
        summary=gettext_lazy("Hapus (lunak) aksi RAD dengan alasan (laporan terkirim tetap menyimpan realisasinya)"),
        parameters=[DeleteQuery],
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        current = access.get_plan_action_for_user(request.user, self.kwargs["public_id"])
        query = _delete_query(self, request)
        services.action_delete(
            actor=request.user, action=current, reason=query["reason"], expected_version=query["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["rad-terpadu"])
class ProgressReportViewSet(FileDownloads, mixins.ListModelMixin, mixins.RetrieveModelMixin, RadBase):
    serializer_class = RadReportSerializer
    download_actions = ("evidence_file",)

    def get_queryset(self) -> Any:
        return selectors.reports_visible(self.request.user).select_related("plan")

    @extend_schema(
        summary=gettext_lazy("Laporan kemajuan RAD dalam cakupan"),
        parameters=[RadReportQuery],
        responses={200: RadReportSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(RadReportQuery, request)
        qs = self.get_queryset()
        if params.get("tahun"):
            qs = qs.filter(year=params["tahun"])
        if params.get("periode"):
            qs = qs.filter(period=params["periode"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RadReportSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu laporan kemajuan dengan realisasi per aksi"),
        responses={200: RadReportDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = access.get_progress_report_for_user(request.user, self.kwargs["public_id"])
        return Response(RadReportDetailSerializer(report).data)

    @extend_schema(
        summary=gettext_lazy("Simpan realisasi per aksi (0–100 %) dan narasi laporan kemajuan"),
        request=ReportSaveInput,
        responses={200: RadReportDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = access.get_progress_report_for_user(request.user, self.kwargs["public_id"])
        body = self.input_of(ReportSaveInput, request)
        entries = {
            key: services.EntryInput(realisation=value["realisation"], narrative=value.get("narrative", ""))
            for key, value in body.get("entries", {}).items()
        }
        saved = services.progress_report_save(
            actor=request.user,
            report=report,
            entries=entries,
            narrative=body.get("narrative"),
            expected_version=body["version"],
        )
        fresh = access.get_progress_report_for_user(request.user, saved.public_id)
        return Response(RadReportDetailSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy("Kirim laporan kemajuan ke verifikator"),
        request=ReportSubmitInput,
        responses={200: RadReportDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, public_id: str) -> Response:
        report = access.get_progress_report_for_user(request.user, public_id)
        body = self.input_of(ReportSubmitInput, request)
        saved = services.progress_report_submit(actor=request.user, report=report, expected_version=body["version"])
        fresh = access.get_progress_report_for_user(request.user, saved.public_id)
        return Response(RadReportDetailSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy(
            "Verifikasi laporan kemajuan yang sudah dikirim (verifikator provinsi; laporan provinsi: analis nasional)"
        ),
        request=ReportVerifyInput,
        responses={200: RadReportDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, public_id: str) -> Response:
        report = access.get_progress_report_for_user(request.user, public_id)
        body = self.input_of(ReportVerifyInput, request)
        with _status_conflict(report):
            saved = services.progress_report_verify(actor=request.user, report=report, expected_version=body["version"])
        fresh = access.get_progress_report_for_user(request.user, saved.public_id)
        return Response(RadReportDetailSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy("Kembalikan laporan kemajuan ke wilayah dengan alasan"),
        request=ReportReturnInput,
        responses={200: RadReportDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, public_id: str) -> Response:
        report = access.get_progress_report_for_user(request.user, public_id)
        body = self.input_of(ReportReturnInput, request)
        with _status_conflict(report):
            saved = services.progress_report_return(
                actor=request.user, report=report, reason=body["reason"], expected_version=body["version"]
            )
        fresh = access.get_progress_report_for_user(request.user, saved.public_id)
        return Response(RadReportDetailSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy("Lampirkan bukti dukung (multipart) pada realisasi satu aksi selama laporan dapat diubah"),
        request={"multipart/form-data": EvidenceUploadInput},
        responses={201: RadEvidenceSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="evidence", parser_classes=[IndonesianMultiPartParser])
    def evidence(self, request: Request, public_id: str) -> Response:
        report = access.get_progress_report_for_user(request.user, public_id)
        body = self.input_of(EvidenceUploadInput, request)
        entry = report.entries.filter(action__public_id=body["action"]).select_related("action").first()
        if entry is None:
            raise exceptions.ValidationError({"action": [_("Aksi ini tidak ada dalam laporan ini.")]})
        with _status_conflict(report):
            evidence = services.evidence_add(actor=request.user, entry=entry, upload=body["file"])
        return Response(
            RadEvidenceSerializer(evidence, context={"report": report}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary=gettext_lazy("Unduh satu bukti dukung laporan kemajuan (lampiran)"),
        responses={**STORED_FILE, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=f"evidence/(?P<evidence_id>{UUID_PATTERN})/file",
        url_name="evidence-file",
        pagination_class=None,
    )
    def evidence_file(self, request: Request, public_id: str, evidence_id: str) -> Any:
        evidence = selectors.evidence_for_user(request.user, public_id, evidence_id)
        return stored_file_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)

    @extend_schema(
        summary=gettext_lazy("Kelengkapan laporan kemajuan satu periode (angka halaman kelengkapan)"),
        parameters=[RadCompletenessQuery],
        responses={200: RadCompletenessSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def completeness(self, request: Request) -> Response:
        params = _params(RadCompletenessQuery, request)
        period = (
            periods.Period.parse(params["periode"]) if params.get("periode") else periods.latest_ended(timezone.now())
        )
        province = params.get("provinsi")
        if province:
            access.get_region_for_user(request.user, province)  # 404 outside the scope
        board = selectors.completeness(request.user, period, province_code=province)

        def tally(t: Any) -> dict[str, Any] | None:
            if t is None:
                return None
            return {
                "expected": t.expected,
                "received": t.received,
                "on_time": t.on_time,
                "late": t.late,
                "missing": t.missing,
                "completeness": t.completeness,
            }

        return Response(
            RadCompletenessSerializer(
                {
                    "period": period.key,
                    "province": province,
                    "total": tally(board.total),
                    "rows": [
                        {
                            "code": r.code,
                            "name": r.name,
                            "tally": tally(r.tally),
                            "status": r.status,
                            "deadline": r.deadline,
                        }
                        for r in board.rows
                    ],
                }
            ).data
        )
