"""Register peristiwa konflik sosial: incidents coded in the ACLED/SNPK discipline (DOMAIN.md §4),
their sources, actors and handling actions, the Status Keadaan Konflik, saved import mappings
and the weekly rollup that recaps, maps and detectors read."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.models import BaseModel, SoftDeleteModel
from waspada.regions.models import Region, ScopeKeys


class IncidentCode(models.Model):
    """Kode rujukan: one entry of an editable code list (categories, sources, SNPK, ACLED, actors)."""

    class Kind(models.TextChoices):
        CATEGORY = "kategori", _("Kategori isu (Kemendagri)")
        CONFLICT_SOURCE = "sumber_konflik", _("Sumber konflik (UU 7/2012)")
        SNPK_TYPE = "snpk", _("Jenis SNPK")
        ACLED_EVENT = "acled", _("Jenis peristiwa ACLED")
        ACTOR_TYPE = "aktor", _("Jenis aktor")

    kind = models.CharField(_("daftar"), max_length=15, choices=Kind.choices, db_index=True)
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["kind", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="incident_code_unique")]
        verbose_name = _("kode rujukan peristiwa")
        verbose_name_plural = _("daftar kode rujukan peristiwa")

    def __str__(self) -> str:
        return self.name


class ConflictStatusQuerySet(models.QuerySet["ConflictStatus"]):
    def visible_to(self, user: Any) -> ConflictStatusQuerySet:
        from waspada.regions import access

        return self.filter(access.incident_q(user))


class ConflictStatus(BaseModel, ScopeKeys):
    """Status Keadaan Konflik: declared for a kabupaten/kota, province or the nation, ≤ 90 days."""

    MAX_DAYS = 90

    class Scale(models.TextChoices):
        KABKOTA = "kabkota", _("Skala kabupaten/kota")
        PROVINCE = "provinsi", _("Skala provinsi")
        NATIONAL = "nasional", _("Skala nasional")

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scale = models.CharField(_("skala"), max_length=10, choices=Scale.choices)
    decree_number = models.CharField(_("nomor keputusan"), max_length=120, blank=True)
    starts_on = models.DateField(_("mulai berlaku"))
    ends_on = models.DateField(_("berakhir"))
    note = models.TextField(_("keterangan"), blank=True)

    objects = ConflictStatusQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="conflict_status_order"
            ),
        ]
        verbose_name = _("status keadaan konflik")
        verbose_name_plural = _("daftar status keadaan konflik")

    def __str__(self) -> str:
        where = self.region.name if self.region else _("Nasional")
        return f"{self.get_scale_display()} {where} {self.starts_on:%d-%m-%Y}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class IncidentQuerySet(models.QuerySet["Incident"]):
    def visible_to(self, user: Any) -> IncidentQuerySet:
        from waspada.regions import access

        return self.filter(access.incident_q(user))

    def alive(self) -> IncidentQuerySet:
        """Counted incidents: not deleted and not merged into another."""
        return self.filter(deleted_at__isnull=True, merged_into__isnull=True)


def week_start_of(day: date) -> date:
    """Monday of the ISO week of ``day``: the rollup's week key."""
    return day - timedelta(days=day.weekday())


