"""EARS C1, C2, C3: the worked examples of docs/early-warning.md, properties, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waspada.alerts.detectors import Reason, detector_params, ears, ears_batch, history_weeks, run_detector

# Baseline of the worked examples: mean 3, squared deviations 1+1+0+4+4+0+0 = 10, sd = √(10/6).
BASE = [2, 4, 3, 5, 1, 3, 3]
SD = math.sqrt(10 / 6)  # 1.2909944…
Z_001 = 3.090232306167813  # Φ⁻¹(0.999)
Z_025 = 1.959963984540054  # Φ⁻¹(0.975)


def test_c1_worked_example_bound_is_mean_plus_z_times_sd() -> None:
    result = ears([*BASE, 7], week=8, method="C1")
    assert result.upperbound == pytest.approx(6.98947, abs=1e-5)
    assert result.upperbound == pytest.approx(3 + Z_001 * SD, rel=1e-12)
    assert result.alarm is True  # 7 > 6.98947
    assert ears([*BASE, 6], week=8, method="C1").alarm is False


def test_c2_worked_example_skips_the_two_weeks_just_before() -> None:
    # Weeks 8 and 9 (20 cases each) lie in the lag and do not raise the bound for week 10.
    result = ears([*BASE, 20, 20, 7], week=10, method="C2")
    assert result.upperbound == pytest.approx(6.98947, abs=1e-5)
    assert result.alarm is True


def test_c3_worked_example_fires_on_three_rising_weeks() -> None:
    # Weeks 1–9 give every C2 window mean 3 and sd √(10/6); weeks 10 and 11 are 6 and 7.
    series = [*BASE, 2, 4, 6, 7, 2]
    c2_10, c2_11 = 3 / SD, 4 / SD  # 2.32379, 3.09839
    excess = (c2_10 - 1) + (c2_11 - 1)  # 3.42218 > z = 1.95996
    result = ears(series, week=12, method="C3")
    assert result.upperbound == pytest.approx(2 + SD * (Z_025 - excess), rel=1e-12)
    assert result.upperbound == pytest.approx(0.11229, abs=1e-5)
    assert result.alarm is True  # 2 > 0.11229
    quiet = ears([*BASE, 2, 4, 4, 4, 2], week=12, method="C3")
    assert quiet.upperbound == pytest.approx(2 + SD * Z_025, rel=1e-12)
    assert quiet.alarm is False


def test_c3_bound_is_floored_at_zero_and_a_zero_count_never_alarms() -> None:
    result = ears([*BASE, 2, 4, 6, 7, 0], week=12, method="C3")
    assert result.upperbound == 0.0
    assert result.alarm is False


def test_alpha_and_min_sigma_change_the_bound_as_the_package_does() -> None:
    flat = [4] * 7 + [5]
    assert ears(flat, 8, "C1").upperbound == 4.0  # sd 0: the bound is the mean, 5 > 4 alarms
    assert ears(flat, 8, "C1").alarm is True
    floored = ears(flat, 8, "C1", min_sigma=0.5)
    assert floored.upperbound == pytest.approx(4 + 0.5 * Z_001)
    assert floored.alarm is False
    loose = ears([*BASE, 6], 8, "C1", alpha=0.05)
    assert loose.upperbound == pytest.approx(3 + 1.6448536269514722 * SD)
    assert loose.alarm is True


def test_the_batch_entry_point_judges_many_series_at_once() -> None:
    counts = np.array([[*BASE, 7], [*BASE, 6], [*BASE, 70]], dtype=float)
    result = ears_batch(counts, "C1", [8])
    assert result.upperbound.shape == (3, 1)
    assert result.alarm[:, 0].tolist() == [True, False, True]
    assert run_detector("ears_c1", counts, [8]).alarm[:, 0].tolist() == [True, False, True]


def test_a_gap_in_the_window_gives_no_bound_and_says_why() -> None:
    result = ears([2, 4, None, 5, 1, 3, 3, 30], week=8, method="C1")
    assert result.upperbound is None
    assert result.alarm is False
    assert result.reason_code == Reason.GAP
    assert "celah" in result.reason


def test_a_negative_count_gives_no_bound_instead_of_a_false_alarm() -> None:
    result = ears([2, 4, -3, 5, 1, 3, 3, 30], week=8, method="C1")
    assert (result.upperbound, result.alarm, result.reason_code) == (None, False, Reason.NEGATIVE)
    assert "negatif" in result.reason


@pytest.mark.parametrize(("method", "first"), [("C1", 8), ("C2", 10), ("C3", 12)])
def test_too_little_history_gives_no_bound(method: str, first: int) -> None:
    series = list(range(1, 30))
    early = ears(series, week=first - 1, method=method)
    assert (early.upperbound, early.alarm, early.reason_code) == (None, False, Reason.SHORT_HISTORY)
    assert ears(series, week=first, method=method).upperbound is not None
    assert history_weeks(f"ears_{method.lower()}") == first


def test_c3_with_a_flat_baseline_cannot_judge_without_min_sigma() -> None:
    result = ears([0] * 12, week=12, method="C3")
    assert (result.upperbound, result.reason_code) == (None, Reason.ZERO_SPREAD)
    assert ears([0] * 12, week=12, method="C3", min_sigma=1).upperbound == pytest.approx(Z_025)


def test_bad_parameters_are_refused_in_indonesian() -> None:
    with pytest.raises(ValueError, match="baseline minimal 3"):
        ears([1] * 10, 9, "C1", baseline=2)
    with pytest.raises(ValueError, match="min_sigma tidak boleh negatif"):
        detector_params("ears_c2", {"min_sigma": -1})
    with pytest.raises(ValueError, match="harus berupa angka"):
        detector_params("ears_c2", {"alpha": "0.01"})
    with pytest.raises(ValueError, match="bilangan bulat"):
        detector_params("ears_c2", {"baseline": 7.5})
    assert detector_params("ears_c2", {"baseline": 7, "alpha": 0.001, "label": "x"}) == {"baseline": 7, "alpha": 0.001}


counts_strategy = st.lists(st.integers(min_value=0, max_value=60), min_size=14, max_size=30)


@settings(max_examples=150, deadline=None)
@given(counts=counts_strategy, method=st.sampled_from(["C1", "C2", "C3"]), extra=st.integers(1, 40))
def test_raising_the_current_count_never_removes_an_alarm(counts: list[int], method: str, extra: int) -> None:
    week = len(counts)
    before = ears(counts, week, method, min_sigma=0.1)
    after = ears([*counts[:-1], counts[-1] + extra], week, method, min_sigma=0.1)
    if before.alarm:
        assert after.alarm


@settings(max_examples=150, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=60), min_size=12, max_size=30),
    method=st.sampled_from(["C1", "C2"]),
    scale=st.sampled_from([0.5, 2.0, 3.0, 10.0]),
)
def test_c1_and_c2_statistics_are_unchanged_by_scaling_the_whole_series(
    counts: list[int], method: str, scale: float
) -> None:
    week = len(counts)
    base = ears_batch(counts, method, [week])
    scaled = ears_batch([c * scale for c in counts], method, [week])
    a, b = base.extra["statistic"][0, 0], scaled.extra["statistic"][0, 0]
    if np.isfinite(a):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-12)
    else:
        assert not np.isfinite(b)
    assert bool(base.alarm[0, 0]) == bool(scaled.alarm[0, 0])


def test_non_integer_counts_use_the_two_pass_formula() -> None:
    # Rates rather than counts: the exact cumulative-sum shortcut does not apply.
    series = [2.5, 4.25, 3.0, 5.5, 1.0, 3.75, 3.0, 9.0]
    result = ears(series, 8, "C1")
    window = np.array(series[:7])
    assert result.upperbound == pytest.approx(window.mean() + Z_001 * window.std(ddof=1), rel=1e-12)
