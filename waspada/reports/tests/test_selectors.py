"""Completeness figures on a crafted data set must be exactly right."""

from datetime import timedelta

import pytest

from waspada.accounts.services import role_assign, user_create
from waspada.regions.models import Region
from waspada.reports import calendar, selectors, services
from waspada.reports.services import ReportRefused
from waspada.reports.tests.factories import during, full_content, open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"


def verifikator_of(code):
    user = user_create(actor=None, username=f"ver.{code}", password=None, full_name=f"Verifikator {code}")
    role_assign(actor=None, user=user, role="verifikator", region=Region.objects.get(code=code))
    return user


def deadline(code):
    region = Region.objects.get(code=code)
    return services.programme_default().deadline_for(calendar.Week.parse(WEEK), region.timezone)


def test_province_completeness_on_a_crafted_week_is_exactly_right(personas):
    open_week(WEEK)
    submitted_report(personas["verifikator.jabar"], "32", WEEK)  # on time
    submitted_report(verifikator_of("51"), "51", WEEK, nil=True)  # nil, on time (WITA)
    submitted_report(verifikator_of("11"), "11", WEEK, at=deadline("11") + timedelta(minutes=1))  # late
    # Returned, then resubmitted after the deadline: received once, on time by its first submission.
    jakarta = verifikator_of("31")
    first = submitted_report(jakarta, "31", WEEK)
    returned = services.report_return(
        user=personas["analis.nasional"], report=first, version=first.version, reason="Tambah data."
    )
    services.report_submit(
        user=jakarta,
        report=returned,
        version=returned.version,
        content=full_content(),
        now=deadline("31") + timedelta(days=1),
    )
    # Papua Selatan (93) did not exist in 2020: it cannot report and is not expected.
    with pytest.raises(ReportRefused, match="belum/tidak lagi berlaku"):
        submitted_report(verifikator_of("93"), "93", WEEK, nil=True)

    result = selectors.completeness(
        personas["analis.nasional"],
        weeks=[calendar.Week.parse(WEEK)],
        level="provinsi",
        now=deadline("32") + timedelta(days=2),
    )
    t = result.total
    assert (t.expected, t.received, t.on_time, t.late, t.missing, t.nil) == (34, 4, 3, 1, 30, 1)
    assert t.late_codes == ["11"]
    assert "93" not in t.missing_codes and "91" in t.missing_codes
    assert str(t.completeness) == "11.8" and str(t.timeliness) == "8.8"


def test_a_region_formed_later_is_expected_from_its_first_week(personas):
    later = selectors.completeness(
        personas["analis.nasional"], weeks=[calendar.Week.parse("2023-W10")], level="provinsi"
    )
    assert later.total.expected == 38


def test_kabkota_completeness_of_one_province_counts_only_its_regions(personas):
    open_week(WEEK)
    submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    submitted_report(
        personas["operator.kabbandung"], "32.04", WEEK, nil=True, at=deadline("32.04") + timedelta(hours=1)
    )
    result = selectors.completeness(
        personas["analis.nasional"],
        weeks=[calendar.Week.parse(WEEK)],
        level="kabkota",
        province_code="32",
        with_cells=True,
    )
    t = result.total
    assert (t.expected, t.received, t.on_time, t.late, t.missing, t.nil) == (27, 2, 1, 1, 25, 1)
    assert result.cells[("32.73", WEEK)] == "on_time"
    assert result.cells[("32.04", WEEK)] == "late"
    assert result.cells[("32.01", WEEK)] == "missing"


def test_an_operator_sees_only_its_own_region_in_the_figures(personas):
    open_week(WEEK)
    submitted_report(personas["operator.kabbandung"], "32.04", WEEK)
    mine = selectors.completeness(personas["operator.kotabandung"], weeks=[calendar.Week.parse(WEEK)])
    assert (mine.total.expected, mine.total.received, mine.total.missing_codes) == (1, 0, ["32.73"])


def test_figures_over_several_weeks_add_up_by_week_and_province(personas):
    for key in ("2020-W40", "2020-W41"):
        submitted_report(personas["operator.kotabandung"], "32.73", key, at=during(key))
    result = selectors.completeness(
        personas["verifikator.jabar"],
        weeks=list(calendar.weeks_between(calendar.Week.parse("2020-W40"), calendar.Week.parse("2020-W41"))),
    )
    assert result.total.expected == 2 * 28
    assert result.by_week["2020-W41"].received == 1
    assert result.by_province["32"].received == 2


def test_the_verification_queue_holds_submitted_kabkota_reports_of_the_province(personas):
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    assert list(selectors.verification_queue(personas["verifikator.jabar"])) == [report]
    assert list(selectors.verification_queue(personas["operator.kotabandung"])) == []


def test_timeliness_follows_the_deadline_in_force_when_the_report_was_opened(personas):
    opened_with = deadline("32.73")
    report = submitted_report(personas["operator.kotabandung"], "32.73", WEEK, at=opened_with - timedelta(hours=1))
    programme = services.programme_default()
    programme.deadline_offset_hours = 0  # a later, stricter rule does not make an old report late
    programme.save()
    result = selectors.completeness(
        personas["analis.nasional"], weeks=[calendar.Week.parse(WEEK)], level="kabkota", province_code="32"
    )
    assert report.deadline == opened_with != deadline("32.73")
    assert (result.total.on_time, result.total.late) == (1, 0)
