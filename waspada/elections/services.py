"""Writes for Pilkada monitoring. Every function: keyword arguments, one transaction, the access
rule checked here (views, API and imports stay thin), an audit event, nothing half-done.

Refusals raise ``ElectionRefused`` (a Django ValidationError, by field where there is one) with
an Indonesian message; a stale ``expected_version`` raises ``StaleElectionRecord``. Permission
problems raise ``PermissionDenied`` (403): the caller found the object in scope first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.core.locking import StaleRecord, lock_current
from waspada.core.timezones import to_local
from waspada.elections import calendar, contest_rules, nphd, rollup
from waspada.elections.models import (
    CandidatePair,
    CandidateStatusChange,
    Contest,
    Disbursement,
    Election,
    ElectionStage,
    GrantAgreement,
    HealthEvent,
    PlannedTranche,
    ProkesViolation,
)
from waspada.regions import access
from waspada.regions.models import Region

CONTEST_LEVELS = ("provinsi", "kabupaten", "kota")


class ElectionRefused(ValidationError):
    """A Pilkada write that is not allowed or not valid; nothing was changed."""


class StaleElectionRecord(StaleRecord, ElectionRefused):
    """Another user saved this record after it was opened (409 in the API)."""


Errors = dict[str, list[str]]


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _refuse(errors: Errors) -> None:
    if errors:
        raise ElectionRefused(errors)


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _lock(model: Any, obj: Any, expected_version: int | None) -> Any:
    return lock_current(model, obj, expected_version, stale=StaleElectionRecord)


def _check_write(actor: Any, region: Region, what: str) -> None:
    if not access.can_write_election_data(actor, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat %(what)s di wilayah ini.") % {"what": what})


def _check_contests_admin(actor: Any) -> None:
    if not access.can_import_incidents(actor):
        raise PermissionDenied(_("Hanya administrator atau analis nasional yang dapat mengatur pemilihan daerah."))


def election_stages(election: Election) -> list[calendar.Stage]:
    """The election's stage calendar as pure values (for ``calendar.stage_on`` and friends)."""
    return [
        calendar.Stage(s.code, s.name, s.starts_on, s.ends_on, s.order, s.is_campaign)
        for s in ElectionStage.objects.filter(election=election).order_by("order", "starts_on")
    ]


# --- elections: moving the voting date ----------------------------------------------------------


