"""409 Conflict in /api/v1/: one builder for the documented answer and one exception.

A write that carries a stale ``version`` (someone saved the record after the caller read it) is
refused by the service with its app's stale refusal (``code="stale"``, ``current_version``); the
API answers **409** with the standard error body plus ``current_version`` (and, where the
endpoint is about one record, its ``public_id``)::

    {"type": "client_error",
     "errors": [{"code": "stale", "detail": "Data ini sudah diubah orang lain …", "attr": null}],
     "public_id": "3f1c…", "current_version": 3}

``conflict_response("Forum", noun="forum")`` returns the ``OpenApiResponse`` for
``@extend_schema(responses={409: …})``: components ``<Name>ConflictResponse`` and
``<Name>ConflictError`` (``code``: stale, exists or status — one enum for all). Built once per name.
``Conflict`` is the exception a view raises (or ``conflict_from`` turns a service's stale refusal
into), and ``add_conflict_fields`` puts its extra fields into the response body.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

EXAMPLE_PUBLIC_ID = "3f1c2a9e-8c5b-4d0e-9a57-2b8f0f6d1c11"
DEFAULT_EXAMPLE = (
    "Data ini sudah diubah orang lain (versi 3) setelah Anda membukanya. "
    "Perubahan Anda tidak disimpan; muat ulang lalu ulangi."
)

# Why a write was refused with 409 (one enum for every endpoint: ``ConflictCodeEnum``).
CONFLICT_CODES = [
    ("stale", "Stale: versi basi, data diubah orang lain"),
    ("exists", "Exists: data yang sama sudah ada"),
    ("status", "Status: keadaan data tidak mengizinkan tindakan ini"),
]

_BUILT: dict[str, tuple[tuple[Any, ...], OpenApiResponse]] = {}


class Conflict(exceptions.APIException):
    """409 with ``current_version`` (and ``public_id`` when given) beside the standard error body."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(
        self, detail: str, code: str = "stale", *, current_version: int | None = None, public_id: Any = None
    ) -> None:
        super().__init__(detail, code)
        self.extra: dict[str, Any] = {"current_version": current_version}
        if public_id is not None:
            self.extra["public_id"] = str(public_id)


def is_stale(exc: Exception) -> bool:
    """A service's stale-version refusal (any app): ``code == "stale"`` with ``current_version``."""
    return getattr(exc, "code", None) == "stale" and hasattr(exc, "current_version")


def conflict_from(exc: Any, *, public_id: Any = None) -> Conflict:
    """A service's stale refusal as the API's 409."""
    messages = getattr(exc, "messages", None) or [str(exc)]
    return Conflict(str(messages[0]), "stale", current_version=exc.current_version, public_id=public_id)


def add_conflict_fields(exc: Exception, response: Response) -> Response:
    """After DRF rendered a ``Conflict``: its ``current_version`` / ``public_id`` into the body."""
    if isinstance(exc, Conflict) and isinstance(response.data, dict):
        response.data.update(exc.extra)
    return response


def conflict_response(
    name: str,
    *,
    noun: str,
    public_id: bool = True,
    nullable_version: bool = False,
    description: Any = None,
    example: str = DEFAULT_EXAMPLE,
) -> OpenApiResponse:
    """The documented 409 of one kind of record (``name`` prefixes the component names)."""
    key = (noun, public_id, nullable_version, str(description), example)
    if name in _BUILT:
        built_key, response = _BUILT[name]
        if built_key != key:
            raise ValueError(f"conflict_response({name!r}) was already built with other arguments")
        return response
    error = type(
        f"{name}ConflictErrorSerializer",
        (serializers.Serializer,),
        {
            "__module__": __name__,
            "code": serializers.ChoiceField(choices=CONFLICT_CODES),
            "detail": serializers.CharField(),
            "attr": serializers.CharField(allow_null=True),
        },
    )
    fields: dict[str, Any] = {
        "__module__": __name__,
        "type": serializers.ChoiceField(choices=ClientErrorEnum.choices),
        "errors": error(many=True),
    }
    if public_id:
        fields["public_id"] = serializers.UUIDField(
            help_text=gettext_lazy("%(noun)s yang berubah.") % {"noun": noun.capitalize()}
        )
    if nullable_version:
        fields["current_version"] = serializers.IntegerField(
            allow_null=True, help_text=gettext_lazy("Versi sekarang (bila versi Anda basi), selain itu null.")
        )
    else:
        fields["current_version"] = serializers.IntegerField(
            help_text=gettext_lazy("Versi %(noun)s sekarang.") % {"noun": noun}
        )
    body = type(f"{name}ConflictResponseSerializer", (serializers.Serializer,), fields)
    value: dict[str, Any] = {
        "type": "client_error",
        "errors": [{"code": "stale", "detail": example, "attr": None}],
    }
    if public_id:
        value["public_id"] = EXAMPLE_PUBLIC_ID
    value["current_version"] = 3
    response = OpenApiResponse(
        body,
        description=description
        or gettext_lazy("Versi basi: %(noun)s sudah diubah orang lain (current_version).") % {"noun": noun},
        examples=[OpenApiExample("Stale", value=value, response_only=True, status_codes=["409"])],
    )
    _BUILT[name] = (key, response)
    return response
