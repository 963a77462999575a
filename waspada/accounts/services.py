"""Writes to users and role assignments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts.models import RoleAssignment, User
from waspada.accounts.roles import Role, allowed_scopes_text, scope_allowed
from waspada.core import audit
from waspada.regions import access
from waspada.regions.models import Region


def role_assign(*, actor: Any, user: User, role: str, region: Region | None) -> RoleAssignment:
    """Give ``user`` a role over ``region`` (None: national). Refuses roles at the wrong
    level and duplicates with a clear message, changing nothing."""
    if role not in Role.values:
        raise ValidationError(_("Peran «%(role)s» tidak dikenal.") % {"role": role})
    level = region.level if region is not None else None
    if not scope_allowed(role, level):
        raise ValidationError(
            _("Peran %(role)s tidak dapat ditugaskan pada tingkat %(level)s; tingkat yang boleh: %(allowed)s.")
            % {
                "role": Role(role).label,
                "level": region.get_level_display() if region is not None else _("nasional"),
                "allowed": allowed_scopes_text(role),
            }
        )
    duplicate = RoleAssignment.objects.active().filter(user=user, role=role, region=region).exists()
    if duplicate:
        raise ValidationError(
            _("%(user)s sudah memiliki peran %(role)s di %(where)s.")
            % {"user": user, "role": Role(role).label, "where": region.name if region else _("tingkat nasional")}
        )
    with transaction.atomic():
        assignment = RoleAssignment(
            user=user,
            role=role,
            region=region,
        )
        assignment.set_scope_keys(region)
        assignment.full_clean()
        assignment.save()
        audit.record(
            actor=actor, action="role.assigned", obj=assignment, region=region, after=audit.snapshot(assignment)
        )
    access.forget_scope(user)
    return assignment


def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    if not reason.strip():
        raise ValidationError(_("Alasan pencabutan wajib diisi."))
    if assignment.revoked_at is not None:
        raise ValidationError(_("Penugasan ini sudah dicabut."))
    with transaction.atomic():
        before = audit.snapshot(assignment)
        assignment.revoked_at = timezone.now()
        assignment.revoked_reason = reason.strip()
        assignment.version += 1
        assignment.save(update_fields=["revoked_at", "revoked_reason", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="role.revoked",
            obj=assignment,
            region=assignment.region,
            before=before,
            after=audit.snapshot(assignment),
        )
    access.forget_scope(assignment.user)
    return assignment


def user_create(*, actor: Any, username: str, password: str | None, full_name: str = "", **extra: Any) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Nama pengguna «%(u)s» sudah dipakai.") % {"u": username})
    with transaction.atomic():
        user = User(username=username, full_name=full_name, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(actor=actor, action="user.created", obj=user, after={"username": username})
    return user
