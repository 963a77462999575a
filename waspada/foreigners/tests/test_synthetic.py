"""The national synthetic foreigners: deterministic, well-formed, encrypted, idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from waspada.foreigners import synthetic
from waspada.foreigners.identity import passport_error
from waspada.foreigners.models import ActivityObservation, ForeignNational, Permit

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def test_it_writes_well_formed_people_with_permits_spread_over_kabkota():
    generated = synthetic.generate(600, seed=3, today=TODAY)
    assert generated.people == 600
    people = list(ForeignNational.objects.select_related("region", "kabkota"))
    assert len(people) == 600
    assert all(passport_error(p.passport_number, p.nationality) is None for p in people)
    assert all(p.kabkota is not None and p.province_id == p.kabkota.province_id for p in people)
    assert all(p.region.code.startswith(p.kabkota.code) for p in people)
    assert len({p.kabkota_id for p in people}) > 100
    assert len({p.nationality for p in people}) > 10
    assert Permit.objects.count() == generated.permits > 500
    assert ActivityObservation.objects.count() == generated.activities > 0
    ends = [p.valid_until for p in Permit.objects.all()]
    assert min(ends) < TODAY < max(ends)  # expired, ending soon and in force


def test_personal_data_is_encrypted_and_searchable_by_passport():
    synthetic.generate(20, seed=3, today=TODAY)
    person = ForeignNational.objects.order_by("pk").first()
    assert person is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number, address FROM foreigners_foreignnational WHERE id = %s", [person.pk])
        raw_passport, raw_address = cursor.fetchone()
    assert person.passport_number not in raw_passport
    assert person.address[:10] not in raw_address
    assert list(ForeignNational.objects.with_passport(person.passport_number)) == [person]


class _Rollback(Exception):
    pass


def _generated_rows(seed: int) -> list[tuple[str, str, int, str]]:
    rows: list[tuple[str, str, int, str]] = []
    try:
        with transaction.atomic():
            synthetic.generate(50, seed=seed, today=TODAY)
            rows = list(
                ForeignNational.objects.order_by("pk").values_list("name", "nationality", "kabkota_id", "purpose")
            )
            raise _Rollback
    except _Rollback:
        pass
    return rows


def test_it_is_deterministic_for_a_seed():
    first = _generated_rows(5)
    assert len(first) == 50
    assert _generated_rows(5) == first
    assert _generated_rows(6) != first


def test_a_second_run_tops_up_to_the_count_and_no_more():
    synthetic.generate(30, seed=1, today=TODAY)
    assert synthetic.generate(30, seed=1, today=TODAY).people == 0
    assert synthetic.generate(45, seed=1, today=TODAY).people == 15
    assert ForeignNational.objects.count() == 45
    passports = {(p.passport_digest, p.nationality) for p in ForeignNational.objects.all()}
    assert len(passports) == 45


def test_generate_synthetic_takes_a_foreigner_count():
    out = StringIO()
    call_command("generate_synthetic", scale="small", weeks=0, incidents=0, foreigners=25, stdout=out)
    assert "Orang asing sintetis: 25 dibuat" in out.getvalue()
    assert ForeignNational.objects.filter(sponsor__endswith=synthetic.MARK).count() == 25


def test_generate_synthetic_refuses_a_negative_foreigner_count():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--foreigners tidak boleh negatif"):
        call_command("generate_synthetic", scale="small", weeks=0, incidents=0, foreigners=-1, stdout=StringIO())
    assert not ForeignNational.objects.exists()