@transaction.atomic
def election_move_voting_date(
    *,
    actor: Any,
    election: Election,
    new_voting_date: date,
    from_day: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> list[calendar.StageShift]:
    """Move the vote and every stage with it (see ``calendar.shift_stages``); NPHD deadlines follow
    because they are computed from the voting date. Admin only; one audit event with all dates."""
    if not access.is_admin(actor):
        raise PermissionDenied(_("Hanya administrator nasional yang dapat memindahkan hari pemungutan suara."))
    current = _lock(Election, election, expected_version)
    if new_voting_date == current.voting_date:
        raise ElectionRefused({"voting_date": [_("Tanggal baru sama dengan hari pemungutan suara sekarang.")]})
    if not reason.strip():
        raise ElectionRefused({"reason": [_("Sebutkan dasar pemindahan (mis. Perppu 2/2020).")]})
    stages = list(ElectionStage.objects.select_for_update().filter(election=current))
    pure = [calendar.Stage(s.code, s.name, s.starts_on, s.ends_on, s.order, s.is_campaign) for s in stages]
    shifts = calendar.shift_stages(pure, current.voting_date, new_voting_date, from_day=from_day)
    by_code = {sh.code: sh for sh in shifts}
    for s in stages:
        sh = by_code[s.code]
        s.starts_on, s.ends_on = sh.new_starts_on, sh.new_ends_on
    ElectionStage.objects.bulk_update(stages, ["starts_on", "ends_on"])
    before = {"voting_date": str(current.voting_date)}
    current.voting_date = new_voting_date
    current.version += 1
    current.save(update_fields=["voting_date", "version", "updated_at"])
    rollup.rebuild(current)  # the 10-day periods follow the campaign stage: every cell's period may change
    audit.record(
        actor=actor,
        action="election.voting_date_moved",
        obj=current,
        before={**before, "stages": {sh.code: [str(sh.old_starts_on), str(sh.old_ends_on)] for sh in shifts}},
        after={
            "voting_date": str(new_voting_date),
            "reason": reason.strip(),
            "stages": {sh.code: [str(sh.new_starts_on), str(sh.new_ends_on)] for sh in shifts},
        },
    )
    election.voting_date = new_voting_date
    election.version = current.version
    return shifts


# --- contests -----------------------------------------------------------------------------------


def contest_errors(election: Election, region: Region, kind: str | None, *, exclude_pk: int | None = None) -> Errors:
    errors: Errors = {}
    if region.level not in CONTEST_LEVELS:
        _add(errors, "region", _("Pemilihan daerah hanya untuk provinsi, kabupaten atau kota."))
        return errors
    message = contest_rules.kind_error(region.level, kind or contest_rules.kind_for_level(region.level))
    if message:
        _add(errors, "kind", message)
    clash = Contest.objects.filter(election=election, region=region)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        _add(
            errors,
            "region",
            _("%(region)s sudah punya pemilihan daerah di %(election)s.")
            % {
                "region": region.name,
                "election": election.name,
            },
        )
    return errors


@transaction.atomic
def contest_create(*, actor: Any, election: Election, region: Region, kind: str | None = None) -> Contest:
    """One contest (kind from the region level when not given; a wrong kind is refused)."""
    _check_contests_admin(actor)
    _refuse(contest_errors(election, region, kind))
    contest = Contest(election=election, region=region, kind=kind or contest_rules.kind_for_level(region.level))
    contest.set_scope_keys(region)
    contest.save()
    audit.record(actor=actor, action="contest.created", obj=contest, region=region, after=audit.snapshot(contest))
    return contest


@transaction.atomic
def contest_update(
    *, actor: Any, contest: Contest, region: Region, kind: str | None, expected_version: int | None
) -> Contest:
    """Correct a contest's region or kind; refused once paslon or violations are recorded for it."""
    _check_contests_admin(actor)
    current = _lock(Contest, contest, expected_version)
    if region.pk != current.region_id and (current.pairs.exists() or current.violations.exists()):
        raise ElectionRefused({"region": [_("Wilayah tidak dapat diubah: paslon atau pelanggaran sudah dicatat.")]})
    _refuse(contest_errors(current.election, region, kind, exclude_pk=current.pk))
    before = audit.snapshot(current)
    current.region = region
    current.kind = kind or contest_rules.kind_for_level(region.level)
    current.set_scope_keys(region)
    current.version += 1
    current.save()
    audit.record(
        actor=actor, action="contest.updated", obj=current, region=region, before=before, after=audit.snapshot(current)
    )
    return current


# --- candidate pairs ----------------------------------------------------------------------------


@dataclass
class CandidatePairInput:
    """What a form, the API or an import row says about a paslon."""

    head_name: str
    deputy_name: str
    nomination_path: str
    parties: list[str] = field(default_factory=list)
    is_incumbent: bool = False
    ballot_number: int | None = None


PAIR_FIELDS = [
    "contest",
    "ballot_number",
    "head_name",
    "deputy_name",
    "nomination_path",
    "parties",
    "is_incumbent",
    "status",
    "status_on",
    "version",
]


def candidate_pair_errors(contest: Contest, data: CandidatePairInput, *, exclude_pk: int | None = None) -> Errors:
    errors: Errors = {}
    if not data.head_name.strip():
        _add(errors, "head_name", _("Nama calon kepala daerah wajib diisi."))
    if not data.deputy_name.strip():
        _add(errors, "deputy_name", _("Nama calon wakil wajib diisi."))
    if data.nomination_path not in CandidatePair.Path.values:
        _add(errors, "nomination_path", _("Jalur pencalonan harus «partai» atau «perseorangan»."))
    parties = [p.strip() for p in data.parties if p.strip()]
    if data.nomination_path == CandidatePair.Path.PARTIES and not parties:
        _add(errors, "parties", _("Sebutkan partai pengusung untuk jalur partai politik."))
    if data.nomination_path == CandidatePair.Path.INDEPENDENT and parties:
        _add(errors, "parties", _("Paslon perseorangan tidak diusung partai; kosongkan partai pengusung."))
    if len(set(p.lower() for p in parties)) != len(parties):
        _add(errors, "parties", _("Partai pengusung ditulis lebih dari sekali."))
    if data.ballot_number is not None:
        taken = CandidatePair.objects.filter(contest=contest, ballot_number__isnull=False)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        message = contest_rules.ballot_number_error(data.ballot_number, taken.values_list("ballot_number", flat=True))
        if message:
            _add(errors, "ballot_number", message)
    return errors


def apply_pair_input(pair: CandidatePair, data: CandidatePairInput) -> None:
    pair.head_name = data.head_name.strip()
    pair.deputy_name = data.deputy_name.strip()
    pair.nomination_path = data.nomination_path
    pair.parties = [p.strip() for p in data.parties if p.strip()]
    pair.is_incumbent = data.is_incumbent
    pair.ballot_number = data.ballot_number


def _lock_contest(contest: Contest) -> Contest:
    # Ballot numbers are unique per contest: concurrent writers queue on the contest row.
    return Contest.objects.select_for_update(of=("self",)).select_related("region", "election").get(pk=contest.pk)


@transaction.atomic
def candidate_pair_create(
    *,
    actor: Any,
    contest: Contest,
    data: CandidatePairInput,
    status: str = CandidatePair.Status.REGISTERED,
    status_on: date | None = None,
) -> CandidatePair:
    """Register a paslon in a contest, with its first status dated."""
    _check_write(actor, contest.region, _("paslon"))
    contest = _lock_contest(contest)
    errors = candidate_pair_errors(contest, data)
    if status not in CandidatePair.Status.values:
        _add(errors, "status", _("Status paslon tidak dikenal."))
    _refuse(errors)
    pair = CandidatePair(contest=contest, status=status, status_on=status_on)
    apply_pair_input(pair, data)
    pair.set_scope_keys(contest.region)
    pair.save()
    CandidateStatusChange.objects.create(
        pair=pair,
        status=status,
        changed_on=status_on or timezone.localdate(),
        recorded_by=actor if _is_user(actor) else None,
    )
    audit.record(
        actor=actor,
        action="candidate_pair.created",
        obj=pair,
        region=contest.region,
        after=audit.snapshot(pair, PAIR_FIELDS),
    )
    return pair


@transaction.atomic
def candidate_pair_update(
    *, actor: Any, pair: CandidatePair, data: CandidatePairInput, expected_version: int | None
) -> CandidatePair:
    contest = _lock_contest(pair.contest)
    _check_write(actor, contest.region, _("paslon"))
    current = _lock(CandidatePair, pair, expected_version)
    _refuse(candidate_pair_errors(contest, data, exclude_pk=current.pk))
    before = audit.snapshot(current, PAIR_FIELDS)
    apply_pair_input(current, data)
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        action="candidate_pair.updated",
        obj=current,
        region=contest.region,
        before=before,
        after=audit.snapshot(current, PAIR_FIELDS),
    )
    return current


