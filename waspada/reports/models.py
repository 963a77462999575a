"""Laporan situasi mingguan: the reporting programme, its templates and periods, and the
weekly situation reports with their snapshots, attachments and comments."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from waspada.core.models import BaseModel
from waspada.regions.models import Region, ScopeKeys
from waspada.reports import calendar, templating

if TYPE_CHECKING:
    from waspada.accounts.models import User


class SituationLevel(models.Model):
    """Tingkat situasi (Kondusif / Waspada / Siaga / Awas): data, ordered by ``rank``."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("urutan"), unique=True, help_text=_("0 = paling tenang"))
    colour = models.CharField(_("warna"), max_length=7, help_text=_("#rrggbb"))
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("tingkat situasi")
        verbose_name_plural = _("tingkat situasi")

    def __str__(self) -> str:
        return self.name


# The rank from which a section is a highlight of the national recap (Siaga, Awas).
HIGHLIGHT_RANK = 2


class ReportTemplate(models.Model):
    """Templat laporan: one version of the report's sections and indicators, as data.

    A version that reports were written with is frozen; changes make a new version.
    """

    code = models.SlugField(_("kode"), max_length=40)
    version = models.PositiveIntegerField(_("versi"))
    name = models.CharField(_("nama"), max_length=200)
    definition = models.JSONField(_("definisi"))
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    notes = models.TextField(_("catatan perubahan"), blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="report_template_version_unique")]
        verbose_name = _("templat laporan")
        verbose_name_plural = _("templat laporan")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @cached_property
    def parsed(self) -> templating.Definition:
        return templating.parse_definition(self.definition)


class ReportingProgramme(models.Model):
    """Program pelaporan: who reports, how often, by when, with which template."""

    class PeriodType(models.TextChoices):
        WEEKLY = "weekly", _("Mingguan (ISO, Senin–Minggu)")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    period_type = models.CharField(_("jenis periode"), max_length=10, choices=PeriodType.choices, default="weekly")
    levels = models.JSONField(_("tingkat wilayah pelapor"), default=list)
    deadline_offset_hours = models.PositiveIntegerField(
        _("batas waktu (jam setelah akhir periode, waktu setempat)"), default=12
    )
    edit_lock_days = models.PositiveIntegerField(_("kunci edit (hari setelah batas waktu)"), default=7)
    reminder_hours_before = models.PositiveIntegerField(_("pengingat (jam sebelum batas waktu)"), default=24)
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("templat aktif"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("program pelaporan")
        verbose_name_plural = _("program pelaporan")

    def __str__(self) -> str:
        return self.name

    @property
    def deadline_offset(self) -> timedelta:
        return timedelta(hours=self.deadline_offset_hours)

    @property
    def edit_lock_after(self) -> timedelta:
        return timedelta(days=self.edit_lock_days)

    def expects_level(self, level: str) -> bool:
        return level in self.levels

    def deadline_for(self, week: calendar.Week, zone: str) -> datetime:
        return calendar.deadline(week, zone, self.deadline_offset)

    def edit_lock_for(self, week: calendar.Week, zone: str) -> datetime:
        return calendar.edit_lock(week, zone, self.deadline_offset, self.edit_lock_after)


class ReportingPeriod(models.Model):
    """Periode pelaporan: one ISO week of a programme, opened by ``manage.py open_periods``."""

    programme = models.ForeignKey(ReportingProgramme, on_delete=models.PROTECT, related_name="periods")
    key = models.CharField(_("periode"), max_length=8, help_text="2020-W40")
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    opened_at = models.DateTimeField(_("dibuka"), default=timezone.now)

    class Meta:
        ordering = ["-start"]
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="reporting_period_unique")]
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")

    def __str__(self) -> str:
        return self.key

    @property
    def week(self) -> calendar.Week:
        return calendar.Week.parse(self.key)

    def label(self) -> str:
        return f"{self.key} ({self.start:%d-%m-%Y} – {self.end:%d-%m-%Y})"


