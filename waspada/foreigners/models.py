"""Pemantauan orang asing dan TKA: foreign nationals with their permits and observed activities,
foreign organisations (ormas asing) and visit requests of diplomats and foreign VIPs
(Permendagri 49/2010 and 50/2010; DOMAIN.md §9).

Passport numbers, addresses and dates of birth are personal data: stored encrypted
(``fields.py``), searchable by passport number through a keyed digest, masked everywhere unless a
permitted user reveals one value with a reason (``services.foreigner_reveal``, audited).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.models import SoftDeleteModel
from waspada.foreigners import crypto
from waspada.foreigners.fields import EncryptedDateField, EncryptedTextField
from waspada.foreigners.identity import nationality_name
from waspada.regions.models import Region, ScopeKeys

# Fields holding personal data: never in audit snapshots, lists, exports or API responses in full.
PII_FIELDS = ("passport_number", "address", "birth_date")


class Purpose(models.TextChoices):
    WORK = "kerja", _("Bekerja (TKA)")
    RESEARCH = "penelitian", _("Penelitian")
    TOURISM = "wisata", _("Wisata")
    RELIGIOUS = "keagamaan", _("Keagamaan")
    NGO = "lsm", _("LSM / organisasi nonpemerintah")
    DIPLOMATIC = "diplomatik", _("Kunjungan diplomatik / dinas")


class ForeignNationalQuerySet(models.QuerySet["ForeignNational"]):
    def visible_to(self, user: Any) -> ForeignNationalQuerySet:
        from waspada.regions import access

        return self.filter(access.foreigner_q(user))

    def alive(self) -> ForeignNationalQuerySet:
        return self.filter(deleted_at__isnull=True)

    def with_passport(self, passport_number: str) -> ForeignNationalQuerySet:
        """Exact search by passport number: digests under every configured key, no plaintext."""
        return self.filter(passport_digest__in=crypto.search_digests(passport_number))

    def refresh_permit_until(self) -> int:
        """Set ``permit_until`` from the live permits of these people (one UPDATE; bulk writes)."""
        latest = (
            Permit.objects.filter(foreigner=models.OuterRef("pk"), deleted_at__isnull=True)
            .order_by()
            .values("foreigner")
            .annotate(until=models.Max("valid_until"))
            .values("until")
        )
        return self.update(permit_until=models.Subquery(latest))


class ForeignNational(SoftDeleteModel, ScopeKeys):
    """Orang asing: one foreign national known to the region, with the place they stay."""

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    name = models.CharField(_("nama"), max_length=200, db_index=True)
    nationality = models.CharField(_("kewarganegaraan"), max_length=3, db_index=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = EncryptedDateField(_("tanggal lahir"), null=True, blank=True)
    passport_number = EncryptedTextField(_("nomor paspor"))
    passport_digest = models.CharField(max_length=64, db_index=True, editable=False)
    passport_masked = models.CharField(_("nomor paspor (tersamar)"), max_length=20, editable=False)
    purpose = models.CharField(_("tujuan"), max_length=12, choices=Purpose.choices, db_index=True)
    sponsor = models.CharField(_("penjamin / pemberi kerja"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="+")
    address = EncryptedTextField(_("alamat"), blank=True)
    is_present = models.BooleanField(_("masih berada di wilayah"), default=True)
    # The end of the longest-running live permit (None: no permit recorded), kept by the services
    # and the bulk writers, so the permit status is a comparison with today in SQL (recap, list).
    permit_until = models.DateField(_("izin berlaku sampai"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForeignNationalQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("orang asing")
        verbose_name_plural = _("daftar orang asing")
        indexes = [
            models.Index(fields=["province", "nationality"]),
            models.Index(fields=["kabkota", "nationality"]),
            # The recap's three aggregates (by kabupaten/kota and presence, by nationality and purpose,
            # by permit end date) each read one of these indexes of live rows only, in GROUP BY
            # order, without touching the table (``deleted_at`` is a column too, always NULL here,
            # so that SQLite sees the index as covering); nationally or within a province.
            models.Index(
                fields=["kabkota", "is_present", "province", "deleted_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="foreigner_recap_kabkota",
            ),
            models.Index(
                fields=["nationality", "purpose", "province", "kabkota", "deleted_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="foreigner_recap_nationality",
            ),
            models.Index(
                fields=["permit_until", "province", "kabkota", "deleted_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="foreigner_recap_permit",
            ),
            # The recap cells of one province are recounted from this index alone (``recap_cells``).
            models.Index(
                fields=["province", "kabkota", "is_present", "nationality", "purpose", "permit_until", "deleted_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="foreigner_recap_province",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["passport_digest", "nationality"],
                condition=models.Q(deleted_at__isnull=True),
                name="foreigner_unique_passport_nationality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nationality})"

    @property
    def nationality_name(self) -> str:
        return nationality_name(self.nationality)

    @property
    def address_masked(self) -> str:
        return crypto.mask_address(self.address)

    @property
    def birth_year(self) -> str:
        return crypto.mask_birth_date(self.birth_date)

    def set_passport(self, number: str) -> None:
        normalised = crypto.normalise_passport(number)
        self.passport_number = normalised
        self.passport_digest = crypto.search_digest(normalised)
        self.passport_masked = crypto.mask_passport(normalised)

    def refresh_permit_until(self) -> None:
        """Recompute ``permit_until`` after a permit of this person was written."""
        self.permit_until = self.permits.filter(deleted_at__isnull=True).aggregate(until=models.Max("valid_until"))[
            "until"
        ]
        ForeignNational.objects.filter(pk=self.pk).update(permit_until=self.permit_until)

    def masked(self) -> dict[str, str]:
        """What lists, pages, exports and the API show for the personal data fields."""
        return {
            "passport_number": self.passport_masked,
            "address": self.address_masked,
            "birth_date": self.birth_year,
        }


class ForeignerRecapCell(models.Model):
    """Sel rekap orang asing: how many live (not deleted) foreign nationals of one province fall in
    one group of one of the recap's three groupings — by kabupaten/kota and presence, by
    nationality and purpose, by permit end date (``recap_cells.py`` keeps them; the national and
    provincial recap pages read these few thousand rows instead of every person).

    Only the key columns of the row's ``dimension`` are set; the others stay empty. ``province``
    is empty for people without a province key (none in practice: every region has one).
    """

    class Dimension(models.TextChoices):
        KABKOTA = "kabkota", _("Kabupaten/kota dan keberadaan")
        NATIONALITY = "kewarganegaraan", _("Kewarganegaraan dan tujuan")
        PERMIT = "izin", _("Akhir izin tinggal")

    province = models.ForeignKey(
        Region, verbose_name=_("provinsi"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    dimension = models.CharField(_("pengelompokan"), max_length=16, choices=Dimension.choices)
    kabkota = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_present = models.BooleanField(_("masih berada di wilayah"), null=True, blank=True)
    nationality = models.CharField(_("kewarganegaraan"), max_length=3, blank=True)
    purpose = models.CharField(_("tujuan"), max_length=12, blank=True)
    # None in an ``izin`` cell: the people with no permit recorded.
    permit_until = models.DateField(_("izin berlaku sampai"), null=True, blank=True)
    people = models.PositiveIntegerField(_("jumlah orang"))

    class Meta:
        verbose_name = _("sel rekap orang asing")
        verbose_name_plural = _("sel rekap orang asing")
        indexes = [
            # Covering: a recap reads one dimension, nationally or for its provinces, from the index alone.
            models.Index(
                fields=[
                    "dimension",
                    "province",
                    "kabkota",
                    "is_present",
                    "nationality",
                    "purpose",
                    "permit_until",
                    "people",
                ],
                name="foreigner_recap_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.province_id}: {self.people}"


class Permit(SoftDeleteModel):
    """Izin tinggal / visa: KITAS, KITAP or a visa, with its validity."""

    class Kind(models.TextChoices):
        KITAS = "kitas", _("KITAS (izin tinggal terbatas)")
        KITAP = "kitap", _("KITAP (izin tinggal tetap)")
        VISIT_VISA = "visa_kunjungan", _("Visa kunjungan")
        VOA = "visa_kedatangan", _("Visa kunjungan saat kedatangan (VoA)")
        WORK_VISA = "visa_kerja", _("Visa tinggal terbatas (bekerja)")
        DIPLOMATIC_VISA = "visa_diplomatik", _("Visa diplomatik / dinas")
        VISA_FREE = "bebas_visa", _("Bebas visa kunjungan")

    foreigner = models.ForeignKey(
        ForeignNational, verbose_name=_("orang asing"), on_delete=models.PROTECT, related_name="permits"
    )
    kind = models.CharField(_("jenis izin"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("nomor izin"), max_length=60)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), db_index=True)
    permitted_region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah yang diizinkan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong: wilayah tempat tinggal orang asing."),
    )

    class Meta:
        ordering = ["-valid_until", "id"]
        verbose_name = _("izin tinggal")
        verbose_name_plural = _("izin tinggal")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until


class ActivityObservation(SoftDeleteModel):
    """Kegiatan yang teramati: what a foreigner was seen doing, where, by which source."""

    class Source(models.TextChoices):
        IMMIGRATION = "imigrasi", _("Dokumen keimigrasian")
        COMPLAINT = "pengaduan", _("Pengaduan masyarakat")
        MEDIA = "media", _("Media massa / daring")
        PERMIT = "perizinan", _("Dokumen perizinan")
        INTERVIEW = "wawancara", _("Wawancara")
        FIELD = "lapangan", _("Pengamatan lapangan")
        TIMPORA = "timpora", _("Tim PORA")

    class Assessment(models.TextChoices):
        CONSISTENT = "sesuai", _("Sesuai izin")
        WATCH = "pantau", _("Perlu dipantau")
        VIOLATION = "menyimpang", _("Menyimpang dari izin")

    foreigner = models.ForeignKey(
        ForeignNational, verbose_name=_("orang asing"), on_delete=models.PROTECT, related_name="activities"
    )
    observed_on = models.DateField(_("tanggal"), db_index=True)
    description = models.TextField(_("kegiatan"))
    activity_purpose = models.CharField(
        _("sifat kegiatan"), max_length=12, choices=Purpose.choices, blank=True, default=""
    )
    region = models.ForeignKey(Region, verbose_name=_("lokasi kegiatan"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    source = models.CharField(_("sumber"), max_length=12, choices=Source.choices)
    assessment = models.CharField(
        _("penilaian"), max_length=12, choices=Assessment.choices, default=Assessment.CONSISTENT
    )
    assessment_note = models.TextField(_("catatan penilaian"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("kegiatan orang asing")
        verbose_name_plural = _("kegiatan orang asing")

    def __str__(self) -> str:
        return f"{self.observed_on:%d-%m-%Y} {self.description[:60]}"


class ForeignOrganisationQuerySet(models.QuerySet["ForeignOrganisation"]):
    def visible_to(self, user: Any) -> ForeignOrganisationQuerySet:
        from waspada.regions import access

        return self.filter(access.foreigner_q(user))

    def alive(self) -> ForeignOrganisationQuerySet:
        return self.filter(deleted_at__isnull=True)


class ForeignOrganisation(SoftDeleteModel, ScopeKeys):
    """Ormas asing: a foreign organisation active in the region, with its recommendation and the
    MoU with its ministry partner (Permendagri 49/2010)."""

    name = models.CharField(_("nama"), max_length=200, db_index=True)
    country = models.CharField(_("negara asal"), max_length=3)
    field_of_activity = models.CharField(_("bidang kegiatan"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("wilayah kegiatan"), on_delete=models.PROTECT, related_name="+")
    recommendation_number = models.CharField(_("nomor rekomendasi"), max_length=100, blank=True)
    recommendation_date = models.DateField(_("tanggal rekomendasi"), null=True, blank=True)
    ministry_partner = models.CharField(_("kementerian mitra"), max_length=200, blank=True)
    mou_number = models.CharField(_("nomor MoU"), max_length=100, blank=True)
    mou_valid_until = models.DateField(_("MoU berlaku sampai"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForeignOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("ormas asing")
        verbose_name_plural = _("daftar ormas asing")

    def __str__(self) -> str:
        return self.name

    def mou_active_on(self, day: date) -> bool:
        return bool(self.mou_number) and (self.mou_valid_until is None or self.mou_valid_until >= day)


class VisitRequestQuerySet(models.QuerySet["VisitRequest"]):
    def visible_to(self, user: Any) -> VisitRequestQuerySet:
        from waspada.regions import access

        return self.filter(access.foreigner_q(user))

    def alive(self) -> VisitRequestQuerySet:
        return self.filter(deleted_at__isnull=True)


class VisitRequest(SoftDeleteModel, ScopeKeys):
    """Permohonan kunjungan of a diplomat or foreign VIP, and the region's decision
    (setuju / tunda / tolak, with the reason; Permendagri 49/2010)."""

    class VisitorKind(models.TextChoices):
        DIPLOMAT = "diplomat", _("Diplomat / perwakilan negara asing")
        VIP = "vip", _("Tokoh / pejabat asing (VIP)")
        INTERNATIONAL = "organisasi", _("Organisasi internasional")

    class Decision(models.TextChoices):
        PENDING = "menunggu", _("Menunggu keputusan")
        APPROVED = "setuju", _("Disetujui")
        POSTPONED = "tunda", _("Ditunda")
        REFUSED = "tolak", _("Ditolak")

    visitor_name = models.CharField(_("nama tamu / delegasi"), max_length=200)
    visitor_kind = models.CharField(_("jenis tamu"), max_length=12, choices=VisitorKind.choices)
    country = models.CharField(_("negara"), max_length=3)
    region = models.ForeignKey(Region, verbose_name=_("wilayah tujuan"), on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(_("maksud kunjungan"))
    planned_from = models.DateField(_("rencana mulai"))
    planned_until = models.DateField(_("rencana selesai"))
    received_on = models.DateField(_("permohonan diterima"))
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = VisitRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_from", "id"]
        verbose_name = _("permohonan kunjungan")
        verbose_name_plural = _("permohonan kunjungan")

    def __str__(self) -> str:
        return f"{self.visitor_name} ({self.country})"
