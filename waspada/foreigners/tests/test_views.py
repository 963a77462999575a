"""Pages: masked everywhere, reveal audited, scoped, bad input refused, import all-or-nothing, exports masked."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from waspada.core.models import AuditEvent
from waspada.foreigners.models import ForeignNational, Permit
from waspada.foreigners.tests import factories as f

pytestmark = pytest.mark.django_db

PASSPORT = "E12345678"
ADDRESS_TAIL = "Nomor 17, Coblong"


@pytest.fixture
def person(personas):
    p = f.foreigner(personas["operator.kotabandung"], passport_number=PASSPORT)
    f.permit(personas["operator.kotabandung"], p, date(2025, 1, 1), date(2099, 1, 1))
    return p


def test_the_list_and_detail_show_masked_values_only(login_as, person):
    client = login_as("operator.kotabandung")
    for url in (reverse("foreigners:list"), reverse("foreigners:detail", args=[person.public_id])):
        body = client.get(url).content.decode()
        assert "E12••••78" in body
        assert PASSPORT not in body
        assert ADDRESS_TAIL not in body
        assert "1985-04-12" not in body and "12-04-1985" not in body


def test_search_by_full_passport_number_finds_the_person_in_the_list(login_as, person, personas):
    f.foreigner(personas["operator.kotabandung"], name="Li Na", passport_number="E87654321")
    client = login_as("operator.kotabandung")
    response = client.post(reverse("foreigners:passport_search"), {"paspor": "e1234 5678"})
    assert response.status_code == 302
    assert "sidik=" in response["Location"] and "1234" not in response["Location"]  # no number in URLs or logs
    body = client.get(response["Location"]).content.decode()
    assert "Zhang Wei" in body and "Li Na" not in body
    assert PASSPORT not in body  # the search box is not refilled with the number
    assert client.get(reverse("foreigners:list"), {"sidik": "not-a-digest"}).status_code == 400


def test_an_analyst_reveals_a_passport_number_with_a_reason_and_it_is_audited(login_as, person, personas):
    client = login_as("analis.nasional")
    assert "reveal-form" in client.get(reverse("foreigners:detail", args=[person.public_id])).content.decode()
    response = client.post(
        reverse("foreigners:reveal", args=[person.public_id]),
        {"field": "passport_number", "reason": "Verifikasi bersama Tim PORA"},
    )
    assert response.status_code == 200
    assert PASSPORT in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="foreigner.pii_revealed")
    assert event.actor == personas["analis.nasional"]
    assert event.after == {"field": "passport_number", "reason": "Verifikasi bersama Tim PORA"}


def test_a_reveal_without_a_reason_is_refused_and_not_audited(login_as, person):
    client = login_as("analis.nasional")
    response = client.post(reverse("foreigners:reveal", args=[person.public_id]), {"field": "address", "reason": ""})
    assert response.status_code == 400
    assert ADDRESS_TAIL not in response.content.decode()
    assert not AuditEvent.objects.filter(action="foreigner.pii_revealed").exists()


def test_an_operator_may_not_reveal_and_sees_no_reveal_form(login_as, person):
    client = login_as("operator.kotabandung")
    assert "reveal-form" not in client.get(reverse("foreigners:detail", args=[person.public_id])).content.decode()
    response = client.post(
        reverse("foreigners:reveal", args=[person.public_id]), {"field": "passport_number", "reason": "Ingin tahu saja"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="foreigner.pii_revealed").exists()


def test_fkdm_members_do_not_read_foreigners_and_pimpinan_does_not_write(login_as, person):
    assert login_as("fkdm.kotabandung").get(reverse("foreigners:list")).status_code == 403
    assert login_as("fkdm.kotabandung").get(reverse("foreigners:detail", args=[person.public_id])).status_code == 404
    assert login_as("pimpinan").get(reverse("foreigners:list")).status_code == 200
    assert login_as("pimpinan").get(reverse("foreigners:create")).status_code == 403


def test_another_kabkota_operator_gets_404(login_as, person):
    assert login_as("operator.kabbandung").get(reverse("foreigners:detail", args=[person.public_id])).status_code == 404


def _form(**changes):
    data = {
        "name": "Hiroshi Tanaka",
        "nationality": "JPN",
        "sex": "L",
        "passport_number": "TR1234567",
        "purpose": "penelitian",
        "region": "32.73",
        "address": "Jalan Ganesha 10",
        "is_present": "on",
    }
    data.update(changes)
    return data


def test_the_form_records_a_foreigner(login_as):
    response = login_as("operator.kotabandung").post(reverse("foreigners:create"), _form())
    assert response.status_code == 302
    assert ForeignNational.objects.get().passport_masked == "TR1••••67"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nationality": "ZZZ"}, "tidak dikenal"),
        ({"passport_number": "TR12-34$67"}, "Nomor paspor tidak sah"),
        ({"passport_number": "12345678"}, "format paspor Jepang"),
        ({"region": "32.04"}, "di luar cakupan"),
    ],
)
def test_the_form_refuses_bad_input_in_indonesian_and_writes_nothing(login_as, changes, message):
    response = login_as("operator.kotabandung").post(reverse("foreigners:create"), _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ForeignNational.objects.exists()


def test_a_permit_ending_before_it_starts_is_refused_on_the_page(login_as, person):
    response = login_as("operator.kotabandung").post(
        reverse("foreigners:permit_create", args=[person.public_id]),
        {"kind": "kitas", "number": "X1", "valid_from": "2026-05-01", "valid_until": "2026-04-01"},
    )
    assert response.status_code == 400
    assert "berakhir sebelum dimulai" in response.content.decode()
    assert Permit.objects.count() == 1


def test_the_recap_counts_by_nationality_purpose_status_and_kabkota(login_as, person, personas):
    f.foreigner(personas["operator.kotabandung"], name="Ann Lee", nationality="USA", passport_number="123456789")
    response = login_as("verifikator.jabar").get(reverse("foreigners:recap"))
    assert response.status_code == 200
    recap = response.context["recap"]
    assert recap.total == 2
    assert sorted(code for code, _n, _c in recap.by_nationality) == ["CHN", "USA"]
    assert dict((k, n) for k, _l, n in recap.by_permit_status) == {
        "berlaku": 1,
        "segera_berakhir": 0,
        "berakhir": 0,
        "tanpa_izin": 1,
    }
    assert recap.by_kabkota == [("32.73", "Kota Bandung", 2)]


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "nama",
            "kewarganegaraan",
            "jenis_kelamin",
            "tanggal_lahir",
            "nomor_paspor",
            "tujuan",
            "kode_wilayah",
            "alamat",
            "jenis_izin",
            "nomor_izin",
            "izin_mulai",
            "izin_sampai",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "daftar.xlsx"
    return out


GOOD = [
    "Kim Min-jun",
    "KOR",
    "L",
    "1990-02-03",
    "M12345678",
    "kerja",
    "32.73",
    "Jl. Braga 1",
    "KITAS",
    "K-1",
    "2026-01-01",
    "2027-01-01",
]


def test_the_import_is_all_or_nothing_with_row_errors(login_as):
    client = login_as("operator.kotabandung")
    bad_permit = [
        "Park Ji",
        "KOR",
        "P",
        "1991-01-01",
        "M87654321",
        "kerja",
        "32.73",
        "",
        "KITAS",
        "K-2",
        "2026-05-01",
        "2026-04-01",
    ]
    duplicate = [*GOOD[:1], "KOR", "L", "", "m1234 5678", "wisata", "32.73", "", "", "", "", ""]
    out_of_scope = ["Sato", "JPN", "L", "31-12-1980", "TK1234567", "wisata", "32.04", "", "", "", "", ""]
    response = client.post(reverse("foreigners:import"), {"file": _xlsx([GOOD, bad_permit, duplicate, out_of_scope])})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Baris 3" in body and "berakhir sebelum dimulai" in body
    assert "Baris 4" in body and "baris 2" in body
    assert "Baris 5" in body and "di luar cakupan" in body
    assert not ForeignNational.objects.exists()
    response = client.post(reverse("foreigners:import"), {"file": _xlsx([GOOD])})
    assert response.status_code == 200
    person = ForeignNational.objects.get()
    assert person.birth_date == date(1990, 2, 3)
    assert person.permits.get().valid_until == date(2027, 1, 1)
    response = client.post(reverse("foreigners:import"), {"file": _xlsx([GOOD])})
    assert response.status_code == 400
    assert "Baris 2: Orang asing dengan nomor paspor dan kewarganegaraan ini sudah" in response.content.decode()
    assert ForeignNational.objects.count() == 1


def test_visit_decisions_need_a_reason_to_refuse(login_as, personas):
    from waspada.foreigners import services

    visit = services.visit_create(
        actor=personas["operator.kotabandung"],
        data=services.VisitInput(
            visitor_name="Delegasi Kedutaan",
            visitor_kind="diplomat",
            country="AUS",
            region=f.region("32.73"),
            purpose="Audiensi",
            planned_from=date(2026, 3, 1),
            planned_until=date(2026, 3, 2),
            received_on=date(2026, 2, 1),
        ),
    )
    client = login_as("operator.kotabandung")
    url = reverse("foreigners:visit_detail", args=[visit.public_id])
    response = client.post(url, {"decision": "tolak", "reason": "", "version": "1"})
    assert response.status_code == 400
    assert "wajib disertai alasan" in response.content.decode()
    response = client.post(url, {"decision": "tunda", "reason": "Bertepatan dengan Pilkada", "version": "1"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.decision, visit.decision_reason) == ("tunda", "Bertepatan dengan Pilkada")


@pytest.mark.parametrize(
    "name",
    ["list", "create", "recap", "import", "organisation_list", "organisation_create", "visit_list", "visit_create"],
)
def test_every_page_answers_an_operator(login_as, person, name):
    assert login_as("operator.kotabandung").get(reverse(f"foreigners:{name}")).status_code == 200


def test_the_detail_pages_and_forms_answer(login_as, person):
    client = login_as("operator.kotabandung")
    for name in ("detail", "edit", "permit_create", "activity_create"):
        assert client.get(reverse(f"foreigners:{name}", args=[person.public_id])).status_code == 200, name


def _edit_form(person, **changes):
    """The edit form as the browser posts it: personal fields left empty (kept), the version read."""
    data = _form(nationality=person.nationality, passport_number="", address="", birth_date="")
    data["version"] = str(person.version)
    data.update(changes)
    return data


def test_an_edit_that_leaves_the_personal_fields_empty_keeps_them(login_as, person):
    response = login_as("operator.kotabandung").post(
        reverse("foreigners:edit", args=[person.public_id]), _edit_form(person, name="Nama Baru")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("foreigners:detail", args=[person.public_id])
    person.refresh_from_db()
    assert person.name == "Nama Baru"
    assert person.passport_number == PASSPORT
    assert ADDRESS_TAIL in person.address


def test_a_stale_edit_is_refused_with_409_and_changes_nothing(login_as, person):
    read = _edit_form(person, name="Nama Baru")
    client = login_as("operator.kotabandung")
    assert client.post(reverse("foreigners:edit", args=[person.public_id]), read).status_code == 302
    # A second save from the same (now old) page:
    response = client.post(reverse("foreigners:edit", args=[person.public_id]), {**read, "name": "Nama Lain"})
    assert response.status_code == 409
    assert "sudah diubah orang lain" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Nama Baru"


def test_another_kabkota_operator_cannot_open_or_post_the_edit_form(login_as, person):
    client = login_as("operator.kabbandung")
    url = reverse("foreigners:edit", args=[person.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, _edit_form(person, name="Nama Baru")).status_code == 404
    person.refresh_from_db()
    assert person.name != "Nama Baru"
