"""Backtesting on small deterministic series: an obvious outbreak is detected by every method, a
zero-noise series gives no false alarms, known events are not counted as false alarms, injection
sizes and shapes are as documented, and the command prints the table."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from waspada.alerts import backtest
from waspada.alerts.backtest import Scenario

N_WEEKS = 520


def constant(level: float = 3.0, n_series: int = 4) -> np.ndarray:
    return np.full((n_series, N_WEEKS), level)


def test_the_excess_follows_the_documented_size_and_shape() -> None:
    counts = constant()
    add = backtest.excess(counts, 300, Scenario("naik", 5.0))
    # σ of a constant series is 0, floored at 1: ceil(5 × 1 × (0.4, 0.8, 1.2, 1.6)).
    assert add.tolist()[0] == [2.0, 4.0, 6.0, 8.0]
    injected = backtest.inject(counts, 300, Scenario("datar", 2.0))
    assert injected[0, 298:304].tolist() == [3.0, 5.0, 5.0, 5.0, 3.0, 3.0]
    assert counts[0, 299] == 3.0  # the input is left alone


@pytest.mark.parametrize("method", backtest.METHODS)
def test_an_obvious_outbreak_is_detected_and_a_zero_noise_series_gives_no_false_alarm(method: str) -> None:
    [result] = backtest.backtest(
        constant(),
        methods=[method],
        scenario_list=[Scenario("datar", 10.0)],
        starts=[400],
        false_alarm_weeks=range(261, 521),
    )
    assert result.outbreaks == 4
    assert result.sensitivity == 1.0
    assert result.false_alarms == 0
    assert result.region_years == pytest.approx(4 * 260 / 52)
    assert all(0 <= d <= 4 for d in result.delays)


def test_ears_c1_finds_a_plateau_in_its_first_week() -> None:
    [result] = backtest.backtest(
        constant(), methods=["ears_c1"], scenario_list=[Scenario("datar", 10.0)], starts=[300], false_alarm_weeks=[]
    )
    assert result.delays == [0, 0, 0, 0] and result.mean_delay == 0


def test_alarms_on_known_events_are_not_false_alarms() -> None:
    counts = constant()
    counts[0, 349] = 40.0  # week 350: a real event in series 0
    events = np.zeros_like(counts, dtype=bool)
    [plain] = backtest.backtest(counts, methods=["ears_c1"], scenario_list=[], starts=[], false_alarm_weeks=[350])
    [known] = backtest.backtest(
        counts, methods=["ears_c1"], scenario_list=[], starts=[], false_alarm_weeks=[350], events=events | (counts > 10)
    )
    assert plain.false_alarms == 1 and known.false_alarms == 0


def test_the_weekly_matrix_bins_incidents_by_week_from_the_first_monday() -> None:
    day = np.array([3, 3, 4, 10, 11, 100])
    series = np.array([0, 1, 1, 1, 0, 1])
    burst = np.array([False, False, False, True, False, False])
    counts, bursts = backtest.weekly_matrix(day, series, burst, n_series=2, first_monday=3, weeks=2)
    assert counts.tolist() == [[1.0, 1.0], [2.0, 1.0]]
    assert bursts.tolist() == [[False, False], [False, True]]


def test_unknown_shapes_and_methods_are_refused() -> None:
    with pytest.raises(ValueError, match="Bentuk wabah"):
        backtest.scenarios(["gelombang"])
    with pytest.raises(ValueError, match="Metode"):
        backtest.detector("cusum")
    with pytest.raises(CommandError, match="Metode"):
        call_command("backtest_detectors", "--source", "generated", "--methods", "cusum")


def test_the_command_prints_one_row_per_method() -> None:
    out = StringIO()
    call_command(
        "backtest_detectors",
        "--source",
        "generated",
        "--methods",
        "ears_c1,ears_c3",
        "--shapes",
        "lonjakan",
        "--sizes",
        "8",
        "--starts",
        "1",
        "--fa-weeks",
        "10",
        stdout=out,
    )
    lines = [line for line in out.getvalue().splitlines() if line.startswith("| ears")]
    assert [line.split("|")[1].strip() for line in lines] == ["ears_c1", "ears_c3"]
