"""Synthetic incidents (``generate_synthetic``; ``--scale national`` adds 1,000,000 over 2016–2025).

**This is a bulk path for generated data, not a user write.** ``services.incident_create`` (one
incident per transaction, permission checks, an audit event and a rollup refresh per incident) is
the only way users register incidents. Generated data skips it on purpose, to write a million
incidents in minutes (``INSERT … executemany`` on SQLite, ``COPY`` on PostgreSQL), and keeps every
derived field as the services would set it: ``week_start`` from ``occurred_on``, the ``province``
/ ``kabkota`` scope keys from the region (a kabupaten/kota or one of its kecamatan),
``point_kabkota`` = the kabupaten/kota whose boundary holds the point (points are drawn inside it),
``reported_on`` on or after ``occurred_on``, ``version``/``updated_at`` consistent with the status.
One source each. The weekly rollup is rebuilt **once** at the end (``rollup.rebuild`` over the
generated weeks), never per row; one audit event summarises the run.

The plan is pure (numpy, no ORM) and deterministic: the same ``(seed, count, period, regions,
codes, boundaries)`` gives the same incidents. Each incident carries ``external_source`` =
``"sintetis"`` and ``external_id`` = ``"<seed>-<ordinal>"`` (ordinals follow the date), so a
second run adds only what is missing.

Realism: a few hot kabupaten/kota per province; heavier provinces (Papua and its 2022 provinces,
Maluku, Sulawesi Tengah, Jawa Barat…); a mild season, a slow upward trend and the 2020 pandemic
dip; peaks around the Pilkada of 2017, 2018, 2020 and 2024 and the Pemilu of 2019 and 2024 (with
more "Ekses politik"); bursts of a few days to weeks in one kabupaten/kota; province-typical
categories (security in Papua, SARA in Maluku…); impacts mostly zero with a heavy tail; about
45 % with coordinates when boundaries are imported (``Region`` stores no centroid, so without
boundaries there are no points).

Papua's kabupaten/kota carry their 2022 province codes for the whole decade (the region tree has
no history below the province), so the new provinces show incidents before 2022 in recaps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from waspada.incidents.models import Incident, IncidentCode, IncidentSource, week_start_of
from waspada.regions.models import Region

SOURCE = "sintetis"
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2025, 12, 31)
NATIONAL_INCIDENTS = 1_000_000
BATCH = 20_000
POINT_SHARE = 0.45  # of incidents with coordinates (when boundaries are imported)
KECAMATAN_SHARE = 0.35  # of incidents located at a kecamatan rather than the kabupaten/kota
BURST_SHARE = 0.10  # of incidents that belong to a burst
BURSTS_PER_YEAR = 36
POINTS_PER_KABKOTA = 256  # pool of interior points drawn per kabupaten/kota
HOT_FACTOR = 6.0

# Relative weight of a province's kabupaten/kota (1 elsewhere).
PROVINCE_WEIGHT: dict[str, float] = {
    "91": 3.0,  # Papua
    "92": 2.0,  # Papua Barat
    "93": 1.6,  # Papua Selatan
    "94": 3.0,  # Papua Tengah
    "95": 3.0,  # Papua Pegunungan
    "96": 1.6,  # Papua Barat Daya
    "81": 2.6,  # Maluku
    "82": 1.8,  # Maluku Utara
    "72": 2.6,  # Sulawesi Tengah
    "32": 2.2,  # Jawa Barat
    "31": 1.4,  # DKI Jakarta
    "35": 1.3,  # Jawa Timur
    "11": 1.4,  # Aceh
    "73": 1.3,  # Sulawesi Selatan
    "12": 1.2,  # Sumatera Utara
    "53": 1.2,  # Nusa Tenggara Timur
}

# (polling day, days of build-up, days of aftermath, height of the peak, name)
ELECTIONS: tuple[tuple[date, int, int, float, str], ...] = (
    (date(2017, 2, 15), 75, 30, 0.5, "Pilkada 2017"),
    (date(2018, 6, 27), 75, 30, 0.7, "Pilkada 2018"),
    (date(2019, 4, 17), 120, 45, 1.2, "Pemilu 2019"),
    (date(2020, 12, 9), 75, 30, 0.8, "Pilkada 2020"),
    (date(2024, 2, 14), 120, 45, 1.2, "Pemilu 2024"),
    (date(2024, 11, 27), 90, 30, 1.0, "Pilkada 2024"),
)
ELECTION_CATEGORY = "ekses-politik"
ELECTION_LIFT = 8.0  # how much more likely "Ekses politik" is at an election's peak

CATEGORY_BASE: dict[str, float] = {
    "bentrok-antarwarga": 0.22,
    "isu-keamanan": 0.16,
    "isu-sara": 0.08,
    "kesenjangan-sosial": 0.11,
    "konflik-institusi-pendidikan": 0.06,
    "konflik-ormas": 0.12,
    "sengketa-lahan": 0.17,
    "ekses-politik": 0.06,
}
OTHER_CATEGORY = 0.04  # a category added to the editable list later
_PAPUA = {"isu-keamanan": 3.0, "sengketa-lahan": 1.3}
PROVINCE_TILT: dict[str, dict[str, float]] = {
    "91": _PAPUA,
    "94": _PAPUA,
    "95": _PAPUA,
    "92": {"isu-keamanan": 2.0},
    "93": {"isu-keamanan": 1.5, "sengketa-lahan": 1.5},
    "96": {"isu-keamanan": 1.5},
    "81": {"isu-sara": 2.5, "bentrok-antarwarga": 1.5},
    "82": {"isu-sara": 1.8},
    "72": {"isu-keamanan": 2.0, "isu-sara": 2.0},
    "32": {"konflik-ormas": 2.0, "sengketa-lahan": 1.3},
    "31": {"kesenjangan-sosial": 1.8, "konflik-ormas": 1.5},
    "11": {"isu-sara": 1.5},
}
SEVERITY: dict[str, float] = {
    "isu-keamanan": 2.2,
    "bentrok-antarwarga": 1.4,
    "isu-sara": 1.5,
    "ekses-politik": 1.0,
    "sengketa-lahan": 0.9,
    "konflik-ormas": 1.0,
    "kesenjangan-sosial": 0.5,
    "konflik-institusi-pendidikan": 0.7,
}
# (field, chance of a non-zero figure at severity 1, Zipf exponent, multiplier, cap)
IMPACT_DRAWS: tuple[tuple[str, float, float, int, int], ...] = (
    ("killed", 0.012, 2.3, 1, 150),
    ("injured", 0.09, 2.0, 1, 400),
    ("sexual_violence", 0.004, 2.6, 1, 25),
    ("buildings_damaged", 0.05, 1.9, 1, 1500),
    ("displaced", 0.012, 1.6, 4, 15000),
)
# category → (sumber konflik, jenis SNPK, jenis ACLED) candidates; one in three left empty.
CODING: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "bentrok-antarwarga": (("polekbud", "sara"), ("main-hakim-sendiri", "identitas"), ("riots",)),
    "isu-keamanan": (
        ("polekbud",),
        ("separatisme", "kriminalitas", "penegakan-hukum"),
        ("battles", "violence-against-civilians", "explosions"),
    ),
    "isu-sara": (("sara",), ("identitas",), ("riots", "protests")),
    "kesenjangan-sosial": (("polekbud", "distribusi-sda"), ("tata-kelola",), ("protests",)),
    "konflik-institusi-pendidikan": (("polekbud",), ("tata-kelola", "main-hakim-sendiri"), ("riots", "protests")),
    "konflik-ormas": (("polekbud",), ("identitas", "kriminalitas"), ("riots",)),
    "sengketa-lahan": (("sumber-daya-alam", "batas-wilayah"), ("sumber-daya",), ("protests", "riots")),
    "ekses-politik": (("polekbud",), ("pemilihan-jabatan",), ("protests", "riots", "strategic-developments")),
}
TITLES: dict[str, tuple[str, ...]] = {
    "bentrok-antarwarga": (
        "Bentrok antarwarga di {place}",
        "Perkelahian antarkelompok pemuda di {place}",
        "Tawuran warga dua desa di {place}",
    ),
    "isu-keamanan": (
        "Penyerangan oleh kelompok bersenjata di {place}",
        "Teror dan ancaman terhadap warga di {place}",
        "Pembakaran fasilitas umum di {place}",
    ),
    "isu-sara": (
        "Ketegangan antarumat beragama di {place}",
        "Penolakan pembangunan rumah ibadah di {place}",
        "Ujaran kebencian bernuansa SARA memicu keresahan di {place}",
    ),
    "kesenjangan-sosial": (
        "Unjuk rasa warga menuntut bantuan sosial di {place}",
        "Aksi buruh menolak PHK di {place}",
        "Protes warga atas layanan air bersih di {place}",
    ),
    "konflik-institusi-pendidikan": (
        "Tawuran pelajar di {place}",
        "Bentrok mahasiswa di kampus di {place}",
        "Perkelahian antarsekolah di {place}",
    ),
    "konflik-ormas": (
        "Bentrok antarormas di {place}",
        "Perebutan lahan parkir antarormas di {place}",
        "Pengerahan massa ormas di {place}",
    ),
    "sengketa-lahan": (
        "Sengketa lahan warga dengan perusahaan di {place}",
        "Penolakan penggusuran lahan di {place}",
        "Klaim tanah ulayat memicu ketegangan di {place}",
    ),
    "ekses-politik": (
        "Bentrok pendukung pasangan calon di {place}",
        "Perusakan alat peraga kampanye di {place}",
        "Unjuk rasa menolak hasil penghitungan suara di {place}",
    ),
}
TWIN_SUFFIXES = ("menurut laporan warga", "versi media daring", "laporan susulan")
NATIONAL_MEDIA = ("Kompas", "Antara", "Detik", "Tempo", "CNN Indonesia", "Republika", "Kumparan")
LOCAL_MEDIA: dict[str, str] = {
    "32": "Pikiran Rakyat",
    "31": "Warta Kota",
    "35": "Jawa Pos",
    "33": "Suara Merdeka",
    "81": "Siwalima",
    "72": "Mercusuar",
    "11": "Serambi Indonesia",
    "12": "Waspada",
    "73": "Fajar",
    "51": "Bali Post",
}
PAPUA_MEDIA = "Cenderawasih Pos"
# (kind, share): the source of a generated incident.
SOURCE_KINDS: tuple[tuple[str, float], ...] = (
    (IncidentSource.Kind.MEDIA, 0.70),
    (IncidentSource.Kind.OFFICIAL, 0.15),
    (IncidentSource.Kind.FKDM, 0.10),
    (IncidentSource.Kind.FIELD, 0.05),
)

Status = Incident.Status


# --- what the planner reads (pure data) ---------------------------------------------------------


@dataclass(frozen=True)
class World:
    """The regions and codes a plan draws from, in a fixed order (by code)."""

    kabkota_ids: Sequence[int]
    kabkota_codes: Sequence[str]
    kabkota_names: Sequence[str]
    province_ids: Sequence[int]
    province_names: Mapping[str, str]  # province code → name
    kecamatan: Mapping[int, Sequence[tuple[int, str]]]  # kabkota id → (id, name) of its kecamatan
    categories: Sequence[tuple[int, str]]  # (id, code) of the active categories
    codes: Mapping[str, Mapping[str, int]]  # kind → code → id (sumber_konflik, snpk, acled)
    points: Mapping[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # kabkota id → (lat, lon)


@dataclass(frozen=True)
class Spec:
    """What to generate: how many incidents, over which days, with which emphasis."""

    count: int
    seed: int = 1
    first_day: date = FIRST_DAY
    last_day: date = LAST_DAY
    province_weight: Mapping[str, float] = field(default_factory=lambda: PROVINCE_WEIGHT)
    region_boost: Mapping[str, float] = field(default_factory=dict)  # kabupaten/kota code → factor
    bursts_per_year: float = BURSTS_PER_YEAR
    twins: int = 0  # duplicate candidates: a second record of an incident, another source
    today: date | None = None  # statuses: recent incidents are still drafts


@dataclass
class Plan:
    """The planned incidents as parallel arrays (row i of each is incident i)."""

    day: np.ndarray  # days after spec.first_day
    kabkota: np.ndarray  # index into world.kabkota_ids
    kecamatan: np.ndarray  # index into world.kecamatan[kabkota id], −1: at the kabupaten/kota
    category: np.ndarray  # index into world.categories
    impacts: dict[str, np.ndarray]
    point: np.ndarray  # index into world.points[kabkota id], −1: no coordinates
    report_delay: np.ndarray  # days
    status: np.ndarray  # 0 draft, 1 verified, 2 closed
    precision: np.ndarray  # 0 day, 1 week, 2 month
    exact: np.ndarray  # bool: geo precision "tepat" (with a point)
    coding: np.ndarray  # (n, 3) indexes into the category's candidates, −1: empty
    variant: np.ndarray  # title variant
    twin_of: np.ndarray  # ordinal of the incident this one re-reports, −1: none
    source_kind: np.ndarray
    source_pick: np.ndarray
    hour: np.ndarray  # seconds after midnight UTC of the creation on reported_on
    burst: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.day)


def rng_for(seed: int, *parts: int) -> np.random.Generator:
    return np.random.default_rng([seed, *parts])


def day_intensity(first: date, last: date) -> tuple[np.ndarray, np.ndarray]:
    """(relative intensity, election peak 0..1.2) of each day from ``first`` to ``last``."""
    n = (last - first).days + 1
    days = np.arange(n)
    ordinal = first.toordinal() + days
    doy = np.array([(first + timedelta(days=int(d))).timetuple().tm_yday for d in days])
    weekday = (ordinal - 1) % 7  # 0 = Monday (date.toordinal(1) is a Monday)
    years = (ordinal - date(2016, 1, 1).toordinal()) / 365.25
    season = 1 + 0.12 * np.cos(2 * np.pi * (doy - 230) / 365.25)  # a little more in the dry season
    trend = 1 + 0.02 * years
    week = np.where(weekday == 6, 0.8, np.where(weekday == 5, 0.92, 1.04))
    pandemic = np.ones(n)
    lockdown = (ordinal >= date(2020, 4, 1).toordinal()) & (ordinal <= date(2020, 6, 30).toordinal())
    pandemic[lockdown] = 0.75
    election = np.zeros(n)
    for polling, before, after, height, _name in ELECTIONS:
        offset = ordinal - polling.toordinal()
        rise = np.where((offset <= 0) & (offset > -before), 1 + offset / before, 0.0)
        fall = np.where((offset > 0) & (offset < after), 1 - offset / after, 0.0)
        election = np.maximum(election, height * np.maximum(rise, fall))
    return season * trend * week * pandemic * (1 + election), election


def kabkota_weights(world: World, spec: Spec, rng: np.random.Generator) -> tuple[np.ndarray, dict[int, list[int]]]:
    """Normalised weight of each kabupaten/kota, and the hot ones (indexes) by province id."""
    n = len(world.kabkota_ids)
    weights = rng.lognormal(0.0, 0.6, n)
    by_province: dict[int, list[int]] = {}
    for i, code in enumerate(world.kabkota_codes):
        weights[i] *= spec.province_weight.get(code[:2], 1.0) * spec.region_boost.get(code, 1.0)
        by_province.setdefault(world.province_ids[i], []).append(i)
    hot: dict[int, list[int]] = {}
    for province_id, members in sorted(by_province.items()):
        k = min(len(members), int(rng.integers(1, 4)))
        chosen = sorted(int(x) for x in rng.choice(members, size=k, replace=False))
        for i in chosen:
            weights[i] *= HOT_FACTOR
        hot[province_id] = chosen
    return weights / weights.sum(), hot


def _zipf(rng: np.random.Generator, a: float, size: int, cap: int) -> np.ndarray:
    return np.minimum(rng.zipf(a, size), cap)


def plan(world: World, spec: Spec) -> Plan:
    """The incidents of ``spec`` in ``world``: deterministic in ``spec.seed`` (pure, no ORM)."""
    if not world.kabkota_ids or not world.categories:
        raise ValueError("Tidak ada kabupaten/kota atau kategori untuk data sintetis.")
    rng = rng_for(spec.seed, spec.count, spec.first_day.toordinal(), spec.last_day.toordinal())
    ndays = (spec.last_day - spec.first_day).days + 1
    intensity, election = day_intensity(spec.first_day, spec.last_day)
    weights, hot = kabkota_weights(world, spec, rng)
    nk = len(world.kabkota_ids)

    # Bursts: a kabupaten/kota (usually a hot one) for a few days to weeks; sizes heavy-tailed.
    n_burst_total = round(spec.count * BURST_SHARE)
    n_bursts = max(1, round(spec.bursts_per_year * ndays / 365.25))
    burst_kabkota = rng.choice(nk, size=n_bursts, p=weights)
    hot_pick = rng.random(n_bursts) < 0.7
    hot_draw = rng.integers(0, 1 << 20, n_bursts)
    for b in np.flatnonzero(hot_pick):  # most bursts hit one of the province's hot spots
        members = hot[world.province_ids[int(burst_kabkota[b])]]
        burst_kabkota[b] = members[int(hot_draw[b]) % len(members)]
    burst_start = rng.integers(0, ndays, n_bursts)
    burst_length = rng.integers(3, 22, n_bursts)
    burst_category = rng.integers(0, len(world.categories), n_bursts)
    sizes = rng.multinomial(n_burst_total, (w := rng.pareto(1.5, n_bursts) + 1) / w.sum())

    n_background = spec.count - n_burst_total
    day = np.empty(spec.count, dtype=np.int64)
    kab = np.empty(spec.count, dtype=np.int64)
    burst = np.zeros(spec.count, dtype=bool)
    burst_id = np.full(spec.count, -1, dtype=np.int64)
    day[:n_background] = rng.choice(ndays, size=n_background, p=intensity / intensity.sum())
    kab[:n_background] = rng.choice(nk, size=n_background, p=weights)
    owner = np.repeat(np.arange(n_bursts), sizes)
    decay = np.minimum(rng.random(n_burst_total), rng.random(n_burst_total))  # more at the start
    day[n_background:] = np.minimum(burst_start[owner] + (decay * burst_length[owner]).astype(np.int64), ndays - 1)
    kab[n_background:] = burst_kabkota[owner]
    burst[n_background:] = True
    burst_id[n_background:] = owner

    # Categories: base shares × the province's tilt × the election peak (Ekses politik).
    codes = [code for _pk, code in world.categories]
    base = np.array([CATEGORY_BASE.get(c, OTHER_CATEGORY) for c in codes])
    provinces = sorted({c[:2] for c in world.kabkota_codes})
    tilt = np.ones((len(provinces), len(codes)))
    for p, province in enumerate(provinces):
        for j, c in enumerate(codes):
            tilt[p, j] = PROVINCE_TILT.get(province, {}).get(c, 1.0)
    province_index = np.array([provinces.index(c[:2]) for c in world.kabkota_codes])
    lift = np.array([c == ELECTION_CATEGORY for c in codes], dtype=float) * ELECTION_LIFT
    category = np.empty(spec.count, dtype=np.int64)
    step = 200_000
    for start in range(0, spec.count, step):
        sl = slice(start, start + step)
        probs = base * tilt[province_index[kab[sl]]] * (1 + election[day[sl]][:, None] * lift)
        cumulative = np.cumsum(probs, axis=1)
        u = rng.random(len(probs)) * cumulative[:, -1]
        category[sl] = (cumulative < u[:, None]).sum(axis=1)
    in_burst = burst_id >= 0
    keep_burst_category = in_burst & (rng.random(spec.count) < 0.7)
    category[keep_burst_category] = burst_category[burst_id[keep_burst_category]]

    order = np.lexsort((kab, day))  # ordinals follow the date
    day, kab, category, burst = day[order], kab[order], category[order], burst[order]
    n = spec.count

    severity = np.array([SEVERITY.get(c, 1.0) for c in codes])[category]
    severity = severity * np.where(burst, 1.6, 1.0)
    papua = np.array([c.startswith("9") for c in world.kabkota_codes])
    severity = severity * np.where(papua[kab], 1.4, 1.0)
    impacts: dict[str, np.ndarray] = {}
    for name, chance, a, times, cap in IMPACT_DRAWS:
        hit = rng.random(n) < np.minimum(chance * severity, 0.9)
        impacts[name] = np.where(hit, np.minimum(_zipf(rng, a, n, cap) * times, cap), 0).astype(np.int64)

    kecamatan = np.full(n, -1, dtype=np.int64)
    at_kecamatan = rng.random(n) < KECAMATAN_SHARE
    kec_draw = rng.integers(0, 1 << 30, n)
    sizes_kec = np.array([len(world.kecamatan.get(pk, ())) for pk in world.kabkota_ids])
    has_kec = sizes_kec[kab] > 0
    pick = at_kecamatan & has_kec
    kecamatan[pick] = kec_draw[pick] % sizes_kec[kab[pick]]

    point = np.full(n, -1, dtype=np.int64)
    with_point = rng.random(n) < POINT_SHARE
    point_draw = rng.integers(0, 1 << 30, n)
    pool = np.array([len(world.points[pk][0]) if pk in world.points else 0 for pk in world.kabkota_ids])
    pick = with_point & (pool[kab] > 0)
    point[pick] = point_draw[pick] % pool[kab[pick]]
    exact = (point >= 0) & (rng.random(n) < 0.7)

    delay_pick = rng.random(n)
    report_delay = np.where(
        delay_pick < 0.55,
        0,
        np.where(delay_pick < 0.80, 1, np.where(delay_pick < 0.95, rng.integers(2, 8, n), rng.integers(8, 31, n))),
    )
    today = spec.today or spec.last_day + timedelta(days=365)
    age = (today - spec.first_day).days - day
    u = rng.random(n)
    status = np.where(
        age < 14,
        np.where(u < 0.6, 0, 1),
        np.where(u < 0.06, 0, np.where((u < 0.20) & (age > 90), 2, 1)),
    )
    precision_pick = rng.random(n)
    precision = np.where(precision_pick < 0.93, 0, np.where(precision_pick < 0.98, 1, 2))
    coding = rng.integers(0, 1 << 20, (n, 3))
    coding[rng.random((n, 3)) < 1 / 3] = -1
    kind_pick = rng.random(n)
    shares = np.cumsum([share for _kind, share in SOURCE_KINDS])
    source_kind = np.minimum(np.searchsorted(shares, kind_pick * shares[-1], side="right"), len(shares) - 1)
    result = Plan(
        day=day,
        kabkota=kab,
        kecamatan=kecamatan,
        category=category,
        impacts=impacts,
        point=point,
        report_delay=report_delay,
        status=status,
        precision=precision,
        exact=exact,
        coding=coding,
        variant=rng.integers(0, 1 << 20, n),
        twin_of=np.full(n, -1, dtype=np.int64),
        source_kind=source_kind,
        source_pick=rng.integers(0, 1 << 20, n),
        hour=rng.integers(0, 12 * 3600, n),
        burst=burst,
    )
    if spec.twins:
        boosted = np.array([spec.region_boost.get(c, 1.0) > 1 for c in world.kabkota_codes])
        result = with_twins(result, spec, rng, prefer=boosted[kab])
    return result


def with_twins(p: Plan, spec: Spec, rng: np.random.Generator, prefer: np.ndarray) -> Plan:
    """Append ``spec.twins`` second records of incidents (preferring the most boosted
    kabupaten/kota): the same place and category, a day apart at most, a reworded title and
    another source — what the duplicate check should offer to merge. Drafts awaiting a check."""
    ndays = (spec.last_day - spec.first_day).days + 1
    candidates = np.flatnonzero(prefer)
    if len(candidates) < spec.twins:
        candidates = np.arange(len(p))
    originals = np.sort(rng.choice(candidates, size=min(spec.twins, len(candidates)), replace=False))
    k = len(originals)
    shift = rng.integers(-1, 2, k)
    twin_day = np.clip(p.day[originals] + shift, 0, ndays - 1)

    def extend(values: np.ndarray, extra: np.ndarray) -> np.ndarray:
        return np.concatenate([values, extra.astype(values.dtype)])

    return Plan(
        day=extend(p.day, twin_day),
        kabkota=extend(p.kabkota, p.kabkota[originals]),
        kecamatan=extend(p.kecamatan, p.kecamatan[originals]),
        category=extend(p.category, p.category[originals]),
        impacts={name: extend(values, values[originals]) for name, values in p.impacts.items()},
        point=extend(p.point, np.full(k, -1)),
        report_delay=extend(p.report_delay, p.report_delay[originals] + 1),
        status=extend(p.status, np.zeros(k)),
        precision=extend(p.precision, np.zeros(k)),
        exact=extend(p.exact, np.zeros(k, dtype=bool)),
        coding=np.concatenate([p.coding, np.full((k, 3), -1)]),
        variant=extend(p.variant, p.variant[originals]),
        twin_of=extend(p.twin_of, originals),
        source_kind=extend(p.source_kind, (p.source_kind[originals] + 1) % len(SOURCE_KINDS)),
        source_pick=extend(p.source_pick, p.source_pick[originals] + 1),
        hour=extend(p.hour, p.hour[originals]),
        burst=extend(p.burst, p.burst[originals]),
    )


# --- reading the world -----------------------------------------------------------------------


def load_world(
    provinces: Collection[str] | None = None, *, seed: int = 1, with_points: bool = True, per_kabkota: int = 0
) -> World:
    """Regions (valid kabupaten/kota of ``provinces``, None: all), kecamatan, active codes and —
    when boundaries are imported — a pool of points inside each kabupaten/kota."""
    kabkota = Region.objects.filter(level__in=Region.KABKOTA_LEVELS, valid_until__isnull=True)
    if provinces is not None:
        kabkota = kabkota.filter(province__code__in=list(provinces))
    rows = list(kabkota.order_by("code").values_list("id", "code", "name", "province_id"))
    ids = [r[0] for r in rows]
    kecamatan: dict[int, list[tuple[int, str]]] = {}
    for pk, name, kabkota_id in (
        Region.objects.filter(level=Region.Level.KECAMATAN, kabkota_id__in=ids, valid_until__isnull=True)
        .order_by("code")
        .values_list("id", "name", "kabkota_id")
    ):
        kecamatan.setdefault(kabkota_id, []).append((pk, name))
    categories = list(
        IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY, is_active=True)
        .order_by("code")
        .values_list("id", "code")
    )
    codes: dict[str, dict[str, int]] = {}
    for kind, code, pk in IncidentCode.objects.filter(
        kind__in=[IncidentCode.Kind.CONFLICT_SOURCE, IncidentCode.Kind.SNPK_TYPE, IncidentCode.Kind.ACLED_EVENT],
        is_active=True,
    ).values_list("kind", "code", "id"):
        codes.setdefault(kind, {})[code] = pk
    return World(
        kabkota_ids=ids,
        kabkota_codes=[r[1] for r in rows],
        kabkota_names=[r[2] for r in rows],
        province_ids=[r[3] for r in rows],
        province_names=dict(Region.objects.filter(level=Region.Level.PROVINSI).values_list("code", "name")),
        kecamatan=kecamatan,
        categories=categories,
        codes=codes,
        points=interior_points(ids, seed=seed, per_kabkota=per_kabkota or POINTS_PER_KABKOTA) if with_points else {},
    )


def interior_points(
    kabkota_ids: Sequence[int], *, seed: int, per_kabkota: int
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Points drawn uniformly inside each imported kabupaten/kota boundary (none without one)."""
    import shapely

    from waspada.regions.models import RegionBoundary

    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    boundaries = RegionBoundary.objects.filter(region_id__in=list(kabkota_ids)).values_list("region_id", "geometry_wkb")
    for region_id, wkb in sorted(boundaries, key=lambda b: b[0]):
        geometry = shapely.from_wkb(bytes(wkb))
        if geometry is None or geometry.is_empty:
            continue
        shapely.prepare(geometry)
        minx, miny, maxx, maxy = geometry.bounds
        rng = rng_for(seed, 7, region_id)
        lats: list[np.ndarray] = []
        lons: list[np.ndarray] = []
        have = 0
        for _round in range(40):  # thin or island-strewn regions fill little of their box
            xs = rng.uniform(minx, maxx, per_kabkota * 4)
            ys = rng.uniform(miny, maxy, per_kabkota * 4)
            inside = shapely.contains_xy(geometry, xs, ys)
            lons.append(xs[inside])
            lats.append(ys[inside])
            have += int(inside.sum())
            if have >= per_kabkota:
                break
        if have:
            found[region_id] = (
                np.round(np.concatenate(lats)[:per_kabkota], 6),
                np.round(np.concatenate(lons)[:per_kabkota], 6),
            )
    return found


