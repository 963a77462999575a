"""Siklus peringatan: the writes of an alert's lifecycle, each checked here and recorded.

::

    new ──verify──▶ discarded (reason required, final)
     │  └─────────▶ monitoring ──verify──▶ discarded / assessing
     └────────────▶ assessing ──assess_risk──▶ (risk set) ──assign_response──▶ responding
                                                                              │  record_action
                                                                              │  assign_response (reassign)
                                                                              └─close──▶ closed (outcome)
    escalate (province / national): monitoring, assessing, responding.
    comment: any state.

Every step is an :class:`AlertAction` row (user, time, note) and an audit event. A wrong state,
a stale version or a bad value raises :class:`AlertRefused` (Indonesian, nothing written); a role
without the right raises ``PermissionDenied``; an alert out of the user's scope answers 404.

Who: analysts and verifikators of the alert's region (``access.can_handle_alert``) do everything;
the response owner (whatever their role) may record actions on and close the alert they own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts.models import RoleAssignment, User
from waspada.accounts.roles import Role
from waspada.alerts.models import Alert, AlertAction, DetectionRun
from waspada.core import audit
from waspada.core.notifications import notify
from waspada.core.timezones import to_local
from waspada.regions import access
from waspada.regions.models import Region

AUDITED_FIELDS = [
    "status",
    "likelihood",
    "consequence",
    "risk",
    "owner",
    "due_on",
    "escalation",
    "outcome",
    "verified_at",
    "responded_at",
    "closed_at",
    "version",
]
MAX_NOTE = 5000
# Roles that can own a response: the officers of the region (not pimpinan, not FKDM).
OWNER_ROLES = frozenset({Role.ANALIS, Role.VERIFIKATOR, Role.OPERATOR})

VERIFY_DECISIONS = {
    "discard": Alert.Status.DISCARDED,
    "monitor": Alert.Status.MONITORING,
    "assess": Alert.Status.ASSESSING,
}
VERIFY_KINDS = {
    "discard": AlertAction.Kind.DISCARD,
    "monitor": AlertAction.Kind.MONITOR,
    "assess": AlertAction.Kind.ASSESS,
}


class AlertRefused(ValidationError):
    """An alert action that is not allowed now; nothing was changed."""


class StaleAlert(AlertRefused):
    """The alert changed since the user read it."""

    def __init__(self, alert: Alert) -> None:
        super().__init__(
            _("Peringatan ini sudah diubah orang lain setelah Anda membukanya. Muat ulang halaman lalu ulangi."),
            code="stale",
        )
        self.current_version = alert.version


# --- risk matrix --------------------------------------------------------------------------------


def risk_level(likelihood: int, consequence: int) -> str:
    """Tingkat risiko from likelihood × consequence (each 1–5), the 5 × 5 matrix:

    ========  ====================  ============
    score     products              level
    ========  ====================  ============
    1–3       1, 2, 3               rendah
    4–6       4, 5, 6               sedang
    8–12      8, 9, 10, 12          tinggi
    15–25     15, 16, 20, 25        sangat tinggi
    ========  ====================  ============
    """
    for name, value in (("likelihood", likelihood), ("consequence", consequence)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            label = _("Kemungkinan") if name == "likelihood" else _("Dampak")
            raise AlertRefused({name: _("%(label)s harus angka 1 sampai 5.") % {"label": label}}, code="risk")
    score = likelihood * consequence
    if score <= 3:
        return Alert.Risk.LOW
    if score <= 6:
        return Alert.Risk.MODERATE
    if score <= 12:
        return Alert.Risk.HIGH
    return Alert.Risk.VERY_HIGH


# --- checks -------------------------------------------------------------------------------------


def _visible(user: Any, alert: Alert) -> None:
    if not Alert.objects.visible_to(user).filter(pk=alert.pk).exists():
        raise access.not_found()


def _require_handler(user: Any, alert: Alert) -> None:
    _visible(user, alert)
    if not access.can_handle_alert(user, alert.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang menangani peringatan ini."))


def _require_handler_or_owner(user: Any, alert: Alert) -> None:
    _visible(user, alert)
    if alert.owner_id is not None and alert.owner_id == user.pk and not access.is_read_only(user):
        return
    if not access.can_handle_alert(user, alert.region):
        raise PermissionDenied(_("Hanya penanggung jawab atau analis/verifikator wilayah ini yang dapat melakukannya."))


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("region", "rule", "owner").get(pk=alert.pk)


def _check_version(alert: Alert, version: int | str | None) -> None:
    try:
        ok = version is not None and int(version) == alert.version
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise StaleAlert(alert)


def _check_status(alert: Alert, *allowed: str) -> None:
    if alert.status not in allowed:
        raise AlertRefused(
            _("Tindakan ini tidak dapat dilakukan pada peringatan berstatus %(status)s.")
            % {"status": alert.get_status_display()},
            code="status",
        )


def _note(note: str | None, *, required: str | None = None, field: str = "note") -> str:
    text = (note or "").strip()
    if required and not text:
        raise AlertRefused({field: required}, code="required")
    if len(text) > MAX_NOTE:
        raise AlertRefused({field: _("Catatan paling panjang %(n)s karakter.") % {"n": MAX_NOTE}}, code="too_long")
    return text


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _save(
    alert: Alert, user: Any, kind: str, note: str, before: dict[str, Any], data: dict[str, Any] | None = None
) -> Alert:
    alert.version += 1
    alert.save()
    AlertAction.objects.create(alert=alert, kind=kind, note=note, data=data or {}, user=user)
    audit.record(
        actor=user,
        action=f"alert.{kind}",
        obj=alert,
        region=alert.region,
        before=before,
        after=audit.snapshot(alert, AUDITED_FIELDS),
    )
    return alert


def alert_url(alert: Alert) -> str:
    return reverse("alerts:detail", kwargs={"public_id": alert.public_id})


# --- lifecycle ----------------------------------------------------------------------------------


@transaction.atomic
def verify(
    *, user: Any, alert: Alert, decision: str, note: str = "", version: int | str | None, now: datetime | None = None
) -> Alert:
    """Verifikasi: discard (with a reason), monitor, or assess. From NEW or MONITORING."""
    _require_handler(user, alert)
    if decision not in VERIFY_DECISIONS:
        raise AlertRefused({"decision": _("Pilih keputusan verifikasi: buang, pantau, atau kaji.")}, code="decision")
    text = _note(note, required=_("Tuliskan alasan membuang peringatan.") if decision == "discard" else None)
    alert = _locked(alert)
    _check_version(alert, version)
    allowed = [Alert.Status.NEW, Alert.Status.MONITORING]
    _check_status(alert, *allowed)
    if alert.status == Alert.Status.MONITORING and decision == "monitor":
        _check_status(alert, Alert.Status.NEW)
    before = audit.snapshot(alert, AUDITED_FIELDS)
    alert.status = VERIFY_DECISIONS[decision]
    if alert.verified_at is None:
        alert.verified_at = _now(now)
    if decision == "discard":
        alert.outcome = text
        alert.closed_at = _now(now)
    return _save(alert, user, VERIFY_KINDS[decision], text, before)


@transaction.atomic
def assess_risk(
    *,
    user: Any,
    alert: Alert,
    likelihood: int,
    consequence: int,
    note: str = "",
    version: int | str | None,
) -> Alert:
    """Penilaian risiko: likelihood × consequence → risk level. While ASSESSING (or RESPONDING, to revise)."""
    _require_handler(user, alert)
    level = risk_level(likelihood, consequence)
    text = _note(note)
    alert = _locked(alert)
    _check_version(alert, version)
    _check_status(alert, Alert.Status.ASSESSING, Alert.Status.RESPONDING)
    before = audit.snapshot(alert, AUDITED_FIELDS)
    alert.likelihood, alert.consequence, alert.risk = likelihood, consequence, level
    return _save(
        alert,
        user,
        AlertAction.Kind.RISK,
        text,
        before,
        {"likelihood": likelihood, "consequence": consequence, "risk": level},
    )


def owner_candidates(alert: Alert) -> list[User]:
    """Who may own the response: active officers whose scope covers the alert's region."""
    region = alert.region
    codes = [region.code[:i] for i in range(2, len(region.code) + 1) if i == len(region.code) or region.code[i] == "."]
    assignments = (
        RoleAssignment.objects.active()
        .filter(role__in=list(OWNER_ROLES), user__is_active=True)
        .filter(Q(region__isnull=True) | Q(region__code__in=codes))
        .select_related("user")
        .order_by("user__username")
    )
    seen: dict[int, User] = {}
    for a in assignments:
        seen.setdefault(a.user_id, a.user)
    return list(seen.values())


