"""Forum: FKDM, TKDPD and Timdu PKS (formed by the region) and Kominda and Tim PORA (external
forums Kesbangpol takes part in), with their decrees (SK), members over time, meetings and
documents (DOMAIN.md §8).

Every record carries the forum's region keys (``province``/``kabkota``) so ``visible_to`` is the
same ``access.forum_q`` filter for all of them. Nothing is overwritten: a member who leaves gets a
``left_on`` date (a new position is a new membership), wrong entries are soft-deleted with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.core.models import SoftDeleteModel
from waspada.regions.models import Region, ScopeKeys


class ForumScopedQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Any:
        from waspada.regions import access

        return self.filter(access.forum_q(user))

    def alive(self) -> Any:
        return self.filter(deleted_at__isnull=True)


class Forum(SoftDeleteModel, ScopeKeys):
    """One forum of one kind in one region (province, kabupaten/kota or kecamatan)."""

    class Kind(models.TextChoices):
        FKDM = "fkdm", _("FKDM")
        TKDPD = "tkdpd", _("TKDPD")
        TIMDU_PKS = "timdu_pks", _("Timdu PKS")
        KOMINDA = "kominda", _("Kominda")
        TIM_PORA = "tim_pora", _("Tim PORA")

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("Aktif")
        DISSOLVED = "dibubarkan", _("Dibubarkan")

    # Formed by the regional government; Kominda and Tim PORA are external (participation only).
    OWNED_KINDS = (Kind.FKDM, Kind.TKDPD, Kind.TIMDU_PKS)
    EXTERNAL_KINDS = (Kind.KOMINDA, Kind.TIM_PORA)
    LEVELS = (Region.Level.PROVINSI, Region.Level.KABUPATEN, Region.Level.KOTA, Region.Level.KECAMATAN)

    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis forum"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    secretariat = models.CharField(_("sekretariat"), max_length=200, blank=True)
    contact_name = models.CharField(_("narahubung"), max_length=120, blank=True)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=40, blank=True)
    contact_email = models.EmailField(_("surel narahubung"), blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForumScopedQuerySet.as_manager()

    class Meta:
        ordering = ["region__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"], condition=models.Q(deleted_at__isnull=True), name="forum_region_kind_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "kabkota"]), models.Index(fields=["kind", "province"])]
        verbose_name = _("forum")
        verbose_name_plural = _("daftar forum")

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.region.name}"

    @property
    def is_external(self) -> bool:
        return self.kind in self.EXTERNAL_KINDS


def decree_path(instance: ForumDecree, filename: str) -> str:
    return f"forum/sk/{instance.public_id}/{filename}"


def document_path(instance: ForumDocument, filename: str) -> str:
    return f"forum/dokumen/{instance.public_id}/{filename}"


class ForumDecree(SoftDeleteModel, ScopeKeys):
    """Surat Keputusan (SK) forming or renewing a forum, with its validity period and the PDF."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="decrees")
    number = models.CharField(_("nomor SK"), max_length=120)
    decree_date = models.DateField(_("tanggal SK"))
    signer = models.CharField(_("penanda tangan"), max_length=160)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    file = models.FileField(_("berkas SK (PDF)"), upload_to=decree_path, max_length=255, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("ukuran (bita)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForumScopedQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "-valid_from", "-id"]
        indexes = [models.Index(fields=["valid_until"])]
        verbose_name = _("SK forum")
        verbose_name_plural = _("daftar SK forum")

    def __str__(self) -> str:
        return f"SK {self.number}"

    def is_valid_on(self, day: date) -> bool:
        if self.decree_date > day or self.valid_from > day:
            return False
        return self.valid_until is None or day <= self.valid_until


class ForumMember(SoftDeleteModel, ScopeKeys):
    """Keanggotaan: one person in one position for a period. Changes are new rows, never edits."""

    class Element(models.TextChoices):
        GOVERNMENT = "pemerintah", _("Pemerintah daerah")
        TNI = "tni", _("TNI")
        POLRI = "polri", _("Polri")
        PROSECUTOR = "kejaksaan", _("Kejaksaan")
        INTELLIGENCE = "intelijen", _("Intelijen negara")
        IMMIGRATION = "imigrasi", _("Imigrasi")
        ORMAS = "ormas", _("Organisasi kemasyarakatan")
        RELIGIOUS = "tokoh_agama", _("Tokoh agama")
        ADAT = "tokoh_adat", _("Tokoh adat")
        EDUCATOR = "pendidik", _("Pendidik / akademisi")
        YOUTH = "pemuda", _("Pemuda")
        WOMEN = "perempuan", _("Tokoh perempuan")
        OTHER = "lainnya", _("Lainnya")

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("nama"), max_length=160)
    position = models.CharField(_("jabatan dalam forum"), max_length=120)
    agency = models.CharField(_("instansi / unsur yang diwakili"), max_length=200, blank=True)
    element = models.CharField(_("unsur"), max_length=12, choices=Element.choices, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    joined_on = models.DateField(_("mulai"))
    left_on = models.DateField(_("berakhir"), null=True, blank=True)
    left_reason = models.CharField(_("alasan berakhir"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForumScopedQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "left_on", "joined_on", "id"]
        verbose_name = _("anggota forum")
        verbose_name_plural = _("anggota forum")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    def is_active_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class ForumMeeting(SoftDeleteModel, ScopeKeys):
    """Rapat: date, agenda, attendance, minutes and follow-ups."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("tanggal rapat"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"))
    attendance = models.PositiveIntegerField(_("jumlah hadir"), default=0)
    attendees = models.TextField(_("daftar hadir"), blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    follow_ups = models.TextField(_("tindak lanjut"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForumScopedQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "-held_on", "-id"]
        verbose_name = _("rapat forum")
        verbose_name_plural = _("rapat forum")

    def __str__(self) -> str:
        return f"Rapat {self.held_on:%d-%m-%Y}"


class ForumDocument(SoftDeleteModel, ScopeKeys):
    """Dokumen forum: a report, minutes, photo or other document (optionally of one meeting)."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(
        ForumMeeting, verbose_name=_("rapat"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ForumScopedQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "-created_at"]
        verbose_name = _("dokumen forum")
        verbose_name_plural = _("dokumen forum")

    def __str__(self) -> str:
        return self.title
