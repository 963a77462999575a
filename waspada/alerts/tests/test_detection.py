"""The weekly detection run over a crafted incident rollup: exactly the expected alerts, idempotent,
guarded by the minimum count, with evidence, a summary, an audit event and notices."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from waspada.alerts import detection
from waspada.alerts.detection import DetectionRefused, run_detection
from waspada.alerts.models import Alert, AlertAction, AlertRule, DetectionRun
from waspada.core.models import AuditEvent, Notification
from waspada.incidents.models import IncidentCode, IncidentWeeklyRollup
from waspada.incidents.tests.factories import category, registered
from waspada.regions.models import Region
from waspada.reports import calendar

pytestmark = pytest.mark.django_db

WEEK = calendar.Week.parse("2020-W40")
# The worked example of docs/early-warning.md: baseline mean 3, sd 1.29099, C1 bound 6.98947.
BASELINE = [2, 4, 3, 5, 1, 3, 3]


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def put(code: str, counts: list[int], *, last: calendar.Week = WEEK, slug: str = "bentrok-antarwarga") -> None:
    """Rollup rows for a kabupaten/kota: ``counts`` are the weeks ending with ``last``."""
    kab = region(code)
    assert kab.province_id is not None
    cat = category(slug)
    first = last.shifted(-(len(counts) - 1))
    rows = []
    for week, n in zip(calendar.weeks_between(first, last), counts, strict=True):
        if n:
            rows.append(
                IncidentWeeklyRollup(
                    kabkota=kab, province_id=kab.province_id, week_start=week.start, category=cat, incidents=n
                )
            )
    IncidentWeeklyRollup.objects.bulk_create(rows)


def only(*rules: AlertRule) -> None:
    AlertRule.objects.exclude(pk__in=[r.pk for r in rules]).update(is_enabled=False)


def rule(code: str, method: str, parameters: dict | None = None, **values: object) -> AlertRule:
    values.setdefault("min_count", 0)
    return AlertRule.objects.create(code=code, name=code, method=method, parameters=parameters or {}, **values)


def test_a_count_threshold_rule_opens_one_alert_for_the_region_over_the_threshold_only() -> None:
    r = rule("uji-ambang", "count_threshold", {"n": 5, "weeks": 4})
    only(r)
    put("32.73", [2, 2, 1, 1])  # 6 in four weeks
    put("32.04", [1, 1, 1, 1])  # 4
    put("32.71", [9, 0, 0, 0, 0])  # 9, but five weeks ago

    run = run_detection(WEEK.key)

    alerts = list(Alert.objects.filter(rule=r))
    assert [(a.region.code, a.observed, a.threshold) for a in alerts] == [("32.73", 6.0, 5.0)]
    alert = alerts[0]
    assert alert.week_key == "2020-W40"
    assert alert.status == Alert.Status.NEW
    assert alert.province is not None and alert.province.code == "32"
    assert alert.kabkota is not None and alert.kabkota.code == "32.73"
    assert alert.evidence["counts"][-4:] == [2.0, 2.0, 1.0, 1.0]
    assert alert.evidence["weeks"][-1] == "2020-W40"
    assert run.status == DetectionRun.Status.DONE
    assert run.alerts_opened == 1
    assert run.summary["rules"]["uji-ambang"]["fired"] == 1
    assert run.summary["rules"]["uji-ambang"]["regions"] == 514
    assert AlertAction.objects.get(alert=alert).kind == AlertAction.Kind.OPENED


def test_ears_c1_alarms_on_the_worked_example_and_records_the_bound_of_every_shown_week() -> None:
    r = rule("uji-c1", "ears_c1", {"baseline": 7, "alpha": 0.001}, min_count=3)
    only(r)
    put("32.73", [*BASELINE, 7])  # 7 > 6.98947
    put("32.04", [*BASELINE, 6])  # 6 is under the bound

    run_detection(WEEK.key)

    alert = Alert.objects.get(rule=r)
    assert alert.region.code == "32.73"
    assert alert.observed == 7.0
    assert alert.threshold == pytest.approx(6.98947, abs=1e-5)
    assert alert.evidence["upperbounds"][-1] == pytest.approx(6.98947, abs=1e-4)
    assert len(alert.evidence["upperbounds"]) == len(alert.evidence["counts"]) == detection.SHOWN_WEEKS
    assert alert.evidence["method"] == "ears_c1"


def test_the_minimum_count_guard_keeps_a_small_count_over_a_flat_baseline_from_opening_an_alert() -> None:
    r = rule("uji-c1-min", "ears_c1", {}, min_count=3)
    only(r)
    put("32.71", [0, 0, 0, 0, 0, 0, 0, 2])  # sd 0: bound 0, 2 alarms — but 2 < min_count 3
    put("32.73", [0, 0, 0, 0, 0, 0, 0, 3])  # 3 ≥ 3: alert

    run = run_detection(WEEK.key)

    assert list(Alert.objects.filter(rule=r).values_list("region__code", flat=True)) == ["32.73"]
    summary = run.summary["rules"]["uji-c1-min"]
    assert summary["fired"] == 2
    assert summary["below_min_count"] == 1
    assert summary["new"] == 1


def test_running_the_same_week_again_opens_no_second_alert_and_refreshes_only_a_new_one() -> None:
    r = rule("uji-ambang2", "count_threshold", {"n": 3, "weeks": 1})
    only(r)
    put("32.73", [4])
    put("32.04", [5])
    first = run_detection(WEEK.key)
    assert first.alerts_opened == 2
    worked = Alert.objects.get(rule=r, region__code="32.04")
    Alert.objects.filter(pk=worked.pk).update(status=Alert.Status.ASSESSING)
    IncidentWeeklyRollup.objects.filter(week_start=WEEK.start).update(incidents=8)

    second = run_detection(WEEK.key)

    assert second.alerts_opened == 0
    assert Alert.objects.filter(rule=r).count() == 2
    assert Alert.objects.get(rule=r, region__code="32.73").observed == 8.0  # still NEW: refreshed
    assert Alert.objects.get(rule=r, region__code="32.04").observed == 5.0  # being worked: left alone
    assert second.summary["rules"]["uji-ambang2"]["refreshed"] == 1
    assert second.summary["rules"]["uji-ambang2"]["existing"] == 2
    assert AlertAction.objects.filter(alert__rule=r, kind=AlertAction.Kind.OPENED).count() == 2


def test_the_evidence_lists_the_incidents_of_the_week(personas: dict) -> None:
    r = rule("uji-bukti", "count_threshold", {"n": 1, "weeks": 1})
    only(r)
    incident = registered(personas["operator.kotabandung"], "32.73", occurred_on=WEEK.start)
    put("32.73", [1])

    run_detection(WEEK.key)

    alert = Alert.objects.get(rule=r)
    assert alert.evidence["incidents"] == [str(incident.public_id)]


def test_a_rule_with_a_category_counts_only_that_category() -> None:
    r = rule("uji-kategori", "count_threshold", {"n": 3, "weeks": 1}, category=category("bentrok-antarwarga"))
    only(r)
    put("32.73", [5], slug="bentrok-antarwarga")
    other = IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY).exclude(code="bentrok-antarwarga").first()
    assert other is not None
    other_slug = other.code
    put("32.04", [5], slug=other_slug)

    run_detection(WEEK.key)

    assert list(Alert.objects.filter(rule=r).values_list("region__code", flat=True)) == ["32.73"]


def test_a_province_level_rule_sums_the_kabupaten_kota_of_the_province() -> None:
    r = rule("uji-provinsi", "count_threshold", {"n": 5, "weeks": 1}, level=AlertRule.Level.PROVINCE)
    only(r)
    put("32.73", [3])
    put("32.04", [3])
    put("31.71", [4])

    run_detection(WEEK.key)

    alert = Alert.objects.get(rule=r)
    assert alert.region.code == "32"
    assert alert.observed == 6.0
    assert alert.kabkota_id is None


def test_handlers_of_the_province_are_told_of_new_alerts_and_the_nation_is_not(personas: dict) -> None:
    r = rule("uji-notif", "count_threshold", {"n": 1, "weeks": 1})
    only(r)
    put("32.73", [2])
    put("32.04", [2])

    run = run_detection(WEEK.key)

    told = Notification.objects.filter(kind="alert.new")
    assert set(told.values_list("user__username", flat=True)) == {"verifikator.jabar"}
    note = told.get()
    assert note.title.startswith("2 peringatan dini baru minggu 2020-W40")
    # Running again tells nobody twice.
    run_detection(WEEK.key)
    assert Notification.objects.filter(kind="alert.new").count() == 1
    assert AuditEvent.objects.filter(action="alert.detection_run", object_id=str(run.pk)).exists()


def test_a_rule_with_bad_parameters_is_reported_and_the_others_still_run() -> None:
    bad = rule("uji-rusak", "ears_c2", {"alpha": "tinggi"})
    good = rule("uji-baik", "count_threshold", {"n": 1, "weeks": 1})
    only(bad, good)
    put("32.73", [1])

    run = run_detection(WEEK.key)

    assert run.status == DetectionRun.Status.FAILED
    assert "alpha" in run.summary["rules"]["uji-rusak"]["error"]
    assert Alert.objects.filter(rule=good).count() == 1


def test_all_shipped_rules_run_on_an_empty_week_and_the_forum_rule_finds_nothing() -> None:
    run = run_detection(WEEK.key)

    assert run.status == DetectionRun.Status.DONE, run.summary
    rules = run.summary["rules"]
    assert set(rules) == set(AlertRule.objects.filter(is_enabled=True).values_list("code", flat=True))
    assert rules["sk-forum-kedaluwarsa"]["fired"] == 0  # no forum recorded (see forums/tests/test_alert_rule.py)
    assert rules["farrington-peristiwa"]["cannot_judge"] == 514  # no cases at all: cannot judge
    assert run.alerts_opened == 0


def test_missing_reports_fires_in_the_week_the_second_report_is_missed() -> None:
    from waspada.reports import services as report_services

    programme = report_services.programme_default()
    for week in (WEEK.shifted(-1), WEEK):
        report_services.period_open(programme=programme, week=week)
    r = AlertRule.objects.get(code="laporan-tidak-masuk")
    only(r)

    run = run_detection(WEEK.key, zones=["WIT"])

    papua = Region.objects.filter(level__in=Region.KABKOTA_LEVELS, timezone="WIT").count()
    assert Alert.objects.filter(rule=r).count() == papua
    assert run.summary["rules"]["laporan-tidak-masuk"]["fired"] == papua
    assert not Alert.objects.filter(rule=r, region__timezone="WIB").exists()


def test_a_bad_week_key_is_refused_in_indonesian_and_nothing_is_written() -> None:
    with pytest.raises(DetectionRefused, match="tidak sah"):
        run_detection("2020-40")
    assert not DetectionRun.objects.exists()
    with pytest.raises(CommandError, match="tidak sah"):
        call_command("run_detection", week="2020-W99")


def test_the_command_runs_a_week_and_prints_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    r = rule("uji-perintah", "count_threshold", {"n": 1, "weeks": 1})
    only(r)
    put("32.73", [1])

    call_command("run_detection", week="2020-W40")

    out = capsys.readouterr().out
    assert "Deteksi minggu 2020-W40" in out
    assert "1 peringatan baru" in out
    assert "uji-perintah: 514 wilayah, terpicu 1, baru 1" in out


def test_the_scheduled_run_takes_each_zone_once_its_deadline_has_passed() -> None:
    r = rule("uji-jadwal", "count_threshold", {"n": 1, "weeks": 1})
    only(r)
    put("32.73", [1])  # WIB
    put("91.71", [1])  # Kota Jayapura, WIT
    # Monday 5 October 2020 11:00 WIB = 04:00 UTC: past 12:00 WIT and 12:00 WITA, not 12:00 WIB.
    now = "2020-10-05T04:00Z"

    call_command("run_detection", due=True, now=now)

    assert list(Alert.objects.filter(rule=r, week_key="2020-W40").values_list("region__code", flat=True)) == ["91.71"]
    due = detection.due_runs(datetime(2020, 10, 5, 4, 0, tzinfo=UTC))
    assert ("2020-W40", "WIT") not in due and ("2020-W40", "WITA") not in due
    call_command("run_detection", due=True, now="2020-10-05T05:00Z")  # 12:00 WIB
    assert Alert.objects.filter(rule=r, week_key="2020-W40").count() == 2
    assert ("2020-W40", "WIB") not in detection.due_runs(datetime(2020, 10, 5, 6, 0, tzinfo=UTC))
