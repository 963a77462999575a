"""Helpers building foreigner records through the services (so tests see what users would)."""

from __future__ import annotations

from datetime import date
from typing import Any

from waspada.foreigners import services
from waspada.foreigners.models import ActivityObservation, ForeignNational, Permit, Purpose
from waspada.regions.models import Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def foreigner(actor: Any, region_code: str = "32.73", **kwargs: Any) -> ForeignNational:
    data = services.ForeignerInput(
        name=kwargs.pop("name", "Zhang Wei"),
        nationality=kwargs.pop("nationality", "CHN"),
        sex=kwargs.pop("sex", "L"),
        passport_number=kwargs.pop("passport_number", "E12345678"),
        purpose=kwargs.pop("purpose", Purpose.WORK),
        region=region(region_code),
        birth_date=kwargs.pop("birth_date", date(1985, 4, 12)),
        sponsor=kwargs.pop("sponsor", "PT Baja Nusantara"),
        address=kwargs.pop("address", "Jalan Dago Atas Nomor 17, Coblong, Bandung"),
        **kwargs,
    )
    return services.foreigner_create(actor=actor, data=data)


def permit(actor: Any, person: ForeignNational, valid_from: date, valid_until: date, **kwargs: Any) -> Permit:
    data = services.PermitInput(
        kind=kwargs.pop("kind", Permit.Kind.KITAS),
        number=kwargs.pop("number", "2C11AB1234"),
        valid_from=valid_from,
        valid_until=valid_until,
        **kwargs,
    )
    return services.permit_create(actor=actor, foreigner=person, data=data)


def activity(
    actor: Any, person: ForeignNational, region_code: str, observed_on: date, **kwargs: Any
) -> ActivityObservation:
    data = services.ActivityInput(
        observed_on=observed_on,
        description=kwargs.pop("description", "Bekerja di pabrik"),
        region=region(region_code),
        source=kwargs.pop("source", ActivityObservation.Source.FIELD),
        **kwargs,
    )
    return services.activity_create(actor=actor, foreigner=person, data=data)