@transaction.atomic
def assign_response(
    *,
    user: Any,
    alert: Alert,
    owner: Any,
    due_on: date | None,
    note: str = "",
    version: int | str | None,
    now: datetime | None = None,
) -> Alert:
    """Respons: an owner and a due date. From ASSESSING once the risk is assessed (the alert
    becomes RESPONDING), or while RESPONDING to reassign. The owner is notified."""
    _require_handler(user, alert)
    if owner is None or not any(c.pk == owner.pk for c in owner_candidates(alert)):
        raise AlertRefused(
            {"owner": _("Penanggung jawab harus petugas aktif (operator, verifikator, analis) wilayah ini.")},
            code="owner",
        )
    if due_on is None:
        raise AlertRefused({"due_on": _("Isi batas waktu penanganan.")}, code="due_on")
    today = to_local(_now(now), alert.region.timezone).date()
    if due_on < today:
        raise AlertRefused({"due_on": _("Batas waktu penanganan tidak boleh sebelum hari ini.")}, code="due_on")
    text = _note(note)
    alert = _locked(alert)
    _check_version(alert, version)
    _check_status(alert, Alert.Status.ASSESSING, Alert.Status.RESPONDING)
    if not alert.risk:
        raise AlertRefused(_("Nilai risikonya dulu sebelum menugaskan penanganan."), code="risk_missing")
    before = audit.snapshot(alert, AUDITED_FIELDS)
    changed_owner = alert.owner_id != owner.pk
    alert.owner, alert.due_on = owner, due_on
    if alert.status == Alert.Status.ASSESSING:
        alert.status = Alert.Status.RESPONDING
        alert.responded_at = _now(now)
    saved = _save(
        alert, user, AlertAction.Kind.ASSIGN, text, before, {"owner": owner.username, "due_on": due_on.isoformat()}
    )
    if changed_owner:
        notify(
            users=[owner],
            kind="alert.assigned",
            title=_("Anda penanggung jawab peringatan: %(title)s") % {"title": alert.title},
            body=_("Batas waktu penanganan: %(due)s.") % {"due": due_on.strftime("%d-%m-%Y")},
            url=alert_url(alert),
            dedupe_key=f"alert.assigned:{alert.public_id}:{saved.version}",
        )
    return saved


