"""Farrington flexible: the worked example of docs/early-warning.md, the package's design and GLM,
the threshold, properties and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from waspada.alerts.detectors import Reason, detector_params, farrington, farrington_batch, history_weeks
from waspada.alerts.detectors.farrington import (
    FarringtonSettings,
    _design,
    _irls,
    _model_matrix,
    upper_quantile,
)

FIRST = 52 * 4 + 3 + 1  # 212: the first week with four years of history and the window


def test_worked_example_a_constant_series_gives_the_poisson_quantile() -> None:
    # Five cases every week: the GLM fits μ = 5 exactly, the dispersion is 0 so φ = 1, and the
    # bound is qpois(0.95, 5) = 9 (P(Y ≤ 8) = 0.932, P(Y ≤ 9) = 0.968).
    series = [5] * (FIRST - 1)
    outbreak = farrington([*series, 10], FIRST)
    assert outbreak.upperbound == 9
    assert outbreak.alarm is True  # 10 > 9
    assert farrington([*series, 9], FIRST).alarm is False
    result = farrington_batch([[*series, 10]], [FIRST])
    assert result.extra["expected"][0, 0] == pytest.approx(5.0, rel=1e-9)
    assert result.extra["phi"][0, 0] == 1.0


def test_the_baseline_design_is_the_packages_blocks() -> None:
    design = _design(FarringtonSettings())
    # Weeks k−211 … k−27: the current week and the 26 before it are left out.
    assert design.back.min() == 27 and design.back.max() == 211 and design.back.size == 185
    levels, counts = np.unique(design.levels, return_counts=True)
    assert dict(zip(levels.tolist(), counts.tolist(), strict=True)) == {
        1: 20, 2: 20, 3: 20, 4: 20, 5: 17, 6: 15, 7: 15, 8: 15, 9: 15, 10: 28
    }  # fmt: skip
    # The window around k − 52 (± 3 weeks) has the current week's level.
    assert set(design.levels[(design.back >= 49) & (design.back <= 55)].tolist()) == {10}


def test_the_irls_fit_equals_a_poisson_glm_from_statsmodels() -> None:
    rng = np.random.default_rng(7)
    s = FarringtonSettings()
    design = _design(s)
    x, _, _ = _model_matrix(design.levels, design.back, s)
    y = rng.poisson(np.exp(1.0 + 0.3 * np.sin(design.back / 8.0)), size=(3, design.back.size)).astype(float)
    fit = _irls(x, y, np.ones_like(y))
    assert fit.converged.all()
    for i in range(3):
        reference = sm.GLM(y[i], x, family=sm.families.Poisson()).fit(tol=1e-12)
        np.testing.assert_allclose(fit.beta[i], reference.params, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(fit.mu[i], reference.fittedvalues, rtol=1e-6)


def test_the_nb_plugin_quantiles_equal_rs() -> None:
    # R: qnbinom(0.95, μ/(φ−1), 1/φ) and qpois(0.95, μ) for these (μ, φ).
    mu = np.array([2.0, 5, 0.3, 5, 0.01, 120])
    phi = np.array([2, 2.5, 4, 1, 1, 1.3])
    assert upper_quantile(mu, phi, 0.05).tolist() == [6, 12, 2, 9, 0, 141]


def test_fewer_than_five_cases_in_the_last_four_weeks_gives_no_bound() -> None:
    rng = np.random.default_rng(3)
    series = rng.poisson(0.3, FIRST).astype(float)
    series[-4:] = [0, 1, 0, 3]
    result = farrington(series, FIRST)
    assert (result.upperbound, result.alarm, result.reason_code) == (None, False, Reason.FEW_CASES)
    series[-4:] = [0, 1, 1, 3]
    assert farrington(series, FIRST).upperbound is not None


def test_too_little_history_gives_no_bound_and_says_why() -> None:
    result = farrington([3] * 300, FIRST - 1)
    assert (result.upperbound, result.alarm, result.reason_code) == (None, False, Reason.SHORT_HISTORY)
    assert "riwayat" in result.reason
    assert history_weeks("farrington_flexible") == FIRST
    assert history_weeks("farrington_flexible", b=3, w=2) == 52 * 3 + 3


def test_a_gap_in_the_last_weeks_gives_no_bound_but_a_baseline_gap_is_left_out_of_the_fit() -> None:
    rng = np.random.default_rng(5)
    series = rng.poisson(4, FIRST + 1).astype(float)
    recent = series.copy()
    recent[FIRST - 2] = np.nan
    assert farrington(recent, FIRST).reason_code == Reason.GAP
    baseline = series.copy()
    baseline[10:14] = np.nan
    assert farrington(baseline, FIRST).upperbound is not None


def test_a_baseline_that_is_mostly_missing_cannot_be_judged() -> None:
    series = np.full(FIRST, np.nan)
    series[-4:] = [3, 4, 2, 5]
    result = farrington(series, FIRST)
    assert (result.upperbound, result.alarm, result.reason_code) == (None, False, Reason.GAP)


def test_negative_counts_give_no_bound_instead_of_an_error() -> None:
    series = [4.0] * FIRST
    series[100] = -2
    result = farrington(series, FIRST)
    assert (result.upperbound, result.alarm, result.reason_code) == (None, False, Reason.NEGATIVE)


def test_an_all_zero_series_raises_no_alarm() -> None:
    result = farrington_batch(np.zeros((2, 300)), range(FIRST, 301))
    assert not result.alarm.any()
    assert np.isnan(result.upperbound).all()


def test_settings_are_checked_with_indonesian_messages() -> None:
    with pytest.raises(ValueError, match="b minimal 1"):
        FarringtonSettings(b=0)
    with pytest.raises(ValueError, match="w harus antara"):
        detector_params("farrington_flexible", {"w": 30})
    assert detector_params("farrington_flexible", {"b": 4, "w": 3, "alpha": 0.05}) == {"b": 4, "w": 3, "alpha": 0.05}


@settings(max_examples=25, deadline=None)
@given(
    level=st.floats(min_value=0.5, max_value=12),
    seed=st.integers(0, 10_000),
    current=st.integers(0, 30),
    extra=st.integers(1, 30),
)
def test_raising_the_current_count_never_removes_an_alarm(level: float, seed: int, current: int, extra: int) -> None:
    rng = np.random.default_rng(seed)
    series = rng.poisson(level, FIRST).astype(float)
    series[-1] = current
    before = farrington(series, FIRST)
    series[-1] = current + extra
    after = farrington(series, FIRST)
    if before.alarm:
        assert after.alarm
    # The bound does not depend on the current count (it is left out of the fit).
    if before.upperbound is not None and after.upperbound is not None:
        assert before.upperbound == after.upperbound
