"""The stored permit end (``ForeignNational.permit_until``) that the recap and the list count on:
kept by the services, the import and the bulk writers; the recap's counts from it are exact."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook

from waspada.foreigners import imports, selectors, synthetic
from waspada.foreigners.models import ForeignNational, Permit
from waspada.foreigners.tests import factories as f
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def test_a_new_permit_sets_the_persons_permit_end_and_a_later_one_moves_it(personas):
    actor = personas["operator.kotabandung"]
    person = f.foreigner(actor)
    assert ForeignNational.objects.get(pk=person.pk).permit_until is None
    f.permit(actor, person, date(2025, 1, 1), date(2026, 12, 31))
    assert ForeignNational.objects.get(pk=person.pk).permit_until == date(2026, 12, 31)
    f.permit(actor, person, date(2024, 1, 1), date(2024, 12, 31), number="2C-OLD")  # an older one
    assert ForeignNational.objects.get(pk=person.pk).permit_until == date(2026, 12, 31)


def test_editing_a_permit_moves_the_persons_permit_end(personas):
    from waspada.foreigners import services

    actor = personas["operator.kotabandung"]
    person = f.foreigner(actor)
    permit = f.permit(actor, person, date(2025, 1, 1), date(2026, 12, 31))
    services.permit_update(
        actor=actor,
        permit=permit,
        data=services.PermitInput(
            kind=Permit.Kind.KITAS, number="2C-1", valid_from=date(2025, 1, 1), valid_until=date(2025, 6, 30)
        ),
        expected_version=permit.version,
    )
    assert ForeignNational.objects.get(pk=person.pk).permit_until == date(2025, 6, 30)


def test_a_refused_permit_leaves_the_permit_end_alone(personas):
    from waspada.foreigners import services

    actor = personas["operator.kotabandung"]
    person = f.foreigner(actor)
    f.permit(actor, person, date(2025, 1, 1), date(2026, 12, 31))
    with pytest.raises(services.ForeignerRefused):
        f.permit(actor, person, date(2027, 1, 1), date(2026, 1, 1))  # ends before it starts
    assert ForeignNational.objects.get(pk=person.pk).permit_until == date(2026, 12, 31)


def test_the_recap_counts_every_permit_status_exactly(personas):
    actor = personas["operator.kotabandung"]
    today = timezone.localdate()
    ends = {
        "E00000001": today + timedelta(days=31),  # berlaku
        "E00000002": today + timedelta(days=30),  # segera berakhir (the 30th day included)
        "E00000003": today,  # segera berakhir (today included)
        "E00000004": today - timedelta(days=1),  # berakhir
        "E00000005": None,  # tanpa izin
    }
    for number, until in ends.items():
        person = f.foreigner(actor, passport_number=number, is_present=number != "E00000001")
        if until is not None:
            f.permit(actor, person, until - timedelta(days=300), until)
    recap = selectors.recap_for_user(personas["verifikator.jabar"], selectors.ForeignerFilter(), today)
    assert dict((k, n) for k, _label, n in recap.by_permit_status) == {
        "berlaku": 1,
        "segera_berakhir": 2,
        "berakhir": 1,
        "tanpa_izin": 1,
    }
    assert (recap.total, recap.present) == (5, 4)
    assert recap.by_kabkota == [("32.73", "Kota Bandung", 5)]
    assert recap.by_nationality == [("CHN", "Tiongkok", 5)]
    listed = selectors.foreigners_for_user(
        personas["verifikator.jabar"], selectors.ForeignerFilter(permit_status="segera_berakhir"), today
    )
    assert sorted(p.passport_masked for p in listed) == ["E00••••02", "E00••••03"]


def test_a_deleted_person_is_not_counted_and_another_province_sees_nothing(personas):
    actor = personas["operator.kotabandung"]
    keep = f.foreigner(actor, passport_number="E00000011")
    gone = f.foreigner(actor, passport_number="E00000012")
    from waspada.foreigners import services

    services.foreigner_delete(
        actor=actor, foreigner=gone, reason="Salah input data ganda", expected_version=gone.version
    )
    today = timezone.localdate()
    recap = selectors.recap_for_user(personas["verifikator.jabar"], selectors.ForeignerFilter(), today)
    assert recap.total == 1 and keep.pk
    bali = selectors.ForeignerFilter(region=Region.objects.get(code="51"))
    assert selectors.recap_for_user(personas["analis.nasional"], bali, today).total == 0


def test_the_import_stores_each_persons_permit_end(personas):
    book = Workbook()
    sheet = book.active
    sheet.append(["nama", "kewarganegaraan", "jenis_kelamin", "nomor_paspor", "tujuan", "kode_wilayah", "jenis_izin",
                  "nomor_izin", "izin_mulai", "izin_sampai"])  # fmt: skip
    sheet.append(["Kim Min-jun", "KOR", "L", "M12345678", "kerja", "32.73", "KITAS", "K-1", "2026-01-01", "2027-01-01"])
    sheet.append(["John Smith", "USA", "L", "123456789", "wisata", "32.73", "", "", "", ""])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = imports.import_foreigners(out, actor=personas["operator.kotabandung"])
    assert result.ok, result.errors
    ends = dict(ForeignNational.objects.values_list("nationality", "permit_until"))
    assert ends == {"KOR": date(2027, 1, 1), "USA": None}


def test_an_import_meeting_a_person_recorded_meanwhile_keeps_nothing_and_says_why(personas, monkeypatch):
    """Someone records one of the file's people after the duplicate check (made blind here) and
    before the insert: the unique passport + nationality constraint refuses, nothing of the file
    is kept, and the answer is a message rather than a server error."""
    actor = personas["operator.kotabandung"]
    f.foreigner(actor, passport_number="M12345678", nationality="KOR")
    monkeypatch.setattr(imports.crypto, "search_digests", lambda number: [])
    book = Workbook()
    sheet = book.active
    sheet.append(["nama", "kewarganegaraan", "jenis_kelamin", "nomor_paspor", "tujuan", "kode_wilayah"])
    sheet.append(["Lee Ji-eun", "KOR", "P", "M87654321", "kerja", "32.73"])
    sheet.append(["Kim Min-jun", "KOR", "L", "M12345678", "kerja", "32.73"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = imports.import_foreigners(out, actor=actor)
    assert not result.ok and result.created == 0
    assert "baru saja dicatat oleh pengguna lain" in result.errors[0]
    assert ForeignNational.objects.count() == 1


def test_the_synthetic_people_carry_their_latest_permit_end():
    synthetic.generate(200, seed=2, today=date(2026, 6, 1))
    for person in ForeignNational.objects.prefetch_related("permits"):
        ends = [p.valid_until for p in person.permits.all()]
        assert person.permit_until == (max(ends) if ends else None)


def test_refresh_recomputes_the_permit_end_of_many_people_in_one_update(personas):
    actor = personas["operator.kotabandung"]
    person = f.foreigner(actor)
    f.permit(actor, person, date(2025, 1, 1), date(2026, 12, 31))
    ForeignNational.objects.filter(pk=person.pk).update(permit_until=None)
    assert ForeignNational.objects.filter(pk=person.pk).refresh_permit_until() == 1
    assert ForeignNational.objects.get(pk=person.pk).permit_until == date(2026, 12, 31)


def test_the_recap_page_lists_kabkota_rows_and_keeps_the_chosen_nationality(login_as, personas):
    actor = personas["operator.kotabandung"]
    f.foreigner(actor, passport_number="E00000021")
    f.foreigner(actor, passport_number="E00000022")
    body = login_as("verifikator.jabar").get("/orang-asing/rekap/?kewarganegaraan=CHN").content.decode()
    assert '<td>Kota Bandung <span class="text-muted small">32.73</span></td><td class="text-end">2</td>' in body
    assert '<option value="CHN" selected>Tiongkok (CHN)</option>' in body
    assert '<option value="USA">' in body and '<option value="USA" selected>' not in body


def test_the_recap_of_another_province_is_not_found_for_a_province_verifikator(login_as, personas):
    f.foreigner(personas["operator.kotabandung"], passport_number="E00000031")
    response = login_as("verifikator.jabar").get("/orang-asing/rekap/?wilayah=51")
    assert response.status_code == 404
    assert "Kota Bandung" not in response.content.decode()
