"""/api/v1/ for early detection, scoped to the caller like the pages (docs/api.md):

- ``alerts/``: list with the list page's filters, detail with the evidence and the action log, and
  the lifecycle as POST actions (``verify``, ``assess``, ``assign``, ``act``, ``escalate``,
  ``close``, ``comment``) through ``waspada.alerts.services``;
- ``information-reports/``: Laporan Informasi list (need-to-know visibility), detail and create
  (through ``li_services``; attachments only through the page);
- ``triage/``: POST a text → the regions it names, a suggested category and the drafts.

Refusals: 400 per field with the service's Indonesian message; 409 for a stale version (with the
current one) or an action the alert's state does not allow; 403 for a role without the right;
another region's object (or an LI the user may not know of) answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.accounts.models import User
from waspada.alerts import li_selectors, li_services, selectors, services
from waspada.alerts.li_services import InformationReportInput, StaleInformationReport
from waspada.alerts.models import Alert, AlertAction, AlertRule, InformationReport
from waspada.alerts.services import StaleAlert
from waspada.alerts.triage import service as triage_service
from waspada.api.conflicts import Conflict, add_conflict_fields, conflict_response
from waspada.api.views import ScopedViewSet
from waspada.core.timezones import tzinfo_for
from waspada.elections.api import IdCursorPagination
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports.api import PERIOD_PATTERN, IndonesianJSONParser, Input

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_VERSION = 2**31 - 1
NOT_FOUND = OpenApiResponse(
    ErrorResponse404Serializer, description=gettext_lazy("Tidak ada, atau di luar cakupan Anda (jawaban yang sama).")
)


CONFLICT = conflict_response(
    "Alert",
    noun="peringatan",
    public_id=False,
    nullable_version=True,
    description=gettext_lazy("Versi sudah berubah (current_version) atau status tidak mengizinkan tindakan ini."),
    example="Peringatan ini sudah diubah orang lain setelah Anda membukanya. Muat ulang halaman lalu ulangi.",
)


class StrictRegexField(serializers.RegexField):
    """Text as text: a number or a boolean is refused (DRF would turn ``0`` into ``"0"``)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def text(max_length: int, *, filled: bool = False, **kwargs: Any) -> StrictRegexField:
    """Free text without NUL; ``filled``: with at least one visible character."""
    pattern = r"^[^\x00]*\S[^\x00]*$" if filled else r"^[^\x00]*$"
    message = (
        gettext_lazy("Isi dengan teks (tidak boleh kosong, tanpa karakter NUL).")
        if filled
        else gettext_lazy("Isi dengan teks tanpa karakter NUL.")
    )
    return StrictRegexField(
        pattern,
        max_length=max_length,
        trim_whitespace=False,
        allow_blank=not filled,
        error_messages={"invalid": message},
        **kwargs,
    )


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text=gettext_lazy("Versi yang Anda baca (penguncian optimistis).")
    )


# --- permissions ---------------------------------------------------------------------------------


class ReadsAlerts(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang melihat peringatan dini.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.ALERT_READER_ROLES)


class ReadsInformationReports(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang melihat Laporan Informasi.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & (access.INCIDENT_READER_ROLES | {"fkdm"}))


class UsesTriage(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang memakai triase teks.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return access.can_use_triage(request.user)


# --- output --------------------------------------------------------------------------------------


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class AlertSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer()
    rule: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    owner: Any = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    source_report: Any = serializers.SlugRelatedField(slug_field="public_id", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "public_id",
            "title",
            "status",
            "region",
            "week_key",
            "rule",
            "observed",
            "threshold",
            "likelihood",
            "consequence",
            "risk",
            "owner",
            "due_on",
            "escalation",
            "outcome",
            "source_report",
            "created_at",
            "verified_at",
            "responded_at",
            "closed_at",
            "version",
            "overdue",
        ]

    def get_overdue(self, obj: Alert) -> bool:
        return services.is_overdue(obj)


class AlertActionSerializer(serializers.ModelSerializer):
    user: Any = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = AlertAction
        fields = ["kind", "note", "data", "user", "at"]


class AlertDetailSerializer(AlertSerializer):
    evidence = serializers.JSONField()
    actions = AlertActionSerializer(many=True, source="actions.all")

    class Meta(AlertSerializer.Meta):
        fields = [*AlertSerializer.Meta.fields, "evidence", "actions"]


class InformationReportSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer()
    reporter: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)
    source_grade: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    information_grade: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = InformationReport
        fields = [
            "public_id",
            "title",
            "region",
            "reporter",
            "source_description",
            "source_relation",
            "obtained_how",
            "obtained_at",
            "source_grade",
            "information_grade",
            "fact_what",
            "fact_when",
            "fact_where",
            "fact_who",
            "fact_how",
            "fact_why",
            "opinion",
            "classification",
            "status",
            "created_at",
            "version",
        ]


class LinkedSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    title = serializers.CharField()


class InformationReportDetailSerializer(InformationReportSerializer):
    attachments = serializers.SerializerMethodField()
    alerts = serializers.SerializerMethodField()
    incidents = serializers.SerializerMethodField()

    class Meta(InformationReportSerializer.Meta):
        fields = [*InformationReportSerializer.Meta.fields, "attachments", "alerts", "incidents"]

    def get_attachments(self, obj: InformationReport) -> list[str]:
        return [a.original_name for a in li_selectors.attachments_of(obj)]

    def _user(self) -> Any:
        return self.context["request"].user

    def get_alerts(self, obj: InformationReport) -> list[dict[str, Any]]:
        return [{"public_id": a.public_id, "title": a.title} for a in li_selectors.linked_alerts(self._user(), obj)]

    def get_incidents(self, obj: InformationReport) -> list[dict[str, Any]]:
        return [{"public_id": i.public_id, "title": i.title} for i in li_selectors.linked_incidents(self._user(), obj)]


# --- input ---------------------------------------------------------------------------------------


class AlertQuery(Input):
    status = serializers.ChoiceField(choices=["terbuka", *Alert.Status.values], required=False)
    aturan = StrictRegexField(SLUG_PATTERN, max_length=60, required=False, trim_whitespace=False)
    wilayah = StrictRegexField(REGION_PATTERN, required=False, trim_whitespace=False)
    dari = StrictRegexField(PERIOD_PATTERN, required=False, trim_whitespace=False)
    sampai = StrictRegexField(PERIOD_PATTERN, required=False, trim_whitespace=False)
    risiko = serializers.ChoiceField(choices=Alert.Risk.values, required=False)
    terlambat = serializers.BooleanField(required=False, default=False)


class VerifyInput(Input):
    decision = serializers.ChoiceField(choices=list(services.VERIFY_DECISIONS))
    note = text(services.MAX_NOTE, required=False, default="")
    version = version_field()


class AssessInput(Input):
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    consequence = serializers.IntegerField(min_value=1, max_value=5)
    note = text(services.MAX_NOTE, required=False, default="")
    version = version_field()


