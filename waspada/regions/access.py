"""The one choke point for regional access.

Every read of regional data filters through ``region_tree_q`` / ``record_q`` (exposed as
``QuerySet.visible_to(user)``) and every single-object fetch through a ``get_*_for_user``
function here. Out-of-scope and missing objects answer the same 404, so nobody can probe
for the existence of another region's records; read-only roles get 403 on writes.

Views mark themselves with ``@scoped`` (regional data, goes through this module) or
``@public`` (no regional data); a test walks every URL and fails on an unmarked view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from waspada.accounts.roles import READ_ONLY_ROLES, Role

if TYPE_CHECKING:
    from waspada.core.models import AuditEvent, Export
    from waspada.regions.models import Region
    from waspada.reports.models import SituationReport

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_MARK = "waspada_access"


# --- marking views -------------------------------------------------------------------------


def scoped(view: F) -> F:
    """Mark a view that reads or writes regional data through this module."""
    setattr(view, ACCESS_MARK, "scoped")
    return view


def public(view: F) -> F:
    """Mark a view that shows no regional data (login, language switch, health check)."""
    setattr(view, ACCESS_MARK, "public")
    return view


# --- scope ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeRegion:
    id: int
    code: str
    level: str
    name: str


@dataclass(frozen=True)
class Scope:
    """What a user may see: everything (national) or the union of region subtrees."""

    national: bool
    regions: tuple[ScopeRegion, ...]
    roles: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return not self.national and not self.regions

    def covers_code(self, code: str) -> bool:
        if self.national:
            return True
        return any(code == r.code or code.startswith(r.code + ".") for r in self.regions)


EMPTY_SCOPE = Scope(national=False, regions=(), roles=frozenset())
_CACHE_ATTR = "_waspada_scope"


def scope_of(user: Any) -> Scope:
    """The user's scope, computed once per user object (that is, once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from waspada.accounts.models import RoleAssignment

    national = False
    regions: dict[int, ScopeRegion] = {}
    roles: set[str] = set()
    for assignment in RoleAssignment.objects.active().filter(user=user).select_related("region"):
        roles.add(assignment.role)
        if assignment.region is None:
            national = True
        else:
            r = assignment.region
            regions[r.id] = ScopeRegion(r.id, r.code, r.level, r.name)
    # A region inside another assigned region adds nothing; drop it so filters stay short.
    kept: list[ScopeRegion] = []
    for candidate in sorted(regions.values(), key=lambda s: s.code):
        if not any(candidate.code.startswith(k.code + ".") for k in kept):
            kept.append(candidate)
    scope = Scope(national=national, regions=() if national else tuple(kept), roles=frozenset(roles))
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _nothing() -> Q:
    return Q(pk__in=[])


def _scope_q(user: Any, per_region: Callable[[ScopeRegion], Q]) -> Q:
    """Everything for national scopes, nothing for empty ones, else the OR of ``per_region``."""
    scope = scope_of(user)
    if scope.national:
        return Q()
    if not scope.regions:
        return _nothing()
    q = Q()
    for r in scope.regions:
        q |= per_region(r)
    return q


def _subtree_q(code: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}code": code}) | Q(**{f"{prefix}code__startswith": code + "."})


def region_tree_q(user: Any, prefix: str = "") -> Q:
    """Q for Region rows (or a relation to Region at ``prefix``) inside the user's scope."""
    return _scope_q(user, lambda r: _subtree_q(r.code, prefix))


def record_q(user: Any) -> Q:
    """Q for regional records, which carry indexed ``province`` and ``kabkota`` keys.

    A province scope matches on ``province``, a kabupaten/kota scope on ``kabkota``; only
    a finer scope (kecamatan) needs the code prefix of the record's ``region``.
    """

    def per_region(r: ScopeRegion) -> Q:
        if r.level == "provinsi":
            return Q(province_id=r.id)
        if r.level in ("kabupaten", "kota"):
            return Q(kabkota_id=r.id)
        return _subtree_q(r.code, "region__")

    return _scope_q(user, per_region)


