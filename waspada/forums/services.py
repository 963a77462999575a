"""Writes for the forum registry. Every function: keyword arguments, one transaction, the access
rule checked here (views and API stay thin), ``full_clean``, an audit event, nothing half-done.

Refusals raise ``ForumRefused`` (a Django ValidationError, by field) with an Indonesian message;
a stale ``expected_version`` raises ``StaleForumRecord``. Permission problems raise
``PermissionDenied`` (403): the caller found the object in scope first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.core.locking import StaleRecord, lock_current
from waspada.core.uploads import UploadRefused, check_document
from waspada.forums.models import Forum, ForumDecree, ForumDocument, ForumMeeting, ForumMember
from waspada.regions import access
from waspada.regions.models import Region


class ForumRefused(ValidationError):
    """A forum write that is not valid; nothing was changed."""


class StaleForumRecord(StaleRecord, ForumRefused):
    """Another user saved this record after it was opened (409 in the API)."""


Errors = dict[str, list[str]]

FORUM_FIELDS = ["region", "kind", "name", "status", "secretariat", "contact_name", "contact_phone", "contact_email"]
DECREE_FIELDS = ["number", "decree_date", "signer", "valid_from", "valid_until", "original_name"]
MEMBER_FIELDS = ["name", "position", "agency", "element", "phone", "email", "joined_on", "left_on", "left_reason"]
MEETING_FIELDS = ["held_on", "place", "agenda", "attendance", "minutes", "follow_ups"]


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _refuse(errors: Errors) -> None:
    if errors:
        raise ForumRefused(errors)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_write(actor: Any, region: Region) -> None:
    if not access.can_write_forum(actor, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat forum di wilayah ini."))


def _lock(model: Any, obj: Any, expected_version: int | None) -> Any:
    gone = ForumRefused(_("Data ini sudah dihapus."), code="deleted")
    return lock_current(model, obj, expected_version, stale=StaleForumRecord, deleted=gone)


def _clean(obj: Any, exclude: list[str] | None = None) -> None:
    """Model validation with the field messages of ``full_clean`` as a refusal."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise ForumRefused(exc.message_dict) from None


def _today() -> date:
    return timezone.localdate()


# --- forums -------------------------------------------------------------------------------------


@dataclass
class ForumInput:
    region: Region
    kind: str
    name: str = ""
    status: str = Forum.Status.ACTIVE
    secretariat: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    note: str = ""


def forum_errors(data: ForumInput, *, exclude_pk: int | None = None) -> Errors:
    errors: Errors = {}
    if data.kind not in Forum.Kind.values:
        _add(errors, "kind", _("Jenis forum tidak dikenal."))
    if data.status not in Forum.Status.values:
        _add(errors, "status", _("Status forum tidak dikenal."))
    if data.region.level not in Forum.LEVELS:
        _add(errors, "region", _("Forum dicatat untuk provinsi, kabupaten/kota atau kecamatan."))
    elif data.kind in Forum.Kind.values:
        clash = Forum.objects.alive().filter(region=data.region, kind=data.kind)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            _add(
                errors,
                "kind",
                _("%(kind)s %(region)s sudah tercatat; perbarui SK dan anggotanya di halaman forum itu.")
                % {"kind": Forum.Kind(data.kind).label, "region": data.region.name},
            )
    return errors


def _apply_forum(forum: Forum, data: ForumInput) -> None:
    forum.region = data.region
    forum.kind = data.kind
    forum.name = data.name.strip()
    forum.status = data.status
    forum.secretariat = data.secretariat.strip()
    forum.contact_name = data.contact_name.strip()
    forum.contact_phone = data.contact_phone.strip()
    forum.contact_email = data.contact_email.strip()
    forum.note = data.note.strip()
    forum.set_scope_keys(data.region)


@transaction.atomic
def forum_create(*, actor: Any, data: ForumInput) -> Forum:
    """Record a forum of a region (one live forum per region and kind)."""
    _check_write(actor, data.region)
    _refuse(forum_errors(data))
    forum = Forum(created_by=_user(actor))
    _apply_forum(forum, data)
    _clean(forum, exclude=["created_by"])
    try:
        with transaction.atomic():
            forum.save()
    except IntegrityError:  # a concurrent save of the same region and kind
        raise ForumRefused({"kind": [_("Forum jenis ini sudah tercatat untuk wilayah ini.")]}) from None
    audit.record(
        actor=actor, action="forum.created", obj=forum, region=data.region, after=audit.snapshot(forum, FORUM_FIELDS)
    )
    return forum


