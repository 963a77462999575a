"""The recap page and its data endpoints: the figures shown are those of ``recap()``, drill-down
and breadcrumbs follow the scope, another region's ``wilayah`` answers 404, bad parameters get an
Indonesian message (400) and the JSON endpoints are scoped."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from waspada.accounts.navigation import navigation_for
from waspada.incidents import periods, recap
from waspada.incidents.recap import RecapFilters
from waspada.incidents.tests.test_recap import OCTOBER, crafted  # noqa: F401 — the crafted data set
from waspada.incidents.views.recap import change

pytestmark = pytest.mark.django_db

OCTOBER_QUERY = {"periode": "month", "tanggal": "2020-10-15"}
PAGE = "incidents:recap"


def totals_on_page(html: str) -> dict[str, int]:
    return {k: int(v.replace(".", "")) for k, v in re.findall(r'data-total="(\w+)">([\d.]+)<', html)}


def test_the_national_page_shows_the_numbers_of_recap(login_as, personas, crafted, django_assert_max_num_queries):  # noqa: F811
    client = login_as("analis.nasional")
    with django_assert_max_num_queries(30):
        response = client.get(reverse(PAGE), OCTOBER_QUERY)
    assert response.status_code == 200
    expected = recap.recap(personas["analis.nasional"], RecapFilters(OCTOBER))
    shown = response.context["recap"]
    assert shown.totals == expected.totals
    assert shown.previous_totals == expected.previous_totals
    assert shown.year_earlier_totals == expected.year_earlier_totals
    html = response.content.decode()
    assert totals_on_page(html) == expected.totals
    assert "Oktober 2020" in html and "September 2020" in html and "Oktober 2019" in html
    # The Jawa Barat row links to its drill-down and carries its count.
    row = re.search(r'<tr data-code="32">(.*?)</tr>', html, re.S).group(1)
    assert "wilayah=32" in row
    assert re.search(r'data-impact="incidents">5<', row)
    assert [r.region.code for r in shown.top_regions] == ["32.73", "32.04", "31.71"]
    assert 'data-testid="trend-table"' in html and reverse("incidents:recap_trend") in html


def test_a_province_drills_down_to_its_regencies_with_breadcrumbs(login_as, crafted):  # noqa: F811
    client = login_as("verifikator.jabar")
    response = client.get(reverse(PAGE), {**OCTOBER_QUERY, "wilayah": "32"})
    assert response.status_code == 200
    html = response.content.decode()
    assert totals_on_page(html)["incidents"] == 5
    row = re.search(r'<tr data-code="32.73">(.*?)</tr>', html, re.S).group(1)
    assert "wilayah=32.73" in row
    crumbs = re.search(r'data-testid="crumbs">(.*?)</ol>', html, re.S).group(1)
    assert "Jawa Barat" in crumbs and "Nasional" not in crumbs
    # Without wilayah the verifikator's recap opens on its province.
    assert client.get(reverse(PAGE), OCTOBER_QUERY).context["filters"].region.code == "32"


def test_a_regency_opens_on_its_own_recap(login_as, crafted):  # noqa: F811
    client = login_as("operator.kotabandung")
    response = client.get(reverse(PAGE), OCTOBER_QUERY)
    assert response.status_code == 200
    assert response.context["filters"].region.code == "32.73"
    assert totals_on_page(response.content.decode())["incidents"] == 3
    crumbs = re.search(r'data-testid="crumbs">(.*?)</ol>', response.content.decode(), re.S).group(1)
    assert "href" not in crumbs  # neither the nation nor the province is the operator's to open


def test_a_category_filter_and_a_custom_range_change_the_figures(login_as, crafted):  # noqa: F811
    client = login_as("analis.nasional")
    response = client.get(reverse(PAGE), {**OCTOBER_QUERY, "kategori": "sengketa-lahan"})
    assert totals_on_page(response.content.decode())["incidents"] == 2
    response = client.get(reverse(PAGE), {"periode": "custom", "dari": "2020-10-26", "sampai": "2020-11-01"})
    assert response.status_code == 200
    assert totals_on_page(response.content.decode())["incidents"] == 2
    assert "26 Okt 2020 – 1 Nov 2020" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "params"),
    [
        ("operator.kotabandung", {"wilayah": "32.04"}),
        ("operator.kotabandung", {"wilayah": "32"}),
        ("verifikator.jabar", {"wilayah": "31"}),
        ("verifikator.jabar", {"wilayah": "31.71"}),
    ],
)
@pytest.mark.parametrize(
    "name", ["incidents:recap", "incidents:recap_map", "incidents:recap_points", "incidents:recap_trend"]
)
def test_another_regions_recap_answers_404(login_as, crafted, username, params, name):  # noqa: F811
    response = login_as(username).get(reverse(name), {**OCTOBER_QUERY, **params})
    assert response.status_code == 404


def test_roles_that_do_not_read_incidents_get_403_and_no_menu_item(login_as, personas):
    assert login_as("fkdm.kotabandung").get(reverse(PAGE)).status_code == 403
    assert "incident_recap" not in [i.key for i in navigation_for(personas["fkdm.kotabandung"])]
    assert "incident_recap" in [i.key for i in navigation_for(personas["operator.kotabandung"])]
    assert "incident_recap" in [i.key for i in navigation_for(personas["pimpinan"])]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"periode": "fortnight"}, "Jenis periode &#x27;fortnight&#x27; tidak dikenal"),
        ({"periode": "month", "tanggal": "2020-13-01"}, "tidak sah"),
        ({"periode": "custom", "dari": "2020-10-05"}, "isi tanggal awal dan tanggal akhir"),
        ({"periode": "custom", "dari": "2020-10-05", "sampai": "2020-10-01"}, "sebelum tanggal awal"),
        ({"periode": "year", "tanggal": "2999-01-01"}, "belum dimulai"),
        ({"wilayah": "jabar"}, "Kode wilayah &#x27;jabar&#x27; tidak sah"),
        ({"wilayah": "32.73.01"}, "tidak sah"),
        ({"wilayah": "99"}, "Wilayah dengan kode 99 tidak dikenal"),
        ({"kategori": "tidak-ada"}, "Kategori &#x27;tidak-ada&#x27; tidak dikenal"),
    ],
)
def test_bad_parameters_get_an_indonesian_message(login_as, params, message):
    client = login_as("analis.nasional")
    response = client.get(reverse(PAGE), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "recap" not in response.context or response.context.get("recap") is None
    for name in ("incidents:recap_map", "incidents:recap_points"):
        answer = client.get(reverse(name), params)
        assert answer.status_code == 400
        assert answer.json()["errors"]
    assert client.get(reverse("incidents:recap_trend"), params).status_code == 400


def test_the_choropleth_endpoint_returns_the_scoped_counts(login_as, personas, crafted):  # noqa: F811
    body = login_as("analis.nasional").get(reverse("incidents:recap_map"), OCTOBER_QUERY).json()
    assert body["counts"] == recap.kabkota_counts(personas["analis.nasional"], RecapFilters(OCTOBER))
    assert body["counts"] == {"31.71": 1, "32.04": 2, "32.73": 3}
    assert body["max"] == 3
    assert body["periode"] == "Oktober 2020"
    mine = login_as("operator.kotabandung").get(reverse("incidents:recap_map"), OCTOBER_QUERY).json()
    assert mine["counts"] == {"32.73": 3}
    assert mine["wilayah"] == "32.73"


def test_the_points_endpoint_returns_incidents_with_coordinates_in_scope(login_as, crafted):  # noqa: F811
    body = login_as("analis.nasional").get(reverse("incidents:recap_points"), OCTOBER_QUERY).json()
    assert body["total"] == 2
    assert body["clustered"] is False
    assert body["max_points"] == 3000
    assert sorted((f["lat"], f["lon"]) for f in body["features"]) == [(-7.0253, 107.5197), (-6.9147, 107.6098)]
    mine = login_as("verifikator.jabar").get(reverse("incidents:recap_points"), {**OCTOBER_QUERY, "wilayah": "32.04"})
    assert [f["date"] for f in mine.json()["features"]] == ["2020-10-27"]


def test_the_trend_chart_is_an_svg_with_its_own_policy(login_as, crafted):  # noqa: F811
    response = login_as("analis.nasional").get(reverse("incidents:recap_trend"), OCTOBER_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert "Peristiwa per minggu, Nasional, Oktober 2020" in response.content.decode()
    assert "script-src 'none'" in response["Content-Security-Policy"]


def test_the_page_without_parameters_shows_this_month(login_as):
    response = login_as("analis.nasional").get(reverse(PAGE))
    assert response.status_code == 200
    assert response.context["filters"].period.kind == "month"
    assert "<script>" not in response.content.decode()
    assert 'style="' not in response.content.decode()


def test_a_year_shows_a_monthly_trend(login_as, crafted):  # noqa: F811
    response = login_as("analis.nasional").get(reverse(PAGE), {"periode": "year", "tanggal": "2020-06-01"})
    assert response.context["recap"].monthly
    assert response.context["filters"].period == periods.period_of("year", date(2020, 1, 1))
    assert "Oktober 2020" in dict(response.context["trend_rows"])


def test_percent_changes_are_written_the_indonesian_way():
    assert change(6, 2) == (4, "+200,0 %")
    assert change(1, 3) == (-2, "-66,7 %")
    assert change(3, 3) == (0, "0,0 %")
    assert change(2, 0) == (2, "—")
