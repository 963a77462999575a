"""Property test: for random sequences of creates, edits (region, category, date, impacts), merges
and soft deletes through the services, the weekly rollup kept current on commit equals a direct
aggregation of the counted incidents — and equals what a full rebuild writes; the monthly rollup
equals the weekly cells summed by the month of their Monday, both ways too."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from waspada.accounts.demo import ensure_personas
from waspada.accounts.models import User
from waspada.incidents import rollup, services
from waspada.incidents.models import Incident, IncidentMonthlyRollup, IncidentWeeklyRollup
from waspada.incidents.tests.factories import incident_input, registered

REGIONS = ("32.73", "32.73.01", "32.04", "31.71")
CATEGORIES = ("bentrok-antarwarga", "sengketa-lahan", "isu-sara")
FIRST_DAY = date(2020, 9, 28)
IMPACT_FIELDS = Incident.IMPACT_FIELDS

impacts = st.fixed_dictionaries({name: st.integers(0, 2) for name in IMPACT_FIELDS})
facts = st.fixed_dictionaries(
    {
        "region": st.sampled_from(REGIONS),
        "day": st.integers(0, 20),
        "category": st.sampled_from(CATEGORIES),
        "impacts": impacts,
    }
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), facts),
        st.tuples(st.just("edit"), st.integers(0, 9), facts),
        st.tuples(st.just("delete"), st.integers(0, 9)),
        st.tuples(st.just("merge"), st.integers(0, 9), st.integers(0, 9)),
    ),
    min_size=1,
    max_size=8,
)


def direct_aggregation() -> dict[tuple[Any, ...], tuple[int, ...]]:
    """Cells computed in Python from the counted incidents, independently of ``rollup``."""
    cells: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * (2 + len(IMPACT_FIELDS)))
    for incident in Incident.objects.alive():
        cell = cells[(incident.kabkota_id, incident.province_id, incident.week_start, incident.category_id)]
        cell[0] += 1
        cell[1] += int(incident.has_casualties)
        for i, name in enumerate(IMPACT_FIELDS):
            cell[2 + i] += getattr(incident, name)
    return {key: tuple(values) for key, values in cells.items()}


def stored_rollup() -> dict[tuple[Any, ...], tuple[int, ...]]:
    return {
        (c.kabkota_id, c.province_id, c.week_start, c.category_id): (
            c.incidents,
            c.with_casualties,
            *(getattr(c, name) for name in IMPACT_FIELDS),
        )
        for c in IncidentWeeklyRollup.objects.all()
    }


def by_month(weekly: dict[tuple[Any, ...], tuple[int, ...]]) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """Weekly cells summed into the month of each week's Monday."""
    months: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * (2 + len(IMPACT_FIELDS)))
    for (kabkota, province, week, category), values in weekly.items():
        into = months[(kabkota, province, week.replace(day=1), category)]
        for i, value in enumerate(values):
            into[i] += value
    return {key: tuple(values) for key, values in months.items()}


def stored_monthly() -> dict[tuple[Any, ...], tuple[int, ...]]:
    return {
        (c.kabkota_id, c.province_id, c.month_start, c.category_id): (
            c.incidents,
            c.with_casualties,
            *(getattr(c, name) for name in IMPACT_FIELDS),
        )
        for c in IncidentMonthlyRollup.objects.all()
    }


class RollupPropertyTest(TestCase):
    analis: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.analis = {u.username: u for u in ensure_personas()}["analis.nasional"]

    def _input(self, fact: dict[str, Any]) -> services.IncidentInput:
        return incident_input(
            fact["region"],
            occurred_on=FIRST_DAY + timedelta(days=fact["day"]),
            category_slug=fact["category"],
            **fact["impacts"],
        )

    def _apply(self, op: tuple[Any, ...], made: list[Incident]) -> None:
        kind = op[0]
        if kind == "create":
            fact = op[1]
            made.append(
                registered(
                    self.analis,
                    fact["region"],
                    occurred_on=FIRST_DAY + timedelta(days=fact["day"]),
                    category_slug=fact["category"],
                    **fact["impacts"],
                )
            )
            return
        if not made:
            return
        if kind == "edit":
            target = made[op[1] % len(made)]
            services.incident_update(actor=self.analis, incident=target, data=self._input(op[2]), expected_version=None)
        elif kind == "delete":
            services.incident_delete(actor=self.analis, incident=made[op[1] % len(made)], reason="Uji")
        else:
            survivor, duplicate = made[op[1] % len(made)], made[op[2] % len(made)]
            services.incident_merge(actor=self.analis, survivor=survivor, duplicate=duplicate)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ops=operations)
    def test_the_rollup_equals_a_direct_aggregation_of_counted_incidents(self, ops: list[tuple[Any, ...]]) -> None:
        made: list[Incident] = []
        for op in ops:
            try:
                with self.captureOnCommitCallbacks(execute=True):
                    self._apply(op, made)
            except services.IncidentRefused:
                pass  # refused writes (editing a merged or deleted incident, self-merge) change nothing
        expected = direct_aggregation()
        self.assertEqual(stored_rollup(), expected)
        self.assertEqual(stored_monthly(), by_month(expected))
        rollup.rebuild()
        self.assertEqual(stored_rollup(), expected)
        self.assertEqual(stored_monthly(), by_month(expected))
