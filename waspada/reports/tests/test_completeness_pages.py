"""The completeness page (board, 52-week heat table, trend), its chart and its map data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from waspada.regions.models import Region
from waspada.reports import calendar, services
from waspada.reports.tests.factories import open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"
PAGE = reverse("reports:completeness")


def deadline(code: str, key: str = WEEK):
    region = Region.objects.get(code=code)
    return services.programme_default().deadline_for(calendar.Week.parse(key), region.timezone)


@pytest.fixture
def week(personas):
    """Week 40 of 2020 in Jawa Barat: Kota Bandung on time, Kabupaten Bandung nil and late;
    the province's 25 other kabupaten/kota have not reported."""
    open_week(WEEK)
    submitted_report(personas["operator.kotabandung"], "32.73", WEEK)
    late = deadline("32.04") + timedelta(hours=2)
    submitted_report(personas["operator.kabbandung"], "32.04", WEEK, nil=True, at=late)
    return WEEK


def totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-total="(\w+)">([^<]*)<', html))


def rows(html: str, testid: str) -> list[str]:
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-code="([\d.]+)"', table)


def test_a_verifikator_sees_the_weeks_board_of_its_kabupaten_kota(login_as, week):
    response = login_as("verifikator.jabar").get(PAGE, {"periode": week})
    assert response.status_code == 200
    html = response.content.decode()
    assert totals(html) == {
        "expected": "27",
        "received": "2",
        "on_time": "1",
        "late": "1",
        "missing": "25",
        "nil": "1",
        "completeness": "7,4 %",
        "timeliness": "3,7 %",
    }
    board = rows(html, "board-table")
    assert len(board) == 27 and board[0] == "32.01" and "32.73" in board
    assert "32" not in board  # the province's own report is counted at the provinsi level


def test_the_missing_list_gives_each_regions_contacts(login_as, personas, week):
    personas["operator.kabbandung"].email = "op.kabbandung@example.go.id"
    personas["operator.kabbandung"].phone = "022-5891234"
    personas["operator.kabbandung"].save()
    html = login_as("analis.nasional").get(PAGE, {"periode": "2020-W41", "provinsi": "32"}).content.decode()
    missing = html.split('data-testid="missing-table"', 1)[1].split("</table>", 1)[0]
    assert "Kabupaten Bandung" in missing
    assert "op.kabbandung@example.go.id" in missing and "022-5891234" in missing
    assert "Tidak melapor" in missing or "Belum melapor" in missing
    assert "WIB" in missing  # the deadline in the region's zone


def test_a_national_user_sees_provinces_as_rows_and_can_pick_one(login_as, week):
    client = login_as("analis.nasional")
    html = client.get(PAGE, {"periode": week}).content.decode()
    board = rows(html, "board-table")
    # Every kabupaten/kota existed in 2020; the 26 renumbered in the 2022 Papua split are stored
    # (and grouped) under their current codes and provinces.
    assert len(board) == 38
    assert totals(html)["expected"] == "514"
    assert totals(html)["received"] == "2"
    picked = client.get(PAGE, {"periode": week, "provinsi": "32"}).content.decode()
    assert len(rows(picked, "board-table")) == 27


def test_the_provinsi_level_counts_the_provinces_own_reports(login_as, personas, week):
    submitted_report(personas["verifikator.jabar"], "32", week)
    html = login_as("analis.nasional").get(PAGE, {"periode": week, "tingkat": "provinsi"}).content.decode()
    assert totals(html)["expected"] == "34" and totals(html)["received"] == "1"
    assert rows(html, "board-table")[:3] == ["11", "12", "13"]


def test_an_operator_sees_only_its_own_regions_figures(login_as, week):
    html = login_as("operator.kotabandung").get(PAGE, {"periode": week}).content.decode()
    assert totals(html)["expected"] == "1" and totals(html)["received"] == "1"
    assert rows(html, "board-table") == ["32.73"]
    assert rows(html, "heat-table") == ["32.73"]
    assert "Kabupaten Bandung" not in html


def test_an_operator_cannot_open_another_provinces_figures(login_as, week):
    response = login_as("operator.kotabandung").get(PAGE, {"periode": week, "provinsi": "31"})
    assert response.status_code == 404


