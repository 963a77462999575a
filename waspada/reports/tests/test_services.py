from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from waspada.core.models import AuditEvent, Notification
from waspada.regions.models import Region
from waspada.reports import services
from waspada.reports.models import ReportSnapshot, SituationReport
from waspada.reports.services import ReportRefused, StaleReport
from waspada.reports.tests.factories import during, full_content, open_week, submitted_report

pytestmark = pytest.mark.django_db

WEEK = "2020-W40"


@pytest.fixture
def kota_bandung():
    return Region.objects.get(code="32.73")


@pytest.fixture
def operator(personas):
    return personas["operator.kotabandung"]


def draft(operator, region, content=None, at=None):
    return services.report_save_draft(
        user=operator,
        region=region,
        period=open_week(WEEK),
        content=content or full_content(),
        version=None,
        now=at or during(WEEK),
    )


def test_an_operator_writes_and_submits_its_report_and_a_snapshot_is_kept(operator, kota_bandung):
    report = draft(operator, kota_bandung, full_content("siaga"))
    submitted = services.report_submit(user=operator, report=report, version=report.version, now=during(WEEK))
    assert submitted.status == SituationReport.Status.SUBMITTED
    assert submitted.first_submitted_at == during(WEEK)
    assert submitted.max_level_rank == 2
    assert "Politik: Situasi aman" in submitted.search_text
    snapshot = ReportSnapshot.objects.get(report=submitted)
    assert snapshot.number == 1 and snapshot.content == submitted.content and len(snapshot.content_hash) == 64
    actions = list(AuditEvent.objects.filter(object_id=str(report.public_id)).values_list("action", flat=True))
    assert sorted(actions) == ["report.draft_saved", "report.submitted"]
    assert submitted.province.code == "32" and submitted.kabkota.code == "32.73"


def test_a_nil_report_is_submitted_in_one_step(operator, kota_bandung):
    report = services.report_submit_nil(user=operator, region=kota_bandung, period=open_week(WEEK), now=during(WEEK))
    assert (report.status, report.is_nil, report.max_level_rank) == ("submitted", True, None)
    assert report.snapshots.get().is_nil


def test_a_stale_save_is_refused_naming_who_changed_it_and_nothing_is_overwritten(operator, kota_bandung, personas):
    report = draft(operator, kota_bandung)
    read_version = report.version
    services.report_save_draft(
        user=operator,
        region=kota_bandung,
        period=report.period,
        content=full_content(narrative="Versi kedua."),
        version=read_version,
        now=during(WEEK),
    )
    with pytest.raises(StaleReport) as refused:
        services.report_save_draft(
            user=operator,
            region=kota_bandung,
            period=report.period,
            content=full_content(narrative="Lama."),
            version=read_version,
            now=during(WEEK),
        )
    assert "sudah diubah oleh" in refused.value.messages[0]
    assert operator.username in refused.value.messages[0] or operator.full_name in refused.value.messages[0]
    assert "WIB" in refused.value.messages[0]
    report.refresh_from_db()
    assert "Versi kedua." in report.search_text


def test_a_period_not_yet_open_is_refused(operator, kota_bandung):
    period = open_week(WEEK)
    with pytest.raises(ReportRefused, match="belum dibuka"):
        services.report_submit_nil(user=operator, region=kota_bandung, period=period, now=during(WEEK, days=-1))
    assert not SituationReport.objects.exists()


def test_after_the_edit_lock_a_report_is_refused_until_a_verifikator_reopens_it(operator, kota_bandung, personas):
    period = open_week(WEEK)
    late = during(WEEK, days=16)
    with pytest.raises(ReportRefused, match="terkunci"):
        services.report_submit_nil(user=operator, region=kota_bandung, period=period, now=late)
    reopened = services.report_reopen_period(
        user=personas["verifikator.jabar"], region=kota_bandung, period=period, reason="Jaringan putus", now=late
    )
    report = services.report_submit_nil(
        user=operator, region=kota_bandung, period=period, version=reopened.version, now=late + timedelta(hours=1)
    )
    assert report.status == "submitted"
    assert report.was_late is True


def test_an_operator_cannot_write_another_regions_report(operator):
    with pytest.raises(PermissionDenied):
        services.report_submit_nil(
            user=operator, region=Region.objects.get(code="32.04"), period=open_week(WEEK), now=during(WEEK)
        )


def test_pimpinan_cannot_write_reports(personas, kota_bandung):
    with pytest.raises(PermissionDenied):
        services.report_submit_nil(
            user=personas["pimpinan"], region=kota_bandung, period=open_week(WEEK), now=during(WEEK)
        )


def test_a_verifikator_writes_the_province_report_but_not_a_kabkota_one(personas, kota_bandung):
    verifikator = personas["verifikator.jabar"]
    period = open_week(WEEK)
    report = services.report_submit_nil(
        user=verifikator, region=Region.objects.get(code="32"), period=period, now=during(WEEK)
    )
    assert report.region.code == "32"
    with pytest.raises(PermissionDenied):
        services.report_submit_nil(user=verifikator, region=kota_bandung, period=period, now=during(WEEK))


def test_submitting_twice_is_refused(operator, kota_bandung):
    report = submitted_report(operator, "32.73", WEEK)
    with pytest.raises(ReportRefused, match="tidak dapat diubah"):
        services.report_submit(user=operator, report=report, version=report.version, now=during(WEEK))


