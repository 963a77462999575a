"""The national weekly recap: the level matrix, the highlights and the search, in scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waspada.accounts.services import role_assign, user_create
from waspada.regions.models import Region
from waspada.reports import calendar, recap, services
from waspada.reports.tests.factories import full_content, open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"
PAGE = reverse("reports:recap")


def content_with(levels: dict[str, str], narratives: dict[str, str], default_level: str = "kondusif") -> dict:
    content = full_content(default_level)
    for code, level in levels.items():
        content["sections"][code]["level"] = level
    for code, text in narratives.items():
        content["sections"][code]["narrative"] = text
    return content


def report_with(user, code: str, content: dict):
    region = Region.objects.get(code=code)
    period = open_week(WEEK)
    moment = calendar.opens_at(calendar.Week.parse(WEEK), "WIB")
    from datetime import timedelta

    moment += timedelta(days=2)
    report = services.report_save_draft(
        user=user, region=region, period=period, content=content, version=None, now=moment
    )
    return services.report_submit(user=user, report=report, version=report.version, now=moment)


@pytest.fixture
def week_data(personas):
    """Kota Bandung: politik Siaga (unjuk rasa), covid19 Awas. Kabupaten Bandung: nil.
    Bali (51): Kota Denpasar, ekonomi Waspada. Aceh: nothing."""
    open_week(WEEK)
    report_with(
        personas["operator.kotabandung"],
        "32.73",
        content_with(
            {"politik": "siaga", "covid19": "awas", "ekonomi": "waspada"},
            {
                "politik": "Unjuk rasa buruh di depan Gedung Sate menolak omnibus law, ribuan peserta.",
                "covid19": "Lonjakan kasus baru di klaster perkantoran.",
            },
        ),
    )
    submitted_report(personas["operator.kabbandung"], "32.04", WEEK, nil=True)
    denpasar = user_create(actor=None, username="op.denpasar", password=None, full_name="Made Denpasar")
    role_assign(actor=None, user=denpasar, role="operator", region=Region.objects.get(code="51.71"))
    report_with(
        denpasar,
        "51.71",
        content_with({"ekonomi": "waspada"}, {"ekonomi": "Harga cabai naik; unjuk rasa pedagang pasar kecil."}),
    )


def matrix_row(html: str, code: str) -> str:
    table = html.split('data-testid="recap-matrix"')[1].split("</table>")[0]
    return table.split(f'<tr data-code="{code}">')[1].split("</tr>")[0]


def test_the_national_matrix_shows_the_highest_level_per_section_by_province(login_as, week_data):
    response = login_as("analis.nasional").get(PAGE, {"periode": WEEK})
    assert response.status_code == 200
    html = response.content.decode()
    jabar = matrix_row(html, "32")
    assert "Jawa Barat" in jabar
    assert "2/28" in jabar  # the province's own report and 27 kabupaten/kota expected
    assert "level-siaga" in jabar and ">Siaga<" in jabar and ">Awas<" in jabar and ">Waspada<" in jabar
    assert ">Kondusif<" in jabar
    bali = matrix_row(html, "51")
    assert ">Waspada<" in bali and ">Siaga<" not in bali
    aceh = matrix_row(html, "11")
    assert "0/" in aceh and ">—<" in aceh and "level-cell level-" not in aceh


def test_a_province_matrix_has_one_row_per_region_with_nil_and_missing_marked(login_as, week_data):
    html = login_as("verifikator.jabar").get(PAGE, {"periode": WEEK}).content.decode()
    assert ">Siaga<" in matrix_row(html, "32.73")
    nil = matrix_row(html, "32.04")
    assert ">Nihil<" in nil and "level-cell level-" not in nil
    assert ">—<" in matrix_row(html, "32.01")
    assert ">—<" in matrix_row(html, "32")  # the province's own report is not in yet
    assert 'data-code="51' not in html


def test_the_highlights_are_every_section_at_siaga_or_awas_with_its_narrative(login_as, week_data):
    html = login_as("analis.nasional").get(PAGE, {"periode": WEEK}).content.decode()
    block = html.split('data-testid="highlights"')[1].split("</section>")[0]
    assert block.count("<article") == 2
    articles = block.split("<article")[1:]
    assert "level-awas" in articles[0] and "level-siaga" in articles[1]  # the most serious first
    assert "Lonjakan kasus baru di klaster perkantoran." in block
    assert "Gedung Sate" in block and "Kota Bandung" in block
    assert "Harga cabai" not in block  # Waspada is not a highlight


def test_a_section_filter_narrows_the_matrix_and_the_highlights(login_as, week_data):
    html = login_as("analis.nasional").get(PAGE, {"periode": WEEK, "bagian": "politik"}).content.decode()
    table = html.split('data-testid="recap-matrix"')[1].split("</table>")[0]
    assert table.count('class="section-head"') == 1
    block = html.split('data-testid="highlights"')[1].split("</section>")[0]
    assert block.count("<article") == 1 and "Gedung Sate" in block


def test_the_search_is_case_insensitive_and_shows_the_matching_excerpt(login_as, week_data):
    html = login_as("analis.nasional").get(PAGE, {"periode": WEEK, "q": "UNJUK RASA"}).content.decode()
    results = html.split('data-testid="search-results"')[1].split("</section>")[0]
    assert "Kota Bandung" in results and "Kota Denpasar" in results
    assert "Unjuk rasa buruh di depan Gedung Sate" in results
    assert "unjuk rasa pedagang pasar" in results
    only_politik = login_as("analis.nasional").get(PAGE, {"periode": WEEK, "q": "unjuk rasa", "bagian": "politik"})
    results = only_politik.content.decode().split('data-testid="search-results"')[1].split("</section>")[0]
    assert "Kota Bandung" in results and "Kota Denpasar" not in results


def test_the_search_finds_nothing_outside_the_users_scope(login_as, week_data):
    html = login_as("operator.kabbandung").get(PAGE, {"periode": WEEK, "q": "Gedung Sate"}).content.decode()
    results = html.split('data-testid="search-results"')[1].split("</section>")[0].split("</h2>")[1]
    assert "Gedung Sate" not in results and "Kota Bandung" not in results
    assert "Tidak ada narasi yang cocok" in results


def test_an_operator_sees_only_its_own_region(login_as, week_data):
    html = login_as("operator.kotabandung").get(PAGE, {"periode": WEEK}).content.decode()
    table = html.split('data-testid="recap-matrix"')[1].split("</table>")[0]
    assert table.count("<tr data-code=") == 1 and "Kota Bandung" in table
    assert "Kabupaten Bandung" not in html and "Denpasar" not in html


def test_a_returned_report_shows_what_was_sent_not_the_correction_in_progress(login_as, personas, week_data):
    from waspada.reports.models import SituationReport

    report = SituationReport.objects.get(region__code="32.73", period__key=WEEK)
    returned = services.report_return(
        user=personas["verifikator.jabar"], report=report, version=report.version, reason="Lengkapi data."
    )
    services.report_save_draft(
        user=personas["operator.kotabandung"],
        region=returned.region,
        period=returned.period,
        content=content_with({}, {"politik": "Draf koreksi rahasia"}),
        version=returned.version,
    )
    html = login_as("verifikator.jabar").get(PAGE, {"periode": WEEK, "q": "Gedung Sate"}).content.decode()
    assert "Gedung Sate" in html.split('data-testid="search-results"')[1]
    assert ">Siaga<" in matrix_row(html, "32.73")
    assert "Draf koreksi" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"periode": "2020-W99"}, "Periode &#x27;2020-W99&#x27; tidak sah"),
        ({"bagian": "cuaca"}, "Bagian &#x27;cuaca&#x27; tidak ada dalam templat laporan."),
        ({"q": "x" * 101}, "Kata pencarian paling banyak 100 karakter."),
    ],
)
def test_a_bad_filter_is_answered_in_indonesian(login_as, params, message):
    response = login_as("analis.nasional").get(PAGE, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_another_province_answers_404(login_as):
    assert login_as("verifikator.jabar").get(PAGE, {"provinsi": "51"}).status_code == 404


def test_pimpinan_reads_the_recap_and_fkdm_does_not(login_as, week_data):
    assert login_as("pimpinan").get(PAGE, {"periode": WEEK}).status_code == 200
    assert login_as("fkdm.kotabandung").get(PAGE).status_code == 403


def test_the_recap_takes_a_constant_number_of_queries(login_as, personas, django_assert_max_num_queries, week_data):
    client = login_as("analis.nasional")
    with django_assert_max_num_queries(20) as few:
        client.get(PAGE, {"periode": WEEK, "q": "unjuk"})
    for code in ("32.01", "32.02", "32.03"):
        operator = user_create(actor=None, username=f"op.{code}", password=None)
        role_assign(actor=None, user=operator, role="operator", region=Region.objects.get(code=code))
        report_with(operator, code, content_with({"politik": "awas"}, {"politik": "unjuk rasa besar"}))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE, {"periode": WEEK, "q": "unjuk"})


def test_the_recap_selector_counts_the_week_by_reporting_level(personas, week_data):
    filters = recap.parse_filters(personas["analis.nasional"], {"periode": WEEK})
    data = recap.recap(personas["analis.nasional"], filters)
    totals = dict(data.totals)
    assert totals["Provinsi"].expected == 34 and totals["Provinsi"].received == 0
    kabkota = totals["Kabupaten/kota"]
    assert (kabkota.received, kabkota.nil) == (3, 1)
    assert totals["Semua"].expected == totals["Provinsi"].expected + kabkota.expected
