"""Creating the demo personas (used by `dev.py run` and the browser tests)."""

from __future__ import annotations

from waspada.accounts.models import RoleAssignment, User
from waspada.accounts.personas import DEMO_PASSWORD, PERSONAS, Persona
from waspada.accounts.services import role_assign, user_create
from waspada.regions.models import Region


def ensure_persona(persona: Persona, password: str = DEMO_PASSWORD) -> User:
    user = User.objects.filter(username=persona.username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=persona.username,
            password=password,
            full_name=persona.full_name,
            office=persona.office,
            is_staff=persona.role == "admin",
        )
    region = Region.objects.get(code=persona.region_code) if persona.region_code else None
    if not RoleAssignment.objects.active().filter(user=user, role=persona.role, region=region).exists():
        role_assign(actor=None, user=user, role=persona.role, region=region)
    return user


def ensure_personas(password: str = DEMO_PASSWORD) -> list[User]:
    return [ensure_persona(p, password) for p in PERSONAS]
