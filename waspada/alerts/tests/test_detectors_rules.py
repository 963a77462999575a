"""The simple rules: parameters as data (the shipped AlertRule rows), each rule's answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from waspada.alerts.detectors import rules
from waspada.alerts.detectors.rules import Decree, Tranche, rule_params

# The parameters the alerts migration ships for each rule.
SHIPPED: dict[str, dict[str, Any]] = {
    "count_threshold": {"n": 5, "weeks": 4},
    "report_level": {"levels": ["siaga", "awas"]},
    "missing_reports": {"consecutive": 2},
    "prokes_violations": {"n": 5, "days": 10},
    "nphd_overdue": {},
    "forum_expired": {"kinds": ["fkdm", "tkdpd"]},
}


@pytest.mark.parametrize("method", list(SHIPPED))
def test_the_shipped_rule_parameters_are_accepted(method: str) -> None:
    params = rule_params(method, SHIPPED[method])
    assert set(params) == set(rules.RULE_PARAMETERS[method])


def test_every_rule_method_of_the_alert_rule_model_has_a_rule_or_a_detector() -> None:
    from waspada.alerts.detectors import DETECTOR_METHODS
    from waspada.alerts.models import AlertRule

    assert set(AlertRule.Method.values) == set(DETECTOR_METHODS) | set(rules.RULE_METHODS)


@pytest.mark.parametrize(
    ("method", "parameters", "message"),
    [
        ("count_threshold", {"n": 0}, "bilangan bulat positif"),
        ("count_threshold", {"weeks": "4"}, "bilangan bulat positif"),
        ("report_level", {"levels": ["merah"]}, "Tingkat laporan tidak dikenal: merah"),
        ("report_level", {"levels": []}, "daftar teks yang tidak kosong"),
        ("missing_reports", {"repeat": "ya"}, "true atau false"),
        ("nphd_overdue", {"grace_days": -1}, "≥ 0"),
        ("tidak_ada", {}, "Aturan tidak dikenal"),
    ],
)
def test_bad_parameters_are_refused_in_indonesian(method: str, parameters: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rule_params(method, parameters)


def test_count_threshold_sums_the_window_and_needs_enough_weeks() -> None:
    assert rules.count_threshold([9, 0, 1, 2, 1, 1], n=5, weeks=4).fired is True
    quiet = rules.count_threshold([9, 0, 1, 2, 1, 0], n=5, weeks=4)
    assert (quiet.fired, quiet.observed, quiet.threshold) == (False, 4.0, 5)
    assert rules.count_threshold([None, 3, None, 2], n=5, weeks=4).fired is True
    short = rules.count_threshold([5, 5], n=5, weeks=4)
    assert short.fired is False and "memerlukan 4 minggu" in short.reason
    assert "negatif" in rules.count_threshold([1, -1, 9, 9], n=5, weeks=4).reason


def test_report_level_fires_on_siaga_or_awas_sections() -> None:
    result = rules.report_level({"ideologi": "kondusif", "politik": "Siaga", "sosbud": "waspada"})
    assert result.fired is True
    assert result.evidence == {"sections": {"politik": "Siaga"}}
    assert result.observed == 2.0 and result.threshold == 2.0
    assert rules.report_level({"politik": "waspada"}).fired is False
    assert rules.report_level({}).reason == "tidak ada laporan mingguan untuk periode ini"


def test_missing_reports_fires_once_when_the_run_reaches_two() -> None:
    assert rules.missing_reports([True, False, False]).fired is True
    assert rules.missing_reports([True, True, False]).fired is False
    assert rules.missing_reports([True, False, False, False]).fired is False  # already alerted last week
    assert rules.missing_reports([True, False, False, False], repeat=True).fired is True
    assert rules.missing_reports([None, False, False]).fired is True
    assert rules.missing_reports([False]).reason == "baru 1 periode laporan tercatat"


def test_prokes_violations_counts_the_ten_days_ending_on_the_day() -> None:
    as_of = date(2020, 10, 10)
    data = [(date(2020, 9, 30), 9), (date(2020, 10, 1), 2), (date(2020, 10, 6), 2), (date(2020, 10, 10), 1)]
    result = rules.prokes_violations(data, as_of, n=5, days=10)
    assert (result.fired, result.observed) == (True, 5.0)  # 30 September is the eleventh day back
    assert rules.prokes_violations(data[1:3], as_of).fired is False


def test_nphd_overdue_fires_for_an_undisbursed_tranche_past_its_due_date() -> None:
    today = date(2020, 9, 1)
    tranches = [
        Tranche("Tahap I", date(2020, 6, 1), date(2020, 6, 3)),
        Tranche("Tahap II", date(2020, 8, 25)),
        Tranche("Tahap III", date(2020, 11, 1)),
    ]
    result = rules.nphd_overdue(tranches, today)
    assert result.fired is True
    assert result.evidence["overdue"] == [{"tranche": "Tahap II", "due_on": "2020-08-25", "days": 7}]
    assert rules.nphd_overdue(tranches, today, grace_days=7).fired is False


def test_forum_expired_fires_for_an_expired_decree_of_the_named_kinds() -> None:
    today = date(2024, 1, 10)
    decrees = [
        Decree("FKDM Kota Bandung", "fkdm", date(2024, 1, 9)),
        Decree("FKUB Kota Bandung", "fkub", date(2020, 1, 1)),
        Decree("TKDPD Kota Bandung", "tkdpd", date(2024, 1, 10)),
    ]
    result = rules.forum_expired(decrees, today)
    assert result.fired is True
    assert result.evidence["expired"] == [{"forum": "FKDM Kota Bandung", "valid_until": "2024-01-09"}]
    unknown = rules.forum_expired([Decree("FKDM X", "fkdm", None)], today)
    assert unknown.fired is False and unknown.reason == "tanggal berakhir SK tidak tercatat"
