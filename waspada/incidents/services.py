"""Writes for the incident register. Every function: keyword arguments, one transaction, the
access rule checked here (views, API and imports are thin), an audit event, the rollup cells
it touched refreshed on commit, nothing half-done.

Refusals raise ``IncidentRefused`` (a Django ValidationError) with an Indonesian message; a
stale version raises ``StaleIncident`` naming who changed the record and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.core.timezones import format_local, to_local
from waspada.incidents import location, rollup
from waspada.incidents.models import (
    ConflictStatus,
    HandlingAction,
    Incident,
    IncidentActor,
    IncidentCode,
    IncidentSource,
)
from waspada.regions import access
from waspada.regions.models import Region

AUDITED_FIELDS = [
    "title",
    "occurred_on",
    "date_precision",
    "reported_on",
    "region",
    "location_detail",
    "latitude",
    "longitude",
    "geo_precision",
    "point_kabkota",
    "category",
    "conflict_source",
    "snpk_type",
    "acled_event_type",
    *Incident.IMPACT_FIELDS,
    "narrative",
    "handling_stage",
    "conflict_status",
    "contest",
    "election_stage",
    "status",
    "classification",
    "merged_into",
    "version",
]
INCIDENT_REGION_LEVELS = ("kabupaten", "kota", "kecamatan", "desa")


class IncidentRefused(ValidationError):
    """A write that is not allowed or not valid; nothing was changed."""


class StaleIncident(IncidentRefused):
    def __init__(self, incident: Incident) -> None:
        who = incident.updated_by.full_name or incident.updated_by.username if incident.updated_by else "?"
        when = format_local(incident.updated_at, incident.region.timezone)
        super().__init__(
            _(
                "Peristiwa ini sudah diubah oleh %(who)s pada %(when)s setelah Anda membukanya. "
                "Perubahan Anda tidak disimpan; muat ulang lalu ulangi."
            )
            % {"who": who, "when": when},
            code="stale",
        )
        self.current_version = incident.version


@dataclass
class IncidentInput:
    """What a form, the API or an import row says about an incident."""

    title: str
    occurred_on: date
    region: Region
    category: IncidentCode
    reported_on: date | None = None
    date_precision: str = Incident.DatePrecision.DAY
    location_detail: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    geo_precision: str = Incident.GeoPrecision.PART
    conflict_source: IncidentCode | None = None
    snpk_type: IncidentCode | None = None
    acled_event_type: IncidentCode | None = None
    killed: int = 0
    injured: int = 0
    sexual_violence: int = 0
    buildings_damaged: int = 0
    displaced: int = 0
    narrative: str = ""
    handling_stage: str = ""
    conflict_status: ConflictStatus | None = None
    contest: Any = None
    election_stage: Any = None
    classification: str = Incident.Classification.ORDINARY
    external_source: str = ""
    external_id: str = ""


@dataclass
class SourceInput:
    kind: str
    name: str
    url: str = ""
    published_on: date | None = None
    scale: str = IncidentSource.Scale.LOCAL


@dataclass
class ActorInput:
    name: str
    actor_type: IncidentCode


@dataclass
class Located:
    """The result of checking a point against the chosen region."""

    point_kabkota: Region | None = None
    mismatch: bool = False
    messages: list[str] = field(default_factory=list)


# --- checks --------------------------------------------------------------------------------------


def _today_in(region: Region, now: datetime | None = None) -> date:
    return to_local(now or timezone.now(), region.timezone).date()


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise IncidentRefused(errors)


def locate(data: IncidentInput) -> Located:
    """Point-in-polygon for the given coordinates; flags a kabupaten/kota that disagrees."""
    result = Located()
    if data.latitude is None or data.longitude is None:
        return result
    found = location.kabkota_at(float(data.latitude), float(data.longitude))
    if found is None:
        return result
    result.point_kabkota = found
    if data.region.kabkota_id is not None and found.pk != data.region.kabkota_id:
        result.mismatch = True
        result.messages.append(
            _("Titik koordinat berada di %(found)s, bukan di %(chosen)s.")
            % {"found": found.name, "chosen": data.region.kabkota.name if data.region.kabkota else data.region.name}
        )
    return result


def validate(data: IncidentInput, *, now: datetime | None = None) -> dict[str, list[str]]:
    """Every rule on one incident's fields; returns errors by field (empty when valid)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title.strip():
        add("title", _("Judul wajib diisi."))
    if data.region.level not in INCIDENT_REGION_LEVELS or data.region.kabkota_id is None:
        add("region", _("Pilih kabupaten/kota, kecamatan atau desa/kelurahan tempat kejadian."))
    today = _today_in(data.region, now)
    if data.occurred_on > today:
        add("occurred_on", _("Tanggal kejadian tidak boleh di masa depan."))
    if data.reported_on is not None:
        if data.reported_on > today:
            add("reported_on", _("Tanggal dilaporkan tidak boleh di masa depan."))
        elif data.date_precision == Incident.DatePrecision.DAY and data.reported_on < data.occurred_on:
            add("reported_on", _("Tanggal dilaporkan tidak boleh sebelum tanggal kejadian."))
    if data.category.kind != IncidentCode.Kind.CATEGORY:
        add("category", _("Kategori tidak dikenal."))
    for name, kind in (
        ("conflict_source", IncidentCode.Kind.CONFLICT_SOURCE),
        ("snpk_type", IncidentCode.Kind.SNPK_TYPE),
        ("acled_event_type", IncidentCode.Kind.ACLED_EVENT),
    ):
        code = getattr(data, name)
        if code is not None and code.kind != kind:
            add(name, _("Kode tidak dikenal untuk isian ini."))
    for name in Incident.IMPACT_FIELDS:
        value = getattr(data, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            add(name, _("Jumlah dampak harus bilangan bulat 0 atau lebih."))
    if (data.latitude is None) != (data.longitude is None):
        add("latitude", _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
    elif (
        data.latitude is not None
        and data.longitude is not None
        and not location.in_indonesia(float(data.latitude), float(data.longitude))
    ):
        add("latitude", _("Koordinat berada di luar wilayah Indonesia."))
    if data.handling_stage and data.handling_stage not in Incident.HandlingStage.values:
        add("handling_stage", _("Tahap penanganan tidak dikenal."))
    if data.date_precision not in Incident.DatePrecision.values:
        add("date_precision", _("Ketepatan tanggal tidak dikenal."))
    if data.geo_precision not in Incident.GeoPrecision.values:
        add("geo_precision", _("Ketepatan lokasi tidak dikenal."))
    if data.classification not in Incident.Classification.values:
        add("classification", _("Klasifikasi tidak dikenal."))
    if data.conflict_status is not None and not _status_covers(data.conflict_status, data.region):
        add("conflict_status", _("Status keadaan konflik ini tidak berlaku untuk wilayah kejadian."))
    if data.contest is not None and not data.region.code.startswith(data.contest.region.code):
        add("contest", _("Pemilihan daerah ini bukan untuk wilayah kejadian."))
    if data.election_stage is not None:
        if data.contest is None:
            add("election_stage", _("Pilih pemilihan daerah sebelum tahapannya."))
        elif data.election_stage.election_id != data.contest.election_id:
            add("election_stage", _("Tahapan ini bukan milik pemilihan yang dipilih."))
    return errors


def _status_covers(status: ConflictStatus, region: Region) -> bool:
    if status.scale == ConflictStatus.Scale.NATIONAL or status.region is None:
        return True
    return region.code == status.region.code or region.code.startswith(status.region.code + ".")


def _check_can_write(user: Any, region: Region) -> None:
    if not access.can_write_incident(user, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat peristiwa di wilayah ini."))


def _apply(incident: Incident, data: IncidentInput, located: Located) -> None:
    for f in fields(IncidentInput):
        if f.name in ("external_source", "external_id") and not getattr(data, f.name):
            continue
        setattr(incident, f.name, getattr(data, f.name))
    if incident.reported_on is None:
        incident.reported_on = incident.occurred_on
    incident.point_kabkota = located.point_kabkota
    incident.set_scope_keys(data.region)
    incident.title = incident.title.strip()


# --- incidents ---------------------------------------------------------------------------------


@transaction.atomic
def incident_create(
    *,
    actor: Any,
    data: IncidentInput,
    sources: list[SourceInput] | None = None,
    actors: list[ActorInput] | None = None,
    allow_location_mismatch: bool = False,
    now: datetime | None = None,
) -> Incident:
    """Register one incident (status draft) with its sources and actors."""
    _check_can_write(actor, data.region)
    _refuse(validate(data, now=now))
    located = locate(data)
    if located.mismatch and not allow_location_mismatch:
        raise IncidentRefused({"latitude": located.messages}, code="location_mismatch")
    source_errors = _validate_sources(sources or [])
    _refuse(source_errors)
    incident = Incident(created_by=actor if _is_user(actor) else None, updated_by=actor if _is_user(actor) else None)
    _apply(incident, data, located)
    incident.full_clean(validate_unique=True)
    incident.save()
    for source in sources or []:
        _source_save(incident, source)
    for item in actors or []:
        IncidentActor.objects.create(incident=incident, name=item.name.strip(), actor_type=item.actor_type)
    audit.record(
        actor=actor,
        action="incident.created",
        obj=incident,
        region=incident.region,
        after=audit.snapshot(incident, AUDITED_FIELDS),
    )
    rollup.refresh_on_commit([rollup.key_of(incident)])
    return incident


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _lock(incident: Incident, expected_version: int | None) -> Incident:
    current = (
        Incident.objects.select_for_update(of=("self",)).select_related("region", "updated_by").get(pk=incident.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleIncident(current)
    if current.deleted_at is not None:
        raise IncidentRefused(_("Peristiwa ini sudah dihapus."), code="deleted")
    return current


@transaction.atomic
def incident_update(
    *,
    actor: Any,
    incident: Incident,
    data: IncidentInput,
    expected_version: int | None,
    allow_location_mismatch: bool = False,
    now: datetime | None = None,
) -> Incident:
    """Change an incident's fields (optimistic lock on ``expected_version``)."""
    _check_can_write(actor, incident.region)
    _check_can_write(actor, data.region)
    current = _lock(incident, expected_version)
    if current.merged_into_id is not None:
        raise IncidentRefused(_("Peristiwa ini sudah digabung ke peristiwa lain; ubah peristiwa tujuannya."))
    _refuse(validate(data, now=now))
    located = locate(data)
    if located.mismatch and not allow_location_mismatch:
        raise IncidentRefused({"latitude": located.messages}, code="location_mismatch")
    before = audit.snapshot(current, AUDITED_FIELDS)
    old_key = rollup.key_of(current)
    _apply(current, data, located)
    current.version += 1
    current.updated_by = actor if _is_user(actor) else None
    current.full_clean(validate_unique=True)
    current.save()
    audit.record(
        actor=actor,
        action="incident.updated",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, AUDITED_FIELDS),
    )
    rollup.refresh_on_commit([old_key, rollup.key_of(current)])
    return current


STATUS_ACTIONS: dict[str, str] = {
    Incident.Status.VERIFIED: "incident.verified",
    Incident.Status.CLOSED: "incident.closed",
    Incident.Status.DRAFT: "incident.reopened",
}


@transaction.atomic
def incident_set_status(
    *, actor: Any, incident: Incident, status: str, expected_version: int | None = None
) -> Incident:
    """draft → verified → closed (and back to draft to correct): verifikator or analis."""
    if not access.can_verify_incident(actor, incident.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang memverifikasi peristiwa ini."))
    current = _lock(incident, expected_version)
    if status not in STATUS_ACTIONS:
        raise IncidentRefused(_("Status tidak dikenal."))
    if current.status == status:
        raise IncidentRefused(_("Peristiwa sudah berstatus %(status)s.") % {"status": current.get_status_display()})
    if status == Incident.Status.CLOSED and current.status != Incident.Status.VERIFIED:
        raise IncidentRefused(_("Hanya peristiwa terverifikasi yang dapat ditutup."))
    before = audit.snapshot(current, ["status", "version"])
    current.status = status
    current.version += 1
    current.updated_by = actor if _is_user(actor) else None
    current.save(update_fields=["status", "version", "updated_by", "updated_at", "week_start"])
    audit.record(
        actor=actor,
        action=STATUS_ACTIONS[status],
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, ["status", "version"]),
    )
    return current


@transaction.atomic
def incident_delete(*, actor: Any, incident: Incident, reason: str, expected_version: int | None = None) -> Incident:
    """Soft delete with a reason; the row stays (and appears in the deletion feed)."""
    if not access.can_verify_incident(actor, incident.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang menghapus peristiwa ini."))
    if not reason.strip():
        raise IncidentRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    current = _lock(incident, expected_version)
    old_key = rollup.key_of(current)
    current.deleted_at = timezone.now()
    current.deleted_reason = reason.strip()
    current.version += 1
    current.updated_by = actor if _is_user(actor) else None
    current.save()
    audit.record(
        actor=actor,
        action="incident.deleted",
        obj=current,
        region=current.region,
        after={"deleted_reason": current.deleted_reason},
    )
    rollup.refresh_on_commit([old_key])
    return current


@transaction.atomic
def incident_merge(*, actor: Any, survivor: Incident, duplicate: Incident, reason: str = "") -> Incident:
    """Merge ``duplicate`` into ``survivor``: every source moves to the survivor (marked where it
    came from), the duplicate keeps its row with ``merged_into`` set, nothing is deleted.
    Incidents merged earlier into the duplicate are re-pointed to the survivor."""
    for item in (survivor, duplicate):
        if not access.can_verify_incident(actor, item.region):
            raise PermissionDenied(_("Peran Anda tidak berwenang menggabungkan peristiwa ini."))
    if survivor.pk == duplicate.pk:
        raise IncidentRefused(_("Peristiwa tidak dapat digabung dengan dirinya sendiri."))
    first, second = sorted([survivor.pk, duplicate.pk])
    locked = {
        i.pk: i for i in Incident.objects.select_for_update().select_related("region").filter(pk__in=[first, second])
    }
    keep, gone = locked[survivor.pk], locked[duplicate.pk]
    for item in (keep, gone):
        if item.deleted_at is not None:
            raise IncidentRefused(_("Peristiwa yang sudah dihapus tidak dapat digabung."))
        if item.merged_into_id is not None:
            raise IncidentRefused(_("Peristiwa %(title)s sudah digabung ke peristiwa lain.") % {"title": item.title})
    old_key = rollup.key_of(gone)
    moved = list(gone.sources.all())
    for source in moved:
        source.incident = keep
        source.moved_from = gone
        source.save(update_fields=["incident", "moved_from"])
    Incident.objects.filter(merged_into=gone).update(merged_into=keep)
    now = timezone.now()
    gone.merged_into = keep
    gone.merged_at = now
    gone.version += 1
    gone.updated_by = actor if _is_user(actor) else None
    gone.save()
    keep.version += 1
    keep.updated_by = actor if _is_user(actor) else None
    keep.save()
    details = {
        "survivor": str(keep.public_id),
        "merged": str(gone.public_id),
        "sources_moved": len(moved),
        "reason": reason.strip(),
    }
    audit.record(actor=actor, action="incident.merged_into", obj=gone, region=gone.region, after=details)
    audit.record(actor=actor, action="incident.merged", obj=keep, region=keep.region, after=details)
    rollup.refresh_on_commit([old_key, rollup.key_of(keep)])
    return keep


# --- sources, actors, handling ----------------------------------------------------------------


def _validate_sources(sources: list[SourceInput]) -> dict[str, list[str]]:
    errors: list[str] = []
    for number, source in enumerate(sources, start=1):
        if source.kind not in IncidentSource.Kind.values:
            errors.append(_("Sumber %(n)d: jenis sumber tidak dikenal.") % {"n": number})
        if not source.name.strip():
            errors.append(_("Sumber %(n)d: nama sumber wajib diisi.") % {"n": number})
        if source.scale not in IncidentSource.Scale.values:
            errors.append(_("Sumber %(n)d: skala tidak dikenal.") % {"n": number})
        if source.published_on and source.published_on > timezone.now().date() + timedelta(days=1):
            errors.append(_("Sumber %(n)d: tanggal tidak boleh di masa depan.") % {"n": number})
    return {"sources": errors} if errors else {}


def _source_save(incident: Incident, data: SourceInput) -> IncidentSource:
    source = IncidentSource(
        incident=incident,
        kind=data.kind,
        name=data.name.strip(),
        url=data.url.strip(),
        published_on=data.published_on,
        scale=data.scale,
    )
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def source_add(*, actor: Any, incident: Incident, data: SourceInput) -> IncidentSource:
    _check_can_write(actor, incident.region)
    _refuse(_validate_sources([data]))
    source = _source_save(incident, data)
    audit.record(
        actor=actor,
        action="incident.source_added",
        obj=incident,
        region=incident.region,
        after={"kind": source.kind, "name": source.name, "url": source.url},
    )
    return source


@transaction.atomic
def actor_add(*, actor: Any, incident: Incident, data: ActorInput) -> IncidentActor:
    _check_can_write(actor, incident.region)
    if not data.name.strip():
        raise IncidentRefused({"name": [_("Nama aktor wajib diisi.")]})
    if data.actor_type.kind != IncidentCode.Kind.ACTOR_TYPE:
        raise IncidentRefused({"actor_type": [_("Jenis aktor tidak dikenal.")]})
    item = IncidentActor.objects.create(incident=incident, name=data.name.strip(), actor_type=data.actor_type)
    audit.record(
        actor=actor,
        action="incident.actor_added",
        obj=incident,
        region=incident.region,
        after={"name": item.name, "actor_type": data.actor_type.code},
    )
    return item


@transaction.atomic
def handling_action_add(
    *, actor: Any, incident: Incident, stage: str, acted_on: date, description: str
) -> HandlingAction:
    """Log one handling step; the incident's handling stage follows the latest step."""
    _check_can_write(actor, incident.region)
    errors: dict[str, list[str]] = {}
    if stage not in Incident.HandlingStage.values:
        errors["stage"] = [_("Tahap penanganan tidak dikenal.")]
    if acted_on > _today_in(incident.region):
        errors["acted_on"] = [_("Tanggal tindakan tidak boleh di masa depan.")]
    if not description.strip():
        errors["description"] = [_("Uraian tindakan wajib diisi.")]
    _refuse(errors)
    action = HandlingAction.objects.create(
        incident=incident,
        stage=stage,
        acted_on=acted_on,
        description=description.strip(),
        recorded_by=actor if _is_user(actor) else None,
    )
    if incident.handling_stage != stage:
        Incident.objects.filter(pk=incident.pk).update(handling_stage=stage)
        incident.handling_stage = stage
    audit.record(
        actor=actor,
        action="incident.handling_added",
        obj=incident,
        region=incident.region,
        after={"stage": stage, "acted_on": acted_on.isoformat(), "description": action.description},
    )
    return action


# --- Status Keadaan Konflik ------------------------------------------------------------------


@transaction.atomic
def conflict_status_declare(
    *,
    actor: Any,
    scale: str,
    region: Region | None,
    starts_on: date,
    ends_on: date,
    decree_number: str = "",
    note: str = "",
) -> ConflictStatus:
    """Record a declared Status Keadaan Konflik (at most 90 days, UU 7/2012)."""
    errors: dict[str, list[str]] = {}
    expected_level: dict[str, tuple[str, ...]] = {
        ConflictStatus.Scale.KABKOTA: ("kabupaten", "kota"),
        ConflictStatus.Scale.PROVINCE: ("provinsi",),
    }
    if scale not in ConflictStatus.Scale.values:
        errors["scale"] = [_("Skala tidak dikenal.")]
    elif scale == ConflictStatus.Scale.NATIONAL:
        if region is not None:
            errors["region"] = [_("Status skala nasional tidak memilih wilayah.")]
        elif not access.is_national(actor) or not access.can_write(actor):
            raise PermissionDenied(_("Hanya pengguna nasional yang mencatat status skala nasional."))
    elif region is None or region.level not in expected_level[scale]:
        errors["region"] = [_("Wilayah harus sesuai skala status.")]
    if region is not None and not access.can_write_incident(actor, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat status di wilayah ini."))
    if ends_on < starts_on:
        errors["ends_on"] = [_("Tanggal berakhir tidak boleh sebelum tanggal mulai.")]
    elif (ends_on - starts_on).days + 1 > ConflictStatus.MAX_DAYS:
        errors["ends_on"] = [_("Status keadaan konflik berlaku paling lama 90 hari.")]
    _refuse(errors)
    status = ConflictStatus(
        scale=scale,
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        decree_number=decree_number.strip(),
        note=note.strip(),
    )
    status.set_scope_keys(region)
    status.full_clean()
    status.save()
    audit.record(
        actor=actor,
        action="conflict_status.declared",
        obj=status,
        region=region,
        after=audit.snapshot(status, ["scale", "region", "starts_on", "ends_on", "decree_number"]),
    )
    return status
