"""Writes for RAD Terpadu. Every function: keyword arguments, one transaction, the access rule
checked here (views and API stay thin), an audit event, nothing half-done.

Refusals raise ``PlanRefused`` (a Django ValidationError, by field where there is one) with an
Indonesian message; a stale ``expected_version`` raises ``StalePlanRecord``. Permission problems
raise ``PermissionDenied`` (403): the caller found the object in scope first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
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
from waspada.actionplans import periods
from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressEvidence, ProgressReport
from waspada.core import audit, notifications
from waspada.core.locking import StaleRecord, lock_current
from waspada.core.uploads import UploadRefused, check_document
from waspada.regions import access
from waspada.regions.models import Region

PLAN_LEVELS = ("provinsi", "kabupaten", "kota")
PLAN_FIELDS = ["title", "decree_number", "decree_date", "document_name", "year"]
ACTION_FIELDS = [
    "order",
    "stage",
    "activity",
    "responsible_units",
    "indicator",
    "target",
    "budget",
    "starts_on",
    "ends_on",
    "adjusted_for_covid",
    "adjusted_for_pilkada",
]
REPORT_FIELDS = ["status", "narrative", "first_submitted_at", "submitted_at", "decided_at", "return_reason"]


class PlanRefused(ValidationError):
    """A RAD Terpadu write that is not allowed or not valid; nothing was changed."""


class StalePlanRecord(StaleRecord, PlanRefused):
    """Another user saved this record after it was opened (409 in the API)."""


Errors = dict[str, list[str]]


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _refuse(errors: Errors) -> None:
    if errors:
        raise PlanRefused(errors)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lock(model: Any, obj: Any, expected_version: int | None) -> Any:
    return lock_current(model, obj, expected_version, stale=StalePlanRecord)


def _check_write(actor: Any, region: Region) -> None:
    if not access.can_write_action_plan(actor, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengubah RAD Terpadu wilayah ini."))


def _full_clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as exc:
        raise PlanRefused(exc.message_dict) from None


def _bump(obj: Any) -> None:
    obj.version += 1


# --- documents ---------------------------------------------------------------------------------


def _checked(upload: UploadedFile, field: str) -> Any:
    head = upload.read(16)
    upload.seek(0)
    try:
        return check_document(upload.name or "", upload.size or 0, head, settings.WASPADA_ATTACHMENT_MAX_BYTES)
    except UploadRefused as exc:
        raise PlanRefused({field: [str(exc)]}, code="upload") from None


# --- plans -------------------------------------------------------------------------------------


@dataclass
class PlanInput:
    region: Region
    year: int
    title: str
    decree_number: str = ""
    decree_date: date | None = None


def plan_errors(data: PlanInput, *, exclude_pk: int | None = None) -> Errors:
    errors: Errors = {}
    if data.region.level not in PLAN_LEVELS:
        _add(errors, "region", _("RAD Terpadu disusun oleh provinsi atau kabupaten/kota."))
    if not (2000 <= int(data.year or 0) <= 2100):
        _add(errors, "year", _("Tahun RAD tidak sah."))
    if not (data.title or "").strip():
        _add(errors, "title", _("Judul RAD wajib diisi."))
    if data.decree_date and not data.decree_number.strip():
        _add(errors, "decree_number", _("Nomor SK penetapan wajib diisi bila tanggalnya diisi."))
    if data.decree_number.strip() and not data.decree_date:
        _add(errors, "decree_date", _("Tanggal SK penetapan wajib diisi bila nomornya diisi."))
    if data.decree_date and data.year and data.decree_date.year > int(data.year):
        _add(errors, "decree_date", _("SK penetapan tidak boleh bertanggal setelah tahun RAD."))
    duplicate = ActionPlan.objects.alive().filter(region=data.region, year=data.year)
    if exclude_pk is not None:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        _add(
            errors,
            "year",
            _("%(region)s sudah memiliki RAD Terpadu tahun %(year)s.")
            % {"region": data.region.name, "year": data.year},
        )
    return errors


def _apply_plan(plan: ActionPlan, data: PlanInput) -> None:
    plan.region = data.region
    plan.set_scope_keys(data.region)
    plan.year = int(data.year)
    plan.title = data.title.strip()
    plan.decree_number = data.decree_number.strip()
    plan.decree_date = data.decree_date


def _attach_document(plan: ActionPlan, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    checked = _checked(upload, "document")
    plan.document.save(checked.name, upload, save=False)
    plan.document_name = checked.name
    plan.document_type = checked.content_type
    plan.document_size = checked.size


@transaction.atomic
def plan_create(*, actor: Any, data: PlanInput, document: UploadedFile | None = None) -> ActionPlan:
    _check_write(actor, data.region)
    _refuse(plan_errors(data))
    plan = ActionPlan(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _apply_plan(plan, data)
    _full_clean(plan, exclude=["document", "created_by"])
    if document is not None:
        _checked(document, "document")  # refuse before anything is stored
    plan.save()
    _attach_document(plan, document)
    if document is not None:
        plan.save()
    audit.record(
        actor=actor, action="action_plan.created", obj=plan, region=plan.region, after=audit.snapshot(plan, PLAN_FIELDS)
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: ActionPlan,
    data: PlanInput,
    expected_version: int | None,
    document: UploadedFile | None = None,
) -> ActionPlan:
    _check_write(actor, plan.region)
    if data.region.pk != plan.region_id:
        raise PlanRefused({"region": [_("Wilayah RAD tidak dapat diubah.")]})
    current = _lock(ActionPlan, plan, expected_version)
    if current.deleted_at is not None:
        raise PlanRefused(_("RAD ini sudah dihapus."), code="deleted")
    _refuse(plan_errors(data, exclude_pk=current.pk))
    if data.year != current.year and current.reports.exists():
        raise PlanRefused({"year": [_("Tahun RAD yang sudah memiliki laporan kemajuan tidak dapat diubah.")]})
    if document is not None:
        _checked(document, "document")
    before = audit.snapshot(current, PLAN_FIELDS)
    _apply_plan(current, data)
    _full_clean(current, exclude=["document", "created_by"])
    _attach_document(current, document)
    _bump(current)
    current.save()
    audit.record(
        actor=actor,
        action="action_plan.updated",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, PLAN_FIELDS),
    )
    return current


@transaction.atomic
def plan_delete(*, actor: Any, plan: ActionPlan, reason: str, expected_version: int | None) -> ActionPlan:
    """Soft delete with a reason (the plan stays for the audit trail)."""
    _check_write(actor, plan.region)
    current = _lock(ActionPlan, plan, expected_version)
    if current.deleted_at is not None:
        raise PlanRefused(_("RAD ini sudah dihapus."), code="deleted")
    if not (reason or "").strip():
        raise PlanRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    if current.reports.exclude(status=ProgressReport.Status.DRAFT).exists():
        raise PlanRefused(_("RAD yang laporan kemajuannya sudah dikirim tidak dapat dihapus."), code="has_reports")
    current.mark_deleted(reason)
    audit.record(
        actor=actor, action="action_plan.deleted", obj=current, region=current.region, after={"reason": reason.strip()}
    )
    return current


# --- actions -----------------------------------------------------------------------------------


@dataclass
class ActionInput:
    stage: str
    activity: str
    responsible_units: str
    indicator: str
    target: str
    budget: Any
    starts_on: date | None
    ends_on: date | None
    adjusted_for_covid: bool = False
    adjusted_for_pilkada: bool = False
    order: int | None = None


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return Decimal("0")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite():
        return None
    return amount


def action_errors(plan: ActionPlan, data: ActionInput) -> Errors:
    errors: Errors = {}
    if data.stage not in Action.Stage.values:
        _add(errors, "stage", _("Pilih tahap penanganan: pencegahan, penghentian atau pemulihan."))
    for name, label in (
        ("activity", _("Kegiatan")),
        ("responsible_units", _("Penanggung jawab")),
        ("indicator", _("Indikator")),
        ("target", _("Target")),
    ):
        if not str(getattr(data, name) or "").strip():
            _add(errors, name, _("%(field)s wajib diisi.") % {"field": label})
    amount = _money(data.budget)
    if amount is None:
        _add(errors, "budget", _("Anggaran harus berupa angka rupiah."))
    elif amount < 0:
        _add(errors, "budget", _("Anggaran tidak boleh negatif."))
    elif amount >= Decimal("1e16"):
        _add(errors, "budget", _("Anggaran terlalu besar."))
    if data.starts_on is None:
        _add(errors, "starts_on", _("Tanggal mulai wajib diisi."))
    if data.ends_on is None:
        _add(errors, "ends_on", _("Tanggal selesai wajib diisi."))
    if data.starts_on and data.ends_on:
        if data.ends_on < data.starts_on:
            _add(errors, "ends_on", _("Jadwal selesai tidak boleh sebelum jadwal mulai."))
        if data.starts_on.year != plan.year and data.ends_on.year != plan.year:
            _add(errors, "starts_on", _("Jadwal aksi harus berada dalam tahun RAD (%(year)s).") % {"year": plan.year})
    return errors


def _apply_action(action: Action, data: ActionInput) -> None:
    action.stage = data.stage
    action.activity = data.activity.strip()
    action.responsible_units = data.responsible_units.strip()
    action.indicator = data.indicator.strip()
    action.target = data.target.strip()
    action.budget = (_money(data.budget) or Decimal("0")).quantize(Decimal("0.01"))
    action.starts_on = data.starts_on  # type: ignore[assignment]
    action.ends_on = data.ends_on  # type: ignore[assignment]
    action.adjusted_for_covid = bool(data.adjusted_for_covid)
    action.adjusted_for_pilkada = bool(data.adjusted_for_pilkada)
    if data.order:
        action.order = data.order


@transaction.atomic
def action_create(*, actor: Any, plan: ActionPlan, data: ActionInput) -> Action:
    _check_write(actor, plan.region)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.deleted_at is not None:
        raise PlanRefused(_("RAD ini sudah dihapus."), code="deleted")
    _refuse(action_errors(plan, data))
    action = Action(plan=plan)
    last = plan.actions.order_by("-order").values_list("order", flat=True).first()
    action.order = (last or 0) + 1
    _apply_action(action, data)
    _full_clean(action)
    action.save()
    # Open drafts gain a row for the new action.
    for report in plan.reports.filter(status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED]):
        ProgressEntry.objects.get_or_create(report=report, action=action)
    audit.record(
        actor=actor,
        action="action.created",
        obj=action,
        region=plan.region,
        after=audit.snapshot(action, ACTION_FIELDS),
    )
    return action


@transaction.atomic
def action_update(*, actor: Any, action: Action, data: ActionInput, expected_version: int | None) -> Action:
    _check_write(actor, action.plan.region)
    current = _lock(Action, action, expected_version)
    if current.deleted_at is not None:
        raise PlanRefused(_("Aksi ini sudah dihapus."), code="deleted")
    _refuse(action_errors(current.plan, data))
    before = audit.snapshot(current, ACTION_FIELDS)
    _apply_action(current, data)
    _full_clean(current)
    _bump(current)
    current.save()
    audit.record(
        actor=actor,
        action="action.updated",
        obj=current,
        region=current.plan.region,
        before=before,
        after=audit.snapshot(current, ACTION_FIELDS),
    )
    return current


@transaction.atomic
def action_delete(*, actor: Any, action: Action, reason: str, expected_version: int | None) -> Action:
    _check_write(actor, action.plan.region)
    current = _lock(Action, action, expected_version)
    if current.deleted_at is not None:
        raise PlanRefused(_("Aksi ini sudah dihapus."), code="deleted")
    if not (reason or "").strip():
        raise PlanRefused({"reason": [_("Alasan penghapusan wajib diisi.")]})
    current.mark_deleted(reason)
    # Rows of drafts go; submitted reports keep what was reported.
    ProgressEntry.objects.filter(
        action=current, report__status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED]
    ).delete()
    audit.record(
        actor=actor, action="action.deleted", obj=current, region=current.plan.region, after={"reason": reason.strip()}
    )
    return current


# --- progress reports --------------------------------------------------------------------------


@transaction.atomic
def progress_report_open(
    *, actor: Any, plan: ActionPlan, period: periods.Period, now: datetime | None = None
) -> ProgressReport:
    """Open (or return the existing) progress report of a plan for one period that has ended."""
    _check_write(actor, plan.region)
    moment = _now(now)
    if plan.deleted_at is not None:
        raise PlanRefused(_("RAD ini sudah dihapus."), code="deleted")
    if period.year != plan.year:
        raise PlanRefused(
            {
                "period": [
                    _("Periode %(period)s bukan periode RAD tahun %(year)s.")
                    % {"period": period.label, "year": plan.year}
                ]
            }
        )
    zone = plan.region.timezone
    if not periods.has_ended(period, zone, moment):
        raise PlanRefused(
            {
                "period": [
                    _("Periode %(period)s belum berakhir; laporan kemajuan baru dapat dibuat mulai %(day)s.")
                    % {"period": period.label, "day": f"{periods.ends_at(period, zone):%d-%m-%Y}"}
                ]
            },
            code="period_not_ended",
        )
    existing = ProgressReport.objects.filter(plan=plan, period=period.code).first()
    if existing is not None:
        return existing
    report = ProgressReport(
        plan=plan,
        region=plan.region,
        year=plan.year,
        period=period.code,
        deadline=periods.deadline(period, zone),
    )
    report.set_scope_keys(plan.region)
    report.save()
    ProgressEntry.objects.bulk_create(
        [ProgressEntry(report=report, action=a) for a in plan.actions.alive().order_by("order", "id")]
    )
    audit.record(
        actor=actor, action="progress_report.opened", obj=report, region=report.region, after={"period": period.key}
    )
    return report


@dataclass
class EntryInput:
    realisation: Any
    narrative: str = ""


def _percent(value: Any) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def entry_errors(report: ProgressReport, entries: Mapping[Any, EntryInput]) -> Errors:
    """Errors keyed ``entry-<action public id>`` (or ``entries`` for an unknown action)."""
    errors: Errors = {}
    actions = {str(e.action.public_id): e for e in report.entries.select_related("action")}
    for key, data in entries.items():
        entry = actions.get(str(key))
        if entry is None:
            _add(errors, "entries", _("Aksi %(key)s tidak ada dalam laporan ini.") % {"key": key})
            continue
        name = f"entry-{key}"
        amount = _percent(data.realisation)
        label = entry.action.activity
        if amount is None:
            _add(errors, name, _("Realisasi '%(action)s' harus berupa angka persen.") % {"action": label})
        elif amount < 0 or amount > 100:
            _add(
                errors,
                name,
                _("Realisasi '%(action)s' harus antara 0 dan 100 %% (diisi %(value)s).")
                % {"action": label, "value": amount},
            )
    return errors


def _check_editable(report: ProgressReport) -> None:
    if not report.is_editable:
        raise PlanRefused(
            _("Laporan berstatus %(status)s tidak dapat diubah.") % {"status": report.get_status_display()},
            code="status",
        )


@transaction.atomic
def progress_report_save(
    *,
    actor: Any,
    report: ProgressReport,
    entries: Mapping[Any, EntryInput],
    narrative: str | None = None,
    expected_version: int | None,
) -> ProgressReport:
    """Store realisation per action (keyed by the action's public id); all or nothing."""
    _check_write(actor, report.region)
    current = _lock(ProgressReport, report, expected_version)
    _check_editable(current)
    _refuse(entry_errors(current, entries))
    before = audit.snapshot(current, REPORT_FIELDS)
    changed: dict[str, str] = {}
    by_action = {str(e.action.public_id): e for e in current.entries.select_related("action")}
    for key, data in entries.items():
        entry = by_action[str(key)]
        amount = (_percent(data.realisation) or Decimal("0")).quantize(Decimal("0.01"))
        text = (data.narrative or "").strip()
        if entry.realisation != amount or entry.narrative != text:
            entry.realisation = amount
            entry.narrative = text
            entry.version += 1
            entry.save(update_fields=["realisation", "narrative", "version", "updated_at"])
            changed[str(key)] = str(amount)
    if narrative is not None:
        current.narrative = narrative.strip()
    _bump(current)
    current.save()
    audit.record(
        actor=actor,
        action="progress_report.saved",
        obj=current,
        region=current.region,
        before=before,
        after={**audit.snapshot(current, REPORT_FIELDS), "realisation": changed},
    )
    return current


def _verifiers_of(region: Region) -> list[Any]:
    if region.is_province:
        qs = RoleAssignment.objects.active().filter(region__isnull=True, role=Role.ANALIS)
    else:
        qs = RoleAssignment.objects.active().filter(region=region.province, role=Role.VERIFIKATOR)
    return [a.user for a in qs.select_related("user")]


def _writers_of(region: Region) -> list[Any]:
    role = Role.VERIFIKATOR if region.is_province else Role.OPERATOR
    return [a.user for a in RoleAssignment.objects.active().filter(region=region, role=role).select_related("user")]


def _report_url(report: ProgressReport) -> str:
    return reverse("actionplans:report_detail", kwargs={"public_id": report.public_id})


@transaction.atomic
def progress_report_submit(
    *, actor: Any, report: ProgressReport, expected_version: int | None, now: datetime | None = None
) -> ProgressReport:
    _check_write(actor, report.region)
    current = _lock(ProgressReport, report, expected_version)
    _check_editable(current)
    moment = _now(now)
    if not current.entries.exists():
        raise PlanRefused(_("Laporan tanpa aksi tidak dapat dikirim; isi aksi RAD terlebih dahulu."), code="empty")
    before = audit.snapshot(current, REPORT_FIELDS)
    current.status = ProgressReport.Status.SUBMITTED
    current.submitted_at = moment
    current.submitted_by = actor
    if current.first_submitted_at is None:
        current.first_submitted_at = moment
    _bump(current)
    current.save()
    audit.record(
        actor=actor,
        action="progress_report.submitted",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, REPORT_FIELDS),
    )
    notifications.notify(
        users=_verifiers_of(current.region),
        kind="progress_report.submitted",
        title=_("Laporan kemajuan RAD %(report)s menunggu verifikasi") % {"report": str(current)},
        url=_report_url(current),
    )
    return current


