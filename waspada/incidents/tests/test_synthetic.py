"""Synthetic and demo incidents: deterministic, stored as the services would store them, counted
exactly, the rollup equal to a direct aggregation, realistic in shape, idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from waspada.core.models import AuditEvent
from waspada.incidents import demo, location, selectors, synthetic
from waspada.incidents.models import Incident, IncidentSource, IncidentWeeklyRollup, week_start_of
from waspada.regions.models import Region, RegionBoundary

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def generate(count: int = 400, provinces: tuple[str, ...] | None = ("32", "51"), seed: int = 1, **spec: object):
    return synthetic.incidents_generate(
        synthetic.Spec(count=count, seed=seed, **spec),  # type: ignore[arg-type]
        provinces=provinces,
        now=NOW,
    )


def fingerprint() -> list[tuple]:
    return sorted(
        Incident.objects.values_list(
            "external_id",
            "public_id",
            "title",
            "occurred_on",
            "region__code",
            "category__code",
            "killed",
            "injured",
            "displaced",
            "latitude",
            "longitude",
            "status",
            "created_at",
            "sources__name",
        )
    )


def test_the_rows_name_every_column_of_the_incident_and_source_tables():
    assert set(synthetic.INCIDENT_COLUMNS) == {f.column for f in Incident._meta.concrete_fields}
    assert set(synthetic.SOURCE_COLUMNS) == {f.column for f in IncidentSource._meta.concrete_fields}


def test_it_creates_the_asked_number_of_incidents_in_the_chosen_provinces_with_one_source_each():
    result = generate(count=400)
    assert result.created == 400 == Incident.objects.count()
    assert IncidentSource.objects.count() == 400
    assert not Incident.objects.annotate(n=Count("sources")).exclude(n=1).exists()
    provinces = set(Incident.objects.values_list("province__code", flat=True))
    assert provinces <= {"32", "51"} and "32" in provinces
    days = Incident.objects.values_list("occurred_on", flat=True)
    assert min(days) >= synthetic.FIRST_DAY and max(days) <= synthetic.LAST_DAY
    assert sum(result.by_category.values()) == 400


def test_the_same_seed_gives_the_same_incidents_and_another_seed_others():
    generate(seed=3)
    first = fingerprint()
    IncidentSource.objects.all().delete()
    Incident.objects.all().delete()
    generate(seed=3)
    assert fingerprint() == first
    IncidentSource.objects.all().delete()
    Incident.objects.all().delete()
    generate(seed=4)
    assert fingerprint() != first


def test_every_incident_is_stored_as_the_services_would_store_it():
    generate(count=300)
    regions = {r.pk: r for r in Region.objects.filter(Q(code__startswith="32") | Q(code__startswith="51"))}
    for n, incident in enumerate(Incident.objects.select_related("category")):
        region = regions[incident.region_id]
        assert region.level in (*Region.KABKOTA_LEVELS, Region.Level.KECAMATAN)
        assert incident.kabkota_id == region.kabkota_id and incident.province_id == region.province_id
        assert incident.week_start == week_start_of(incident.occurred_on)
        assert incident.reported_on >= incident.occurred_on
        assert incident.created_at <= incident.updated_at <= NOW
        assert incident.version == {"draft": 1, "verified": 2, "closed": 3}[incident.status]
        assert incident.external_source == synthetic.SOURCE and incident.title
        assert incident.is_counted and incident.category.kind == "kategori"
        if incident.latitude is not None:
            assert incident.point_kabkota_id == incident.kabkota_id
            assert location.in_indonesia(float(incident.latitude), float(incident.longitude))
        if n < 40:
            incident.full_clean()  # every field within its model constraints


def test_the_rollup_equals_a_direct_aggregation_of_the_incidents():
    generate(count=500)
    direct = {
        (r["kabkota_id"], r["week_start"], r["category_id"]): (r["n"], r["killed"], r["displaced"])
        for r in Incident.objects.alive()
        .values("kabkota_id", "week_start", "category_id")
        .annotate(n=Count("id"), killed=Sum("killed"), displaced=Sum("displaced"))
    }
    cells = {
        (c.kabkota_id, c.week_start, c.category_id): (c.incidents, c.killed, c.displaced)
        for c in IncidentWeeklyRollup.objects.all()
    }
    assert cells == direct
    assert sum(n for n, _k, _d in cells.values()) == 500


def test_running_twice_adds_nothing_and_writes_one_audit_event():
    generate(count=200)
    before = fingerprint()
    again = generate(count=200)
    assert again.created == 0 and again.skipped_existing == 200
    assert fingerprint() == before
    assert AuditEvent.objects.filter(action="synthetic.incidents_generated").count() == 1


def test_an_interrupted_run_is_completed_without_duplicates():
    generate(count=200)
    complete = fingerprint()
    doomed = Incident.objects.order_by("external_id")[150:]
    IncidentSource.objects.filter(incident__in=list(doomed)).delete()
    Incident.objects.filter(pk__in=[i.pk for i in doomed]).delete()
    result = generate(count=200)
    assert result.created == 50
    assert [row[:13] for row in fingerprint()] == [row[:13] for row in complete]


def test_points_fall_inside_their_kabkota_when_boundaries_are_imported(kabkota_boundaries):
    generate(count=300, provinces=("32",))
    located = list(Incident.objects.filter(latitude__isnull=False).values_list("latitude", "longitude", "kabkota_id"))
    assert 0.3 * 300 < len(located) < 0.6 * 300
    for lat, lon, kabkota_id in located[:60]:
        found = location.kabkota_at(float(lat), float(lon))
        assert found is not None and found.pk == kabkota_id


def test_without_boundaries_no_incident_has_a_point():
    RegionBoundary.objects.all().delete()  # rolled back after the test, like everything else
    generate(count=100)
    assert not Incident.objects.filter(latitude__isnull=False).exists()


# --- the shape of the data (pure: a small invented world, no database) ------------------------


def small_world() -> synthetic.World:
    provinces = ("32", "51", "91", "81")
    kabkota_codes = [f"{p}.{k:02d}" for p in provinces for k in range(1, 11)]
    return synthetic.World(
        kabkota_ids=list(range(1, 41)),
        kabkota_codes=kabkota_codes,
        kabkota_names=[f"Kab {c}" for c in kabkota_codes],
        province_ids=[100 + provinces.index(c[:2]) for c in kabkota_codes],
        province_names={p: p for p in provinces},
        kecamatan={},
        categories=[(i, c) for i, c in enumerate(sorted(synthetic.CATEGORY_BASE))],
        codes={},
    )


@pytest.fixture(scope="module")
def big_plan() -> tuple[synthetic.World, synthetic.Plan]:
    world = small_world()
    return world, synthetic.plan(world, synthetic.Spec(count=60_000, seed=1))


@pytest.mark.django_db(False)
def test_the_plan_is_deterministic_in_the_seed():
    world = small_world()
    a = synthetic.plan(world, synthetic.Spec(count=2000, seed=9))
    b = synthetic.plan(world, synthetic.Spec(count=2000, seed=9))
    c = synthetic.plan(world, synthetic.Spec(count=2000, seed=10))
    assert np.array_equal(a.day, b.day) and np.array_equal(a.kabkota, b.kabkota)
    assert np.array_equal(a.impacts["killed"], b.impacts["killed"])
    assert not np.array_equal(a.day, c.day)


@pytest.mark.django_db(False)
def test_election_months_have_more_incidents_and_more_political_ones(big_plan):
    world, plan = big_plan
    days = [synthetic.FIRST_DAY.toordinal() + int(d) for d in plan.day]
    months = Counter((date.fromordinal(d).year, date.fromordinal(d).month) for d in days)
    ordinary = np.median([n for (year, _m), n in months.items() if year in (2016, 2021, 2022, 2023)])
    assert months[(2019, 4)] > 1.5 * ordinary and months[(2024, 2)] > 1.5 * ordinary
    political = next(i for i, (_pk, code) in enumerate(world.categories) if code == "ekses-politik")
    april_2019 = np.array([(date.fromordinal(d).year, date.fromordinal(d).month) == (2019, 4) for d in days])
    quiet_2022 = np.array([date.fromordinal(d).year == 2022 for d in days])
    assert (plan.category[april_2019] == political).mean() > 3 * (plan.category[quiet_2022] == political).mean()


@pytest.mark.django_db(False)
def test_heavy_provinces_and_hot_spots_get_more_incidents(big_plan):
    world, plan = big_plan
    per_kabkota = np.bincount(plan.kabkota, minlength=len(world.kabkota_ids))
    papua = per_kabkota[20:30].sum()  # 91
    bali = per_kabkota[10:20].sum()  # 51
    assert papua > 2 * bali
    for start in range(0, 40, 10):
        counts = np.sort(per_kabkota[start : start + 10])
        assert counts[-1] > 2.5 * np.median(counts)  # a hot kabupaten/kota in every province


@pytest.mark.django_db(False)
def test_impacts_are_mostly_zero_with_a_heavy_tail(big_plan):
    _world, plan = big_plan
    killed, displaced = plan.impacts["killed"], plan.impacts["displaced"]
    assert (killed == 0).mean() > 0.95 and killed.max() >= 10
    assert (displaced == 0).mean() > 0.95 and displaced.max() >= 100
    assert (plan.impacts["injured"] > 0).mean() > (killed > 0).mean()


# --- the command and the demo ------------------------------------------------------------------


def test_generate_synthetic_adds_incidents_when_asked_and_none_by_default_at_small_scale():
    out = StringIO()
    call_command("generate_synthetic", scale="small", seed=1, weeks=0, stdout=out)
    assert Incident.objects.count() == 0
    call_command("generate_synthetic", scale="small", seed=1, weeks=0, incidents=150, stdout=out)
    assert Incident.objects.count() == 150
    assert set(Incident.objects.values_list("province__code", flat=True)) <= {"32", "51", "94"}
    assert "Peristiwa konflik 2016–2025: 150 dibuat" in out.getvalue()


def test_the_demo_is_mostly_around_bandung_has_duplicate_candidates_and_is_idempotent(personas):
    seeded = demo.demo_incidents_seed(now=NOW)
    total = demo.DEMO_INCIDENTS + demo.DEMO_TWINS
    assert seeded.generated.created == total == Incident.objects.count()
    days = Incident.objects.values_list("occurred_on", flat=True)
    assert min(days) >= seeded.first_day and max(days) <= seeded.last_day <= NOW.date()
    jabar = Incident.objects.filter(province__code="32").count()
    assert jabar > 0.3 * total
    assert Incident.objects.filter(kabkota__code="32.73").count() >= 100
    operator = personas["operator.kotabandung"]
    assert Incident.objects.filter(kabkota__code="32.73", created_by=operator).exists()
    assert Incident.objects.filter(status="draft").exists() and Incident.objects.filter(status="verified").exists()
    twins = Incident.objects.filter(title__contains=", ").filter(
        Q(title__endswith=synthetic.TWIN_SUFFIXES[0])
        | Q(title__endswith=synthetic.TWIN_SUFFIXES[1])
        | Q(title__endswith=synthetic.TWIN_SUFFIXES[2])
    )
    assert twins.count() == demo.DEMO_TWINS
    analis = personas["analis.nasional"]
    assert sum(bool(selectors.duplicates_of(analis, twin)) for twin in twins) >= demo.DEMO_TWINS - 2

    again = demo.demo_incidents_seed(now=NOW.replace(day=26))
    assert again.generated.created == 0
    assert Incident.objects.count() == total


def test_seed_demo_incidents_reports_what_it_did(personas):
    out = StringIO()
    call_command("seed_demo", incidents=True, stdout=out)
    assert f"{demo.DEMO_INCIDENTS + demo.DEMO_TWINS} dibuat" in out.getvalue()
    assert IncidentWeeklyRollup.objects.aggregate(n=Sum("incidents"))["n"] == Incident.objects.count()
