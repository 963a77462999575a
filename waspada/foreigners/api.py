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

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.alerts.api import text, version_field
from waspada.api.conflicts import Conflict, conflict_response
from waspada.api.views import ScopedViewSet
from waspada.api.writes import ServiceWrites
from waspada.elections.api import NOT_FOUND, REGION_PATTERN, IdCursorPagination
from waspada.foreigners import selectors, services
from waspada.foreigners.identity import nationality_error, passport_error
from waspada.foreigners.models import (
    ActivityObservation,
    ForeignNational,
    ForeignOrganisation,
    Permit,
    Purpose,
    VisitRequest,
)
from waspada.regions import access
from waspada.regions.api import RegionBriefSerializer
from waspada.regions.models import Region
from waspada.reports.api import IndonesianJSONParser, Input

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


class ForeignerSerializer(serializers.ModelSerializer):
    """Masked: ``passport_number_masked`` only; no address and no date of birth."""

    region = RegionBriefSerializer(read_only=True)
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
        # ``permit_until`` is kept by every permit write (``refresh_permit_until``).
        return selectors.permit_status_of(obj.permit_until, timezone.localdate())


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


# --- input (writes) -----------------------------------------------------------------------------

CONFLICT = conflict_response("Foreigner", noun="data orang asing")


class ForeignerFieldsInput(Input):
    """The fields of a foreign national; personal data (passport, address, birth date) is stored
    encrypted and never answered in full."""

    name = text(200, filled=True)
    nationality = serializers.RegexField(r"^[A-Za-z]{3}$", help_text=gettext_lazy("ISO 3166-1 alfa-3, bukan IDN."))
    sex = serializers.ChoiceField(choices=ForeignNational.Sex.choices)
    passport_number = serializers.RegexField(
        r"^[A-Za-z0-9 -]{1,20}$", trim_whitespace=False, help_text=gettext_lazy("Disimpan terenkripsi.")
    )
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    region = serializers.RegexField(REGION_PATTERN, trim_whitespace=False, help_text=gettext_lazy("Kode wilayah."))
    birth_date = serializers.DateField(required=False, allow_null=True, help_text=gettext_lazy("Disimpan terenkripsi."))
    sponsor = text(200, required=False)
    address = text(500, required=False, help_text=gettext_lazy("Disimpan terenkripsi."))
    is_present = serializers.BooleanField(required=False)


