"""Writes for the monitoring of foreigners. Every function: keyword arguments, one transaction, the
access rule checked here, an audit event, nothing half-done.

Refusals raise ``ForeignerRefused`` (a ValidationError by field) with an Indonesian message; a
stale ``expected_version`` raises ``StaleForeignerRecord``; permission problems raise
``PermissionDenied`` (403; the caller found the object in scope first).

Audit snapshots never hold personal data in full: passport number, address and date of birth
appear masked (``_snapshot``), and a reveal records who, which field, whose, and why — not the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.core.locking import StaleRecord, lock_current
from waspada.foreigners import crypto, detection, recap_cells
from waspada.foreigners.identity import nationality_error, normalise_nationality, passport_error
from waspada.foreigners.models import (
    PII_FIELDS,
    ActivityObservation,
    ForeignNational,
    ForeignOrganisation,
    Permit,
    Purpose,
    VisitRequest,
)
from waspada.regions import access
from waspada.regions.models import Region

Errors = dict[str, list[str]]


class ForeignerRefused(ValidationError):
    """A write about foreigners that is not allowed or not valid; nothing was changed."""


class StaleForeignerRecord(StaleRecord, ForeignerRefused):
    """Another user saved this record after it was opened (409 in the API)."""


class DuplicateForeigner(ForeignerRefused):
    """The same passport + nationality was saved by someone else between the duplicate check and
    the insert (the unique constraint caught it; 409 in the API)."""


def _save_unique(person: ForeignNational) -> None:
    """Save inside a savepoint: a concurrent duplicate refuses cleanly instead of breaking the
    transaction (the check in ``foreigner_errors`` cannot see a row committed after it ran)."""
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise DuplicateForeigner(
            {"passport_number": [_("Orang asing dengan nomor paspor dan kewarganegaraan ini sudah tercatat.")]},
            code="exists",
        ) from None


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _refuse(errors: Errors) -> None:
    if errors:
        raise ForeignerRefused(errors)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(model: Any, obj: Any, expected_version: int | None) -> Any:
    gone = ForeignerRefused(_("Data ini sudah dihapus."), code="deleted")
    return lock_current(model, obj, expected_version, stale=StaleForeignerRecord, deleted=gone)


def _check_write(actor: Any, region: Region | None) -> None:
    if not access.can_write_foreigners(actor, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat data orang asing di wilayah ini."))


def _recount(*province_ids: int | None) -> None:
    """Recount the recap cells of these provinces after a write (old and new province)."""
    recap_cells.refresh_provinces(province_ids)


def _recap_keys(person: ForeignNational) -> tuple[Any, ...]:
    """What the recap cells count a person by (the province first)."""
    return (person.province_id, person.kabkota_id, person.is_present, person.nationality, person.purpose)


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """Before/after for the audit trail, personal data masked."""
    plain = [f for f in fields if f not in PII_FIELDS]
    data = audit.snapshot(obj, plain)
    if isinstance(obj, ForeignNational):
        masked = obj.masked()
        for name in PII_FIELDS:
            if name in fields:
                data[name] = masked[name]
    return data


# --- foreign nationals ----------------------------------------------------------------------------


@dataclass
class ForeignerInput:
    name: str
    nationality: str
    sex: str
    passport_number: str
    purpose: str
    region: Region | None
    birth_date: date | None = None
    sponsor: str = ""
    address: str = ""
    is_present: bool = True


FOREIGNER_FIELDS = [
    "name",
    "nationality",
    "sex",
    "birth_date",
    "passport_number",
    "purpose",
    "sponsor",
    "region",
    "address",
    "is_present",
    "version",
]


def foreigner_errors(
    data: ForeignerInput, *, exclude_pk: int | None = None, today: date | None = None, check_duplicate: bool = True
) -> Errors:
    """Every problem with a foreigner's data (empty when it may be saved). Also used by imports."""
    today = today or timezone.localdate()
    errors: Errors = {}
    if not data.name.strip():
        _add(errors, "name", _("Nama wajib diisi."))
    problem = nationality_error(data.nationality)
    if problem:
        _add(errors, "nationality", problem)
    if data.sex not in ForeignNational.Sex.values:
        _add(errors, "sex", _("Jenis kelamin harus L (laki-laki) atau P (perempuan)."))
    problem = passport_error(data.passport_number, data.nationality)
    if problem:
        _add(errors, "passport_number", problem)
    if data.purpose not in Purpose.values:
        _add(errors, "purpose", _("Tujuan tidak dikenal: pilih salah satu dari daftar."))
    if data.region is None:
        _add(errors, "region", _("Lokasi (wilayah) wajib diisi."))
    if data.birth_date is not None and (data.birth_date > today or data.birth_date.year < 1900):
        _add(errors, "birth_date", _("Tanggal lahir tidak masuk akal (di masa depan atau sebelum 1900)."))
    if check_duplicate and "passport_number" not in errors and "nationality" not in errors:
        duplicate = ForeignNational.objects.alive().with_passport(data.passport_number)
        duplicate = duplicate.filter(nationality=normalise_nationality(data.nationality))
        if exclude_pk is not None:
            duplicate = duplicate.exclude(pk=exclude_pk)
        if duplicate.exists():
            _add(
                errors,
                "passport_number",
                _("Orang asing dengan nomor paspor dan kewarganegaraan ini sudah tercatat."),
            )
    return errors


