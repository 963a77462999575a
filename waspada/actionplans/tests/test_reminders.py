"""Due and overdue notices for progress reports: once each, only for plans without a submission."""

from __future__ import annotations

from typing import Any

import pytest

from waspada.actionplans.reminders import progress_reminders
from waspada.actionplans.tests import factories as f
from waspada.core.models import Notification

pytestmark = pytest.mark.django_db


def test_it_reminds_before_the_deadline_then_warns_once_when_overdue(personas: dict[str, Any]) -> None:
    kota, kab = personas["operator.kotabandung"], personas["operator.kabbandung"]
    f.action(kota, f.plan(kota, "32.73", 2025))
    p2 = f.plan(kab, "32.04", 2025)
    f.action(kab, p2)
    f.submit(kab, f.report(kab, p2), f.at(2025, 5, 3))
    assert progress_reminders(now=f.at(2025, 4, 29)) == 0  # B-04 has not ended
    assert progress_reminders(now=f.at(2025, 5, 5)) == 1
    assert progress_reminders(now=f.at(2025, 5, 6)) == 0  # already told
    assert progress_reminders(now=f.at(2025, 5, 12)) == 1
    notes = Notification.objects.filter(user=kota).order_by("created_at")
    assert [n.kind for n in notes] == ["progress_report.due", "progress_report.overdue"]
    assert "11-05-2025 00:00 WIB" in notes[0].title
    assert not Notification.objects.filter(user=kab, kind__startswith="progress_report.").exists()
    assert progress_reminders(now=f.at(2025, 7, 1)) == 0  # past the window
