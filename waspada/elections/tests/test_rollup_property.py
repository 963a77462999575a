"""Property test: for random sequences of creates, edits (source, paslon, activity, time, place)
and soft deletes through the services, both violation rollups equal a fresh aggregation — and a
direct count in Python per source (its own local day and 10-day period, no ``rollup`` or
``recap`` code) — and every recap filtered by source, read from the cells, equals the scan of the
violation table."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from waspada.accounts.demo import ensure_personas
from waspada.accounts.models import User
from waspada.core.timezones import tzinfo_for, zone_for_province
from waspada.elections import calendar, recap, rollup, selectors, services
from waspada.elections.models import CandidatePair, Contest, Election, ProkesViolation
from waspada.elections.selectors import ViolationFilter
from waspada.elections.tests import factories as f

A = ProkesViolation.Activity
SOURCES = tuple(ProkesViolation.Source.values)
# Kabupaten Bandung (WIB, with two paslon), Denpasar (WITA), Sumatera Barat's governor race (WIB, a
# kabupaten inside it as the place). 2020-09-20 16:00 UTC onwards: around the campaign's first
# local midnights in both zones (hours 0–23 UTC cross them).
CONTESTS = ("32.04", "51.71", "13")
START = datetime(2020, 9, 20, tzinfo=UTC)

facts = st.fixed_dictionaries(
    {
        "contest": st.integers(0, len(CONTESTS) - 1),
        "hours": st.one_of(st.integers(0, 24 * 80), st.integers(24 * 5 + 12, 24 * 6 + 12)),
        "pair": st.integers(0, 2),  # 0: no paslon; 1, 2: the Kabupaten Bandung paslon
        "activity": st.sampled_from((A.LIMITED_MEETING, A.RALLY, A.CONCERT)),
        "source": st.sampled_from(SOURCES),
        "masks": st.booleans(),
    }
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), facts),
        st.tuples(st.just("edit"), st.integers(0, 9), facts),
        st.tuples(st.just("delete"), st.integers(0, 9)),
    ),
    min_size=1,
    max_size=8,
)


def counted_by_hand(election: Election) -> Counter[tuple[Any, ...]]:
    """Live violations per (province, source, period) from Python alone: each one's local day in
    its province's zone and its 10-day period (0 before the campaign, n + 1 after)."""
    periods = selectors.campaign_periods(election)
    out: Counter[tuple[Any, ...]] = Counter()
    for v in ProkesViolation.objects.alive().filter(contest__election=election).select_related("province"):
        assert v.province is not None
        day = v.occurred_at.astimezone(tzinfo_for(zone_for_province(v.province.code))).date()
        period = calendar.period_of(periods, day)
        number = period.number if period else (0 if day < periods[0].starts_on else len(periods) + 1)
        out[(v.province_id, v.source, number)] += 1
    return out


def stored_by_hand_keys(election: Election) -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    every: Counter[tuple[Any, ...]] = Counter()
    for (_c, province, _k, _p, _s, _a, source, period), counts in rollup.stored_cells(election).items():
        if source == rollup.ALL_SOURCES:
            every[(province, period)] += counts[0]
        else:
            out[(province, source, period)] += counts[0]
    assert_all_sources_cells_sum(out, every)
    return out


def assert_all_sources_cells_sum(per_source: Counter[tuple[Any, ...]], every: Counter[tuple[Any, ...]]) -> None:
    """The all-sources cells hold, per province and period, the sum of the per-source cells."""
    summed: Counter[tuple[Any, ...]] = Counter()
    for (province, _source, period), n in per_source.items():
        summed[(province, period)] += n
    assert +summed == +every, (summed, every)


def stored_province_by_hand_keys(election: Election) -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    every: Counter[tuple[Any, ...]] = Counter()
    for (province, _s, _a, source, period), counts in rollup.stored_province_cells(election).items():
        if source == rollup.ALL_SOURCES:
            every[(province, period)] += counts[0]
        else:
            out[(province, source, period)] += counts[0]
    assert_all_sources_cells_sum(out, every)
    return out