def apply_foreigner(obj: ForeignNational, data: ForeignerInput) -> None:
    obj.name = " ".join(data.name.split())
    obj.nationality = normalise_nationality(data.nationality)
    obj.sex = data.sex
    obj.birth_date = data.birth_date
    obj.set_passport(data.passport_number)
    obj.purpose = data.purpose
    obj.sponsor = data.sponsor.strip()
    obj.region = data.region  # type: ignore[assignment]
    obj.address = data.address.strip()
    obj.is_present = data.is_present
    obj.set_scope_keys(data.region)


@transaction.atomic
def foreigner_create(*, actor: Any, data: ForeignerInput) -> ForeignNational:
    _check_write(actor, data.region)
    _refuse(foreigner_errors(data))
    person = ForeignNational(created_by=_user(actor))
    apply_foreigner(person, data)
    # Constraints are left to the insert (``_save_unique``): the duplicate check is ``foreigner_errors``.
    person.full_clean(exclude=["created_by", "province", "kabkota"], validate_constraints=False)
    _save_unique(person)
    _recount(person.province_id)
    audit.record(
        actor=actor,
        action="foreigner.created",
        obj=person,
        region=person.region,
        after=_snapshot(person, FOREIGNER_FIELDS),
    )
    return person


@transaction.atomic
def foreigner_update(
    *, actor: Any, foreigner: ForeignNational, data: ForeignerInput, expected_version: int | None
) -> ForeignNational:
    _check_write(actor, foreigner.region)
    _check_write(actor, data.region)
    current = _lock(ForeignNational, foreigner, expected_version)
    _refuse(foreigner_errors(data, exclude_pk=current.pk))
    before = _snapshot(current, FOREIGNER_FIELDS)
    counted_before = _recap_keys(current)
    apply_foreigner(current, data)
    current.version += 1
    current.full_clean(exclude=["created_by", "province", "kabkota"], validate_constraints=False)
    _save_unique(current)
    if _recap_keys(current) != counted_before:
        _recount(counted_before[0], current.province_id)
    audit.record(
        actor=actor,
        action="foreigner.updated",
        obj=current,
        region=current.region,
        before=before,
        after=_snapshot(current, FOREIGNER_FIELDS),
    )
    return current


@transaction.atomic
def foreigner_delete(
    *, actor: Any, foreigner: ForeignNational, reason: str, expected_version: int | None
) -> ForeignNational:
    """Soft delete with a reason (the record stays for the audit trail)."""
    _check_write(actor, foreigner.region)
    current = _lock(ForeignNational, foreigner, expected_version)
    if not reason.strip():
        raise ForeignerRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    current.mark_deleted(reason)
    _recount(current.province_id)
    audit.record(
        actor=actor, action="foreigner.deleted", obj=current, region=current.region, after={"reason": reason.strip()}
    )
    return current


REVEALABLE = {
    "passport_number": _("nomor paspor"),
    "address": _("alamat"),
    "birth_date": _("tanggal lahir"),
}


