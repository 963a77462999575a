"""Laporan Informasi (LI): the writes — submit (with attachments), and the analyst's actions: open
an alert from an LI, link it to an alert or an incident, turn it into a draft incident.

Every write checks the user's right here (``waspada.regions.access``) and records an audit event.
Bad input raises :class:`InformationReportRefused` (Indonesian, per field; nothing written); a
role without the right raises ``PermissionDenied``; an LI the user may not read answers 404 (the
need-to-know rules of ``access.information_report_q``). Analyst actions carry the version the
user read (optimistic locking): a stale one raises :class:`StaleInformationReport`.

The alerts module (``waspada.alerts.services``) offers no "open from an LI" service, so the alert
is created here (:func:`open_alert`) with an ``AlertAction`` of kind *opened* and an audit event,
like a detection run's alert but without a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.accounts.roles import Role
from waspada.alerts.models import (
    Alert,
    AlertAction,
    Grade,
    InformationReport,
    InformationReportAttachment,
)
from waspada.core import audit
from waspada.core.timezones import to_local
from waspada.core.uploads import UploadRefused, check_document
from waspada.regions import access
from waspada.regions.models import Region

SUBMIT_ROLES = frozenset({Role.FKDM, Role.OPERATOR, Role.ANALIS, Role.VERIFIKATOR})
MAX_ATTACHMENTS = 10
MAX_TEXT = 10_000
MAX_NOTE = 5_000
AUDITED_FIELDS = [
    "title",
    "region",
    "classification",
    "status",
    "source_grade",
    "information_grade",
    "obtained_at",
    "version",
]
# Short fields (CharField max_length in the model) and long ones (TextField, capped here).
SHORT_FIELDS = {
    "title": 200,
    "source_description": 200,
    "source_relation": 200,
    "obtained_how": 200,
    "fact_when": 200,
    "fact_where": 200,
}
LONG_FIELDS = ("fact_what", "fact_who", "fact_how", "fact_why", "opinion")
REQUIRED_FIELDS = {
    "title": gettext_lazy("Perihal wajib diisi."),
    "source_description": gettext_lazy("Sumber informasi wajib diisi."),
    "obtained_how": gettext_lazy("Cara memperoleh informasi wajib diisi."),
    "fact_what": gettext_lazy("Fakta 'apa' wajib diisi."),
    "fact_when": gettext_lazy("Fakta 'bilamana' wajib diisi."),
    "fact_where": gettext_lazy("Fakta 'di mana' wajib diisi."),
}


class InformationReportRefused(ValidationError):
    """A Laporan Informasi action that is not allowed or has bad input; nothing was changed."""


class StaleInformationReport(InformationReportRefused):
    """The LI changed since the user read it."""

    def __init__(self, report: InformationReport) -> None:
        super().__init__(
            _("Laporan Informasi ini sudah diubah orang lain setelah Anda membukanya. Muat ulang lalu ulangi."),
            code="stale",
        )
        self.current_version = report.version


@dataclass
class InformationReportInput:
    """What a form or the API says about a new LI. Grades are their codes (A–F, 1–5)."""

    region: Region | None
    title: str
    source_description: str
    obtained_how: str
    obtained_at: datetime | None
    source_grade: str
    information_grade: str
    fact_what: str
    fact_when: str
    fact_where: str
    source_relation: str = ""
    fact_who: str = ""
    fact_how: str = ""
    fact_why: str = ""
    opinion: str = ""
    classification: str = InformationReport.Classification.BIASA
    extra: dict[str, Any] = field(default_factory=dict)


# --- checks -------------------------------------------------------------------------------------


def can_submit(user: Any) -> bool:
    """Whether the user's role may submit LIs at all (the region is checked per LI)."""
    return not access.is_read_only(user) and access.has_role(user, *SUBMIT_ROLES)


