"""The early-warning rule ``forum_expired`` reads the forum registry: an alert for a region whose
FKDM/TKDPD decrees have all ended by the week's last day, none where a renewal is in force."""

from datetime import date

import pytest

from waspada.alerts.detection import run_detection
from waspada.alerts.models import Alert, AlertRule
from waspada.forums import selectors
from waspada.forums.tests import factories as f
from waspada.reports import calendar

pytestmark = pytest.mark.django_db

WEEK = calendar.Week.parse("2020-W40")  # 28-09-2020 … 04-10-2020


def test_the_forum_rule_opens_an_alert_only_for_the_region_whose_decree_expired(personas):
    f.decree(f.forum("32.04"), date(2015, 1, 1), date(2020, 9, 30))  # expired on the week's end
    renewed = f.forum("32.73")
    f.decree(renewed, date(2015, 1, 1), date(2020, 6, 30))
    f.decree(renewed, date(2020, 7, 1), None, number="SK/2/2020")
    f.decree(f.forum("32.01", kind="timdu_pks"), date(2015, 1, 1), date(2019, 1, 1))  # kind not in the rule
    forum_rule = AlertRule.objects.get(code="sk-forum-kedaluwarsa")
    AlertRule.objects.exclude(pk=forum_rule.pk).update(is_enabled=False)
    if not forum_rule.is_enabled:
        forum_rule.is_enabled = True
        forum_rule.save(update_fields=["is_enabled"])

    run = run_detection(WEEK.key)

    assert run.summary["rules"]["sk-forum-kedaluwarsa"]["fired"] == 1, run.summary
    alert = Alert.objects.get(rule=forum_rule)
    assert alert.region.code == "32.04"
    assert alert.evidence["expired"] == [{"forum": "FKDM Kabupaten Bandung", "valid_until": "2020-09-30"}]


def test_expired_forums_by_region_gives_the_last_end_date(personas):
    forum = f.forum("32.04")
    f.decree(forum, date(2010, 1, 1), date(2014, 12, 31))
    f.decree(forum, date(2015, 1, 1), date(2019, 12, 31), number="SK/2")
    region_id = forum.region_id
    result = selectors.expired_forums_by_region([region_id], ["fkdm", "tkdpd"], date(2020, 7, 1))
    assert result == {region_id: [("FKDM Kabupaten Bandung", "fkdm", date(2019, 12, 31))]}
