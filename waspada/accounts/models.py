"""Pengguna and their role assignments (peran per wilayah)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waspada.accounts.roles import Role
from waspada.core.models import BaseModel
from waspada.regions.models import ScopeKeys


class User(AbstractUser):
    """Pengguna Waspada. Access comes only from RoleAssignment rows, never from groups."""

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    office = models.CharField(_("instansi"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(BaseModel, ScopeKeys):
    """Penugasan peran: one role of one user over one region (or the whole nation)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("Kosong berarti cakupan nasional."),
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(revoked_at__isnull=True),
                name="unique_active_role_assignment",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(revoked_at__isnull=True, region__isnull=True),
                name="unique_active_national_role_assignment",
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else _("Nasional")
        return f"{self.user} — {self.get_role_display()} — {where}"