@transaction.atomic
def forum_update(*, actor: Any, forum: Forum, data: ForumInput, expected_version: int | None) -> Forum:
    """Change a forum's name, status and contacts (its region and kind stay)."""
    _check_write(actor, forum.region)
    current = _lock(Forum, forum, expected_version)
    data.region, data.kind = current.region, current.kind
    _refuse(forum_errors(data, exclude_pk=current.pk))
    before = audit.snapshot(current, FORUM_FIELDS)
    _apply_forum(current, data)
    _clean(current, exclude=["created_by"])
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        action="forum.updated",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, FORUM_FIELDS),
    )
    return current


@transaction.atomic
def forum_delete(*, actor: Any, forum: Forum, reason: str, expected_version: int | None) -> Forum:
    """Soft delete with a reason (a forum recorded by mistake); its records stay for the audit."""
    _check_write(actor, forum.region)
    current = _lock(Forum, forum, expected_version)
    if not reason.strip():
        raise ForumRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    current.mark_deleted(reason)
    audit.record(actor=actor, action="forum.deleted", obj=current, region=current.region, after={"reason": reason})
    return current


# --- decrees ------------------------------------------------------------------------------------


@dataclass
class DecreeInput:
    number: str
    decree_date: date | None
    signer: str
    valid_from: date | None
    valid_until: date | None = None
    upload: UploadedFile | None = None


def decree_errors(data: DecreeInput, *, today: date | None = None) -> Errors:
    errors: Errors = {}
    if not data.number.strip():
        _add(errors, "number", _("Nomor SK wajib diisi."))
    if not data.signer.strip():
        _add(errors, "signer", _("Penanda tangan SK wajib diisi."))
    if data.decree_date is None:
        _add(errors, "decree_date", _("Tanggal SK wajib diisi."))
    elif data.decree_date > (today or _today()):
        _add(errors, "decree_date", _("Tanggal SK tidak boleh di masa depan."))
    if data.valid_from is None:
        _add(errors, "valid_from", _("Tanggal mulai berlaku wajib diisi."))
    elif data.valid_until is not None and data.valid_until < data.valid_from:
        _add(
            errors,
            "valid_until",
            _("Masa berlaku SK berakhir (%(end)s) sebelum mulai berlaku (%(start)s).")
            % {"end": data.valid_until.strftime("%d-%m-%Y"), "start": data.valid_from.strftime("%d-%m-%Y")},
        )
    return errors


def _checked_upload(upload: UploadedFile, *, pdf_only: bool) -> Any:
    head = upload.read(16)
    upload.seek(0)
    try:
        checked = check_document(upload.name or "", upload.size or 0, head, settings.WASPADA_ATTACHMENT_MAX_BYTES)
    except UploadRefused as exc:
        raise ForumRefused({"file": [str(exc)]}) from None
    if pdf_only and checked.extension != "pdf":
        raise ForumRefused({"file": [_("Berkas SK harus PDF.")]})
    return checked


@transaction.atomic
def decree_record(*, actor: Any, forum: Forum, data: DecreeInput, today: date | None = None) -> ForumDecree:
    """Record a decree (SK) forming or renewing the forum, with its PDF when given."""
    _check_write(actor, forum.region)
    current = _lock(Forum, forum, None)
    _refuse(decree_errors(data, today=today))
    checked = _checked_upload(data.upload, pdf_only=True) if data.upload is not None else None
    assert data.decree_date is not None and data.valid_from is not None  # checked by decree_errors
    decree = ForumDecree(
        forum=current,
        number=data.number.strip(),
        decree_date=data.decree_date,
        signer=data.signer.strip(),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        created_by=_user(actor),
    )
    decree.set_scope_keys(current.region)
    _clean(decree, exclude=["file", "created_by", "forum"])
    if checked is not None and data.upload is not None:
        decree.original_name, decree.size = checked.name, checked.size
        decree.file.save(checked.name, data.upload, save=False)
    decree.save()
    audit.record(
        actor=actor,
        action="forum.decree_recorded",
        obj=current,
        region=current.region,
        after=audit.snapshot(decree, DECREE_FIELDS),
    )
    return decree


@transaction.atomic
def decree_delete(*, actor: Any, decree: ForumDecree, reason: str, expected_version: int | None) -> ForumDecree:
    """Soft delete of a decree recorded by mistake (the reason stays with it)."""
    _check_write(actor, decree.forum.region)
    current = _lock(ForumDecree, decree, expected_version)
    if not reason.strip():
        raise ForumRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    current.mark_deleted(reason)
    audit.record(
        actor=actor,
        action="forum.decree_deleted",
        obj=decree.forum,
        region=decree.forum.region,
        before={"number": current.number},
        after={"reason": current.deleted_reason},
    )
    return current


