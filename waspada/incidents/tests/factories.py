"""Helpers for incident tests: codes by slug, valid input, incidents registered through services."""

from __future__ import annotations

from datetime import date
from typing import Any

from waspada.incidents import services
from waspada.incidents.models import Incident, IncidentCode
from waspada.regions.models import Region


def code(kind: str, slug: str) -> IncidentCode:
    return IncidentCode.objects.get(kind=kind, code=slug)


def category(slug: str = "bentrok-antarwarga") -> IncidentCode:
    return code(IncidentCode.Kind.CATEGORY, slug)


def incident_input(
    region_code: str = "32.73",
    occurred_on: date = date(2020, 10, 5),
    category_slug: str = "bentrok-antarwarga",
    **values: Any,
) -> services.IncidentInput:
    values.setdefault("title", "Bentrok warga di pasar")
    return services.IncidentInput(
        occurred_on=occurred_on,
        region=Region.objects.select_related("kabkota").get(code=region_code),
        category=category(category_slug),
        **values,
    )


def registered(user: Any, region_code: str = "32.73", **values: Any) -> Incident:
    sources = values.pop("sources", None)
    if sources is None:
        sources = [services.SourceInput(kind="media", name="Pikiran Rakyat", url="https://example.org/berita")]
    return services.incident_create(actor=user, data=incident_input(region_code, **values), sources=sources)