@transaction.atomic
def foreigner_reveal(*, actor: Any, foreigner: ForeignNational, field: str, reason: str) -> str:
    """The full value of one personal-data field, for a permitted user who gives a reason.

    Writes an audit event naming who, which field, whose, and the reason — never the value."""
    if not access.can_reveal_pii(actor, foreigner.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang membuka data pribadi orang asing."))
    errors: Errors = {}
    if field not in REVEALABLE:
        _add(errors, "field", _("Data yang diminta tidak dikenal."))
    if len(reason.strip()) < 10:
        _add(errors, "reason", _("Tuliskan alasan membuka data ini (sedikitnya 10 karakter)."))
    _refuse(errors)
    audit.record(
        actor=actor,
        action="foreigner.pii_revealed",
        obj=foreigner,
        region=foreigner.region,
        after={"field": field, "reason": reason.strip()},
    )
    value = getattr(foreigner, field)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value or "")


# --- permits ---------------------------------------------------------------------------------------


@dataclass
class PermitInput:
    kind: str
    number: str
    valid_from: date | None
    valid_until: date | None
    permitted_region: Region | None = None


PERMIT_FIELDS = ["kind", "number", "valid_from", "valid_until", "permitted_region", "version"]


def permit_errors(data: PermitInput) -> Errors:
    errors: Errors = {}
    if data.kind not in Permit.Kind.values:
        _add(errors, "kind", _("Jenis izin tidak dikenal: pilih KITAS, KITAP atau jenis visa dari daftar."))
    if not data.number.strip():
        _add(errors, "number", _("Nomor izin wajib diisi."))
    if data.valid_from is None:
        _add(errors, "valid_from", _("Tanggal mulai berlaku wajib diisi."))
    if data.valid_until is None:
        _add(errors, "valid_until", _("Tanggal akhir berlaku wajib diisi."))
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        _add(errors, "valid_until", _("Masa berlaku izin tidak boleh berakhir sebelum dimulai."))
    return errors


def _lock_person(person_pk: int) -> ForeignNational:
    """The person's row, locked until the transaction ends, read fresh: permit writes on one person
    take turns, so the stored permit end (the latest live permit) and the recount of the person's
    *current* province see each other's work — a move to another province or a second permit
    written meanwhile is not lost."""
    return ForeignNational.objects.select_for_update().select_related("region").get(pk=person_pk)


def _after_permit_write(person: ForeignNational) -> None:
    person.refresh_permit_until()
    _recount(person.province_id)


@transaction.atomic
def permit_create(*, actor: Any, foreigner: ForeignNational, data: PermitInput) -> Permit:
    foreigner = _lock_person(foreigner.pk)
    _check_write(actor, foreigner.region)
    if data.permitted_region is not None:
        _check_write(actor, data.permitted_region)
    _refuse(permit_errors(data))
    permit = Permit(  # type: ignore[misc]  # dates checked by permit_errors
        foreigner=foreigner,
        kind=data.kind,
        number=data.number.strip(),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        permitted_region=data.permitted_region,
    )
    permit.full_clean()
    permit.save()
    _after_permit_write(foreigner)
    audit.record(
        actor=actor,
        action="permit.created",
        obj=permit,
        region=foreigner.region,
        after=audit.snapshot(permit, PERMIT_FIELDS),
    )
    return permit


@transaction.atomic
def permit_update(*, actor: Any, permit: Permit, data: PermitInput, expected_version: int | None) -> Permit:
    person = _lock_person(permit.foreigner_id)
    _check_write(actor, person.region)
    current = _lock(Permit, permit, expected_version)
    _refuse(permit_errors(data))
    before = audit.snapshot(current, PERMIT_FIELDS)
    current.kind = data.kind
    current.number = data.number.strip()
    current.valid_from = data.valid_from
    current.valid_until = data.valid_until
    current.permitted_region = data.permitted_region
    current.version += 1
    current.full_clean()
    current.save()
    _after_permit_write(person)
    audit.record(
        actor=actor,
        action="permit.updated",
        obj=current,
        region=person.region,
        before=before,
        after=audit.snapshot(current, PERMIT_FIELDS),
    )
    return current


