"""/api/v1/regions/: search, detail and children, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.api.views import ScopedReadOnlyViewSet
from waspada.regions import access, selectors
from waspada.regions.models import Region

LEVEL_LABELS = dict(Region.Level.choices)


class RegionBriefSerializer(serializers.ModelSerializer):
    """A region as other resources name it (code, name, level, time zone), read-only: the one
    nested region shape of every app's API."""

    class Meta:
        model = Region
        fields = ["code", "name", "level", "timezone"]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code",
        default=None,
        allow_null=True,
        read_only=True,
        help_text=_("Kode induk; null untuk provinsi."),
    )
    level_display = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "parent_code", "timezone", "valid_from", "valid_until"]
        read_only_fields = fields

    def get_level_display(self, region: Region) -> str:
        # A dict built once: get_level_display rebuilds its choices dict on every row (~80 µs).
        return str(LEVEL_LABELS[region.level])


LEVEL_CHOICES = [*Region.Level.values, "kabkota"]


class RegionQuerySerializer(serializers.Serializer):
    """The list's query parameters; invalid values answer 400 ``validation_error``."""

    search = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text=_("Nama atau awalan kode, mis. Bandung atau 32.7.")
    )
    level = serializers.ChoiceField(
        choices=LEVEL_CHOICES, required=False, help_text=_("Tingkat wilayah; kabkota berarti kabupaten dan kota.")
    )
    parent = serializers.RegexField(  # type: ignore[assignment]
        r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?$",
        required=False,
        max_length=8,
        trim_whitespace=False,
        help_text=_("Kode induk, mis. 32."),
        error_messages={"invalid": _("Kode induk harus berbentuk 32, 32.73 atau 32.73.01.")},
    )


@extend_schema(tags=["wilayah"])
class RegionViewSet(ScopedReadOnlyViewSet):
    """Wilayah in the caller's scope. Out-of-scope codes answer 404, like unknown ones."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.visible_to(self.request.user).select_related("parent")

    def get_object(self) -> Region:
        region = access.get_region_for_user(self.request.user, self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, region)
        return region

    @extend_schema(summary=_("Cari wilayah dalam cakupan"), parameters=[RegionQuerySerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A plain dict, so that an empty ``level=`` or ``parent=`` is refused like any other
        # invalid value instead of being dropped the way HTML form input is.
        params = RegionQuerySerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        qs = selectors.region_search(
            request.user, data.get("search", ""), data.get("level", ""), data.get("parent", "")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary=_("Satu wilayah dalam cakupan"))
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary=_("Wilayah anak langsung"), responses=RegionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def children(self, request: Request, code: str | None = None) -> Response:
        region = self.get_object()
        page = self.paginate_queryset(region.children.select_related("parent").order_by("code"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
