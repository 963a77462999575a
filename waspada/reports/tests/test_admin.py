import pytest
from django.urls import reverse

from waspada.reports.models import ReportTemplate
from waspada.reports.tests.factories import submitted_report

pytestmark = pytest.mark.django_db


def test_the_national_admin_edits_the_programme_and_others_cannot(login_as):
    assert login_as("admin").get(reverse("admin:reports_reportingprogramme_changelist")).status_code == 200
    assert login_as("analis.nasional").get(reverse("admin:reports_reportingprogramme_changelist")).status_code in (
        302,
        403,
    )


def test_a_malformed_template_definition_is_refused_with_a_message(login_as):
    client = login_as("admin")
    response = client.post(
        reverse("admin:reports_reporttemplate_add"),
        {"code": "uji", "version": 1, "name": "Uji", "definition": '{"sections": []}', "notes": ""},
    )
    assert response.status_code == 200
    assert "Definisi templat tidak sah" in response.content.decode()
    assert not ReportTemplate.objects.filter(code="uji").exists()


def test_a_template_in_use_is_frozen(login_as, personas):
    submitted_report(personas["operator.kotabandung"], "32.73", "2020-W40")
    template = ReportTemplate.objects.get(code="lapsit-mingguan", version=1)
    page = login_as("admin").get(reverse("admin:reports_reporttemplate_change", args=[template.pk])).content.decode()
    assert 'name="definition"' not in page


def test_the_shipped_template_has_the_ten_sections_of_the_directive():
    template = ReportTemplate.objects.get(code="lapsit-mingguan", version=1)
    assert [s.title for s in template.parsed.sections] == [
        "Ideologi",
        "Politik",
        "Ekonomi",
        "Sosial Budaya",
        "Pertahanan dan Keamanan",
        "Pilkada dan Protokol Kesehatan",
        "Covid-19",
        "Konflik Sosial",
        "Orang Asing dan TKA",
        "Rekomendasi / Tindak Lanjut",
    ]
