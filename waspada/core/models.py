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

    def mark_deleted(self, reason: str) -> None:
        """Soft delete: the time, the reason and a new version, saved alone. The caller has locked the
        row with the version check (``core.locking.lock_current``) and writes the audit event."""
        self.deleted_at = timezone.now()
        self.deleted_reason = reason.strip()
        self.version += 1
        self.save(update_fields=["deleted_at", "deleted_reason", "version", "updated_at"])


# What people read instead of the machine name of an action; unknown actions show as they are.
ACTION_LABELS = {
    "regions.loaded": _("Pohon wilayah dimuat"),
    "boundaries.imported": _("Batas wilayah diimpor"),
    "role.assigned": _("Peran ditugaskan"),
    "role.revoked": _("Peran dicabut"),
    "user.created": _("Pengguna dibuat"),
    "api_token.rotated": _("Token API dibuat ulang"),
    "synthetic.generated": _("Data sintetis dibuat"),
    "report.draft_saved": _("Draf laporan disimpan"),
    "report.submitted": _("Laporan dikirim"),
    "report.nil_submitted": _("Laporan nihil dikirim"),
    "report.verified": _("Laporan diverifikasi"),
    "report.returned": _("Laporan dikembalikan"),
    "report.accepted": _("Laporan diterima"),
    "report.reopened": _("Laporan dibuka kembali"),
    "report.comment_added": _("Catatan ditambahkan"),
    "report.attachment_added": _("Lampiran ditambahkan"),
    "report.attachment_removed": _("Lampiran dihapus"),
    "report.reminded": _("Pengingat laporan dikirim"),
    "report.overdue_summarised": _("Ringkasan keterlambatan dikirim"),
    "synthetic.reports_generated": _("Laporan sintetis dibuat"),
    "export.requested": _("Ekspor diminta"),
    "export.finished": _("Ekspor selesai"),
    "export.failed": _("Ekspor gagal"),
    "incident.created": _("Peristiwa dicatat"),
    "incident.updated": _("Peristiwa diubah"),
    "incident.verified": _("Peristiwa diverifikasi"),
    "incident.closed": _("Peristiwa ditutup"),
    "incident.reopened": _("Peristiwa dikembalikan ke draf"),
    "li.submitted": _("Laporan Informasi dikirim"),
    "li.attachment_added": _("Lampiran LI ditambahkan"),
    "li.alert_opened": _("Peringatan dibuka dari LI"),
    "li.alert_linked": _("LI ditautkan ke peringatan"),
    "li.incident_linked": _("LI ditautkan ke peristiwa"),
    "li.incident_created": _("Peristiwa dibuat dari LI"),
    "incident.deleted": _("Peristiwa dihapus"),
    "incident.merged": _("Peristiwa lain digabung ke sini"),
    "incident.merged_into": _("Peristiwa digabung ke peristiwa lain"),
    "incident.source_added": _("Sumber ditambahkan"),
    "incident.actor_added": _("Aktor ditambahkan"),
    "incident.handling_added": _("Tindakan penanganan dicatat"),
    "incidents.imported": _("Peristiwa diimpor"),
    "incidents.rollup_rebuilt": _("Rekap mingguan peristiwa dibangun ulang"),
    "conflict_status.declared": _("Status keadaan konflik dicatat"),
    "election.voting_date_moved": _("Hari pemungutan suara dipindah"),
    "contest.created": _("Pemilihan daerah dicatat"),
    "contests.imported": _("Pemilihan daerah diimpor"),
    "candidate_pair.created": _("Paslon dicatat"),
    "candidate_pair.updated": _("Paslon diubah"),
    "candidate_pair.status_changed": _("Status paslon diubah"),
    "candidates.imported": _("Paslon diimpor"),
    "violation.created": _("Pelanggaran prokes dicatat"),
    "violation.updated": _("Pelanggaran prokes diubah"),
    "violation.deleted": _("Pelanggaran prokes dihapus"),
    "health_event.created": _("Status kesehatan calon dicatat"),
    "health_event.viewed": _("Status kesehatan calon dilihat"),
    "grant.created": _("NPHD dicatat"),
    "grant.updated": _("NPHD diubah"),
    "grant.tranche_planned": _("Rencana tahap NPHD dicatat"),
    "grant.disbursed": _("Pencairan NPHD dicatat"),
    "foreigner.created": _("Orang asing dicatat"),
    "foreigner.updated": _("Data orang asing diubah"),
    "foreigner.deleted": _("Data orang asing dihapus"),
    "foreigner.pii_revealed": _("Data pribadi orang asing dibuka"),
    "foreigners.imported": _("Daftar orang asing diimpor"),
    "permit.created": _("Izin tinggal dicatat"),
    "permit.updated": _("Izin tinggal diubah"),
    "permit.deleted": _("Izin tinggal dihapus"),
    "activity.created": _("Kegiatan orang asing dicatat"),
    "organisation.created": _("Ormas asing dicatat"),
    "organisation.updated": _("Ormas asing diubah"),
    "visit.created": _("Permohonan kunjungan dicatat"),
    "visit.decided": _("Permohonan kunjungan diputuskan"),
    "forum.created": _("Forum dicatat"),
    "forum.updated": _("Forum diubah"),
    "forum.deleted": _("Forum dihapus"),
    "forum.decree_recorded": _("SK forum dicatat"),
    "forum.decree_deleted": _("SK forum dihapus"),
    "forum.member_added": _("Anggota forum ditambahkan"),
    "forum.member_ended": _("Keanggotaan forum berakhir"),
    "forum.meeting_recorded": _("Rapat forum dicatat"),
    "forum.document_added": _("Dokumen forum diunggah"),
    "forum.member_deleted": _("Anggota forum dihapus"),
    "forum.meeting_deleted": _("Rapat forum dihapus"),
    "forum.document_deleted": _("Dokumen forum dihapus"),
    "vulnerability.framework_created": _("Kerangka indeks kerawanan dibuat"),
    "vulnerability.framework_updated": _("Kerangka indeks kerawanan diubah"),
    "vulnerability.framework_edited": _("Isi kerangka indeks kerawanan diubah"),
    "vulnerability.thresholds_set": _("Ambang kategori kerawanan diatur"),
    "vulnerability.framework_frozen": _("Kerangka indeks kerawanan mulai digunakan (dibekukan)"),
    "vulnerability.framework_retired": _("Kerangka indeks kerawanan tidak digunakan lagi"),
    "vulnerability.framework_versioned": _("Versi baru kerangka indeks kerawanan dibuat"),
    "vulnerability.assessment_created": _("Penilaian kerawanan dibuat"),
    "vulnerability.value_entered": _("Nilai indikator kerawanan diisi"),
    "vulnerability.assessment_finalised": _("Penilaian kerawanan difinalkan"),
    "vulnerability.assessment_reopened": _("Penilaian kerawanan dibuka kembali"),
    "vulnerability.external_score_entered": _("Skor indeks terbitan dicatat"),
    "vulnerability.derived": _("Indikator turunan kerawanan dihitung"),
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


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Notifikasi: an in-app message to one user (reminders, decisions on their reports, alerts).

    ``dedupe_key`` makes senders idempotent: the same reminder is never stored (or mailed) twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("jenis"), max_length=60, db_index=True)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat surel"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return self.title


class Export(BaseModel):
    """Ekspor: a file (XLSX, PDF) built in the background for the user who asked for it.

    Progress is stored as it goes so the page can show it; the SHA-256 of the finished file is
    kept with it so a printed copy can be checked against the system.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Diproses")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=60)
    params = models.JSONField(_("parameter"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    message = models.CharField(_("pesan"), max_length=300, blank=True)
    file = models.FileField(_("berkas"), upload_to="ekspor/%Y/%m/", max_length=255, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    content_hash = models.CharField(_("sidik berkas (SHA-256)"), max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exports")
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")

    def __str__(self) -> str:
        return self.filename or f"{self.kind} {self.public_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
