"""Synthetic weekly situation reports (``generate_synthetic``) and the demo's recent window.

**This is a bulk path for generated data, not a user write.** The services in ``services.py``
(one report per transaction, permission checks, a snapshot per submission, an audit event per
change) are the only way users change reports. Generated data skips them on purpose, to write
~143,000 reports (552 regions × 260 weeks) in minutes, and keeps every derived field exactly
as the services would set it:

- ``province`` / ``kabkota`` scope keys from the region, ``template`` = the programme's;
- ``search_text`` and ``max_level_rank`` from the content (``templating.search_text`` and the
  situation levels' ranks), ``None``/the nil note for nil reports;
- ``status`` consistent with the timestamps: a draft has no ``first_submitted_at``; every other
  status has one, ``submitted_at >= first_submitted_at`` (later for a returned-then-resubmitted
  report), ``decided_at`` for verified/returned, ``accepted_at`` for accepted; nothing after ``now``;
- **no ``ReportSnapshot`` is written** for synthetic reports: snapshots record what a person
  submitted, and generated data has no such history. Pages that list snapshots show none.
- ``updated_at`` (``auto_now``, overwritten by ``bulk_create``) is set afterwards to the latest
  event of each report; one audit event summarises the run.

The plan is pure and deterministic: a report depends only on ``(seed, region code, week)``, so
the same seed gives the same data set, and a later run (with more weeks) only adds what is missing.

Realism: most offices report on time (Thursday to the Monday-morning deadline, in their *own*
zone: WIB, WITA or WIT), some late by hours or days; a few offices are chronically missing and
everyone has occasional holes; 10–20 % of received reports are nil; a few are returned,
verified or accepted; levels are mostly Kondusif with rare clusters of Siaga/Awas in a province
for a few weeks; narratives are short Indonesian sentences; indicators are filled by type.
Regions report only while valid (the 2022 Papua provinces from their laws on).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from waspada.accounts.models import User
from waspada.core import audit
from waspada.regions.models import Region
from waspada.reports import calendar, templating
from waspada.reports.models import ReportingPeriod, ReportingProgramme, SituationLevel, SituationReport

SYSTEM_USERNAME = "sistem.sintetis"
DEFAULT_WEEKS = 260
BATCH = 2000
LOCAL_EPOCH = date(2000, 1, 3)  # a Monday: week ordinals count from here

Status = SituationReport.Status

# --- region behaviour ----------------------------------------------------------------------

# (share of offices, chance a week is missing, chance a received report is late)
PROFILES: tuple[tuple[float, float, float], ...] = (
    (0.70, 0.015, 0.07),  # reliable
    (0.20, 0.06, 0.22),  # average
    (0.07, 0.20, 0.40),  # struggling
    (0.03, 0.70, 0.55),  # chronically missing
)
HOLE_BLOCK_WEEKS = 13  # one chance per quarter of a run of missing weeks
HOT_SECTIONS = ("konflik_sosial", "pertahanan_keamanan", "politik", "sosial_budaya", "pilkada_prokes")

RETURN_REASONS = (
    "Mohon lengkapi jumlah unjuk rasa dan sumber informasinya.",
    "Narasi bagian Konflik Sosial belum menyebut lokasi dan penanganannya.",
    "Angka kasus Covid-19 berbeda dengan data Satgas; mohon diperiksa.",
    "Tingkat situasi Politik perlu dijelaskan dalam narasi.",
)
NIL_NOTES = ("", "Tidak ada kejadian menonjol minggu ini.", "Situasi aman dan kondusif; nihil kejadian.")

# Short narratives per section and level rank ({name}: the region's name).
NARRATIVES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ideologi": (
        ("Tidak terpantau kegiatan yang bertentangan dengan Pancasila di {name}.",
         "Kegiatan keagamaan dan kebangsaan di {name} berjalan tertib."),
        ("Terpantau penyebaran selebaran bernada intoleran di {name}; sedang didalami.",),
        ("Ada kelompok yang aktif merekrut dengan paham radikal di {name}; aparat telah dilibatkan.",),
        ("Kegiatan kelompok radikal di {name} memicu keresahan luas; penanganan terpadu berjalan.",),
    ),
    "politik": (
        ("Dinamika politik lokal di {name} kondusif.", "Kegiatan ormas dan partai politik di {name} berjalan normal."),
        ("Terjadi unjuk rasa damai di {name} terkait kebijakan daerah.",),
        ("Unjuk rasa di {name} berlangsung berhari-hari dan sempat ricuh.",),
        ("Pengerahan massa besar di {name} berujung bentrokan; situasi politik memanas.",),
    ),
    "ekonomi": (
        ("Harga bahan pokok di {name} stabil dan pasokan cukup.", "Kegiatan ekonomi di {name} berjalan normal."),
        ("Harga beras dan minyak goreng di {name} naik; warga mulai mengeluh.",),
        ("PHK di sebuah pabrik di {name} memicu aksi buruh.",),
        ("Kelangkaan bahan pokok di {name} memicu penjarahan kecil.",),
    ),
    "sosial_budaya": (
        ("Hubungan antarumat beragama dan antaretnis di {name} harmonis.",
         "Tidak ada isu SARA yang menonjol di {name}."),
        ("Beredar isu SARA di media sosial yang menyasar warga {name}.",),
        ("Perkelahian antarkelompok pemuda di {name} berulang.",),
        ("Bentrokan antarkelompok warga di {name} meluas ke desa tetangga.",),
    ),
    "pertahanan_keamanan": (
        ("Kamtibmas di {name} aman dan terkendali.", "Tidak ada gangguan keamanan menonjol di {name}."),
        ("Terjadi beberapa kasus pencurian dan balap liar di {name}.",),
        ("Banjir dan tanah longsor melanda sebagian {name}; warga mengungsi.",),
        ("Serangan kelompok bersenjata di {name} menimbulkan korban; aparat disiagakan.",),
    ),
    "pilkada_prokes": (
        ("Tahapan pemilihan di {name} berjalan tertib.", "Tidak ada pengerahan massa yang melanggar aturan di {name}."),
        ("Terjadi pelanggaran kampanye dan prokes di {name}; Bawaslu telah menegur.",),
        ("Sengketa hasil penghitungan suara di {name} memicu pengerahan massa.",),
        ("Pendukung pasangan calon di {name} bentrok; kantor penyelenggara dijaga ketat.",),
    ),
    "covid19": (
        ("Kasus Covid-19 di {name} rendah dan terkendali.", "Kepatuhan protokol kesehatan di {name} baik."),
        ("Kasus Covid-19 di {name} meningkat; pengetatan kegiatan masyarakat diberlakukan.",),
        ("Keterisian rumah sakit di {name} tinggi akibat lonjakan kasus.",),
        ("Lonjakan kasus Covid-19 di {name} melampaui kapasitas layanan kesehatan.",),
    ),
    "konflik_sosial": (
        ("Tidak terjadi konflik sosial di {name}.", "Potensi konflik sosial di {name} rendah."),
        ("Sengketa lahan antarwarga di {name} dimediasi pemerintah daerah.",),
        ("Konflik antarkelompok di {name} menimbulkan korban luka; mediasi berjalan.",),
        ("Konflik sosial di {name} menimbulkan korban jiwa dan pengungsian.",),
    ),
    "orang_asing_tka": (
        ("Keberadaan orang asing dan TKA di {name} sesuai izin.",
         "Tidak ada kegiatan orang asing yang mencurigakan di {name}."),
        ("Terpantau TKA di {name} bekerja tidak sesuai izinnya; Timpora memeriksa.",),
        ("Kegiatan lembaga asing di {name} ditolak warga.",),
        ("Kegiatan orang asing di {name} diduga terkait gangguan keamanan.",),
    ),
}  # fmt: skip
RECOMMENDATIONS = (
    "Melanjutkan pemantauan rutin dan koordinasi dengan Forkopimda.",
    "Meningkatkan deteksi dini bersama FKDM dan tokoh masyarakat.",
    "Rapat koordinasi Forkopimda dan langkah penanganan terpadu; mohon arahan pimpinan.",
    "Penanganan terpadu segera bersama TNI/Polri; mohon dukungan pemerintah pusat.",
)
PILKADA_STAGES = (
    (date(2024, 8, 27), "Pendaftaran pasangan calon"),
    (date(2024, 9, 25), "Kampanye"),
    (date(2024, 11, 24), "Masa tenang dan pemungutan suara"),
    (date(2024, 11, 28), "Rekapitulasi hasil penghitungan suara"),
    (date(2024, 12, 20), ""),
)
# Base chances of a section level (rank 0..3) outside clusters.
BASE_LEVELS = (0.955, 0.042, 0.0025, 0.0005)
# Typical counts per indicator at rank 0 (they grow with the level).
INDICATOR_MEANS = {
    "unjuk_rasa": 0.6,
    "kegiatan_ormas": 1.0,
    "phk": 2.0,
    "kasus_baru": 4.0,
    "orang_asing_terpantau": 6.0,
    "pelanggaran_prokes": 0.5,
    "pengerahan_massa": 0.4,
}


@dataclass(frozen=True)
class SyntheticRegion:
    """What the planner needs of a region (pure)."""

    id: int
    code: str
    name: str
    level: str
    timezone: str
    province_id: int | None
    kabkota_id: int | None
    valid_from: date | None = None
    valid_until: date | None = None

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def is_province(self) -> bool:
        return self.level == Region.Level.PROVINSI

    def exists_in(self, week: calendar.Week) -> bool:
        if self.valid_from and week.start < self.valid_from:
            return False
        return not (self.valid_until and week.start >= self.valid_until)


@dataclass
class PlannedReport:
    """One generated report (pure)."""

    region: SyntheticRegion
    week: calendar.Week
    public_id: uuid.UUID
    status: str
    is_nil: bool
    content: dict[str, Any]
    created_at: datetime
    first_submitted_at: datetime | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    accepted_at: datetime | None = None
    return_reason: str = ""
    reopened_until: datetime | None = None
    late: bool = False
    version: int = 1

    @property
    def last_event(self) -> datetime:
        return max(t for t in (self.created_at, self.submitted_at, self.decided_at, self.accepted_at) if t)


@dataclass(frozen=True)
class Cluster:
    """A few weeks of trouble in one province: some sections at Siaga or Awas."""

    first: int  # week ordinal
    last: int
    sections: tuple[str, ...]
    rank: int
    share: float  # of its kabupaten/kota affected


def week_ordinal(week: calendar.Week) -> int:
    return (week.start - LOCAL_EPOCH).days // 7


def seeded_rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))  # noqa: S311 (synthetic data, not secrets)


def _hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 3600))


class Planner:
    """Plans reports deterministically from ``seed``; caches per-region and per-province draws."""

    def __init__(
        self,
        *,
        seed: int,
        definition: templating.Definition,
        ranks: dict[str, int],
        offset: timedelta,
        lock_after: timedelta,
    ) -> None:
        self.seed = seed
        self.definition = definition
        self.codes_by_rank = {rank: code for code, rank in ranks.items()}
        self.ranks = ranks
        self.offset = offset
        self.lock_after = lock_after
        self._profiles: dict[str, tuple[float, float, float]] = {}
        self._holes: dict[tuple[str, int], range] = {}
        self._clusters: dict[tuple[str, int], list[Cluster]] = {}

    # --- per-region and per-province draws

    def profile(self, region: SyntheticRegion) -> tuple[float, float, float]:
        """(chance missing, chance late, chance nil) of one office."""
        cached = self._profiles.get(region.code)
        if cached is None:
            rng = seeded_rng(self.seed, "profile", region.code)
            pick, total = rng.random(), 0.0
            missing, late = PROFILES[0][1:]
            for share, p_missing, p_late in PROFILES:
                total += share
                if pick < total:
                    missing, late = p_missing, p_late
                    break
            if region.is_province:  # provincial offices are better staffed
                missing, late = missing / 3, late / 2
            cached = (missing, late, rng.uniform(0.04, 0.28))
            self._profiles[region.code] = cached
        return cached

    def in_hole(self, region: SyntheticRegion, ordinal: int) -> bool:
        block = ordinal // HOLE_BLOCK_WEEKS
        hole = self._holes.get((region.code, block))
        if hole is None:
            rng = seeded_rng(self.seed, "hole", region.code, block)
            if rng.random() < 0.05:
                start = block * HOLE_BLOCK_WEEKS + rng.randrange(HOLE_BLOCK_WEEKS)
                hole = range(start, start + rng.randint(1, 6))
            else:
                hole = range(0)
            self._holes[(region.code, block)] = hole
        return ordinal in hole

    def clusters(self, province_code: str, year: int) -> list[Cluster]:
        key = (province_code, year)
        found = self._clusters.get(key)
        if found is None:
            rng = seeded_rng(self.seed, "cluster", province_code, year)
            pick = rng.random()
            count = 0 if pick < 0.70 else 1 if pick < 0.95 else 2
            found = []
            first_of_year = week_ordinal(calendar.Week(year, 1))
            for _ in range(count):
                first = first_of_year + rng.randrange(50)
                sections = tuple(rng.sample(HOT_SECTIONS, rng.choice((1, 1, 2))))
                found.append(
                    Cluster(
                        first,
                        first + rng.randint(1, 4),
                        sections,
                        3 if rng.random() < 0.2 else 2,
                        rng.uniform(0.3, 0.7),
                    )
                )
            self._clusters[key] = found
        return found

    # --- content

    def _section_rank(self, rng: random.Random, code: str, week: calendar.Week, hot: dict[str, int]) -> int:
        if code in hot:
            return hot[code] if rng.random() < 0.65 else 1
        chances = BASE_LEVELS
        if code == "pilkada_prokes" and date(2024, 9, 1) <= week.start <= date(2024, 12, 15):
            chances = (0.78, 0.20, 0.018, 0.002)
        elif code == "politik" and date(2024, 1, 1) <= week.start <= date(2024, 3, 10):
            chances = (0.84, 0.15, 0.01, 0.0)
        elif code == "covid19" and week.start < date(2022, 4, 1):
            chances = (0.70, 0.26, 0.035, 0.005)
        pick, total = rng.random(), 0.0
        for rank, chance in enumerate(chances):
            total += chance
            if pick < total:
                return rank
        return 0

    def _value(self, rng: random.Random, indicator: templating.Indicator, rank: int, week: calendar.Week) -> Any:
        kind = indicator.type
        if kind == "integer":
            mean = INDICATOR_MEANS.get(indicator.code, 0.15) * (1 + 2.5 * rank)
            value = int(rng.expovariate(1 / mean)) if mean > 0 else 0
            if indicator.min is not None:
                value = max(value, int(indicator.min))
            if indicator.max is not None:
                value = min(value, int(indicator.max))
            return value
        if kind == "decimal":
            low = float(indicator.min) if indicator.min is not None else 0.0
            high = float(indicator.max) if indicator.max is not None else 100.0
            return round(min(high, max(low, rng.uniform(high * 0.85, high * 0.99) - 12 * rank)), 1)
        if kind == "choice":
            choices = indicator.choices
            if not choices:
                return None
            index = min(len(choices) - 1, rank if rng.random() < 0.7 else 0)
            return choices[index]
        if kind == "boolean":
            return rng.random() < (0.03, 0.25, 0.6, 0.85)[min(rank, 3)]
        if kind == "text":
            stage = next((label for until, label in PILKADA_STAGES if week.start < until), "")
            return stage or None
        return None

    def content(self, rng: random.Random, region: SyntheticRegion, week: calendar.Week, *, complete: bool) -> dict:
        hot: dict[str, int] = {}
        ordinal = week_ordinal(week)
        for cluster in self.clusters(region.province_code, week.start.year):
            if cluster.first <= ordinal <= cluster.last and (region.is_province or rng.random() < cluster.share):
                for code in cluster.sections:
                    hot[code] = max(hot.get(code, 0), cluster.rank)
        sections: dict[str, Any] = {}
        worst = 0
        for position, section in enumerate(self.definition.sections):
            if not complete and position >= 3:  # a draft: the first few sections only
                sections[section.code] = {"narrative": "", "values": {i.code: None for i in section.indicators}}
                if section.has_level:
                    sections[section.code]["level"] = None
                continue
            rank = self._section_rank(rng, section.code, week, hot) if section.has_level else 0
            worst = max(worst, rank)
            variants = NARRATIVES.get(section.code)
            if section.has_level:
                narrative = rng.choice(variants[rank]) if variants else f"{section.title}: situasi di {{name}}."
            else:
                narrative = RECOMMENDATIONS[worst]
            entry: dict[str, Any] = {
                "narrative": narrative.format(name=region.name),
                "values": {i.code: self._value(rng, i, rank, week) for i in section.indicators},
            }
            if section.has_level:
                entry["level"] = self.codes_by_rank.get(rank, self.codes_by_rank[0])
            sections[section.code] = entry
        return {"sections": sections}

    # --- one report

    def plan(self, region: SyntheticRegion, week: calendar.Week, now: datetime) -> PlannedReport | None:
        """The report of ``region`` for ``week`` as it stands at ``now`` (None: nothing written)."""
        if not region.exists_in(week):
            return None
        opens = calendar.opens_at(week, region.timezone)
        if opens > now:
            return None
        deadline = calendar.deadline(week, region.timezone, self.offset)
        rng = seeded_rng(self.seed, region.code, week.key)
        public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        p_missing, p_late, p_nil = self.profile(region)
        missing = self.in_hole(region, week_ordinal(week)) or rng.random() < p_missing
        late = rng.random() < p_late
        if late:
            pick = rng.random()
            delay = (
                _hours(rng, 0.1, 24) if pick < 0.6 else _hours(rng, 24, 168) if pick < 0.9 else _hours(rng, 168, 672)
            )
            first = deadline + delay
        else:
            pick = rng.random()
            ahead = (
                _hours(rng, 0.2, 12) if pick < 0.45 else _hours(rng, 12, 60) if pick < 0.85 else _hours(rng, 60, 100)
            )
            first = max(deadline - ahead, opens + timedelta(hours=1))
        started = max(opens + timedelta(minutes=30), first - _hours(rng, 0.5, 48))
        if missing or first > now:
            if rng.random() < 0.25 and started <= now:  # begun, never sent
                draft = self.content(rng, region, week, complete=False)
                return PlannedReport(region, week, public_id, Status.DRAFT, False, draft, started)
            return None
        is_nil = rng.random() < p_nil
        if is_nil:
            content: dict[str, Any] = {"sections": {}, "nil_note": rng.choice(NIL_NOTES)}
            started = first
        else:
            content = self.content(rng, region, week, complete=True)
        report = PlannedReport(
            region, week, public_id, Status.SUBMITTED, is_nil, content, started, first, first, late=late, version=2
        )
        self._decide(rng, report, deadline, now)
        return report

    def _decide(self, rng: random.Random, report: PlannedReport, deadline: datetime, now: datetime) -> None:
        pick = rng.random()
        assert report.submitted_at is not None
        decided = report.submitted_at + _hours(rng, 2, 96)
        if pick < 0.02 and decided <= now:  # returned, not (yet) fixed
            report.status, report.decided_at, report.version = Status.RETURNED, decided, 3
            report.return_reason = rng.choice(RETURN_REASONS)
            lock = deadline + self.lock_after
            if decided >= lock:
                report.reopened_until = decided + self.lock_after
            return
        if pick < 0.05:  # returned, then fixed and resubmitted
            resubmitted = decided + _hours(rng, 2, 72)
            if resubmitted <= now:
                report.decided_at, report.submitted_at, report.version = decided, resubmitted, 4
            return
        if pick < 0.21 and decided <= now:  # verified (12 %), and accepted at the centre (4 %)
            report.status, report.decided_at, report.version = Status.VERIFIED, decided, 3
            accepted = decided + _hours(rng, 4, 120)
            if pick < 0.09 and accepted <= now:
                report.status, report.accepted_at, report.version = Status.ACCEPTED, accepted, 4


# --- writing ---------------------------------------------------------------------------------


@dataclass
class Generated:
    weeks: list[calendar.Week]
    regions: int = 0
    periods_created: int = 0
    created: int = 0
    skipped_existing: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    nil: int = 0
    late: int = 0

    @property
    def first_key(self) -> str:
        return self.weeks[0].key if self.weeks else ""

    @property
    def last_key(self) -> str:
        return self.weeks[-1].key if self.weeks else ""


@dataclass(frozen=True)
class Authors:
    """Who the generated rows name: writer (created/updated/submitted), decider, acceptor — by region."""

    writer: Callable[[SyntheticRegion], int]
    decider: Callable[[SyntheticRegion], int]
    acceptor: Callable[[SyntheticRegion], int]


def system_user() -> User:
    """The account generated reports are written as: no role, cannot log in."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": "Data sintetis (dibuat otomatis)", "office": "Waspada", "password": "!"},
    )
    return user


