"""Pilkada monitoring in the browser (issue 8): an operator of Kabupaten Bandung registers a
prokes violation by a paslon during the 2020 campaign, sees it in the 10-day recap and on the
weekly report of that region and week (pulled into the Pilkada section), and records an NPHD
disbursement that turns the first tranche from missing to on time. The same operator (a health
reader) records a candidate's positive test — refused without a source first — and finds it in
the recap's health summary, then plans the NPHD tranches — a date before the signing refused
first — and sees the plan beside the agreement's compliance per tranche.

The e2e database has the Pilkada 2020 contests (``load_elections`` in the setup). A paslon, an
NPHD and the report week 2020-W41 (reopened by the province verifikator, as a late week must
be) are prepared with ``manage.py shell`` through the services.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.conftest import Server, Sessions
from e2e.support import screenshot

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "reduced_motion": "reduce"}

PREPARE = """
from datetime import date
from decimal import Decimal
from waspada.accounts.models import User
from waspada.elections import services
from waspada.elections.models import CandidatePair, Contest, GrantAgreement
from waspada.regions.models import Region
from waspada.reports import calendar, services as rs

admin = User.objects.get(username="admin")
contest = Contest.objects.select_related("region", "election").get(election__code="pilkada-2020", region__code="32.04")
if not CandidatePair.objects.filter(contest=contest).exists():
    for n, head in ((1, "Kurnia Agustina"), (2, "Yena Iskandar")):
        services.candidate_pair_create(actor=admin, contest=contest, data=services.CandidatePairInput(
            head_name=head, deputy_name=f"Wakil {n}", nomination_path="partai", parties=["Partai A"], ballot_number=n),
            status_on=date(2020, 9, 23))
if not GrantAgreement.objects.filter(region=contest.region).exists():
    services.grant_create(actor=admin, data=services.GrantInput(election=contest.election, region=contest.region,
        recipient="kpu", number="NPHD/KPU/32.04/2020", signed_on=date(2020, 7, 1), amount=Decimal("1000000000")))
period, _ = rs.period_open(programme=rs.programme_default(), week=calendar.Week.parse("2020-W41"))
report = rs.report_reopen_period(user=User.objects.get(username="verifikator.jabar"),
    region=Region.objects.get(code="32.04"), period=period, reason="Uji e2e Pilkada")
print("pilkada ok", report.public_id)
"""


@pytest.fixture(scope="module")
def prepared(server: Server) -> str:
    """The public_id of Kabupaten Bandung's reopened 2020-W41 report."""
    out = server.manage("shell", "--no-imports", "-c", PREPARE)
    assert "pilkada ok" in out, out
    return out.split("pilkada ok", 1)[1].split()[0]


