"""Demo and test personas: one user per role, in the regions the docs and tests talk about."""

from __future__ import annotations

from dataclasses import dataclass

from waspada.accounts.roles import Role


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    role: str
    region_code: str | None  # None: national
    office: str


PERSONAS: tuple[Persona, ...] = (
    Persona("admin", "Admin Nasional", Role.ADMIN, None, "Direktorat Kewaspadaan Nasional"),
    Persona("analis.nasional", "Analis Nasional", Role.ANALIS, None, "Direktorat Kewaspadaan Nasional"),
    Persona("pimpinan", "Pimpinan Ditjen Polpum", Role.PIMPINAN, None, "Ditjen Polpum Kemendagri"),
    Persona("verifikator.jabar", "Verifikator Jawa Barat", Role.VERIFIKATOR, "32", "Kesbangpol Provinsi Jawa Barat"),
    Persona("operator.kotabandung", "Operator Kota Bandung", Role.OPERATOR, "32.73", "Kesbangpol Kota Bandung"),
    Persona(
        "operator.kabbandung", "Operator Kabupaten Bandung", Role.OPERATOR, "32.04", "Kesbangpol Kabupaten Bandung"
    ),
    Persona("fkdm.kotabandung", "Anggota FKDM Kota Bandung", Role.FKDM, "32.73", "FKDM Kota Bandung"),
)

DEMO_PASSWORD = "waspada-demo-2026"  # noqa: S105 - public demo password, printed by `dev.py run`