def require_submit(user: Any) -> None:
    if not can_submit(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengirim Laporan Informasi."))


def can_act_as_analyst(user: Any, report: InformationReport) -> bool:
    """Analysts and verifikators of the LI's region open alerts from it, link it and register it."""
    return access.can_handle_alert(user, report.region)


def _visible(user: Any, report: InformationReport) -> None:
    if not InformationReport.objects.visible_to(user).filter(pk=report.pk).exists():
        raise access.not_found()


def _require_analyst(user: Any, report: InformationReport) -> None:
    _visible(user, report)
    if not can_act_as_analyst(user, report):
        raise PermissionDenied(_("Hanya analis atau verifikator wilayah ini yang dapat melakukannya."))


def _grade(kind: str, code: str) -> Grade | None:
    return Grade.objects.filter(kind=kind, code=(code or "").strip().upper()).first()


def validate(user: Any, data: InformationReportInput, *, now: datetime | None = None) -> dict[str, list[str]]:
    """Per-field Indonesian messages; empty when the LI may be saved."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: Any) -> None:
        errors.setdefault(name, []).append(str(message))

    for name, message in REQUIRED_FIELDS.items():
        if not str(getattr(data, name) or "").strip():
            add(name, message)
    for name, limit in SHORT_FIELDS.items():
        if len(str(getattr(data, name) or "")) > limit:
            add(name, _("Paling panjang %(n)s karakter.") % {"n": limit})
    for name in LONG_FIELDS:
        if len(str(getattr(data, name) or "")) > MAX_TEXT:
            add(name, _("Paling panjang %(n)s karakter.") % {"n": f"{MAX_TEXT:,}".replace(",", ".")})
    for name in (*SHORT_FIELDS, *LONG_FIELDS):
        if "\x00" in str(getattr(data, name) or ""):
            add(name, _("Teks tidak boleh memuat karakter NUL."))
    if data.region is None:
        add("region", _("Wilayah wajib dipilih."))
    elif not access.can_submit_information_report(user, data.region):
        add("region", _("Wilayah %(name)s di luar cakupan Anda.") % {"name": data.region.name})
    if not (data.source_grade or "").strip():
        add(
            "source_grade",
            _("Nilai sumber (A–F) wajib diisi: Laporan Informasi tanpa penilaian sumber tidak dapat diterima."),
        )
    elif _grade(Grade.Kind.SOURCE, data.source_grade) is None:
        add("source_grade", _("Nilai sumber harus salah satu dari A, B, C, D, E atau F."))
    if not (data.information_grade or "").strip():
        add("information_grade", _("Nilai informasi (1–5) wajib diisi."))
    elif _grade(Grade.Kind.INFORMATION, data.information_grade) is None:
        add("information_grade", _("Nilai informasi harus salah satu dari 1, 2, 3, 4 atau 5."))
    if data.classification not in InformationReport.Classification.values:
        add("classification", _("Klasifikasi harus BIASA, TERBATAS atau RAHASIA."))
    if data.obtained_at is None:
        add("obtained_at", _("Waktu memperoleh informasi wajib diisi."))
    elif data.obtained_at > (now or timezone.now()) + timedelta(minutes=5):
        add("obtained_at", _("Waktu memperoleh tidak boleh di masa depan."))
    return errors


def _check_uploads(uploads: list[UploadedFile]) -> list[tuple[UploadedFile, Any]]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise InformationReportRefused(
            {"attachments": _("Paling banyak %(n)s lampiran.") % {"n": MAX_ATTACHMENTS}}, code="too_many"
        )
    checked = []
    for upload in uploads:
        head = upload.read(16)
        upload.seek(0)
        try:
            checked.append(
                (
                    upload,
                    check_document(upload.name or "", upload.size or 0, head, settings.WASPADA_ATTACHMENT_MAX_BYTES),
                )
            )
        except UploadRefused as exc:
            raise InformationReportRefused({"attachments": str(exc)}, code="upload") from None
    return checked


def _store_attachment(user: Any, report: InformationReport, upload: UploadedFile, checked: Any) -> Any:
    attachment = InformationReportAttachment(
        report=report,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    return attachment


# --- submit -------------------------------------------------------------------------------------


@transaction.atomic
def submit(
    *,
    user: Any,
    data: InformationReportInput,
    uploads: list[UploadedFile] | None = None,
    now: datetime | None = None,
) -> InformationReport:
    """Submit one LI (status *terkirim*) with its attachments; all or nothing."""
    require_submit(user)
    errors = validate(user, data, now=now)
    if errors:
        raise InformationReportRefused(errors, code="invalid")
    checked = _check_uploads(list(uploads or []))
    assert data.region is not None and data.obtained_at is not None
    report = InformationReport(
        reporter=user,
        region=data.region,
        title=data.title.strip(),
        source_description=data.source_description.strip(),
        source_relation=data.source_relation.strip(),
        obtained_how=data.obtained_how.strip(),
        obtained_at=data.obtained_at,
        source_grade=_grade(Grade.Kind.SOURCE, data.source_grade),
        information_grade=_grade(Grade.Kind.INFORMATION, data.information_grade),
        fact_what=data.fact_what.strip(),
        fact_when=data.fact_when.strip(),
        fact_where=data.fact_where.strip(),
        fact_who=data.fact_who.strip(),
        fact_how=data.fact_how.strip(),
        fact_why=data.fact_why.strip(),
        opinion=data.opinion.strip(),
        classification=data.classification,
    )
    report.set_scope_keys(data.region)
    report.save()
    for upload, item in checked:
        _store_attachment(user, report, upload, item)
    audit.record(
        actor=user,
        action="li.submitted",
        obj=report,
        region=report.region,
        after={**audit.snapshot(report, AUDITED_FIELDS), "attachments": [c.name for _u, c in checked]},
    )
    return report


@transaction.atomic
def attachment_add(*, user: Any, report: InformationReport, upload: UploadedFile) -> Any:
    """Add a document to an LI: its reporter, or an analyst/verifikator of its region."""
    _visible(user, report)
    if access.is_read_only(user) or not (report.reporter_id == user.pk or can_act_as_analyst(user, report)):
        raise PermissionDenied(_("Hanya pelapor atau analis wilayah ini yang dapat menambah lampiran."))
    if report.attachments.filter(deleted_at__isnull=True).count() >= MAX_ATTACHMENTS:
        raise InformationReportRefused(
            {"attachments": _("Paling banyak %(n)s lampiran.") % {"n": MAX_ATTACHMENTS}}, code="too_many"
        )
    [(upload, checked)] = _check_uploads([upload])
    attachment = _store_attachment(user, report, upload, checked)
    audit.record(
        actor=user,
        action="li.attachment_added",
        obj=report,
        region=report.region,
        after={"attachment": checked.name, "size": checked.size},
    )
    return attachment


# --- analyst actions ----------------------------------------------------------------------------


def _locked(report: InformationReport, version: int | str | None) -> InformationReport:
    current = (
        InformationReport.objects.select_for_update(of=("self",))
        .select_related("region", "reporter", "source_grade", "information_grade")
        .get(pk=report.pk)
    )
    try:
        ok = version is not None and int(version) == current.version
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise StaleInformationReport(current)
    return current


def _bump(user: Any, report: InformationReport, action: str, before: dict[str, Any], extra: dict[str, Any]) -> None:
    if report.status == InformationReport.Status.SUBMITTED:
        report.status = InformationReport.Status.REVIEWED
    report.version += 1
    report.save()
    audit.record(
        actor=user,
        action=action,
        obj=report,
        region=report.region,
        before=before,
        after={**audit.snapshot(report, AUDITED_FIELDS), **extra},
    )


def _note(note: str | None) -> str:
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise InformationReportRefused({"note": _("Catatan paling panjang %(n)s karakter.") % {"n": MAX_NOTE}})
    return text


def week_key_of(moment: datetime, tz: str) -> str:
    year, week, _day = to_local(moment, tz).isocalendar()
    return f"{year}-W{week:02d}"


@transaction.atomic
def open_alert(
    *, user: Any, report: InformationReport, version: int | str | None, note: str = "", now: datetime | None = None
) -> Alert:
    """Open a new alert (status *baru*, no rule) from an LI in the LI's region and week, linked to it."""
    _require_analyst(user, report)
    text = _note(note)
    report = _locked(report, version)
    if report.opened_alerts.exists():
        raise InformationReportRefused(
            _("Peringatan dari Laporan Informasi ini sudah dibuka; tautkan saja ke peringatan itu."), code="exists"
        )
    before = audit.snapshot(report, AUDITED_FIELDS)
    region = report.region
    moment = now or timezone.now()
    alert = Alert(
        region=region,
        week_key=week_key_of(report.obtained_at, region.timezone),
        title=(_("Laporan Informasi: %(title)s") % {"title": report.title})[:200],
        evidence={
            "information_report": str(report.public_id),
            "source_grade": report.source_grade.code,
            "information_grade": report.information_grade.code,
            "classification": report.classification,
        },
        source_report=report,
    )
    alert.set_scope_keys(region)
    alert.save()
    AlertAction.objects.create(
        alert=alert,
        kind=AlertAction.Kind.OPENED,
        note=text or _("Dibuka dari Laporan Informasi."),
        data={"information_report": str(report.public_id)},
        user=user,
    )
    audit.record(
        actor=user,
        action="alert.opened",
        obj=alert,
        region=region,
        after={"status": alert.status, "source_report": str(report.public_id), "opened_at": moment.isoformat()},
    )
    report.alerts.add(alert)
    _bump(user, report, "li.alert_opened", before, {"alert": str(alert.public_id)})
    return alert


@transaction.atomic
def link_alert(
    *, user: Any, report: InformationReport, alert: Alert, version: int | str | None, note: str = ""
) -> None:
    """Link an LI to an existing alert the user can read (both in their scope)."""
    _require_analyst(user, report)
    if not Alert.objects.visible_to(user).filter(pk=alert.pk).exists():
        raise access.not_found()
    text = _note(note)
    report = _locked(report, version)
    if report.alerts.filter(pk=alert.pk).exists():
        raise InformationReportRefused(_("Laporan Informasi ini sudah tertaut ke peringatan tersebut."), code="exists")
    before = audit.snapshot(report, AUDITED_FIELDS)
    report.alerts.add(alert)
    AlertAction.objects.create(
        alert=alert,
        kind=AlertAction.Kind.LINK,
        note=text or _("Laporan Informasi ditautkan."),
        data={"information_report": str(report.public_id)},
        user=user,
    )
    _bump(user, report, "li.alert_linked", before, {"alert": str(alert.public_id)})


@transaction.atomic
def link_incident(
    *, user: Any, report: InformationReport, incident: Any, version: int | str | None, note: str = ""
) -> None:
    """Link an LI to an incident of the register the user can read."""
    from waspada.incidents.models import Incident

    _require_analyst(user, report)
    if not Incident.objects.visible_to(user).filter(pk=incident.pk, deleted_at__isnull=True).exists():
        raise access.not_found()
    _note(note)
    report = _locked(report, version)
    if report.incidents.filter(pk=incident.pk).exists():
        raise InformationReportRefused(_("Laporan Informasi ini sudah tertaut ke peristiwa tersebut."), code="exists")
    before = audit.snapshot(report, AUDITED_FIELDS)
    report.incidents.add(incident)
    _bump(user, report, "li.incident_linked", before, {"incident": str(incident.public_id)})


def narrative_of(report: InformationReport) -> str:
    """The facts as the incident's narrative (the reporter's opinion stays out: facts only)."""
    parts = [
        (_("Apa"), report.fact_what),
        (_("Bilamana"), report.fact_when),
        (_("Di mana"), report.fact_where),
        (_("Siapa"), report.fact_who),
        (_("Bagaimana"), report.fact_how),
        (_("Mengapa"), report.fact_why),
    ]
    return "\n".join(f"{label}: {text}" for label, text in parts if text)


@transaction.atomic
def to_incident(
    *,
    user: Any,
    report: InformationReport,
    category_code: str,
    version: int | str | None,
    occurred_on: date | None = None,
) -> Any:
    """Register a draft incident from an LI (source of kind Laporan Informasi) and link the two."""
    from waspada.incidents import services as incident_services
    from waspada.incidents.models import Incident, IncidentCode, IncidentSource

    _require_analyst(user, report)
    report = _locked(report, version)
    if report.region.level == "provinsi":
        raise InformationReportRefused(
            {"region": _("Peristiwa dicatat di kabupaten/kota atau lebih rinci; wilayah LI ini provinsi.")},
            code="region_level",
        )
    category = IncidentCode.objects.filter(
        kind=IncidentCode.Kind.CATEGORY, code=(category_code or "").strip(), is_active=True
    ).first()
    if category is None:
        raise InformationReportRefused({"category": _("Pilih kategori peristiwa yang ada.")}, code="category")
    local_day = to_local(report.obtained_at, report.region.timezone).date()
    classification = {
        InformationReport.Classification.BIASA: Incident.Classification.ORDINARY,
        InformationReport.Classification.TERBATAS: Incident.Classification.LIMITED,
        InformationReport.Classification.RAHASIA: Incident.Classification.SECRET,
    }[InformationReport.Classification(report.classification)]
    before = audit.snapshot(report, AUDITED_FIELDS)
    incident = incident_services.incident_create(
        actor=user,
        data=incident_services.IncidentInput(
            title=report.title,
            occurred_on=occurred_on or local_day,
            reported_on=local_day,
            region=report.region,
            category=category,
            narrative=narrative_of(report),
            classification=classification,
        ),
        sources=[
            incident_services.SourceInput(
                kind=IncidentSource.Kind.INFO_REPORT,
                name=(_("Laporan Informasi: %(title)s") % {"title": report.title})[:200],
                published_on=local_day,
            )
        ],
    )
    report.incidents.add(incident)
    _bump(user, report, "li.incident_created", before, {"incident": str(incident.public_id)})
    return incident
