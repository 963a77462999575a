"""/api/v1/ for the forum registry, scoped to the caller like the pages.

- ``forums/``: forums in scope (filters ``jenis``, ``status``, ``wilayah``), newest first;
- ``forums/{public_id}/``: one forum with its decrees (SK), members (current and former, with
  their dates) and meetings, and its formation status today;
- ``forums/{public_id}/decrees/{decree_id}/file/`` and ``…/documents/{document_id}/file/``: the
  stored file as an attachment (the pages' download, for a token client too);
- ``forums/compliance/``: formation compliance per kind and level (``jenis``, ``tingkat``, ``per``,
  ``provinsi``) — national figure, per province, and every region's status.

Another region's forum answers 404 (the same as a missing one). See docs/forums.md.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.alerts.api import text, version_field
from waspada.api.conflicts import Conflict, conflict_response
from waspada.api.files import STORED_FILE, FileDownloads, IndonesianMultiPartParser
from waspada.api.views import ScopedViewSet
from waspada.api.writes import ServiceWrites
from waspada.elections.api import NOT_FOUND, REGION_PATTERN, IdCursorPagination
from waspada.forums import compliance, selectors, services
from waspada.forums.models import Forum, ForumDecree, ForumDocument, ForumMeeting, ForumMember
from waspada.forums.views.common import decree_download, document_download, today
from waspada.regions import access
from waspada.regions.api import RegionBriefSerializer
from waspada.reports.api import IndonesianJSONParser, Input

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class RecapLevel(models.TextChoices):
    """The level a compliance recap counts (schema: ``ForumsRecapLevelEnum``)."""

    KABKOTA = "kabkota", "kabkota"
    PROVINSI = "provinsi", "provinsi"


class FormationStatus(models.TextChoices):
    """A region's formation status of one kind of forum (schema: ``ForumsFormationStatusEnum``;
    not ``Forum.Status``, the forum record's own status)."""

    ACTIVE = compliance.ACTIVE, gettext_lazy("Aktif")
    EXPIRED = compliance.EXPIRED, gettext_lazy("SK kedaluwarsa")
    NONE = compliance.NONE, gettext_lazy("Belum dibentuk")


class ReadsForums(BasePermission):
    message = gettext_lazy("Peran Anda tidak berwenang membaca data forum.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(access.scope_of(request.user).roles & access.FORUM_READER_ROLES)


# --- query parameters -------------------------------------------------------------------------


class ForumQuery(Input):
    jenis = serializers.ChoiceField(choices=Forum.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Forum.Status.choices, required=False)
    wilayah = serializers.RegexField(
        REGION_PATTERN, required=False, trim_whitespace=False, help_text=gettext_lazy("Kode wilayah dan di bawahnya.")
    )


class ComplianceQuery(Input):
    jenis = serializers.ChoiceField(choices=Forum.Kind.choices, required=False, help_text=gettext_lazy("Bawaan: fkdm."))
    tingkat = serializers.ChoiceField(
        choices=RecapLevel.choices,
        required=False,
        help_text=gettext_lazy("Bawaan: kabkota."),
    )
    per = serializers.DateField(required=False, help_text=gettext_lazy("Tanggal acuan (bawaan: hari ini)."))
    provinsi = serializers.RegexField(
        r"^[0-9]{2}$", required=False, trim_whitespace=False, help_text=gettext_lazy("Kode provinsi, mis. 32.")
    )


# --- output -------------------------------------------------------------------------------------


class ForumSerializer(serializers.ModelSerializer):
    region = RegionBriefSerializer(read_only=True)

    class Meta:
        model = Forum
        fields = [
            "public_id",
            "region",
            "kind",
            "name",
            "status",
            "secretariat",
            "contact_name",
            "contact_phone",
            "contact_email",
            "version",
        ]


class DecreeSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ForumDecree
        fields = ["public_id", "number", "decree_date", "signer", "valid_from", "valid_until", "has_file", "file_url"]

    def get_has_file(self, obj: ForumDecree) -> bool:
        return bool(obj.file)

    def get_file_url(self, obj: ForumDecree) -> str | None:
        # The API download (token or session), or null without a PDF.
        if not obj.file:
            return None
        return reverse("api:forum-decree-file", kwargs={"public_id": obj.forum.public_id, "decree_id": obj.public_id})


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumMember
        fields = [
            "public_id",
            "name",
            "position",
            "agency",
            "element",
            "phone",
            "email",
            "joined_on",
            "left_on",
            "left_reason",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumMeeting
        fields = ["public_id", "held_on", "place", "agenda", "attendance", "minutes", "follow_ups"]


class MeetingDetailSerializer(MeetingSerializer):
    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "attendees", "version"]


class DocumentSerializer(serializers.ModelSerializer):
    meeting: serializers.SlugRelatedField[ForumMeeting] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True, allow_null=True
    )

    class Meta:
        model = ForumDocument
        fields = [
            "public_id",
            "title",
            "meeting",
            "original_name",
            "content_type",
            "size",
            "created_at",
            "version",
            "file_url",
        ]

    file_url = serializers.SerializerMethodField()

    def get_file_url(self, obj: ForumDocument) -> str:
        # The API download (token or session).
        return reverse(
            "api:forum-document-file", kwargs={"public_id": obj.forum.public_id, "document_id": obj.public_id}
        )


