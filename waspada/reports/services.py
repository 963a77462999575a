"""Writes for weekly situation reports. Every function: keyword arguments, one transaction,
the access rule checked here (views and API are thin), an audit event, nothing half-done.

Refusals raise ``ReportRefused`` (a Django ValidationError) with an Indonesian message; a stale
version raises ``StaleReport`` naming who changed the report and when.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts.models import RoleAssignment
from waspada.accounts.roles import Role
from waspada.core import audit, notifications
from waspada.core.timezones import format_local
from waspada.core.uploads import UploadRefused, check_document
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports import calendar, templating
from waspada.reports.models import (
    ReportAttachment,
    ReportComment,
    ReportingPeriod,
    ReportingProgramme,
    ReportSnapshot,
    SituationLevel,
    SituationReport,
)

DEFAULT_PROGRAMME = "lapsit-mingguan"
AUDITED_FIELDS = ["status", "is_nil", "content", "version", "return_reason", "reopened_until", "reopen_reason"]


class ReportRefused(ValidationError):
    """A write that is not allowed now; nothing was changed."""


class StaleReport(ReportRefused):
    """The report changed since the user read it; their save was refused, nothing overwritten."""

    def __init__(self, report: SituationReport) -> None:
        who = report.updated_by.full_name or report.updated_by.username
        when = format_local(report.updated_at, report.region.timezone)
        super().__init__(
            _(
                "Laporan ini sudah diubah oleh %(who)s pada %(when)s setelah Anda membukanya. "
                "Perubahan Anda tidak disimpan; muat ulang laporan lalu ulangi."
            )
            % {"who": who, "when": when},
            code="stale",
        )
        self.current_version = report.version


# --- programme and periods ---------------------------------------------------------------------


def programme_default() -> ReportingProgramme:
    return ReportingProgramme.objects.select_related("template").get(code=DEFAULT_PROGRAMME)


def period_open(*, programme: ReportingProgramme, week: calendar.Week) -> tuple[ReportingPeriod, bool]:
    """Open one week (idempotent). Returns the period and whether it was created now."""
    return ReportingPeriod.objects.get_or_create(
        programme=programme, key=week.key, defaults={"start": week.start, "end": week.end}
    )


def periods_open_through(
    *, programme: ReportingProgramme, last: calendar.Week, first: calendar.Week | None = None
) -> list[ReportingPeriod]:
    """Open every week from ``first`` (default: ``last``) to ``last``; returns those created."""
    created = []
    for week in calendar.weeks_between(first or last, last):
        period, was_created = period_open(programme=programme, week=week)
        if was_created:
            created.append(period)
    return created


# --- checks shared by the writes -------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _check_can_write(user: Any, region: Region) -> None:
    if not access.can_write_report(user, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang menulis laporan wilayah ini."))


def _check_period_accepts(
    programme: ReportingProgramme, period: ReportingPeriod, region: Region, now: datetime
) -> None:
    if period.programme_id != programme.pk:
        raise ReportRefused(_("Periode ini bukan milik program pelaporan ini."), code="period")
    if not programme.expects_level(region.level):
        raise ReportRefused(_("Wilayah tingkat ini tidak wajib melapor."), code="level")
    if not region.is_valid_on(period.start):
        raise ReportRefused(
            _("%(region)s belum/tidak lagi berlaku pada periode %(period)s.")
            % {"region": region.name, "period": period.key},
            code="validity",
        )
    if now < calendar.opens_at(period.week, region.timezone):
        raise ReportRefused(
            _("Periode %(period)s belum dibuka; laporan dapat ditulis mulai %(opens)s.")
            % {
                "period": period.key,
                "opens": format_local(calendar.opens_at(period.week, region.timezone), region.timezone),
            },
            code="not_open",
        )


def _check_not_locked_for_new(
    programme: ReportingProgramme, period: ReportingPeriod, region: Region, now: datetime
) -> None:
    lock = programme.edit_lock_for(period.week, region.timezone)
    if now >= lock:
        raise ReportRefused(
            _("Periode %(period)s terkunci sejak %(lock)s. Minta verifikator membukanya kembali.")
            % {"period": period.key, "lock": format_local(lock, region.timezone)},
            code="locked",
        )


def _check_editable(report: SituationReport, now: datetime) -> None:
    if not report.is_editable_status:
        raise ReportRefused(
            _("Laporan berstatus %(status)s tidak dapat diubah.") % {"status": report.get_status_display()},
            code="status",
        )
    if report.is_locked(now):
        raise ReportRefused(
            _("Laporan periode %(period)s terkunci sejak %(lock)s. Minta verifikator membukanya kembali.")
            % {"period": report.period.key, "lock": format_local(report.edit_lock, report.zone)},
            code="locked",
        )


def _check_version(report: SituationReport, version: int | None) -> None:
    if version is None or int(version) != report.version:
        raise StaleReport(report)


def _level_ranks() -> dict[str, int]:
    return dict(SituationLevel.objects.values_list("code", "rank"))


def _clean(report_template: Any, content: Any, *, complete: bool) -> dict[str, Any]:
    ranks = _level_ranks()
    cleaned, errors = templating.clean_content(report_template.parsed, content, ranks.keys(), complete=complete)
    if errors:
        raise ReportRefused(errors, code="invalid")
    return cleaned


def _derive(report: SituationReport) -> None:
    """Keep the denormalised search text and highest level in step with the content."""
    ranks = _level_ranks()
    report.search_text = templating.search_text(report.content)
    levels = [ranks[c] for c in templating.section_levels(report.content).values() if c in ranks]
    report.max_level_rank = max(levels) if levels else None


def _locked(report: SituationReport) -> SituationReport:
    """Re-read the report inside the transaction, locking its row where the database can."""
    return (
        SituationReport.objects.select_for_update(of=("self",))
        .select_related("region", "period", "programme", "template", "updated_by")
        .get(pk=report.pk)
    )


def _save(report: SituationReport, user: Any, action: str, before: dict[str, Any] | None) -> SituationReport:
    report.updated_by = user
    report.version += 1
    report.full_clean()
    report.save()
    audit.record(
        actor=user,
        action=action,
        obj=report,
        region=report.region,
        before=before,
        after=audit.snapshot(report, AUDITED_FIELDS),
    )
    return report


# --- writing -----------------------------------------------------------------------------------


@transaction.atomic
def report_save_draft(
    *,
    user: Any,
    region: Region,
    period: ReportingPeriod,
    content: Any,
    version: int | None,
    now: datetime | None = None,
) -> SituationReport:
    """Create or update the draft of ``region``'s report for ``period``.

    ``version`` is the version the user read (None for a new report); a mismatch is refused.
    """
    moment = _now(now)
    _check_can_write(user, region)
    programme = period.programme
    _check_period_accepts(programme, period, region, moment)
    existing = SituationReport.objects.filter(period=period, region=region).first()
    if existing is None:
        if version not in (None, 0):
            raise ReportRefused(_("Laporan tidak ditemukan."), code="missing")
        _check_not_locked_for_new(programme, period, region, moment)
        cleaned = _clean(programme.template, content, complete=False)
        report = SituationReport(
            programme=programme,
            period=period,
            region=region,
            template=programme.template,
            content=cleaned,
            created_by=user,
            updated_by=user,
            version=0,
            deadline=programme.deadline_for(period.week, region.timezone),
        )
        report.set_scope_keys(region)
        _derive(report)
        return _save(report, user, "report.draft_saved", None)
    report = _locked(existing)
    _check_version(report, version)
    _check_editable(report, moment)
    before = audit.snapshot(report, AUDITED_FIELDS)
    report.content = _clean(report.template, content, complete=False)
    report.is_nil = False
    _derive(report)
    return _save(report, user, "report.draft_saved", before)


def _snapshot(report: SituationReport, user: Any, moment: datetime) -> ReportSnapshot:
    payload = json.dumps(
        {"is_nil": report.is_nil, "content": report.content, "template": report.template_id},
        sort_keys=True,
        ensure_ascii=False,
    )
    number = report.snapshots.count() + 1
    return ReportSnapshot.objects.create(
        report=report,
        number=number,
        submitted_at=moment,
        submitted_by=user,
        template=report.template,
        is_nil=report.is_nil,
        content=report.content,
        content_hash=hashlib.sha256(payload.encode()).hexdigest(),
    )


def _mark_submitted(report: SituationReport, user: Any, moment: datetime) -> None:
    report.status = SituationReport.Status.SUBMITTED
    report.submitted_at = moment
    report.submitted_by = user
    if report.first_submitted_at is None:
        report.first_submitted_at = moment
    report.return_reason = ""


@transaction.atomic
def report_submit(
    *,
    user: Any,
    report: SituationReport,
    version: int,
    content: Any | None = None,
    now: datetime | None = None,
) -> SituationReport:
    """Submit a draft or a returned report (optionally with its final content)."""
    moment = _now(now)
    _check_can_write(user, report.region)
    _check_period_accepts(report.programme, report.period, report.region, moment)
    report = _locked(report)
    _check_version(report, version)
    _check_editable(report, moment)
    before = audit.snapshot(report, AUDITED_FIELDS)
    if content is not None:
        report.content = content
        report.is_nil = False
    if not report.is_nil:
        report.content = _clean(report.template, report.content, complete=True)
    _derive(report)
    _mark_submitted(report, user, moment)
    _save(report, user, "report.submitted", before)
    _snapshot(report, user, moment)
    return report


@transaction.atomic
def report_submit_nil(
    *,
    user: Any,
    region: Region,
    period: ReportingPeriod,
    version: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> SituationReport:
    """Laporan nihil: "nothing significant this week", created and submitted in one step."""
    moment = _now(now)
    _check_can_write(user, region)
    programme = period.programme
    _check_period_accepts(programme, period, region, moment)
    note = note.strip()[: templating.NARRATIVE_MAX]
    content = {"sections": {}, "nil_note": note}
    existing = SituationReport.objects.filter(period=period, region=region).first()
    if existing is None:
        _check_not_locked_for_new(programme, period, region, moment)
        report = SituationReport(
            programme=programme,
            period=period,
            region=region,
            template=programme.template,
            created_by=user,
            updated_by=user,
            version=0,
            deadline=programme.deadline_for(period.week, region.timezone),
        )
        report.set_scope_keys(region)
        before = None
    else:
        report = _locked(existing)
        if version is not None:
            _check_version(report, version)
        _check_editable(report, moment)
        before = audit.snapshot(report, AUDITED_FIELDS)
    report.is_nil = True
    report.content = content
    report.search_text = note
    report.max_level_rank = None
    _mark_submitted(report, user, moment)
    _save(report, user, "report.nil_submitted", before)
    _snapshot(report, user, moment)
    return report


# --- deciding ----------------------------------------------------------------------------------


def _check_status(report: SituationReport, *allowed: str) -> None:
    if report.status not in allowed:
        raise ReportRefused(
            _("Tindakan ini tidak dapat dilakukan pada laporan berstatus %(status)s.")
            % {"status": report.get_status_display()},
            code="status",
        )


def _writers_of(region: Region) -> list[Any]:
    role = Role.VERIFIKATOR if region.is_province else Role.OPERATOR
    return [a.user for a in RoleAssignment.objects.active().filter(region=region, role=role).select_related("user")]


def _report_url(report: SituationReport) -> str:
    return reverse("reports:detail", kwargs={"public_id": report.public_id})


@transaction.atomic
def report_verify(*, user: Any, report: SituationReport, version: int, now: datetime | None = None) -> SituationReport:
    if not access.can_verify_report(user, report):
        raise PermissionDenied(_("Peran Anda tidak berwenang memverifikasi laporan ini."))
    report = _locked(report)
    _check_version(report, version)
    _check_status(report, SituationReport.Status.SUBMITTED)
    before = audit.snapshot(report, AUDITED_FIELDS)
    report.status = SituationReport.Status.VERIFIED
    report.decided_at = _now(now)
    report.decided_by = user
    return _save(report, user, "report.verified", before)


@transaction.atomic
def report_return(
    *, user: Any, report: SituationReport, version: int, reason: str, now: datetime | None = None
) -> SituationReport:
    """Send a submitted report back to its writer with a reason (it stays counted as received)."""
    if not access.can_verify_report(user, report):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengembalikan laporan ini."))
    reason = (reason or "").strip()
    if not reason:
        raise ReportRefused({"reason": _("Tuliskan alasan pengembalian.")}, code="reason")
    report = _locked(report)
    _check_version(report, version)
    _check_status(report, SituationReport.Status.SUBMITTED, SituationReport.Status.VERIFIED)
    before = audit.snapshot(report, AUDITED_FIELDS)
    moment = _now(now)
    report.status = SituationReport.Status.RETURNED
    report.return_reason = reason
    report.decided_at = moment
    report.decided_by = user
    # A returned report must be fixable even when the edit-lock has passed.
    if report.is_locked(moment):
        report.reopened_until = moment + report.programme.edit_lock_after
        report.reopen_reason = reason
    _save(report, user, "report.returned", before)
    notifications.notify(
        users=_writers_of(report.region),
        kind="report.returned",
        title=_("Laporan %(period)s dikembalikan") % {"period": report.period.key},
        body=reason,
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_accept(*, user: Any, report: SituationReport, version: int, now: datetime | None = None) -> SituationReport:
    if not access.can_accept_report(user, report):
        raise PermissionDenied(_("Hanya analis nasional yang dapat menerima laporan."))
    report = _locked(report)
    _check_version(report, version)
    _check_status(report, SituationReport.Status.VERIFIED)
    before = audit.snapshot(report, AUDITED_FIELDS)
    report.status = SituationReport.Status.ACCEPTED
    report.accepted_at = _now(now)
    report.accepted_by = user
    return _save(report, user, "report.accepted", before)


@transaction.atomic
def report_reopen(
    *, user: Any, report: SituationReport, reason: str, days: int | None = None, now: datetime | None = None
) -> SituationReport:
    """Lift the edit-lock of a report for ``days`` (default: the programme's lock length)."""
    if not access.can_verify_report(user, report):
        raise PermissionDenied(_("Peran Anda tidak berwenang membuka kembali laporan ini."))
    reason = (reason or "").strip()
    if not reason:
        raise ReportRefused({"reason": _("Tuliskan alasan membuka kembali.")}, code="reason")
    report = _locked(report)
    moment = _now(now)
    before = audit.snapshot(report, AUDITED_FIELDS)
    length = timedelta(days=days) if days else report.programme.edit_lock_after
    report.reopened_until = moment + length
    report.reopen_reason = reason
    return _save(report, user, "report.reopened", before)


@transaction.atomic
def report_reopen_period(
    *, user: Any, region: Region, period: ReportingPeriod, reason: str, now: datetime | None = None
) -> SituationReport:
    """Reopen a locked period for a region that has no report yet: an empty draft is created
    with the lock lifted, so its writer can still report. An existing report is reopened."""
    existing = SituationReport.objects.filter(period=period, region=region).first()
    if existing is not None:
        return report_reopen(user=user, report=existing, reason=reason, now=now)
    programme = period.programme
    probe = SituationReport(programme=programme, period=period, region=region)
    if not access.can_verify_report(user, probe):
        raise PermissionDenied(_("Peran Anda tidak berwenang membuka kembali laporan ini."))
    reason = (reason or "").strip()
    if not reason:
        raise ReportRefused({"reason": _("Tuliskan alasan membuka kembali.")}, code="reason")
    moment = _now(now)
    if not programme.expects_level(region.level) or not region.is_valid_on(period.start):
        raise ReportRefused(_("Wilayah ini tidak wajib melapor pada periode ini."), code="level")
    report = SituationReport(
        programme=programme,
        period=period,
        region=region,
        template=programme.template,
        content={"sections": {}},
        created_by=user,
        updated_by=user,
        version=0,
        deadline=programme.deadline_for(period.week, region.timezone),
        reopened_until=moment + programme.edit_lock_after,
        reopen_reason=reason,
    )
    report.set_scope_keys(region)
    return _save(report, user, "report.reopened", None)


# --- comments and attachments ----------------------------------------------------------------


@transaction.atomic
def report_comment_add(*, user: Any, report: SituationReport, body: str) -> ReportComment:
    if not access.can_comment_report(user, report):
        raise PermissionDenied(_("Peran Anda tidak berwenang memberi catatan."))
    body = (body or "").strip()
    if not body:
        raise ReportRefused({"body": _("Catatan tidak boleh kosong.")}, code="empty")
    if len(body) > 5000:
        raise ReportRefused({"body": _("Catatan paling banyak 5.000 karakter.")}, code="too_long")
    comment = ReportComment(report=report, author=user, body=body)
    comment.full_clean()
    comment.save()
    audit.record(actor=user, action="report.comment_added", obj=report, region=report.region, after={"body": body})
    return comment


@transaction.atomic
def attachment_add(
    *, user: Any, report: SituationReport, upload: UploadedFile, now: datetime | None = None
) -> ReportAttachment:
    """Attach a document while the report can still be written."""
    _check_can_write(user, report.region)
    _check_editable(report, _now(now))
    head = upload.read(16)
    upload.seek(0)
    try:
        checked = check_document(upload.name or "", upload.size or 0, head, settings.WASPADA_ATTACHMENT_MAX_BYTES)
    except UploadRefused as exc:
        raise ReportRefused({"file": str(exc)}, code="upload") from None
    attachment = ReportAttachment(
        report=report,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    audit.record(
        actor=user,
        action="report.attachment_added",
        obj=report,
        region=report.region,
        after={"attachment": checked.name, "size": checked.size},
    )
    return attachment


@transaction.atomic
def attachment_remove(
    *, user: Any, attachment: ReportAttachment, reason: str, now: datetime | None = None
) -> ReportAttachment:
    """Soft-delete an attachment (the file stays in storage, hidden, with the reason)."""
    report = attachment.report
    _check_can_write(user, report.region)
    _check_editable(report, _now(now))
    if attachment.deleted_at is not None:
        return attachment
    attachment.deleted_at = _now(now)
    attachment.deleted_reason = (reason or "").strip() or _("dihapus oleh penulis laporan")
    attachment.save(update_fields=["deleted_at", "deleted_reason", "updated_at"])
    audit.record(
        actor=user,
        action="report.attachment_removed",
        obj=report,
        region=report.region,
        before={"attachment": attachment.original_name},
        after={"reason": attachment.deleted_reason},
    )
    return attachment
