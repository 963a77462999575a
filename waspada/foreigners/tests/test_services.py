"""Writes about foreigners: encryption at rest, search, reveal, bad input, access."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from waspada.core.models import AuditEvent
from waspada.foreigners import services
from waspada.foreigners.models import ForeignNational, Permit
from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db


def _raw_row(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, address, birth_date, passport_digest"
            " FROM foreigners_foreignnational WHERE id = %s",
            [pk],
        )
        return " ".join(str(v) for v in cursor.fetchone())


def test_the_raw_database_row_holds_no_plaintext_personal_data(personas):
    person = f.foreigner(personas["operator.kotabandung"], passport_number="E 1234-5678")
    row = _raw_row(person.pk)
    assert "E12345678" not in row
    assert "Dago" not in row
    assert "1985" not in row
    fresh = ForeignNational.objects.get(pk=person.pk)
    assert fresh.passport_number == "E12345678"
    assert fresh.address.startswith("Jalan Dago")
    assert fresh.birth_date == date(1985, 4, 12)
    assert fresh.passport_masked == "E12••••78"


def test_search_by_full_passport_number_finds_the_person(personas):
    person = f.foreigner(personas["operator.kotabandung"])
    f.foreigner(personas["operator.kotabandung"], name="Other", passport_number="E87654321")
    assert list(ForeignNational.objects.with_passport("e1234 5678")) == [person]
    assert not ForeignNational.objects.with_passport("E1234567").exists()


def test_the_audit_trail_holds_masked_personal_data_only(personas):
    person = f.foreigner(personas["operator.kotabandung"])
    event = AuditEvent.objects.get(action="foreigner.created", object_id=str(person.public_id))
    text = str(event.after)
    assert "E12345678" not in text and "Dago Atas" not in text and "1985-04-12" not in text
    assert event.after["passport_number"] == "E12••••78"


def test_a_reveal_by_an_analyst_returns_the_value_and_writes_an_audit_event(personas):
    person = f.foreigner(personas["operator.kotabandung"])
    analyst = personas["analis.nasional"]
    value = services.foreigner_reveal(
        actor=analyst, foreigner=person, field="passport_number", reason="Permintaan Tim PORA rapat 3 Des"
    )
    assert value == "E12345678"
    event = AuditEvent.objects.get(action="foreigner.pii_revealed")
    assert event.actor == analyst
    assert event.object_id == str(person.public_id)
    assert event.after == {"field": "passport_number", "reason": "Permintaan Tim PORA rapat 3 Des"}


def test_it_refuses_a_reveal_without_a_reason_or_by_an_operator(personas):
    person = f.foreigner(personas["operator.kotabandung"])
    with pytest.raises(services.ForeignerRefused):
        services.foreigner_reveal(actor=personas["analis.nasional"], foreigner=person, field="address", reason=" ")
    with pytest.raises(PermissionDenied):
        services.foreigner_reveal(
            actor=personas["operator.kotabandung"], foreigner=person, field="address", reason="Pemeriksaan rutin"
        )
    assert not AuditEvent.objects.filter(action="foreigner.pii_revealed").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nationality": "XYZ"}, "nationality", "tidak dikenal"),
        ({"nationality": "IDN"}, "nationality", "bukan orang asing"),
        ({"passport_number": "E12#45678"}, "passport_number", "tidak sah"),
        ({"passport_number": "X1234567"}, "passport_number", "format paspor Tiongkok"),
        ({"birth_date": date(2999, 1, 1)}, "birth_date", "tidak masuk akal"),
        ({"name": " "}, "name", "wajib"),
    ],
)
def test_it_refuses_bad_identity_data_and_writes_nothing(personas, changes, field, message):
    with pytest.raises(services.ForeignerRefused) as caught:
        f.foreigner(personas["operator.kotabandung"], **changes)
    assert message in " ".join(caught.value.message_dict[field])
    assert not ForeignNational.objects.exists()
    assert not AuditEvent.objects.filter(action="foreigner.created").exists()


def test_it_refuses_a_second_person_with_the_same_passport_and_nationality(personas):
    f.foreigner(personas["operator.kotabandung"])
    with pytest.raises(services.ForeignerRefused) as caught:
        f.foreigner(personas["operator.kotabandung"], name="Zhang Wei Dua", passport_number="e12345678")
    assert "sudah tercatat" in caught.value.message_dict["passport_number"][0]
    f.foreigner(personas["operator.kotabandung"], nationality="USA", passport_number="E12345678")
    assert ForeignNational.objects.count() == 2


def test_it_refuses_a_permit_that_ends_before_it_starts(personas):
    person = f.foreigner(personas["operator.kotabandung"])
    with pytest.raises(services.ForeignerRefused) as caught:
        f.permit(personas["operator.kotabandung"], person, date(2026, 5, 1), date(2026, 4, 30))
    assert "berakhir sebelum dimulai" in caught.value.message_dict["valid_until"][0]
    assert not Permit.objects.exists()


def test_an_operator_may_not_record_a_foreigner_outside_its_region_and_pimpinan_not_at_all(personas):
    with pytest.raises(PermissionDenied):
        f.foreigner(personas["operator.kotabandung"], region_code="32.04")
    with pytest.raises(PermissionDenied):
        f.foreigner(personas["pimpinan"])
    assert not ForeignNational.objects.exists()


def test_a_stale_update_is_refused_and_changes_nothing(personas):
    operator = personas["operator.kotabandung"]
    person = f.foreigner(operator)
    data = services.ForeignerInput(
        name="Zhang Wei",
        nationality="CHN",
        sex="L",
        passport_number="E12345678",
        purpose="penelitian",
        region=person.region,
    )
    services.foreigner_update(actor=operator, foreigner=person, data=data, expected_version=1)
    with pytest.raises(services.StaleForeignerRecord):
        services.foreigner_update(actor=operator, foreigner=person, data=data, expected_version=1)
    assert ForeignNational.objects.get(pk=person.pk).version == 2


def test_rotation_reencrypts_under_the_new_key_and_search_still_works(personas, settings):
    from cryptography.fernet import Fernet

    from waspada.foreigners import crypto

    settings.WASPADA_PII_KEYS = [crypto.INSECURE_DEV_PII_KEY]
    person = f.foreigner(personas["operator.kotabandung"])
    before = _raw_row(person.pk)
    settings.WASPADA_PII_KEYS = [Fernet.generate_key().decode(), crypto.INSECURE_DEV_PII_KEY]
    assert ForeignNational.objects.with_passport("E12345678").get() == person  # old digest still matches
    assert services.rotate_all() == 1
    settings.WASPADA_PII_KEYS = settings.WASPADA_PII_KEYS[:1]
    assert _raw_row(person.pk) != before
    fresh = ForeignNational.objects.with_passport("E12345678").get()
    assert fresh.address.startswith("Jalan Dago")