class ForumDetailSerializer(ForumSerializer):
    formation_status = serializers.SerializerMethodField()
    decrees = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()

    class Meta(ForumSerializer.Meta):
        fields = [*ForumSerializer.Meta.fields, "formation_status", "decrees", "members", "meetings"]

    @extend_schema_field(serializers.ChoiceField(choices=FormationStatus.choices))
    def get_formation_status(self, obj: Forum) -> str:
        return selectors.forum_status(obj, today())

    @extend_schema_field(DecreeSerializer(many=True))
    def get_decrees(self, obj: Forum) -> Any:
        return DecreeSerializer(selectors.decrees_of(obj), many=True).data

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, obj: Forum) -> Any:
        current, former = selectors.members_of(obj)
        return MemberSerializer([*current, *former], many=True).data

    @extend_schema_field(MeetingSerializer(many=True))
    def get_meetings(self, obj: Forum) -> Any:
        return MeetingSerializer(selectors.meetings_of(obj), many=True).data


class TallySerializer(serializers.Serializer):
    active = serializers.IntegerField()
    expired = serializers.IntegerField()
    none = serializers.IntegerField()
    expected = serializers.IntegerField()
    active_percent = serializers.FloatField()


class ForumProvinceTallySerializer(TallySerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=FormationStatus.choices)
    valid_until = serializers.DateField(allow_null=True)
    forum = serializers.UUIDField(allow_null=True)


class ComplianceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Forum.Kind.choices)
    level = serializers.ChoiceField(choices=RecapLevel.choices)
    as_of = serializers.DateField()
    total = TallySerializer()
    provinces = ForumProvinceTallySerializer(many=True)
    regions = RegionStatusSerializer(many=True)


def _tally(t: compliance.Tally, **extra: Any) -> dict[str, Any]:
    return {
        "active": t.active,
        "expired": t.expired,
        "none": t.none,
        "expected": t.expected,
        "active_percent": t.active_percent,
        **extra,
    }


# --- input (writes) -----------------------------------------------------------------------------

FORUM_REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?$"
CONFLICT = conflict_response("Forum", noun="forum")


