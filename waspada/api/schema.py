"""OpenAPI generation: drf-standardized-errors' AutoSchema, plus what Waspada's API really answers.

* 403 may carry ``mfa_required`` (the MFA gate) besides ``permission_denied``;
* query parameters validated by a serializer (given to ``extend_schema(parameters=[...])``)
  and the paginator's ``page_size`` answer 400 ``validation_error``, documented per field.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from drf_standardized_errors.openapi import AutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from drf_standardized_errors.openapi_utils import (
    InputDataField,
    get_flat_serializer_fields,
    get_serializer_fields_with_error_codes,
)
from rest_framework import serializers
from rest_framework.settings import api_settings

MFA_REQUIRED = "mfa_required"


class ApiError403Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[("permission_denied", "Permission Denied"), (MFA_REQUIRED, "MFA Required")])
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ApiErrorResponse403Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = ApiError403Serializer(many=True)  # type: ignore[assignment]


MFA_REQUIRED_EXAMPLE = OpenApiExample(
    "MfaRequired",
    value={
        "type": "client_error",
        "errors": [
            {
                "code": MFA_REQUIRED,
                "detail": _("Peran Anda mewajibkan autentikasi dua faktor (TOTP). Aktifkan terlebih dahulu."),
                "attr": None,
            }
        ],
    },
    response_only=True,
    status_codes=["403"],
)


class WaspadaAutoSchema(AutoSchema):
    def _get_error_response_serializer(self, status_code: str) -> Any:
        if status_code == "403":
            return ApiErrorResponse403Serializer
        return super()._get_error_response_serializer(status_code)

    def _get_error_response_examples(self) -> list[OpenApiExample]:
        return [*super()._get_error_response_examples(), MFA_REQUIRED_EXAMPLE]

    def _query_serializers(self) -> list[serializers.Serializer]:
        found = [
            force_instance(p)
            for p in self.get_override_parameters()
            if not isinstance(p, OpenApiParameter) and is_serializer(p)
        ]
        paginator = self._get_paginator()
        page_params = getattr(paginator, "query_serializer_class", None)
        if page_params is not None and self._is_list_view():
            found.append(page_params())
        return found

    def _query_fields_with_error_codes(self) -> list[InputDataField]:
        fields: list[InputDataField] = []
        for serializer in self._query_serializers():
            fields.extend(get_serializer_fields_with_error_codes(get_flat_serializer_fields(serializer)))
        # Query data is always a mapping, so the serializer-level errors cannot occur.
        return [f for f in fields if f.name != api_settings.NON_FIELD_ERRORS_KEY]

    def _should_add_validation_error_response(self) -> bool:
        return super()._should_add_validation_error_response() or bool(self._query_fields_with_error_codes())

    def _determine_fields_with_error_codes(self) -> list[InputDataField]:
        return [*super()._determine_fields_with_error_codes(), *self._query_fields_with_error_codes()]


def _blank_alternative_folded(node: Any) -> Any:
    """``oneOf: [{string with a pattern}, {string, maxLength 0}]`` — what drf-spectacular writes for
    a blank-allowed regex field — becomes the first schema alone when its pattern already matches
    the empty string: with both, "" matches two alternatives, which ``oneOf`` forbids."""
    if isinstance(node, list):
        return [_blank_alternative_folded(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _blank_alternative_folded(value) for key, value in node.items()}
    alternatives = node.get("oneOf")
    if isinstance(alternatives, list) and len(alternatives) == 2:
        text, blank = alternatives
        pattern = text.get("pattern") if isinstance(text, dict) else None
        if blank == {"type": "string", "maxLength": 0} and isinstance(pattern, str) and re.search(pattern, ""):
            node.pop("oneOf")
            node.update(text)
    return node


def fold_blank_alternatives(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: see ``_blank_alternative_folded``."""
    folded: dict[str, Any] = _blank_alternative_folded(result)
    return folded
