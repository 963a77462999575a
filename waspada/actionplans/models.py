"""RAD Terpadu (Rencana Aksi Terpadu): the yearly integrated action plan of a region's Timdu PKS,
its actions by handling stage, and the four-monthly progress reports (B-04, B-08, B-12) with one
realisation entry per action (DOMAIN.md §8)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.actionplans import periods
from waspada.core.models import BaseModel, SoftDeleteModel, SoftDeleteQuerySet
from waspada.regions.models import Region, ScopeKeys


def plan_document_path(instance: ActionPlan, filename: str) -> str:
    # The stored name is ours (a UUID); the original name is kept in a field and served back.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"rad/{instance.public_id}/dokumen.{suffix}"


def evidence_path(instance: ProgressEvidence, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"rad/bukti/{instance.entry.report.public_id}/{instance.public_id}.{suffix}"


class ActionPlanQuerySet(SoftDeleteQuerySet):
    def visible_to(self, user: Any) -> ActionPlanQuerySet:
        from waspada.regions import access

        return self.filter(access.action_plan_q(user))


class ActionPlan(SoftDeleteModel, ScopeKeys):
    """RAD Terpadu of one region (province or kabupaten/kota) for one year."""

    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    title = models.CharField(_("judul"), max_length=200)
    decree_number = models.CharField(_("nomor SK penetapan"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal SK penetapan"), null=True, blank=True)
    document = models.FileField(_("dokumen RAD"), upload_to=plan_document_path, max_length=255, blank=True)
    document_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    document_type = models.CharField(_("jenis berkas"), max_length=120, blank=True)
    document_size = models.PositiveIntegerField(_("ukuran (bita)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=models.Q(deleted_at__isnull=True),
                name="action_plan_region_year_unique",
            )
        ]
        verbose_name = _("RAD Terpadu")
        verbose_name_plural = _("daftar RAD Terpadu")

    def __str__(self) -> str:
        return f"RAD Terpadu {self.region.name} {self.year}"

    @property
    def zone(self) -> str:
        return self.region.timezone


class Action(SoftDeleteModel):
    """Aksi: one activity of the plan, in one handling stage (UU 7/2012: pencegahan,
    penghentian, pemulihan)."""

    class Stage(models.TextChoices):
        PREVENTION = "pencegahan", _("Pencegahan")
        CESSATION = "penghentian", _("Penghentian")
        RECOVERY = "pemulihan", _("Pemulihan")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("RAD"), on_delete=models.PROTECT, related_name="actions")
    order = models.PositiveSmallIntegerField(_("nomor urut"), default=1)
    stage = models.CharField(_("tahap penanganan"), max_length=12, choices=Stage.choices)
    activity = models.CharField(_("kegiatan"), max_length=300)
    responsible_units = models.CharField(_("penanggung jawab (OPD/instansi)"), max_length=300)
    indicator = models.CharField(_("indikator"), max_length=300)
    target = models.CharField(_("target"), max_length=200)
    budget = models.DecimalField(
        _("anggaran (Rp)"), max_digits=18, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    starts_on = models.DateField(_("jadwal mulai"))
    ends_on = models.DateField(_("jadwal selesai"))
    adjusted_for_covid = models.BooleanField(_("disesuaikan untuk Covid-19"), default=False)
    adjusted_for_pilkada = models.BooleanField(_("disesuaikan untuk Pilkada"), default=False)

    objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("aksi")
        verbose_name_plural = _("daftar aksi")

    def __str__(self) -> str:
        return f"{self.order}. {self.activity}"

    def runs_during(self, start: date, end: date) -> bool:
        return self.starts_on <= end and self.ends_on >= start


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def visible_to(self, user: Any) -> ProgressReportQuerySet:
        from waspada.regions import access

        return self.filter(access.action_plan_q(user))


class ProgressReport(BaseModel, ScopeKeys):
    """Laporan kemajuan RAD for one four-monthly period: draft → submitted → verified / returned."""

    class Period(models.TextChoices):
        B04 = "B04", _("B-04 (Januari–April)")
        B08 = "B08", _("B-08 (Mei–Agustus)")
        B12 = "B12", _("B-12 (September–Desember)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Dikirim")
        VERIFIED = "verified", _("Diverifikasi")
        RETURNED = "returned", _("Dikembalikan")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("RAD"), on_delete=models.PROTECT, related_name="reports")
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"), db_index=True)
    period = models.CharField(_("periode"), max_length=3, choices=Period.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateTimeField(_("batas waktu"))
    narrative = models.TextField(_("uraian umum"), blank=True)
    first_submitted_at = models.DateTimeField(_("pertama dikirim"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-period", "region__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="progress_report_plan_period_unique")]
        indexes = [models.Index(fields=["year", "period"])]
        verbose_name = _("laporan kemajuan RAD")
        verbose_name_plural = _("laporan kemajuan RAD")

    def __str__(self) -> str:
        return f"{self.period_obj.label} {self.region.name}"

    @property
    def period_obj(self) -> periods.Period:
        return periods.Period(self.year, self.period)

    @property
    def zone(self) -> str:
        return self.region.timezone

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def is_late(self) -> bool:
        return self.first_submitted_at is not None and self.first_submitted_at > self.deadline

    def ended_by(self, now: datetime) -> bool:
        return periods.has_ended(self.period_obj, self.zone, now)


class ProgressEntry(BaseModel):
    """Realisasi of one action in one progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="entries")
    action = models.ForeignKey(Action, verbose_name=_("aksi"), on_delete=models.PROTECT, related_name="entries")
    realisation = models.DecimalField(
        _("realisasi (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    narrative = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["report", "action__order", "action_id"]
        constraints = [models.UniqueConstraint(fields=["report", "action"], name="progress_entry_unique")]
        verbose_name = _("realisasi aksi")
        verbose_name_plural = _("realisasi aksi")

    def __str__(self) -> str:
        return f"{self.action} — {self.realisation} %"


class ProgressEvidence(BaseModel):
    """Bukti dukung: a document or picture supporting one entry's realisation."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.original_name
