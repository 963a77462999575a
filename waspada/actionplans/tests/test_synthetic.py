"""generate_synthetic --actionplans: RAD Terpadu with actions and progress, deterministic, idempotent."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from waspada.actionplans import periods, selectors
from waspada.actionplans.models import Action, ActionPlan, ProgressEntry, ProgressReport
from waspada.actionplans.synthetic import synthetic_actionplans_generate
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

# B-04 and B-08 2026 have ended everywhere; B-12 2026 has not.
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SMALL = ("51",)  # Bali: 1 province + 9 kabupaten/kota


def _snapshot() -> list[tuple[Any, ...]]:
    return sorted(
        ProgressEntry.objects.values_list(
            "report__region__code", "report__year", "report__period", "report__status", "action__order", "realisation"
        )
    )


def test_it_writes_plans_actions_and_progress_for_every_ended_period_only() -> None:
    out = synthetic_actionplans_generate(provinces=SMALL, seed=1, now=NOW)
    regions = Region.objects.filter(level__in=["provinsi", "kabupaten", "kota"], province__code="51").count()
    assert out.years == [2025, 2026] and out.regions == regions == 10
    plans = ActionPlan.objects.filter(region__province__code="51")
    assert out.plans == plans.count() > 0
    assert plans.count() <= 2 * regions
    for plan in plans:
        assert plan.province_id is not None and plan.title.endswith(str(plan.year))
        assert 1 <= plan.actions.count() <= 6
    assert Action.objects.filter(plan__in=plans).count() == out.actions
    # 2025: all three periods ended; 2026: B-04 and B-08 only, never B-12.
    assert set(ProgressReport.objects.filter(year=2025).values_list("period", flat=True)) <= {"B04", "B08", "B12"}
    assert not ProgressReport.objects.filter(year=2026, period="B12").exists()
    assert ProgressReport.objects.filter(year=2026, period="B04").exists()
    for report in ProgressReport.objects.all():
        assert report.entries.count() == report.plan.actions.count()
        assert report.deadline == periods.deadline(report.period_obj, report.region.timezone)
        if report.status == ProgressReport.Status.DRAFT:
            assert report.first_submitted_at is None
        else:
            assert report.first_submitted_at is not None and report.first_submitted_at <= NOW
    assert ProgressEntry.objects.count() == out.entries
    assert all(0 <= e.realisation <= 100 for e in ProgressEntry.objects.all())
    assert out.late == sum(r.is_late() for r in ProgressReport.objects.all())


def test_the_completeness_of_the_generated_set_adds_up(personas: dict[str, Any]) -> None:
    synthetic_actionplans_generate(provinces=SMALL, seed=1, now=NOW)
    board = selectors.completeness(
        personas["analis.nasional"], periods.Period(2025, "B08"), province_code="51", now=NOW
    )
    received = ProgressReport.objects.filter(
        year=2025, period="B08", region__province__code="51", first_submitted_at__isnull=False
    ).count()
    assert board.total.expected == 10
    assert board.total.received == received
    assert board.total.on_time + board.total.late == received
    assert board.total.missing == 10 - received


def test_the_same_seed_gives_the_same_data_and_a_second_run_adds_nothing() -> None:
    synthetic_actionplans_generate(provinces=SMALL, seed=1, now=NOW)
    first = _snapshot()
    again = synthetic_actionplans_generate(provinces=SMALL, seed=1, now=NOW)
    assert again.plans == again.reports == 0 and again.skipped_existing > 0
    assert _snapshot() == first
    ProgressEntry.objects.all().delete()
    ProgressReport.objects.all().delete()
    Action.objects.all().delete()
    ActionPlan.objects.all().delete()
    synthetic_actionplans_generate(provinces=SMALL, seed=1, now=NOW)
    assert _snapshot() == first


def test_generate_synthetic_with_actionplans_says_what_it_wrote(personas: dict[str, Any]) -> None:
    out = StringIO()
    call_command("generate_synthetic", scale="small", seed=1, weeks=0, incidents=0, actionplans=True, stdout=out)
    text = out.getvalue()
    assert "RAD Terpadu" in text and "rencana" in text and "laporan kemajuan" in text
    assert ActionPlan.objects.filter(region__province__code__in=["32", "51", "94"]).count() > 50
    count = ActionPlan.objects.count()
    out = StringIO()
    call_command("generate_synthetic", scale="small", seed=1, weeks=0, incidents=0, actionplans=True, stdout=out)
    assert ActionPlan.objects.count() == count
    assert "0 rencana" in out.getvalue()


def test_the_recap_means_equal_the_entries_means_and_its_late_list_is_exact(personas: dict[str, Any]) -> None:
    from collections import defaultdict
    from decimal import ROUND_HALF_UP, Decimal

    synthetic_actionplans_generate(provinces=("51", "94"), seed=1, now=NOW)
    user = personas["analis.nasional"]
    period = periods.Period(2025, "B08")
    rows, national = selectors.realisation_by_stage(user, period)
    values: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for entry in ProgressEntry.objects.filter(
        report__year=2025, report__period="B08", report__first_submitted_at__isnull=False
    ).select_related("report__region", "action"):
        values[(entry.report.region.code[:2], entry.action.stage)].append(entry.realisation)
        values[("all", entry.action.stage)].append(entry.realisation)

    def mean(xs: list[Decimal]) -> Decimal | None:
        return (sum(xs, Decimal(0)) / len(xs)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if xs else None

    assert [r.province_code for r in rows] == ["51", "94"]
    for row in rows:
        for stage in ("pencegahan", "penghentian", "pemulihan"):
            assert row.values[stage] == mean(values[(row.province_code, stage)])
            assert row.counts[stage] == len(values[(row.province_code, stage)])
    assert national == {s: mean(values[("all", s)]) for s in ("pencegahan", "penghentian", "pemulihan")}
    recap = selectors.recap(user, year=2025, period=period, now=NOW)
    late = [r for r in ProgressReport.objects.filter(year=2025) if r.is_late()]
    assert late and sorted(r.id for r in recap.late) == sorted(r.id for r in late)


def test_the_recap_and_completeness_pages_take_a_fixed_number_of_queries(
    login_as: Any, django_assert_max_num_queries: Any
) -> None:
    from django.urls import reverse

    synthetic_actionplans_generate(provinces=("32", "51", "94"), seed=1)
    client = login_as("analis.nasional")
    year = ActionPlan.objects.order_by("-year").values_list("year", flat=True)[0]
    for url in (
        reverse("actionplans:recap") + f"?tahun={year}",
        reverse("actionplans:completeness") + f"?periode={year - 1}-B12",
        reverse("actionplans:completeness") + f"?periode={year - 1}-B12&provinsi=32",
    ):
        client.get(url)  # warm
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200