def test_missing_required_fields_are_listed_and_the_draft_is_unchanged(operator, kota_bandung):
    report = draft(operator, kota_bandung, {"sections": {"politik": {"narrative": "Sebagian."}}})
    with pytest.raises(ReportRefused) as refused:
        services.report_submit(user=operator, report=report, version=report.version, now=during(WEEK))
    errors = refused.value.message_dict
    assert errors["konflik_sosial.values.peristiwa_konflik"] == ["Wajib diisi."]
    assert errors["ideologi.level"] == ["Pilih tingkat situasi."]
    fresh = SituationReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.version, fresh.first_submitted_at) == ("draft", report.version, None)
    assert not ReportSnapshot.objects.exists()


def test_return_resubmit_verify_accept(operator, kota_bandung, personas):
    verifikator, analis = personas["verifikator.jabar"], personas["analis.nasional"]
    operator.email = "op@example.org"
    operator.save()
    report = submitted_report(operator, "32.73", WEEK)
    with pytest.raises(ReportRefused):
        services.report_return(user=verifikator, report=report, version=report.version, reason="  ")
    returned = services.report_return(user=verifikator, report=report, version=report.version, reason="Lengkapi data.")
    assert returned.status == "returned"
    assert Notification.objects.get(user=operator).body == "Lengkapi data."
    resubmitted = services.report_submit(
        user=operator,
        report=returned,
        version=returned.version,
        content=full_content("waspada"),
        now=during(WEEK, days=6),
    )
    assert resubmitted.first_submitted_at == during(WEEK)  # the first receipt counts for timeliness
    assert resubmitted.snapshots.count() == 2
    with pytest.raises(PermissionDenied):
        services.report_accept(user=verifikator, report=resubmitted, version=resubmitted.version)
    verified = services.report_verify(user=verifikator, report=resubmitted, version=resubmitted.version)
    accepted = services.report_accept(user=analis, report=verified, version=verified.version)
    assert accepted.status == "accepted" and accepted.accepted_by == analis


def test_an_operator_cannot_verify_and_a_verifikator_of_another_province_gets_nothing(operator, personas):
    report = submitted_report(operator, "32.73", WEEK)
    with pytest.raises(PermissionDenied):
        services.report_verify(user=operator, report=report, version=report.version)


def test_province_reports_are_verified_by_a_national_analis(personas):
    report = submitted_report(personas["verifikator.jabar"], "32", WEEK, nil=True)
    with pytest.raises(PermissionDenied):
        services.report_verify(user=personas["verifikator.jabar"], report=report, version=report.version)
    assert (
        services.report_verify(user=personas["analis.nasional"], report=report, version=report.version).status
        == "verified"
    )


def test_snapshots_cannot_be_changed(operator):
    snapshot = submitted_report(operator, "32.73", WEEK).snapshots.get()
    snapshot.content = {}
    with pytest.raises(ValueError):
        snapshot.save()


def test_an_attachment_of_the_right_type_is_stored(operator, kota_bandung, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = draft(operator, kota_bandung)
    upload = SimpleUploadedFile("notulen rapat.pdf", b"%PDF-1.4\n" + b"x" * 100, content_type="application/pdf")
    attachment = services.attachment_add(user=operator, report=report, upload=upload, now=during(WEEK))
    assert attachment.original_name == "notulen rapat.pdf"
    assert attachment.file.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ" + b"x" * 10, "tidak diterima"),
        ("palsu.pdf", b"MZ" + b"x" * 10, "tidak sesuai"),
        ("besar.pdf", b"%PDF-" + b"x" * 2048, "terlalu besar"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_stored(
    operator, kota_bandung, settings, tmp_path, name, data, message
):
    settings.MEDIA_ROOT = tmp_path
    settings.WASPADA_ATTACHMENT_MAX_BYTES = 1024
    report = draft(operator, kota_bandung)
    with pytest.raises(ReportRefused, match=message):
        services.attachment_add(user=operator, report=report, upload=SimpleUploadedFile(name, data), now=during(WEEK))
    assert not report.attachments.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_comment_needs_a_reviewer_role(operator, personas):
    report = submitted_report(operator, "32.73", WEEK)
    with pytest.raises(PermissionDenied):
        services.report_comment_add(user=operator, report=report, body="Catatan")
    comment = services.report_comment_add(user=personas["analis.nasional"], report=report, body="Perlu data korban.")
    assert comment.body == "Perlu data korban."


def test_a_new_template_version_leaves_reports_of_the_old_one_intact(operator, kota_bandung):
    from waspada.reports.models import ReportTemplate

    old = draft(operator, kota_bandung, full_content("waspada"))
    programme = services.programme_default()
    v2 = ReportTemplate.objects.create(
        code="lapsit-mingguan",
        version=2,
        name="Laporan Situasi Mingguan",
        definition={"sections": [{"code": "umum", "title": "Situasi Umum", "indicators": []}]},
    )
    programme.template = v2
    programme.save()
    # The old draft is still checked against version 1 and can be submitted as written.
    submitted = services.report_submit(user=operator, report=old, version=old.version, now=during(WEEK))
    assert submitted.template.version == 1 and "politik" in submitted.content["sections"]
    # A new report uses version 2.
    other = services.report_save_draft(
        user=operator,
        region=kota_bandung,
        period=open_week("2020-W41"),
        content={"sections": {"umum": {"narrative": "Aman.", "level": "kondusif"}}},
        version=None,
        now=during("2020-W41"),
    )
    assert other.template == v2 and list(other.content["sections"]) == ["umum"]