def system_authors() -> Authors:
    uid = system_user().pk
    return Authors(lambda r: uid, lambda r: uid, lambda r: uid)


def load_regions(programme: ReportingProgramme, provinces: Collection[str] | None) -> list[SyntheticRegion]:
    qs = Region.objects.filter(level__in=programme.levels)
    if provinces is not None:
        within = Q(pk__in=[])
        for code in provinces:
            within |= Q(code=code) | Q(code__startswith=code + ".")
        qs = qs.filter(within)
    rows = qs.order_by("code").values_list(
        "id", "code", "name", "level", "timezone", "province_id", "kabkota_id", "valid_from", "valid_until"
    )
    return [SyntheticRegion(*row) for row in rows]


def weeks_ending(last: calendar.Week, count: int) -> list[calendar.Week]:
    return list(calendar.weeks_between(last.shifted(-(count - 1)), last)) if count > 0 else []


def _ensure_periods(programme: ReportingProgramme, weeks: Sequence[calendar.Week]) -> tuple[dict[str, int], int]:
    have = dict(
        ReportingPeriod.objects.filter(programme=programme, key__in=[w.key for w in weeks]).values_list("key", "id")
    )
    missing = [
        ReportingPeriod(programme=programme, key=w.key, start=w.start, end=w.end, opened_at=calendar.opens_at(w, "WIT"))
        for w in weeks
        if w.key not in have
    ]
    ReportingPeriod.objects.bulk_create(missing, batch_size=BATCH)
    if missing:
        have = dict(
            ReportingPeriod.objects.filter(programme=programme, key__in=[w.key for w in weeks]).values_list("key", "id")
        )
    return have, len(missing)


