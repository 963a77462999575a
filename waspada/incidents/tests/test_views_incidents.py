"""The incident register pages: the scoped list, the form (create with sources and a point, edit
with the optimistic lock), the detail page with its duplicates and actions, and the Status
Keadaan Konflik pages. Another region's incident answers 404, pimpinan gets 403 on writes, bad
input is answered in Indonesian and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from waspada.accounts.navigation import navigation_for
from waspada.core.models import AuditEvent
from waspada.incidents import services
from waspada.incidents.models import ConflictStatus, HandlingAction, Incident, IncidentSource, IncidentWeeklyRollup
from waspada.incidents.tests.factories import category, code, registered
from waspada.incidents.views.incidents import list_page, parse_cursor
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    """A valid POST of the create form for Kota Bandung with one source and one actor."""
    data: dict[str, Any] = {
        "title": "Bentrok warga di pasar Kiaracondong",
        "occurred_on": "2020-10-05",
        "date_precision": "hari",
        "reported_on": "2020-10-06",
        "kabkota": str(Region.objects.get(code="32.73").pk),
        "region_detail": "",
        "location_detail": "Pasar Kiaracondong",
        "latitude": "",
        "longitude": "",
        "geo_precision": "tepat",
        "category": str(category().pk),
        "conflict_source": "",
        "snpk_type": "",
        "acled_event_type": str(code("acled", "riots").pk),
        "killed": "0",
        "injured": "3",
        "sexual_violence": "0",
        "buildings_damaged": "2",
        "displaced": "0",
        "narrative": "Dua kelompok pemuda bentrok setelah sengketa parkir.",
        "handling_stage": "penghentian",
        "conflict_status": "",
        "classification": "biasa",
        "sumber-TOTAL_FORMS": "2",
        "sumber-INITIAL_FORMS": "0",
        "sumber-MIN_NUM_FORMS": "0",
        "sumber-MAX_NUM_FORMS": "20",
        "sumber-0-kind": "media",
        "sumber-0-name": "Pikiran Rakyat",
        "sumber-0-url": "https://example.org/berita/1",
        "sumber-0-published_on": "2020-10-06",
        "sumber-0-scale": "provinsi",
        "sumber-1-kind": "",
        "sumber-1-name": "",
        "sumber-1-url": "",
        "sumber-1-published_on": "",
        "sumber-1-scale": "lokal",
        "aktor-TOTAL_FORMS": "1",
        "aktor-INITIAL_FORMS": "0",
        "aktor-MIN_NUM_FORMS": "0",
        "aktor-MAX_NUM_FORMS": "30",
        "aktor-0-name": "Pemuda RW 05",
        "aktor-0-actor_type": str(code("aktor", "warga").pk),
    }
    data.update(overrides)
    return data


def edit_data(incident: Incident, **overrides: Any) -> dict[str, Any]:
    data = {k: v for k, v in form_data().items() if not k.startswith(("sumber-", "aktor-"))}
    data["title"] = incident.title
    data["version"] = str(incident.version)
    data.update(overrides)
    return data


def detail(incident: Incident) -> str:
    return reverse("incidents:detail", kwargs={"public_id": incident.public_id})


def action(name: str, incident: Incident) -> str:
    return reverse(f"incidents:{name}", kwargs={"public_id": incident.public_id})


# --- list --------------------------------------------------------------------------------------


def test_the_list_shows_only_incidents_in_scope(login_as, personas):
    own = registered(personas["operator.kotabandung"], title="Bentrok di Kota Bandung")
    other = registered(personas["operator.kabbandung"], "32.04", title="Sengketa lahan di Kabupaten Bandung")
    response = login_as("operator.kotabandung").get(reverse("incidents:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(own.public_id) in html
    assert str(other.public_id) not in html and "Kabupaten Bandung" not in html.split("incident-table")[1]
    both = login_as("verifikator.jabar").get(reverse("incidents:list")).content.decode()
    assert str(own.public_id) in both and str(other.public_id) in both


def test_the_list_reads_a_fixed_number_of_queries(login_as, personas, django_assert_max_num_queries):
    for n in range(6):
        registered(personas["operator.kotabandung"], title=f"Peristiwa {n}", region_code="32.73.01")
    client = login_as("verifikator.jabar")
    client.get(reverse("incidents:list"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("incidents:list"))
    assert response.content.decode().count("data-id=") == 6


def test_the_list_filters_and_offers_exports_recap_and_the_create_button(login_as, personas):
    operator = personas["operator.kotabandung"]
    hurt = registered(operator, title="Bentrok dengan korban", killed=1)
    calm = registered(operator, title="Unjuk rasa damai", occurred_on=date(2020, 9, 1))
    response = login_as("operator.kotabandung").get(reverse("incidents:list"), {"korban": "ya"})
    html = response.content.decode()
    assert str(hurt.public_id) in html and str(calm.public_id) not in html
    assert 'data-testid="export-buttons"' in html
    assert reverse("incidents:recap") in html
    assert 'data-testid="create-incident"' in html
    readonly = login_as("pimpinan").get(reverse("incidents:list")).content.decode()
    assert 'data-testid="create-incident"' not in readonly


def test_a_bad_filter_is_answered_in_indonesian_with_400(login_as, personas):
    response = login_as("operator.kotabandung").get(reverse("incidents:list"), {"dari": "5 Oktober"})
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()


def test_a_filter_on_another_region_answers_404(login_as, personas):
    response = login_as("operator.kotabandung").get(reverse("incidents:list"), {"wilayah": "32.04"})
    assert response.status_code == 404


def test_fkdm_does_not_read_the_register(login_as, personas):
    assert login_as("fkdm.kotabandung").get(reverse("incidents:list")).status_code == 403
    assert "incidents" not in [i.key for i in navigation_for(personas["fkdm.kotabandung"])]
    assert "incidents" in [i.key for i in navigation_for(personas["pimpinan"])]


def test_the_list_pages_by_date_then_id_without_gaps_or_repeats(personas):
    operator = personas["operator.kotabandung"]
    made = [
        registered(operator, title=f"Peristiwa {n}", occurred_on=date(2020, 10, 1) + timedelta(days=n % 3))
        for n in range(7)
    ]
    incidents = Incident.objects.visible_to(operator).alive()
    seen: list[int] = []
    cursor = None
    while True:
        page = list_page(incidents, cursor, size=3)
        seen.extend(i.pk for i in page.items)
        if page.next_cursor is None:
            break
        cursor = parse_cursor(page.next_cursor)
    expected = [i.pk for i in sorted(made, key=lambda i: (i.occurred_on, i.pk), reverse=True)]
    assert seen == expected
    assert page.count == 7 and not page.more_than


def test_the_count_stops_at_the_limit(personas, monkeypatch):
    from waspada.incidents.views import incidents as views

    monkeypatch.setattr(views, "COUNT_LIMIT", 2)
    for _n in range(3):
        registered(personas["operator.kotabandung"])
    page = list_page(Incident.objects.all(), None)
    assert page.more_than and page.count == 2


def test_a_broken_cursor_gives_the_first_page():
    assert parse_cursor("2020-13-40_5") is None
    assert parse_cursor("x") is None
    assert parse_cursor("2020-10-05_12") == (date(2020, 10, 5), 12)


# --- create ------------------------------------------------------------------------------------


def test_registering_with_a_point_and_sources_writes_rows_rollup_and_audit(
    login_as, personas, kabkota_boundaries, django_capture_on_commit_callbacks
):
    client = login_as("operator.kotabandung")
    assert client.get(reverse("incidents:create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("incidents:create"),
            form_data(latitude="-6,9147", longitude="107.6098", region_detail="32.73.01"),
        )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert response["Location"] == detail(incident)
    assert incident.region.code == "32.73.01" and incident.kabkota.code == "32.73"
    assert incident.latitude == Decimal("-6.914700") and incident.longitude == Decimal("107.609800")
    assert incident.point_kabkota.code == "32.73" and not incident.location_mismatch
    assert (incident.injured, incident.buildings_damaged, incident.status) == (3, 2, "draft")
    assert incident.acled_event_type.code == "riots"
    source = IncidentSource.objects.get(incident=incident)
    assert (source.name, source.scale) == ("Pikiran Rakyat", "provinsi")
    assert [a.name for a in incident.actors.all()] == ["Pemuda RW 05"]
    cell = IncidentWeeklyRollup.objects.get(kabkota=incident.kabkota, week_start=date(2020, 10, 5))
    assert (cell.incidents, cell.injured) == (1, 3)
    assert AuditEvent.objects.filter(action="incident.created", object_id=str(incident.public_id)).exists()
    page = client.get(detail(incident)).content.decode()
    assert "Bentrok warga di pasar Kiaracondong" in page and "Pikiran Rakyat" in page
    assert 'data-testid="history-panel"' in page and "WIB" in page


def test_a_create_without_a_source_is_refused(login_as, personas):
    response = login_as("operator.kotabandung").post(
        reverse("incidents:create"),
        form_data(
            **{
                "sumber-0-kind": "",
                "sumber-0-name": "",
                "sumber-0-url": "",
                "sumber-0-published_on": "",
                "sumber-0-scale": "lokal",
            }
        ),
    )
    assert response.status_code == 422
    assert "sekurang-kurangnya satu sumber" in response.content.decode()
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": (timezone.now().date() + timedelta(days=5)).isoformat()}, "masa depan"),
        ({"killed": "-1"}, "0 atau lebih"),
        ({"injured": "banyak"}, "0 atau lebih"),
        ({"latitude": "48,85", "longitude": "2,35"}, "luar wilayah Indonesia"),
        ({"latitude": "-6,9"}, "bersama-sama"),
        ({"category": "999999"}, "Kategori tidak dikenal"),
        ({"region_detail": "32.73.99.9999"}, "tidak dikenal"),
    ],
)
def test_bad_input_is_answered_and_nothing_is_written(login_as, personas, overrides, message):
    response = login_as("operator.kotabandung").post(reverse("incidents:create"), form_data(**overrides))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Incident.objects.exists() and not IncidentSource.objects.exists()


def test_a_kecamatan_of_another_kabkota_is_refused(login_as, personas):
    response = login_as("verifikator.jabar").post(
        reverse("incidents:create"),
        form_data(kabkota=str(Region.objects.get(code="32.04").pk), region_detail="32.73.01"),
    )
    assert response.status_code == 422
    assert "tidak berada di Kabupaten Bandung" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_kabkota_outside_the_scope_cannot_be_chosen(login_as, personas):
    response = login_as("operator.kotabandung").post(
        reverse("incidents:create"), form_data(kabkota=str(Region.objects.get(code="32.04").pk))
    )
    assert response.status_code == 422
    assert "tidak ada dalam cakupan" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_point_in_another_regency_is_shown_as_a_warning_and_saved_only_when_confirmed(
    login_as, personas, kabkota_boundaries
):
    client = login_as("operator.kotabandung")
    # Jatinangor lies in Kabupaten Sumedang, not Kota Bandung.
    point = {"latitude": "-6,93", "longitude": "107,77"}
    response = client.post(reverse("incidents:create"), form_data(**point))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-testid="location-mismatch"' in html and "Sumedang" in html
    assert not Incident.objects.exists()
    response = client.post(reverse("incidents:create"), form_data(confirm_mismatch="on", **point))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.kabkota.code == "32.73" and incident.point_kabkota.code == "32.11"
    page = client.get(detail(incident)).content.decode()
    assert 'data-testid="location-warning"' in page


def test_pimpinan_gets_403_on_every_write(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    client = login_as("pimpinan")
    assert client.get(reverse("incidents:create")).status_code == 403
    assert client.post(reverse("incidents:create"), form_data()).status_code == 403
    assert client.get(action("edit", incident)).status_code == 403
    for name, data in [
        ("status", {"status": "verified", "version": incident.version}),
        ("delete", {"reason": "uji", "version": incident.version}),
        ("merge", {"duplikat": str(incident.public_id)}),
        ("source_add", {"sumber-kind": "media", "sumber-name": "X", "sumber-scale": "lokal"}),
        ("actor_add", {"aktor-name": "X", "aktor-actor_type": str(code("aktor", "warga").pk)}),
        (
            "handling_add",
            {"tindakan-stage": "pencegahan", "tindakan-acted_on": "2020-10-06", "tindakan-description": "x"},
        ),
    ]:
        assert client.post(action(name, incident), data).status_code == 403, name
    assert client.get(reverse("incidents:conflict_status_create")).status_code == 403
    assert client.get(detail(incident)).status_code == 200
    incident.refresh_from_db()
    assert incident.status == "draft" and incident.deleted_at is None and incident.sources.count() == 1


def test_another_regions_incident_answers_404_on_every_page(login_as, personas):
    other = registered(personas["operator.kabbandung"], "32.04")
    client = login_as("operator.kotabandung")
    assert client.get(detail(other)).status_code == 404
    assert client.get(action("edit", other)).status_code == 404
    for name in ("status", "delete", "merge", "source_add", "actor_add", "handling_add"):
        assert client.post(action(name, other), {"status": "verified", "reason": "x"}).status_code == 404, name
    other.refresh_from_db()
    assert other.status == "draft" and other.deleted_at is None


def test_merging_with_another_regions_incident_answers_404(login_as, personas):
    own = registered(personas["verifikator.jabar"], "32.73")
    far = registered(personas["analis.nasional"], "31.71")
    response = login_as("verifikator.jabar").post(action("merge", own), {"duplikat": str(far.public_id)})
    assert response.status_code == 404
    assert Incident.objects.filter(merged_into__isnull=False).count() == 0


# --- edit --------------------------------------------------------------------------------------


def test_an_edit_saves_and_a_stale_edit_changes_nothing(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    client = login_as("operator.kotabandung")
    page = client.get(action("edit", incident))
    assert page.status_code == 200 and f'value="{incident.version}"' in page.content.decode()
    stale_version = incident.version
    response = client.post(action("edit", incident), edit_data(incident, title="Bentrok warga (diperbarui)"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Bentrok warga (diperbarui)" and incident.version == stale_version + 1
    # A second tab still holds the old version.
    response = client.post(
        action("edit", incident), edit_data(incident, title="Judul dari tab lama", version=str(stale_version))
    )
    assert response.status_code == 409
    assert "sudah diubah oleh" in response.content.decode()
    incident.refresh_from_db()
    assert incident.title == "Bentrok warga (diperbarui)"


def test_an_incident_whose_category_was_deactivated_can_still_be_edited_but_not_new_ones(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    incident.category.is_active = False
    incident.category.save()
    client = login_as("operator.kotabandung")
    assert f'value="{incident.category_id}"' in client.get(action("edit", incident)).content.decode()
    data = edit_data(incident, category=str(incident.category_id), title="Bentrok warga (kategori lama)")
    assert client.post(action("edit", incident), data).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Bentrok warga (kategori lama)"
    # A new incident may not take the deactivated category.
    response = client.post(reverse("incidents:create"), form_data(category=str(incident.category_id)))
    assert response.status_code == 422
    assert "Kategori tidak dikenal" in response.content.decode()


def test_an_edit_changes_the_fields_and_leaves_the_sources(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    response = login_as("operator.kotabandung").post(action("edit", incident), edit_data(incident, killed="2"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.killed == 2 and incident.sources.count() == 1


# --- detail, duplicates, merge, status, delete ------------------------------------------------


def test_duplicate_candidates_are_shown_after_create_with_a_merge_button_for_verifiers(login_as, personas):
    operator = personas["operator.kotabandung"]
    first = registered(operator, title="Bentrok warga di pasar Kiaracondong")
    response = login_as("operator.kotabandung").post(reverse("incidents:create"), form_data())
    second = Incident.objects.exclude(pk=first.pk).get()
    page = login_as("operator.kotabandung").get(response["Location"]).content.decode()
    assert 'data-testid="duplicates"' in page and str(first.public_id) in page
    assert 'data-testid="merge-here"' not in page  # operators do not merge
    verifier_page = login_as("verifikator.jabar").get(detail(second)).content.decode()
    assert 'data-testid="merge-here"' in verifier_page


def test_merge_keeps_every_source_and_records_merged_into(login_as, personas, django_capture_on_commit_callbacks):
    operator = personas["operator.kotabandung"]
    keep = registered(operator, title="Bentrok warga di pasar")
    gone = registered(
        operator,
        title="Bentrok warga pasar",
        sources=[
            services.SourceInput(kind="fkdm", name="FKDM Kota Bandung"),
            services.SourceInput(kind="media", name="Tribun Jabar"),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("verifikator.jabar").post(action("merge", keep), {"duplikat": str(gone.public_id)})
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.merged_into_id == keep.pk and gone.merged_at is not None
    assert sorted(keep.sources.values_list("name", flat=True)) == [
        "FKDM Kota Bandung",
        "Pikiran Rakyat",
        "Tribun Jabar",
    ]
    assert IncidentSource.objects.count() == 3
    assert AuditEvent.objects.filter(action="incident.merged_into", object_id=str(gone.public_id)).exists()
    assert IncidentWeeklyRollup.objects.get().incidents == 1
    page = login_as("verifikator.jabar").get(detail(gone)).content.decode()
    assert 'data-testid="merged-into"' in page
    listed = login_as("verifikator.jabar").get(reverse("incidents:list")).content.decode()
    assert str(gone.public_id) not in listed and str(keep.public_id) in listed


def test_status_buttons_verify_then_close_and_refuse_a_stale_version(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    client = login_as("verifikator.jabar")
    page = client.get(detail(incident)).content.decode()
    assert 'data-testid="decision-actions"' in page
    assert (
        'data-testid="decision-actions"' not in login_as("operator.kotabandung").get(detail(incident)).content.decode()
    )
    client.post(action("status", incident), {"status": "verified", "version": incident.version})
    incident.refresh_from_db()
    assert incident.status == "verified"
    response = client.post(
        action("status", incident), {"status": "closed", "version": incident.version - 1}, follow=True
    )
    assert "sudah diubah oleh" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "verified"
    client.post(action("status", incident), {"status": "closed", "version": incident.version})
    incident.refresh_from_db()
    assert incident.status == "closed"


def test_an_operator_may_not_verify(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    response = login_as("operator.kotabandung").post(action("status", incident), {"status": "verified", "version": 1})
    assert response.status_code == 403


def test_delete_needs_a_reason_and_is_soft(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    client = login_as("verifikator.jabar")
    response = client.post(action("delete", incident), {"reason": " ", "version": incident.version}, follow=True)
    assert "Alasan penghapusan wajib diisi" in response.content.decode()
    assert Incident.objects.get().deleted_at is None
    response = client.post(action("delete", incident), {"reason": "Data ganda", "version": incident.version})
    assert response.status_code == 302 and response["Location"] == reverse("incidents:list")
    row = Incident.objects.get()
    assert row.deleted_at is not None and row.deleted_reason == "Data ganda"
    assert client.get(detail(incident)).status_code == 404


def test_sources_actors_and_handling_actions_are_added_from_the_detail_page(login_as, personas):
    incident = registered(personas["operator.kotabandung"])
    client = login_as("operator.kotabandung")
    client.post(
        action("source_add", incident),
        {"sumber-kind": "resmi", "sumber-name": "Polrestabes Bandung", "sumber-scale": "lokal"},
    )
    client.post(action("actor_add", incident), {"aktor-name": "Ormas X", "aktor-actor_type": code("aktor", "ormas").pk})
    client.post(
        action("handling_add", incident),
        {"tindakan-stage": "pencegahan", "tindakan-acted_on": "2020-10-06", "tindakan-description": "Mediasi tokoh"},
    )
    assert sorted(incident.sources.values_list("name", flat=True)) == ["Pikiran Rakyat", "Polrestabes Bandung"]
    assert list(incident.actors.values_list("name", flat=True)) == ["Ormas X"]
    assert HandlingAction.objects.get(incident=incident).description == "Mediasi tokoh"
    incident.refresh_from_db()
    assert incident.handling_stage == "pencegahan"
    bad = client.post(
        action("handling_add", incident),
        {"tindakan-stage": "pencegahan", "tindakan-acted_on": "2999-01-01", "tindakan-description": "x"},
        follow=True,
    )
    assert "masa depan" in bad.content.decode()
    assert HandlingAction.objects.count() == 1


def test_the_recap_points_link_to_the_detail_page(login_as, personas):
    incident = registered(personas["operator.kotabandung"], latitude=Decimal("-6.9147"), longitude=Decimal("107.6098"))
    response = login_as("operator.kotabandung").get(
        reverse("incidents:recap_points"), {"periode": "month", "tanggal": "2020-10-15"}
    )
    features = response.json()["features"]
    assert [f["url"] for f in features] == [detail(incident)]


# --- Status Keadaan Konflik -------------------------------------------------------------------


def test_a_conflict_status_is_declared_listed_and_linked(login_as, personas):
    client = login_as("operator.kotabandung")
    kota = Region.objects.get(code="32.73")
    response = client.post(
        reverse("incidents:conflict_status_create"),
        {"scale": "kabkota", "region": kota.pk, "starts_on": "2020-10-01", "ends_on": "2020-12-29"},
    )
    assert response.status_code == 302
    status = ConflictStatus.objects.get()
    assert status.days == 90
    listed = client.get(reverse("incidents:conflict_status_list")).content.decode()
    assert str(status.public_id) in listed
    other = login_as("operator.kabbandung").get(reverse("incidents:conflict_status_list")).content.decode()
    assert str(status.public_id) not in other
    incident = registered(personas["operator.kotabandung"], conflict_status=status)
    page = client.get(reverse("incidents:conflict_status_detail", kwargs={"public_id": status.public_id}))
    assert str(incident.public_id) in page.content.decode()
    assert (
        reverse("incidents:conflict_status_detail", kwargs={"public_id": status.public_id})
        in client.get(detail(incident)).content.decode()
    )


def test_a_conflict_status_longer_than_90_days_is_refused(login_as, personas):
    kota = Region.objects.get(code="32.73")
    response = login_as("operator.kotabandung").post(
        reverse("incidents:conflict_status_create"),
        {"scale": "kabkota", "region": kota.pk, "starts_on": "2020-10-01", "ends_on": "2020-12-30"},
    )
    assert response.status_code == 422
    assert "paling lama 90 hari" in response.content.decode()
    assert not ConflictStatus.objects.exists()


def test_a_national_conflict_status_is_refused_to_a_regional_officer(login_as, personas):
    response = login_as("operator.kotabandung").post(
        reverse("incidents:conflict_status_create"),
        {"scale": "nasional", "region": "", "starts_on": "2020-10-01", "ends_on": "2020-10-30"},
    )
    assert response.status_code == 403
    assert not ConflictStatus.objects.exists()


# --- draft links (text triage) -----------------------------------------------------------------


def test_a_draft_link_from_the_triage_page_prefills_the_create_form(login_as, personas):
    kecamatan = Region.objects.filter(code__startswith="32.73.", level=Region.Level.KECAMATAN).first()
    assert kecamatan is not None
    query = {
        "judul": "Bentrok warga di Cibeunying",
        "kategori": "bentrok-antarwarga",
        "wilayah": kecamatan.code,
        "uraian": "Dua kelompok warga bentrok pada malam hari.",
        "tanggal": "2020-10-05",
    }
    response = login_as("operator.kotabandung").get(reverse("incidents:create"), query)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == "Bentrok warga di Cibeunying"
    assert initial["category"] == category().pk
    assert initial["kabkota"].code == "32.73"
    assert initial["region_detail"] == kecamatan.code
    assert initial["narrative"] == "Dua kelompok warga bentrok pada malam hari."
    assert initial["occurred_on"] == date(2020, 10, 5)


def test_a_draft_link_leaves_out_values_that_do_not_fit(login_as, personas):
    query = {"kategori": "tidak-ada", "wilayah": "32.04", "tanggal": "2020-13-45"}
    response = login_as("operator.kotabandung").get(reverse("incidents:create"), query)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert "category" not in initial
    assert "occurred_on" not in initial
    assert initial["kabkota"].code == "32.73"  # the operator's only kabupaten/kota, not 32.04
    assert "region_detail" not in initial


def test_the_list_offers_the_import_only_to_those_who_may_import(login_as, personas):
    url = reverse("incidents:list")
    assert reverse("incidents:import") in login_as("analis.nasional").get(url).content.decode()
    assert reverse("incidents:import") not in login_as("operator.kotabandung").get(url).content.decode()