@transaction.atomic
def permit_delete(*, actor: Any, permit: Permit, reason: str, expected_version: int | None) -> Permit:
    """Soft delete of a permit recorded by mistake; the person's stored permit end (``permit_until``,
    behind the permit status) and the recap cells follow."""
    person = _lock_person(permit.foreigner_id)
    _check_write(actor, person.region)
    current = _lock(Permit, permit, expected_version)
    if not reason.strip():
        raise ForeignerRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    before = audit.snapshot(current, PERMIT_FIELDS)
    current.mark_deleted(reason)
    _after_permit_write(person)
    audit.record(
        actor=actor,
        action="permit.deleted",
        obj=current,
        region=person.region,
        before=before,
        after={"reason": current.deleted_reason},
    )
    return current


# --- activity observations ------------------------------------------------------------------------


@dataclass
class ActivityInput:
    observed_on: date | None
    description: str
    region: Region | None
    source: str
    activity_purpose: str = ""
    place: str = ""
    assessment: str = ActivityObservation.Assessment.CONSISTENT
    assessment_note: str = ""


ACTIVITY_FIELDS = [
    "observed_on",
    "description",
    "activity_purpose",
    "region",
    "place",
    "source",
    "assessment",
    "assessment_note",
]


@transaction.atomic
def activity_create(*, actor: Any, foreigner: ForeignNational, data: ActivityInput) -> ActivityObservation:
    """An observed activity. It may be anywhere (that is what the out-of-area detection looks for);
    the writer needs the right to write about the foreigner, not about the place."""
    _check_write(actor, foreigner.region)
    errors: Errors = {}
    if data.observed_on is None:
        _add(errors, "observed_on", _("Tanggal kegiatan wajib diisi."))
    elif data.observed_on > timezone.localdate():
        _add(errors, "observed_on", _("Tanggal kegiatan tidak boleh di masa depan."))
    if not data.description.strip():
        _add(errors, "description", _("Uraian kegiatan wajib diisi."))
    if data.region is None:
        _add(errors, "region", _("Lokasi kegiatan wajib diisi."))
    if data.source not in ActivityObservation.Source.values:
        _add(errors, "source", _("Sumber tidak dikenal: pilih salah satu dari daftar."))
    if data.activity_purpose and data.activity_purpose not in Purpose.values:
        _add(errors, "activity_purpose", _("Sifat kegiatan tidak dikenal."))
    if data.assessment not in ActivityObservation.Assessment.values:
        _add(errors, "assessment", _("Penilaian tidak dikenal."))
    _refuse(errors)
    activity = ActivityObservation(  # type: ignore[misc]  # the date was checked above
        foreigner=foreigner,
        observed_on=data.observed_on,
        description=data.description.strip(),
        activity_purpose=data.activity_purpose,
        region=data.region,
        place=data.place.strip(),
        source=data.source,
        assessment=data.assessment,
        assessment_note=data.assessment_note.strip(),
        created_by=_user(actor),
    )
    activity.full_clean(exclude=["created_by"])
    activity.save()
    audit.record(
        actor=actor,
        action="activity.created",
        obj=activity,
        region=foreigner.region,
        after=audit.snapshot(activity, ACTIVITY_FIELDS),
    )
    return activity


# --- foreign organisations (ormas asing) -----------------------------------------------------------


@dataclass
class OrganisationInput:
    name: str
    country: str
    region: Region | None
    field_of_activity: str = ""
    recommendation_number: str = ""
    recommendation_date: date | None = None
    ministry_partner: str = ""
    mou_number: str = ""
    mou_valid_until: date | None = None
    note: str = ""


ORGANISATION_FIELDS = [
    "name",
    "country",
    "region",
    "field_of_activity",
    "recommendation_number",
    "recommendation_date",
    "ministry_partner",
    "mou_number",
    "mou_valid_until",
    "note",
    "version",
]


def _organisation_errors(data: OrganisationInput) -> Errors:
    errors: Errors = {}
    if not data.name.strip():
        _add(errors, "name", _("Nama ormas asing wajib diisi."))
    problem = nationality_error(data.country)
    if problem:
        _add(errors, "country", problem)
    if data.region is None:
        _add(errors, "region", _("Wilayah kegiatan wajib diisi."))
    if data.mou_number.strip() and not data.ministry_partner.strip():
        _add(errors, "ministry_partner", _("MoU harus menyebut kementerian mitranya."))
    if data.recommendation_date and data.recommendation_date > timezone.localdate():
        _add(errors, "recommendation_date", _("Tanggal rekomendasi tidak boleh di masa depan."))
    return errors


