"""The demo seed: plans with progress in the demo provinces, some missing or late; idempotent."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.utils import timezone

from waspada.actionplans import periods, selectors
from waspada.actionplans.demo import demo_seed
from waspada.actionplans.models import ActionPlan, ProgressReport

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_plans_with_progress_some_missing_or_late_and_is_idempotent(personas: dict[str, Any]) -> None:
    started = time.monotonic()
    line = demo_seed()
    assert time.monotonic() - started < 15  # < 5 s on an idle machine; the CI box is shared
    year = timezone.now().year
    assert "RAD Terpadu" in line
    plans = ActionPlan.objects.filter(year=year)
    assert plans.filter(region__code="32.73").exists()
    assert plans.count() > 30
    assert plans.count() < 1 + 28 + 1 + 9 + 1 + 8  # some regions have none
    if periods.has_ended(periods.Period(year, "B04"), "WIT", timezone.now()):
        reports = ProgressReport.objects.filter(year=year, period="B04")
        assert any(r.is_late() for r in reports)
        kota = reports.get(region__code="32.73")
        assert kota.status == "verified" and not kota.is_late()
        recap = selectors.recap(personas["analis.nasional"], year=year, period=periods.Period(year, "B04"))
        assert recap.without_plan and recap.late and recap.completeness.total.missing > 0
    count = ActionPlan.objects.count()
    demo_seed()
    assert ActionPlan.objects.count() == count
