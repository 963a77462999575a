"""/api/v1/ for the monitoring of foreigners, scoped to the caller like the pages; personal data
is **always masked** here (no reveal through the API: revealing needs a reason, on the page).

- ``foreigners/``: foreign nationals in scope (filters ``q``, ``kewarganegaraan``, ``paspor`` —
  exact full number, matched by keyed digest —, ``tujuan``, ``status_izin``, ``wilayah``);
- ``foreigners/{public_id}/``: one person with permits and observed activities;
- ``foreigners/recap/``: counts by nationality, purpose, permit status and kabupaten/kota;
- ``foreign-organisations/`` and ``visit-requests/``: ormas asing and visit requests in scope.

Another region's record answers 404 (the same as a missing one). See docs/foreigners.md.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.api.views import ScopedViewSet
from waspada.elections.api import NOT_FOUND, REGION_PATTERN, IdCursorPagination
from waspada.foreigners import selectors
from waspada.foreigners.models import (
    ActivityObservation,
    ForeignNational,
    ForeignOrganisation,
    Permit,
    Purpose,
    VisitRequest,
)
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports.api import Input

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
PERMIT_STATUS_CHOICES = list(selectors.PERMIT_STATUSES.items())


class ReadsForeigners(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang membaca data orang asing.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.FOREIGNER_READER_ROLES)


class ForeignerQuery(Input):
    q = serializers.CharField(required=False, max_length=100, help_text=gettext_lazy("Bagian nama atau penjamin."))
    kewarganegaraan = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, help_text=gettext_lazy("ISO alfa-3."))
    paspor = serializers.RegexField(
        r"^[A-Za-z0-9 -]{1,20}$", required=False, help_text=gettext_lazy("Nomor paspor lengkap (pencocokan tepat).")
    )
    tujuan = serializers.ChoiceField(choices=Purpose.choices, required=False)
    status_izin = serializers.ChoiceField(choices=PERMIT_STATUS_CHOICES, required=False)
    wilayah = serializers.RegexField(REGION_PATTERN, required=False, trim_whitespace=False)


class ForeignerRegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class ForeignerSerializer(serializers.ModelSerializer):
    """Masked: ``passport_number_masked`` only; no address and no date of birth."""

    region = ForeignerRegionSerializer(read_only=True)
    passport_number_masked = serializers.CharField(source="passport_masked", read_only=True)
    permit_status = serializers.SerializerMethodField()

    class Meta:
        model = ForeignNational
        fields = [
            "public_id",
            "name",
            "nationality",
            "sex",
            "passport_number_masked",
            "purpose",
            "sponsor",
            "region",
            "is_present",
            "permit_status",
            "version",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=PERMIT_STATUS_CHOICES))
    def get_permit_status(self, obj: ForeignNational) -> str:
        until = getattr(obj, "permit_until", None)
        if not hasattr(obj, "permit_until"):
            dates = [p.valid_until for p in obj.permits.filter(deleted_at__isnull=True)]
            until = max(dates) if dates else None
        return selectors.permit_status_of(until, timezone.localdate())


class PermitSerializer(serializers.ModelSerializer):
    permitted_region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Permit
        fields = ["public_id", "kind", "number", "valid_from", "valid_until", "permitted_region"]


class ActivitySerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ActivityObservation
        fields = [
            "public_id",
            "observed_on",
            "description",
            "activity_purpose",
            "region",
            "place",
            "source",
            "assessment",
            "assessment_note",
        ]


class ForeignerDetailSerializer(ForeignerSerializer):
    birth_year = serializers.CharField(read_only=True)
    address_masked = serializers.CharField(read_only=True)
    permits = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()

    class Meta(ForeignerSerializer.Meta):
        fields = [*ForeignerSerializer.Meta.fields, "birth_year", "address_masked", "permits", "activities"]

    @extend_schema_field(PermitSerializer(many=True))
    def get_permits(self, obj: ForeignNational) -> Any:
        qs = obj.permits.filter(deleted_at__isnull=True).select_related("permitted_region")
        return PermitSerializer(qs, many=True).data

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, obj: ForeignNational) -> Any:
        qs = obj.activities.filter(deleted_at__isnull=True).select_related("region")
        return ActivitySerializer(qs, many=True).data


class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class ForeignerRecapSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    present = serializers.IntegerField()
    by_nationality = CountSerializer(many=True)
    by_purpose = CountSerializer(many=True)
    by_permit_status = CountSerializer(many=True)
    by_kabkota = CountSerializer(many=True)


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


class _Base(ScopedViewSet):
    permission_classes = [*ScopedViewSet.permission_classes, ReadsForeigners]
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


def _filters(request: Request) -> selectors.ForeignerFilter:
    params = _params(ForeignerQuery, request)
    region = access.get_region_for_user(request.user, params["wilayah"]) if params.get("wilayah") else None
    return selectors.ForeignerFilter(
        q=params.get("q", "").strip(),
        nationality=params.get("kewarganegaraan", ""),
        passport=params.get("paspor", ""),
        purpose=params.get("tujuan", ""),
        permit_status=params.get("status_izin", ""),
        region=region,
    )


@extend_schema(tags=["orang asing"])
class ForeignerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Foreign nationals in the caller's scope, personal data masked."""

    serializer_class = ForeignerSerializer

    def get_queryset(self) -> Any:
        return selectors.foreigners_for_user(self.request.user, selectors.ForeignerFilter(), timezone.localdate())

    def get_object(self) -> ForeignNational:
        return access.get_foreigner_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Orang asing dalam cakupan (data pribadi tersamar)"),
        parameters=[ForeignerQuery],
        responses={200: ForeignerSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = selectors.foreigners_for_user(request.user, _filters(request), timezone.localdate()).order_by("-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ForeignerSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu orang asing dengan izin dan kegiatan (data pribadi tersamar)"),
        responses={200: ForeignerDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ForeignerDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary=gettext_lazy("Rekap orang asing menurut kewarganegaraan, tujuan, status izin dan kabupaten/kota"),
        parameters=[ForeignerQuery],
        responses={200: ForeignerRecapSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"])
    def recap(self, request: Request) -> Response:
        data = selectors.recap_for_user(request.user, _filters(request), timezone.localdate())

        def rows(items: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
            return [{"key": k, "name": str(label), "count": n} for k, label, n in items]

        return Response(
            {
                "total": data.total,
                "present": data.present,
                "by_nationality": rows(data.by_nationality),
                "by_purpose": rows(data.by_purpose),
                "by_permit_status": rows(data.by_permit_status),
                "by_kabkota": rows(data.by_kabkota),
            }
        )


class OrganisationSerializer(serializers.ModelSerializer):
    region = ForeignerRegionSerializer(read_only=True)

    class Meta:
        model = ForeignOrganisation
        fields = [
            "public_id",
            "name",
            "country",
            "field_of_activity",
            "region",
            "recommendation_number",
            "recommendation_date",
            "ministry_partner",
            "mou_number",
            "mou_valid_until",
            "version",
        ]


@extend_schema(tags=["orang asing"])
class ForeignOrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Ormas asing in the caller's scope."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> Any:
        return selectors.organisations_for_user(self.request.user).order_by("-id")

    def get_object(self) -> ForeignOrganisation:
        return access.get_foreign_organisation_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Ormas asing dalam cakupan"), responses={200: OrganisationSerializer(many=True)}
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=gettext_lazy("Satu ormas asing"), responses={200: OrganisationSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(OrganisationSerializer(self.get_object()).data)


class VisitQuery(Input):
    keputusan = serializers.ChoiceField(choices=VisitRequest.Decision.choices, required=False)


class VisitSerializer(serializers.ModelSerializer):
    region = ForeignerRegionSerializer(read_only=True)

    class Meta:
        model = VisitRequest
        fields = [
            "public_id",
            "visitor_name",
            "visitor_kind",
            "country",
            "region",
            "purpose",
            "planned_from",
            "planned_until",
            "received_on",
            "decision",
            "decision_reason",
            "decided_on",
            "version",
        ]


@extend_schema(tags=["orang asing"])
class VisitRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Visit requests of diplomats and foreign VIPs in the caller's scope, with decisions."""

    serializer_class = VisitSerializer

    def get_queryset(self) -> Any:
        return selectors.visits_for_user(self.request.user).order_by("-id")

    def get_object(self) -> VisitRequest:
        return access.get_visit_request_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Permohonan kunjungan dalam cakupan"),
        parameters=[VisitQuery],
        responses={200: VisitSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(VisitQuery, request)
        qs = selectors.visits_for_user(request.user, params.get("keputusan", "")).order_by("-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(VisitSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Satu permohonan kunjungan"), responses={200: VisitSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(VisitSerializer(self.get_object()).data)
