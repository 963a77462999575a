"""Reads for the forum pages, the API, the expiry notices and other modules.

``forum_status_by_region`` is the contract other modules call (the vulnerability index's
"FKDM/TKDPD not formed" indicator): it is national and unscoped — the caller scopes its own output.
Everything else starts from ``visible_to(user)``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from waspada.accounts.models import RoleAssignment
from waspada.accounts.roles import Role
from waspada.forums import compliance
from waspada.forums.models import Forum, ForumDecree, ForumDocument, ForumMeeting, ForumMember
from waspada.regions.models import Region

LEVELS = ("provinsi", "kabkota")
# Operators sit on kabupaten/kota, verifikators on provinces: the Kesbangpol officers to contact.
CONTACT_ROLES = (Role.OPERATOR, Role.VERIFIKATOR)
LEVEL_FILTER = {"provinsi": (Region.Level.PROVINSI,), "kabkota": Region.KABKOTA_LEVELS}


def forums_for_user(user: Any, *, kind: str = "", region: Region | None = None, status: str = "") -> QuerySet[Forum]:
    qs = Forum.objects.visible_to(user).alive().select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if region is not None:
        qs = qs.filter(Q(region=region) | Q(region__code__startswith=region.code + "."))
    return qs.order_by("region__code", "kind")


def decrees_of(forum: Forum) -> list[ForumDecree]:
    return list(forum.decrees.filter(deleted_at__isnull=True).order_by("-valid_from", "-id"))


def members_of(forum: Forum) -> tuple[list[ForumMember], list[ForumMember]]:
    """(current members, former members) — the history of the forum's composition."""
    rows = list(forum.members.filter(deleted_at__isnull=True).order_by("joined_on", "id"))
    return [m for m in rows if m.left_on is None], sorted(
        (m for m in rows if m.left_on is not None), key=lambda m: (m.left_on, m.id), reverse=True
    )


def meetings_of(forum: Forum) -> list[ForumMeeting]:
    return list(forum.meetings.filter(deleted_at__isnull=True).order_by("-held_on", "-id"))


def documents_of(forum: Forum) -> list[ForumDocument]:
    return list(
        forum.documents.filter(deleted_at__isnull=True).select_related("meeting").order_by("-created_at", "-id")
    )


def current_decree(forum: Forum, as_of: date) -> ForumDecree | None:
    for decree in decrees_of(forum):
        if decree.is_valid_on(as_of):
            return decree
    return None


def forum_status(forum: Forum, as_of: date) -> str:
    facts = [_fact(forum.region_id, d, forum.status) for d in decrees_of(forum)]
    return compliance.status_of(facts, as_of)


def forum_statuses(forums: list[Forum], as_of: date) -> dict[int, str]:
    """Forum id → formation status on ``as_of`` for a page of forums: one query for all their
    decrees (the list page used to read each forum's decrees separately)."""
    by_forum: dict[int, list[compliance.DecreeFact]] = defaultdict(list)
    dissolved = {f.id for f in forums if f.status == Forum.Status.DISSOLVED}
    rows = (
        ForumDecree.objects.filter(deleted_at__isnull=True, forum_id__in=[f.id for f in forums])
        .order_by()
        .values_list("forum_id", "decree_date", "valid_from", "valid_until")
    )
    for forum_id, issued, start, end in rows:
        by_forum[forum_id].append(compliance.DecreeFact(forum_id, issued, start, end, forum_id in dissolved))
    return {f.id: compliance.status_of(by_forum.get(f.id, ()), as_of) for f in forums}


def _fact(region_id: int, d: Any, status: str) -> compliance.DecreeFact:
    return compliance.DecreeFact(
        region_id=region_id,
        decree_date=d.decree_date,
        valid_from=d.valid_from,
        valid_until=d.valid_until,
        dissolved=status == Forum.Status.DISSOLVED,
    )


def _decree_facts(
    kind: str, levels: tuple[str, ...], as_of: date, region_ids: list[int] | None = None
) -> list[compliance.DecreeFact]:
    qs = ForumDecree.objects.filter(
        deleted_at__isnull=True,
        forum__deleted_at__isnull=True,
        forum__kind=kind,
        forum__region__level__in=levels,
        decree_date__lte=as_of,
    )
    if region_ids is not None:
        qs = qs.filter(forum__region_id__in=region_ids)
    rows = qs.values_list("forum__region_id", "decree_date", "valid_from", "valid_until", "forum__status")
    return [
        compliance.DecreeFact(rid, issued, start, end, status == Forum.Status.DISSOLVED)
        for rid, issued, start, end, status in rows
    ]


