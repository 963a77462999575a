"""Roles and where each may be assigned. Pure: no ORM."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL = "nasional"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator nasional")
    ANALIS = "analis", _("Analis")
    VERIFIKATOR = "verifikator", _("Verifikator")
    OPERATOR = "operator", _("Operator")
    PIMPINAN = "pimpinan", _("Pimpinan (hanya baca)")
    FKDM = "fkdm", _("Anggota FKDM")


# Where a role may sit: NATIONAL (no region) or region levels.
ALLOWED_SCOPES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({NATIONAL}),
    Role.ANALIS: frozenset({NATIONAL, "provinsi"}),
    Role.VERIFIKATOR: frozenset({"provinsi"}),
    Role.OPERATOR: frozenset({"kabupaten", "kota"}),
    Role.PIMPINAN: frozenset({NATIONAL, "provinsi", "kabupaten", "kota"}),
    Role.FKDM: frozenset({"kabupaten", "kota", "kecamatan"}),
}

SCOPE_LABELS = {
    NATIONAL: _("nasional"),
    "provinsi": _("provinsi"),
    "kabupaten": _("kabupaten"),
    "kota": _("kota"),
    "kecamatan": _("kecamatan"),
}

READ_ONLY_ROLES = frozenset({Role.PIMPINAN})


def scope_allowed(role: str, region_level: str | None) -> bool:
    return (region_level or NATIONAL) in ALLOWED_SCOPES[role]


def allowed_scopes_text(role: str) -> str:
    return ", ".join(str(SCOPE_LABELS[s]) for s in sorted(ALLOWED_SCOPES[role]))