# --- single objects ----------------------------------------------------------------------------


def not_found() -> Http404:
    return Http404(_("Data tidak ditemukan."))


def get_region_for_user(user: Any, code: str) -> Region:
    from waspada.regions.models import Region

    try:
        return Region.objects.visible_to(user).select_related("parent", "province").get(code=code)
    except Region.DoesNotExist:
        raise not_found() from None


def reference_region(code: str) -> Region | None:
    """Any current region by its code, whatever the user's scope, or None when the code is unknown.

    Only for a code that names *where something happened* rather than whose record it is — the place
    of a foreigner's observed activity, which may well lie outside the observer's region (that is
    what out-of-area detection looks for). Records are still read and written through the scoped
    lookups above."""
    from django.utils import timezone

    from waspada.regions.models import Region

    current = Region.objects.valid_on(timezone.localdate())
    return current.filter(code=code.strip()).select_related("parent", "province").first()


def get_audit_events_for_object(user: Any, object_type: str, object_id: str) -> Any:
    from waspada.core.models import AuditEvent

    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).filter(audit_q(user))


def audit_q(user: Any) -> Q:
    """Audit events a user may read: those of records in scope. Events with no region
    (national administration) have no scope keys, so only national users match them."""
    return record_q(user)


def get_audit_event_for_user(user: Any, event_id: int) -> AuditEvent:
    from waspada.core.models import AuditEvent

    try:
        return AuditEvent.objects.filter(audit_q(user)).get(pk=event_id)
    except (AuditEvent.DoesNotExist, ValueError):
        raise not_found() from None


# --- actions ---------------------------------------------------------------------------------


def has_role(user: Any, *roles: str) -> bool:
    return bool(scope_of(user).roles & set(roles))


def is_read_only(user: Any) -> bool:
    """A user whose every role is read-only (pimpinan)."""
    roles = scope_of(user).roles
    return bool(roles) and roles <= READ_ONLY_ROLES


def require_write(user: Any) -> None:
    """Refuse writes by read-only roles with 403 (after the object was found in scope)."""
    if is_read_only(user) or scope_of(user).is_empty:
        raise PermissionDenied(_("Peran Anda hanya dapat membaca data."))