@transaction.atomic
def candidate_pair_set_status(
    *,
    actor: Any,
    pair: CandidatePair,
    status: str,
    changed_on: date,
    note: str = "",
    expected_version: int | None = None,
) -> CandidateStatusChange:
    """A dated status change (determined, disqualified, withdrew, deceased…), kept as history."""
    _check_write(actor, pair.contest.region, _("status paslon"))
    current = _lock(CandidatePair, pair, expected_version)
    errors: Errors = {}
    if status not in CandidatePair.Status.values:
        _add(errors, "status", _("Status paslon tidak dikenal."))
    last = current.status_changes.order_by("-changed_on", "-id").first()
    if last is not None and changed_on < last.changed_on:
        _add(
            errors,
            "changed_on",
            _("Tanggal perubahan status tidak boleh sebelum perubahan terakhir (%(d)s).")
            % {"d": last.changed_on.strftime("%d-%m-%Y")},
        )
    if changed_on > timezone.localdate():
        _add(errors, "changed_on", _("Tanggal perubahan status tidak boleh di masa depan."))
    _refuse(errors)
    before = {"status": current.status, "status_on": str(current.status_on) if current.status_on else None}
    change = CandidateStatusChange.objects.create(
        pair=current,
        status=status,
        changed_on=changed_on,
        note=note.strip(),
        recorded_by=actor if _is_user(actor) else None,
    )
    current.status = status
    current.status_on = changed_on
    current.version += 1
    current.save(update_fields=["status", "status_on", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="candidate_pair.status_changed",
        obj=current,
        region=pair.contest.region,
        before=before,
        after={"status": status, "status_on": str(changed_on), "note": note.strip()},
    )
    pair.status, pair.status_on, pair.version = current.status, current.status_on, current.version
    return change


# --- health-protocol violations -----------------------------------------------------------------


@dataclass
class ViolationInput:
    """What a form, the API or an import row says about a prokes violation."""

    contest: Contest
    occurred_at: datetime
    region: Region
    activity: str
    source: str
    pair: CandidatePair | None = None
    place: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    stage: ElectionStage | None = None  # given: overrides the stage derived from the date
    participants: int | None = None
    over_capacity: bool = False
    no_masks: bool = False
    no_distancing: bool = False
    banned_activity: bool = False
    no_handwashing: bool = False
    high_temperature: bool = False
    other_violation: str = ""
    sanction: str = ""
    source_url: str = ""
    description: str = ""


VIOLATION_FIELDS = [
    "contest",
    "pair",
    "occurred_at",
    "region",
    "place",
    "latitude",
    "longitude",
    "stage",
    "stage_overridden",
    "activity",
    "participants",
    *ProkesViolation.VIOLATION_FIELDS,
    "other_violation",
    "sanction",
    "source",
    "source_url",
    "description",
    "version",
]


def local_day(value: datetime, region: Region) -> date:
    """The calendar day of an instant in the region's own zone (WIB, WITA or WIT)."""
    return to_local(value, region.timezone).date()


def violation_errors(data: ViolationInput, *, now: datetime | None = None) -> tuple[Errors, ElectionStage | None]:
    """Every rule on a violation; returns errors by field and the stage it falls in."""
    errors: Errors = {}
    contest = data.contest
    if data.occurred_at is None or timezone.is_naive(data.occurred_at):
        _add(errors, "occurred_at", _("Waktu kejadian wajib diisi lengkap dengan zona waktunya."))
        return errors, None
    if not (data.region.code == contest.region.code or data.region.code.startswith(contest.region.code + ".")):
        _add(
            errors,
            "region",
            _("Lokasi %(place)s berada di luar wilayah %(contest)s.")
            % {"place": data.region.name, "contest": contest.region.name},
        )
    elif data.region.kabkota_id is None:
        _add(errors, "region", _("Pilih kabupaten/kota (atau kecamatan/desa) tempat pelanggaran terjadi."))
    if data.pair is not None and data.pair.contest_id != contest.pk:
        _add(errors, "pair", _("Paslon ini bukan peserta pemilihan daerah yang dipilih."))
    if data.occurred_at > (now or timezone.now()):
        _add(errors, "occurred_at", _("Waktu kejadian tidak boleh di masa depan."))
    day = local_day(data.occurred_at, data.region)
    stage: ElectionStage | None = None
    stages = list(ElectionStage.objects.filter(election_id=contest.election_id))
    if data.stage is not None:
        if data.stage.election_id != contest.election_id:
            _add(errors, "stage", _("Tahapan ini bukan milik pemilihan yang dipilih."))
        elif not data.stage.covers(day):
            _add(
                errors,
                "stage",
                _("Tahapan %(stage)s (%(start)s–%(end)s) tidak mencakup tanggal kejadian %(day)s.")
                % {
                    "stage": data.stage.name,
                    "start": data.stage.starts_on.strftime("%d-%m-%Y"),
                    "end": data.stage.ends_on.strftime("%d-%m-%Y"),
                    "day": day.strftime("%d-%m-%Y"),
                },
            )
        stage = data.stage
    else:
        pure = [calendar.Stage(s.code, s.name, s.starts_on, s.ends_on, s.order, s.is_campaign) for s in stages]
        chosen = calendar.stage_on(pure, day)
        if chosen is None:
            bounds = calendar.calendar_bounds(pure)
            span = f"{bounds[0]:%d-%m-%Y} – {bounds[1]:%d-%m-%Y}" if bounds else "-"
            _add(
                errors,
                "occurred_at",
                _("Tanggal %(day)s di luar semua tahapan %(election)s (%(span)s).")
                % {"day": day.strftime("%d-%m-%Y"), "election": contest.election.name, "span": span},
            )
        else:
            stage = next(s for s in stages if s.code == chosen.code)
    if data.activity not in ProkesViolation.Activity.values:
        _add(errors, "activity", _("Jenis kegiatan tidak dikenal."))
    if data.source not in ProkesViolation.Source.values:
        _add(errors, "source", _("Sumber informasi tidak dikenal."))
    if data.source == ProkesViolation.Source.MEDIA and not data.source_url.strip():
        _add(errors, "source_url", _("Sertakan tautan berita untuk sumber media."))
    if data.sanction not in ProkesViolation.Sanction.values:
        _add(errors, "sanction", _("Sanksi tidak dikenal."))
    if data.participants is not None and data.participants < 0:
        _add(errors, "participants", _("Perkiraan peserta tidak boleh negatif."))
    if not any(getattr(data, f) for f in ProkesViolation.VIOLATION_FIELDS) and not data.other_violation.strip():
        _add(errors, "over_capacity", _("Pilih sedikitnya satu jenis pelanggaran."))
    if (data.latitude is None) != (data.longitude is None):
        _add(errors, "latitude", _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
    elif (
        data.latitude is not None
        and data.longitude is not None
        and not (Decimal(-12) <= data.latitude <= Decimal(7) and Decimal(94) <= data.longitude <= Decimal(142))
    ):
        _add(errors, "latitude", _("Koordinat berada di luar wilayah Indonesia."))
    return errors, stage


def _apply_violation(v: ProkesViolation, data: ViolationInput, stage: ElectionStage | None) -> None:
    v.contest = data.contest
    v.pair = data.pair
    v.occurred_at = data.occurred_at
    v.region = data.region
    v.place = data.place.strip()
    v.latitude, v.longitude = data.latitude, data.longitude
    v.stage = stage
    v.stage_overridden = data.stage is not None
    v.activity = data.activity
    v.participants = data.participants
    for name in ProkesViolation.VIOLATION_FIELDS:
        setattr(v, name, bool(getattr(data, name)))
    v.other_violation = data.other_violation.strip()
    v.sanction = data.sanction
    v.source = data.source
    v.source_url = data.source_url.strip()
    v.description = data.description.strip()
    v.set_scope_keys(data.region)


@transaction.atomic
def violation_create(*, actor: Any, data: ViolationInput, now: datetime | None = None) -> ProkesViolation:
    """Register a violation; its stage is derived from the local date unless ``data.stage`` is given."""
    _check_write(actor, data.region, _("pelanggaran prokes"))
    errors, stage = violation_errors(data, now=now)
    _refuse(errors)
    violation = ProkesViolation(created_by=actor if _is_user(actor) else None)
    _apply_violation(violation, data, stage)
    violation.save()
    rollup.refresh([rollup.key_of(violation)])
    audit.record(
        actor=actor,
        action="violation.created",
        obj=violation,
        region=data.region,
        after=audit.snapshot(violation, VIOLATION_FIELDS),
    )
    return violation


@transaction.atomic
def violation_update(
    *,
    actor: Any,
    violation: ProkesViolation,
    data: ViolationInput,
    expected_version: int | None,
    now: datetime | None = None,
) -> ProkesViolation:
    _check_write(actor, violation.region, _("pelanggaran prokes"))
    _check_write(actor, data.region, _("pelanggaran prokes"))
    current = _lock(ProkesViolation, violation, expected_version)
    if current.deleted_at is not None:
        raise ElectionRefused(_("Pelanggaran ini sudah dihapus."), code="deleted")
    errors, stage = violation_errors(data, now=now)
    _refuse(errors)
    before = audit.snapshot(current, VIOLATION_FIELDS)
    old_key = rollup.key_of(current)
    _apply_violation(current, data, stage)
    current.version += 1
    current.save()
    rollup.refresh([old_key, rollup.key_of(current)])
    audit.record(
        actor=actor,
        action="violation.updated",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, VIOLATION_FIELDS),
    )
    return current


@transaction.atomic
def violation_delete(
    *, actor: Any, violation: ProkesViolation, reason: str, expected_version: int | None
) -> ProkesViolation:
    """Soft delete with a reason (the record stays for the audit trail)."""
    _check_write(actor, violation.region, _("pelanggaran prokes"))
    current = _lock(ProkesViolation, violation, expected_version)
    if current.deleted_at is not None:
        raise ElectionRefused(_("Pelanggaran ini sudah dihapus."), code="deleted")
    if not reason.strip():
        raise ElectionRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    old_key = rollup.key_of(current)
    current.mark_deleted(reason)
    rollup.refresh([old_key])
    audit.record(
        actor=actor,
        action="violation.deleted",
        obj=current,
        region=current.region,
        after={"reason": current.deleted_reason},
    )
    return current


# --- candidates' health -------------------------------------------------------------------------


@dataclass
class HealthEventInput:
    pair: CandidatePair
    person: str
    kind: str
    occurred_on: date
    source: str
    note: str = ""


def _check_health_writer(actor: Any, region: Region) -> None:
    # Personal health data: written only by officers who may also read it (need to know).
    if not access.can_write_election_data(actor, region) or not access.has_role(actor, *access.HEALTH_READER_ROLES):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat status kesehatan calon."))


@transaction.atomic
def health_event_create(*, actor: Any, data: HealthEventInput) -> HealthEvent:
    """A Covid-19 event of one candidate; a death also records the paslon status «meninggal»."""
    region = data.pair.contest.region
    _check_health_writer(actor, region)
    errors: Errors = {}
    if data.person not in HealthEvent.Person.values:
        _add(errors, "person", _("Pilih calon kepala daerah atau calon wakil."))
    if data.kind not in HealthEvent.Kind.values:
        _add(errors, "kind", _("Jenis peristiwa kesehatan tidak dikenal."))
    if data.occurred_on > timezone.localdate():
        _add(errors, "occurred_on", _("Tanggal tidak boleh di masa depan."))
    if not data.source.strip():
        _add(errors, "source", _("Sumber informasi wajib diisi."))
    if HealthEvent.objects.filter(pair=data.pair, person=data.person, kind=HealthEvent.Kind.DIED).exists():
        _add(errors, "kind", _("Calon ini sudah tercatat meninggal dunia."))
    _refuse(errors)
    event = HealthEvent(
        pair=data.pair,
        person=data.person,
        kind=data.kind,
        occurred_on=data.occurred_on,
        source=data.source.strip(),
        note=data.note.strip(),
        created_by=actor if _is_user(actor) else None,
    )
    event.set_scope_keys(region)
    event.save()
    # The audit trail names the event, not the note (personal health details stay in the record).
    audit.record(
        actor=actor,
        action="health_event.created",
        obj=event,
        region=region,
        after={
            "pair": str(data.pair.public_id),
            "person": data.person,
            "kind": data.kind,
            "occurred_on": str(data.occurred_on),
        },
    )
    if data.kind == HealthEvent.Kind.DIED and data.pair.status != CandidatePair.Status.DECEASED:
        candidate_pair_set_status(
            actor=actor,
            pair=data.pair,
            status=CandidatePair.Status.DECEASED,
            changed_on=max(data.occurred_on, _last_status_day(data.pair)),
            note=_("Dicatat dari status kesehatan calon."),
        )
    return event


def _last_status_day(pair: CandidatePair) -> date:
    last = pair.status_changes.order_by("-changed_on").values_list("changed_on", flat=True).first()
    return last or date.min


def health_event_viewed(*, actor: Any, event: HealthEvent) -> None:
    """Every view of a named health record leaves an audit event (call it from detail views/API)."""
    audit.record(actor=actor, action="health_event.viewed", obj=event, region=event.pair.contest.region)


# --- NPHD grant agreements ----------------------------------------------------------------------


@dataclass
class GrantInput:
    election: Election
    region: Region
    recipient: str
    number: str
    signed_on: date
    amount: Decimal


@dataclass
class TrancheInput:
    due_on: date
    amount: Decimal


GRANT_FIELDS = ["election", "region", "recipient", "number", "signed_on", "amount", "version"]


def _money(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return amount


def grant_errors(data: GrantInput, *, exclude_pk: int | None = None) -> Errors:
    errors: Errors = {}
    if data.region.level not in CONTEST_LEVELS:
        _add(errors, "region", _("NPHD dibuat oleh provinsi, kabupaten atau kota."))
    elif not Contest.objects.filter(election=data.election, region=data.region).exists():
        _add(
            errors,
            "region",
            _("%(region)s tidak menyelenggarakan %(election)s.")
            % {"region": data.region.name, "election": data.election.name},
        )
    if data.recipient not in GrantAgreement.Recipient.values:
        _add(errors, "recipient", _("Penerima hibah tidak dikenal (KPU, Bawaslu, TNI, Polri)."))
    if not data.number.strip():
        _add(errors, "number", _("Nomor NPHD wajib diisi."))
    amount = _money(data.amount)
    if amount is None or amount <= 0:
        _add(errors, "amount", _("Nilai hibah harus angka rupiah lebih dari nol (paling banyak dua desimal)."))
    if data.signed_on > timezone.localdate():
        _add(errors, "signed_on", _("Tanggal penandatanganan tidak boleh di masa depan."))
    if data.signed_on > data.election.voting_date:
        _add(errors, "signed_on", _("NPHD ditandatangani setelah hari pemungutan suara."))
    clash = GrantAgreement.objects.filter(election=data.election, region=data.region, recipient=data.recipient)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        _add(errors, "recipient", _("NPHD untuk penerima ini di wilayah dan pemilihan ini sudah ada."))
    return errors


def _tranche_errors(amount: Decimal, signed_on: date, planned: Sequence[TrancheInput]) -> Errors:
    errors: Errors = {}
    values = []
    for t in planned:
        money = _money(t.amount)
        if money is None:
            _add(errors, "planned_tranches", _("Jumlah tahap harus angka rupiah (paling banyak dua desimal)."))
            return errors
        values.append((t.due_on, money))
    for message in nphd.plan_errors(amount=amount, signed_on=signed_on, planned=values):
        _add(errors, "planned_tranches", message)
    return errors


@transaction.atomic
def grant_create(*, actor: Any, data: GrantInput, planned: Sequence[TrancheInput] = ()) -> GrantAgreement:
    """Record an NPHD with its planned tranches (refused: dated before signing, more than agreed)."""
    _check_write(actor, data.region, _("NPHD"))
    errors = grant_errors(data)
    if not errors:
        errors.update(_tranche_errors(Decimal(str(data.amount)), data.signed_on, planned))
    _refuse(errors)
    agreement = GrantAgreement(
        election=data.election,
        region=data.region,
        recipient=data.recipient,
        number=data.number.strip(),
        signed_on=data.signed_on,
        amount=Decimal(str(data.amount)),
    )
    agreement.set_scope_keys(data.region)
    agreement.save()
    _save_plan(agreement, planned)
    audit.record(
        actor=actor,
        action="grant.created",
        obj=agreement,
        region=data.region,
        after={**audit.snapshot(agreement, GRANT_FIELDS), "planned": [[str(t.due_on), str(t.amount)] for t in planned]},
    )
    return agreement


def _save_plan(agreement: GrantAgreement, planned: Sequence[TrancheInput]) -> None:
    PlannedTranche.objects.filter(agreement=agreement).delete()
    PlannedTranche.objects.bulk_create(
        [
            PlannedTranche(agreement=agreement, order=i, due_on=t.due_on, amount=Decimal(str(t.amount)))
            for i, t in enumerate(sorted(planned, key=lambda t: t.due_on), start=1)
        ]
    )


def _paid(agreement: GrantAgreement) -> Decimal:
    return Disbursement.objects.filter(agreement=agreement).aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def grant_update(
    *, actor: Any, agreement: GrantAgreement, data: GrantInput, expected_version: int | None
) -> GrantAgreement:
    """Correct an NPHD; refused when the new amount is below what was paid or the new signing
    date comes after a recorded disbursement or planned tranche."""
    _check_write(actor, agreement.region, _("NPHD"))
    _check_write(actor, data.region, _("NPHD"))
    current = _lock(GrantAgreement, agreement, expected_version)
    errors = grant_errors(data, exclude_pk=current.pk)
    if not errors:
        amount = Decimal(str(data.amount))
        paid = _paid(current)
        if paid > amount:
            _add(
                errors,
                "amount",
                _("Nilai hibah tidak boleh di bawah jumlah yang sudah dicairkan (Rp %(paid)s).")
                % {"paid": nphd.format_rupiah(paid)},
            )
        first_paid = current.disbursements.order_by("paid_on").values_list("paid_on", flat=True).first()
        first_plan = current.planned_tranches.order_by("due_on").values_list("due_on", flat=True).first()
        earliest = min((d for d in (first_paid, first_plan) if d is not None), default=None)
        if earliest is not None and data.signed_on > earliest:
            _add(
                errors,
                "signed_on",
                _("Tanggal penandatanganan tidak boleh setelah pencairan atau rencana tahap pertama (%(d)s).")
                % {"d": earliest.strftime("%d-%m-%Y")},
            )
        planned_total = current.planned_tranches.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if planned_total > amount:
            _add(errors, "amount", _("Nilai hibah tidak boleh di bawah jumlah rencana tahap."))
    _refuse(errors)
    before = audit.snapshot(current, GRANT_FIELDS)
    current.election, current.region, current.recipient = data.election, data.region, data.recipient
    current.number, current.signed_on, current.amount = data.number.strip(), data.signed_on, Decimal(str(data.amount))
    current.set_scope_keys(data.region)
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        action="grant.updated",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, GRANT_FIELDS),
    )
    return current


