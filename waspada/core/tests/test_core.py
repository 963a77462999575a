"""Audit events, request ids, JSON errors under /api/, time zones and the task shim."""

from datetime import UTC, datetime

import pytest

from waspada.core.pofile import parse_po, write_mo
from waspada.core.timezones import format_local, local_today, zone_for_province


def test_local_time_shows_the_zone_name():
    moment = datetime(2020, 12, 9, 0, 30, tzinfo=UTC)
    assert format_local(moment, "WIB") == "09-12-2020 07:30 WIB"
    assert format_local(moment, "WITA") == "09-12-2020 08:30 WITA"
    assert format_local(moment, "WIT") == "09-12-2020 09:30 WIT"


def test_local_today_is_the_date_in_the_zone_not_in_utc():
    evening_utc = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)  # 01:30 WIB on 2 March
    assert local_today("WIB", evening_utc).isoformat() == "2026-03-02"
    assert local_today(now=evening_utc).isoformat() == "2026-03-02"
    noon_utc = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # 19:00 WIB, 20:00 WITA, 21:00 WIT
    assert {local_today(zone, noon_utc).isoformat() for zone in ("WIB", "WITA", "WIT")} == {"2026-03-01"}
    assert local_today("WIT", datetime(2026, 3, 1, 15, 0, tzinfo=UTC)).isoformat() == "2026-03-02"
    assert local_today("WITA", datetime(2026, 3, 1, 15, 0, tzinfo=UTC)).isoformat() == "2026-03-01"


@pytest.mark.parametrize(
    ("code", "zone"), [("11", "WIB"), ("62", "WIB"), ("63", "WITA"), ("53", "WITA"), ("82", "WIT")]
)
def test_zones_follow_domain_rules(code, zone):
    assert zone_for_province(code) == zone


def test_po_files_compile_without_gettext(tmp_path):
    import gettext

    po = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Beranda"\nmsgstr "Home"\n\n'
        '#, fuzzy\nmsgid "Kabur"\nmsgstr "Fuzzy"\n\n'
        'msgctxt "menu"\nmsgid "Keluar"\nmsgstr "Log out"\n\n'
        'msgid "satu"\nmsgid_plural "banyak"\nmsgstr[0] "one"\nmsgstr[1] "many"\n'
    )
    catalogue = parse_po(po)
    assert "Kabur" not in catalogue
    mo = tmp_path / "django.mo"
    write_mo(catalogue, mo)
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Beranda") == "Home"
    assert translations.pgettext("menu", "Keluar") == "Log out"
    assert translations.ngettext("satu", "banyak", 2) == "many"


@pytest.mark.django_db
def test_every_response_carries_a_request_id_that_audit_events_keep(login_as, personas):
    from waspada.core.models import AuditEvent

    client = login_as("operator.kotabandung")
    response = client.post("/profil/token/", HTTP_X_REQUEST_ID="uji-permintaan-12345")
    assert response["X-Request-ID"] == "uji-permintaan-12345"
    event = AuditEvent.objects.filter(action="api_token.rotated").latest("occurred_at")
    assert event.request_id == "uji-permintaan-12345"
    assert event.actor == personas["operator.kotabandung"]
    junk = client.get("/", HTTP_X_REQUEST_ID="<script>")
    assert junk["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_unknown_api_urls_answer_json_not_html(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_unknown_pages_answer_the_indonesian_404_page(login_as):
    response = login_as("operator.kotabandung").get("/tidak-ada/")
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_boundary_layer_build_goes_through_the_database_task_queue(settings, tmp_path):
    """The real path: enqueue into django-tasks-db, then a db_worker run executes it."""
    import json

    from django.core.management import call_command

    from waspada.regions.models import BoundaryLayer
    from waspada.regions.services import regions_load

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # django-tasks resets on change
    regions_load()  # a transactional test may start on a flushed database
    BoundaryLayer.objects.all().delete()
    square = [[[107.5, -7.0], [107.7, -7.0], [107.7, -6.8], [107.5, -6.8], [107.5, -7.0]]]
    path = tmp_path / "satu.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kode": "32.73"},
                        "geometry": {"type": "Polygon", "coordinates": square},
                    }
                ],
            }
        )
    )
    from django_tasks_db.models import DBTaskResult

    from waspada.regions.services import boundaries_import

    boundaries_import(path=path, level="kabkota")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not BoundaryLayer.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert BoundaryLayer.objects.get(level="kabkota").feature_count == 1