def test_a_violation_reaches_the_recap_and_the_weekly_report_and_a_disbursement_changes_compliance(
    sessions: Sessions, prepared: str
) -> None:
    session = sessions.as_user("operator.kabbandung", **DESKTOP)
    page = session.page
    # --- 1. Register a violation for paslon 2 on 6 Oct 2020 (campaign period 2). -------------
    page.goto("/pilkada/")
    expect(page.get_by_test_id("election-pilkada-2020")).to_be_visible()
    page.goto("/pilkada/pelanggaran/baru/?pemilihan=pilkada-2020")
    choice = page.locator("#id_pemilihan_daerah option").filter(has_text="32.04 ")
    page.get_by_label("Pemilihan daerah").select_option(choice.get_attribute("value") or "")
    page.get_by_role("button", name="Lanjut").click()
    form = page.get_by_test_id("violation-form")
    form.get_by_label("Paslon").select_option(label="2. Yena Iskandar – Wakil 2")
    form.get_by_label("Waktu kejadian (WIB)").fill("2020-10-06T15:00")
    form.locator("#id_activity").select_option("rapat_umum")
    form.locator("#id_participants").fill("350")
    form.locator("#id_over_capacity").check()
    form.locator("#id_no_masks").check()
    form.locator("#id_sanction").select_option("pembubaran")
    form.locator("#id_source").select_option("bawaslu")
    form.locator("#id_place").fill("Lapangan Soreang")
    screenshot(page, "pilkada-violation-form", docs_name="pilkada-violation-form.png", full_page=True)
    page.get_by_test_id("save-violation").click()
    detail = page.get_by_test_id("violation-detail")
    expect(detail).to_contain_text("Yena Iskandar")
    expect(detail).to_contain_text("06-10-2020 15:00 WIB")
    expect(page.get_by_test_id("stage")).to_contain_text("Kampanye")
    screenshot(page, "pilkada-violation-detail", docs_name="pilkada-violation-detail.png")

    page.goto("/pilkada/pelanggaran/?pemilihan=pilkada-2020")
    expect(page.get_by_test_id("count")).to_contain_text("1 pelanggaran")

    # --- 2. The 10-day recap counts it in period 2 (6–15 Oct). -------------------------------
    page.goto("/pilkada/rekap/?pemilihan=pilkada-2020")
    expect(page.get_by_test_id("total")).to_contain_text("1")
    expect(page.get_by_test_id("period-table").locator('tr[data-period="2"] td').nth(1)).to_have_text("1")
    expect(page.get_by_test_id("period-table").locator('tr[data-period="1"] td').nth(1)).to_have_text("0")
    expect(page.get_by_test_id("period-chart")).to_be_visible()
    expect(page.get_by_test_id("pair-table")).to_contain_text("Yena Iskandar")
    screenshot(page, "pilkada-recap", docs_name="pilkada-recap.png", full_page=True)

    # --- 3. The weekly report of Kabupaten Bandung, week 2020-W41, shows and pulls it in. ----
    page.goto(f"/laporan/{prepared}/ubah/")
    panel = page.get_by_test_id("pilkada-week-panel")
    expect(panel).to_contain_text("Yena Iskandar")
    page.get_by_test_id("pull-pilkada").click()
    narrative = page.locator('textarea[name="pilkada_prokes__narrative"]')
    expect(narrative).to_contain_text("Pelanggaran protokol kesehatan Pilkada yang tercatat minggu ini: 1.")
    expect(narrative).to_contain_text("Yena Iskandar")
    page.locator("#bagian-pilkada_prokes").scroll_into_view_if_needed()
    screenshot(page, "pilkada-weekly-report", docs_name="pilkada-weekly-report.png")

    # --- 4. A disbursement turns tranche 1 from missing to on time. --------------------------
    page.goto("/pilkada/nphd/?pemilihan=pilkada-2020")
    page.get_by_test_id("grant-table").get_by_role("link", name="KPU").click()
    tranche1 = page.get_by_test_id("compliance-table").locator('tr[data-tranche="1"] [data-status]')
    expect(tranche1).to_have_attribute("data-status", "missing")
    form = page.get_by_test_id("disbursement-form")
    form.locator("#id_paid_on").fill("2020-07-10")
    form.locator("#id_amount").fill("400000000")
    form.locator("#id_reference").fill("SP2D/0710/2020")
    page.get_by_test_id("save-disbursement").click()
    expect(tranche1).to_have_attribute("data-status", "on_time")
    expect(page.get_by_test_id("realisation")).to_contain_text("40")
    screenshot(page, "pilkada-nphd-detail", docs_name="pilkada-nphd-detail.png", full_page=True)
    page.goto("/pilkada/nphd/kepatuhan/?pemilihan=pilkada-2020")
    expect(page.get_by_test_id("region-compliance")).to_contain_text("Bandung")
    screenshot(page, "pilkada-compliance", docs_name="pilkada-compliance.png", full_page=True)

    # --- 5. The recap on a phone. -------------------------------------------------------------
    phone = sessions.as_user("operator.kabbandung", **PHONE).page
    phone.goto("/pilkada/rekap/?pemilihan=pilkada-2020")
    expect(phone.get_by_test_id("period-table")).to_be_visible()
    screenshot(phone, "pilkada-recap-phone", docs_name="pilkada-recap-phone.png")
    violations = session.csp_violations()
    assert violations == [], violations