def _row(
    plan: PlannedReport,
    *,
    programme: ReportingProgramme,
    period_id: int,
    authors: Authors,
    ranks: dict[str, int],
) -> SituationReport:
    region = plan.region
    writer = authors.writer(region)
    if plan.is_nil:
        search, top = str(plan.content.get("nil_note", "")), None
    else:
        search = templating.search_text(plan.content)
        levels = [ranks[c] for c in templating.section_levels(plan.content).values() if c in ranks]
        top = max(levels) if levels else None
    decided = plan.decided_at is not None
    return SituationReport(
        public_id=plan.public_id,
        created_at=plan.created_at,
        version=plan.version,
        programme=programme,
        period_id=period_id,
        region_id=region.id,
        province_id=region.province_id,
        kabkota_id=region.kabkota_id,
        template_id=programme.template_id,
        deadline=programme.deadline_for(plan.week, region.timezone),
        status=plan.status,
        is_nil=plan.is_nil,
        content=plan.content,
        search_text=search,
        max_level_rank=top,
        created_by_id=writer,
        updated_by_id=(
            authors.acceptor(region)
            if plan.status == Status.ACCEPTED
            else authors.decider(region)
            if plan.status in (Status.VERIFIED, Status.RETURNED)
            else writer
        ),
        first_submitted_at=plan.first_submitted_at,
        submitted_at=plan.submitted_at,
        submitted_by_id=writer if plan.submitted_at else None,
        decided_at=plan.decided_at,
        decided_by_id=authors.decider(region) if decided else None,
        return_reason=plan.return_reason,
        accepted_at=plan.accepted_at,
        accepted_by_id=authors.acceptor(region) if plan.accepted_at else None,
        reopened_until=plan.reopened_until,
        reopen_reason=plan.return_reason if plan.reopened_until else "",
    )


