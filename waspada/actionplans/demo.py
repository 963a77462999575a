"""The demo's RAD Terpadu (``manage.py seed_demo --modules``, run by ``python3 dev.py run``).

For this year, in Jawa Barat (WIB), Bali (WITA) and Papua Tengah (WIT): a plan for most
provinces and kabupaten/kota (about one in eight has none), three to five actions each, and a
progress report for every period that has ended — mostly on time, some late, some missing,
some verified. Kota Bandung is written through the real services under the personas' names: its
B-04 report submitted on time and verified; the latest ended period left as an open draft for
``operator.kotabandung`` to fill in. The rest is bulk-inserted (fast, no audit events: demo
data). Idempotent: a region that already has this year's plan is left alone.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from waspada.accounts.models import User
from waspada.actionplans import periods, services
from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressReport
from waspada.regions.models import Region

DEMO_PROVINCES = ("32", "51", "94")
PERSONA_REGION = "32.73"
ACTIVITIES = [
    ("pencegahan", "Dialog lintas tokoh agama dan adat", "Kesbangpol; FKUB", "Dialog terlaksana", "4 kali"),
    ("pencegahan", "Pemetaan potensi konflik sosial", "Kesbangpol; Bappeda", "Peta potensi konflik", "1 dokumen"),
    ("pencegahan", "Sosialisasi protokol kesehatan pada kampanye Pilkada", "Satpol PP; Dinkes", "Kegiatan", "12 kali"),
    ("penghentian", "Mediasi sengketa lahan antarwarga", "Bagian Hukum; Polres", "Sengketa termediasi", "3 perkara"),
    ("penghentian", "Patroli bersama di titik rawan", "Satpol PP; Polres; Kodim", "Patroli", "24 kali"),
    ("pemulihan", "Rehabilitasi sarana umum pascakonflik", "Dinas PUPR", "Sarana dipulihkan", "2 lokasi"),
    ("pemulihan", "Pendampingan psikososial korban", "Dinas Sosial", "Orang didampingi", "50 orang"),
]


def _in_demo_provinces() -> Q:
    q = Q(code__in=DEMO_PROVINCES)
    for code in DEMO_PROVINCES:
        q |= Q(code__startswith=code + ".")
    return q


def _h(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


@transaction.atomic
def demo_seed() -> str:
    now = timezone.now()
    year = now.year
    regions = list(
        Region.objects.filter(level__in=("provinsi", "kabupaten", "kota"))
        .filter(_in_demo_provinces())
        .valid_on(now.date())
        .select_related("province", "kabkota")
        .order_by("code")
    )
    existing = set(ActionPlan.objects.alive().filter(year=year).values_list("region_id", flat=True))
    ended = [p for p in periods.year_periods(year) if periods.has_ended(p, "WIT", now)]
    made_plans = made_reports = 0
    for region in regions:
        if region.id in existing or region.code == PERSONA_REGION:
            continue
        if _h(region.code, year) % 8 == 0:
            continue  # no plan this year
        plan = ActionPlan(
            region=region,
            year=year,
            title=f"RAD Terpadu Penanganan Konflik Sosial {region.name} {year}",
            decree_number=f"188.45/Kep.{_h(region.code) % 900 + 100}-Kesbangpol/{year}",
            decree_date=date(year, 1, 10) + timedelta(days=_h(region.code, "sk") % 60),
        )
        plan.set_scope_keys(region)
        plan.save()
        made_plans += 1
        picks = sorted({_h(region.code, i) % len(ACTIVITIES) for i in range(5)})[:5]
        actions = []
        for order, index in enumerate(picks or [0], start=1):
            stage, activity, units, indicator, target = ACTIVITIES[index]
            actions.append(
                Action(
                    plan=plan,
                    order=order,
                    stage=stage,
                    activity=activity,
                    responsible_units=units,
                    indicator=indicator,
                    target=target,
                    budget=Decimal(25_000_000 + _h(region.code, index) % 40 * 5_000_000),
                    starts_on=date(year, 2, 1),
                    ends_on=date(year, 11, 30),
                    adjusted_for_covid="protokol" in activity or _h(region.code, index, "c") % 5 == 0,
                    adjusted_for_pilkada="Pilkada" in activity,
                )
            )
        Action.objects.bulk_create(actions)
        for n, period in enumerate(ended, start=1):
            fate = _h(region.code, period.key) % 10
            if fate == 0:
                continue  # missing
            deadline = periods.deadline(period, region.timezone)
            submitted = deadline - timedelta(days=3) if fate > 2 else deadline + timedelta(days=fate * 4 + 1)
            report = ProgressReport(
                plan=plan,
                region=region,
                year=year,
                period=period.code,
                deadline=deadline,
                status=ProgressReport.Status.VERIFIED if fate > 5 else ProgressReport.Status.SUBMITTED,
                first_submitted_at=submitted,
                submitted_at=submitted,
                decided_at=submitted + timedelta(days=2) if fate > 5 else None,
                narrative="Kegiatan berjalan sesuai jadwal; beberapa disesuaikan dengan protokol kesehatan.",
            )
            report.set_scope_keys(region)
            report.save()
            made_reports += 1
            ProgressEntry.objects.bulk_create(
                [
                    ProgressEntry(
                        report=report,
                        action=a,
                        realisation=Decimal(min(100, 15 * n + _h(region.code, a.order, period.key) % 35)),
                        narrative="Terlaksana sebagian." if n < 3 else "Terlaksana.",
                    )
                    for a in actions
                ]
            )
    persona = _persona_plan(year, ended, now)
    return (
        f"RAD Terpadu {year}: {made_plans} rencana dan {made_reports} laporan kemajuan dibuat "
        f"untuk provinsi {', '.join(DEMO_PROVINCES)}{persona}."
    )


def _persona_plan(year: int, ended: list[periods.Period], now: datetime) -> str:
    region = Region.objects.get(code=PERSONA_REGION)
    if ActionPlan.objects.alive().filter(region=region, year=year).exists():
        return ""
    operator = User.objects.filter(username="operator.kotabandung").first()
    verifikator = User.objects.filter(username="verifikator.jabar").first()
    if operator is None or verifikator is None:
        return ""
    plan = services.plan_create(
        actor=operator,
        data=services.PlanInput(
            region=region,
            year=year,
            title=f"RAD Terpadu Penanganan Konflik Sosial Kota Bandung {year}",
            decree_number=f"188.45/Kep.27-Kesbangpol/{year}",
            decree_date=date(year, 1, 20),
        ),
    )
    for stage, activity, units, indicator, target in ACTIVITIES[:2] + ACTIVITIES[3:4] + ACTIVITIES[5:6]:
        services.action_create(
            actor=operator,
            plan=plan,
            data=services.ActionInput(
                stage=stage,
                activity=activity,
                responsible_units=units,
                indicator=indicator,
                target=target,
                budget="50000000",
                starts_on=date(year, 2, 1),
                ends_on=date(year, 11, 30),
                adjusted_for_covid=stage == "pencegahan",
            ),
        )
    if not ended:
        return "; Kota Bandung: RAD tanpa laporan"
    first = ended[0]
    report = services.progress_report_open(actor=operator, plan=plan, period=first, now=periods.ends_at(first, "WIB"))
    entries = {
        str(e.action.public_id): services.EntryInput(str(20 + 10 * e.action.order), "Berjalan sesuai jadwal.")
        for e in report.entries.select_related("action")
    }
    report = services.progress_report_save(actor=operator, report=report, entries=entries, expected_version=1)
    when = periods.deadline(first, "WIB") - timedelta(days=2)
    report = services.progress_report_submit(actor=operator, report=report, expected_version=report.version, now=when)
    services.progress_report_verify(actor=verifikator, report=report, expected_version=report.version)
    if len(ended) > 1:
        services.progress_report_open(actor=operator, plan=plan, period=ended[-1])
    return "; Kota Bandung: B-04 diverifikasi, periode terakhir menunggu operator"