def test_a_health_reader_records_a_candidates_health_event_and_plans_nphd_tranches(
    sessions: Sessions, prepared: str
) -> None:
    """The candidates' health form (refused without a source, nothing written; then the audited
    detail and the recap's health summary) and the NPHD tranche-plan form (a date before signing
    refused; then the plan on the agreement's page beside its compliance per tranche)."""
    session = sessions.as_user("operator.kabbandung", **DESKTOP)
    page = session.page
    # --- 1. From the contest page, «Catat status kesehatan» of paslon 1. ---------------------
    page.goto("/pilkada/pemilihan-daerah/?pemilihan=pilkada-2020")
    page.locator("tr", has_text="32.04").get_by_role("link").first.click()
    page.locator("tr", has_text="Kurnia Agustina").get_by_test_id("add-health").click()
    form = page.get_by_test_id("health-form")
    form.locator("#id_person").select_option("kepala")
    form.locator("#id_kind").select_option("positif")
    form.locator("#id_occurred_on").fill("2020-10-02")
    page.get_by_test_id("save-health").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("health-form")).to_contain_text("Sumber informasi wajib diisi.")
    screenshot(page, "pilkada-health-form-refused", docs_name="pilkada-health-form-refused.png", full_page=True)
    form.locator("#id_source").fill("Dinas Kesehatan Kabupaten Bandung")
    form.locator("#id_note").fill("Hasil uji usap PCR; isolasi mandiri.")
    page.get_by_test_id("save-health").click()
    detail = page.get_by_test_id("health-detail")
    expect(detail).to_contain_text("Kurnia Agustina")
    expect(detail).to_contain_text("02-10-2020")
    expect(detail).to_contain_text("Dinas Kesehatan Kabupaten Bandung")
    page.goto("/pilkada/kesehatan-calon/?pemilihan=pilkada-2020")
    expect(page.get_by_test_id("health-table").locator("tbody tr")).to_have_count(1)
    # The recap's health summary counts it (no names there).
    page.goto("/pilkada/rekap/?pemilihan=pilkada-2020")
    summary = page.get_by_test_id("health-summary")
    expect(summary.locator('tr[data-kind="positif"] td').nth(1)).to_have_text("1")
    expect(summary.locator('tr[data-kind="positif"] td').nth(2)).to_have_text("1")
    expect(summary).not_to_contain_text("Kurnia")
    summary.scroll_into_view_if_needed()
    screenshot(page, "pilkada-health-summary", docs_name="pilkada-health-summary.png")

    # --- 2. The NPHD tranche plan of the KPU agreement. ---------------------------------------
    page.goto("/pilkada/nphd/?pemilihan=pilkada-2020")
    page.get_by_test_id("grant-table").get_by_role("link", name="KPU").click()
    planned = page.get_by_role("table", name="Rencana tahap")
    expect(planned).to_contain_text("Tidak ada rencana tahap.")
    page.get_by_test_id("edit-plan").click()
    plan = page.get_by_test_id("plan-form")
    plan.locator("#id_due_on_1").fill("2020-06-20")  # before the signing (1 Jul 2020)
    plan.locator("#id_amount_1").fill("400000000")
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("form-errors")).to_contain_text("sebelum NPHD ditandatangani (01-07-2020)")
    plan = page.get_by_test_id("plan-form")
    for n, due, amount in (
        (1, "2020-07-10", "400000000"),
        (2, "2020-08-03", "500000000"),
        (3, "2020-10-20", "100000000"),
    ):
        plan.locator(f"#id_due_on_{n}").fill(due)
        plan.locator(f"#id_amount_{n}").fill(amount)
    screenshot(page, "pilkada-tranche-plan-form", docs_name="pilkada-tranche-plan-form.png", full_page=True)
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_role("alert").filter(has_text="Rencana tahap NPHD disimpan.")).to_be_visible()
    planned = page.get_by_role("table", name="Rencana tahap")
    rows = planned.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("10-07-2020")
    expect(rows.nth(0)).to_contain_text("400.000.000")
    expect(rows.nth(1)).to_contain_text("03-08-2020")
    expect(rows.nth(1)).to_contain_text("500.000.000")
    expect(rows.nth(2)).to_contain_text("20-10-2020")
    expect(page.get_by_test_id("compliance-table").locator("tbody tr")).to_have_count(3)
    screenshot(page, "pilkada-tranche-plan", docs_name="pilkada-tranche-plan.png", full_page=True)
    page.goto("/pilkada/nphd/kepatuhan/?pemilihan=pilkada-2020")
    expect(page.get_by_test_id("region-compliance").locator('tr[data-code="32.04"]')).to_be_visible()
    violations = session.csp_violations()
    assert violations == [], violations
