"""The deterministic synthetic data set (``manage.py generate_synthetic``).

``plan_users`` is pure: given the region rows and a seed it returns the same users, roles
and regions every time. ``synthetic_generate`` writes what is missing in bulk, so running it
twice creates nothing new. Later issues extend the plan with their own records: the weekly
situation reports come from ``waspada.reports.synthetic`` (called by the command after the users).

Usernames name the role and the region: ``op.32-73`` (operator, Kota Bandung),
``fkdm.32-73`` (FKDM member), ``ver.32`` (verifikator, Jawa Barat), ``an.nasional`` and
``pim.nasional`` (national analis and pimpinan). Every role sits at a level that
``roles.ALLOWED_SCOPES`` permits.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from waspada.accounts.models import RoleAssignment, User
from waspada.accounts.roles import Role, scope_allowed
from waspada.core import audit
from waspada.regions.models import Region

# Provinces of the small data set: Jawa Barat (WIB), Bali (WITA), Papua (WIT).
SCALES: dict[str, tuple[str, ...] | None] = {"national": None, "small": ("32", "51", "94")}
NATIONAL_KABKOTA = 514
NATIONAL_PROVINCES = 38
BATCH = 500

_GIVEN = (
    "Agus", "Ahmad", "Andi", "Ayu", "Bambang", "Dewi", "Dian", "Eko", "Fajar", "Fitri", "Gede", "Hendra",
    "Indah", "Joko", "Kadek", "Lestari", "Made", "Nur", "Putri", "Rahmat", "Rina", "Siti", "Sri", "Teguh",
    "Wahyu", "Wayan", "Yohanes", "Yuli",
)  # fmt: skip
_FAMILY = (
    "Hidayat", "Kurniawan", "Lubis", "Manurung", "Nasution", "Pratama", "Rahman", "Santoso", "Saputra",
    "Setiawan", "Simanjuntak", "Sitompul", "Susanto", "Wibowo", "Wijaya", "Yulianto",
)  # fmt: skip


class RegionsNotLoaded(RuntimeError):
    """The region tree is missing or incomplete; nothing was written."""


@dataclass(frozen=True)
class RegionRef:
    """The little a plan needs to know about a region."""

    code: str
    level: str
    name: str


@dataclass(frozen=True)
class PlannedUser:
    username: str
    full_name: str
    office: str
    role: str
    region_code: str | None  # None: national


@dataclass
class GenerationReport:
    scale: str
    seed: int
    planned_users: int = 0
    users_created: int = 0
    assignments_created: int = 0
    by_role: dict[str, int] = field(default_factory=dict)

    @property
    def created_anything(self) -> bool:
        return bool(self.users_created or self.assignments_created)


def username_for(role: str, region_code: str | None) -> str:
    """``op.32-73``, ``fkdm.32-73``, ``ver.32``, ``an.nasional``, ``pim.nasional``."""
    prefix = {Role.OPERATOR: "op", Role.FKDM: "fkdm", Role.VERIFIKATOR: "ver", Role.ANALIS: "an", Role.PIMPINAN: "pim"}
    where = region_code.replace(".", "-") if region_code else "nasional"
    return f"{prefix[Role(role)]}.{where}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"


def plan_users(regions: Iterable[RegionRef], seed: int) -> list[PlannedUser]:
    """National analis and pimpinan, a verifikator per province, an operator and an FKDM
    member per kabupaten/kota; in code order, names drawn from ``seed``."""
    rng = random.Random(seed)  # noqa: S311 (synthetic names, not secrets)
    ordered = sorted(regions, key=lambda r: r.code)
    plan = [
        PlannedUser(
            username_for(Role.ANALIS, None), _person(rng), "Direktorat Kewaspadaan Nasional", Role.ANALIS, None
        ),
        PlannedUser(username_for(Role.PIMPINAN, None), _person(rng), "Ditjen Polpum Kemendagri", Role.PIMPINAN, None),
    ]
    for region in ordered:
        if region.level == Region.Level.PROVINSI:
            office = f"Kesbangpol Provinsi {region.name}"
            roles: tuple[str, ...] = (Role.VERIFIKATOR,)
        elif region.level in Region.KABKOTA_LEVELS:
            office = f"Kesbangpol {region.name}"
            roles = (Role.OPERATOR, Role.FKDM)
        else:
            continue
        for role in roles:
            plan.append(PlannedUser(username_for(role, region.code), _person(rng), office, role, region.code))
    levels = {r.code: r.level for r in ordered}
    for planned in plan:
        level = levels[planned.region_code] if planned.region_code else None
        if not scope_allowed(planned.role, level):
            raise ValueError(f"{planned.username}: peran {planned.role} tidak boleh di tingkat {level}.")
    return plan


def _regions_for(scale: str) -> dict[str, Region]:
    if scale not in SCALES:
        raise ValueError(f"Skala «{scale}» tidak dikenal; pilih: {', '.join(SCALES)}.")
    qs = Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS])
    provinces = SCALES[scale]
    if provinces is not None:
        qs = qs.filter(province__code__in=provinces)
    regions = {r.code: r for r in qs.select_related("province", "kabkota")}
    kabkota_per_province: dict[str, int] = {}
    for region in regions.values():
        kabkota_per_province.setdefault(region.code[:2], 0)
        kabkota_per_province[region.code[:2]] += region.level in Region.KABKOTA_LEVELS
    kabkota = sum(kabkota_per_province.values())
    if provinces is None:
        complete = len(kabkota_per_province) >= NATIONAL_PROVINCES and kabkota >= NATIONAL_KABKOTA
    else:
        complete = all(kabkota_per_province.get(code) for code in provinces)
    if not complete:
        raise RegionsNotLoaded(
            f"Data wilayah belum dimuat lengkap ({len(kabkota_per_province)} provinsi, {kabkota} kabupaten/kota). "
            "Jalankan «manage.py load_regions» terlebih dahulu."
        )
    return regions


def synthetic_generate(*, scale: str = "national", seed: int = 1, password: str | None = None) -> GenerationReport:
    """Create the planned users and role assignments that do not exist yet, in bulk.

    All users share one password hash computed once (unusable unless ``password`` is given).
    Role assignments carry the province and kabupaten/kota keys exactly as ``role_assign``
    sets them. One audit event summarises a run that created something.
    """
    regions = _regions_for(scale)
    plan = plan_users((RegionRef(r.code, r.level, r.name) for r in regions.values()), seed)
    report = GenerationReport(scale=scale, seed=seed, planned_users=len(plan))
    hashed = make_password(password)  # once: argon2 is slow on purpose
    with transaction.atomic():
        existing = set(User.objects.filter(username__in=[p.username for p in plan]).values_list("username", flat=True))
        new_users = [
            User(username=p.username, full_name=p.full_name, office=p.office, password=hashed)
            for p in plan
            if p.username not in existing
        ]
        User.objects.bulk_create(new_users, batch_size=BATCH)
        report.users_created = len(new_users)
        users = dict(User.objects.filter(username__in=[p.username for p in plan]).values_list("username", "id"))
        have = set(
            RoleAssignment.objects.active()
            .filter(user_id__in=users.values())
            .values_list("user_id", "role", "region__code")
        )
        new_assignments: list[RoleAssignment] = []
        for p in plan:
            if (users[p.username], p.role, p.region_code) in have:
                continue
            region = regions[p.region_code] if p.region_code else None
            new_assignments.append(
                RoleAssignment(
                    user_id=users[p.username],
                    role=p.role,
                    region=region,
                    province=region.province if region is not None else None,
                    kabkota=region.kabkota if region is not None else None,
                )
            )
            report.by_role[p.role] = report.by_role.get(p.role, 0) + 1
        bulk_create_with_history(new_assignments, RoleAssignment, batch_size=BATCH)
        report.assignments_created = len(new_assignments)
        if report.created_anything:
            marker = User.objects.get(username=plan[0].username)
            audit.record(actor=None, action="synthetic.generated", obj=marker, after=_summary(report))
    return report


def _summary(report: GenerationReport) -> dict[str, Any]:
    return {
        "scale": report.scale,
        "seed": report.seed,
        "users_created": report.users_created,
        "assignments_created": report.assignments_created,
        "by_role": dict(sorted(report.by_role.items())),
    }
