"""The report pages: writing, sending, deciding, nil reports, snapshots, attachments and scope.

Views use the real clock, so these tests open the *current* week (and, for refusals, the next
week or one long locked) instead of a fixed 2020 week.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waspada.accounts.navigation import navigation_for
from waspada.regions.models import Region
from waspada.reports import calendar, selectors, services
from waspada.reports.models import ReportAttachment, ReportingPeriod, SituationReport
from waspada.reports.tests.factories import full_content, open_week
from waspada.reports.views.reports import when

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 uji\n%%EOF"


# --- helpers -------------------------------------------------------------------------------------


def this_week() -> ReportingPeriod:
    return open_week(selectors.recent_weeks(timezone.now(), "WIB", 1)[0].key)


def week_offset(weeks: int) -> ReportingPeriod:
    return open_week(selectors.recent_weeks(timezone.now(), "WIB", 1)[0].shifted(weeks).key)


def form_data(content: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Report content as the form posts it (field names ``section__narrative`` …)."""
    data: dict[str, Any] = {}
    for code, section in content["sections"].items():
        data[f"{code}__narrative"] = section.get("narrative", "")
        if "level" in section:
            data[f"{code}__level"] = section["level"] or ""
        for key, value in (section.get("values") or {}).items():
            data[f"{code}__v__{key}"] = "" if value is None else str(value)
    data.update(extra)
    return data


def write_url(code: str, period: ReportingPeriod) -> str:
    return reverse("reports:write", kwargs={"code": code, "period": period.key})


def nil_url(code: str, period: ReportingPeriod) -> str:
    return reverse("reports:nil", kwargs={"code": code, "period": period.key})


def url(name: str, report: SituationReport, **kwargs: Any) -> str:
    return reverse(f"reports:{name}", kwargs={"public_id": report.public_id, **kwargs})


def text(response: Any) -> str:
    return response.content.decode()


def submitted_now(user: Any, code: str = "32.73", level: str = "kondusif") -> SituationReport:
    period = this_week()
    region = Region.objects.get(code=code)
    report = services.report_save_draft(
        user=user, region=region, period=period, content=full_content(level), version=None
    )
    return services.report_submit(user=user, report=report, version=report.version)


