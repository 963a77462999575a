"""Deteksi dini: alert rules declared as data, detection runs, alerts with their tracked
lifecycle (verification → risk assessment → response → outcome), and Laporan Informasi
(single-issue information reports) graded for source reliability (DOMAIN.md §5)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.models import BaseModel, SoftDeleteModel
from waspada.regions.models import Region, ScopeKeys


class AlertRule(models.Model):
    """Aturan peringatan: a detector or rule with its parameters, declared as data."""

    class Method(models.TextChoices):
        EARS_C1 = "ears_c1", _("EARS C1")
        EARS_C2 = "ears_c2", _("EARS C2")
        EARS_C3 = "ears_c3", _("EARS C3")
        FARRINGTON = "farrington_flexible", _("Farrington fleksibel")
        COUNT_THRESHOLD = "count_threshold", _("Jumlah peristiwa ≥ N dalam jendela waktu")
        REPORT_LEVEL = "report_level", _("Bagian laporan mingguan pada tingkat Siaga/Awas")
        MISSING_REPORTS = "missing_reports", _("Dua laporan mingguan berturut-turut tidak masuk")
        PROKES_VIOLATIONS = "prokes_violations", _("Pelanggaran prokes ≥ N dalam 10 hari")
        NPHD_OVERDUE = "nphd_overdue", _("Tahap NPHD lewat jatuh tempo")
        FORUM_EXPIRED = "forum_expired", _("SK forum kedaluwarsa")

    class Level(models.TextChoices):
        KABKOTA = "kabkota", _("Kabupaten/kota")
        PROVINCE = "provinsi", _("Provinsi")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    method = models.CharField(_("metode"), max_length=25, choices=Method.choices)
    level = models.CharField(_("tingkat wilayah"), max_length=10, choices=Level.choices, default=Level.KABKOTA)
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    category = models.ForeignKey(
        "incidents.IncidentCode",
        verbose_name=_("kategori peristiwa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong berarti semua kategori."),
    )
    min_count = models.PositiveIntegerField(
        _("jumlah minimum"), default=3, help_text=_("Tidak ada peringatan bila jumlah minggu ini di bawah angka ini.")
    )
    is_enabled = models.BooleanField(_("aktif"), default=True)
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("aturan peringatan")
        verbose_name_plural = _("daftar aturan peringatan")

    def __str__(self) -> str:
        return self.name


class DetectionRun(models.Model):
    """Satu kali deteksi: all enabled rules over one ISO week (idempotent per week)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    week_key = models.CharField(_("minggu"), max_length=8, db_index=True)
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    alerts_opened = models.PositiveIntegerField(_("peringatan baru"), default=0)
    summary = models.JSONField(_("ringkasan"), default=dict, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("proses deteksi")
        verbose_name_plural = _("daftar proses deteksi")

    def __str__(self) -> str:
        return f"Deteksi {self.week_key} ({self.get_status_display()})"


class AlertQuerySet(models.QuerySet["Alert"]):
    def visible_to(self, user: Any) -> AlertQuerySet:
        from waspada.regions import access

        return self.filter(access.alert_q(user))


class Alert(BaseModel, ScopeKeys):
    """Peringatan dini: one signal for one region and week, tracked to an outcome.

    new → verification (discarded / monitoring / assessing) → risk assessed → response (owner,
    due date; may be escalated) → closed with an outcome. Every step is an ``AlertAction`` row.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        DISCARDED = "discarded", _("Dibuang")
        MONITORING = "monitoring", _("Dipantau")
        ASSESSING = "assessing", _("Dikaji")
        RESPONDING = "responding", _("Ditangani")
        CLOSED = "closed", _("Ditutup")

    class Risk(models.TextChoices):
        LOW = "rendah", _("Rendah")
        MODERATE = "sedang", _("Sedang")
        HIGH = "tinggi", _("Tinggi")
        VERY_HIGH = "sangat_tinggi", _("Sangat tinggi")

    class Escalation(models.TextChoices):
        NONE = "", _("Tidak dieskalasi")
        PROVINCE = "provinsi", _("Provinsi")
        NATIONAL = "nasional", _("Nasional")

    OPEN_STATUSES = (Status.NEW, Status.MONITORING, Status.ASSESSING, Status.RESPONDING)

    rule = models.ForeignKey(
        AlertRule, verbose_name=_("aturan"), null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    run = models.ForeignKey(DetectionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    week_key = models.CharField(_("minggu"), max_length=8, db_index=True)
    title = models.CharField(_("judul"), max_length=200)
    observed = models.FloatField(_("nilai teramati"), null=True, blank=True)
    threshold = models.FloatField(_("ambang"), null=True, blank=True)
    evidence = models.JSONField(_("bukti"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    likelihood = models.PositiveSmallIntegerField(_("kemungkinan (1–5)"), null=True, blank=True)
    consequence = models.PositiveSmallIntegerField(_("dampak (1–5)"), null=True, blank=True)
    risk = models.CharField(_("tingkat risiko"), max_length=15, choices=Risk.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("batas waktu penanganan"), null=True, blank=True)
    escalation = models.CharField(_("eskalasi"), max_length=10, choices=Escalation.choices, blank=True, default="")
    outcome = models.TextField(_("hasil"), blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    responded_at = models.DateTimeField(_("mulai ditangani"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    source_report = models.ForeignKey(
        "alerts.InformationReport", null=True, blank=True, on_delete=models.PROTECT, related_name="opened_alerts"
    )
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="alerts")
    source_key = models.CharField(
        _("kunci sumber"),
        max_length=150,
        blank=True,
        default="",
        help_text=_("Untuk peringatan dari modul lain (mis. deteksi orang asing): satu peringatan per fakta."),
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "region", "week_key"],
                condition=models.Q(rule__isnull=False),
                name="alert_rule_region_week_unique",
            ),
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="alert_source_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "province"]), models.Index(fields=["week_key", "rule"])]
        verbose_name = _("peringatan dini")
        verbose_name_plural = _("daftar peringatan dini")

    def __str__(self) -> str:
        return self.title


class AlertAction(models.Model):
    """Langkah tindak lanjut: one step on an alert, by whom and when, with a note."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Dibuka")
        DISCARD = "discard", _("Dibuang")
        MONITOR = "monitor", _("Dipantau")
        ASSESS = "assess", _("Dikaji")
        RISK = "risk", _("Penilaian risiko")
        ASSIGN = "assign", _("Penugasan penanggung jawab")
        ACTION = "action", _("Tindakan")
        ESCALATE = "escalate", _("Eskalasi")
        CLOSE = "close", _("Ditutup")
        COMMENT = "comment", _("Catatan")
        LINK = "link", _("Tautan")

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["alert", "at", "id"]
        verbose_name = _("langkah peringatan")
        verbose_name_plural = _("langkah peringatan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d-%m-%Y %H:%M}"


class Grade(models.Model):
    """Penilaian: a source grade (A–F) or an information grade (1–5), kept as data."""

    class Kind(models.TextChoices):
        SOURCE = "sumber", _("Nilai sumber")
        INFORMATION = "informasi", _("Nilai informasi")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=2)
    name = models.CharField(_("nama"), max_length=80)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    note = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["kind", "order"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="grade_unique")]
        verbose_name = _("penilaian")
        verbose_name_plural = _("daftar penilaian")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class InformationReportQuerySet(models.QuerySet["InformationReport"]):
    def visible_to(self, user: Any) -> InformationReportQuerySet:
        from waspada.regions import access

        return self.filter(access.information_report_q(user))