def _apply_organisation(obj: ForeignOrganisation, data: OrganisationInput) -> None:
    obj.name = " ".join(data.name.split())
    obj.country = normalise_nationality(data.country)
    obj.region = data.region  # type: ignore[assignment]
    obj.field_of_activity = data.field_of_activity.strip()
    obj.recommendation_number = data.recommendation_number.strip()
    obj.recommendation_date = data.recommendation_date
    obj.ministry_partner = data.ministry_partner.strip()
    obj.mou_number = data.mou_number.strip()
    obj.mou_valid_until = data.mou_valid_until
    obj.note = data.note.strip()
    obj.set_scope_keys(data.region)


@transaction.atomic
def organisation_create(*, actor: Any, data: OrganisationInput) -> ForeignOrganisation:
    _check_write(actor, data.region)
    _refuse(_organisation_errors(data))
    org = ForeignOrganisation(created_by=_user(actor))
    _apply_organisation(org, data)
    org.full_clean(exclude=["created_by", "province", "kabkota"])
    org.save()
    audit.record(
        actor=actor,
        action="organisation.created",
        obj=org,
        region=org.region,
        after=audit.snapshot(org, ORGANISATION_FIELDS),
    )
    return org


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: ForeignOrganisation, data: OrganisationInput, expected_version: int | None
) -> ForeignOrganisation:
    _check_write(actor, organisation.region)
    _check_write(actor, data.region)
    current = _lock(ForeignOrganisation, organisation, expected_version)
    _refuse(_organisation_errors(data))
    before = audit.snapshot(current, ORGANISATION_FIELDS)
    _apply_organisation(current, data)
    current.version += 1
    current.full_clean(exclude=["created_by", "province", "kabkota"])
    current.save()
    audit.record(
        actor=actor,
        action="organisation.updated",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, ORGANISATION_FIELDS),
    )
    return current


# --- visit requests ---------------------------------------------------------------------------------


@dataclass
class VisitInput:
    visitor_name: str
    visitor_kind: str
    country: str
    region: Region | None
    purpose: str
    planned_from: date | None
    planned_until: date | None
    received_on: date | None


VISIT_FIELDS = [
    "visitor_name",
    "visitor_kind",
    "country",
    "region",
    "purpose",
    "planned_from",
    "planned_until",
    "received_on",
    "decision",
    "decision_reason",
    "decided_on",
    "version",
]


@transaction.atomic
def visit_create(*, actor: Any, data: VisitInput) -> VisitRequest:
    _check_write(actor, data.region)
    errors: Errors = {}
    if not data.visitor_name.strip():
        _add(errors, "visitor_name", _("Nama tamu atau delegasi wajib diisi."))
    if data.visitor_kind not in VisitRequest.VisitorKind.values:
        _add(errors, "visitor_kind", _("Jenis tamu tidak dikenal."))
    problem = nationality_error(data.country)
    if problem:
        _add(errors, "country", problem)
    if data.region is None:
        _add(errors, "region", _("Wilayah tujuan wajib diisi."))
    if not data.purpose.strip():
        _add(errors, "purpose", _("Maksud kunjungan wajib diisi."))
    for name, value in (
        ("planned_from", data.planned_from),
        ("planned_until", data.planned_until),
        ("received_on", data.received_on),
    ):
        if value is None:
            _add(errors, name, _("Tanggal wajib diisi."))
    if data.planned_from and data.planned_until and data.planned_until < data.planned_from:
        _add(errors, "planned_until", _("Kunjungan tidak boleh berakhir sebelum dimulai."))
    _refuse(errors)
    visit = VisitRequest(  # type: ignore[misc]  # the dates were checked above
        visitor_name=" ".join(data.visitor_name.split()),
        visitor_kind=data.visitor_kind,
        country=normalise_nationality(data.country),
        region=data.region,
        purpose=data.purpose.strip(),
        planned_from=data.planned_from,
        planned_until=data.planned_until,
        received_on=data.received_on,
        created_by=_user(actor),
    )
    visit.set_scope_keys(data.region)
    visit.full_clean(exclude=["created_by", "decided_by", "province", "kabkota"])
    visit.save()
    audit.record(
        actor=actor, action="visit.created", obj=visit, region=visit.region, after=audit.snapshot(visit, VISIT_FIELDS)
    )
    return visit


