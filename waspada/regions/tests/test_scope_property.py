"""Property test: on random region trees with random role assignments, each user sees
exactly the union of the subtrees they were given (or everything, when national)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from waspada.accounts.models import RoleAssignment, User
from waspada.core.models import AuditEvent
from waspada.regions import access
from waspada.regions.models import Region

# Province codes 40–49 do not exist in Indonesia, so random trees never meet the real one.
province_codes = st.sets(st.integers(40, 49), min_size=1, max_size=4)


@st.composite
def region_trees(draw: st.DrawFn) -> list[str]:
    codes: list[str] = []
    for p in sorted(draw(province_codes)):
        province = f"{p}"
        codes.append(province)
        for k in sorted(draw(st.sets(st.integers(1, 99), max_size=4))):
            kabkota = f"{province}.{k:02d}"
            codes.append(kabkota)
            for c in sorted(draw(st.sets(st.integers(1, 30), max_size=3))):
                codes.append(f"{kabkota}.{c:02d}")
    return codes


def level_for(code: str) -> str:
    depth = code.count(".") + 1
    if depth == 1:
        return "provinsi"
    if depth == 2:
        return "kota" if int(code[3:5]) >= 71 else "kabupaten"
    return "kecamatan"


def build(codes: list[str]) -> dict[str, Region]:
    made: dict[str, Region] = {}
    for code in codes:
        parent = made.get(code.rsplit(".", 1)[0]) if "." in code else None
        region = Region.objects.create(
            code=code, name=f"Wilayah {code}", level=level_for(code), parent=parent, timezone="WIB"
        )
        region.province = made.get(code[:2], region)
        region.kabkota = region if code.count(".") == 1 else made.get(code[:5])
        region.save()
        made[code] = region
    return made


class ScopePropertyTest(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), codes=region_trees())
    def test_each_user_sees_exactly_their_subtrees(self, data: st.DataObject, codes: list[str]) -> None:
        regions = build(codes)
        for n in range(data.draw(st.integers(1, 3))):
            user = User.objects.create(username=f"u{n}")
            national = (
                data.draw(st.booleans().filter(lambda b: True), label="national") and data.draw(st.integers(0, 5)) == 0
            )
            assigned = data.draw(st.lists(st.sampled_from(codes), max_size=3, unique=True))
            for code in assigned:
                r = regions[code]
                RoleAssignment.objects.create(
                    user=user, role="pimpinan", region=r, province=r.province, kabkota=r.kabkota
                )
            if national:
                RoleAssignment.objects.create(user=user, role="pimpinan", region=None)
            for code in codes:
                r = regions[code]
                AuditEvent.objects.create(
                    action="uji",
                    object_type="x",
                    object_id=code,
                    object_repr=code,
                    region=r,
                    province=r.province,
                    kabkota=r.kabkota if code.count(".") >= 1 else None,
                )

            expected = (
                set(codes) if national else {c for c in codes if any(c == a or c.startswith(a + ".") for a in assigned)}
            )
            seen = set(Region.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
            assert seen == expected
            seen_events = set(
                AuditEvent.objects.filter(access.audit_q(user), object_id__in=codes).values_list("object_id", flat=True)
            )
            assert seen_events == expected
