"""Early detection rules on crafted cases (pure), and the notifications they raise."""

from datetime import date

import pytest
from django.core.management import call_command

from waspada.core.models import Notification
from waspada.foreigners import detection, services
from waspada.foreigners.detection import ActivityFacts, PermitFacts, PersonFacts
from waspada.foreigners.tests import factories as f

TODAY = date(2026, 6, 1)


def person(permits=(), activities=(), **kwargs):
    base = {"id": "p1", "region_code": "32.73.01", "kabkota_code": "32.73", "purpose": "kerja"}
    base.update(kwargs)
    return PersonFacts(permits=tuple(permits), activities=tuple(activities), **base)


def kinds(findings):
    return sorted(x.kind for x in findings)


def test_a_permit_ending_within_thirty_days_is_expiring_and_the_31st_day_is_not():
    assert kinds(detection.detect([person([PermitFacts(date(2025, 7, 1), date(2026, 7, 1))])], TODAY)) == ["expiring"]
    assert detection.detect([person([PermitFacts(date(2025, 7, 1), date(2026, 7, 2))])], TODAY) == []
    [finding] = detection.detect([person([PermitFacts(date(2025, 7, 1), TODAY)])], TODAY)
    assert finding.days_left == 0


def test_an_expired_permit_counts_only_while_the_person_is_present_and_a_renewal_clears_it():
    old = PermitFacts(date(2025, 1, 1), date(2026, 5, 31))
    assert kinds(detection.detect([person([old])], TODAY)) == ["expired"]
    assert detection.detect([person([old], is_present=False)], TODAY) == []
    assert detection.detect([person([old, PermitFacts(date(2026, 5, 31), date(2027, 5, 31))])], TODAY) == []


def test_activity_outside_the_kabkota_or_the_named_permitted_region_is_flagged():
    permit = PermitFacts(date(2025, 1, 1), date(2027, 1, 1))
    inside = ActivityFacts("a1", date(2026, 5, 1), "32.73.05")
    outside = ActivityFacts("a2", date(2026, 5, 2), "32.04.01")
    assert kinds(detection.detect([person([permit], [inside, outside])], TODAY)) == ["outside_region"]
    named = PermitFacts(date(2025, 1, 1), date(2027, 1, 1), permitted_region_code="32.04")
    [finding] = detection.detect([person([named], [inside, outside])], TODAY)
    assert finding.activity_id == "a1"  # now Kota Bandung is outside, Kabupaten Bandung inside


def test_an_activity_of_another_nature_than_the_purpose_is_flagged():
    permit = PermitFacts(date(2025, 1, 1), date(2027, 1, 1))
    preaching = ActivityFacts("a1", date(2026, 5, 1), "32.73.01", purpose="keagamaan")
    working = ActivityFacts("a2", date(2026, 5, 1), "32.73.01", purpose="kerja")
    findings = detection.detect([person([permit], [preaching, working])], TODAY)
    assert [(x.kind, x.activity_id) for x in findings] == [("outside_purpose", "a1")]


def test_the_finding_keys_are_stable_from_one_run_to_the_next():
    facts = [person([PermitFacts(date(2025, 1, 1), date(2026, 5, 1))])]
    assert detection.detect(facts, TODAY) == detection.detect(facts, TODAY)


@pytest.mark.django_db
def test_the_command_notifies_the_region_operators_once(personas):
    operator = personas["operator.kotabandung"]
    expiring = f.foreigner(operator)
    f.permit(operator, expiring, date(2025, 6, 21), date(2026, 6, 20))
    roaming = f.foreigner(operator, name="John Smith", nationality="USA", passport_number="123456789")
    f.permit(operator, roaming, date(2024, 1, 1), date(2099, 1, 1))
    f.activity(operator, roaming, "32.04.05", date(2026, 5, 20), activity_purpose="keagamaan")
    f.activity(operator, roaming, "32.73.01", date(2026, 5, 21), activity_purpose="kerja")

    call_command("detect_foreigner_issues", today="2026-06-01")
    call_command("detect_foreigner_issues", today="2026-06-01")

    notes = Notification.objects.filter(user=operator, kind__startswith="foreigner.")
    assert sorted((n.kind, n.url.split("/")[-2]) for n in notes) == sorted(
        [
            ("foreigner.expiring", str(expiring.public_id)),
            ("foreigner.outside_region", str(roaming.public_id)),
            ("foreigner.outside_purpose", str(roaming.public_id)),
        ]
    )
    assert "19 hari" in notes.get(kind="foreigner.expiring").title
    assert not Notification.objects.filter(user=personas["operator.kabbandung"]).exists()


@pytest.mark.django_db
def test_a_person_no_longer_present_raises_nothing(personas):
    operator = personas["operator.kotabandung"]
    gone = f.foreigner(operator, is_present=False)
    f.permit(operator, gone, date(2020, 1, 1), date(2021, 1, 1))
    assert services.detect_issues() == []