@transaction.atomic
def record_action(*, user: Any, alert: Alert, note: str, version: int | str | None) -> Alert:
    """Tindakan: a response step taken (by the owner or a handler), while RESPONDING."""
    _require_handler_or_owner(user, alert)
    text = _note(note, required=_("Tuliskan tindakan yang dilakukan."))
    alert = _locked(alert)
    _check_version(alert, version)
    _check_status(alert, Alert.Status.RESPONDING)
    before = audit.snapshot(alert, AUDITED_FIELDS)
    return _save(alert, user, AlertAction.Kind.ACTION, text, before)


ESCALATION_ORDER = {"": 0, Alert.Escalation.PROVINCE: 1, Alert.Escalation.NATIONAL: 2}


@transaction.atomic
def escalate(*, user: Any, alert: Alert, to: str, note: str, version: int | str | None) -> Alert:
    """Eskalasi to the province or the nation, with a reason. Notifies those it goes to."""
    _require_handler(user, alert)
    if to not in (Alert.Escalation.PROVINCE, Alert.Escalation.NATIONAL):
        raise AlertRefused({"to": _("Pilih tujuan eskalasi: provinsi atau nasional.")}, code="to")
    text = _note(note, required=_("Tuliskan alasan eskalasi."))
    alert = _locked(alert)
    _check_version(alert, version)
    _check_status(alert, Alert.Status.MONITORING, Alert.Status.ASSESSING, Alert.Status.RESPONDING)
    if to == Alert.Escalation.PROVINCE and alert.region.is_province:
        raise AlertRefused(_("Peringatan tingkat provinsi hanya dapat dieskalasi ke nasional."), code="to")
    if ESCALATION_ORDER[to] <= ESCALATION_ORDER[alert.escalation]:
        raise AlertRefused(
            _("Peringatan ini sudah dieskalasi ke %(level)s.") % {"level": alert.get_escalation_display()}, code="to"
        )
    before = audit.snapshot(alert, AUDITED_FIELDS)
    alert.escalation = to
    saved = _save(alert, user, AlertAction.Kind.ESCALATE, text, before, {"to": to})
    notify(
        users=[u for u in escalation_recipients(alert, to) if u.pk != user.pk],
        kind="alert.escalated",
        title=_("Eskalasi peringatan: %(title)s") % {"title": alert.title},
        body=text,
        url=alert_url(alert),
        dedupe_key=f"alert.escalated:{alert.public_id}:{to}",
    )
    return saved


