"""/api/v1/regions/: search, detail and children, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.api.permissions import ScopedAccess
from waspada.regions import access, selectors
from waspada.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "parent_code", "timezone", "valid_from", "valid_until"]
        read_only_fields = fields


LEVEL_CHOICES = [*Region.Level.values, "kabkota"]


class RegionQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)
    level = serializers.ChoiceField(choices=LEVEL_CHOICES, required=False)
    parent = serializers.RegexField(r"^\d{2}(\.\d{2}(\.\d{2})?)?$", required=False, max_length=8)


@extend_schema(tags=["wilayah"])
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Wilayah in the caller's scope. Out-of-scope codes answer 404, like unknown ones."""

    serializer_class = RegionSerializer
    permission_classes = [ScopedAccess]
    lookup_field = "code"
    lookup_value_regex = r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?"
    filter_backends: list[Any] = []
    waspada_access = "scoped"

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.visible_to(self.request.user).select_related("parent")

    @extend_schema(
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Nama atau awalan kode."),
            OpenApiParameter("level", OpenApiTypes.STR, enum=LEVEL_CHOICES),
            OpenApiParameter("parent", OpenApiTypes.STR, description="Kode induk, mis. 32."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = RegionQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        qs = selectors.region_search(
            request.user, data.get("search", ""), data.get("level", ""), data.get("parent", "")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=True, methods=["get"])
    def children(self, request: Request, code: str | None = None) -> Response:
        region = access.get_region_for_user(request.user, code or "")
        page = self.paginate_queryset(region.children.select_related("parent").order_by("code"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
