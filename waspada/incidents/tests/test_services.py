"""Registering, editing, verifying, deleting and merging incidents through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from waspada.core.models import AuditEvent
from waspada.incidents import selectors, services
from waspada.incidents.models import ConflictStatus, Incident, IncidentSource, IncidentWeeklyRollup
from waspada.incidents.tests.factories import category, incident_input, registered
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def test_it_registers_an_incident_with_scope_keys_week_and_audit_event(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = registered(personas["operator.kotabandung"], "32.73.01", killed=1, injured=3)
    assert incident.kabkota.code == "32.73"
    assert incident.province.code == "32"
    assert incident.week_start == date(2020, 10, 5)
    assert incident.reported_on == incident.occurred_on
    assert incident.sources.count() == 1
    assert AuditEvent.objects.filter(action="incident.created", object_id=str(incident.public_id)).exists()
    cell = IncidentWeeklyRollup.objects.get(kabkota=incident.kabkota, week_start=date(2020, 10, 5))
    assert (cell.incidents, cell.killed, cell.injured, cell.with_casualties) == (1, 1, 3, 1)


def test_it_refuses_an_operator_of_another_regency(personas):
    with pytest.raises(PermissionDenied):
        registered(personas["operator.kabbandung"], "32.73")
    assert not Incident.objects.exists()


def test_it_refuses_pimpinan_writes(personas):
    with pytest.raises(PermissionDenied):
        registered(personas["pimpinan"], "32.73")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"occurred_on": timezone.now().date() + timedelta(days=3)}, "occurred_on"),
        ({"killed": -1}, "killed"),
        ({"latitude": Decimal("48.85"), "longitude": Decimal("2.35")}, "latitude"),
        ({"latitude": Decimal("-6.9")}, "latitude"),
        ({"title": "  "}, "title"),
        ({"reported_on": date(2020, 10, 1)}, "reported_on"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(personas, values, field):
    with pytest.raises(services.IncidentRefused) as refused:
        registered(personas["operator.kotabandung"], **values)
    assert field in refused.value.message_dict
    assert not Incident.objects.exists()


def test_it_refuses_a_province_as_the_incident_region(personas):
    with pytest.raises(services.IncidentRefused) as refused:
        registered(personas["verifikator.jabar"], "32")
    assert "region" in refused.value.message_dict


def test_it_refuses_a_category_from_another_list(personas):
    data = incident_input()
    data.category = data.category.__class__.objects.get(kind="snpk", code="identitas")
    with pytest.raises(services.IncidentRefused):
        services.incident_create(actor=personas["operator.kotabandung"], data=data)


def test_a_stale_edit_is_refused_and_changes_nothing(personas):
    user = personas["operator.kotabandung"]
    incident = registered(user)
    services.incident_update(actor=user, incident=incident, data=incident_input(title="Judul baru"), expected_version=1)
    with pytest.raises(services.StaleIncident):
        services.incident_update(
            actor=user, incident=incident, data=incident_input(title="Judul lama"), expected_version=1
        )
    assert Incident.objects.get(pk=incident.pk).title == "Judul baru"


def test_verify_and_close_follow_the_lifecycle(personas):
    incident = registered(personas["operator.kotabandung"])
    verifier = personas["verifikator.jabar"]
    with pytest.raises(services.IncidentRefused):
        services.incident_set_status(actor=verifier, incident=incident, status=Incident.Status.CLOSED)
    with pytest.raises(PermissionDenied):
        services.incident_set_status(actor=personas["operator.kotabandung"], incident=incident, status="verified")
    incident = services.incident_set_status(actor=verifier, incident=incident, status=Incident.Status.VERIFIED)
    incident = services.incident_set_status(actor=verifier, incident=incident, status=Incident.Status.CLOSED)
    assert incident.status == Incident.Status.CLOSED
    assert AuditEvent.objects.filter(action="incident.closed").count() == 1


def test_merge_keeps_every_source_and_the_surviving_id(personas, django_capture_on_commit_callbacks):
    operator = personas["operator.kotabandung"]
    with django_capture_on_commit_callbacks(execute=True):
        keep = registered(operator, title="Bentrok warga pasar Kiaracondong")
        gone = registered(
            operator,
            title="Bentrokan antarwarga di pasar Kiaracondong",
            occurred_on=date(2020, 10, 6),
            sources=[
                services.SourceInput(kind="resmi", name="Polrestabes Bandung"),
                services.SourceInput(kind="fkdm", name="FKDM Kota Bandung"),
            ],
        )
    assert [c.incident for c in selectors.duplicates_of(operator, keep)] == [gone]
    with django_capture_on_commit_callbacks(execute=True):
        merged = services.incident_merge(actor=personas["verifikator.jabar"], survivor=keep, duplicate=gone)
    gone.refresh_from_db()
    assert merged.public_id == keep.public_id
    assert gone.merged_into_id == keep.pk and gone.deleted_at is None
    assert keep.sources.count() == 3
    assert IncidentSource.objects.filter(moved_from=gone).count() == 2
    assert Incident.objects.count() == 2
    assert set(AuditEvent.objects.filter(action__startswith="incident.merged").values_list("action", flat=True)) == {
        "incident.merged",
        "incident.merged_into",
    }
    assert IncidentWeeklyRollup.objects.get().incidents == 1
    with pytest.raises(services.IncidentRefused):
        services.incident_merge(actor=personas["verifikator.jabar"], survivor=keep, duplicate=gone)


def test_duplicate_suggestions_ignore_other_categories_regions_and_far_dates(personas):
    operator = personas["operator.kotabandung"]
    keep = registered(operator, title="Bentrok warga di pasar")
    registered(operator, title="Bentrok warga di pasar", category_slug="sengketa-lahan")
    registered(operator, title="Bentrok warga di pasar", occurred_on=date(2020, 10, 9))
    registered(personas["verifikator.jabar"], "32.04", title="Bentrok warga di pasar")
    registered(operator, title="Banjir bandang menutup jalan provinsi")
    assert selectors.duplicates_of(operator, keep) == []


def test_a_point_in_another_regency_is_refused_unless_confirmed(personas, kabkota_boundaries):
    operator = personas["operator.kotabandung"]
    # Jatinangor lies in Kabupaten Sumedang, not Kota Bandung.
    point = {"latitude": Decimal("-6.93"), "longitude": Decimal("107.77")}
    with pytest.raises(services.IncidentRefused) as refused:
        registered(operator, **point)
    assert "Sumedang" in str(refused.value)
    incident = services.incident_create(actor=operator, data=incident_input(**point), allow_location_mismatch=True)
    assert incident.point_kabkota.code == "32.11"
    assert incident.kabkota.code == "32.73"
    assert incident.location_mismatch


def test_a_point_in_the_chosen_regency_is_accepted(personas, kabkota_boundaries):
    incident = registered(personas["operator.kotabandung"], latitude=Decimal("-6.9147"), longitude=Decimal("107.6098"))
    assert incident.point_kabkota.code == "32.73"
    assert not incident.location_mismatch


def test_soft_delete_needs_a_reason_and_leaves_the_row(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = registered(personas["operator.kotabandung"])
    verifier = personas["verifikator.jabar"]
    with pytest.raises(services.IncidentRefused):
        services.incident_delete(actor=verifier, incident=incident, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_delete(actor=verifier, incident=incident, reason="Data ganda dari impor")
    assert Incident.objects.get(pk=incident.pk).deleted_reason == "Data ganda dari impor"
    assert not IncidentWeeklyRollup.objects.exists()
    since = timezone.now() - timedelta(minutes=5)
    assert list(selectors.removal_feed(personas["analis.nasional"], since)) == [Incident.objects.get(pk=incident.pk)]
    assert list(selectors.removal_feed(personas["operator.kabbandung"], since)) == []


def test_conflict_status_lasts_at_most_90_days(personas):
    region = Region.objects.get(code="32.73")
    with pytest.raises(services.IncidentRefused):
        services.conflict_status_declare(
            actor=personas["operator.kotabandung"],
            scale="kabkota",
            region=region,
            starts_on=date(2020, 1, 1),
            ends_on=date(2020, 3, 31),
        )
    status = services.conflict_status_declare(
        actor=personas["operator.kotabandung"],
        scale="kabkota",
        region=region,
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 3, 30),
    )
    assert status.days == 90
    incident = registered(personas["operator.kotabandung"], conflict_status=status)
    assert incident.conflict_status == status
    with pytest.raises(services.IncidentRefused):
        registered(personas["verifikator.jabar"], "32.04", conflict_status=status)
    assert ConflictStatus.objects.count() == 1


def test_handling_actions_move_the_handling_stage(personas):
    operator = personas["operator.kotabandung"]
    incident = registered(operator)
    services.handling_action_add(
        actor=operator, incident=incident, stage="penghentian", acted_on=date(2020, 10, 6), description="Mediasi tokoh"
    )
    assert Incident.objects.get(pk=incident.pk).handling_stage == "penghentian"
    assert category().name == "Bentrok antarwarga"
