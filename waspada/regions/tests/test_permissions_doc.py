"""docs/permissions.md is the source of truth: its tables must match the code and behaviour."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from waspada.accounts.roles import ALLOWED_SCOPES, NATIONAL
from waspada.regions import access

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
ROLES = ["admin", "analis", "verifikator", "operator", "pimpinan", "fkdm"]
PERSONA_OF_ROLE = {
    "admin": "admin",
    "analis": "analis.nasional",
    "verifikator": "verifikator.jabar",
    "operator": "operator.kotabandung",
    "pimpinan": "pimpinan",
    "fkdm": "fkdm.kotabandung",
}


def table_after(heading: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    parsed = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    table: list[list[str]] = []
    for row in parsed:
        if set(row[0]) <= {"-"}:
            continue
        if table and len(row) != len(table[0]):
            break
        table.append(row)
    return table


def test_the_role_level_table_matches_the_code():
    table = table_after("## Where each role may be assigned")
    header = table[0][1:]
    for row in table[1:]:
        role = row[0]
        documented = {level for level, cell in zip(header, row[1:], strict=True) if cell == "ya"}
        assert documented == set(ALLOWED_SCOPES[role]), role
    assert sorted(r[0] for r in table[1:]) == sorted(ROLES)
    assert NATIONAL in header


def _region(code: str) -> Any:
    from waspada.regions.models import Region

    return Region.objects.get(code=code)


def _report_of(code: str) -> Any:
    """An unsaved report of a region: the report rules look only at its region."""
    from waspada.reports.models import SituationReport

    return SituationReport(region=_region(code))


# The personas sit on Jawa Barat (32) and Kota Bandung (32.73): a report rule holds for a role
# when it holds on the province's own report or on the kabupaten/kota report.
REPORT_REGIONS = ("32", "32.73")


def _may_write_health(user: Any, region: Any) -> bool:
    from waspada.elections.views.common import may_write_health

    return may_write_health(user, region)


def _report_perm(perm: str, obj: Callable[[str], Any]) -> Callable[[Any], bool]:
    return lambda u: any(u.has_perm(perm, obj(code)) for code in REPORT_REGIONS)


def _reads_others_li(user: Any, classification: str) -> bool:
    """Whether someone else's LI in the user's scope with this classification is readable, by the
    roles ``access.information_report_q`` lets through."""
    roles = access.scope_of(user).roles
    if not roles & access.INCIDENT_READER_ROLES:
        return False  # FKDM: own LIs only
    return classification != "rahasia" or bool(roles & access.SECRET_LI_ROLES)


ACTION_CHECKS = {
    "baca forum dan kepatuhan pembentukannya "
    "(read forums — FKDM, TKDPD, Timdu PKS, Kominda, Tim PORA — and formation compliance)": lambda u: bool(
        access.scope_of(u).roles & access.FORUM_READER_ROLES
    ),
    "catat forum wilayah sendiri: SK, anggota, rapat, dokumen "
    "(record own region's forums: decrees, members, meetings, documents)": _report_perm("forums.write_forum", _region),
    "baca RAD Terpadu, laporan kemajuan, kelengkapan dan rekapnya "
    "(read RAD Terpadu action plans, progress reports, completeness and recap)": lambda u: bool(
        access.scope_of(u).roles & access.ACTION_PLAN_READER_ROLES
    ),
    "susun RAD Terpadu dan kirim laporan kemajuan wilayah sendiri "
    "(write own region's action plan and submit its four-monthly progress reports)": _report_perm(
        "actionplans.write_plan", _region
    ),
    "verifikasi atau kembalikan laporan kemajuan RAD (verify or return an RAD progress report)": _report_perm(
        "actionplans.verify_progress", _region
    ),
    "daftar audit (audit list)": lambda u: u.has_perm("core.view_audit_list"),
    "impor batas wilayah (import boundaries)": lambda u: u.has_perm("regions.import_boundaries"),
    "kelola peran (manage roles)": lambda u: u.has_perm("accounts.manage_roles"),
    "tulis data regional (write regional records)": lambda u: access.can_write(u),
    "lihat wilayah dalam cakupan (view regions in scope)": lambda u: not access.scope_of(u).is_empty,
    "baca laporan situasi (read weekly reports)": lambda u: bool(access.scope_of(u).roles & access.REPORT_READER_ROLES),
    "tulis dan kirim laporan wilayah sendiri (write and submit own region's report)": _report_perm(
        "reports.write_report", _region
    ),
    "kirim laporan nihil (submit a nil report)": _report_perm("reports.write_report", _region),
    "verifikasi atau kembalikan laporan (verify or return a report)": _report_perm("reports.verify_report", _report_of),
    "buka kembali laporan terkunci (reopen a locked report)": _report_perm("reports.reopen_report", _report_of),
    "terima laporan (accept a report nationally)": _report_perm("reports.accept_report", _report_of),
    "beri catatan pada laporan (comment on a report)": _report_perm("reports.comment_report", _report_of),
    "triase teks (text triage)": lambda u: u.has_perm("alerts.use_triage"),
    "baca peristiwa (read incidents)": lambda u: bool(access.scope_of(u).roles & access.INCIDENT_READER_ROLES),
    "catat dan ubah peristiwa wilayah sendiri (register and edit own region's incidents)": _report_perm(
        "incidents.write_incident", _region
    ),
    "verifikasi atau tutup peristiwa (verify or close an incident)": _report_perm("incidents.verify_incident", _region),
    "gabungkan peristiwa (merge incidents)": _report_perm("incidents.merge_incident", _region),
    # The delete service checks the same rule as verifying (can_verify_incident).
    "hapus peristiwa (delete an incident)": _report_perm("incidents.verify_incident", _region),
    "impor peristiwa (import incidents)": lambda u: u.has_perm("incidents.import_incidents"),
    "baca peringatan dini (read early-warning alerts)": lambda u: bool(
        access.scope_of(u).roles & access.ALERT_READER_ROLES
    ),
    "tangani peringatan dini (handle alerts: verify, assess risk, assign a response, escalate, close)": _report_perm(
        "alerts.handle_alert", _region
    ),
    "baca pemetaan kerawanan (read vulnerability maps, scores and assessments in scope)": lambda u: (
        access.can_read_vulnerability(u)
    ),
    "ubah kerangka indeks kerawanan dan hitung indikator turunan (edit vulnerability frameworks, derive indicators)": (
        lambda u: u.has_perm("vulnerability.edit_framework")
    ),
    "isi nilai indikator kerawanan wilayah sendiri (enter vulnerability indicator values in own region)": _report_perm(
        "vulnerability.enter_values", _region
    ),
    "finalkan penilaian kerawanan (finalise a vulnerability assessment)": lambda u: u.has_perm(
        "vulnerability.finalise_assessment"
    ),
    "baca data Pilkada (read Pilkada data: contests, paslon, violations, NPHD, recaps)": lambda u: bool(
        access.scope_of(u).roles & access.ELECTION_READER_ROLES
    ),
    "catat pelanggaran prokes, pencairan dan rencana tahap NPHD wilayah sendiri "
    "(record prokes violations, NPHD disbursements and tranche plans in own region)": _report_perm(
        "elections.write_election_data", _region
    ),
    "baca status kesehatan calon (read candidates' health data; every view audited)": lambda u: bool(
        access.scope_of(u).roles & access.HEALTH_READER_ROLES
    ),
    "catat status kesehatan calon wilayah sendiri "
    "(record candidates' health events in own region; only roles that read them)": lambda u: any(
        _may_write_health(u, _region(code)) for code in REPORT_REGIONS
    ),
    "kirim Laporan Informasi wilayah sendiri (submit an information report in own region)": _report_perm(
        "alerts.submit_information_report", _region
    ),
    "baca Laporan Informasi orang lain dalam cakupan, BIASA dan TERBATAS "
    "(read others' information reports in scope)": lambda u: _reads_others_li(u, "terbatas"),
    "baca Laporan Informasi RAHASIA (read SECRET information reports; a reporter always reads their own)": lambda u: (
        _reads_others_li(u, "rahasia")
    ),
    "tindak lanjut Laporan Informasi "
    "(open an alert from an LI, link it to an alert or incident, turn it into an incident)": _report_perm(
        "alerts.handle_alert", _region
    ),
    "baca data orang asing, ormas asing dan permohonan kunjungan; data pribadi tersamar "
    "(read foreigners, foreign organisations and visit requests; personal data masked)": lambda u: bool(
        access.scope_of(u).roles & access.FOREIGNER_READER_ROLES
    ),
    "catat dan ubah data orang asing wilayah sendiri "
    "(record foreigners, permits, activities, foreign organisations and visit decisions in own region)": _report_perm(
        "foreigners.write_foreigners", _region
    ),
    "buka data pribadi orang asing secara lengkap "
    "(reveal a full passport number, address or date of birth; reason required, audited)": _report_perm(
        "foreigners.reveal_pii", _region
    ),
}


@pytest.mark.django_db
def test_the_action_table_matches_the_rules(personas):
    table = table_after("## What each role may do")
    header = table[0][1:]
    checked = 0
    for row in table[1:]:
        check = ACTION_CHECKS.get(row[0])
        if check is None:
            continue
        for role, cell in zip(header, row[1:], strict=True):
            user = personas[PERSONA_OF_ROLE[role]]
            assert check(user) == (cell == "ya"), f"{row[0]} / {role}"
            checked += 1
    assert checked >= 12 * len(ROLES)


@pytest.mark.django_db
def test_read_only_roles_are_refused_writes_with_403(personas):
    with pytest.raises(PermissionDenied):
        access.require_write(personas["pimpinan"])
    access.require_write(personas["operator.kotabandung"])