def require_role(user: Any, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk tindakan ini."))


@rules.predicate
def is_admin(user: Any) -> bool:
    return has_role(user, Role.ADMIN) and scope_of(user).national


@rules.predicate
def is_national(user: Any) -> bool:
    return scope_of(user).national


@rules.predicate
def can_write(user: Any) -> bool:
    return not is_read_only(user) and not scope_of(user).is_empty


@rules.predicate
def region_in_scope(user: Any, region: Region | None) -> bool:
    return region is not None and scope_of(user).covers_code(region.code)


rules.add_perm("regions.view_region", region_in_scope)
rules.add_perm("regions.import_boundaries", is_admin)
rules.add_perm("core.view_audit_list", is_admin)
rules.add_perm("accounts.manage_roles", is_admin)


# --- weekly situation reports (laporan situasi mingguan) -------------------------------------

# FKDM members are community forum members, not officers: the weekly reports are not theirs.
REPORT_READER_ROLES = frozenset({Role.ADMIN, Role.ANALIS, Role.VERIFIKATOR, Role.OPERATOR, Role.PIMPINAN})


def report_q(user: Any) -> Q:
    """Reports a user may read: those of regions in scope, for roles that read reports."""
    if not scope_of(user).roles & REPORT_READER_ROLES:
        return _nothing()
    return record_q(user)


def get_report_for_user(user: Any, public_id: Any) -> SituationReport:
    from waspada.reports.models import SituationReport

    try:
        return (
            SituationReport.objects.visible_to(user)
            .select_related("region", "period", "programme", "template", "province")
            .get(public_id=public_id)
        )
    except (SituationReport.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_reporting_region_for_user(user: Any, code: str) -> Region:
    """A region whose report the user may open: in scope (404 otherwise)."""
    return get_region_for_user(user, code)


def _national(user: Any) -> bool:
    return scope_of(user).national


@rules.predicate
def can_write_report(user: Any, region: Region | None) -> bool:
    """Operator: its kabupaten/kota. Verifikator: its province's own report."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    if region.level in ("kabupaten", "kota"):
        return has_role(user, Role.OPERATOR)
    if region.level == "provinsi":
        return has_role(user, Role.VERIFIKATOR)
    return False


@rules.predicate
def can_verify_report(user: Any, report: SituationReport | None) -> bool:
    """Verifikator: the kabupaten/kota reports of its province. Analis nasional: province reports."""
    if report is None or not scope_of(user).covers_code(report.region.code):
        return False
    if report.region.level == "provinsi":
        return has_role(user, Role.ANALIS) and _national(user)
    return has_role(user, Role.VERIFIKATOR)


@rules.predicate
def can_accept_report(user: Any, report: SituationReport | None) -> bool:
    """National acceptance: analis nasional."""
    return report is not None and has_role(user, Role.ANALIS) and _national(user)


@rules.predicate
def can_comment_report(user: Any, report: SituationReport | None) -> bool:
    if report is None or not scope_of(user).covers_code(report.region.code):
        return False
    return has_role(user, Role.ANALIS, Role.VERIFIKATOR)


rules.add_perm("reports.write_report", can_write_report)
rules.add_perm("reports.verify_report", can_verify_report)
rules.add_perm("reports.reopen_report", can_verify_report)
rules.add_perm("reports.accept_report", can_accept_report)
rules.add_perm("reports.comment_report", can_comment_report)
rules.add_perm("reports.edit_programme", is_admin)


def require_report_permission(user: Any, perm: str, obj: Any) -> None:
    """403 with a clear message when the user may see the object but not do this to it."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk tindakan ini."))


# --- exports ---------------------------------------------------------------------------------


def get_export_for_user(user: Any, public_id: Any) -> Export:
    """An export is its requester's alone (it holds what their scope allowed)."""
    from waspada.core.models import Export

    if not getattr(user, "is_authenticated", False):
        raise not_found()
    try:
        return Export.objects.get(public_id=public_id, requested_by=user)
    except (Export.DoesNotExist, ValueError, ValidationError):
        raise not_found() from None


# --- social-conflict incidents (peristiwa konflik sosial) -------------------------------------

INCIDENT_READER_ROLES = frozenset({Role.ADMIN, Role.ANALIS, Role.VERIFIKATOR, Role.OPERATOR, Role.PIMPINAN})
# Who may register and edit incidents in scope: the officers, not read-only or forum roles.
INCIDENT_WRITER_ROLES = frozenset({Role.ADMIN, Role.ANALIS, Role.VERIFIKATOR, Role.OPERATOR})


def incident_q(user: Any) -> Q:
    """Incidents (and conflict statuses) a user may read: in scope, for roles that read them."""
    if not scope_of(user).roles & INCIDENT_READER_ROLES:
        return _nothing()
    return record_q(user)