@transaction.atomic
def close(*, user: Any, alert: Alert, outcome: str, version: int | str | None, now: datetime | None = None) -> Alert:
    """Ditutup with the outcome, from RESPONDING (by the owner or a handler)."""
    _require_handler_or_owner(user, alert)
    text = _note(outcome, required=_("Tuliskan hasil penanganan."), field="outcome")
    alert = _locked(alert)
    _check_version(alert, version)
    _check_status(alert, Alert.Status.RESPONDING)
    before = audit.snapshot(alert, AUDITED_FIELDS)
    alert.status = Alert.Status.CLOSED
    alert.outcome = text
    alert.closed_at = _now(now)
    return _save(alert, user, AlertAction.Kind.CLOSE, text, before)


@transaction.atomic
def comment(*, user: Any, alert: Alert, note: str) -> Alert:
    """Catatan on an alert in any state (no version needed: it changes nothing on the alert)."""
    _require_handler_or_owner(user, alert)
    text = _note(note, required=_("Tuliskan catatan."))
    AlertAction.objects.create(alert=alert, kind=AlertAction.Kind.COMMENT, note=text, user=user)
    audit.record(actor=user, action="alert.comment", obj=alert, region=alert.region, after={"note": text[:200]})
    return alert


# --- alerts opened by other modules -----------------------------------------------------------


@transaction.atomic
def open_from_source(
    *,
    source_key: str,
    region: Region,
    week_key: str,
    title: str,
    evidence: dict[str, Any],
    note: str = "",
    observed: float | None = None,
) -> tuple[Alert, bool]:
    """Open an alert (status *baru*, no rule) for one fact found by another module — e.g. the
    foreigner detection — or return the one already opened for it: ``source_key`` names the fact
    and is unique among alerts, so re-running a detection opens nothing twice. Returns the alert
    and whether it is new. The caller keeps personal data out of ``title`` and ``evidence``.
    """
    key = source_key.strip()
    if not key or len(key) > 150:
        raise AlertRefused({"source_key": _("Kunci sumber peringatan wajib diisi (paling panjang 150 karakter).")})
    existing = Alert.objects.filter(source_key=key).first()
    if existing is not None:
        return existing, False
    alert = Alert(region=region, week_key=week_key, title=title[:200], evidence=evidence, observed=observed)
    alert.source_key = key
    alert.set_scope_keys(region)
    try:
        with transaction.atomic():
            alert.save()
    except IntegrityError:  # a concurrent run opened it first
        return Alert.objects.get(source_key=key), False
    AlertAction.objects.create(
        alert=alert, kind=AlertAction.Kind.OPENED, note=note or _("Dibuka oleh deteksi otomatis."), data={}
    )
    audit.record(
        actor=None,
        action="alert.opened",
        obj=alert,
        region=region,
        after={"status": alert.status, "source_key": key, "title": alert.title},
    )
    return alert, True