class InformationReport(SoftDeleteModel, ScopeKeys):
    """Laporan Informasi (LI): one issue, its source and grading, the facts (apa, bilamana,
    di mana, siapa, bagaimana, mengapa) and the reporter's opinion kept apart."""

    class Classification(models.TextChoices):
        BIASA = "biasa", _("BIASA")
        TERBATAS = "terbatas", _("TERBATAS")
        RAHASIA = "rahasia", _("RAHASIA")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Terkirim")
        REVIEWED = "reviewed", _("Ditelaah")
        ARCHIVED = "archived", _("Diarsipkan")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pelapor"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("perihal"), max_length=200)
    source_description = models.CharField(_("sumber"), max_length=200)
    source_relation = models.CharField(_("hubungan dengan sumber"), max_length=200, blank=True)
    obtained_how = models.CharField(_("cara memperoleh"), max_length=200)
    obtained_at = models.DateTimeField(_("waktu memperoleh"))
    source_grade = models.ForeignKey(
        Grade,
        verbose_name=_("nilai sumber"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "sumber"},
    )
    information_grade = models.ForeignKey(
        Grade,
        verbose_name=_("nilai informasi"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "informasi"},
    )
    fact_what = models.TextField(_("apa"))
    fact_when = models.CharField(_("bilamana"), max_length=200)
    fact_where = models.CharField(_("di mana"), max_length=200)
    fact_who = models.TextField(_("siapa"), blank=True)
    fact_how = models.TextField(_("bagaimana"), blank=True)
    fact_why = models.TextField(_("mengapa"), blank=True)
    opinion = models.TextField(_("pendapat pelapor"), blank=True)
    classification = models.CharField(
        _("klasifikasi"), max_length=10, choices=Classification.choices, default=Classification.BIASA
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    alerts = models.ManyToManyField(Alert, blank=True, related_name="information_reports")
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="information_reports")

    objects = InformationReportQuerySet.as_manager()

    class Meta:
        ordering = ["-obtained_at"]
        verbose_name = _("laporan informasi")
        verbose_name_plural = _("daftar laporan informasi")

    def __str__(self) -> str:
        return self.title


class InformationReportAttachment(BaseModel):
    """Lampiran LI: a file kept through Django's storage, checked by type and size."""

    report = models.ForeignKey(InformationReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to="li/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lampiran LI")
        verbose_name_plural = _("lampiran LI")

    def __str__(self) -> str:
        return self.original_name
