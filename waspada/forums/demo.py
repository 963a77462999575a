"""The demo's forums (``manage.py seed_demo --modules``, run by ``python3 dev.py run``).

For every province and kabupaten/kota existing today: an FKDM, TKDPD and Timdu PKS that is formed
(a decree in force), expired (its decree ended) or missing, drawn deterministically per region —
and in every province at least one kabupaten/kota without an FKDM and one with an expired one, so
every compliance table has something to chase. The personas' regions are fixed: Kota Bandung
has an FKDM whose decree ends in 20 days (the expiry notice has something to say), with members
(one former) and a meeting, and no TKDPD yet; Kabupaten Bandung's FKDM decree has expired.

Bulk writes (no audit event per demo row; they are marked ``note = "data demo"``). Idempotent:
a second run adds nothing once the demo's forums exist; regions that already have a forum of a
kind (recorded by hand) are left alone.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from waspada.forums import compliance
from waspada.forums.models import Forum, ForumDecree, ForumMeeting, ForumMember
from waspada.regions.models import Region
from waspada.reports.synthetic import system_user

DEMO_NOTE = "data demo"
# Shares of formed / expired / none per kind.
SHARES: dict[str, tuple[float, float]] = {
    Forum.Kind.FKDM: (0.70, 0.15),
    Forum.Kind.TKDPD: (0.55, 0.20),
    Forum.Kind.TIMDU_PKS: (0.60, 0.15),
}
SIGNER = {"provinsi": "Gubernur", "kabupaten": "Bupati", "kota": "Wali Kota"}
FIXED: dict[tuple[str, str], str] = {
    ("32.73", Forum.Kind.FKDM): "soon",
    ("32.73", Forum.Kind.TKDPD): compliance.NONE,
    ("32.04", Forum.Kind.FKDM): compliance.EXPIRED,
}


def _rng(code: str, kind: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{code}:{kind}".encode()).hexdigest()[:12], 16))  # noqa: S311 - demo data


def _planned(regions: list[Region], kind: str) -> dict[str, str]:
    """Region code → status (or "soon"), with the per-province guarantees."""
    formed, expired = SHARES[kind]
    plan: dict[str, str] = {}
    by_province: dict[str, list[Region]] = {}
    for r in regions:
        draw = _rng(r.code, kind).random()
        plan[r.code] = (
            compliance.ACTIVE if draw < formed else compliance.EXPIRED if draw < formed + expired else compliance.NONE
        )
        if r.level != Region.Level.PROVINSI:
            by_province.setdefault(r.code[:2], []).append(r)
    if kind == Forum.Kind.FKDM:
        for members in by_province.values():
            free = [r for r in members if (r.code, kind) not in FIXED]
            free.sort(key=lambda r: hashlib.sha256(r.code.encode()).hexdigest())
            if len(free) >= 2:
                plan[free[0].code] = compliance.NONE
                plan[free[1].code] = compliance.EXPIRED
    for (code, k), status in FIXED.items():
        if k == kind and code in plan:
            plan[code] = status
    return plan


def _decree_dates(status: str, rng: random.Random, today: date) -> tuple[date, date | None]:
    if status == "soon":
        until = today + timedelta(days=20)
        return until - timedelta(days=5 * 365), until
    if status == compliance.EXPIRED:
        until = today - timedelta(days=rng.randint(30, 700))
        return until - timedelta(days=5 * 365), until
    start = today - timedelta(days=rng.randint(60, 4 * 365))
    return start, None if rng.random() < 0.1 else start + timedelta(days=5 * 365)


@transaction.atomic
def demo_seed(today: date | None = None) -> str:
    day = today or timezone.localdate()
    if Forum.objects.filter(note=DEMO_NOTE).exists():
        return "Forum demo sudah ada; tidak ada yang ditambahkan."
    author = system_user()
    regions = list(
        Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS])
        .valid_on(day)
        .select_related("province", "kabkota")
        .order_by("code")
    )
    taken = set(Forum.objects.alive().values_list("region_id", "kind"))
    forums: list[Forum] = []
    statuses: dict[tuple[str, str], str] = {}
    for kind in SHARES:
        plan = _planned(regions, kind)
        for r in regions:
            status = plan[r.code]
            if status == compliance.NONE or (r.id, kind) in taken:
                continue
            forum = Forum(
                region=r,
                kind=kind,
                status=Forum.Status.ACTIVE,
                note=DEMO_NOTE,
                secretariat=f"Kesbangpol {r.name}",
                contact_name=f"Sekretariat {Forum.Kind(kind).label} {r.name}",
                contact_phone=f"08{int(hashlib.sha256(r.code.encode()).hexdigest()[:9], 16) % 10**10:010d}",
                created_by=author,
            )
            forum.set_scope_keys(r)
            forums.append(forum)
            statuses[(r.code, kind)] = status
    Forum.objects.bulk_create(forums, batch_size=500)
    saved = {(f.region.code, f.kind): f for f in Forum.objects.filter(note=DEMO_NOTE).select_related("region")}
    decrees: list[ForumDecree] = []
    for (code, kind), forum in saved.items():
        rng = _rng(code, kind + ":sk")
        start, until = _decree_dates(statuses[(code, kind)], rng, day)
        decree = ForumDecree(
            forum=forum,
            number=f"{100 + rng.randint(0, 799)}/Kep.{rng.randint(1, 999)}-Kesbangpol/{start.year}",
            decree_date=start,
            signer=f"{SIGNER.get(forum.region.level, 'Kepala Daerah')} {forum.region.name}",
            valid_from=start,
            valid_until=until,
            created_by=author,
        )
        decree.province_id, decree.kabkota_id = forum.province_id, forum.kabkota_id
        decrees.append(decree)
    ForumDecree.objects.bulk_create(decrees, batch_size=500)
    bandung = saved.get(("32.73", Forum.Kind.FKDM))
    if bandung is not None:
        _bandung_detail(bandung, day, author)
    active = sum(1 for s in statuses.values() if s in (compliance.ACTIVE, "soon"))
    return (
        f"Forum demo: {len(saved)} forum dengan SK ({active} aktif, {len(saved) - active} kedaluwarsa) "
        f"di {len(regions)} wilayah."
    )


def _bandung_detail(forum: Forum, day: date, author: object) -> None:
    people = [
        ("Asep Saepudin", "Ketua", "Tokoh masyarakat", ForumMember.Element.ORMAS, None),
        ("Hj. Euis Komariah", "Sekretaris", "Tokoh perempuan", ForumMember.Element.WOMEN, None),
        ("K.H. Ahmad Fauzi", "Anggota", "PCNU Kota Bandung", ForumMember.Element.RELIGIOUS, None),
        ("Dr. Rina Wulandari", "Anggota", "Universitas Padjadjaran", ForumMember.Element.EDUCATOR, None),
        ("Dede Kurnia", "Anggota", "KNPI Kota Bandung", ForumMember.Element.YOUTH, day - timedelta(days=200)),
    ]
    members = []
    for name, position, agency, element, left in people:
        m = ForumMember(
            forum=forum,
            name=name,
            position=position,
            agency=agency,
            element=element,
            joined_on=day - timedelta(days=4 * 365),
            left_on=left,
            left_reason="Pindah domisili" if left else "",
            created_by=author,  # type: ignore[misc]
        )
        m.province_id, m.kabkota_id = forum.province_id, forum.kabkota_id
        members.append(m)
    ForumMember.objects.bulk_create(members)
    meeting = ForumMeeting(
        forum=forum,
        held_on=day - timedelta(days=14),
        place="Aula Kesbangpol Kota Bandung",
        agenda="Koordinasi kewaspadaan dini menjelang libur akhir tahun",
        attendance=18,
        minutes="Paparan situasi oleh Kesbangpol; laporan anggota dari kecamatan.",
        follow_ups="Pemantauan tempat ibadah dan pusat keramaian; laporan mingguan ke TKDPD.",
        created_by=author,  # type: ignore[misc]
    )
    meeting.province_id, meeting.kabkota_id = forum.province_id, forum.kabkota_id
    meeting.save()