# --- members ------------------------------------------------------------------------------------


@dataclass
class MemberInput:
    name: str
    position: str
    joined_on: date | None
    agency: str = ""
    element: str = ""
    phone: str = ""
    email: str = ""


def member_errors(data: MemberInput) -> Errors:
    errors: Errors = {}
    if not data.name.strip():
        _add(errors, "name", _("Nama anggota wajib diisi."))
    if not data.position.strip():
        _add(errors, "position", _("Jabatan dalam forum wajib diisi."))
    if data.joined_on is None:
        _add(errors, "joined_on", _("Tanggal mulai keanggotaan wajib diisi."))
    if data.element and data.element not in ForumMember.Element.values:
        _add(errors, "element", _("Unsur tidak dikenal."))
    return errors


@transaction.atomic
def member_add(*, actor: Any, forum: Forum, data: MemberInput) -> ForumMember:
    """Add a membership (a person in a position from a date)."""
    _check_write(actor, forum.region)
    current = _lock(Forum, forum, None)
    _refuse(member_errors(data))
    assert data.joined_on is not None  # checked by member_errors
    member = ForumMember(
        forum=current,
        name=data.name.strip(),
        position=data.position.strip(),
        agency=data.agency.strip(),
        element=data.element,
        phone=data.phone.strip(),
        email=data.email.strip(),
        joined_on=data.joined_on,
        created_by=_user(actor),
    )
    member.set_scope_keys(current.region)
    _clean(member, exclude=["created_by", "forum"])
    member.save()
    audit.record(
        actor=actor,
        action="forum.member_added",
        obj=current,
        region=current.region,
        after={"member": str(member.public_id), **audit.snapshot(member, MEMBER_FIELDS)},
    )
    return member


