"""``manage.py rebuild_incident_rollup``: rebuilds all weeks or a range, prints rows and seconds,
writes an audit event, refuses bad dates."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waspada.core.models import AuditEvent
from waspada.incidents.models import IncidentMonthlyRollup, IncidentWeeklyRollup
from waspada.incidents.tests.factories import registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_weeks(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registered(personas["analis.nasional"], "32.73", occurred_on=date(2020, 10, 5), killed=1)
        registered(personas["analis.nasional"], "32.73", occurred_on=date(2020, 10, 7))
        registered(personas["analis.nasional"], "32.04", occurred_on=date(2020, 10, 14))


def cells() -> list[tuple[str, date, int, int]]:
    return sorted(IncidentWeeklyRollup.objects.values_list("kabkota__code", "week_start", "incidents", "killed"))


def months() -> list[tuple[str, date, int, int]]:
    return sorted(IncidentMonthlyRollup.objects.values_list("kabkota__code", "month_start", "incidents", "killed"))


def run(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_incident_rollup", *args, stdout=out)
    return out.getvalue()


def test_it_rebuilds_every_week_from_the_incidents_and_records_it(two_weeks):
    before = cells()
    IncidentWeeklyRollup.objects.all().delete()
    IncidentMonthlyRollup.objects.all().delete()
    output = run()
    assert cells() == before == [("32.04", date(2020, 10, 12), 1, 0), ("32.73", date(2020, 10, 5), 2, 1)]
    assert months() == [("32.04", date(2020, 10, 1), 1, 0), ("32.73", date(2020, 10, 1), 2, 1)]
    assert "semua minggu" in output
    assert "2 baris ditulis dalam" in output
    assert "detik" in output
    event = AuditEvent.objects.get(action="incidents.rollup_rebuilt")
    assert event.after["rows"] == 2
    assert event.after["from"] is None


def test_a_range_rebuilds_only_the_weeks_whose_monday_is_in_it(two_weeks):
    IncidentWeeklyRollup.objects.filter(week_start=date(2020, 10, 5)).update(incidents=99)
    IncidentWeeklyRollup.objects.filter(week_start=date(2020, 10, 12)).update(incidents=99)
    output = run("--from", "2020-10-06", "--to", "2020-10-31")
    assert cells() == [("32.04", date(2020, 10, 12), 1, 0), ("32.73", date(2020, 10, 5), 99, 1)]
    # The months of those weeks are summed again from the weekly cells, untouched week included.
    assert months() == [("32.04", date(2020, 10, 1), 1, 0), ("32.73", date(2020, 10, 1), 99, 1)]
    assert "1 baris" in output
    assert AuditEvent.objects.get(action="incidents.rollup_rebuilt").after["from"] == "2020-10-06"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "5-10-2020"), "Nilai --from «5-10-2020» tidak sah"),
        (("--to", "2020-02-30"), "Nilai --to «2020-02-30» tidak sah"),
        (("--from", "2020-10-10", "--to", "2020-10-01"), "tidak boleh sebelum"),
    ],
)
def test_it_refuses_bad_dates_and_changes_nothing(two_weeks, args, message):
    before = cells()
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert cells() == before
    assert not AuditEvent.objects.filter(action="incidents.rollup_rebuilt").exists()