def scanned(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """``fn`` with the rollup paths switched off: the violation table answers."""
    original, original_coarse = recap._rollup_base, recap._province_base
    recap._rollup_base = recap._province_base = lambda *a, **k: None
    try:
        return fn(*args, **kwargs)
    finally:
        recap._rollup_base, recap._province_base = original, original_coarse


class SourceRollupPropertyTest(TestCase):
    admin: User
    users: list[User]
    election: Election
    contests: list[Contest]
    pairs: list[CandidatePair]

    @classmethod
    def setUpTestData(cls) -> None:
        personas = {u.username: u for u in ensure_personas()}
        cls.admin = personas["admin"]
        cls.users = [personas[n] for n in ("analis.nasional", "verifikator.jabar", "operator.kabbandung")]
        cls.election = f.election()
        cls.contests = [f.contest(code) for code in CONTESTS]
        cls.pairs = [f.pair(cls.admin, cls.contests[0], n, head=f"Calon {n}") for n in (1, 2)]

    def _input(self, fact: dict[str, Any]) -> services.ViolationInput:
        contest = self.contests[fact["contest"]]
        extra: dict[str, Any] = {}
        if contest.region.level == "provinsi":
            extra["location"] = f.region("13.06")
        if fact["source"] == ProkesViolation.Source.MEDIA:
            extra["source_url"] = "https://contoh.id/berita"
        return f.violation_input(
            contest,
            START + timedelta(hours=fact["hours"]),
            pair=self.pairs[fact["pair"] - 1] if fact["pair"] and fact["contest"] == 0 else None,
            activity=fact["activity"],
            source=fact["source"],
            no_masks=fact["masks"],
            **extra,
        )

    def _apply(self, op: tuple[Any, ...], made: list[int]) -> None:
        if op[0] == "create":
            made.append(services.violation_create(actor=self.admin, data=self._input(op[1])).pk)
            return
        if not made:
            return
        target = ProkesViolation.objects.get(pk=made[op[1] % len(made)])
        if op[0] == "edit":
            services.violation_update(
                actor=self.admin, violation=target, data=self._input(op[2]), expected_version=target.version
            )
        else:
            services.violation_delete(actor=self.admin, violation=target, reason="Uji", expected_version=None)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ops=operations)
    def test_the_rollups_per_source_equal_a_fresh_aggregation_and_the_scan(self, ops: list[tuple[Any, ...]]) -> None:
        made: list[int] = []
        for op in ops:
            # Editing or deleting a deleted violation is refused and changes nothing.
            with contextlib.suppress(services.ElectionRefused):
                self._apply(op, made)
        election = self.election
        self.assertEqual(rollup.stored_cells(election), rollup.fresh_cells(election))
        self.assertEqual(rollup.stored_province_cells(election), rollup.fresh_province_cells(election))
        self.assertEqual(rollup.stored_pair_cells(election), rollup.fresh_pair_cells(election))
        by_hand = counted_by_hand(election)
        self.assertEqual(stored_by_hand_keys(election), by_hand)
        self.assertEqual(stored_province_by_hand_keys(election), by_hand)
        for user in self.users:
            for source in ("", *SOURCES):
                filters = ViolationFilter(source=source)
                self.assertIsNotNone(recap._rollup_base(user, election, filters))
                self.assertEqual(
                    recap.violation_overview(user, election, filters),
                    scanned(recap.violation_overview, user, election, filters),
                )
                self.assertEqual(
                    recap.violations_by_pair(user, election, filters),
                    scanned(recap.violations_by_pair, user, election, filters),
                )
        for source in SOURCES:
            expected = sum(n for (_province, s, _period), n in by_hand.items() if s == source)
            self.assertEqual(recap.violation_total(self.users[0], election, ViolationFilter(source=source)), expected)
        rollup.rebuild(election)
        self.assertEqual(stored_by_hand_keys(election), by_hand)
        self.assertEqual(stored_province_by_hand_keys(election), by_hand)
