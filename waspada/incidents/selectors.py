"""Reads of the incident register for pages, API and exports. Every function takes the user and
filters through ``access`` (``Incident.objects.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from waspada.incidents import duplicates
from waspada.incidents.models import Incident, IncidentCode


def incidents_for(user: Any) -> QuerySet[Incident]:
    """Counted incidents in the user's scope (not deleted, not merged)."""
    return Incident.objects.visible_to(user).alive()


def codes(kind: str) -> QuerySet[IncidentCode]:
    return IncidentCode.objects.filter(kind=kind, is_active=True)


@dataclass(frozen=True)
class DuplicateCandidate:
    incident: Incident
    similarity: float


def duplicate_candidates(
    user: Any,
    *,
    kabkota_id: int | None,
    category_id: int,
    occurred_on: date,
    text: str,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[DuplicateCandidate]:
    """Counted incidents in scope that may be the same event: same kabupaten/kota and category,
    within ±3 days, similar text — most similar first."""
    if kabkota_id is None:
        return []
    window = timedelta(days=duplicates.WINDOW_DAYS)
    nearby = (
        incidents_for(user)
        .filter(
            kabkota_id=kabkota_id,
            category_id=category_id,
            occurred_on__gte=occurred_on - window,
            occurred_on__lte=occurred_on + window,
        )
        .select_related("region")
    )
    if exclude_id is not None:
        nearby = nearby.exclude(pk=exclude_id)
    found = []
    for other in nearby[:200]:
        score = duplicates.text_similarity(text, duplicates.incident_text(other.title, other.narrative))
        if score >= duplicates.MIN_SIMILARITY:
            found.append(DuplicateCandidate(other, score))
    found.sort(key=lambda c: (-c.similarity, c.incident.occurred_on))
    return found[:limit]


def duplicates_of(user: Any, incident: Incident, limit: int = 5) -> list[DuplicateCandidate]:
    return duplicate_candidates(
        user,
        kabkota_id=incident.kabkota_id,
        category_id=incident.category_id,
        occurred_on=incident.occurred_on,
        text=duplicates.incident_text(incident.title, incident.narrative),
        exclude_id=incident.pk,
        limit=limit,
    )


def removal_feed(user: Any, since: datetime) -> QuerySet[Incident]:
    """Incidents deleted or merged since ``since`` (by last change), for external consumers."""
    return (
        Incident.objects.visible_to(user)
        .filter(Q(deleted_at__isnull=False) | Q(merged_into__isnull=False), updated_at__gte=since)
        .select_related("merged_into")
        .order_by("updated_at", "id")
    )