def forum_status_by_region(kind: str, as_of: date) -> dict[int, str]:
    """Kabupaten/kota region id → "aktif" / "kedaluwarsa" / "belum" for every kabupaten/kota that
    exists on ``as_of`` (national, unscoped). Contract used by the vulnerability module."""
    regions = Region.objects.kabkota().valid_on(as_of).values_list("id", flat=True)
    return compliance.statuses(list(regions), _decree_facts(kind, Region.KABKOTA_LEVELS, as_of), as_of)


def expired_forums_by_region(
    region_ids: list[int], kinds: list[str], as_of: date
) -> dict[int, list[tuple[str, str, date | None]]]:
    """For the early-warning rule ``forum_expired``: per region whose forum of one of ``kinds`` is
    "kedaluwarsa" on ``as_of`` (no decree in force, a renewal counts), that forum's label, kind and
    the last day of its latest decree. Regions with the forum formed, or never formed, are absent."""
    out: dict[int, list[tuple[str, str, date | None]]] = defaultdict(list)
    levels = tuple(Forum.LEVELS)
    for kind in kinds:
        facts = _decree_facts(kind, levels, as_of, region_ids)
        status = compliance.statuses(region_ids, facts, as_of)
        expired = [rid for rid, s in status.items() if s == compliance.EXPIRED]
        if not expired:
            continue
        last: dict[int, date | None] = {}
        for fact in facts:
            if fact.region_id in status and fact.valid_from <= as_of and fact.valid_until is not None:
                last[fact.region_id] = max(last.get(fact.region_id) or fact.valid_until, fact.valid_until)
        names = {
            f.region_id: str(f)
            for f in Forum.objects.alive().filter(kind=kind, region_id__in=expired).select_related("region")
        }
        for rid in expired:
            out[rid].append((names.get(rid, kind), kind, last.get(rid)))
    return dict(out)


# --- formation compliance page ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionRef:
    """What the compliance rows need of a region (read as plain values: 514 rows nationally)."""

    id: int
    code: str
    name: str
    level: str
    province_id: int | None

    def __str__(self) -> str:
        return self.name


@dataclass
class ComplianceRow:
    """One region's status, with whom to contact."""

    region: RegionRef
    status: str
    forum: Forum | None
    valid_until: date | None
    operators: list[Any] = field(default_factory=list)
    label: str = ""
    forum_public_id: Any = None
    contact: str = ""  # set by the page: the forum's contact person, phone and e-mail
    officers_text: str = ""  # set by the page: the Kesbangpol officers with phone and e-mail
    url: str = ""  # set by the page: the forum's page
    until_text: str = ""  # set by the page: dd-mm-yyyy


@dataclass
class ProvinceRow:
    province: Region
    tally: compliance.Tally


@dataclass
class ComplianceOverview:
    kind: str
    level: str
    as_of: date
    total: compliance.Tally
    provinces: list[ProvinceRow]
    rows: list[ComplianceRow]  # every region in scope, by code

    @property
    def lacking(self) -> list[ComplianceRow]:
        """Regions without the forum or with an expired decree (the list with contacts)."""
        return [r for r in self.rows if r.status != compliance.ACTIVE]


