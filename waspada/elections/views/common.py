"""Helpers shared by the Pilkada pages: role checks, the chosen election, refusal texts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.timezones import to_local
from waspada.elections import selectors
from waspada.elections.models import Election
from waspada.regions import access


class BadElectionFilter(ValueError):
    """A page parameter that cannot be used; the message says why, in Indonesian."""


def may_read(user: Any) -> bool:
    return bool(access.scope_of(user).roles & access.ELECTION_READER_ROLES)


def may_read_health(user: Any) -> bool:
    return bool(access.scope_of(user).roles & access.HEALTH_READER_ROLES)


def may_write_health(user: Any, region: Any) -> bool:
    """Personal health data is written only by officers who may also read it (need to know)."""
    return may_read_health(user) and access.can_write_election_data(user, region)


def may_write(user: Any) -> bool:
    """Officers who may record violations and disbursements somewhere in their scope."""
    return access.can_write(user) and access.has_role(user, *access.INCIDENT_WRITER_ROLES)


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca data Pilkada."))


def require_health_reader(user: Any) -> None:
    if not may_read_health(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca status kesehatan calon."))


def require_writer(user: Any) -> None:
    if not may_write(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat data Pilkada."))


def today(now: datetime | None = None) -> date:
    """Today where it is first today in Indonesia (WIT)."""
    return to_local(now or timezone.now(), "WIT").date()


def default_election(day: date | None = None) -> Election | None:
    """The election running today, else the newest one."""
    running = selectors.current_elections(day or today())
    if running:
        return running[0].election
    return selectors.elections().first()


def chosen_election(request: HttpRequest) -> Election | None:
    """``?pemilihan=pilkada-2020``; empty: the default election. Unknown code: refused."""
    code = (request.GET.get("pemilihan") or "").strip()
    if not code:
        return default_election()
    election = selectors.election_by_code(code[:40])
    if election is None:
        raise BadElectionFilter(_("Pemilihan «%(code)s» tidak dikenal.") % {"code": code[:40]})
    return election


def refusal_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def refusal_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def posted_version(request: HttpRequest) -> int:
    """The version the user read; a missing one never matches (refused as stale)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
