"""OpenAPI generation: drf-standardized-errors' AutoSchema, plus what Waspada's API really answers.

* 403 may carry ``mfa_required`` (the MFA gate) besides ``permission_denied``;
* query parameters validated by a serializer (given to ``extend_schema(parameters=[...])``)
  and the paginator's ``page_size`` answer 400 ``validation_error``, documented per field.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import warn
from drf_spectacular.plumbing import _load_enum_name_overrides, force_instance, is_serializer, list_hash
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from drf_standardized_errors.openapi import AutoSchema
from drf_standardized_errors.openapi_hooks import postprocess_schema_enums as standardized_errors_enums
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from drf_standardized_errors.openapi_utils import (
    InputDataField,
    get_flat_serializer_fields,
    get_serializer_fields_with_error_codes,
)
from inflection import camelize, singularize
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


# --- enum component names ------------------------------------------------------------------------
#
# drf-spectacular names an enum after the serializer field (``status`` → ``StatusEnum``); when
# several choice sets share a field name it falls back to hashed names and warnings unless each set
# is listed in ENUM_NAME_OVERRIDES. Waspada derives the names from where the choices are defined,
# so a new app's choices need no settings entry:
#
# * a choices class nested in a class: ``<Owner><Class>Enum`` (``Incident.Status`` →
#   ``IncidentStatusEnum``);
# * defined at module level in an app — a choices class, or an UPPER_CASE list of (value, label)
#   pairs: ``<App><Name>Enum``, the name in the singular without ``_CHOICES``
#   (``foreigners.models.Purpose`` → ``ForeignersPurposeEnum``, ``elections.api.TRANCHE_STATUSES``
#   → ``ElectionsTrancheStatusEnum``); the shared ``waspada.api`` package and
#   drf-standardized-errors add no prefix (``ConflictCodeEnum``, ``ValidationErrorEnum``).
#
# One choice set defined twice (a list copying a class's choices) is one component: a class's name
# first, then the alphabetical first. Two different choice sets that would get one name both get
# the longer name with app and module (``ForumsApiLevelEnum``); if even those are equal, schema
# generation warns, which fails the schema test. Test modules are not read.

ENUM_SOURCES = ("waspada", "drf_standardized_errors")
UNPREFIXED_MODULES = ("waspada.api", "drf_standardized_errors")
CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _app_prefix(module_name: str) -> str:
    parts = module_name.split(".")
    if module_name.startswith(UNPREFIXED_MODULES) or len(parts) < 2:
        return ""
    return camelize(parts[1])


def _suffixed(name: str) -> str:
    suffix = spectacular_settings.ENUM_SUFFIX
    return name if name.endswith(suffix) else f"{name}{suffix}"


def _nested_choices(owner: type, module_name: str) -> Iterator[type[Choices]]:
    for value in vars(owner).values():
        if isinstance(value, type) and value.__module__ == module_name:
            if issubclass(value, Choices):
                yield value
            else:
                yield from _nested_choices(value, module_name)


def _is_choice_list(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], str | int)
            and isinstance(pair[1], str | Promise)
            for pair in value
        )
    )


def _choice_set_hash(choices: Any) -> str:
    # The hash drf-spectacular gives a choice set: values with labels, blank and null left out.
    pairs = choices.choices if isinstance(choices, type) and issubclass(choices, Choices) else choices
    return list_hash([(value, label) for value, label in pairs if value not in ("", None)])


def _import_every_module() -> None:
    """Import every Waspada module (tests, migrations and commands left out) so that the names do
    not depend on which modules happen to be loaded when the schema is generated (a module imported
    lazily elsewhere could otherwise make two names clash in one process and not in another)."""
    import waspada

    skipped = ("tests", "migrations", "management", "conftest")
    for info in pkgutil.walk_packages(waspada.__path__, "waspada."):
        if not any(part in skipped for part in info.name.split(".")):
            importlib.import_module(info.name)


def _named_choice_sets() -> Iterator[tuple[int, str, str, Any]]:
    """(rank, name, longer name, choices) of every choice set defined in a loaded module of Waspada
    (tests left out) or of drf-standardized-errors; rank 0 for choices classes, 1 for lists. The
    longer name adds the app and module (``ForumsApiStatusEnum``) for two sets of one name."""
    _import_every_module()
    for module_name, module in sorted(sys.modules.items()):
        parts = module_name.split(".")
        if module is None or parts[0] not in ENUM_SOURCES or "tests" in parts or parts[-1] == "conftest":
            continue
        prefix = _app_prefix(module_name)
        longer_prefix = camelize("_".join(parts[1:]) if len(parts) > 1 else parts[0])
        for attr, value in list(vars(module).items()):
            if isinstance(value, type) and value.__module__ == module_name:
                if issubclass(value, Choices):
                    yield 0, _suffixed(prefix + value.__name__), _suffixed(longer_prefix + value.__name__), value
                else:
                    for nested in _nested_choices(value, module_name):
                        qualified = "".join(nested.__qualname__.split("."))
                        yield 0, _suffixed(qualified), _suffixed(longer_prefix + qualified), nested
            elif CONSTANT_NAME.match(attr) and _is_choice_list(value):
                words = camelize(singularize(attr.lower().removesuffix("_choices")))
                yield 1, _suffixed(prefix + words), _suffixed(longer_prefix + words), value


def enum_names() -> dict[str, Any]:
    """Enum component name → its choices (a choices class or a list), by the rule above."""
    found = [
        (rank, name, longer, choices, _choice_set_hash(choices)) for rank, name, longer, choices in _named_choice_sets()
    ]
    hashes_by_name: dict[str, set[str]] = defaultdict(set)
    for entry in found:
        hashes_by_name[entry[1]].add(entry[4])
    by_hash: dict[str, tuple[int, str, Any]] = {}
    names_of_sets: dict[str, set[str]] = defaultdict(set)
    for rank, name, longer, choices, key in found:
        if len(hashes_by_name[name]) > 1:
            name = longer
        names_of_sets[name].add(key)
        if key not in by_hash or (rank, name) < by_hash[key][:2]:
            by_hash[key] = (rank, name, choices)
    for name, keys in sorted(names_of_sets.items()):
        if len(keys) > 1:
            warn(f"Several choice sets are all named {name}; rename one of them (see waspada.api.schema).")
    return {name: choices for _, name, choices in sorted(by_hash.values(), key=lambda entry: entry[1])}


def postprocess_schema_enums(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-standardized-errors' enum hook (drf-spectacular's, error components left alone) with
    ENUM_NAME_OVERRIDES filled from ``enum_names()``."""
    names = enum_names()
    if names != spectacular_settings.ENUM_NAME_OVERRIDES:
        # (Settings are read through APISettings.__getattr__, hence unknown to the type checker.)
        spectacular_settings.ENUM_NAME_OVERRIDES = names  # type: ignore[attr-defined]
        # drf-spectacular caches the overrides (per language) on first use.
        _load_enum_name_overrides.cache_clear()
    processed: dict[str, Any] = standardized_errors_enums(result, generator, **kwargs)
    return processed