@pytest.fixture
def operator(personas):
    return personas["operator.kotabandung"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- the lifecycle -------------------------------------------------------------------------------


def test_the_whole_lifecycle_runs_through_the_pages(login_as):
    period = this_week()
    operator = login_as("operator.kotabandung")
    index = operator.get(reverse("reports:index"))
    assert index.status_code == 200
    assert write_url("32.73", period) in text(index) and "Tulis laporan" in text(index)

    form_page = operator.get(write_url("32.73", period))
    assert form_page.status_code == 200
    assert 'name="politik__narrative"' in text(form_page) and "Simpan draf" in text(form_page)

    sent = operator.post(write_url("32.73", period), form_data(full_content("waspada"), kirim="1"))
    report = SituationReport.objects.get(region__code="32.73", period=period)
    assert sent.status_code == 302 and sent["Location"] == url("detail", report)
    assert report.status == "submitted" and report.snapshots.count() == 1

    verifikator = login_as("verifikator.jabar")
    queue = verifikator.get(reverse("reports:index"))
    assert url("detail", report) in text(queue)
    page = verifikator.get(url("detail", report))
    assert "Verifikasi" in text(page) and "Kembalikan" in text(page)

    refused = verifikator.post(url("return", report), {"version": report.version, "reason": "  "}, follow=True)
    assert "Tuliskan alasan pengembalian." in text(refused)
    report.refresh_from_db()
    assert report.status == "submitted"

    verifikator.post(url("return", report), {"version": report.version, "reason": "Narasi politik kurang rinci."})
    report.refresh_from_db()
    assert report.status == "returned" and report.return_reason == "Narasi politik kurang rinci."

    detail = operator.get(url("detail", report))
    assert "Narasi politik kurang rinci." in text(detail) and url("edit", report) in text(detail)
    edit = operator.get(url("edit", report))
    assert edit.status_code == 200 and "Narasi politik kurang rinci." in text(edit)
    content = full_content("waspada", narrative="Unjuk rasa damai di depan DPRD, 200 orang.")
    resent = operator.post(url("edit", report), form_data(content, version=report.version, kirim="1"))
    assert resent.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.snapshots.count() == 2

    verifikator.post(url("verify", report), {"version": report.version})
    report.refresh_from_db()
    assert report.status == "verified"

    analis = login_as("analis.nasional")
    assert "Terima" in text(analis.get(url("detail", report)))
    analis.post(url("accept", report), {"version": report.version})
    report.refresh_from_db()
    assert report.status == "accepted" and report.accepted_by.username == "analis.nasional"
    history = text(analis.get(url("detail", report)))
    assert 'data-testid="history-panel"' in history and history.count("Sebagaimana dikirim pada") == 2


def test_a_draft_is_saved_then_continued_and_a_decimal_comma_is_accepted(login_as):
    period = this_week()
    client = login_as("operator.kotabandung")
    content = full_content()
    content["sections"]["covid19"]["values"]["kepatuhan_prokes"] = "85,5"
    saved = client.post(write_url("32.73", period), form_data(content, simpan="1"))
    report = SituationReport.objects.get(region__code="32.73", period=period)
    assert saved.status_code == 302 and saved["Location"] == url("edit", report)
    assert report.status == "draft"
    assert report.content["sections"]["covid19"]["values"]["kepatuhan_prokes"] == 85.5
    again = client.get(write_url("32.73", period))
    assert again.status_code == 302 and again["Location"] == url("edit", report)
    assert 'value="85,5"' in text(client.get(url("edit", report)))


def test_the_detail_page_shows_times_in_the_regions_zone_the_level_badge_and_lateness(login_as, operator):
    report = submitted_now(operator, level="siaga")
    page = text(login_as("verifikator.jabar").get(url("detail", report)))
    assert when(report.deadline, "WIB") in page and "Senin " in page and " WIB" in page
    assert "level-badge level-siaga" in page and "Tepat waktu" in page
    assert 'style="' not in page
    css = login_as("operator.kotabandung").get(reverse("reports:levels_css"))
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert "--bs-table-bg:#ef6c00;--bs-table-color:#ffffff;background-color:#ef6c00;" in css.content.decode()


def test_a_deadline_is_written_with_its_day_and_zone():
    week = calendar.Week.parse("2020-W40")
    deadline = calendar.deadline(week, "WIT", timedelta(hours=12))
    assert when(deadline, "WIT") == "Senin 05-10-2020 12:00 WIT"


# --- nil reports ---------------------------------------------------------------------------------


def test_a_nil_report_takes_three_requests_from_the_index(login_as):
    period = this_week()
    client = login_as("operator.kotabandung")
    index = client.get(reverse("reports:index"))  # 1
    link = re.search(r'href="([^"]+)"[^>]*data-testid="nil-link"', text(index))
    assert link is not None and link.group(1) == nil_url("32.73", period)
    confirm = client.get(link.group(1))  # 2
    assert "Kirim laporan nihil" in text(confirm)
    sent = client.post(link.group(1), {"note": "Situasi aman."})  # 3
    report = SituationReport.objects.get(region__code="32.73", period=period)
    assert sent.status_code == 302 and sent["Location"] == url("detail", report)
    assert (report.status, report.is_nil, report.content["nil_note"]) == ("submitted", True, "Situasi aman.")
    detail = text(client.get(sent["Location"]))
    assert "Laporan nihil" in detail and "Situasi aman." in detail


def test_a_nil_report_for_a_period_already_sent_is_refused_and_changes_nothing(login_as, operator):
    report = submitted_now(operator)
    response = login_as("operator.kotabandung").post(
        nil_url("32.73", report.period), {"version": report.version}, follow=True
    )
    assert "tidak dapat diubah" in text(response)
    report.refresh_from_db()
    assert report.is_nil is False and report.snapshots.count() == 1


# --- refusals: stale, invalid, not open, locked -------------------------------------------------


def test_a_stale_save_shows_who_changed_it_keeps_the_input_and_overwrites_nothing(login_as, operator):
    period = this_week()
    region = Region.objects.get(code="32.73")
    report = services.report_save_draft(
        user=operator, region=region, period=period, content=full_content(narrative="Versi pertama."), version=None
    )
    read_version = report.version
    services.report_save_draft(
        user=operator,
        region=region,
        period=period,
        content=full_content(narrative="Versi kedua dari tab lain."),
        version=read_version,
    )
    mine = full_content(narrative="Ketikan saya yang tidak boleh hilang.")
    response = login_as("operator.kotabandung").post(url("edit", report), form_data(mine, version=read_version))
    assert response.status_code == 409
    page = text(response)
    assert "sudah diubah oleh" in page and "Perubahan Anda tidak disimpan" in page
    assert "Ketikan saya yang tidak boleh hilang." in page
    report.refresh_from_db()
    assert report.content["sections"]["politik"]["narrative"] == "Politik: Versi kedua dari tab lain."
    assert report.version == read_version + 1


def test_sending_with_missing_required_fields_marks_them_and_saves_nothing(login_as):
    period = this_week()
    client = login_as("operator.kotabandung")
    content = full_content()
    content["sections"]["politik"]["narrative"] = ""
    content["sections"]["konflik_sosial"]["values"]["peristiwa_konflik"] = None
    response = client.post(write_url("32.73", period), form_data(content, kirim="1"))
    assert response.status_code == 422
    page = text(response)
    assert 'id="id_politik__narrative_error">Narasi wajib diisi.' in page
    assert 'id="id_konflik_sosial__v__peristiwa_konflik_error">Wajib diisi.' in page
    assert 'href="#bagian-politik"' in page and 'href="#bagian-konflik_sosial"' in page
    assert 'href="#bagian-ekonomi"' not in page
    assert "Sosial Budaya: Situasi aman terkendali." in page  # what was typed stays on the page
    assert not SituationReport.objects.filter(region__code="32.73", period=period).exists()


def test_a_value_of_the_wrong_type_is_refused_in_indonesian_and_the_draft_is_unchanged(login_as, operator):
    period = this_week()
    region = Region.objects.get(code="32.73")
    report = services.report_save_draft(
        user=operator, region=region, period=period, content=full_content(), version=None
    )
    content = full_content()
    content["sections"]["politik"]["values"]["unjuk_rasa"] = "banyak"
    content["sections"]["covid19"]["values"]["kepatuhan_prokes"] = "120"
    response = login_as("operator.kotabandung").post(url("edit", report), form_data(content, version=report.version))
    assert response.status_code == 422
    page = text(response)
    assert "Isi dengan angka." in page and "Paling besar 100." in page
    before = (report.version, report.content)
    report.refresh_from_db()
    assert (report.version, report.content) == before


def test_a_period_not_yet_open_is_refused_with_a_message_and_nothing_is_made(login_as):
    next_week = week_offset(1)
    client = login_as("operator.kotabandung")
    assert "Periode ini belum dibuka" in text(client.get(write_url("32.73", next_week)))
    response = client.post(write_url("32.73", next_week), form_data(full_content(), simpan="1"))
    assert response.status_code == 422 and "belum dibuka" in text(response)
    nil = client.post(nil_url("32.73", next_week), {}, follow=True)
    assert "belum dibuka" in text(nil)
    assert not SituationReport.objects.filter(period=next_week).exists()


def test_a_locked_period_is_refused_until_a_verifikator_reopens_it(login_as):
    old = week_offset(-3)
    operator = login_as("operator.kotabandung")
    assert "Periode ini terkunci sejak" in text(operator.get(write_url("32.73", old)))
    response = operator.post(write_url("32.73", old), form_data(full_content(), kirim="1"))
    assert response.status_code == 422 and "terkunci sejak" in text(response)
    assert "terkunci sejak" in text(operator.post(nil_url("32.73", old), {}, follow=True))
    assert not SituationReport.objects.filter(period=old).exists()

    verifikator = login_as("verifikator.jabar")
    reopen = reverse("reports:reopen_period", kwargs={"code": "32.73", "period": old.key})
    refused = verifikator.post(reopen, {"reason": ""}, follow=True)
    assert "Tuliskan alasan membuka kembali." in text(refused)
    assert not SituationReport.objects.filter(period=old).exists()
    verifikator.post(reopen, {"reason": "Jaringan terputus karena banjir."})
    report = SituationReport.objects.get(period=old, region__code="32.73")
    sent = operator.post(url("edit", report), form_data(full_content(), version=report.version, kirim="1"))
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.was_late


def test_a_verifikator_reopens_a_missed_locked_period_from_the_region_page(login_as):
    old = week_offset(-3)
    region_url = reverse("reports:region", kwargs={"code": "32.73"})
    verifikator = login_as("verifikator.jabar")
    assert region_url in text(verifikator.get(reverse("reports:index")))
    page = text(verifikator.get(region_url))
    reopen = reverse("reports:reopen_period", kwargs={"code": "32.73", "period": old.key})
    assert f'action="{reopen}"' in page and "Tidak melapor" in page
    response = verifikator.post(reopen, {"reason": "Listrik padam sepekan.", "next": region_url})
    assert response.status_code == 302 and response["Location"] == region_url
    report = SituationReport.objects.get(period=old, region__code="32.73")
    assert (report.status, report.reopen_reason) == ("draft", "Listrik padam sepekan.")
    operator_page = text(login_as("operator.kotabandung").get(region_url))
    assert url("edit", report) in operator_page and f'action="{reopen}"' not in operator_page


def test_deciding_with_a_stale_version_is_refused_and_changes_nothing(login_as, operator):
    report = submitted_now(operator)
    response = login_as("verifikator.jabar").post(url("verify", report), {"version": report.version - 1}, follow=True)
    assert "sudah diubah oleh" in text(response)
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_comment_is_added_by_a_reviewer_and_an_empty_one_is_refused(login_as, operator):
    report = submitted_now(operator)
    analis = login_as("analis.nasional")
    assert "Catatan tidak boleh kosong." in text(analis.post(url("comment", report), {"body": " "}, follow=True))
    assert not report.comments.exists()
    analis.post(url("comment", report), {"body": "Mohon pantau unjuk rasa lanjutan."})
    assert report.comments.get().body == "Mohon pantau unjuk rasa lanjutan."
    assert "Mohon pantau unjuk rasa lanjutan." in text(login_as("operator.kotabandung").get(url("detail", report)))


# --- attachments ---------------------------------------------------------------------------------


def test_an_attachment_is_uploaded_downloaded_under_its_name_and_removed_softly(login_as, operator, media):
    period = this_week()
    report = services.report_save_draft(
        user=operator, region=Region.objects.get(code="32.73"), period=period, content=full_content(), version=None
    )
    client = login_as("operator.kotabandung")
    upload = SimpleUploadedFile("notulen rapat.pdf", PDF, content_type="application/pdf")
    client.post(url("attachment_add", report), {"file": upload})
    attachment = report.attachments.get()
    assert "notulen rapat.pdf" in text(client.get(url("edit", report)))

    download = login_as("verifikator.jabar").get(url("attachment", report, attachment_id=attachment.public_id))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="notulen rapat.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert not attachment.file.url.startswith(url("attachment", report, attachment_id=attachment.public_id))

    client.post(
        url("attachment_remove", report, attachment_id=attachment.public_id), {"reason": "Salah unggah berkas."}
    )
    attachment.refresh_from_db()
    assert attachment.deleted_at is not None and attachment.deleted_reason == "Salah unggah berkas."
    assert attachment.file.storage.exists(attachment.file.name)  # soft: the file stays, hidden
    assert client.get(url("attachment", report, attachment_id=attachment.public_id)).status_code == 404
    assert "notulen rapat.pdf" not in text(client.get(url("edit", report)))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "tidak diterima"),
        ("laporan.pdf", b"MZ\x90\x00 bukan pdf", "tidak sesuai dengan jenisnya"),
    ],
)
def test_a_wrong_type_attachment_is_refused_in_indonesian_and_nothing_is_stored(
    login_as, operator, media, name, data, message
):
    period = this_week()
    report = services.report_save_draft(
        user=operator, region=Region.objects.get(code="32.73"), period=period, content=full_content(), version=None
    )
    response = login_as("operator.kotabandung").post(
        url("attachment_add", report), {"file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert message in text(response)
    assert not ReportAttachment.objects.filter(report=report).exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_an_attachment_without_a_file_is_refused_with_a_message(login_as, operator, media):
    period = this_week()
    report = services.report_save_draft(
        user=operator, region=Region.objects.get(code="32.73"), period=period, content=full_content(), version=None
    )
    response = login_as("operator.kotabandung").post(url("attachment_add", report), {}, follow=True)
    assert "Pilih berkas yang akan dilampirkan." in text(response)
    assert not report.attachments.exists()


# --- snapshots -----------------------------------------------------------------------------------


def test_the_snapshot_page_shows_what_was_sent_even_after_a_later_edit(login_as, operator, personas):
    report = submitted_now(operator)
    services.report_return(user=personas["verifikator.jabar"], report=report, version=report.version, reason="Ulangi.")
    report.refresh_from_db()
    client = login_as("operator.kotabandung")
    client.post(
        url("edit", report), form_data(full_content(narrative="Isi baru setelah dikembalikan."), version=report.version)
    )
    report.refresh_from_db()
    assert report.content["sections"]["politik"]["narrative"] == "Politik: Isi baru setelah dikembalikan."

    snapshot = client.get(url("snapshot", report, number=1))
    assert snapshot.status_code == 200
    page = text(snapshot)
    assert "Sebagaimana dikirim pada" in page and "Politik: Situasi aman terkendali." in page
    assert "Isi baru setelah dikembalikan." not in page
    assert "Isi baru setelah dikembalikan." in text(client.get(url("detail", report)))
    assert client.get(url("snapshot", report, number=2)).status_code == 404


# --- who sees the pages --------------------------------------------------------------------------


def test_the_index_lists_filters_and_pages_reports_for_national_readers(login_as, operator, personas):
    report = submitted_now(operator)
    services.report_submit_nil(
        user=personas["operator.kabbandung"], region=Region.objects.get(code="32.04"), period=report.period
    )
    analis = login_as("analis.nasional")
    page = text(analis.get(reverse("reports:index")))
    assert "Kota Bandung" in page and "Kabupaten Bandung" in page
    filtered = text(
        analis.get(reverse("reports:index"), {"periode": report.period.key, "provinsi": "32", "status": "submitted"})
    )
    assert "2 laporan" in filtered
    by_status = text(analis.get(reverse("reports:index"), {"status": "accepted"}))
    assert "0 laporan" in by_status and "Kota Bandung" not in by_status
    bad = analis.get(reverse("reports:index"), {"status": "hilang", "halaman": "x"})
    assert bad.status_code == 200
    pimpinan = text(login_as("pimpinan").get(reverse("reports:index")))
    assert "Kota Bandung" in pimpinan and "Tulis laporan" not in pimpinan


def test_a_verifikator_sees_its_queue_and_its_provinces_own_report(login_as, operator):
    this_week()
    report = submitted_now(operator)
    page = text(login_as("verifikator.jabar").get(reverse("reports:index")))
    assert 'data-testid="verification-queue"' in page and url("detail", report) in page
    assert write_url("32", report.period) in page  # the province's own report


def test_an_operator_sees_only_its_own_region_and_no_list(login_as):
    this_week()
    page = text(login_as("operator.kotabandung").get(reverse("reports:index")))
    assert "Kota Bandung" in page and "32.04" not in page and 'data-testid="report-filter"' not in page


def test_fkdm_gets_403_on_the_index_and_404_on_a_report_and_no_menu_item(login_as, operator, personas):
    report = submitted_now(operator)
    client = login_as("fkdm.kotabandung")
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(url("detail", report)).status_code == 404
    assert "reports" not in [item.key for item in navigation_for(personas["fkdm.kotabandung"])]
    assert "reports" in [item.key for item in navigation_for(operator)]


def kabupaten_bandung_urls(report: SituationReport, attachment: ReportAttachment) -> list[tuple[str, str]]:
    """(method, url) of every report URL, on a Kabupaten Bandung report."""
    region_period = {"code": "32.04", "period": report.period.key}
    return [
        ("get", url("detail", report)),
        ("get", reverse("reports:region", kwargs={"code": "32.04"})),
        ("get", url("edit", report)),
        ("post", url("edit", report)),
        ("get", url("snapshot", report, number=1)),
        ("post", url("submit", report)),
        ("post", url("verify", report)),
        ("post", url("return", report)),
        ("post", url("accept", report)),
        ("post", url("reopen", report)),
        ("post", url("comment", report)),
        ("post", url("attachment_add", report)),
        ("get", url("attachment", report, attachment_id=attachment.public_id)),
        ("post", url("attachment_remove", report, attachment_id=attachment.public_id)),
        ("get", reverse("reports:write", kwargs=region_period)),
        ("post", reverse("reports:write", kwargs=region_period)),
        ("get", reverse("reports:nil", kwargs=region_period)),
        ("post", reverse("reports:nil", kwargs=region_period)),
        ("post", reverse("reports:reopen_period", kwargs=region_period)),
    ]


@pytest.fixture
def kabbandung_report(personas, media):
    report = submitted_now(personas["operator.kabbandung"], code="32.04")
    services.report_return(
        user=personas["verifikator.jabar"], report=report, version=report.version, reason="Lengkapi."
    )
    report.refresh_from_db()
    upload = SimpleUploadedFile("foto.pdf", PDF)
    attachment = services.attachment_add(user=personas["operator.kabbandung"], report=report, upload=upload)
    report.refresh_from_db()
    return report, attachment


def test_operator_kota_bandung_gets_404_on_every_url_of_a_kabupaten_bandung_report(login_as, kabbandung_report):
    report, attachment = kabbandung_report
    before = (report.version, report.status, report.attachments.filter(deleted_at__isnull=True).count())
    client = login_as("operator.kotabandung")
    for method, target in kabupaten_bandung_urls(report, attachment):
        response = getattr(client, method)(target, {"version": report.version, "reason": "x", "body": "x"})
        assert response.status_code == 404, f"{method} {target}"
    report.refresh_from_db()
    assert (report.version, report.status, report.attachments.filter(deleted_at__isnull=True).count()) == before
    assert not report.comments.exists()


def test_pimpinan_reads_every_report_page_but_gets_403_on_every_write(login_as, kabbandung_report):
    report, attachment = kabbandung_report
    before = (report.version, report.status)
    client = login_as("pimpinan")
    for method, target in kabupaten_bandung_urls(report, attachment):
        response = getattr(client, method)(target, {"version": report.version, "reason": "x", "body": "x"})
        reads = method == "get" and (
            any(part in target for part in ("/salinan/", "/lampiran/", "/wilayah/")) or target == url("detail", report)
        )
        assert response.status_code == (200 if reads else 403), f"{method} {target}"
    report.refresh_from_db()
    assert (report.version, report.status) == before and not report.comments.exists()


def test_an_operator_may_not_decide_and_a_verifikator_may_not_write_a_kabkota_report(login_as, operator):
    report = submitted_now(operator)
    assert login_as("operator.kotabandung").post(url("verify", report), {"version": report.version}).status_code == 403
    verifikator = login_as("verifikator.jabar")
    assert verifikator.get(url("edit", report)).status_code == 403
    assert verifikator.get(nil_url("32.73", report.period)).status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_an_unknown_period_or_region_answers_404(login_as):
    client = login_as("operator.kotabandung")
    assert client.get(reverse("reports:write", kwargs={"code": "32.73", "period": "2099-W01"})).status_code == 404
    assert client.get(reverse("reports:write", kwargs={"code": "32.73", "period": "minggu-ini"})).status_code == 404
    assert client.get(reverse("reports:write", kwargs={"code": "99.99", "period": this_week().key})).status_code == 404