class SituationReportQuerySet(models.QuerySet["SituationReport"]):
    def visible_to(self, user: User | Any) -> SituationReportQuerySet:
        from waspada.regions import access

        return self.filter(access.report_q(user))

    def received(self) -> SituationReportQuerySet:
        return self.filter(first_submitted_at__isnull=False)


class SituationReport(BaseModel, ScopeKeys):
    """Laporan situasi mingguan of one region for one period.

    draft → submitted → verified (or returned, with a reason, back to the writer) → accepted.
    Every submission keeps an immutable ``ReportSnapshot``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Terkirim")
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Terverifikasi")
        ACCEPTED = "accepted", _("Diterima")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    programme = models.ForeignKey(ReportingProgramme, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="reports"
    )
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ReportTemplate, verbose_name=_("templat"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    is_nil = models.BooleanField(_("laporan nihil"), default=False)
    content = models.JSONField(_("isi"), default=dict, blank=True)
    search_text = models.TextField(_("teks pencarian"), blank=True, editable=False)
    max_level_rank = models.PositiveSmallIntegerField(_("tingkat tertinggi"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The deadline in force when the report was opened (programme offset in the region's zone),
    # kept so timeliness is judged by the rule of the time and counted in the database.
    deadline = models.DateTimeField(_("batas waktu"))
    first_submitted_at = models.DateTimeField(_("pertama dikirim"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopened_until = models.DateTimeField(_("dibuka kembali sampai"), null=True, blank=True)
    reopen_reason = models.TextField(_("alasan dibuka kembali"), blank=True)

    objects = SituationReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "region__code"]
        constraints = [models.UniqueConstraint(fields=["period", "region"], name="situation_report_unique")]
        indexes = [
            models.Index(fields=["period", "province"]),
            models.Index(fields=["region", "period"]),
        ]
        verbose_name = _("laporan situasi")
        verbose_name_plural = _("laporan situasi")

    def __str__(self) -> str:
        return f"Laporan {self.region.name} {self.period.key}"

    @property
    def zone(self) -> str:
        return self.region.timezone

    @property
    def edit_lock(self) -> datetime:
        lock = self.deadline + self.programme.edit_lock_after
        if self.reopened_until and self.reopened_until > lock:
            return self.reopened_until
        return lock

    def is_locked(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.edit_lock

    @property
    def is_editable_status(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def was_late(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return self.first_submitted_at > self.deadline

    @property
    def sections(self) -> dict[str, Any]:
        return dict((self.content or {}).get("sections", {}))


class ReportSnapshot(models.Model):
    """Salinan saat dikirim: what one submission said, immutable and readable for ever."""

    report = models.ForeignKey(SituationReport, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveIntegerField(_("pengiriman ke-"))
    submitted_at = models.DateTimeField(_("dikirim"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="+")
    is_nil = models.BooleanField(_("laporan nihil"), default=False)
    content = models.JSONField(_("isi"))
    content_hash = models.CharField(_("sidik isi (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_snapshot_unique")]
        verbose_name = _("salinan laporan")
        verbose_name_plural = _("salinan laporan")

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Salinan laporan tidak dapat diubah.")
        super().save(*args, **kwargs)


def attachment_path(instance: ReportAttachment, filename: str) -> str:
    # The stored name is ours (a UUID); the original name is kept in a field and served back.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"laporan/{instance.report.public_id}/{instance.public_id}.{suffix}"


class ReportAttachment(BaseModel):
    """Lampiran laporan: a document or picture attached to a report."""

    report = models.ForeignKey(SituationReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(_("dihapus"), null=True, blank=True, editable=False)
    deleted_reason = models.TextField(_("alasan penghapusan"), blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("lampiran laporan")
        verbose_name_plural = _("lampiran laporan")

    def __str__(self) -> str:
        return self.original_name


class ReportComment(BaseModel):
    """Catatan analis or verifikator on a report."""

    report = models.ForeignKey(SituationReport, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("catatan"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("catatan laporan")
        verbose_name_plural = _("catatan laporan")

    def __str__(self) -> str:
        return f"{self.author} @ {self.report}"