class Incident(SoftDeleteModel, ScopeKeys):
    """Peristiwa konflik sosial: one event, located at its most precise known region.

    Impacts are counted conservatively (the lowest credible figure, as ACLED does). A merged
    incident keeps its row with ``merged_into`` set; its sources move to the survivor.
    """

    class DatePrecision(models.TextChoices):
        DAY = "hari", _("Tanggal pasti")
        WEEK = "minggu", _("Dalam minggu itu")
        MONTH = "bulan", _("Dalam bulan itu")

    class GeoPrecision(models.TextChoices):
        EXACT = "tepat", _("Tempat tepat")
        PART = "bagian", _("Bagian dari wilayah")
        LARGER = "luas", _("Wilayah lebih luas")

    class HandlingStage(models.TextChoices):
        PREVENTION = "pencegahan", _("Pencegahan")
        STOPPING = "penghentian", _("Penghentian")
        RECOVERY = "pemulihan", _("Pemulihan pascakonflik")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        VERIFIED = "verified", _("Terverifikasi")
        CLOSED = "closed", _("Ditutup")

    class Classification(models.TextChoices):
        ORDINARY = "biasa", _("Biasa")
        LIMITED = "terbatas", _("Terbatas")
        SECRET = "rahasia", _("Rahasia")

    IMPACT_FIELDS = ("killed", "injured", "sexual_violence", "buildings_damaged", "displaced")

    title = models.CharField(_("judul"), max_length=200)
    # Write cost: each index is paid by every insert (a 100,000-row import). Foreign keys get no
    # single-column index where a composite index below leads with the same column (scope keys,
    # category) or where nothing filters on them (authors, codes, the point's kabupaten/kota);
    # PROTECT checks on those rare deletes scan instead.
    province = models.ForeignKey(
        Region,
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    kabkota = models.ForeignKey(
        Region,
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    occurred_on = models.DateField(_("tanggal kejadian"), db_index=True)
    date_precision = models.CharField(
        _("ketepatan tanggal"), max_length=6, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    week_start = models.DateField(_("awal minggu ISO"), editable=False, db_index=True)
    reported_on = models.DateField(_("tanggal dilaporkan"))

    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    location_detail = models.CharField(_("rincian lokasi"), max_length=200, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    geo_precision = models.CharField(
        _("ketepatan lokasi"), max_length=6, choices=GeoPrecision.choices, default=GeoPrecision.PART
    )
    # The kabupaten/kota the point falls in (point-in-polygon), kept when it disagrees with
    # ``region`` so the disagreement is shown, never silently resolved.
    point_kabkota = models.ForeignKey(
        Region,
        verbose_name=_("kabupaten/kota menurut titik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    category = models.ForeignKey(
        IncidentCode,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "kategori"},
        db_index=False,
    )
    conflict_source = models.ForeignKey(
        IncidentCode,
        verbose_name=_("sumber konflik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "sumber_konflik"},
        db_index=False,
    )
    snpk_type = models.ForeignKey(
        IncidentCode,
        verbose_name=_("jenis SNPK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "snpk"},
        db_index=False,
    )
    acled_event_type = models.ForeignKey(
        IncidentCode,
        verbose_name=_("jenis peristiwa ACLED"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "acled"},
        db_index=False,
    )

    killed = models.PositiveIntegerField(_("meninggal"), default=0)
    injured = models.PositiveIntegerField(_("luka-luka"), default=0)
    sexual_violence = models.PositiveIntegerField(_("kekerasan seksual"), default=0)
    buildings_damaged = models.PositiveIntegerField(_("bangunan rusak"), default=0)
    displaced = models.PositiveIntegerField(_("mengungsi"), default=0)

    narrative = models.TextField(_("uraian"), blank=True)
    handling_stage = models.CharField(_("tahap penanganan"), max_length=12, choices=HandlingStage.choices, blank=True)
    conflict_status = models.ForeignKey(
        ConflictStatus,
        verbose_name=_("status keadaan konflik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    contest = models.ForeignKey(
        "elections.Contest",
        verbose_name=_("pemilihan daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    election_stage = models.ForeignKey(
        "elections.ElectionStage",
        verbose_name=_("tahapan pemilihan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    classification = models.CharField(
        _("klasifikasi"), max_length=10, choices=Classification.choices, default=Classification.ORDINARY
    )

    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    merged_at = models.DateTimeField(_("digabung"), null=True, blank=True)

    # Imports: re-importing a file with the same external id updates instead of duplicating.
    external_source = models.CharField(_("sumber impor"), max_length=60, blank=True)
    external_id = models.CharField(_("ID eksternal"), max_length=120, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="incident_external_id_unique",
            )
        ]
        indexes = [
            models.Index(fields=["kabkota", "occurred_on"]),
            models.Index(fields=["province", "occurred_on"]),
            models.Index(fields=["category", "occurred_on"]),
            models.Index(fields=["updated_at"]),
            # The removal feed (API ``incidents/removed/?since=``) reads only removed rows: a
            # partial index keeps an old ``since`` from walking every change of the register.
            models.Index(
                fields=["updated_at", "id"],
                condition=models.Q(deleted_at__isnull=False) | models.Q(merged_into__isnull=False),
                name="incident_removed_feed",
            ),
        ]
        verbose_name = _("peristiwa konflik")
        verbose_name_plural = _("daftar peristiwa konflik")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.week_start = week_start_of(self.occurred_on)
        super().save(*args, **kwargs)

    @property
    def has_casualties(self) -> bool:
        return bool(self.killed or self.injured or self.sexual_violence)

    @property
    def location_mismatch(self) -> bool:
        return self.point_kabkota_id is not None and self.point_kabkota_id != self.kabkota_id

    @property
    def is_counted(self) -> bool:
        return self.deleted_at is None and self.merged_into_id is None


class IncidentSource(models.Model):
    """Sumber: where the incident was learnt of. An incident has one or more."""

    class Kind(models.TextChoices):
        MEDIA = "media", _("Media")
        OFFICIAL = "resmi", _("Instansi resmi")
        FKDM = "fkdm", _("FKDM")
        INFO_REPORT = "laporan_informasi", _("Laporan Informasi")
        FIELD = "lapangan", _("Pengamatan lapangan")

    class Scale(models.TextChoices):
        LOCAL = "lokal", _("Lokal")
        PROVINCIAL = "provinsi", _("Provinsi")
        NATIONAL = "nasional", _("Nasional")
        INTERNATIONAL = "internasional", _("Internasional")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="sources")
    kind = models.CharField(_("jenis sumber"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nama sumber"), max_length=200)
    url = models.URLField(_("tautan"), max_length=500, blank=True)
    published_on = models.DateField(_("tanggal"), null=True, blank=True)
    scale = models.CharField(_("skala"), max_length=15, choices=Scale.choices, default=Scale.LOCAL)
    # Set when a merge moved this source from another incident, so the merge stays readable.
    moved_from = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["incident", "published_on", "id"]
        verbose_name = _("sumber peristiwa")
        verbose_name_plural = _("daftar sumber peristiwa")

    def __str__(self) -> str:
        return self.name


class IncidentActor(models.Model):
    """Aktor: a party to the incident, by name and type."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("nama aktor"), max_length=200)
    actor_type = models.ForeignKey(
        IncidentCode,
        verbose_name=_("jenis aktor"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "aktor"},
    )

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = _("aktor")
        verbose_name_plural = _("daftar aktor")

    def __str__(self) -> str:
        return self.name


class HandlingAction(models.Model):
    """Tindakan penanganan: one dated step of prevention, stopping or recovery."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="handling_actions")
    stage = models.CharField(_("tahap"), max_length=12, choices=Incident.HandlingStage.choices)
    acted_on = models.DateField(_("tanggal"))
    description = models.TextField(_("tindakan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["incident", "acted_on", "id"]
        verbose_name = _("tindakan penanganan")
        verbose_name_plural = _("daftar tindakan penanganan")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.acted_on:%d-%m-%Y}"


class IncidentWeeklyRollup(models.Model):
    """Rekap mingguan: kabupaten/kota × ISO week × category, with counts and impact sums.

    Kept current by the services (on commit) and rebuildable with
    ``manage.py rebuild_incident_rollup``. Recaps, maps and detectors read only this table.
    """

    kabkota = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    category = models.ForeignKey(IncidentCode, on_delete=models.CASCADE, related_name="+")
    incidents = models.PositiveIntegerField(default=0)
    with_casualties = models.PositiveIntegerField(default=0)
    killed = models.PositiveIntegerField(default=0)
    injured = models.PositiveIntegerField(default=0)
    sexual_violence = models.PositiveIntegerField(default=0)
    buildings_damaged = models.PositiveIntegerField(default=0)
    displaced = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kabkota", "week_start", "category"], name="incident_rollup_unique")
        ]
        # One secondary index only: every import's cell deltas update each index of a cell (its
        # counts are in the covering one), and (week_start, province) or (week_start, category)
        # lookups are served by the covering index's leading column as well.
        indexes = [
            # Covering index: the national recap reads every figure from the index alone
            # (SQLite year recap ~140 → ~105 ms on the national synthetic set).
            models.Index(
                fields=[
                    "week_start",
                    "province",
                    "kabkota",
                    "category",
                    "incidents",
                    "with_casualties",
                    "killed",
                    "injured",
                    "sexual_violence",
                    "buildings_damaged",
                    "displaced",
                ],
                name="incident_rollup_cover",
            ),
        ]
        verbose_name = _("rekap mingguan peristiwa")
        verbose_name_plural = _("rekap mingguan peristiwa")

    def __str__(self) -> str:
        return f"{self.kabkota_id} {self.week_start} {self.category_id}: {self.incidents}"


class IncidentMonthlyRollup(models.Model):
    """Rekap bulanan: kabupaten/kota × month × category, summed from the weekly rollup.

    A week counts in the month of its Monday (as the recap periods count it), so a month, quarter,
    four months or year is a whole number of these cells and its recap reads about a quarter of the
    rows the weekly rollup would need. Derived from ``IncidentWeeklyRollup`` only, refreshed with
    it (``rollup.refresh`` / ``rollup.rebuild``); nothing else writes it.
    """

    kabkota = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    month_start = models.DateField()
    category = models.ForeignKey(IncidentCode, on_delete=models.CASCADE, related_name="+")
    incidents = models.PositiveIntegerField(default=0)
    with_casualties = models.PositiveIntegerField(default=0)
    killed = models.PositiveIntegerField(default=0)
    injured = models.PositiveIntegerField(default=0)
    sexual_violence = models.PositiveIntegerField(default=0)
    buildings_damaged = models.PositiveIntegerField(default=0)
    displaced = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kabkota", "month_start", "category"], name="incident_monthly_unique")
        ]
        indexes = [
            # Covering index, as on the weekly rollup: every recap figure from the index alone.
            models.Index(
                fields=[
                    "month_start",
                    "province",
                    "kabkota",
                    "category",
                    "incidents",
                    "with_casualties",
                    "killed",
                    "injured",
                    "sexual_violence",
                    "buildings_damaged",
                    "displaced",
                ],
                name="incident_monthly_cover",
            ),
        ]
        verbose_name = _("rekap bulanan peristiwa")
        verbose_name_plural = _("rekap bulanan peristiwa")

    def __str__(self) -> str:
        return f"{self.kabkota_id} {self.month_start} {self.category_id}: {self.incidents}"


class ImportMapping(BaseModel):
    """Pemetaan kolom impor: a saved mapping from a file's columns to incident fields (JSON)."""

    name = models.CharField(_("nama"), max_length=120, unique=True)
    definition = models.JSONField(_("definisi"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("pemetaan impor")
        verbose_name_plural = _("daftar pemetaan impor")

    def __str__(self) -> str:
        return self.name


class IncidentImport(BaseModel):
    """Impor peristiwa: one uploaded file, its dry-run result and, when confirmed, its real run."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        CHECKING = "checking", _("Diperiksa")
        CHECKED = "checked", _("Siap diimpor")
        INVALID = "invalid", _("Ada kesalahan")
        RUNNING = "running", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("berkas"), upload_to="imports/incidents/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    mapping = models.ForeignKey(ImportMapping, verbose_name=_("pemetaan"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    result = models.JSONField(_("hasil"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor peristiwa")
        verbose_name_plural = _("daftar impor peristiwa")