def _len(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


class ForumFieldsInput(Input):
    name = text(_len(Forum, "name"), required=False)
    status = serializers.ChoiceField(choices=Forum.Status.choices, required=False)
    secretariat = text(_len(Forum, "secretariat"), required=False)
    contact_name = text(_len(Forum, "contact_name"), required=False)
    contact_phone = text(_len(Forum, "contact_phone"), required=False)
    contact_email = serializers.EmailField(required=False, allow_blank=True, max_length=254)


class ForumCreateInput(ForumFieldsInput):
    region = serializers.RegexField(
        FORUM_REGION_PATTERN,
        trim_whitespace=False,
        help_text=gettext_lazy("Kode wilayah forum: provinsi, kabupaten/kota atau kecamatan."),
    )
    kind = serializers.ChoiceField(choices=Forum.Kind.choices)


class ForumUpdateInput(ForumFieldsInput):
    version = version_field()


class DecreeInput(Input):
    number = text(_len(ForumDecree, "number"), filled=True)
    decree_date = serializers.DateField()
    signer = text(_len(ForumDecree, "signer"), filled=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)


class MemberInput(Input):
    name = text(_len(ForumMember, "name"), filled=True)
    position = text(_len(ForumMember, "position"), filled=True)
    joined_on = serializers.DateField()
    agency = text(_len(ForumMember, "agency"), required=False)
    element = serializers.ChoiceField(choices=ForumMember.Element.choices, required=False, allow_blank=True)
    phone = text(_len(ForumMember, "phone"), required=False)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)


class MemberEndInput(Input):
    left_on = serializers.DateField()
    reason = text(_len(ForumMember, "left_reason"), required=False)
    version = version_field()


class DecreeUploadInput(DecreeInput):
    file = serializers.FileField(
        required=False,
        help_text=gettext_lazy("Berkas SK (PDF), dengan batas ukuran lampiran."),
        error_messages={
            "invalid": gettext_lazy("Kirim berkas sebagai bagian multipart/form-data."),
            "empty": gettext_lazy("Berkas kosong."),
        },
    )


class MeetingInput(Input):
    held_on = serializers.DateField()
    agenda = text(10000, filled=True)
    place = text(_len(ForumMeeting, "place"), required=False)
    attendance = serializers.IntegerField(min_value=0, max_value=100000, required=False)
    attendees = text(20000, required=False)
    minutes = text(50000, required=False)
    follow_ups = text(20000, required=False)


class DocumentUploadInput(Input):
    title = text(_len(ForumDocument, "title"), filled=True)
    file = serializers.FileField(
        help_text=gettext_lazy("PDF, dokumen kantor atau gambar, dengan batas ukuran lampiran."),
        error_messages={
            "required": gettext_lazy("Berkas wajib dikirim."),
            "invalid": gettext_lazy("Kirim berkas sebagai bagian multipart/form-data."),
            "empty": gettext_lazy("Berkas kosong."),
        },
    )
    meeting = serializers.UUIDField(
        required=False, allow_null=True, help_text=gettext_lazy("Rapat forum ini yang dokumennya (opsional).")
    )


class DeleteQuery(Input):
    version = version_field()
    reason = text(500, filled=True, help_text=gettext_lazy("Alasan penghapusan (salah catat)."))


# The decree's PDF (a document answers ``waspada.api.files.STORED_FILE``).
PDF_FILE = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=gettext_lazy("Berkas PDF SK."))}


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    params = serializer_class(data=request.query_params.dict())
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