# --- who is told --------------------------------------------------------------------------------


def _assigned(roles: Iterable[str], regions: Q) -> list[User]:
    seen: dict[int, User] = {}
    for a in (
        RoleAssignment.objects.active()
        .filter(regions, role__in=list(roles), user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        seen.setdefault(a.user_id, a.user)
    return list(seen.values())


def handlers_of(region: Region) -> list[User]:
    """The handlers told of a new alert: analysts/verifikators assigned to the region itself or
    to its province (the national level is told only on escalation)."""
    ids = {region.pk}
    if region.province_id:
        ids.add(region.province_id)
    return _assigned(access.ALERT_HANDLER_ROLES, Q(region_id__in=ids))


def escalation_recipients(alert: Alert, to: str) -> list[User]:
    """Province: the province's handlers and pimpinan; national: the national ones."""
    roles = set(access.ALERT_HANDLER_ROLES) | {Role.PIMPINAN}
    if to == Alert.Escalation.PROVINCE:
        return _assigned(roles, Q(region_id=alert.region.province_id or alert.region_id))
    return _assigned(roles, Q(region__isnull=True))


def notify_new_alerts(
    alerts: Sequence[Alert], *, week_key: str, run: DetectionRun | None = None, batch: str | None = None
) -> int:
    """One notice per handler per run (or per ``batch``, for alerts opened outside a weekly run):
    how many new alerts in their area, with a link to the list."""
    by_user: dict[int, tuple[User, list[Alert]]] = {}
    regions = {a.region_id: a.region for a in alerts}
    # One query for all: the handlers assigned to any of the regions or their provinces.
    assigned: dict[int, list[User]] = defaultdict(list)
    wanted = set(regions) | {r.province_id for r in regions.values() if r.province_id}
    for a in (
        RoleAssignment.objects.active()
        .filter(region_id__in=wanted, role__in=list(access.ALERT_HANDLER_ROLES), user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        if a.region_id is not None:
            assigned[a.region_id].append(a.user)
    handlers: dict[int, list[User]] = {}
    for rid, region in regions.items():
        seen: dict[int, User] = {u.pk: u for u in assigned.get(rid, [])}
        if region.province_id and region.province_id != rid:
            for u in assigned.get(region.province_id, []):
                seen.setdefault(u.pk, u)
        handlers[rid] = list(seen.values())
    grouped: dict[int, list[Alert]] = defaultdict(list)
    for alert in alerts:
        grouped[alert.region_id].append(alert)
    for rid, items in grouped.items():
        for user in handlers[rid]:
            by_user.setdefault(user.pk, (user, []))[1].extend(items)
    sent = 0
    url = reverse("alerts:mine")
    for user, items in by_user.values():
        names = sorted({a.region.name for a in items})
        shown = ", ".join(names[:5]) + ("…" if len(names) > 5 else "")
        sent += len(
            notify(
                users=[user],
                kind="alert.new",
                title=_("%(n)s peringatan dini baru minggu %(week)s") % {"n": len(items), "week": week_key},
                body=_("Wilayah: %(regions)s.") % {"regions": shown},
                url=url,
                dedupe_key=f"alert.new:{week_key}:{batch or (run.pk if run else 'manual')}",
            )
        )
    return sent


def is_overdue(alert: Alert, today: date | None = None) -> bool:
    """A response is overdue when its due date has passed (in the region's zone) and it is not closed."""
    if alert.status != Alert.Status.RESPONDING or alert.due_on is None:
        return False
    today = today or to_local(timezone.now(), alert.region.timezone).date()
    return alert.due_on < today
