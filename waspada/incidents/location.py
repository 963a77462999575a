"""Where an incident is: pure checks on coordinates (no ORM), and the point-in-polygon lookup."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

# Indonesia's extent with a margin for outer islands' waters (Sabang to Merauke, Miangas to Rote).
LAT_MIN, LAT_MAX = -11.5, 6.5
LON_MIN, LON_MAX = 94.0, 141.5


def in_indonesia(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def parse_coordinate(value: Any) -> Decimal | None:
    """A coordinate from a form or file cell, accepting a decimal comma; None when empty.

    Raises ValueError for text that is not a number."""
    if value is None:
        return None
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number.quantize(Decimal("0.000001"))


def kabkota_at(lat: float, lon: float) -> Any:
    """The kabupaten/kota whose imported boundary contains the point, or None (no boundary, sea)."""
    from waspada.regions.geo import region_at

    return region_at(lat, lon)
