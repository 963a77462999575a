"""generate_synthetic: deterministic, idempotent, every role at a level it may sit at."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waspada.accounts.models import RoleAssignment, User
from waspada.accounts.roles import Role, scope_allowed
from waspada.accounts.synthetic import SCALES, RegionRef, plan_users, username_for
from waspada.core.models import AuditEvent
from waspada.regions import access
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

SMALL_PROVINCES = SCALES["small"] or ()


def generate(**options: object) -> str:
    """The users part only: the weekly reports part is tested in waspada/reports/tests/test_synthetic.py."""
    out = StringIO()
    options.setdefault("weeks", 0)
    call_command("generate_synthetic", scale="small", seed=1, stdout=out, **options)
    return out.getvalue()


def synthetic_users() -> list[tuple[str, str, str]]:
    return sorted(User.objects.exclude(role_assignments=None).values_list("username", "full_name", "office"))


def test_usernames_name_the_role_and_the_region():
    assert username_for(Role.OPERATOR, "32.73") == "op.32-73"
    assert username_for(Role.FKDM, "32.73") == "fkdm.32-73"
    assert username_for(Role.VERIFIKATOR, "32") == "ver.32"
    assert username_for(Role.ANALIS, None) == "an.nasional"


def test_the_plan_is_the_same_for_the_same_seed_and_names_differ_for_another():
    regions = [RegionRef("32", "provinsi", "Jawa Barat"), RegionRef("32.73", "kota", "Kota Bandung")]
    assert plan_users(regions, 1) == plan_users(list(reversed(regions)), 1)
    assert [p.username for p in plan_users(regions, 1)] == [p.username for p in plan_users(regions, 2)]
    assert [p.full_name for p in plan_users(regions, 1)] != [p.full_name for p in plan_users(regions, 7)]


def test_small_scale_creates_an_operator_and_fkdm_per_kabkota_and_a_verifikator_per_province():
    generate()
    kabkota = Region.objects.kabkota().filter(province__code__in=SMALL_PROVINCES)
    assert kabkota.count() > 0
    for region in kabkota:
        assert RoleAssignment.objects.filter(user__username=username_for(Role.OPERATOR, region.code), region=region)
        assert RoleAssignment.objects.filter(user__username=username_for(Role.FKDM, region.code), region=region)
    for code in SMALL_PROVINCES:
        assert RoleAssignment.objects.filter(user__username=f"ver.{code}", role=Role.VERIFIKATOR, region__code=code)
    national = RoleAssignment.objects.filter(region=None).values_list("user__username", "role")
    assert set(national) >= {("an.nasional", Role.ANALIS), ("pim.nasional", Role.PIMPINAN)}
    assert RoleAssignment.objects.count() == 2 * kabkota.count() + len(SMALL_PROVINCES) + 2


def test_every_assignment_sits_at_an_allowed_level_with_the_keys_role_assign_sets():
    generate()
    for assignment in RoleAssignment.objects.select_related("region"):
        region = assignment.region
        assert scope_allowed(assignment.role, region.level if region else None), assignment
        assert assignment.province_id == (region.province_id if region else None)
        assert assignment.kabkota_id == (region.kabkota_id if region else None)


def test_running_twice_creates_nothing_new_and_writes_one_audit_event():
    generate()
    users, assignments = synthetic_users(), RoleAssignment.objects.count()
    out = generate()
    assert "Tidak ada yang baru" in out
    assert synthetic_users() == users
    assert RoleAssignment.objects.count() == assignments
    assert AuditEvent.objects.filter(action="synthetic.generated").count() == 1


def test_the_same_seed_gives_the_same_data_set():
    generate()
    first = synthetic_users()
    RoleAssignment.history.all().delete()
    RoleAssignment.objects.all().delete()
    User.objects.filter(username__in=[u for u, _, _ in first]).delete()
    generate()
    assert synthetic_users() == first


def test_users_cannot_log_in_unless_a_password_is_given():
    generate()
    assert not User.objects.get(username="op.32-73").has_usable_password()


def test_an_operator_sees_only_their_own_kabkota():
    generate()
    scope = access.scope_of(User.objects.get(username="op.32-73"))
    assert not scope.national
    assert [r.code for r in scope.regions] == ["32.73"]


def test_it_refuses_clearly_when_regions_are_missing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(SCALES, "small", ("32", "99"))  # no province 99 in the loaded tree
    with pytest.raises(CommandError, match=r"Data wilayah belum dimuat lengkap.*load_regions"):
        generate()
    assert not RoleAssignment.objects.exists()