def _flush(rows: list[SituationReport]) -> None:
    with transaction.atomic():
        created = SituationReport.objects.bulk_create(rows, batch_size=BATCH)
        # bulk_create stamps ``updated_at`` (auto_now) with the wall clock: put each report's own
        # last event back, in one UPDATE per batch.
        ids = [r.pk for r in created if r.pk is not None]
        if len(ids) != len(rows):  # a backend that does not return keys: find them by public id
            ids = list(
                SituationReport.objects.filter(public_id__in=[r.public_id for r in rows]).values_list("pk", flat=True)
            )
        SituationReport.objects.filter(pk__in=ids).update(
            updated_at=Greatest(
                "created_at",
                Coalesce("submitted_at", "created_at"),
                Coalesce("decided_at", "created_at"),
                Coalesce("accepted_at", "created_at"),
            )
        )


def reports_generate(
    *,
    weeks: Sequence[calendar.Week],
    provinces: Collection[str] | None,
    seed: int = 1,
    now: datetime | None = None,
    programme: ReportingProgramme | None = None,
    authors: Authors | None = None,
    skip: Collection[tuple[str, str]] = (),
    audit_label: str = "synthetic",
) -> Generated:
    """Write the planned reports of ``provinces`` (None: all) for ``weeks`` that do not exist yet.

    Opens the periods it needs. ``skip`` holds ``(region code, week key)`` pairs left for
    someone else (the demo writes a few through the services). Idempotent.
    """
    from waspada.reports.services import programme_default

    moment = now or timezone.now()
    programme = programme or programme_default()
    authors = authors or system_authors()
    ranks = dict(SituationLevel.objects.values_list("code", "rank"))
    planner = Planner(
        seed=seed,
        definition=programme.template.parsed,
        ranks=ranks,
        offset=programme.deadline_offset,
        lock_after=programme.edit_lock_after,
    )
    regions = load_regions(programme, provinces)
    result = Generated(weeks=list(weeks), regions=len(regions))
    period_ids, result.periods_created = _ensure_periods(programme, weeks)
    region_ids = {r.id for r in regions}
    existing = {
        (period_id, region_id)
        for period_id, region_id in SituationReport.objects.filter(period_id__in=list(period_ids.values())).values_list(
            "period_id", "region_id"
        )
        if region_id in region_ids
    }
    skipped = set(skip)
    rows: list[SituationReport] = []
    for week in weeks:
        period_id = period_ids[week.key]
        for region in regions:
            if (period_id, region.id) in existing:
                result.skipped_existing += 1
                continue
            if (region.code, week.key) in skipped:
                continue
            plan = planner.plan(region, week, moment)
            if plan is None:
                continue
            rows.append(_row(plan, programme=programme, period_id=period_id, authors=authors, ranks=ranks))
            result.by_status[plan.status] = result.by_status.get(plan.status, 0) + 1
            result.nil += plan.is_nil
            result.late += plan.late and plan.first_submitted_at is not None
        if len(rows) >= BATCH:
            _flush(rows)
            result.created += len(rows)
            rows = []
    if rows:
        _flush(rows)
        result.created += len(rows)
    if result.created:
        audit.record(
            actor=None,
            action="synthetic.reports_generated",
            obj=programme,
            after={
                "source": audit_label,
                "seed": seed,
                "provinces": sorted(provinces) if provinces is not None else "semua",
                "weeks": [result.first_key, result.last_key],
                "created": result.created,
                "by_status": dict(sorted(result.by_status.items())),
                "nil": result.nil,
            },
        )
    return result


def synthetic_reports_generate(
    *, provinces: Collection[str] | None, seed: int = 1, weeks: int = DEFAULT_WEEKS, now: datetime | None = None
) -> Generated:
    """``generate_synthetic``'s report part: ``weeks`` weeks ending with the latest closed week."""
    moment = now or timezone.now()
    last = calendar.latest_closed_week(moment)
    return reports_generate(weeks=weeks_ending(last, weeks), provinces=provinces, seed=seed, now=moment)
