"""Early detection about foreigners feeds the alerts module: one alert per fact, in the person's
region, linking back to the person, with the personal data masked (crafted cases)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from waspada.alerts.models import Alert, AlertAction
from waspada.core.models import AuditEvent, Notification
from waspada.foreigners import services
from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def crafted(personas):
    """An expiring worker in Kota Bandung and a roaming one seen preaching in Kabupaten Bandung."""
    operator = personas["operator.kotabandung"]
    expiring = f.foreigner(operator)
    f.permit(operator, expiring, date(2025, 6, 21), date(2026, 6, 20))
    roaming = f.foreigner(operator, name="John Smith", nationality="USA", passport_number="123456789")
    f.permit(operator, roaming, date(2024, 1, 1), date(2099, 1, 1))
    f.activity(operator, roaming, "32.04.05", date(2026, 5, 20), activity_purpose="keagamaan")
    f.activity(operator, roaming, "32.73.01", date(2026, 5, 21), activity_purpose="kerja")
    return expiring, roaming


def test_the_detection_opens_one_alert_per_fact_and_a_rerun_opens_none(personas):
    expiring, roaming = crafted(personas)

    services.detect_issues(today=TODAY)
    services.detect_issues(today=TODAY)
    call_command("detect_foreigner_issues", today="2026-06-01")

    alerts = Alert.objects.filter(source_key__startswith="foreigner:")
    assert sorted((a.evidence["issue"], a.evidence["foreigner"]) for a in alerts) == sorted(
        [
            ("expiring", str(expiring.public_id)),
            ("outside_region", str(roaming.public_id)),
            ("outside_purpose", str(roaming.public_id)),
        ]
    )
    assert all(a.status == Alert.Status.NEW and a.rule is None and a.week_key == "2026-W23" for a in alerts)
    assert AlertAction.objects.filter(alert__in=alerts, kind=AlertAction.Kind.OPENED).count() == 3
    assert AuditEvent.objects.filter(action="alert.opened").count() == 3


def test_the_alert_is_in_the_persons_region_and_only_that_region_sees_it(personas):
    crafted(personas)
    services.detect_issues(today=TODAY)
    alert = Alert.objects.get(evidence__issue="expiring")
    assert alert.region.code == "32.73"
    assert alert.kabkota is not None and alert.kabkota.code == "32.73"
    assert alert.province is not None and alert.province.code == "32"
    assert Alert.objects.visible_to(personas["verifikator.jabar"]).filter(pk=alert.pk).exists()
    assert Alert.objects.visible_to(personas["operator.kotabandung"]).filter(pk=alert.pk).exists()
    assert not Alert.objects.visible_to(personas["operator.kabbandung"]).filter(pk=alert.pk).exists()


def test_the_alert_text_masks_the_personal_data_and_the_page_links_to_the_person(personas, login_as):
    expiring, _roaming = crafted(personas)
    services.detect_issues(today=TODAY)
    for alert in Alert.objects.filter(source_key__startswith="foreigner:"):
        text = f"{alert.title} {alert.evidence}"
        for secret in ("Zhang Wei", "John Smith", "E12345678", "123456789", "Dago", "1985"):
            assert secret not in text
    alert = Alert.objects.get(evidence__issue="expiring")
    assert alert.title == "Izin tinggal orang asing CHN, paspor E12••••78 berakhir 20-06-2026"
    assert alert.evidence["days_left"] == 19

    page = login_as("verifikator.jabar").get(f"/peringatan/{alert.public_id}/")
    assert page.status_code == 200
    assert f'href="/orang-asing/{expiring.public_id}/"' in page.content.decode()
    assert login_as("operator.kabbandung").get(f"/peringatan/{alert.public_id}/").status_code == 404


def test_an_expiring_then_expired_permit_is_a_second_fact_and_a_renewal_opens_nothing_more(personas):
    operator = personas["operator.kotabandung"]
    person = f.foreigner(operator)
    f.permit(operator, person, date(2025, 6, 21), date(2026, 6, 20))
    services.detect_issues(today=TODAY)
    services.detect_issues(today=date(2026, 6, 25))
    services.detect_issues(today=date(2026, 6, 26))
    assert sorted(Alert.objects.values_list("evidence__issue", flat=True)) == ["expired", "expiring"]
    f.permit(operator, person, date(2026, 6, 21), date(2027, 6, 20), number="2C11AB9999")
    services.detect_issues(today=date(2026, 6, 27))
    assert Alert.objects.count() == 2


def test_the_handlers_of_the_region_are_told_of_new_alerts_once(personas):
    crafted(personas)
    services.detect_issues(today=TODAY)
    services.detect_issues(today=TODAY)
    notes = Notification.objects.filter(user=personas["verifikator.jabar"], kind="alert.new")
    assert notes.count() == 1
    assert not Notification.objects.filter(user=personas["operator.kabbandung"], kind="alert.new").exists()


def test_a_person_no_longer_present_opens_no_alert(personas):
    operator = personas["operator.kotabandung"]
    gone = f.foreigner(operator, is_present=False)
    f.permit(operator, gone, date(2020, 1, 1), date(2021, 1, 1))
    services.detect_issues(today=TODAY)
    assert not Alert.objects.exists()