@transaction.atomic
def grant_plan_tranches(
    *, actor: Any, agreement: GrantAgreement, planned: Sequence[TrancheInput], expected_version: int | None
) -> list[PlannedTranche]:
    """Replace the planned tranche schedule."""
    _check_write(actor, agreement.region, _("NPHD"))
    current = _lock(GrantAgreement, agreement, expected_version)
    _refuse(_tranche_errors(current.amount, current.signed_on, planned))
    before = [[str(t.due_on), str(t.amount)] for t in current.planned_tranches.all()]
    _save_plan(current, planned)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action="grant.tranche_planned",
        obj=current,
        region=current.region,
        before={"planned": before},
        after={"planned": [[str(t.due_on), str(t.amount)] for t in planned]},
    )
    agreement.version = current.version
    return list(current.planned_tranches.all())


@transaction.atomic
def disbursement_create(
    *, actor: Any, agreement: GrantAgreement, paid_on: date, amount: Decimal, reference: str = ""
) -> Disbursement:
    """Record a payment; refused before signing, in the future or beyond the agreed amount."""
    _check_write(actor, agreement.region, _("pencairan NPHD"))
    # Lock the agreement so two payments recorded at once cannot together exceed the amount.
    current = GrantAgreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
    money = _money(amount)
    errors: Errors = {}
    if money is None:
        _add(errors, "amount", _("Jumlah pencairan harus angka rupiah (paling banyak dua desimal)."))
    else:
        message = nphd.disbursement_error(
            amount=current.amount,
            signed_on=current.signed_on,
            already_paid=_paid(current),
            paid_on=paid_on,
            new_amount=money,
        )
        if message:
            _add(errors, "paid_on" if "sebelum NPHD" in message else "amount", message)
    if paid_on > timezone.localdate():
        _add(errors, "paid_on", _("Tanggal pencairan tidak boleh di masa depan."))
    _refuse(errors)
    assert money is not None
    payment = Disbursement.objects.create(
        agreement=current,
        paid_on=paid_on,
        amount=money,
        reference=reference.strip(),
        created_by=actor if _is_user(actor) else None,
    )
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action="grant.disbursed",
        obj=current,
        region=current.region,
        after={"paid_on": str(paid_on), "amount": str(money), "reference": payment.reference},
    )
    agreement.version = current.version
    return payment