def test_pimpinan_reads_the_page(login_as, week):
    assert login_as("pimpinan").get(PAGE, {"periode": week}).status_code == 200


def test_a_forum_member_may_not_read_completeness(login_as):
    assert login_as("fkdm.kotabandung").get(PAGE).status_code == 403


@pytest.mark.parametrize(
    "params, message",
    [
        ({"periode": "2020-W99"}, "tidak sah"),
        ({"periode": "kemarin"}, "tidak sah"),
        ({"periode": "2999-W01"}, "belum dimulai"),
        ({"tingkat": "desa"}, "tidak dikenal"),
        ({"provinsi": "3x"}, "tidak sah"),
    ],
)
def test_a_bad_filter_is_answered_in_indonesian(login_as, params, message):
    response = login_as("analis.nasional").get(PAGE, params)
    assert response.status_code == 400
    errors = response.content.decode().split('data-testid="filter-errors"', 1)[1].split("</div>\n", 1)[0]
    assert message in errors


def test_the_default_week_is_the_latest_closed_one(login_as):
    from waspada.reports.selectors import default_week

    html = login_as("verifikator.jabar").get(PAGE).content.decode()
    assert f'value="{default_week().key}"' in html


def test_the_heat_table_of_a_province_reads_without_colour(login_as, week):
    html = login_as("verifikator.jabar").get(PAGE, {"periode": week}).content.decode()
    heat = html.split('data-testid="heat-table"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr data-code=", heat)) == 27
    assert len(re.findall(r'data-week="', heat.split('data-code="32.73"', 1)[1].split("</tr>", 1)[0])) == 52
    # each cell: a class for colour, a mark, and the words (title and screen-reader text)
    assert 'class="cell-on_time" title="Kota Bandung, 2020-W40: Tepat waktu"' in heat
    assert 'class="cell-late" title="Kabupaten Bandung, 2020-W40: Terlambat"' in heat
    assert "Kabupaten Bogor, 2020-W40: Belum melapor" in heat


def test_the_national_heat_table_shows_each_provinces_completeness(login_as, week):
    html = login_as("analis.nasional").get(PAGE, {"periode": week}).content.decode()
    heat = html.split('data-testid="heat-table"', 1)[1].split("</table>", 1)[0]
    jabar = heat.split('data-code="32"', 1)[1].split("</tr>", 1)[0]
    cell = re.search(r'<td class="(heat-\w+)" title="([^"]*)" data-week="2020-W40"><span[^>]*>(\d+)<', jabar)
    assert cell is not None
    assert cell.group(1) == "heat-0" and cell.group(3) == "7"
    assert "7,4 %" in cell.group(2) and "2 dari 27" in cell.group(2)


def test_the_trend_table_gives_the_numbers_of_the_chart(login_as, week):
    html = login_as("verifikator.jabar").get(PAGE, {"periode": week}).content.decode()
    trend = html.split('data-testid="trend-table"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr data-week=", trend)) == 52
    row = trend.split('data-week="2020-W40"', 1)[1].split("</tr>", 1)[0]
    assert "2/27" in row and "7,4 %" in row and "3,7 %" in row
    assert 'src="/laporan/kelengkapan/tren.svg?periode=2020-W40&amp;tingkat=kabkota"' in html


def test_the_trend_chart_is_an_svg_with_its_own_relaxed_style_policy(login_as, week):
    client = login_as("verifikator.jabar")
    chart = client.get(reverse("reports:completeness_trend"), {"periode": week})
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert chart.content.startswith(b"<?xml") and b"<svg" in chart.content
    policy = chart["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'none'" in policy
    page = client.get(PAGE, {"periode": week})
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_the_trend_chart_refuses_a_bad_period(login_as):
    response = login_as("verifikator.jabar").get(reverse("reports:completeness_trend"), {"periode": "2020-W99"})
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()


def test_the_map_data_gives_each_regions_status_in_scope(login_as, week):
    url = reverse("reports:completeness_map")
    mine = login_as("operator.kotabandung").get(url, {"periode": week}).json()
    assert mine["periode"] == week and mine["status"] == {"32.73": "on_time"}
    province = login_as("verifikator.jabar").get(url, {"periode": week}).json()["status"]
    assert len(province) == 27 and province["32.04"] == "late" and province["32.01"] == "missing"
    assert login_as("verifikator.jabar").get(url, {"periode": "2020-W99"}).status_code == 400


def test_the_page_draws_the_map_from_the_basemap_when_boundaries_exist(login_as, kabkota_boundaries, week):
    html = login_as("verifikator.jabar").get(PAGE, {"periode": week}).content.decode()
    assert 'id="peta-kelengkapan"' in html and "completeness-map.js" in html
    assert 'data-layer-url="/wilayah/peta/kabkota.topojson"' in html


def test_the_board_and_heat_table_take_a_constant_number_of_queries(
    login_as, personas, week, django_assert_max_num_queries
):
    client = login_as("analis.nasional")
    client.get(PAGE, {"periode": week})  # warm the session and the user's scope
    for code, user in (("32.04", "operator.kabbandung"), ("32.73", "operator.kotabandung")):
        submitted_report(personas[user], code, "2020-W39")
    with django_assert_max_num_queries(20):
        assert client.get(PAGE, {"periode": week}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(PAGE, {"periode": week, "provinsi": "32"}).status_code == 200


def test_the_national_heat_tables_counts_are_exactly_those_of_tally_by(personas):
    """The national heat table counts per province and week without building every
    expectation; its figures must be tally_by's, across a region formed mid-range, late, nil
    and returned-then-resubmitted reports."""
    from waspada.accounts.services import role_assign, user_create
    from waspada.reports import recap, selectors
    from waspada.reports.completeness import tally_by

    keys = ("2022-W48", "2022-W49", "2022-W50")
    weeks = [calendar.Week.parse(k) for k in keys]
    for key in keys:
        open_week(key)
    barat_daya = user_create(actor=None, username="ver.96", password=None, full_name="Verifikator 96")
    role_assign(actor=None, user=barat_daya, role="verifikator", region=Region.objects.get(code="96"))
    submitted_report(barat_daya, "96", "2022-W50", nil=True, at=deadline("96", "2022-W50") + timedelta(hours=1))
    submitted_report(personas["verifikator.jabar"], "32", "2022-W48")
    submitted_report(personas["verifikator.jabar"], "32", "2022-W49", at=deadline("32", "2022-W49") + timedelta(days=1))
    first = submitted_report(personas["operator.kotabandung"], "32.73", "2022-W49")
    returned = services.report_return(
        user=personas["verifikator.jabar"], report=first, version=first.version, reason="Lengkapi data."
    )
    services.report_submit(
        user=personas["operator.kotabandung"],
        report=returned,
        version=returned.version,
        now=deadline("32.73", "2022-W49") + timedelta(days=2),
    )
    submitted_report(personas["operator.kabbandung"], "32.04", "2022-W50", nil=True)
    programme = services.programme_default()
    for username in ("analis.nasional", "verifikator.jabar"):
        user = personas[username]
        for level in ("kabkota", "provinsi"):
            regions = selectors.reporting_regions(user, programme, level=level)
            expected = tally_by(
                selectors.expectations_for(programme, regions, weeks),
                selectors.receipts_for(programme, regions, weeks),
                lambda e: (e.province_code, e.period_key),
            )
            counted = recap._province_week_tallies(user, weeks, level=level, province_code=None)
            figures = {
                key: (t.expected, t.received, t.on_time, t.late, t.missing, t.nil) for key, t in expected.items()
            }
            assert {
                key: (t.expected, t.received, t.on_time, t.late, t.missing, t.nil) for key, t in counted.items()
            } == figures, (username, level)
    national = recap._province_week_tallies(personas["analis.nasional"], weeks, level="provinsi", province_code=None)
    assert ("96", "2022-W49") not in national  # Papua Barat Daya: formed 08-12-2022, from week 50
    assert (national[("96", "2022-W50")].nil, national[("96", "2022-W50")].late) == (1, 1)
    assert (national[("32", "2022-W49")].late, national[("32", "2022-W48")].on_time) == (1, 1)