@transaction.atomic
def progress_report_verify(
    *, actor: Any, report: ProgressReport, expected_version: int | None, now: datetime | None = None
) -> ProgressReport:
    if not access.can_verify_progress(actor, report.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang memverifikasi laporan ini."))
    current = _lock(ProgressReport, report, expected_version)
    if current.status != ProgressReport.Status.SUBMITTED:
        raise PlanRefused(_("Hanya laporan yang sudah dikirim yang dapat diverifikasi."), code="status")
    before = audit.snapshot(current, REPORT_FIELDS)
    current.status = ProgressReport.Status.VERIFIED
    current.decided_at = _now(now)
    current.decided_by = actor
    _bump(current)
    current.save()
    audit.record(
        actor=actor,
        action="progress_report.verified",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, REPORT_FIELDS),
    )
    return current


@transaction.atomic
def progress_report_return(
    *, actor: Any, report: ProgressReport, reason: str, expected_version: int | None, now: datetime | None = None
) -> ProgressReport:
    """Send a submitted report back with a reason (it stays counted as received)."""
    if not access.can_verify_progress(actor, report.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengembalikan laporan ini."))
    if not (reason or "").strip():
        raise PlanRefused({"reason": [_("Tuliskan alasan pengembalian.")]}, code="reason")
    current = _lock(ProgressReport, report, expected_version)
    if current.status not in (ProgressReport.Status.SUBMITTED, ProgressReport.Status.VERIFIED):
        raise PlanRefused(_("Hanya laporan yang sudah dikirim yang dapat dikembalikan."), code="status")
    before = audit.snapshot(current, REPORT_FIELDS)
    current.status = ProgressReport.Status.RETURNED
    current.return_reason = reason.strip()
    current.decided_at = _now(now)
    current.decided_by = actor
    _bump(current)
    current.save()
    audit.record(
        actor=actor,
        action="progress_report.returned",
        obj=current,
        region=current.region,
        before=before,
        after=audit.snapshot(current, REPORT_FIELDS),
    )
    notifications.notify(
        users=_writers_of(current.region),
        kind="progress_report.returned",
        title=_("Laporan kemajuan RAD %(report)s dikembalikan") % {"report": str(current)},
        body=current.return_reason,
        url=_report_url(current),
    )
    return current


@transaction.atomic
def evidence_add(*, actor: Any, entry: ProgressEntry, upload: UploadedFile) -> ProgressEvidence:
    report = entry.report
    _check_write(actor, report.region)
    _check_editable(report)
    checked = _checked(upload, "file")
    evidence = ProgressEvidence(
        entry=entry,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    evidence.file.save(checked.name, upload, save=False)
    evidence.save()
    audit.record(
        actor=actor,
        action="progress_report.evidence_added",
        obj=report,
        region=report.region,
        after={"action": str(entry.action.public_id), "file": checked.name, "size": checked.size},
    )
    return evidence