def get_incident_for_user(user: Any, public_id: Any) -> Any:
    """A live or merged incident in scope (deleted ones answer 404 like missing ones)."""
    from waspada.incidents.models import Incident

    try:
        return (
            Incident.objects.visible_to(user)
            .filter(deleted_at__isnull=True)
            .select_related("region", "province", "kabkota", "category", "merged_into")
            .get(public_id=public_id)
        )
    except (Incident.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_conflict_status_for_user(user: Any, public_id: Any) -> Any:
    from waspada.incidents.models import ConflictStatus

    try:
        return ConflictStatus.objects.visible_to(user).select_related("region").get(public_id=public_id)
    except (ConflictStatus.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


@rules.predicate
def can_write_incident(user: Any, region: Region | None) -> bool:
    """Officers register and edit incidents of regions in their scope."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *INCIDENT_WRITER_ROLES)


@rules.predicate
def can_verify_incident(user: Any, region: Region | None) -> bool:
    """Verifying, closing and merging: verifikator of the province, analis (province or national)."""
    if region is None or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, Role.VERIFIKATOR, Role.ANALIS)


@rules.predicate
def can_import_incidents(user: Any) -> bool:
    """Bulk imports: admin and analis nasional."""
    return _national(user) and has_role(user, Role.ADMIN, Role.ANALIS)


rules.add_perm("incidents.write_incident", can_write_incident)
rules.add_perm("incidents.verify_incident", can_verify_incident)
rules.add_perm("incidents.merge_incident", can_verify_incident)
rules.add_perm("incidents.import_incidents", can_import_incidents)
rules.add_perm("incidents.edit_codes", is_admin)


# --- Pilkada monitoring ---------------------------------------------------------------------

ELECTION_READER_ROLES = INCIDENT_READER_ROLES
# Candidates' health is personal health data: only those who monitor it (need to know).
HEALTH_READER_ROLES = frozenset({Role.ANALIS, Role.OPERATOR, Role.PIMPINAN})


def election_q(user: Any) -> Q:
    """Contests, paslon, violations and NPHD a user may read: in scope, for officer roles."""
    if not scope_of(user).roles & ELECTION_READER_ROLES:
        return _nothing()
    return record_q(user)


def health_event_q(user: Any) -> Q:
    if not scope_of(user).roles & HEALTH_READER_ROLES:
        return _nothing()
    return record_q(user)


def _get_scoped(model: Any, user: Any, public_id: Any, *related: str) -> Any:
    try:
        return model.objects.visible_to(user).select_related(*related).get(public_id=public_id)
    except (model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_contest_for_user(user: Any, public_id: Any) -> Any:
    from waspada.elections.models import Contest

    return _get_scoped(Contest, user, public_id, "region", "election")


def get_candidate_pair_for_user(user: Any, public_id: Any) -> Any:
    from waspada.elections.models import CandidatePair

    return _get_scoped(CandidatePair, user, public_id, "contest", "contest__region", "contest__election")


def get_violation_for_user(user: Any, public_id: Any) -> Any:
    from waspada.elections.models import ProkesViolation

    try:
        return (
            ProkesViolation.objects.visible_to(user)
            .alive()
            .select_related("contest", "pair", "region", "stage")
            .get(public_id=public_id)
        )
    except (ProkesViolation.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_health_event_for_user(user: Any, public_id: Any) -> Any:
    from waspada.elections.models import HealthEvent

    return _get_scoped(HealthEvent, user, public_id, "pair", "pair__contest")


def get_grant_agreement_for_user(user: Any, public_id: Any) -> Any:
    from waspada.elections.models import GrantAgreement

    return _get_scoped(GrantAgreement, user, public_id, "region", "election")


@rules.predicate
def can_write_election_data(user: Any, region: Region | None) -> bool:
    """Violations, health events, paslon and NPHD of regions in scope: officers."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *INCIDENT_WRITER_ROLES)


rules.add_perm("elections.write_election_data", can_write_election_data)
rules.add_perm("elections.edit_elections", is_admin)
rules.add_perm("elections.import_contests", can_import_incidents)


# --- early detection (deteksi dini) -------------------------------------------------------------

ALERT_READER_ROLES = INCIDENT_READER_ROLES
# Who works alerts (verify, assess, respond, close): analysts and verifikators; operators act on
# responses assigned to them (checked per action by the services).
ALERT_HANDLER_ROLES = frozenset({Role.ANALIS, Role.VERIFIKATOR})
# RAHASIA Laporan Informasi: only analysts (need to know); their reporter always sees their own.
SECRET_LI_ROLES = frozenset({Role.ANALIS})


def alert_q(user: Any) -> Q:
    if not scope_of(user).roles & ALERT_READER_ROLES:
        return _nothing()
    return record_q(user)


def information_report_q(user: Any) -> Q:
    """Laporan Informasi a user may read. An FKDM member sees only their own; officers see those in
    scope; RAHASIA ones only analysts in scope (and the reporter)."""
    scope = scope_of(user)
    if scope.is_empty or not getattr(user, "is_authenticated", False):
        return _nothing()
    own = Q(reporter_id=user.pk)
    officer_roles = scope.roles & INCIDENT_READER_ROLES
    if not officer_roles:
        return own
    in_scope = record_q(user) & Q(deleted_at__isnull=True)
    if not scope.roles & SECRET_LI_ROLES:
        in_scope &= ~Q(classification="rahasia")
    return own | in_scope


def get_alert_for_user(user: Any, public_id: Any) -> Any:
    from waspada.alerts.models import Alert

    return _get_scoped(Alert, user, public_id, "region", "rule", "owner")


def get_information_report_for_user(user: Any, public_id: Any) -> Any:
    from waspada.alerts.models import InformationReport

    return _get_scoped(InformationReport, user, public_id, "region", "reporter", "source_grade", "information_grade")


@rules.predicate
def can_handle_alert(user: Any, region: Region | None) -> bool:
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *ALERT_HANDLER_ROLES)


@rules.predicate
def can_submit_information_report(user: Any, region: Region | None) -> bool:
    """FKDM members, operators and analysts submit LIs for regions in their scope."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, Role.FKDM, Role.OPERATOR, Role.ANALIS, Role.VERIFIKATOR)


rules.add_perm("alerts.handle_alert", can_handle_alert)
rules.add_perm("alerts.submit_information_report", can_submit_information_report)
rules.add_perm("alerts.edit_rules", is_admin)

# Text triage (triase teks): those who turn texts into incidents or LIs. Pimpinan only read; the
# national admin administers and registers nothing from texts.
TRIAGE_ROLES = frozenset({Role.FKDM, Role.OPERATOR, Role.VERIFIKATOR, Role.ANALIS})


@rules.predicate
def can_use_triage(user: Any) -> bool:
    return not is_read_only(user) and has_role(user, *TRIAGE_ROLES)


rules.add_perm("alerts.use_triage", can_use_triage)


# --- RAD Terpadu (action plans and four-monthly progress) ----------------------------------------

ACTION_PLAN_READER_ROLES = INCIDENT_READER_ROLES


def action_plan_q(user: Any) -> Q:
    """Action plans and progress reports a user may read: in scope, for officer roles."""
    if not scope_of(user).roles & ACTION_PLAN_READER_ROLES:
        return _nothing()
    return record_q(user)


def get_action_plan_for_user(user: Any, public_id: Any) -> Any:
    """A live plan in scope (deleted ones answer 404 like missing ones)."""
    from waspada.actionplans.models import ActionPlan

    try:
        return (
            ActionPlan.objects.visible_to(user)
            .alive()
            .select_related("region", "province", "kabkota")
            .get(public_id=public_id)
        )
    except (ActionPlan.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_plan_action_for_user(user: Any, public_id: Any) -> Any:
    from waspada.actionplans.models import Action, ActionPlan

    plans = ActionPlan.objects.visible_to(user).alive()
    try:
        return Action.objects.alive().select_related("plan", "plan__region").get(public_id=public_id, plan__in=plans)
    except (Action.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_progress_report_for_user(user: Any, public_id: Any) -> Any:
    from waspada.actionplans.models import ProgressReport

    try:
        return (
            ProgressReport.objects.visible_to(user)
            .filter(plan__deleted_at__isnull=True)
            .select_related("plan", "region", "province")
            .get(public_id=public_id)
        )
    except (ProgressReport.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


@rules.predicate
def can_write_action_plan(user: Any, region: Region | None) -> bool:
    """The region's own office: operator of a kabupaten/kota, verifikator of a province (like the
    weekly reports)."""
    return bool(can_write_report(user, region))


@rules.predicate
def can_verify_progress(user: Any, region: Region | None) -> bool:
    """Verifikator: progress of the kabupaten/kota of its province. Analis nasional: provinces'."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    if region.level == "provinsi":
        return has_role(user, Role.ANALIS) and _national(user)
    return has_role(user, Role.VERIFIKATOR)


