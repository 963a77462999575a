"""Early detection about foreigners (pure: no ORM; ``services.detect_issues`` loads and notifies).

Rules (DOMAIN.md §9, issue 7 item 8), for people recorded as present:

- **expiring**: the permit that lasts longest ends within ``EXPIRY_WINDOW_DAYS`` (30) days from
  today (today and the 30th day included).
- **expired**: the person has permits but the last one ended before today.
- **outside_region**: an activity observed in a region outside the permitted area: the permitted
  regions of the permits valid on the activity's day, or, when none names one, the kabupaten/kota
  (else the region) where the person is recorded. A region is inside an area when its code equals
  the area's code or starts with it and a dot (``32.73.01`` is inside ``32.73``).
- **outside_purpose**: an activity whose nature is given and differs from the person's purpose.

Each finding carries a ``key`` that is the same on every run for the same fact, so notifications
stay idempotent (``notify(dedupe_key=…)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

EXPIRY_WINDOW_DAYS = 30


@dataclass(frozen=True)
class PermitFacts:
    valid_from: date
    valid_until: date
    permitted_region_code: str | None = None


@dataclass(frozen=True)
class ActivityFacts:
    id: str
    observed_on: date
    region_code: str
    purpose: str = ""


@dataclass(frozen=True)
class PersonFacts:
    id: str
    region_code: str
    kabkota_code: str | None
    purpose: str
    is_present: bool = True
    permits: tuple[PermitFacts, ...] = ()
    activities: tuple[ActivityFacts, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Finding:
    kind: str  # expiring | expired | outside_region | outside_purpose
    person_id: str
    key: str
    day: date
    activity_id: str | None = None
    days_left: int | None = None
    region_code: str | None = None


def inside(code: str, area: str) -> bool:
    return code == area or code.startswith(area + ".")


def permitted_areas(person: PersonFacts, day: date) -> list[str]:
    named = [
        p.permitted_region_code
        for p in person.permits
        if p.permitted_region_code and p.valid_from <= day <= p.valid_until
    ]
    return named or [person.kabkota_code or person.region_code]


def permit_findings(person: PersonFacts, today: date) -> list[Finding]:
    if not person.is_present or not person.permits:
        return []
    last = max(p.valid_until for p in person.permits)
    if last < today:
        return [Finding("expired", person.id, f"expired:{person.id}:{last.isoformat()}", last)]
    if last <= today + timedelta(days=EXPIRY_WINDOW_DAYS):
        return [
            Finding(
                "expiring",
                person.id,
                f"expiring:{person.id}:{last.isoformat()}",
                last,
                days_left=(last - today).days,
            )
        ]
    return []


def activity_findings(person: PersonFacts) -> list[Finding]:
    if not person.is_present:
        return []
    found: list[Finding] = []
    for activity in person.activities:
        areas = permitted_areas(person, activity.observed_on)
        if not any(inside(activity.region_code, area) for area in areas):
            found.append(
                Finding(
                    "outside_region",
                    person.id,
                    f"outside_region:{activity.id}",
                    activity.observed_on,
                    activity_id=activity.id,
                    region_code=activity.region_code,
                )
            )
        if activity.purpose and activity.purpose != person.purpose:
            found.append(
                Finding(
                    "outside_purpose",
                    person.id,
                    f"outside_purpose:{activity.id}",
                    activity.observed_on,
                    activity_id=activity.id,
                )
            )
    return found


def detect(people: list[PersonFacts], today: date) -> list[Finding]:
    findings: list[Finding] = []
    for person in people:
        findings.extend(permit_findings(person, today))
        findings.extend(activity_findings(person))
    return findings
