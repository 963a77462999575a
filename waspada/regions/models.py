"""Wilayah: the Kemendagri region tree, its boundaries and the map layers built from them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from waspada.accounts.models import User


class RegionQuerySet(models.QuerySet["Region"]):
    def visible_to(self, user: User | Any) -> RegionQuerySet:
        from waspada.regions import access

        return self.filter(access.region_tree_q(user))

    def provinces(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.PROVINSI)

    def kabkota(self) -> RegionQuerySet:
        return self.filter(level__in=Region.KABKOTA_LEVELS)

    def valid_on(self, day: date) -> RegionQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=day),
        )


class Region(models.Model):
    """Wilayah administrasi (kode wilayah Kemendagri): provinsi, kabupaten/kota, kecamatan,
    desa/kelurahan. The code is hierarchical: ``32`` ⊃ ``32.73`` ⊃ ``32.73.01`` ⊃ ``32.73.01.1001``."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    class TimeZone(models.TextChoices):
        WIB = "WIB", "WIB (Asia/Jakarta)"
        WITA = "WITA", "WITA (Asia/Makassar)"
        WIT = "WIT", "WIT (Asia/Jayapura)"

    KABKOTA_LEVELS = (Level.KABUPATEN, Level.KOTA)

    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=120, db_index=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self", verbose_name=_("provinsi"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kabkota = models.ForeignKey(
        "self", verbose_name=_("kabupaten/kota"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    timezone = models.CharField(_("zona waktu"), max_length=4, choices=TimeZone.choices)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_province(self) -> bool:
        return self.level == self.Level.PROVINSI

    @property
    def is_kabkota(self) -> bool:
        return self.level in self.KABKOTA_LEVELS

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    def contains(self, other: Region) -> bool:
        """True when ``other`` is this region or lies inside it."""
        return other.code == self.code or other.code.startswith(self.code + ".")

    def is_valid_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day >= self.valid_until)

    def ancestors(self) -> list[Region]:
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class ScopeKeys(models.Model):
    """The denormalised, indexed scope keys every regional record carries (DESIGN.md §4).

    Services set them from the record's most precise region with ``set_scope_keys``; access
    filters on them (``access.record_q``) instead of walking codes.
    """

    province = models.ForeignKey(
        Region, verbose_name=_("provinsi"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kabkota = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def set_scope_keys(self, region: Region | None) -> None:
        self.province = region.province if region is not None else None
        self.kabkota = region.kabkota if region is not None else None


class RegionBoundary(models.Model):
    """Batas wilayah: the full-precision geometry of one region, as imported (WKB, WGS84)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="boundary")
    geometry_wkb = models.BinaryField(_("geometri (WKB)"))
    source_name = models.CharField(_("berkas sumber"), max_length=255)
    imported_at = models.DateTimeField(_("diimpor"), default=timezone.now)

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")

    def __str__(self) -> str:
        return f"Batas {self.region}"


class BoundaryLayer(models.Model):
    """A simplified TopoJSON layer of one level, built in the background for the web map."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABKOTA = "kabkota", _("Kabupaten/kota")

    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices, unique=True)
    topojson = models.TextField(_("TopoJSON"))
    feature_count = models.PositiveIntegerField(_("jumlah fitur"))
    built_at = models.DateTimeField(_("dibangun"), default=timezone.now)

    class Meta:
        verbose_name = _("lapisan peta")
        verbose_name_plural = _("lapisan peta")

    def __str__(self) -> str:
        return f"Lapisan {self.get_level_display()}"
