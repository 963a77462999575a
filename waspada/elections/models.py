"""Pemantauan Pilkada: elections and their stages (tahapan), contests, candidate pairs
(paslon), health-protocol violations (pelanggaran prokes), candidates' health events and the
regional grant agreements (NPHD) with their tranches and disbursements (DOMAIN.md §6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.models import BaseModel, SoftDeleteModel
from waspada.regions.models import Region, ScopeKeys


class Election(BaseModel):
    """Pemilihan: one election (Pilkada serentak 2020, Pilkada 2024, …) with its stage calendar."""

    class Kind(models.TextChoices):
        PILKADA = "pilkada", _("Pilkada")
        PEMILU = "pemilu", _("Pemilu")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.PILKADA)
    voting_date = models.DateField(_("hari pemungutan suara"))
    legal_basis = models.TextField(_("dasar hukum"), blank=True)

    class Meta:
        ordering = ["-voting_date"]
        verbose_name = _("pemilihan")
        verbose_name_plural = _("daftar pemilihan")

    def __str__(self) -> str:
        return self.name


class ElectionStage(models.Model):
    """Tahapan: one stage of an election's calendar. Stages may overlap."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=160)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_campaign = models.BooleanField(
        _("masa kampanye"), default=False, help_text=_("Periode 10 harian dihitung dari tahapan ini.")
    )

    class Meta:
        ordering = ["election", "order", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="election_stage_code_unique")]
        verbose_name = _("tahapan")
        verbose_name_plural = _("daftar tahapan")

    def __str__(self) -> str:
        return self.name

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class ContestQuerySet(models.QuerySet["Contest"]):
    def visible_to(self, user: Any) -> ContestQuerySet:
        from waspada.regions import access

        return self.filter(access.election_q(user))


class Contest(BaseModel, ScopeKeys):
    """Pemilihan di satu daerah: an election in one region (pilgub, pilbup or pilwali)."""

    class Kind(models.TextChoices):
        PILGUB = "pilgub", _("Pemilihan gubernur")
        PILBUP = "pilbup", _("Pemilihan bupati")
        PILWALI = "pilwali", _("Pemilihan wali kota")

    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.PROTECT, related_name="contests"
    )
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    objects = ContestQuerySet.as_manager()

    class Meta:
        ordering = ["election", "region__code"]
        constraints = [models.UniqueConstraint(fields=["election", "region"], name="contest_unique")]
        verbose_name = _("pemilihan daerah")
        verbose_name_plural = _("daftar pemilihan daerah")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.region.name} ({self.election.name})"


class CandidatePairQuerySet(models.QuerySet["CandidatePair"]):
    def visible_to(self, user: Any) -> CandidatePairQuerySet:
        from waspada.regions import access

        return self.filter(access.election_q(user))