# --- rows ------------------------------------------------------------------------------------

INCIDENT_COLUMNS = (
    "id",
    "public_id",
    "created_at",
    "updated_at",
    "version",
    "deleted_at",
    "deleted_reason",
    "province_id",
    "kabkota_id",
    "title",
    "occurred_on",
    "date_precision",
    "week_start",
    "reported_on",
    "region_id",
    "location_detail",
    "latitude",
    "longitude",
    "geo_precision",
    "point_kabkota_id",
    "category_id",
    "conflict_source_id",
    "snpk_type_id",
    "acled_event_type_id",
    "killed",
    "injured",
    "sexual_violence",
    "buildings_damaged",
    "displaced",
    "narrative",
    "handling_stage",
    "conflict_status_id",
    "contest_id",
    "election_stage_id",
    "status",
    "classification",
    "merged_into_id",
    "merged_at",
    "external_source",
    "external_id",
    "created_by_id",
    "updated_by_id",
)
SOURCE_COLUMNS = ("id", "incident_id", "kind", "name", "url", "published_on", "scale", "moved_from_id")
STATUS_CODES = (Status.DRAFT, Status.VERIFIED, Status.CLOSED)
PRECISION_CODES = (Incident.DatePrecision.DAY, Incident.DatePrecision.WEEK, Incident.DatePrecision.MONTH)
STAGE_OF_STATUS = ("", Incident.HandlingStage.PREVENTION, Incident.HandlingStage.RECOVERY)


