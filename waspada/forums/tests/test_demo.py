"""The demo forums: every province has forums missing and expired; the personas' regions are fixed."""

import time
from datetime import date

import pytest

from waspada.forums import demo, selectors
from waspada.forums.models import Forum
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def test_the_demo_gives_every_province_missing_and_expired_fkdm_and_is_idempotent(personas):
    started = time.monotonic()
    line = demo.demo_seed(TODAY)
    assert time.monotonic() - started < 5
    assert "Forum demo" in line
    status = selectors.forum_status_by_region("fkdm", TODAY)
    by_province: dict[int, set[str]] = {}
    for region in Region.objects.kabkota().valid_on(TODAY):
        by_province.setdefault(region.province_id, set()).add(status[region.id])
    multi = [s for s in by_province.values() if len(s) > 1]
    assert len(by_province) == 38
    assert all({"belum", "kedaluwarsa"} <= s for s in multi)
    assert status[Region.objects.get(code="32.73").id] == "aktif"
    assert status[Region.objects.get(code="32.04").id] == "kedaluwarsa"
    assert [d.forum.region.code for d in selectors.decrees_nearing_expiry(TODAY)] == ["32.73"]
    count = Forum.objects.count()
    assert "sudah ada" in demo.demo_seed(TODAY)
    assert Forum.objects.count() == count
