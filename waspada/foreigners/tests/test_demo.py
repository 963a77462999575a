"""The demo data: a few hundred foreigners, well-formed, encrypted, idempotent, with something to detect."""

import time
from datetime import date

import pytest

from waspada.foreigners import demo, services
from waspada.foreigners.identity import passport_error
from waspada.foreigners.models import ForeignNational

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_a_few_hundred_valid_foreigners_once(personas):
    started = time.monotonic()
    line = demo.demo_seed(date(2026, 6, 1))
    assert time.monotonic() - started < 5
    assert "orang" in line
    people = list(ForeignNational.objects.all())
    assert 250 <= len(people) <= 300
    assert all(passport_error(p.passport_number, p.nationality) is None for p in people)
    assert ForeignNational.objects.filter(kabkota__code="32.73").count() == 40
    assert "sudah ada" in demo.demo_seed(date(2026, 6, 1))
    assert ForeignNational.objects.count() == len(people)
    kinds = {f.kind for f in services.detect_issues(today=date(2026, 6, 1))}
    assert {"expiring", "expired", "outside_region"} <= kinds