@extend_schema(tags=["forum"])
class ForumViewSet(FileDownloads, ServiceWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Forums (FKDM, TKDPD, Timdu PKS, Kominda, Tim PORA) in the caller's scope; writes through
    ``forums.services`` (record a forum, change it, add a decree, add or end a membership)."""

    serializer_class = ForumSerializer
    parser_classes = [IndonesianJSONParser]
    permission_classes = [*ScopedViewSet.permission_classes, ReadsForums]
    filter_backends: list[Any] = []
    pagination_class = IdCursorPagination
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    download_actions = ("decree_file", "document_file")

    def get_queryset(self) -> Any:
        return selectors.forums_for_user(self.request.user)

    def get_object(self) -> Forum:
        return access.get_forum_for_user(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        summary=gettext_lazy("Forum dalam cakupan"),
        parameters=[ForumQuery],
        responses={200: ForumSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _params(ForumQuery, request)
        region = access.get_region_for_user(request.user, params["wilayah"]) if params.get("wilayah") else None
        qs = selectors.forums_for_user(
            request.user, kind=params.get("jenis", ""), status=params.get("status", ""), region=region
        ).order_by("-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ForumSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Satu forum dengan SK, anggota (termasuk riwayat) dan rapat"),
        responses={200: ForumDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ForumDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary=gettext_lazy("Kepatuhan pembentukan forum per jenis dan tingkat"),
        parameters=[ComplianceQuery],
        responses={200: ComplianceSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path="compliance", pagination_class=None)
    def compliance(self, request: Request) -> Response:
        params = _params(ComplianceQuery, request)
        province = None
        if params.get("provinsi"):
            province = access.get_region_for_user(request.user, params["provinsi"])
        kind = params.get("jenis") or Forum.Kind.FKDM
        level = params.get("tingkat") or "kabkota"
        as_of = params.get("per") or today()
        overview = selectors.compliance_overview(
            request.user, kind=kind, level=level, as_of=as_of, province=province, contacts=False
        )
        data = {
            "kind": kind,
            "level": level,
            "as_of": as_of,
            "total": _tally(overview.total),
            "provinces": [_tally(p.tally, code=p.province.code, name=p.province.name) for p in overview.provinces],
            "regions": [
                {
                    "code": r.region.code,
                    "name": r.region.name,
                    "status": r.status,
                    "valid_until": r.valid_until,
                    "forum": r.forum_public_id,
                }
                for r in overview.rows
            ],
        }
        return Response(ComplianceSerializer(data).data)

    # --- writes (docs/api.md "Forum: menulis") ---------------------------------------------------

    def _detail(self, forum: Forum, code: int = status.HTTP_200_OK) -> Response:
        fresh = access.get_forum_for_user(self.request.user, forum.public_id)
        return Response(ForumDetailSerializer(fresh).data, status=code)

    @extend_schema(
        summary=gettext_lazy("Catat forum wilayah (satu forum per wilayah dan jenis)"),
        request=ForumCreateInput,
        responses={201: ForumDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.input_of(ForumCreateInput, request)
        region = access.get_region_for_user(request.user, body["region"])
        existing = Forum.objects.alive().filter(region=region, kind=body["kind"]).first()
        if existing is not None:
            raise Conflict(
                _("%(kind)s %(region)s sudah tercatat; ubah forum itu saja.")
                % {"kind": Forum.Kind(body["kind"]).label, "region": region.name},
                "exists",
                current_version=existing.version,
                public_id=existing.public_id,
            )
        data = services.ForumInput(region=region, kind=body["kind"], **_forum_fields(body))
        return self._detail(services.forum_create(actor=request.user, data=data), status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Ubah nama, status dan narahubung forum (wilayah dan jenis tetap)"),
        request=ForumUpdateInput,
        responses={200: ForumDetailSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        forum = self.get_object()
        body = self.input_of(ForumUpdateInput, request)
        current = {
            "name": forum.name,
            "status": forum.status,
            "secretariat": forum.secretariat,
            "contact_name": forum.contact_name,
            "contact_phone": forum.contact_phone,
            "contact_email": forum.contact_email,
            "note": forum.note,
        }
        data = services.ForumInput(region=forum.region, kind=forum.kind, **{**current, **_forum_fields(body)})
        saved = services.forum_update(actor=request.user, forum=forum, data=data, expected_version=body["version"])
        return self._detail(saved)

    @extend_schema(
        summary=gettext_lazy(
            "Catat SK pembentukan atau perpanjangan forum dengan masa berlakunya (JSON, atau multipart dengan PDF-nya)"
        ),
        request={"application/json": DecreeInput, "multipart/form-data": DecreeUploadInput},
        responses={201: DecreeSerializer, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="decrees",
        parser_classes=[IndonesianJSONParser, IndonesianMultiPartParser],
    )
    def decrees(self, request: Request, public_id: str) -> Response:
        forum = self.get_object()
        multipart = (request.content_type or "").startswith("multipart/")
        body = self.input_of(DecreeUploadInput if multipart else DecreeInput, request)
        decree = services.decree_record(
            actor=request.user,
            forum=forum,
            data=services.DecreeInput(
                number=body["number"],
                decree_date=body["decree_date"],
                signer=body["signer"],
                valid_from=body["valid_from"],
                valid_until=body.get("valid_until"),
                upload=body.get("file"),
            ),
            today=today(),
        )
        return Response(DecreeSerializer(decree).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Tambah anggota forum (nama, jabatan, sejak tanggal)"),
        request=MemberInput,
        responses={201: MemberSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="members")
    def members(self, request: Request, public_id: str) -> Response:
        forum = self.get_object()
        body = self.input_of(MemberInput, request)
        member = services.member_add(
            actor=request.user,
            forum=forum,
            data=services.MemberInput(
                name=body["name"],
                position=body["position"],
                joined_on=body["joined_on"],
                agency=body.get("agency", ""),
                element=body.get("element", ""),
                phone=body.get("phone", ""),
                email=body.get("email", ""),
            ),
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Akhiri keanggotaan pada suatu tanggal (riwayat tetap tersimpan)"),
        request=MemberEndInput,
        responses={200: MemberSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path=f"members/(?P<member_id>{UUID_PATTERN})/end")
    def end_member(self, request: Request, public_id: str, member_id: str) -> Response:
        forum = self.get_object()
        member = self._part(forum, "members", member_id)
        body = self.input_of(MemberEndInput, request)
        ended = services.member_end(
            actor=request.user,
            member=member,
            left_on=body["left_on"],
            reason=body.get("reason", ""),
            expected_version=body["version"],
        )
        return Response(MemberSerializer(ended).data)

    # --- meetings, documents and soft deletes ------------------------------------------------------

    def _part(self, forum: Forum, relation: str, part_id: str) -> Any:
        """A live member, meeting or document of this (scoped) forum; otherwise 404."""
        part = getattr(forum, relation).filter(public_id=part_id, deleted_at__isnull=True).first()
        if part is None:
            raise NotFound(_("Data tidak ditemukan."))
        return part

    def _delete_query(self, request: Request) -> dict[str, Any]:
        self.input_fields = tuple(DeleteQuery().fields)
        return _params(DeleteQuery, request)

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Rapat forum (terbaru dahulu)"),
        responses={200: MeetingDetailSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("Catat rapat forum: tanggal, agenda, kehadiran, notulen, tindak lanjut"),
        request=MeetingInput,
        responses={201: MeetingDetailSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], url_path="meetings", pagination_class=None)
    def meetings(self, request: Request, public_id: str) -> Response:
        forum = self.get_object()
        if request.method == "GET":
            return Response(MeetingDetailSerializer(selectors.meetings_of(forum), many=True).data)
        body = self.input_of(MeetingInput, request)
        meeting = services.meeting_record(
            actor=request.user,
            forum=forum,
            data=services.MeetingInput(
                held_on=body["held_on"],
                agenda=body["agenda"],
                place=body.get("place", ""),
                attendance=body.get("attendance", 0),
                attendees=body.get("attendees", ""),
                minutes=body.get("minutes", ""),
                follow_ups=body.get("follow_ups", ""),
            ),
            today=today(),
        )
        return Response(MeetingDetailSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Dokumen forum (terbaru dahulu)"),
        responses={200: DocumentSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("Unggah dokumen forum (multipart), opsional untuk satu rapat"),
        request={"multipart/form-data": DocumentUploadInput},
        responses={201: DocumentSerializer, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="documents",
        pagination_class=None,
        parser_classes=[IndonesianMultiPartParser],
    )
    def documents(self, request: Request, public_id: str) -> Response:
        forum = self.get_object()
        if request.method == "GET":
            return Response(DocumentSerializer(selectors.documents_of(forum), many=True).data)
        body = self.input_of(DocumentUploadInput, request)
        meeting = None
        if body.get("meeting"):
            meeting = forum.meetings.filter(public_id=body["meeting"], deleted_at__isnull=True).first()
            if meeting is None:
                raise exceptions.ValidationError({"meeting": [_("Rapat ini bukan milik forum ini.")]})
        document = services.document_add(
            actor=request.user, forum=forum, title=body["title"], upload=body["file"], meeting=meeting
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    def _decree_or_document(self, model: Any, part_id: str) -> Any:
        """A live decree or document of this (scoped) forum, through the pages' access helper."""
        forum = self.get_object()
        part = access.get_forum_part_for_user(self.request.user, model, part_id)
        if part.forum_id != forum.pk:
            raise access.not_found()
        return part

    @extend_schema(
        summary=gettext_lazy("Unduh PDF SK forum (lampiran)"),
        responses={**PDF_FILE, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path=f"decrees/(?P<decree_id>{UUID_PATTERN})/file", pagination_class=None)
    def decree_file(self, request: Request, public_id: str, decree_id: str) -> Any:
        return decree_download(self._decree_or_document(ForumDecree, decree_id))

    @extend_schema(
        summary=gettext_lazy("Unduh dokumen forum (lampiran, dengan nama dan jenis saat diunggah)"),
        responses={**STORED_FILE, 404: NOT_FOUND},
    )
    @action(
        detail=True, methods=["get"], url_path=f"documents/(?P<document_id>{UUID_PATTERN})/file", pagination_class=None
    )
    def document_file(self, request: Request, public_id: str, document_id: str) -> Any:
        return document_download(self._decree_or_document(ForumDocument, document_id))

    @extend_schema(
        summary=gettext_lazy("Hapus (lunak) keanggotaan yang salah catat, dengan alasan"),
        parameters=[DeleteQuery],
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["delete"], url_path=f"members/(?P<member_id>{UUID_PATTERN})")
    def delete_member(self, request: Request, public_id: str, member_id: str) -> Response:
        member = self._part(self.get_object(), "members", member_id)
        query = self._delete_query(request)
        services.member_delete(
            actor=request.user, member=member, reason=query["reason"], expected_version=query["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("Hapus (lunak) rapat yang salah catat, dengan alasan"),
        parameters=[DeleteQuery],
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["delete"], url_path=f"meetings/(?P<meeting_id>{UUID_PATTERN})")
    def delete_meeting(self, request: Request, public_id: str, meeting_id: str) -> Response:
        meeting = self._part(self.get_object(), "meetings", meeting_id)
        query = self._delete_query(request)
        services.meeting_delete(
            actor=request.user, meeting=meeting, reason=query["reason"], expected_version=query["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("Hapus (lunak) dokumen yang salah unggah, dengan alasan"),
        parameters=[DeleteQuery],
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    @action(detail=True, methods=["delete"], url_path=f"documents/(?P<document_id>{UUID_PATTERN})")
    def delete_document(self, request: Request, public_id: str, document_id: str) -> Response:
        document = self._part(self.get_object(), "documents", document_id)
        query = self._delete_query(request)
        services.document_delete(
            actor=request.user, document=document, reason=query["reason"], expected_version=query["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _forum_fields(body: dict[str, Any]) -> dict[str, Any]:
    names = ("name", "status", "secretariat", "contact_name", "contact_phone", "contact_email")
    return {k: body[k] for k in names if k in body}