class ForeignerUpdateInput(ForeignerFieldsInput):
    """Only the fields sent change; an omitted passport number, address or birth date keeps the
    stored value (it is never sent back, so a client cannot echo it)."""

    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class PermitInput(Input):
    kind = serializers.ChoiceField(choices=Permit.Kind.choices)
    number = text(60, filled=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    permitted_region = serializers.RegexField(
        REGION_PATTERN,
        required=False,
        trim_whitespace=False,
        help_text=gettext_lazy("Wilayah yang diizinkan (kosong: tempat tinggalnya)."),
    )


class PermitDeleteQuery(Input):
    version = version_field()
    reason = text(500, filled=True, help_text=gettext_lazy("Alasan penghapusan (salah catat)."))


class ActivityInput(Input):
    observed_on = serializers.DateField()
    description = text(5000, filled=True)
    region = serializers.RegexField(
        REGION_PATTERN, trim_whitespace=False, help_text=gettext_lazy("Lokasi kegiatan (boleh di luar wilayah Anda).")
    )
    source = serializers.ChoiceField(choices=ActivityObservation.Source.choices)  # type: ignore[assignment]
    activity_purpose = serializers.ChoiceField(choices=Purpose.choices, required=False, allow_blank=True)
    place = text(200, required=False)
    assessment = serializers.ChoiceField(choices=ActivityObservation.Assessment.choices, required=False)
    assessment_note = text(2000, required=False)


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


class _Base(ServiceWrites, ScopedViewSet):
    permission_classes = [*ScopedViewSet.permission_classes, ReadsForeigners]
    filter_backends: list[Any] = []
    pagination_class = IdCursorPagination
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    parser_classes = [IndonesianJSONParser]


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
    """Foreign nationals in the caller's scope, personal data masked; writes through
    ``foreigners.services`` (record, change, add a permit, record an activity)."""

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

    # --- writes (docs/api.md "Orang asing: menulis") ---------------------------------------------

    def _detail(self, person: ForeignNational, code: int = status.HTTP_200_OK) -> Response:
        fresh = access.get_foreigner_for_user(self.request.user, person.public_id)
        return Response(ForeignerDetailSerializer(fresh).data, status=code)

    def _duplicate(self, passport_number: str, nationality: str, exclude_pk: int | None = None) -> None:
        """409 when the passport + nationality is already recorded (its id only if in scope)."""
        same = ForeignNational.objects.alive().with_passport(passport_number).filter(nationality=nationality.upper())
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        other = same.only("pk", "public_id", "version").first()
        if other is None:
            return
        visible = ForeignNational.objects.visible_to(self.request.user).filter(pk=other.pk).exists()
        raise Conflict(
            _("Orang asing dengan nomor paspor dan kewarganegaraan ini sudah tercatat."),
            "exists",
            current_version=other.version if visible else None,
            public_id=other.public_id if visible else None,
        )

    def _saved_once(self, save: Any, passport_number: str, nationality: str, exclude_pk: int | None = None) -> Any:
        """Run a service write; a duplicate saved by someone else after the check above (the unique
        constraint refused the insert) answers the same 409 as one found before."""
        try:
            return save()
        except services.DuplicateForeigner as exc:
            self._duplicate(passport_number, nationality, exclude_pk=exclude_pk)
            raise Conflict(exc.messages[0], "exists") from None

    @extend_schema(
        summary=gettext_lazy("Catat orang asing (data pribadi terenkripsi; jawaban tersamar)"),
        request=ForeignerFieldsInput,
        responses={201: ForeignerDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.input_of(ForeignerFieldsInput, request)
        region = access.get_region_for_user(request.user, body["region"])
        if not nationality_error(body["nationality"]) and not passport_error(
            body["passport_number"], body["nationality"]
        ):
            self._duplicate(body["passport_number"], body["nationality"])
        data = services.ForeignerInput(
            name=body["name"],
            nationality=body["nationality"],
            sex=body["sex"],
            passport_number=body["passport_number"],
            purpose=body["purpose"],
            region=region,
            birth_date=body.get("birth_date"),
            sponsor=body.get("sponsor", ""),
            address=body.get("address", ""),
            is_present=body.get("is_present", True),
        )
        person = self._saved_once(
            lambda: services.foreigner_create(actor=request.user, data=data),
            body["passport_number"],
            body["nationality"],
        )
        return self._detail(person, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Ubah data orang asing (yang tidak dikirim tetap; jawaban tersamar)"),
        request=ForeignerUpdateInput,
        responses={200: ForeignerDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        body = self.input_of(ForeignerUpdateInput, request)
        region = access.get_region_for_user(request.user, body["region"]) if "region" in body else person.region
        passport = body.get("passport_number", person.passport_number)
        nationality = body.get("nationality", person.nationality)
        changes_identity = "passport_number" in body or "nationality" in body
        if changes_identity and not nationality_error(nationality) and not passport_error(passport, nationality):
            self._duplicate(passport, nationality, exclude_pk=person.pk)
        data = services.ForeignerInput(
            name=body.get("name", person.name),
            nationality=nationality,
            sex=body.get("sex", person.sex),
            passport_number=passport,
            purpose=body.get("purpose", person.purpose),
            region=region,
            birth_date=body.get("birth_date", person.birth_date),
            sponsor=body.get("sponsor", person.sponsor),
            address=body.get("address", person.address),
            is_present=body.get("is_present", person.is_present),
        )
        saved = self._saved_once(
            lambda: services.foreigner_update(
                actor=request.user, foreigner=person, data=data, expected_version=body["version"]
            ),
            passport,
            nationality,
            exclude_pk=person.pk,
        )
        return self._detail(saved)

    @extend_schema(
        summary=gettext_lazy("Tambah izin tinggal (KITAS, KITAP, visa) dengan masa berlakunya"),
        request=PermitInput,
        responses={201: PermitSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="permits")
    def permits(self, request: Request, public_id: str) -> Response:
        person = self.get_object()
        body = self.input_of(PermitInput, request)
        permitted = body.get("permitted_region")
        data = services.PermitInput(
            kind=body["kind"],
            number=body["number"],
            valid_from=body["valid_from"],
            valid_until=body["valid_until"],
            permitted_region=access.get_region_for_user(request.user, permitted) if permitted else None,
        )
        permit = services.permit_create(actor=request.user, foreigner=person, data=data)
        return Response(PermitSerializer(permit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy(
            "Hapus (lunak) izin yang salah catat, dengan alasan; status izin orang itu dihitung ulang"
        ),
        parameters=[PermitDeleteQuery],
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["delete"], url_path=f"permits/(?P<permit_id>{UUID_PATTERN})")
    def delete_permit(self, request: Request, public_id: str, permit_id: str) -> Response:
        person = self.get_object()
        permit = person.permits.filter(public_id=permit_id, deleted_at__isnull=True).first()
        if permit is None:
            raise NotFound(_("Data tidak ditemukan."))
        self.input_fields = tuple(PermitDeleteQuery().fields)
        query = _params(PermitDeleteQuery, request)
        services.permit_delete(
            actor=request.user, permit=permit, reason=query["reason"], expected_version=query["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("Catat kegiatan yang teramati (di mana pun lokasinya)"),
        request=ActivityInput,
        responses={201: ActivitySerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="activities")
    def activities(self, request: Request, public_id: str) -> Response:
        person = self.get_object()
        body = self.input_of(ActivityInput, request)
        # The place may lie outside the caller's scope — an activity seen in the next regency is
        # what out-of-area detection is for — so it is a reference lookup (as on the page); the
        # person itself was fetched through the scope above.
        place = access.reference_region(body["region"])
        if place is None:
            unknown = _("Kode wilayah «%(code)s» tidak dikenal.") % {"code": body["region"][:20]}
            raise ValidationError({"region": [unknown]})
        data = services.ActivityInput(
            observed_on=body["observed_on"],
            description=body["description"],
            region=place,
            source=body["source"],
            activity_purpose=body.get("activity_purpose", ""),
            place=body.get("place", ""),
            assessment=body.get("assessment", ActivityObservation.Assessment.CONSISTENT),
            assessment_note=body.get("assessment_note", ""),
        )
        activity = services.activity_create(actor=request.user, foreigner=person, data=data)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class OrganisationSerializer(serializers.ModelSerializer):
    region = RegionBriefSerializer(read_only=True)

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
    region = RegionBriefSerializer(read_only=True)

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
