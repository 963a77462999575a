"""Region scope through the choke point: pages, single objects and the audit trail."""

import pytest

from waspada.core.models import AuditEvent
from waspada.regions import access
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def visible_codes(user, codes):
    return set(Region.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))


def strip_tokens(body: bytes) -> str:
    import re

    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())
    return re.sub(r'name="next" type="hidden" value="[^"]+"', "", text)


SAMPLE = ["32", "32.73", "32.73.01", "32.04", "32.04.05", "33", "33.74", "96.71"]


def test_operator_kota_bandung_sees_only_kota_bandung(personas):
    assert visible_codes(personas["operator.kotabandung"], SAMPLE) == {"32.73", "32.73.01"}


def test_operator_kabupaten_bandung_sees_only_kabupaten_bandung(personas):
    assert visible_codes(personas["operator.kabbandung"], SAMPLE) == {"32.04", "32.04.05"}


def test_verifikator_jawa_barat_sees_the_whole_province(personas):
    assert visible_codes(personas["verifikator.jabar"], SAMPLE) == {"32", "32.73", "32.73.01", "32.04", "32.04.05"}


def test_analis_nasional_and_pimpinan_see_everything(personas):
    for name in ("analis.nasional", "pimpinan", "admin"):
        assert visible_codes(personas[name], SAMPLE) == set(SAMPLE)


def test_a_user_without_roles_sees_nothing(django_user_model):
    nobody = django_user_model.objects.create_user("tanpa-peran", password="x" * 12)
    assert not Region.objects.visible_to(nobody).exists()


@pytest.mark.parametrize(
    ("persona", "own", "other"),
    [("operator.kotabandung", "32.73", "32.04"), ("operator.kabbandung", "32.04", "32.73")],
)
def test_an_operator_gets_404_on_the_neighbouring_regency(login_as, persona, own, other):
    client = login_as(persona)
    assert client.get(f"/wilayah/{own}/").status_code == 200
    assert client.get(f"/wilayah/{other}/").status_code == 404
    assert client.get(f"/wilayah/{other}.01/").status_code == 404


def test_out_of_scope_and_missing_answer_the_same_404(login_as):
    client = login_as("operator.kotabandung")
    out_of_scope = client.get("/wilayah/32.04/")
    missing = client.get("/wilayah/32.99/")
    assert out_of_scope.status_code == missing.status_code == 404
    assert strip_tokens(out_of_scope.content) == strip_tokens(missing.content)


def test_verifikator_jawa_barat_opens_both_bandungs_but_not_jawa_tengah(login_as):
    client = login_as("verifikator.jabar")
    assert client.get("/wilayah/32.73/").status_code == 200
    assert client.get("/wilayah/32.04/").status_code == 200
    assert client.get("/wilayah/33/").status_code == 404


def test_region_search_never_leaks_other_regions(login_as):
    client = login_as("operator.kotabandung")
    response = client.get("/wilayah/", {"q": "Bandung"})
    body = response.content.decode()
    assert "32.73" in body
    assert "Kabupaten Bandung Barat" not in body
    assert "32.04" not in body


def test_the_audit_trail_is_scoped(personas, login_as):
    from waspada.core import audit

    kab = Region.objects.get(code="32.04")
    kota = Region.objects.get(code="32.73")
    e_kab = audit.record(actor=None, action="test.kab", obj=kab, region=kab)
    e_kota = audit.record(actor=None, action="test.kota", obj=kota, region=kota)
    national = AuditEvent.objects.filter(region__isnull=True).first()

    operator = personas["operator.kotabandung"]
    with pytest.raises(Exception) as not_found:
        access.get_audit_event_for_user(operator, e_kab.pk)
    assert not_found.type.__name__ == "Http404"
    assert access.get_audit_event_for_user(operator, e_kota.pk) == e_kota
    client = login_as("operator.kotabandung")
    assert client.get(f"/audit/{e_kab.pk}/").status_code == 404
    assert client.get(f"/audit/{e_kota.pk}/").status_code == 200
    if national is not None:
        assert client.get(f"/audit/{national.pk}/").status_code == 404
    verifikator = login_as("verifikator.jabar")
    assert verifikator.get(f"/audit/{e_kab.pk}/").status_code == 200


def test_only_admins_open_the_audit_list(login_as):
    assert login_as("admin").get("/audit/").status_code == 200
    for persona in ("analis.nasional", "verifikator.jabar", "operator.kotabandung", "pimpinan"):
        assert login_as(persona).get("/audit/").status_code == 403


def test_the_region_page_shows_its_history_panel(login_as, personas):
    from waspada.core import audit

    kota = Region.objects.get(code="32.73")
    audit.record(actor=personas["admin"], action="role.assigned", obj=kota, region=kota)
    body = login_as("operator.kotabandung").get("/wilayah/32.73/").content.decode()
    assert 'data-testid="history-panel"' in body
    assert "Peran ditugaskan" in body
    assert " WIB" in body


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/wilayah/32.73/")
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]


def test_a_reference_lookup_finds_any_current_region_whatever_the_scope_but_not_a_retired_or_unknown_code(
    personas,
) -> None:
    from datetime import date

    denpasar = access.reference_region(" 51.71 ")  # far outside every persona's own region
    assert denpasar is not None and denpasar.code == "51.71"
    assert access.reference_region("99.99") is None
    Region.objects.filter(code="51.71").update(valid_until=date(2020, 1, 1))
    assert access.reference_region("51.71") is None
