import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

# A cursor position is a Kemendagri code; anything else was not made by us.
_CODE_POSITION = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
MAX_PAGE_SIZE = 500


class PageSizeSerializer(serializers.Serializer):
    """The ``page_size`` query parameter, validated rather than silently ignored."""

    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


class CodeCursorPagination(CursorPagination):
    """Stable cursor pages ordered by Kemendagri code (unique, so positions are exact).

    A malformed ``page_size`` answers 400 (not a silent fallback); a cursor we did not issue
    answers 404, as DRF does, with an Indonesian message.
    """

    ordering = "code"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    query_serializer_class = PageSizeSerializer  # read by waspada.api.schema for the 400 it documents
    invalid_cursor_message = _("Kursor halaman tidak valid.")  # type: ignore[assignment]
    cursor_query_description = _("Kursor halaman, dari tautan next/previous jawaban sebelumnya.")  # type: ignore[assignment]
    page_size_query_description = _("Jumlah hasil per halaman (1-500, bawaan 50).")  # type: ignore[assignment]

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        params = self.query_serializer_class(data={"page_size": raw})
        params.is_valid(raise_exception=True)
        return params.validated_data.get("page_size", self.page_size)

    def decode_cursor(self, request: Request) -> Cursor | None:
        cursor = super().decode_cursor(request)
        # A forged position (say, one with a NUL byte) would otherwise reach the database.
        if cursor is not None and cursor.position is not None and not _CODE_POSITION.fullmatch(str(cursor.position)):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters
