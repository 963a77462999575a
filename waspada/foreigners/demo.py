"""The demo's foreigners (``manage.py seed_demo --modules``, run by ``python3 dev.py run``).

About 300 foreign nationals across 40 kabupaten/kota drawn deterministically, plus the personas'
Kota Bandung (32.73, 40 people) and Kabupaten Bandung (32.04, 20): permits mostly in force, some
ending within 30 days, some expired while the person is still present; a few observed activities,
some outside the permitted region or purpose (so ``detect_foreigner_issues`` has something to say),
a handful of ormas asing and visit requests. Passport numbers are fictitious but well-formed for
their nationality; personal data is encrypted like any other record.

Bulk writes as the system user (no audit event per demo row). Idempotent: a second run adds nothing
once the demo's foreigners exist.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waspada.foreigners import recap_cells
from waspada.foreigners.models import (
    ActivityObservation,
    ForeignNational,
    ForeignOrganisation,
    Permit,
    Purpose,
    VisitRequest,
)
from waspada.regions.models import Region
from waspada.reports.synthetic import system_user

FIXED_REGIONS = {"32.73": 40, "32.04": 20}
OTHER_REGIONS = 40
PER_OTHER_REGION = 6
# nationality, passport maker, given names, family names
PEOPLE = [
    (
        "CHN",
        lambda r: f"E{r.randrange(10**8):08d}",
        ["Wei", "Li", "Jun", "Hui", "Ming"],
        ["Zhang", "Wang", "Chen", "Liu"],
    ),
    ("JPN", lambda r: f"T{r.choice('KRZ')}{r.randrange(10**7):07d}", ["Hiroshi", "Yuki", "Kenji"], ["Tanaka", "Sato"]),
    ("KOR", lambda r: f"M{r.randrange(10**8):08d}", ["Min-jun", "Ji-woo", "Seo-yeon"], ["Kim", "Lee", "Park"]),
    (
        "IND",
        lambda r: f"{r.choice('KLMNPRSTUVWZ')}{r.randrange(10**7):07d}",
        ["Rahul", "Priya", "Amit"],
        ["Sharma", "Patel"],
    ),
    ("USA", lambda r: f"{r.randrange(10**9):09d}", ["John", "Emily", "Michael"], ["Smith", "Johnson", "Brown"]),
    ("AUS", lambda r: f"P{r.randrange(10**7):07d}", ["Jack", "Olivia", "Liam"], ["Wilson", "Taylor"]),
    ("MYS", lambda r: f"A{r.randrange(10**8):08d}", ["Ahmad", "Siti", "Farid"], ["bin Ismail", "binti Hassan"]),
    ("NLD", lambda r: f"N{r.choice('PRSTU')}{r.randrange(10**6):06d}K", ["Daan", "Sanne"], ["de Vries", "Jansen"]),
    ("PHL", lambda r: f"P{r.randrange(10**7):07d}A", ["Jose", "Maria"], ["Santos", "Reyes"]),
]
WEIGHTS = [30, 12, 12, 8, 8, 8, 10, 5, 7]
PURPOSE_WEIGHTS = {
    Purpose.WORK: 50,
    Purpose.TOURISM: 15,
    Purpose.RESEARCH: 8,
    Purpose.RELIGIOUS: 10,
    Purpose.NGO: 10,
    Purpose.DIPLOMATIC: 7,
}
SPONSORS = [
    "PT Baja Nusantara",
    "PT Nikel Timur",
    "Universitas Padjadjaran",
    "Yayasan Kasih",
    "PT Tekstil Priangan",
    "",
]
STREETS = ["Jalan Merdeka", "Jalan Sudirman", "Jalan Diponegoro", "Jalan Pahlawan", "Jalan Asia Afrika"]


def _regions(rng: random.Random) -> list[tuple[Region, int]]:
    today = timezone.localdate()
    fixed = {r.code: r for r in Region.objects.filter(code__in=FIXED_REGIONS)}
    others = list(Region.objects.kabkota().valid_on(today).exclude(code__in=FIXED_REGIONS).order_by("code"))
    chosen = rng.sample(others, min(OTHER_REGIONS, len(others)))
    return [(fixed[c], n) for c, n in FIXED_REGIONS.items() if c in fixed] + [(r, PER_OTHER_REGION) for r in chosen]


def _child(region: Region, rng: random.Random) -> Region:
    """A kecamatan of the kabupaten/kota when there is one (the person's precise location)."""
    children = list(Region.objects.filter(parent=region).order_by("code")[:20])
    return rng.choice(children) if children else region


def demo_seed(today: date | None = None) -> str:
    today = today or timezone.localdate()
    actor = system_user()
    if ForeignNational.objects.filter(created_by=actor).exists():
        return "Orang asing demo sudah ada; tidak ada yang ditambahkan."
    rng = random.Random(20201124)  # noqa: S311  # demo data, not secrets
    people: list[ForeignNational] = []
    seen: set[tuple[str, str]] = set()
    with transaction.atomic():
        for region, count in _regions(rng):
            for _i in range(count):
                nationality, passport, given, family = rng.choices(PEOPLE, weights=WEIGHTS)[0]
                number = passport(rng)
                if (number, nationality) in seen:
                    continue
                seen.add((number, nationality))
                person = ForeignNational(
                    name=f"{rng.choice(given)} {rng.choice(family)}",
                    nationality=nationality,
                    sex=rng.choice("LP"),
                    birth_date=date(rng.randint(1955, 2002), rng.randint(1, 12), rng.randint(1, 28)),
                    purpose=rng.choices(list(PURPOSE_WEIGHTS), weights=list(PURPOSE_WEIGHTS.values()))[0],
                    sponsor=rng.choice(SPONSORS),
                    region=_child(region, rng),
                    address=f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}, {region.name}",
                    is_present=rng.random() > 0.1,
                    created_by=actor,
                )
                person.set_passport(number)
                person.set_scope_keys(person.region)
                people.append(person)
        ForeignNational.objects.bulk_create(people, batch_size=200)
        saved = list(ForeignNational.objects.filter(created_by=actor).select_related("region", "kabkota"))
        permits: list[Permit] = []
        activities: list[ActivityObservation] = []
        for person in saved:
            roll = rng.random()
            if roll < 0.08:
                until = today + timedelta(days=rng.randint(0, 30))  # ending soon
            elif roll < 0.15:
                until = today - timedelta(days=rng.randint(1, 120))  # expired
            elif roll < 0.2:
                continue  # no permit recorded
            else:
                until = today + timedelta(days=rng.randint(31, 700))
            kind = Permit.Kind.KITAP if rng.random() < 0.1 else Permit.Kind.KITAS
            if person.purpose == Purpose.TOURISM:
                kind = Permit.Kind.VOA
            permits.append(
                Permit(
                    foreigner=person,
                    kind=kind,
                    number=f"2C{rng.randrange(10**8):08d}",
                    valid_from=until - timedelta(days=365),
                    valid_until=until,
                )
            )
            if rng.random() < 0.15:
                outside = rng.random() < 0.3
                place = person.region
                if outside:
                    others = Region.objects.kabkota().exclude(pk=person.kabkota_id or 0).order_by("code")
                    place = others[rng.randrange(100)]
                activities.append(
                    ActivityObservation(
                        foreigner=person,
                        observed_on=today - timedelta(days=rng.randint(1, 60)),
                        description="Kegiatan di luar lokasi kerja" if outside else "Bekerja di lokasi penjamin",
                        activity_purpose=Purpose.RELIGIOUS if rng.random() < 0.2 else person.purpose,
                        region=place,
                        source=rng.choice(ActivityObservation.Source.values),
                        assessment=ActivityObservation.Assessment.WATCH
                        if outside
                        else ActivityObservation.Assessment.CONSISTENT,
                        created_by=actor,
                    )
                )
        Permit.objects.bulk_create(permits, batch_size=500)
        ForeignNational.objects.filter(created_by=actor).refresh_permit_until()
        recap_cells.refresh_provinces({person.province_id for person in saved})
        ActivityObservation.objects.bulk_create(activities, batch_size=500)
        orgs, visits = _organisations_and_visits(rng, today, actor)
    return (
        f"Orang asing demo: {len(saved)} orang, {len(permits)} izin, {len(activities)} kegiatan, "
        f"{orgs} ormas asing, {visits} permohonan kunjungan."
    )


def _organisations_and_visits(rng: random.Random, today: date, actor: Any) -> tuple[int, int]:
    regions = list(Region.objects.filter(code__in=["32.73", "32.04", "31.71", "51.71", "34.71", "64.72"]))
    orgs = []
    visits = []
    for i, region in enumerate(regions):
        org = ForeignOrganisation(
            name=f"Yayasan Internasional {['Harapan', 'Sejahtera', 'Cahaya', 'Mandiri', 'Lestari', 'Damai'][i % 6]}",
            country=rng.choice(["USA", "AUS", "JPN", "NLD", "KOR"]),
            field_of_activity=rng.choice(["Pendidikan", "Kesehatan", "Lingkungan hidup", "Pemberdayaan masyarakat"]),
            region=region,
            recommendation_number=f"220/{100 + i}/Kesbangpol" if i % 3 else "",
            recommendation_date=today - timedelta(days=200 + i) if i % 3 else None,
            ministry_partner="Kementerian Kesehatan" if i % 2 else "",
            mou_number=f"MoU-{2024 + i % 2}/{i + 1}" if i % 2 else "",
            mou_valid_until=today + timedelta(days=365 * (i % 3) - 100) if i % 2 else None,
            created_by=actor,
        )
        org.set_scope_keys(region)
        orgs.append(org)
        for j, decision in enumerate(VisitRequest.Decision.values[: 2 + i % 3]):
            visit = VisitRequest(
                visitor_name=f"Delegasi Kedutaan {rng.choice(['Jepang', 'Australia', 'Korea', 'Belanda'])} {j + 1}",
                visitor_kind=rng.choice(VisitRequest.VisitorKind.values),
                country=rng.choice(["JPN", "AUS", "KOR", "NLD"]),
                region=region,
                purpose="Audiensi dengan pemerintah daerah dan kunjungan lapangan",
                planned_from=today + timedelta(days=10 * j - 15),
                planned_until=today + timedelta(days=10 * j - 13),
                received_on=today - timedelta(days=30 - j),
                decision=decision,
                decision_reason="" if decision in ("menunggu", "setuju") else "Bertepatan dengan tahapan Pilkada",
                decided_on=None if decision == "menunggu" else today - timedelta(days=5),
                created_by=actor,
            )
            visit.set_scope_keys(region)
            visits.append(visit)
    ForeignOrganisation.objects.bulk_create(orgs)
    VisitRequest.objects.bulk_create(visits)
    return len(orgs), len(visits)