rules.add_perm("actionplans.write_plan", can_write_action_plan)
rules.add_perm("actionplans.verify_progress", can_verify_progress)


# --- forums (FKDM, TKDPD, Timdu PKS, Kominda, Tim PORA) ------------------------------------------

# Officers read forums in scope; FKDM members are community members, not the registry's keepers.
FORUM_READER_ROLES = INCIDENT_READER_ROLES
FORUM_WRITER_ROLES = INCIDENT_WRITER_ROLES


def forum_q(user: Any) -> Q:
    """Forums and their decrees, members, meetings and documents a user may read."""
    if not scope_of(user).roles & FORUM_READER_ROLES:
        return _nothing()
    return record_q(user)


def get_forum_for_user(user: Any, public_id: Any) -> Any:
    """A live forum in scope (deleted ones answer 404 like missing ones)."""
    from waspada.forums.models import Forum

    try:
        return (
            Forum.objects.visible_to(user)
            .filter(deleted_at__isnull=True)
            .select_related("region", "province", "kabkota")
            .get(public_id=public_id)
        )
    except (Forum.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_forum_part_for_user(user: Any, model: Any, public_id: Any) -> Any:
    """A live decree, member, meeting or document (``model``) of a forum in scope."""
    try:
        return (
            model.objects.visible_to(user)
            .filter(deleted_at__isnull=True, forum__deleted_at__isnull=True)
            .select_related("forum", "forum__region")
            .get(public_id=public_id)
        )
    except (model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


@rules.predicate
def can_write_forum(user: Any, region: Region | None) -> bool:
    """Officers record the forums of regions in their scope (an operator: its own kabupaten/kota)."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *FORUM_WRITER_ROLES)


rules.add_perm("forums.write_forum", can_write_forum)


# --- foreigners and foreign workers (orang asing dan TKA) ----------------------------------------

# Officers and leadership read foreigners (personal data masked); FKDM members do not.
FOREIGNER_READER_ROLES = INCIDENT_READER_ROLES
FOREIGNER_WRITER_ROLES = INCIDENT_WRITER_ROLES
# Revealing a full passport number, address or date of birth (need to know; every reveal audited).
PII_REVEAL_ROLES = frozenset({Role.ANALIS})


def foreigner_q(user: Any) -> Q:
    """Foreign nationals, ormas asing and visit requests a user may read: in scope, officer roles."""
    if not scope_of(user).roles & FOREIGNER_READER_ROLES:
        return _nothing()
    return record_q(user)


def foreigner_province_q(user: Any) -> Q | None:
    """``foreigner_q`` as a condition on the ``province`` key alone, for rows kept per province
    (the foreigners recap cells): everything for a national reader, their provinces for a reader
    of whole provinces. None when the scope is finer (a kabupaten/kota, a kecamatan): only the
    person rows can answer then."""
    scope = scope_of(user)
    if not scope.roles & FOREIGNER_READER_ROLES or scope.is_empty:
        return _nothing()
    if scope.national:
        return Q()
    if all(r.level == "provinsi" for r in scope.regions):
        return Q(province_id__in=[r.id for r in scope.regions])
    return None


def get_foreigner_for_user(user: Any, public_id: Any) -> Any:
    from waspada.foreigners.models import ForeignNational

    try:
        return (
            ForeignNational.objects.visible_to(user)
            .alive()
            .select_related("region", "province", "kabkota")
            .get(public_id=public_id)
        )
    except (ForeignNational.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def _get_foreigner_child(model: Any, user: Any, public_id: Any) -> Any:
    from waspada.foreigners.models import ForeignNational

    visible = ForeignNational.objects.visible_to(user).filter(deleted_at__isnull=True).values("pk")
    try:
        return (
            model.objects.filter(foreigner__in=visible, deleted_at__isnull=True)
            .select_related("foreigner", "foreigner__region")
            .get(public_id=public_id)
        )
    except (model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_permit_for_user(user: Any, public_id: Any) -> Any:
    from waspada.foreigners.models import Permit

    return _get_foreigner_child(Permit, user, public_id)


def get_activity_for_user(user: Any, public_id: Any) -> Any:
    from waspada.foreigners.models import ActivityObservation

    return _get_foreigner_child(ActivityObservation, user, public_id)


def get_foreign_organisation_for_user(user: Any, public_id: Any) -> Any:
    from waspada.foreigners.models import ForeignOrganisation

    try:
        return ForeignOrganisation.objects.visible_to(user).alive().select_related("region").get(public_id=public_id)
    except (ForeignOrganisation.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


def get_visit_request_for_user(user: Any, public_id: Any) -> Any:
    from waspada.foreigners.models import VisitRequest

    try:
        return VisitRequest.objects.visible_to(user).alive().select_related("region").get(public_id=public_id)
    except (VisitRequest.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


@rules.predicate
def can_write_foreigners(user: Any, region: Region | None) -> bool:
    """Officers record foreigners, permits, activities, ormas asing and visit decisions in scope."""
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *FOREIGNER_WRITER_ROLES)


@rules.predicate
def can_reveal_pii(user: Any, region: Region | None) -> bool:
    """Analysts in scope may reveal one full personal-data value, with a reason (audited)."""
    if region is None or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *PII_REVEAL_ROLES)


rules.add_perm("foreigners.write_foreigners", can_write_foreigners)
rules.add_perm("foreigners.reveal_pii", can_reveal_pii)


# --- vulnerability mapping (pemetaan kerawanan) -------------------------------------------------

VULNERABILITY_READER_ROLES = INCIDENT_READER_ROLES
# Who enter manual indicator values for regions in scope (kabupaten/kota operators their own).
VULNERABILITY_VALUE_ROLES = frozenset({Role.ANALIS, Role.VERIFIKATOR, Role.OPERATOR})


def vulnerability_q(user: Any) -> Q:
    """Assessments and scores a user may read: in scope, for officer roles (FKDM: none)."""
    if not scope_of(user).roles & VULNERABILITY_READER_ROLES:
        return _nothing()
    return record_q(user)


def can_read_vulnerability(user: Any) -> bool:
    return bool(scope_of(user).roles & VULNERABILITY_READER_ROLES)


def get_assessment_for_user(user: Any, public_id: Any) -> Any:
    from waspada.vulnerability.models import Assessment

    return _get_scoped(Assessment, user, public_id, "region", "framework")


def get_vulnerability_framework_for_user(user: Any, public_id: Any) -> Any:
    """Frameworks are national reference data: every reader role reads them."""
    from waspada.vulnerability.models import Framework

    if not can_read_vulnerability(user):
        raise not_found()
    try:
        return Framework.objects.get(public_id=public_id)
    except (Framework.DoesNotExist, ValueError, TypeError, ValidationError):
        raise not_found() from None


@rules.predicate
def can_edit_vulnerability_framework(user: Any) -> bool:
    """Frameworks (and deriving, external indices) are edited by the national admin and analysts."""
    return scope_of(user).national and has_role(user, Role.ADMIN, Role.ANALIS)


@rules.predicate
def can_enter_vulnerability_values(user: Any, region: Region | None) -> bool:
    if region is None or is_read_only(user) or not scope_of(user).covers_code(region.code):
        return False
    return has_role(user, *VULNERABILITY_VALUE_ROLES)


@rules.predicate
def can_finalise_assessment(user: Any) -> bool:
    """National analysts finalise assessments (and reopen them)."""
    return scope_of(user).national and has_role(user, Role.ANALIS)


rules.add_perm("vulnerability.edit_framework", can_edit_vulnerability_framework)
rules.add_perm("vulnerability.enter_values", can_enter_vulnerability_values)
rules.add_perm("vulnerability.finalise_assessment", can_finalise_assessment)
