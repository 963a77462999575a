"""What the write endpoints of /api/v1/ share: a service's refusal as the JSON problem.

- a stale version (``code == "stale"``, ``current_version``) → **409** (``conflicts.Conflict``,
  with ``current_version`` and the record's ``public_id``);
- any other ``ValidationError`` of a service → **400**, per field where the service names one that
  the endpoint takes, else ``non_field_errors`` — the service's Indonesian message;
- ``PermissionDenied`` → **403**; ``Http404`` (out of scope or missing) → **404**.

``ServiceWrites`` is the mixin for a viewset (put it before the viewset base); ``input_of`` reads
and checks a body with an input serializer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from waspada.api.conflicts import add_conflict_fields, conflict_from, is_stale


def as_api_exception(exc: Exception, *, public_id: Any = None, fields: Any = ()) -> Exception:
    if is_stale(exc):
        return conflict_from(exc, public_id=public_id)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            out: dict[str, list[ErrorDetail]] = {}
            for key, errors in exc.error_dict.items():
                name = key if key in fields else "non_field_errors"
                out.setdefault(name, []).extend(ErrorDetail(str(m), code="invalid") for e in errors for m in e.messages)
            return exceptions.ValidationError(out)
        return exceptions.ValidationError(
            {"non_field_errors": [ErrorDetail(str(m), code=exc.code or "invalid") for m in exc.messages]}
        )
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Data tidak ditemukan."))
    return exc


class ServiceWrites:
    """``handle_exception`` for a viewset whose writes go through services. The fields a refusal
    may name are those of the view's ``input_fields`` (set by ``input_of``)."""

    input_fields: tuple[str, ...] = ()
    kwargs: dict[str, Any]

    def handle_exception(self, exc: Exception) -> Response:
        exc = as_api_exception(exc, public_id=self.kwargs.get("public_id"), fields=self.input_fields)
        return add_conflict_fields(exc, super().handle_exception(exc))  # type: ignore[misc]

    def input_of(self, serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        self.input_fields = tuple(serializer.fields)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