@transaction.atomic
def visit_decide(
    *, actor: Any, visit: VisitRequest, decision: str, reason: str, expected_version: int | None
) -> VisitRequest:
    """Approve, postpone or refuse (Permendagri 49/2010); postponing and refusing need a reason."""
    _check_write(actor, visit.region)
    current = _lock(VisitRequest, visit, expected_version)
    errors: Errors = {}
    decisions = [d for d in VisitRequest.Decision.values if d != VisitRequest.Decision.PENDING]
    if decision not in decisions:
        _add(errors, "decision", _("Pilih keputusan: setuju, tunda atau tolak."))
    if decision in (VisitRequest.Decision.POSTPONED, VisitRequest.Decision.REFUSED) and not reason.strip():
        _add(errors, "reason", _("Keputusan menunda atau menolak wajib disertai alasan."))
    _refuse(errors)
    before = audit.snapshot(current, VISIT_FIELDS)
    current.decision = decision
    current.decision_reason = reason.strip()
    current.decided_on = timezone.localdate()
    current.decided_by = _user(actor)
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        action="visit.decided",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, VISIT_FIELDS),
    )
    return current


def rotate_all(*, batch_size: int = 500) -> int:
    """Re-encrypt every stored personal-data value under the current key and recompute the
    passport digests (``manage.py rotate_pii_keys``). Returns how many records were rewritten."""
    count = 0
    ids = list(ForeignNational.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for person in ForeignNational.objects.select_for_update().filter(pk__in=ids[start : start + batch_size]):
                # Reading decrypted with any configured key; saving encrypts with the first one.
                person.passport_digest = crypto.search_digest(person.passport_number)
                person.save(update_fields=["passport_number", "passport_digest", "address", "birth_date"])
                count += 1
    return count


# --- early detection ----------------------------------------------------------------------------

# Activities older than this are not looked at again (they were notified when they were recent).
ACTIVITY_LOOKBACK_DAYS = 90


def _people_facts(today: date) -> tuple[list[detection.PersonFacts], dict[str, ForeignNational]]:
    since = today - timedelta(days=ACTIVITY_LOOKBACK_DAYS)
    people = list(
        ForeignNational.objects.alive()
        .filter(is_present=True)
        .select_related("region", "kabkota", "province")
        .prefetch_related(
            Prefetch(
                "permits", queryset=Permit.objects.filter(deleted_at__isnull=True).select_related("permitted_region")
            ),
            Prefetch(
                "activities",
                queryset=ActivityObservation.objects.filter(
                    deleted_at__isnull=True, observed_on__gte=since
                ).select_related("region"),
            ),
        )
        .defer("passport_number", "address", "birth_date")
    )
    facts = [
        detection.PersonFacts(
            id=str(p.public_id),
            region_code=p.region.code,
            kabkota_code=p.kabkota.code if p.kabkota else None,
            purpose=p.purpose,
            is_present=p.is_present,
            permits=tuple(
                detection.PermitFacts(
                    m.valid_from, m.valid_until, m.permitted_region.code if m.permitted_region else None
                )
                for m in p.permits.all()
            ),
            activities=tuple(
                detection.ActivityFacts(str(a.public_id), a.observed_on, a.region.code, a.activity_purpose)
                for a in p.activities.all()
            ),
        )
        for p in people
    ]
    return facts, {str(p.public_id): p for p in people}


def region_officers(person: ForeignNational) -> list[Any]:
    """Who is told: the operators of the person's kabupaten/kota, else the province's verifikators."""
    from waspada.accounts.models import RoleAssignment
    from waspada.accounts.roles import Role

    if person.kabkota_id:
        qs = RoleAssignment.objects.active().filter(region_id=person.kabkota_id, role=Role.OPERATOR)
    elif person.province_id:
        qs = RoleAssignment.objects.active().filter(region_id=person.province_id, role=Role.VERIFIKATOR)
    else:
        return []
    return [a.user for a in qs.select_related("user") if a.user.is_active]


def _message(finding: detection.Finding, person: ForeignNational) -> tuple[str, str]:
    who = f"{person.name} ({person.nationality})"
    if finding.kind == "expiring":
        title = _("Izin tinggal %(who)s berakhir dalam %(days)s hari") % {"who": who, "days": finding.days_left}
        body = _("Izin tinggal terakhir berlaku sampai %(day)s; orang asing ini masih tercatat berada di wilayah.")
    elif finding.kind == "expired":
        title = _("Izin tinggal %(who)s sudah berakhir") % {"who": who}
        body = _("Izin tinggal terakhir berakhir %(day)s, tetapi orang asing ini masih tercatat berada di wilayah.")
    elif finding.kind == "outside_region":
        title = _("Kegiatan %(who)s di luar wilayah izin") % {"who": who}
        body = _("Kegiatan tanggal %(day)s teramati di luar wilayah yang diizinkan.")
    else:
        title = _("Kegiatan %(who)s di luar tujuan izin") % {"who": who}
        body = _("Kegiatan tanggal %(day)s tidak sesuai dengan tujuan kedatangan yang tercatat.")
    return title, body % {"day": finding.day.strftime("%d-%m-%Y")}


def _alert_text(finding: detection.Finding, person: ForeignNational) -> str:
    """An alert's title: no name, the nationality and the masked passport number only."""
    who = _("orang asing %(nationality)s, paspor %(passport)s") % {
        "nationality": person.nationality,
        "passport": person.passport_masked or "—",
    }
    day = finding.day.strftime("%d-%m-%Y")
    if finding.kind == "expiring":
        return _("Izin tinggal %(who)s berakhir %(day)s") % {"who": who, "day": day}
    if finding.kind == "expired":
        return _("Izin tinggal %(who)s sudah berakhir %(day)s, masih berada di wilayah") % {"who": who, "day": day}
    if finding.kind == "outside_region":
        return _("Kegiatan %(who)s di luar wilayah izin (%(day)s)") % {"who": who, "day": day}
    return _("Kegiatan %(who)s di luar tujuan izin (%(day)s)") % {"who": who, "day": day}


def _alert_evidence(finding: detection.Finding, person: ForeignNational) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "kind": "foreigner",
        "issue": finding.kind,
        "foreigner": str(person.public_id),
        "nationality": person.nationality,
        "passport": person.passport_masked,
        "purpose": person.purpose,
        "day": finding.day.isoformat(),
    }
    if finding.days_left is not None:
        evidence["days_left"] = finding.days_left
    if finding.activity_id is not None:
        evidence["activity"] = finding.activity_id
    if finding.region_code is not None:
        evidence["activity_region"] = finding.region_code
    return evidence


def _open_alert(finding: detection.Finding, person: ForeignNational, today: date) -> tuple[Any, bool]:
    """The alert of one finding through the alerts module (one per fact: ``source_key``)."""
    from waspada.alerts import services as alert_services

    year, week, _day = today.isocalendar()
    return alert_services.open_from_source(
        source_key=f"foreigner:{finding.key}",
        region=person.region,
        week_key=f"{year}-W{week:02d}",
        title=_alert_text(finding, person),
        evidence=_alert_evidence(finding, person),
        note=_("Dibuka oleh deteksi dini orang asing."),
        observed=float(finding.days_left) if finding.days_left is not None else None,
    )


def detect_issues(*, today: date | None = None, alerts: bool = True) -> list[detection.Finding]:
    """Run the detection rules, notify the region and open one alert per fact through the alerts
    module (both idempotent: one notification per fact per user, one alert per fact)."""
    from django.apps import apps
    from django.urls import reverse

    from waspada.core.notifications import notify

    today = today or timezone.localdate()
    facts, people = _people_facts(today)
    findings = detection.detect(facts, today)
    feed_alerts = alerts and apps.is_installed("waspada.alerts")
    opened: list[Any] = []
    for finding in findings:
        person = people[finding.person_id]
        title, body = _message(finding, person)
        with transaction.atomic():
            notify(
                users=region_officers(person),
                kind=f"foreigner.{finding.kind}",
                title=title,
                body=body,
                url=reverse("foreigners:detail", args=[person.public_id]),
                dedupe_key=f"foreigner:{finding.key}",
            )
            if feed_alerts:
                alert, created = _open_alert(finding, person, today)
                if created:
                    opened.append(alert)
    if opened:
        from waspada.alerts.services import notify_new_alerts

        year, week, _day = today.isocalendar()
        notify_new_alerts(opened, week_key=f"{year}-W{week:02d}", batch=f"foreigners:{opened[0].public_id}")
    return findings