class AssignInput(Input):
    owner = StrictRegexField(r"^[\w.@+-]+$", max_length=150, trim_whitespace=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    note = text(services.MAX_NOTE, required=False, default="")
    version = version_field()


class NoteInput(Input):
    note = text(services.MAX_NOTE, filled=True)
    version = version_field()


class EscalateInput(Input):
    to = serializers.ChoiceField(choices=[Alert.Escalation.PROVINCE, Alert.Escalation.NATIONAL])
    note = text(services.MAX_NOTE, filled=True)
    version = version_field()


class CloseInput(Input):
    outcome = text(services.MAX_NOTE, filled=True)
    version = version_field()


class CommentInput(Input):
    note = text(services.MAX_NOTE, filled=True)


class InformationReportQuery(Input):
    klasifikasi = serializers.ChoiceField(choices=InformationReport.Classification.choices, required=False)
    status = serializers.ChoiceField(choices=InformationReport.Status.choices, required=False)
    wilayah = StrictRegexField(REGION_PATTERN, required=False, trim_whitespace=False)
    nilai_sumber = serializers.ChoiceField(choices=["A", "B", "C", "D", "E", "F"], required=False)
    q = text(li_selectors.MAX_QUERY, required=False)


class InformationReportCreateInput(Input):
    region = StrictRegexField(
        REGION_PATTERN, trim_whitespace=False, help_text=gettext_lazy("Kode wilayah dalam cakupan Anda, mis. 32.73.")
    )
    title = text(200, filled=True)
    source_description = text(200, filled=True)
    source_relation = text(200, required=False, default="")
    obtained_how = text(200, filled=True)
    obtained_at = serializers.DateTimeField(
        help_text=gettext_lazy("Waktu ISO 8601; tanpa zona: zona wilayahnya. Tidak boleh di masa depan.")
    )
    source_grade = serializers.ChoiceField(
        choices=["A", "B", "C", "D", "E", "F"],
        help_text=gettext_lazy("Nilai sumber A–F (wajib: LI tanpa penilaian sumber ditolak)."),
    )
    information_grade = serializers.ChoiceField(choices=["1", "2", "3", "4", "5"])
    fact_what = text(li_services.MAX_TEXT, filled=True)
    fact_when = text(200, filled=True)
    fact_where = text(200, filled=True)
    fact_who = text(li_services.MAX_TEXT, required=False, default="")
    fact_how = text(li_services.MAX_TEXT, required=False, default="")
    fact_why = text(li_services.MAX_TEXT, required=False, default="")
    opinion = text(li_services.MAX_TEXT, required=False, default="")
    classification = serializers.ChoiceField(
        choices=InformationReport.Classification.choices, required=False, default="biasa"
    )


class TriageInput(Input):
    text = StrictRegexField(
        r"^[^\x00]*\S[^\x00]*$",
        max_length=triage_service.MAX_CHARS,
        trim_whitespace=False,
        error_messages={
            "invalid": gettext_lazy("Teks kosong. Tempelkan teks berita, pesan atau fakta LI."),
            "blank": gettext_lazy("Teks kosong. Tempelkan teks berita, pesan atau fakta LI."),
            "required": gettext_lazy("Teks kosong. Tempelkan teks berita, pesan atau fakta LI."),
            "max_length": gettext_lazy("Teks terlalu panjang: paling banyak {max_length} karakter."),
        },
    )


class TriageRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    confidence = serializers.FloatField()
    in_scope = serializers.BooleanField()


class TriageCategorySerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    confidence = serializers.FloatField()
    abstained = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class TriageResultSerializer(serializers.Serializer):
    regions = TriageRegionSerializer(many=True)
    category = TriageCategorySerializer()
    incident_draft = serializers.DictField(child=serializers.CharField())
    information_report_draft = serializers.DictField(child=serializers.CharField())


# --- helpers -------------------------------------------------------------------------------------


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


def _body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _as_api_error(exc: DjangoValidationError, fields: Any = ()) -> exceptions.APIException:
    if isinstance(exc, StaleAlert | StaleInformationReport):
        return Conflict(str(exc.messages[0]), "stale", current_version=exc.current_version)
    if getattr(exc, "code", None) in ("status", "exists"):
        return Conflict(str(exc.messages[0]), "status")
    if hasattr(exc, "error_dict"):
        out: dict[str, list[ErrorDetail]] = {}
        for key, errors in exc.error_dict.items():
            name = key if key in fields else "non_field_errors"
            out.setdefault(name, []).extend(ErrorDetail(str(m), code="invalid") for e in errors for m in e.messages)
        return exceptions.ValidationError(out)
    return exceptions.ValidationError({"non_field_errors": [ErrorDetail(str(m), code="invalid") for m in exc.messages]})


class AlertsBase(ScopedViewSet):
    parser_classes = [IndonesianJSONParser]
    filter_backends: list[Any] = []
    pagination_class = IdCursorPagination
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, Http404):
            exc = NotFound(_("Data tidak ditemukan."))
        elif isinstance(exc, DjangoValidationError):
            exc = _as_api_error(exc, getattr(self, "input_fields", ()))
        return add_conflict_fields(exc, super().handle_exception(exc))

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.MethodNotAllowed(
            request.method or "", _("Metode %(method)s tidak tersedia di alamat ini.") % {"method": request.method}
        )