@dataclass(frozen=True)
class Authors:
    """Who generated rows name: the writer and the verifier, by kabupaten/kota code."""

    writer: Callable[[str], int]
    verifier: Callable[[str], int]


def external_id(seed: int, ordinal: int) -> str:
    return f"{seed}-{ordinal:07d}"


class _Adapter:
    """Python values → what the raw cursor of this backend takes (SQLite: text, like Django stores)."""

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"

    def uuid(self, value: uuid.UUID) -> Any:
        return value.hex if self.sqlite else value

    def moment(self, value: datetime) -> Any:
        # What Django's SQLite backend stores for an aware datetime: naive UTC, ISO with a space.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ") if self.sqlite else value

    def day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def decimal(self, value: Decimal | None) -> Any:
        return None if value is None else (str(value) if self.sqlite else value)


def rows(
    world: World,
    spec: Spec,
    p: Plan,
    *,
    ordinals: Sequence[int],
    first_id: int,
    source_label: str,
    authors: Authors,
    now: datetime,
) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(incident row, source row) of each ordinal, in ``INCIDENT_COLUMNS`` / ``SOURCE_COLUMNS`` order.

    Row ``first_id + k`` is the k-th ordinal; its source row has the same id (both are free)."""
    adapt = _Adapter()
    public_ids = np.random.default_rng([spec.seed, spec.count, 99]).bytes(16 * len(p))
    # Python lists: element access on numpy arrays costs more than the rest of a row.
    day, kabkota, kecamatan, category = p.day.tolist(), p.kabkota.tolist(), p.kecamatan.tolist(), p.category.tolist()
    point, delay, status_of, precision = (
        p.point.tolist(),
        p.report_delay.tolist(),
        p.status.tolist(),
        p.precision.tolist(),
    )
    exact, coding, variant, twin_of = p.exact.tolist(), p.coding.tolist(), p.variant.tolist(), p.twin_of.tolist()
    source_kind_of, source_pick, hour = p.source_kind.tolist(), p.source_pick.tolist(), p.hour.tolist()
    impacts_of = [p.impacts[name].tolist() for name in Incident.IMPACT_FIELDS]
    categories = []
    for pk, code in world.categories:
        titles = TITLES.get(code) or (f"{code.replace('-', ' ').capitalize()} di {{place}}",)
        options = []
        for column, kind in enumerate(
            (IncidentCode.Kind.CONFLICT_SOURCE, IncidentCode.Kind.SNPK_TYPE, IncidentCode.Kind.ACLED_EVENT)
        ):
            wanted = CODING.get(code, ((), (), ()))[column]
            options.append([world.codes[kind][c] for c in wanted if c in world.codes.get(kind, {})])
        categories.append((pk, titles, options))
    today = now.date()
    first_ordinal = spec.first_day.toordinal()
    for k, i in enumerate(ordinals):
        kab = kabkota[i]
        kabkota_id = world.kabkota_ids[kab]
        kabkota_code = world.kabkota_codes[kab]
        place = world.kabkota_names[kab]
        region_id = kabkota_id
        if kecamatan[i] >= 0:
            region_id, kec_name = world.kecamatan[kabkota_id][kecamatan[i]]
            place = f"Kecamatan {kec_name}, {place}"
        occurred = date.fromordinal(first_ordinal + day[i])
        reported = min(occurred + timedelta(days=delay[i]), max(occurred, today))
        created = datetime(reported.year, reported.month, reported.day, tzinfo=UTC) + timedelta(seconds=hour[i])
        created = min(created, now)
        status = status_of[i]
        updated = min(created + timedelta(hours=6 + 30 * status), now) if status else created
        category_id, titles, options = categories[category[i]]
        title = titles[variant[i] % len(titles)].format(place=place)
        if twin_of[i] >= 0:
            title = f"{title}, {TWIN_SUFFIXES[source_pick[i] % len(TWIN_SUFFIXES)]}"
        picks = coding[i]
        coded = [
            opts[pick % len(opts)] if opts and pick >= 0 else None for opts, pick in zip(options, picks, strict=True)
        ]
        lat = lon = point_kabkota = None
        if point[i] >= 0:
            lats, lons = world.points[kabkota_id]
            lat = Decimal(f"{lats[point[i]]:.6f}")
            lon = Decimal(f"{lons[point[i]]:.6f}")
            point_kabkota = kabkota_id
        geo_precision = (
            Incident.GeoPrecision.EXACT
            if exact[i]
            else Incident.GeoPrecision.LARGER
            if lat is None and variant[i] % 5 == 0
            else Incident.GeoPrecision.PART
        )
        impacts = [values[i] for values in impacts_of]
        stage: str = STAGE_OF_STATUS[status] if (status == 2 or variant[i] % 4 == 0) else ""
        if status == 1 and stage and (impacts[0] or impacts[1]):
            stage = Incident.HandlingStage.STOPPING
        writer = authors.writer(kabkota_code)
        incident_id = first_id + k
        incident = (
            incident_id,
            adapt.uuid(uuid.UUID(bytes=public_ids[16 * i : 16 * i + 16], version=4)),
            adapt.moment(created),
            adapt.moment(updated),
            1 + status,
            None,
            "",
            world.province_ids[kab],
            kabkota_id,
            title[:200],
            adapt.day(occurred),
            PRECISION_CODES[precision[i]],
            adapt.day(week_start_of(occurred)),
            adapt.day(reported),
            region_id,
            "",
            adapt.decimal(lat),
            adapt.decimal(lon),
            geo_precision,
            point_kabkota,
            category_id,
            *coded,
            *impacts,
            "",
            stage,
            None,
            None,
            None,
            STATUS_CODES[status],
            Incident.Classification.LIMITED if variant[i] % 20 == 0 else Incident.Classification.ORDINARY,
            None,
            None,
            source_label,
            external_id(spec.seed, i),
            writer,
            authors.verifier(kabkota_code) if status else writer,
        )
        source_kind: str = SOURCE_KINDS[source_kind_of[i]][0]
        source = (
            incident_id,
            incident_id,
            source_kind,
            _source_name(source_kind, source_pick[i], kabkota_code[:2], world, kab),
            "",
            adapt.day(reported),
            _source_scale(source_kind, source_pick[i]),
            None,
        )
        yield incident, source


def _source_name(kind: str, pick: int, province_code: str, world: World, kab: int) -> str:
    kabkota = world.kabkota_names[kab]
    if kind == IncidentSource.Kind.MEDIA:
        local = PAPUA_MEDIA if province_code.startswith("9") else LOCAL_MEDIA.get(province_code)
        if local and pick % 2 == 0:
            return local
        return NATIONAL_MEDIA[pick % len(NATIONAL_MEDIA)]
    if kind == IncidentSource.Kind.OFFICIAL:
        return f"{('Polres', 'Kodim', 'Kesbangpol')[pick % 3]} {kabkota}"
    if kind == IncidentSource.Kind.FKDM:
        return f"FKDM {kabkota}"
    return f"Pengamatan lapangan Kesbangpol {kabkota}"


def _source_scale(kind: str, pick: int) -> str:
    if kind == IncidentSource.Kind.MEDIA:
        return IncidentSource.Scale.NATIONAL if pick % 2 else IncidentSource.Scale.PROVINCIAL
    return IncidentSource.Scale.LOCAL


# --- writing ---------------------------------------------------------------------------------


def _insert(model: Any, columns: Sequence[str], batch: Sequence[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            # Names come from the model's metadata, quoted; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, batch)


def analyze() -> None:
    """Refresh the query planner's statistics of the incident tables after a bulk load.

    Without them SQLite picks the ``merged_into_id`` index for ``merged_into IS NULL`` (it
    cannot know every row matches) and sorts the whole table for the list's first page
    (~9 s on 1,000,000 incidents instead of reading 25 rows off the ``occurred_on`` index), and
    PostgreSQL without autovacuum plans on empty-table guesses."""
    from waspada.incidents.models import IncidentMonthlyRollup, IncidentWeeklyRollup

    tables = [m._meta.db_table for m in (Incident, IncidentSource, IncidentWeeklyRollup, IncidentMonthlyRollup)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Full statistics: a sample (analysis_limit) reads only the first rows of each index
            # and still takes ``merged_into IS NULL`` for a selective condition.
            cursor.execute("PRAGMA analysis_limit = 0")
        # PostgreSQL: VACUUM too, outside a transaction, as autovacuum would soon after a bulk load
        # in production: it sets the visibility map, without which the recaps' covering indexes
        # cannot be read index-only (every cell is fetched from the heap: 3–4× the server time).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        for table in tables:
            cursor.execute(f"{'VACUUM ' if vacuum else ''}ANALYZE {connection.ops.quote_name(table)}")


def _next_id(model: Any) -> int:
    return int(model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [Incident, IncidentSource])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextmanager
def _large_cache() -> Iterator[None]:
    """SQLite: a 256 MB page cache while writing, so the incident table's many indexes are updated
    in memory rather than re-read from disk for every batch (the default cache is 2 MB)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@dataclass
