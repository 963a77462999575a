"""Shared model bases and the audit event."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.regions.models import ScopeKeys


class BaseModel(models.Model):
    """Common fields of every official record.

    ``public_id`` is what URLs show (never the sequential key); ``version`` carries optimistic
    locking: a service saves only when the version it read is still the stored one.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        abstract = True


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self) -> SoftDeleteQuerySet:
        return self.filter(deleted_at__isnull=True)


class SoftDeleteModel(BaseModel):
    """An official record that is never removed, only marked deleted with a reason."""

    deleted_at = models.DateTimeField(_("dihapus"), null=True, blank=True, editable=False)
    deleted_reason = models.TextField(_("alasan penghapusan"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


# What people read instead of the machine name of an action; unknown actions show as they are.
ACTION_LABELS = {
    "regions.loaded": _("Pohon wilayah dimuat"),
    "boundaries.imported": _("Batas wilayah diimpor"),
    "role.assigned": _("Peran ditugaskan"),
    "role.revoked": _("Peran dicabut"),
    "user.created": _("Pengguna dibuat"),
    "api_token.rotated": _("Token API dibuat ulang"),
    "synthetic.generated": _("Data sintetis dibuat"),
}


class AuditEvent(ScopeKeys):
    """Peristiwa audit: who did what to which record, when, in which region, before and after."""

    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=80, db_index=True)
    object_id = models.CharField(_("id objek"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=255)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    request_id = models.CharField(_("id permintaan"), max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def zone(self) -> str:
        """The zone to show the time in: the region's, or WIB (Jakarta) for national events."""
        return self.region.timezone if self.region_id and self.region else "WIB"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