def compliance_overview(
    user: Any,
    *,
    kind: str,
    level: str,
    as_of: date,
    province: Region | None = None,
    contacts: bool = True,
    public_ids: bool = True,
) -> ComplianceOverview:
    """Formed / expired / none per region of ``level`` in the user's scope (and ``province``).

    With ``contacts`` the rows without an active forum carry the forum (contact person) and the
    Kesbangpol officers (the exports); the page passes ``contacts=False`` and calls
    ``attach_contacts`` for the rows of the page it shows. A fixed number of queries whatever the
    number of regions."""
    regions_qs = Region.objects.visible_to(user).filter(level__in=LEVEL_FILTER[level]).valid_on(as_of)
    if province is not None:
        regions_qs = regions_qs.filter(province=province)
    regions = [
        RegionRef(*row) for row in regions_qs.order_by("code").values_list("id", "code", "name", "level", "province_id")
    ]
    facts = _decree_facts(kind, LEVEL_FILTER[level], as_of)
    status = compliance.statuses([r.id for r in regions], facts, as_of)
    # The latest end date per region (for "expired on …"): None when a decree has no end.
    ends: dict[int, list[date | None]] = defaultdict(list)
    for fact in facts:
        if fact.region_id in status and fact.valid_from <= as_of:
            ends[fact.region_id].append(fact.valid_until)
    last_end = {rid: None if None in es else max(e for e in es if e is not None) for rid, es in ends.items()}
    forum_ids: dict[int, Any] = {}
    if public_ids:  # for the API's "forum" field
        forum_ids = dict(
            Forum.objects.alive().filter(kind=kind, region__in=regions_qs).values_list("region_id", "public_id")
        )
    facts_regions = [compliance.RegionFact(r.id, r.province_id or r.id) for r in regions]
    summary = compliance.summarise(facts_regions, status)
    provinces = {p.id: p for p in Region.objects.filter(id__in=list(summary.by_province))}
    rows = [
        ComplianceRow(
            region=r,
            status=status[r.id],
            forum=None,
            valid_until=last_end.get(r.id),
            forum_public_id=forum_ids.get(r.id),
        )
        for r in regions
    ]
    overview = ComplianceOverview(
        kind=kind,
        level=level,
        as_of=as_of,
        total=summary.total,
        provinces=[
            ProvinceRow(provinces[pid], tally)
            for pid, tally in sorted(summary.by_province.items(), key=lambda kv: provinces[kv[0]].code)
        ],
        rows=rows,
    )
    if contacts:
        attach_contacts(kind, overview.lacking)
    return overview


def attach_contacts(kind: str, rows: list[ComplianceRow]) -> list[ComplianceRow]:
    """Fill ``forum`` (its contact person) and ``operators`` (the Kesbangpol officers: operators
    of a kabupaten/kota, verifikators of a province, active, by username) of ``rows``: two
    queries, whatever the number of rows."""
    ids = [r.region.id for r in rows]
    if not ids:
        return rows
    forums = {
        f.region_id: f
        for f in Forum.objects.alive()
        .filter(kind=kind, region_id__in=ids)
        .only("id", "public_id", "region_id", "kind", "contact_name", "contact_phone", "contact_email")
    }
    operators: dict[int, list[Any]] = defaultdict(list)
    for ra in (
        RoleAssignment.objects.active()
        .filter(role__in=CONTACT_ROLES, region_id__in=ids, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        operators[ra.region_id].append(ra.user)  # type: ignore[index]
    for row in rows:
        row.forum = forums.get(row.region.id)
        row.operators = operators.get(row.region.id, [])
    return rows


# --- decrees nearing expiry ---------------------------------------------------------------------


def decrees_nearing_expiry(as_of: date, within_days: int = 30) -> list[ForumDecree]:
    """Decrees in force on ``as_of`` that end within ``within_days`` days and are not followed by
    another decree of the same forum that continues after them (a renewal already recorded)."""
    candidates = list(
        ForumDecree.objects.filter(
            deleted_at__isnull=True,
            forum__deleted_at__isnull=True,
            forum__status=Forum.Status.ACTIVE,
            decree_date__lte=as_of,
            valid_from__lte=as_of,
            valid_until__gte=as_of,
            valid_until__lte=as_of + timedelta(days=within_days),
        ).select_related("forum", "forum__region")
    )
    out: list[ForumDecree] = []
    for decree in candidates:
        assert decree.valid_until is not None
        renewed = (
            ForumDecree.objects.filter(forum_id=decree.forum_id, deleted_at__isnull=True)
            .exclude(pk=decree.pk)
            .filter(valid_from__lte=decree.valid_until + timedelta(days=1))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=decree.valid_until))
            .exists()
        )
        if not renewed:
            out.append(decree)
    return out


def operators_of(region: Region) -> list[Any]:
    """Active officers (operator, or verifikator of a province) assigned to the forum's region or
    to the kabupaten/kota it lies in."""
    ids = {region.id, region.kabkota_id or region.id}
    return [
        ra.user
        for ra in RoleAssignment.objects.active()
        .filter(role__in=CONTACT_ROLES, region_id__in=ids, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]
