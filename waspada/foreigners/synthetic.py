"""Synthetic foreign nationals at national scale, for benchmarks (``manage.py generate_synthetic
--foreigners N``): ``count`` people over the 514 kabupaten/kota (most in a few industrial and
tourist regions, every kabupaten/kota some), each with zero to two permits and some with dated
activity observations.

Written with ``bulk_create`` like an import: passport numbers, addresses and dates of birth go
through the encrypted fields (real Fernet tokens under the configured key) with their keyed digest
and mask. No audit event per row. Passport numbers are derived from the person's index
(``G00000001`` for CHN, ``TS0000001`` for JPN …: well-formed for the nationality, never one of the
demo's random numbers), so the set is deterministic for a seed and unique by passport +
nationality. Synthetic people carry the sponsor suffix ``MARK``; a second run tops the set up to
``count`` (idempotent).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from waspada.foreigners import recap_cells
from waspada.foreigners.models import ActivityObservation, ForeignNational, Permit, Purpose
from waspada.regions.models import Region

MARK = "(sintetis)"
BATCH = 2_000


def _generic(prefix: str) -> Callable[[int], str]:
    return lambda i: f"{prefix}{i:08d}"


# nationality, weight, passport number of the person with index i (fits the CSV's pattern)
NATIONALITIES: list[tuple[str, int, Callable[[int], str]]] = [
    ("CHN", 32, lambda i: f"G{i:08d}"),
    ("JPN", 8, lambda i: f"TS{i % 10**7:07d}"),
    ("KOR", 7, lambda i: f"S{i:08d}"),
    ("IND", 5, lambda i: f"J{i % 10**7:07d}"),
    ("MYS", 6, _generic("Y")),
    ("USA", 5, _generic("Y")),
    ("AUS", 5, _generic("Y")),
    ("PHL", 4, _generic("Y")),
    ("SGP", 3, _generic("Y")),
    ("GBR", 3, _generic("Y")),
    ("DEU", 2, _generic("Y")),
    ("NLD", 2, _generic("Y")),
    ("FRA", 2, _generic("Y")),
    ("THA", 2, _generic("Y")),
    ("VNM", 2, _generic("Y")),
    ("RUS", 2, _generic("Y")),
    ("TWN", 2, _generic("Y")),
    ("PAK", 1, _generic("Y")),
    ("BGD", 1, _generic("Y")),
    ("NGA", 1, _generic("Y")),
    ("TUR", 1, _generic("Y")),
    ("SAU", 1, _generic("Y")),
    ("EGY", 1, _generic("Y")),
    ("CAN", 1, _generic("Y")),
    ("ITA", 1, _generic("Y")),
]
PURPOSE_WEIGHTS = {
    Purpose.WORK: 55,
    Purpose.TOURISM: 15,
    Purpose.RESEARCH: 6,
    Purpose.RELIGIOUS: 10,
    Purpose.NGO: 8,
    Purpose.DIPLOMATIC: 6,
}
GIVEN = ["Wei", "Hiroshi", "Min-jun", "Rahul", "Ahmad", "John", "Olivia", "Jose", "Anna", "Ivan", "Mehmet", "Lin"]
FAMILY = ["Zhang", "Tanaka", "Kim", "Sharma", "Ismail", "Smith", "Wilson", "Santos", "Muller", "Petrov", "Nguyen"]
SPONSORS = ["PT Nikel Timur", "PT Baja Nusantara", "PT Tekstil Priangan", "Universitas Negeri", "Yayasan Kasih", ""]
STREETS = ["Jalan Merdeka", "Jalan Sudirman", "Jalan Diponegoro", "Jalan Pahlawan", "Jalan Ahmad Yani"]


@dataclass(frozen=True)
class Generated:
    people: int
    permits: int
    activities: int


def synthetic_count() -> int:
    return ForeignNational.objects.filter(sponsor__endswith=MARK).count()


def _places(rng: random.Random, today: date) -> tuple[list[Region], list[float], dict[int, list[Region]]]:
    """The kabupaten/kota in force with a heavy-tailed weight each, and their kecamatan."""
    kabkota = list(Region.objects.kabkota().valid_on(today).order_by("code"))
    weights = [rng.paretovariate(1.2) for _ in kabkota]
    children: dict[int, list[Region]] = {}
    kecamatan = Region.objects.filter(parent__in=kabkota).order_by("code")
    for r in kecamatan.only("pk", "code", "parent_id", "province_id", "kabkota_id"):
        children.setdefault(r.parent_id or 0, []).append(r)
    return kabkota, weights, children


def generate(count: int, *, seed: int = 1, today: date | None = None) -> Generated:
    """Top the synthetic foreign nationals up to ``count`` (with their permits and activities)."""
    today = today or timezone.localdate()
    existing = synthetic_count()
    missing = count - existing
    if missing <= 0:
        return Generated(0, 0, 0)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    kabkota, weights, children = _places(rng, today)
    if not kabkota:
        return Generated(0, 0, 0)
    rng = random.Random(seed * 1_000_003 + existing)  # noqa: S311
    nat_weights = [w for _c, w, _p in NATIONALITIES]
    purposes, purpose_weights = list(PURPOSE_WEIGHTS), list(PURPOSE_WEIGHTS.values())
    created = permits_written = activities_written = 0
    touched: set[int | None] = set()
    while created < missing:
        size = min(BATCH, missing - created)
        people: list[ForeignNational] = []
        places = rng.choices(kabkota, weights=weights, k=size)
        for offset, home in enumerate(places):
            index = existing + created + offset + 1
            nationality, _w, passport = rng.choices(NATIONALITIES, weights=nat_weights)[0]
            kecamatan = children.get(home.pk)
            region = rng.choice(kecamatan) if kecamatan and rng.random() < 0.6 else home
            person = ForeignNational(
                name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {index}",
                nationality=nationality,
                sex=rng.choice("LP"),
                birth_date=date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                purpose=rng.choices(purposes, weights=purpose_weights)[0],
                sponsor=f"{rng.choice(SPONSORS)} {MARK}".strip(),
                region=region,
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 300)}, {home.name}",
                is_present=rng.random() > 0.12,
            )
            person.set_passport(passport(index))
            person.province_id = region.province_id
            person.kabkota_id = region.kabkota_id
            people.append(person)
        permits: list[Permit] = []
        activities: list[ActivityObservation] = []
        for person, home in zip(people, places, strict=True):
            own = _permits(rng, person, today)
            person.permit_until = max((p.valid_until for p in own), default=None)
            permits += own
            if rng.random() < 0.2:
                activities += _activities(rng, person, home, kabkota, today)
        with transaction.atomic():
            ForeignNational.objects.bulk_create(people)  # the permits' foreigner keys are read at their insert
            Permit.objects.bulk_create(permits)
            ActivityObservation.objects.bulk_create(activities)
        created += size
        permits_written += len(permits)
        activities_written += len(activities)
        touched.update(person.province_id for person in people)
    # The recap cells of the touched provinces, once at the end (recounting after every batch would
    # read the growing table again and again); ``rebuild_foreigner_recap`` mends an interrupted run.
    recap_cells.refresh_provinces(touched)
    return Generated(created, permits_written, activities_written)


def _permits(rng: random.Random, person: ForeignNational, today: date) -> list[Permit]:
    roll = rng.random()
    if roll < 0.06:
        return []  # none recorded
    if roll < 0.14:
        until = today - timedelta(days=rng.randint(1, 400))  # expired
    elif roll < 0.22:
        until = today + timedelta(days=rng.randint(0, 30))  # ending soon
    else:
        until = today + timedelta(days=rng.randint(31, 900))
    kind = Permit.Kind.KITAP if rng.random() < 0.08 else Permit.Kind.KITAS
    if person.purpose == Purpose.TOURISM:
        kind = Permit.Kind.VOA
    elif person.purpose == Purpose.DIPLOMATIC:
        kind = Permit.Kind.DIPLOMATIC_VISA
    out = [
        Permit(
            foreigner=person,
            kind=kind,
            number=f"2C{rng.randrange(10**9):09d}",
            valid_from=until - timedelta(days=365),
            valid_until=until,
        )
    ]
    if rng.random() < 0.3:  # the previous permit, renewed
        out.append(
            Permit(
                foreigner=person,
                kind=kind,
                number=f"2C{rng.randrange(10**9):09d}",
                valid_from=until - timedelta(days=730),
                valid_until=until - timedelta(days=366),
            )
        )
    return out


def _activities(
    rng: random.Random, person: ForeignNational, home: Region, kabkota: list[Region], today: date
) -> list[ActivityObservation]:
    out = []
    for _ in range(rng.randint(1, 3)):
        outside = rng.random() < 0.15
        out.append(
            ActivityObservation(
                foreigner=person,
                observed_on=today - timedelta(days=rng.randint(0, 365)),
                description="Kegiatan di luar wilayah izin (sintetis)" if outside else "Bekerja di lokasi penjamin",
                activity_purpose=Purpose.RELIGIOUS if rng.random() < 0.1 else person.purpose,
                region=rng.choice(kabkota) if outside else home,
                source=rng.choice(ActivityObservation.Source.values),
                assessment=ActivityObservation.Assessment.WATCH
                if outside
                else ActivityObservation.Assessment.CONSISTENT,
            )
        )
    return out
