"""Writing audit events. Services call ``record``; nothing else writes AuditEvent rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from waspada.core.middleware import current_request_id
from waspada.core.models import AuditEvent

if TYPE_CHECKING:
    from waspada.regions.models import Region


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a record's concrete field values, for before/after."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = field.value_from_object(instance)
        if (field.is_relation and value is not None) or (
            value is not None and not isinstance(value, (str, int, float, bool, list, dict))
        ):
            value = str(value)
        data[field.name] = value
    return data


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    region: Region | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event for a state change the caller has just made."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_id", None) or obj.pk),
        object_repr=str(obj)[:255],
        region=region,
        before=before,
        after=after,
        request_id=current_request_id(),
    )
    event.set_scope_keys(region)
    event.save()
    return event
