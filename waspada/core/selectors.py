"""Reads of audit events, always through the access choke point."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from waspada.core.models import AuditEvent
from waspada.regions import access


def audit_events_for_user(user: Any) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(access.audit_q(user)).select_related("actor", "region")


def history_for(user: Any, obj: Model, *, region_events: bool = False, limit: int = 20) -> list[AuditEvent]:
    """The "Riwayat" panel of a record: its audit events (and, for a region, events of
    records in that region) that the user may see, newest first."""
    q = Q(object_type=obj._meta.label_lower, object_id=str(getattr(obj, "public_id", None) or obj.pk))
    if region_events:
        q |= Q(region=obj)
    return list(audit_events_for_user(user).filter(q)[:limit])
