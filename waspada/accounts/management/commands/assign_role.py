from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from waspada.accounts.models import User
from waspada.accounts.roles import Role
from waspada.accounts.services import role_assign
from waspada.regions.selectors import RegionNotFound, resolve_region


class Command(BaseCommand):
    help = "Memberi peran kepada pengguna pada satu wilayah (kosongkan kode untuk cakupan nasional)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("region_code", nargs="?", default=None, help="Kode Kemendagri (2020 atau terkini).")

    def handle(self, *args: Any, username: str, role: str, region_code: str | None, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna «{username}» tidak ditemukan.")
        try:
            region = resolve_region(region_code) if region_code else None
            assignment = role_assign(actor=None, user=user, role=role, region=region)
        except RegionNotFound as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Ditugaskan: {assignment}"))