class CandidatePair(BaseModel, ScopeKeys):
    """Pasangan calon (paslon): head and deputy of one contest, with ballot number and status."""

    class Path(models.TextChoices):
        PARTIES = "partai", _("Partai politik / gabungan partai")
        INDEPENDENT = "perseorangan", _("Perseorangan")

    class Status(models.TextChoices):
        REGISTERED = "terdaftar", _("Terdaftar")
        DETERMINED = "ditetapkan", _("Ditetapkan")
        DISQUALIFIED = "didiskualifikasi", _("Didiskualifikasi")
        WITHDREW = "mengundurkan_diri", _("Mengundurkan diri")
        DECEASED = "meninggal", _("Meninggal dunia")

    contest = models.ForeignKey(
        Contest, verbose_name=_("pemilihan daerah"), on_delete=models.PROTECT, related_name="pairs"
    )
    ballot_number = models.PositiveSmallIntegerField(_("nomor urut"), null=True, blank=True)
    head_name = models.CharField(_("nama calon kepala daerah"), max_length=160)
    deputy_name = models.CharField(_("nama calon wakil"), max_length=160)
    nomination_path = models.CharField(_("jalur pencalonan"), max_length=15, choices=Path.choices)
    parties = models.JSONField(_("partai pengusung"), default=list, blank=True)
    is_incumbent = models.BooleanField(_("petahana"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    status_on = models.DateField(_("tanggal status"), null=True, blank=True)

    objects = CandidatePairQuerySet.as_manager()

    class Meta:
        ordering = ["contest", "ballot_number", "head_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "ballot_number"],
                condition=models.Q(ballot_number__isnull=False),
                name="candidate_pair_ballot_unique",
            )
        ]
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("daftar pasangan calon")

    def __str__(self) -> str:
        number = f"{self.ballot_number}. " if self.ballot_number else ""
        return f"{number}{self.head_name} – {self.deputy_name}"


class CandidateStatusChange(models.Model):
    """A dated change of a paslon's status (registered → determined → …), kept for the record."""

    pair = models.ForeignKey(CandidatePair, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=CandidatePair.Status.choices)
    changed_on = models.DateField(_("tanggal"))
    note = models.TextField(_("keterangan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["pair", "changed_on", "id"]
        verbose_name = _("perubahan status paslon")
        verbose_name_plural = _("perubahan status paslon")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.changed_on:%d-%m-%Y}"


class ProkesViolationQuerySet(models.QuerySet["ProkesViolation"]):
    def visible_to(self, user: Any) -> ProkesViolationQuerySet:
        from waspada.regions import access

        return self.filter(access.election_q(user))

    def alive(self) -> ProkesViolationQuerySet:
        return self.filter(deleted_at__isnull=True)


class ProkesViolation(SoftDeleteModel, ScopeKeys):
    """Pelanggaran protokol kesehatan during a Pilkada stage (PKPU 6/2020, 10/2020, 13/2020)."""

    class Activity(models.TextChoices):
        LIMITED_MEETING = "pertemuan_terbatas", _("Pertemuan terbatas")
        FACE_TO_FACE = "tatap_muka", _("Pertemuan tatap muka dan dialog")
        RALLY = "rapat_umum", _("Rapat umum")
        CONCERT = "konser", _("Konser musik / pentas seni")
        SPORT = "olahraga", _("Kegiatan olahraga (gerak jalan, sepeda santai)")
        BAZAAR = "bazar", _("Bazar")
        ANNIVERSARY = "hut_partai", _("Peringatan hari ulang tahun partai")
        REGISTRATION = "arak_arakan", _("Arak-arakan pendaftaran")
        DECLARATION = "deklarasi", _("Deklarasi")
        VOTING_CROWD = "kerumunan_pemungutan", _("Kerumunan hari pemungutan suara")
        OTHER = "lainnya", _("Lainnya")

    class Sanction(models.TextChoices):
        NONE = "", _("Belum ada / tidak ada")
        WARNING = "peringatan", _("Peringatan tertulis")
        DISPERSAL = "pembubaran", _("Pembubaran")
        BAN = "larangan_3_hari", _("Larangan metode kampanye 3 hari")
        POLICE = "kepolisian", _("Diteruskan ke kepolisian")

    class Source(models.TextChoices):
        BAWASLU = "bawaslu", _("Bawaslu")
        POLICE = "polri", _("Kepolisian")
        SATGAS = "satgas", _("Satgas Covid-19")
        KESBANGPOL = "kesbangpol", _("Pengamatan Kesbangpol")
        MEDIA = "media", _("Media")

    contest = models.ForeignKey(
        Contest, verbose_name=_("pemilihan daerah"), on_delete=models.PROTECT, related_name="violations"
    )
    pair = models.ForeignKey(
        CandidatePair,
        verbose_name=_("paslon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violations",
    )
    occurred_at = models.DateTimeField(_("waktu kejadian"), db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    stage = models.ForeignKey(
        ElectionStage, verbose_name=_("tahapan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage_overridden = models.BooleanField(_("tahapan ditetapkan manual"), default=False)
    activity = models.CharField(_("kegiatan"), max_length=25, choices=Activity.choices)
    participants = models.PositiveIntegerField(_("perkiraan peserta"), null=True, blank=True)
    # One boolean per violation type keeps the recap a plain SUM on every database.
    over_capacity = models.BooleanField(_("peserta lebih dari 50 orang"), default=False)
    no_masks = models.BooleanField(_("tidak memakai masker"), default=False)
    no_distancing = models.BooleanField(_("tidak menjaga jarak"), default=False)
    banned_activity = models.BooleanField(_("kegiatan yang dilarang"), default=False)
    no_handwashing = models.BooleanField(_("tidak tersedia sarana cuci tangan"), default=False)
    high_temperature = models.BooleanField(_("suhu tubuh di atas 37,3 °C"), default=False)
    other_violation = models.CharField(_("pelanggaran lain"), max_length=200, blank=True)
    sanction = models.CharField(_("sanksi"), max_length=20, choices=Sanction.choices, blank=True, default="")
    source = models.CharField(_("sumber"), max_length=12, choices=Source.choices)
    source_url = models.URLField(_("tautan sumber"), max_length=500, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ProkesViolationQuerySet.as_manager()

    VIOLATION_FIELDS = (
        "over_capacity",
        "no_masks",
        "no_distancing",
        "banned_activity",
        "no_handwashing",
        "high_temperature",
    )

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["contest", "occurred_at"]),
            models.Index(fields=["province", "occurred_at"]),
            models.Index(fields=["kabkota", "occurred_at"]),
        ]
        verbose_name = _("pelanggaran prokes")
        verbose_name_plural = _("daftar pelanggaran prokes")

    def __str__(self) -> str:
        return f"{self.get_activity_display()} {self.region.name} {self.occurred_at:%d-%m-%Y}"


class HealthEventQuerySet(models.QuerySet["HealthEvent"]):
    def visible_to(self, user: Any) -> HealthEventQuerySet:
        from waspada.regions import access

        return self.filter(access.health_event_q(user))


class HealthEvent(BaseModel, ScopeKeys):
    """Status kesehatan calon: a Covid-19 event of one member of a paslon (personal health data)."""

    class Person(models.TextChoices):
        HEAD = "kepala", _("Calon kepala daerah")
        DEPUTY = "wakil", _("Calon wakil")

    class Kind(models.TextChoices):
        POSITIVE = "positif", _("Terkonfirmasi positif")
        HOSPITALISED = "dirawat", _("Dirawat di rumah sakit")
        RECOVERED = "sembuh", _("Sembuh")
        DIED = "meninggal", _("Meninggal dunia")

    pair = models.ForeignKey(
        CandidatePair, verbose_name=_("paslon"), on_delete=models.PROTECT, related_name="health_events"
    )
    person = models.CharField(_("calon"), max_length=10, choices=Person.choices)
    kind = models.CharField(_("peristiwa"), max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=200)
    note = models.TextField(_("keterangan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = HealthEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("status kesehatan calon")
        verbose_name_plural = _("status kesehatan calon")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d-%m-%Y}"


class GrantAgreementQuerySet(models.QuerySet["GrantAgreement"]):
    def visible_to(self, user: Any) -> GrantAgreementQuerySet:
        from waspada.regions import access

        return self.filter(access.election_q(user))


class GrantAgreement(BaseModel, ScopeKeys):
    """Naskah Perjanjian Hibah Daerah (NPHD) funding one recipient of one region's election."""

    class Recipient(models.TextChoices):
        KPU = "kpu", _("KPU")
        BAWASLU = "bawaslu", _("Bawaslu")
        TNI = "tni", _("Pengamanan TNI")
        POLRI = "polri", _("Pengamanan Polri")

    election = models.ForeignKey(Election, verbose_name=_("pemilihan"), on_delete=models.PROTECT, related_name="grants")
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("penerima"), max_length=10, choices=Recipient.choices)
    number = models.CharField(_("nomor NPHD"), max_length=120)
    signed_on = models.DateField(_("tanggal penandatanganan"))
    amount = models.DecimalField(
        _("nilai hibah (Rp)"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    objects = GrantAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["election", "region__code", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["election", "region", "recipient"], name="grant_agreement_unique")
        ]
        verbose_name = _("NPHD")
        verbose_name_plural = _("daftar NPHD")

    def __str__(self) -> str:
        return f"NPHD {self.get_recipient_display()} {self.region.name}"


class PlannedTranche(models.Model):
    """Tahap pencairan yang direncanakan in the agreement."""

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.CASCADE, related_name="planned_tranches")
    order = models.PositiveSmallIntegerField(_("tahap"))
    due_on = models.DateField(_("rencana tanggal"))
    amount = models.DecimalField(_("jumlah (Rp)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["agreement", "order"]
        constraints = [models.UniqueConstraint(fields=["agreement", "order"], name="planned_tranche_unique")]
        verbose_name = _("rencana tahap pencairan")
        verbose_name_plural = _("rencana tahap pencairan")

    def __str__(self) -> str:
        return f"Tahap {self.order}: Rp {self.amount}"


class Disbursement(BaseModel):
    """Pencairan: one actual payment under an NPHD."""

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.PROTECT, related_name="disbursements")
    paid_on = models.DateField(_("tanggal pencairan"))
    amount = models.DecimalField(
        _("jumlah (Rp)"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reference = models.CharField(_("nomor bukti"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agreement", "paid_on", "id"]
        verbose_name = _("pencairan")
        verbose_name_plural = _("daftar pencairan")

    def __str__(self) -> str:
        return f"{self.paid_on:%d-%m-%Y} Rp {self.amount}"


class ViolationRollup(models.Model):
    """Rekap pelanggaran prokes: one cell per contest × kabupaten/kota × 10-day period × stage ×
    paslon × activity × source, with the violation count, the count per violation type and the sum of the
    estimated participants. Only live (not deleted) violations count.

    ``period`` is the bucket of ``recap.violation_overview``: 0 before the campaign, 1…n the
    10-day period of the local day (the province's zone), n + 1 after the campaign. Kept current
    by the services (in the writing transaction) and rebuilt with
    ``manage.py rebuild_violation_rollup``; the recap pages and API read this table.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Region, null=True, on_delete=models.CASCADE, related_name="+")
    kabkota = models.ForeignKey(Region, null=True, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(CandidatePair, null=True, on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(ElectionStage, null=True, on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField(default=0)
    activity = models.CharField(max_length=25)
    source = models.CharField(max_length=12)  # ProkesViolation.Source
    violations = models.PositiveIntegerField(default=0)
    over_capacity = models.PositiveIntegerField(default=0)
    no_masks = models.PositiveIntegerField(default=0)
    no_distancing = models.PositiveIntegerField(default=0)
    banned_activity = models.PositiveIntegerField(default=0)
    no_handwashing = models.PositiveIntegerField(default=0)
    high_temperature = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    participants = models.PositiveBigIntegerField(default=0)

    COUNT_FIELDS = (*ProkesViolation.VIOLATION_FIELDS, "other")

    class Meta:
        indexes = [
            # Covering indexes: each recap query reads one index range (one source, or "" for the
            # all-sources cells) and no table row.
            models.Index(
                fields=[
                    "election",
                    "source",
                    "period",
                    "stage",
                    "activity",
                    "violations",
                    "over_capacity",
                    "no_masks",
                    "no_distancing",
                    "banned_activity",
                    "no_handwashing",
                    "high_temperature",
                    "other",
                ],
                name="violation_rollup_overview",
            ),
            models.Index(
                fields=[
                    "election",
                    "source",
                    "province",
                    "kabkota",
                    "period",
                    "stage",
                    "activity",
                    "violations",
                    "over_capacity",
                    "no_masks",
                    "no_distancing",
                    "banned_activity",
                    "no_handwashing",
                    "high_temperature",
                    "other",
                ],
                name="violation_rollup_region",
            ),
            # The paslon ranking of one source or of all (source ""), in pair order: no sort.
            models.Index(fields=["election", "source", "pair", "violations"], name="violation_rollup_pair"),
            models.Index(
                fields=["contest", "stage", "pair", "activity", "kabkota", "source"], name="violation_rollup_key"
            ),
        ]
        verbose_name = _("rekap pelanggaran prokes")
        verbose_name_plural = _("rekap pelanggaran prokes")

    def __str__(self) -> str:
        return f"{self.contest_id} P{self.period} {self.activity}: {self.violations}"


class ViolationProvinceRollup(models.Model):
    """The violation rollup summed over contests, kabupaten/kota and paslon: one cell per election
    × province × 10-day period × stage × activity × source (several times fewer cells than
    ``ViolationRollup``). The national and provincial recaps read their period, stage, activity,
    type and province figures from it; kept and rebuilt together with ``ViolationRollup``."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Region, null=True, on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(ElectionStage, null=True, on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField(default=0)
    activity = models.CharField(max_length=25)
    source = models.CharField(max_length=12)  # ProkesViolation.Source
    violations = models.PositiveIntegerField(default=0)
    over_capacity = models.PositiveIntegerField(default=0)
    no_masks = models.PositiveIntegerField(default=0)
    no_distancing = models.PositiveIntegerField(default=0)
    banned_activity = models.PositiveIntegerField(default=0)
    no_handwashing = models.PositiveIntegerField(default=0)
    high_temperature = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    participants = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [
            # Covering indexes: the national page's (period, stage, activity) sums in index order, and
            # its per-province sums (the key index, also the refresh's match, holds the count).
            models.Index(
                fields=[
                    "election",
                    "source",
                    "period",
                    "stage",
                    "activity",
                    "province",
                    "violations",
                    "over_capacity",
                    "no_masks",
                    "no_distancing",
                    "banned_activity",
                    "no_handwashing",
                    "high_temperature",
                    "other",
                ],
                name="violation_prov_rollup_overview",
            ),
            models.Index(
                fields=["election", "province", "stage", "activity", "source", "violations"],
                name="violation_prov_rollup_key",
            ),
        ]
        verbose_name = _("rekap pelanggaran prokes per provinsi")
        verbose_name_plural = _("rekap pelanggaran prokes per provinsi")

    def __str__(self) -> str:
        return f"{self.province_id} P{self.period} {self.activity}: {self.violations}"


class ViolationPairRollup(models.Model):
    """The violation rollup per paslon: election × province × paslon × source (and the
    all-sources cells, source ""), the violation count summed over contests' periods, stages,
    activities and kabupaten/kota. The national and provincial paslon rankings read it (a few
    thousand cells instead of the fine cells); kept and rebuilt with ``ViolationRollup``."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Region, null=True, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(CandidatePair, null=True, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12)  # ProkesViolation.Source, or "" for every source
    violations = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # Covering: the ranking of one source (or all) nationally or in one province.
            models.Index(fields=["election", "source", "province", "pair", "violations"], name="violation_pair_rollup"),
        ]
        verbose_name = _("rekap pelanggaran prokes per paslon")
        verbose_name_plural = _("rekap pelanggaran prokes per paslon")

    def __str__(self) -> str:
        return f"{self.province_id} paslon {self.pair_id} {self.source or '*'}: {self.violations}"