# --- alerts --------------------------------------------------------------------------------------


@extend_schema(tags=["peringatan"])
class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AlertsBase):
    """Peringatan dini in scope and their lifecycle."""

    serializer_class = AlertSerializer
    permission_classes = [*ScopedViewSet.permission_classes, ReadsAlerts]
    input_fields = ("decision", "likelihood", "consequence", "owner", "due_on", "note", "to", "outcome")

    def get_queryset(self) -> Any:
        return selectors.alerts_for(self.request.user)

    def get_object(self) -> Alert:
        return access.get_alert_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Peringatan dini dalam cakupan (filter seperti halaman daftar)"),
        parameters=[AlertQuery],
        responses={200: AlertSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(AlertQuery, request)
        user = request.user
        if params.get("aturan") and not AlertRule.objects.filter(code=params["aturan"]).exists():
            raise NotFound(_("Aturan tidak ditemukan."))
        if params.get("wilayah") and not Region.objects.visible_to(user).filter(code=params["wilayah"]).exists():
            raise NotFound(_("Wilayah tidak ditemukan dalam cakupan Anda."))
        raw = {k: ("1" if v is True else v) for k, v in params.items() if v not in ("", None, False)}
        filters = selectors.parse_filters(user, raw)
        if filters.errors:
            raise exceptions.ValidationError({"non_field_errors": filters.errors})
        page = self.paginate_queryset(selectors.alert_list(user, filters))
        return self.get_paginated_response(AlertSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu peringatan dengan bukti dan riwayat tindakan"),
        responses={200: AlertDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(AlertDetailSerializer(self.get_object()).data)

    def _done(self, alert: Alert) -> Response:
        fresh = access.get_alert_for_user(self.request.user, alert.public_id)
        return Response(AlertDetailSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy("Verifikasi: buang (alasan wajib), pantau, atau kaji"),
        request=VerifyInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(VerifyInput, request)
        return self._done(
            services.verify(
                user=request.user,
                alert=alert,
                decision=data["decision"],
                note=data["note"],
                version=data["version"],
            )
        )

    @extend_schema(
        summary=gettext_lazy("Penilaian risiko: kemungkinan × dampak"),
        request=AssessInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(AssessInput, request)
        return self._done(
            services.assess_risk(
                user=request.user,
                alert=alert,
                likelihood=data["likelihood"],
                consequence=data["consequence"],
                note=data["note"],
                version=data["version"],
            )
        )

    @extend_schema(
        summary=gettext_lazy("Penanganan: penanggung jawab (nama pengguna) dan batas waktu"),
        request=AssignInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(AssignInput, request)
        owner = User.objects.filter(username=data["owner"], is_active=True).first()
        if owner is None:
            raise exceptions.ValidationError({"owner": [_("Pengguna tidak ditemukan.")]})
        return self._done(
            services.assign_response(
                user=request.user,
                alert=alert,
                owner=owner,
                due_on=data.get("due_on"),
                note=data["note"],
                version=data["version"],
            )
        )

    @extend_schema(
        summary=gettext_lazy("Catat tindakan penanganan"),
        request=NoteInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(NoteInput, request)
        return self._done(
            services.record_action(user=request.user, alert=alert, note=data["note"], version=data["version"])
        )

    @extend_schema(
        summary=gettext_lazy("Eskalasi ke provinsi atau nasional"),
        request=EscalateInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(EscalateInput, request)
        return self._done(
            services.escalate(user=request.user, alert=alert, to=data["to"], note=data["note"], version=data["version"])
        )

    @extend_schema(
        summary=gettext_lazy("Tutup dengan hasil"),
        request=CloseInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(CloseInput, request)
        return self._done(
            services.close(user=request.user, alert=alert, outcome=data["outcome"], version=data["version"])
        )

    @extend_schema(
        summary=gettext_lazy("Catatan (pada status apa pun)"),
        request=CommentInput,
        responses={200: AlertDetailSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, public_id: str) -> Response:
        alert = self.get_object()  # 404 out of scope before any input check
        data = _body(CommentInput, request)
        return self._done(services.comment(user=request.user, alert=alert, note=data["note"]))


# --- Laporan Informasi ---------------------------------------------------------------------------

LI_INPUT_FIELDS = set(InformationReportCreateInput().fields)


@extend_schema(tags=["laporan-informasi"])
class InformationReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AlertsBase):
    """Laporan Informasi the caller may know of (need-to-know)."""

    serializer_class = InformationReportSerializer
    permission_classes = [*ScopedViewSet.permission_classes, ReadsInformationReports]
    input_fields = tuple(LI_INPUT_FIELDS)

    def get_queryset(self) -> Any:
        return li_selectors.reports_for(self.request.user)

    def get_object(self) -> InformationReport:
        return access.get_information_report_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Laporan Informasi yang boleh Anda ketahui"),
        parameters=[InformationReportQuery],
        responses={200: InformationReportSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(InformationReportQuery, request)
        filters = li_selectors.parse_filters({k: str(v) for k, v in params.items()})
        page = self.paginate_queryset(li_selectors.report_list(request.user, filters))
        return self.get_paginated_response(InformationReportSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu Laporan Informasi dengan lampiran dan tautannya"),
        responses={200: InformationReportDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(InformationReportDetailSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(
        summary=gettext_lazy("Kirim Laporan Informasi (lampiran lewat halaman)"),
        request=InformationReportCreateInput,
        responses={201: InformationReportDetailSerializer, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _body(InformationReportCreateInput, request)
        user = request.user
        li_services.require_submit(user)
        try:
            region = access.get_region_for_user(user, data["region"])
        except Http404:
            raise NotFound(_("Wilayah tidak ditemukan dalam cakupan Anda.")) from None
        when = data["obtained_at"]
        if when.tzinfo is None:
            when = when.replace(tzinfo=tzinfo_for(region.timezone))
        report = li_services.submit(
            user=user,
            data=InformationReportInput(
                region=region,
                title=data["title"],
                source_description=data["source_description"],
                source_relation=data["source_relation"],
                obtained_how=data["obtained_how"],
                obtained_at=when,
                source_grade=data["source_grade"],
                information_grade=data["information_grade"],
                fact_what=data["fact_what"],
                fact_when=data["fact_when"],
                fact_where=data["fact_where"],
                fact_who=data["fact_who"],
                fact_how=data["fact_how"],
                fact_why=data["fact_why"],
                opinion=data["opinion"],
                classification=data["classification"],
            ),
        )
        report = access.get_information_report_for_user(user, report.public_id)
        return Response(
            InformationReportDetailSerializer(report, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


# --- triage --------------------------------------------------------------------------------------


@extend_schema(tags=["triase"])
class TriageViewSet(AlertsBase):
    """Triase teks: nothing is written."""

    permission_classes = [*ScopedViewSet.permission_classes, UsesTriage]
    pagination_class = None  # type: ignore[assignment]
    serializer_class = TriageResultSerializer
    input_fields = ("text",)

    @extend_schema(
        summary=gettext_lazy("Triase teks: wilayah yang disebut, saran kategori, draf peristiwa dan LI"),
        request=TriageInput,
        responses={200: TriageResultSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _body(TriageInput, request)
        result = triage_service.triage(data["text"])
        scope = access.scope_of(request.user)
        incident = triage_service.draft_query(result)
        li = triage_service.draft_information_report(result)
        for draft, key in ((incident, "wilayah"), (li, "region")):
            if draft.get(key) and not scope.covers_code(draft[key]):
                draft[key] = ""
        suggestion = result.suggestion
        body = {
            "regions": [
                {
                    "code": r.place.code,
                    "name": r.place.name,
                    "level": r.place.level,
                    "confidence": round(r.confidence, 3),
                    "in_scope": scope.covers_code(r.place.code),
                }
                for r in result.regions
            ],
            "category": {
                "code": suggestion.category,
                "confidence": round(suggestion.confidence, 3),
                "abstained": suggestion.abstained,
                "reason": suggestion.reason,
            },
            "incident_draft": {k: v for k, v in incident.items() if v},
            "information_report_draft": {k: v for k, v in li.items() if v},
        }
        return Response(body)