@transaction.atomic
def member_end(
    *, actor: Any, member: ForumMember, left_on: date | None, reason: str = "", expected_version: int | None
) -> ForumMember:
    """End a membership on a date; the row stays (the history of the forum's composition)."""
    forum = member.forum
    _check_write(actor, forum.region)
    current = _lock(ForumMember, member, expected_version)
    if current.left_on is not None:
        raise ForumRefused(_("Keanggotaan ini sudah berakhir."), code="ended")
    if left_on is None:
        raise ForumRefused({"left_on": [_("Tanggal berakhir wajib diisi.")]})
    if left_on < current.joined_on:
        raise ForumRefused(
            {
                "left_on": [
                    _("Keanggotaan tidak dapat berakhir (%(end)s) sebelum dimulai (%(start)s).")
                    % {"end": left_on.strftime("%d-%m-%Y"), "start": current.joined_on.strftime("%d-%m-%Y")}
                ]
            }
        )
    current.left_on = left_on
    current.left_reason = reason.strip()[:300]
    current.version += 1
    current.save(update_fields=["left_on", "left_reason", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="forum.member_ended",
        obj=forum,
        region=forum.region,
        before={"member": str(current.public_id), "name": current.name, "left_on": None},
        after={"member": str(current.public_id), "left_on": str(left_on), "reason": current.left_reason},
    )
    return current


# --- meetings and documents ---------------------------------------------------------------------


@dataclass
class MeetingInput:
    held_on: date | None
    agenda: str
    place: str = ""
    attendance: int = 0
    attendees: str = ""
    minutes: str = ""
    follow_ups: str = ""


def meeting_errors(data: MeetingInput, *, today: date | None = None) -> Errors:
    errors: Errors = {}
    if data.held_on is None:
        _add(errors, "held_on", _("Tanggal rapat wajib diisi."))
    elif data.held_on > (today or _today()):
        _add(errors, "held_on", _("Rapat yang dicatat tidak boleh bertanggal di masa depan."))
    if not data.agenda.strip():
        _add(errors, "agenda", _("Agenda rapat wajib diisi."))
    if data.attendance < 0:
        _add(errors, "attendance", _("Jumlah hadir tidak boleh negatif."))
    return errors


@transaction.atomic
def meeting_record(*, actor: Any, forum: Forum, data: MeetingInput, today: date | None = None) -> ForumMeeting:
    _check_write(actor, forum.region)
    current = _lock(Forum, forum, None)
    _refuse(meeting_errors(data, today=today))
    assert data.held_on is not None  # checked by meeting_errors
    meeting = ForumMeeting(
        forum=current,
        held_on=data.held_on,
        place=data.place.strip(),
        agenda=data.agenda.strip(),
        attendance=data.attendance,
        attendees=data.attendees.strip(),
        minutes=data.minutes.strip(),
        follow_ups=data.follow_ups.strip(),
        created_by=_user(actor),
    )
    meeting.set_scope_keys(current.region)
    _clean(meeting, exclude=["created_by", "forum"])
    meeting.save()
    audit.record(
        actor=actor,
        action="forum.meeting_recorded",
        obj=current,
        region=current.region,
        after={"meeting": str(meeting.public_id), **audit.snapshot(meeting, MEETING_FIELDS)},
    )
    return meeting


@transaction.atomic
def document_add(
    *, actor: Any, forum: Forum, title: str, upload: UploadedFile, meeting: ForumMeeting | None = None
) -> ForumDocument:
    _check_write(actor, forum.region)
    current = _lock(Forum, forum, None)
    if not title.strip():
        raise ForumRefused({"title": [_("Judul dokumen wajib diisi.")]})
    if meeting is not None and meeting.forum_id != current.pk:
        raise ForumRefused({"meeting": [_("Rapat ini bukan milik forum ini.")]})
    checked = _checked_upload(upload, pdf_only=False)
    document = ForumDocument(
        forum=current,
        meeting=meeting,
        title=title.strip()[:200],
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=_user(actor),
    )
    document.set_scope_keys(current.region)
    document.file.save(checked.name, upload, save=False)
    document.save()
    audit.record(
        actor=actor,
        action="forum.document_added",
        obj=current,
        region=current.region,
        after={"document": document.title, "file": checked.name, "size": checked.size},
    )
    return document


# --- soft deletes of a forum's parts -------------------------------------------------------------


def _part_delete(
    model: Any, part: Any, *, actor: Any, reason: str, expected_version: int | None, action: str, before: dict[str, Any]
) -> Any:
    """Mark one member, meeting or document of a forum deleted with a reason (entered by mistake);
    the row stays, out of the forum's lists, and the audit event keeps what it was."""
    forum = part.forum
    _check_write(actor, forum.region)
    current = _lock(model, part, expected_version)
    if not reason.strip():
        raise ForumRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    current.mark_deleted(reason)
    audit.record(
        actor=actor, action=action, obj=forum, region=forum.region, before=before, after={"reason": reason.strip()}
    )
    return current


@transaction.atomic
def member_delete(*, actor: Any, member: ForumMember, reason: str, expected_version: int | None) -> ForumMember:
    """Soft delete of a membership recorded by mistake (a member who left is ended, not deleted)."""
    return _part_delete(
        ForumMember,
        member,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        action="forum.member_deleted",
        before={"member": str(member.public_id), "name": member.name, "position": member.position},
    )


@transaction.atomic
def meeting_delete(*, actor: Any, meeting: ForumMeeting, reason: str, expected_version: int | None) -> ForumMeeting:
    """Soft delete of a meeting recorded by mistake (its documents stay with the forum)."""
    return _part_delete(
        ForumMeeting,
        meeting,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        action="forum.meeting_deleted",
        before={"meeting": str(meeting.public_id), "held_on": str(meeting.held_on), "agenda": meeting.agenda[:200]},
    )


@transaction.atomic
def document_delete(*, actor: Any, document: ForumDocument, reason: str, expected_version: int | None) -> ForumDocument:
    """Soft delete of a document uploaded by mistake (the stored file is kept)."""
    return _part_delete(
        ForumDocument,
        document,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        action="forum.document_deleted",
        before={"document": str(document.public_id), "title": document.title, "file": document.original_name},
    )


# --- decrees nearing expiry ---------------------------------------------------------------------


def expiry_notices_send(*, as_of: date, within_days: int = 30) -> int:
    """Tell the region's officers about each decree ending within ``within_days`` days (and not yet
    renewed). Idempotent per decree and day: a second run on the same day sends nothing."""
    from django.urls import reverse

    from waspada.core.notifications import notify
    from waspada.forums import compliance, selectors

    sent = 0
    for decree in selectors.decrees_nearing_expiry(as_of, within_days):
        forum = decree.forum
        left = compliance.days_left(decree.valid_until, as_of) or 0
        until = decree.valid_until.strftime("%d-%m-%Y") if decree.valid_until else ""
        created = notify(
            users=selectors.operators_of(forum.region),
            kind="forum.decree_expiring",
            title=_("SK %(forum)s berakhir dalam %(days)s hari") % {"forum": forum, "days": left},
            body=_("SK %(number)s %(forum)s berlaku sampai %(until)s. Siapkan SK pembaruan dan catat di Waspada.")
            % {"number": decree.number, "forum": forum, "until": until},
            url=reverse("forums:detail", kwargs={"public_id": forum.public_id}),
            dedupe_key=f"forum-expiry:{decree.public_id}:{as_of.isoformat()}",
        )
        sent += len(created)
    return sent
