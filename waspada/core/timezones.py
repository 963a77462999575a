"""Indonesian time zones (WIB/WITA/WIT): pure functions, no ORM."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone as dj_timezone

ZONES: dict[str, str] = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}

# DOMAIN.md §2: time zone by province code.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_for_province(province_code: str) -> str:
    """The zone name (WIB, WITA or WIT) of a province by its two-digit Kemendagri code."""
    code = province_code[:2]
    if code in _WIT_PROVINCES:
        return "WIT"
    if code in _WITA_PROVINCES:
        return "WITA"
    return "WIB"


# The zone of the national office (Direktorat Kewaspadaan Nasional, Jakarta) and of TIME_ZONE:
# national jobs without a region of their own (e.g. one assessment date for every kabupaten/kota)
# count "today" in it.
NATIONAL_ZONE = "WIB"


def tzinfo_for(zone: str) -> ZoneInfo:
    return ZoneInfo(ZONES[zone])


def to_local(value: datetime, zone: str) -> datetime:
    if dj_timezone.is_naive(value):
        value = dj_timezone.make_aware(value, ZoneInfo("UTC"))
    return value.astimezone(tzinfo_for(zone))


def format_local(value: datetime, zone: str) -> str:
    """Day-month-year hour:minute with the zone name, as Indonesian offices write it."""
    return f"{to_local(value, zone):%d-%m-%Y %H:%M} {zone}"


def local_today(zone: str = NATIONAL_ZONE, now: datetime | None = None) -> date:
    """Today's date in ``zone`` (the server's own clock zone does not matter)."""
    return to_local(now or dj_timezone.now(), zone).date()