class Generated:
    planned: int = 0
    created: int = 0
    skipped_existing: int = 0
    with_point: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    rollup_cells: int = 0
    seconds_plan: float = 0.0
    seconds_write: float = 0.0
    seconds_rollup: float = 0.0
    first_day: date | None = None
    last_day: date | None = None


def system_authors() -> Authors:
    from waspada.reports.synthetic import system_user

    uid = system_user().pk
    return Authors(lambda code: uid, lambda code: uid)


def incidents_generate(
    spec: Spec,
    *,
    provinces: Collection[str] | None = None,
    source_label: str = SOURCE,
    authors: Authors | None = None,
    now: datetime | None = None,
    world: World | None = None,
    audit_label: str = "synthetic",
) -> Generated:
    """Write the planned incidents of ``spec`` that do not exist yet (by external id), one source
    each, then rebuild the rollup of the generated weeks once. Idempotent."""
    import time

    from waspada.core import audit
    from waspada.incidents import rollup

    moment = now or timezone.now()
    result = Generated(first_day=spec.first_day, last_day=spec.last_day)
    existing_ids = Incident.objects.filter(external_source=source_label, external_id__startswith=f"{spec.seed}-")
    if spec.count <= 0 or existing_ids.count() >= spec.count + spec.twins:
        result.skipped_existing = existing_ids.count()
        return result
    started = time.monotonic()
    world = world or load_world(provinces, seed=spec.seed)
    p = plan(world, spec)
    result.seconds_plan = time.monotonic() - started
    result.planned = len(p)
    have = set(existing_ids.values_list("external_id", flat=True))
    todo = [i for i in range(len(p)) if external_id(spec.seed, i) not in have]
    result.skipped_existing = len(p) - len(todo)
    authors = authors or system_authors()
    category_codes = [code for _pk, code in world.categories]
    started = time.monotonic()
    with transaction.atomic(), _large_cache():
        first_id = max(_next_id(Incident), _next_id(IncidentSource))
        incidents: list[tuple[Any, ...]] = []
        sources: list[tuple[Any, ...]] = []
        for incident, source in rows(
            world, spec, p, ordinals=todo, first_id=first_id, source_label=source_label, authors=authors, now=moment
        ):
            incidents.append(incident)
            sources.append(source)
            if len(incidents) >= BATCH:
                _insert(Incident, INCIDENT_COLUMNS, incidents)
                _insert(IncidentSource, SOURCE_COLUMNS, sources)
                incidents, sources = [], []
        if incidents:
            _insert(Incident, INCIDENT_COLUMNS, incidents)
            _insert(IncidentSource, SOURCE_COLUMNS, sources)
        _reset_sequences()
    result.created = len(todo)
    result.seconds_write = time.monotonic() - started
    if todo:
        index = np.array(todo, dtype=np.int64)
        result.with_point = int((p.point[index] >= 0).sum())
        counts = np.bincount(p.category[index], minlength=len(category_codes))
        result.by_category = {code: int(n) for code, n in zip(category_codes, counts, strict=True) if n}
        started = time.monotonic()
        with _large_cache():
            result.rollup_cells = rollup.rebuild(
                weeks_from=week_start_of(spec.first_day), weeks_to=week_start_of(spec.last_day)
            )
        result.seconds_rollup = time.monotonic() - started
        analyze()
        from waspada.reports.synthetic import system_user

        audit.record(
            actor=None,
            action="synthetic.incidents_generated",
            obj=system_user(),
            after={
                "source": audit_label,
                "seed": spec.seed,
                "provinces": sorted(provinces) if provinces is not None else "semua",
                "days": [spec.first_day.isoformat(), spec.last_day.isoformat()],
                "created": result.created,
                "with_point": result.with_point,
                "by_category": result.by_category,
            },
        )
    return result


def synthetic_incidents_generate(
    *, count: int, provinces: Collection[str] | None, seed: int = 1, now: datetime | None = None
) -> Generated:
    """``generate_synthetic``'s incident part: ``count`` incidents over 2016–2025."""
    return incidents_generate(Spec(count=count, seed=seed), provinces=provinces, now=now)
