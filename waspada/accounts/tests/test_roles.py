import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from waspada.accounts.models import RoleAssignment, User
from waspada.accounts.services import role_assign, role_revoke
from waspada.core.models import AuditEvent
from waspada.regions import access
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return User.objects.create_user("petugas", password="x" * 12)


def test_an_operator_cannot_be_assigned_to_a_province(officer):
    with pytest.raises(ValidationError, match="tidak dapat ditugaskan pada tingkat Provinsi"):
        role_assign(actor=None, user=officer, role="operator", region=Region.objects.get(code="32"))
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_a_verifikator_must_sit_at_a_province(officer):
    with pytest.raises(ValidationError):
        role_assign(actor=None, user=officer, role="verifikator", region=Region.objects.get(code="32.73"))
    with pytest.raises(ValidationError):
        role_assign(actor=None, user=officer, role="verifikator", region=None)
    assert role_assign(actor=None, user=officer, role="verifikator", region=Region.objects.get(code="32"))


def test_admin_is_national_only(officer):
    with pytest.raises(ValidationError, match="nasional"):
        role_assign(actor=None, user=officer, role="admin", region=Region.objects.get(code="32"))


def test_a_duplicate_assignment_is_refused_and_changes_nothing(officer):
    kota = Region.objects.get(code="32.73")
    role_assign(actor=None, user=officer, role="operator", region=kota)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="sudah memiliki peran"):
        role_assign(actor=None, user=officer, role="operator", region=kota)
    assert RoleAssignment.objects.filter(user=officer).count() == 1
    assert AuditEvent.objects.count() == events


def test_a_duplicate_national_assignment_is_refused(officer):
    role_assign(actor=None, user=officer, role="analis", region=None)
    with pytest.raises(ValidationError, match="sudah memiliki peran"):
        role_assign(actor=None, user=officer, role="analis", region=None)


def test_assigning_writes_an_audit_event_with_the_region(officer):
    kota = Region.objects.get(code="32.73")
    assignment = role_assign(actor=None, user=officer, role="operator", region=kota)
    event = AuditEvent.objects.get(action="role.assigned", object_id=str(assignment.public_id))
    assert event.region == kota
    assert event.province.code == "32"
    assert event.kabkota == kota
    assert event.after["role"] == "operator"


def test_revoking_removes_the_scope_and_keeps_the_record(officer):
    kota = Region.objects.get(code="32.73")
    assignment = role_assign(actor=None, user=officer, role="operator", region=kota)
    assert access.scope_of(officer).covers_code("32.73")
    with pytest.raises(ValidationError, match="Alasan"):
        role_revoke(actor=None, assignment=assignment, reason="  ")
    role_revoke(actor=None, assignment=assignment, reason="pindah tugas")
    fresh = User.objects.get(pk=officer.pk)
    assert access.scope_of(fresh).is_empty
    assert RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=False).exists()
    assert assignment.history.count() == 2


def test_the_command_accepts_a_2020_code(officer):
    call_command("assign_role", "petugas", "operator", "91.01")
    assert RoleAssignment.objects.get(user=officer).region.code == "93.01"


def test_the_command_rejects_an_unknown_region_code_and_changes_nothing(officer):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("assign_role", "petugas", "operator", "32.99")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("assign_role", "tidak-ada", "operator", "32.73")
    with pytest.raises(CommandError, match="tidak dapat ditugaskan"):
        call_command("assign_role", "petugas", "operator", "32")
    assert not RoleAssignment.objects.filter(user=officer).exists()
