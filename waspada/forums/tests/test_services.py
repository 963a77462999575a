"""Forum writes: scope, bad input (Indonesian message, nothing written), history, audit, expiry."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from waspada.core.models import AuditEvent, Notification
from waspada.forums import selectors, services
from waspada.forums.models import Forum, ForumDecree, ForumMember
from waspada.forums.services import ForumRefused
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_operator_records_its_own_fkdm_with_an_audit_event(personas):
    operator = personas["operator.kotabandung"]
    forum = f.forum("32.73", actor=operator, contact_name="Budi")
    assert forum.kabkota_id == f.region("32.73").id and forum.province_id == f.region("32").id
    event = AuditEvent.objects.get(action="forum.created", object_id=str(forum.public_id))
    assert event.actor == operator and event.after["kind"] == "fkdm"


def test_an_operator_cannot_record_another_regions_forum(personas):
    with pytest.raises(PermissionDenied):
        f.forum("32.04", actor=personas["operator.kotabandung"])
    assert not Forum.objects.exists()


def test_pimpinan_cannot_record_a_forum(personas):
    with pytest.raises(PermissionDenied):
        f.forum("32.73", actor=personas["pimpinan"])


def test_it_refuses_a_second_forum_of_the_same_kind_in_a_region(personas):
    f.forum("32.73")
    with pytest.raises(ForumRefused) as exc:
        f.forum("32.73")
    assert "sudah tercatat" in str(exc.value.message_dict["kind"])
    assert Forum.objects.count() == 1


def test_it_refuses_a_forum_at_desa_level(personas):
    from waspada.regions.models import Region

    desa = Region(code="32.73.01.1001", name="Desa", level="desa", timezone="WIB")  # no desa in the test tree
    with pytest.raises(ForumRefused) as exc:
        services.forum_create(actor=f.user(), data=services.ForumInput(region=desa, kind="fkdm"))
    assert "kecamatan" in exc.value.message_dict["region"][0]


def test_it_refuses_a_decree_that_ends_before_it_starts_and_writes_nothing(personas):
    forum = f.forum("32.73")
    before = AuditEvent.objects.count()
    with pytest.raises(ForumRefused) as exc:
        f.decree(forum, date(2020, 6, 1), date(2020, 5, 31))
    assert exc.value.message_dict["valid_until"] == [
        "Masa berlaku SK berakhir (31-05-2020) sebelum mulai berlaku (01-06-2020)."
    ]
    assert not ForumDecree.objects.exists()
    assert AuditEvent.objects.count() == before


def test_it_refuses_a_decree_without_number_or_signer(personas):
    forum = f.forum("32.73")
    data = services.DecreeInput(number=" ", decree_date=date(2020, 1, 1), signer="", valid_from=date(2020, 1, 1))
    with pytest.raises(ForumRefused) as exc:
        services.decree_record(actor=f.user(), forum=forum, data=data)
    assert set(exc.value.message_dict) == {"number", "signer"}


def test_a_decree_keeps_its_pdf_and_refuses_other_files(personas):
    forum = f.forum("32.73")
    decree = f.decree(forum, date(2020, 1, 1), None, upload=f.pdf("SK FKDM.pdf"))
    assert decree.original_name == "SK FKDM.pdf" and decree.file.name.endswith(".pdf")
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("sk.pdf", b"MZ not a pdf")
    with pytest.raises(ForumRefused) as exc:
        f.decree(forum, date(2021, 1, 1), None, upload=fake)
    assert "tidak sesuai" in exc.value.message_dict["file"][0]
    assert ForumDecree.objects.count() == 1


def test_it_refuses_a_member_without_a_name_and_writes_nothing(personas):
    forum = f.forum("32.73")
    with pytest.raises(ForumRefused) as exc:
        f.member(forum, name="  ")
    assert exc.value.message_dict["name"] == ["Nama anggota wajib diisi."]
    assert not ForumMember.objects.exists()


def test_ending_a_membership_keeps_the_row_and_a_new_position_is_a_new_row(personas):
    forum = f.forum("32.73")
    first = f.member(forum, name="Siti", position="Anggota", joined_on=date(2019, 1, 1))
    services.member_end(
        actor=f.user(), member=first, left_on=date(2020, 1, 1), reason="Menjadi ketua", expected_version=first.version
    )
    f.member(forum, name="Siti", position="Ketua", joined_on=date(2020, 1, 1))
    current, former = selectors.members_of(forum)
    assert [(m.name, m.position) for m in current] == [("Siti", "Ketua")]
    assert [(m.name, m.position, m.left_on) for m in former] == [("Siti", "Anggota", date(2020, 1, 1))]


def test_it_refuses_ending_a_membership_before_it_began_or_twice(personas):
    forum = f.forum("32.73")
    m = f.member(forum, joined_on=date(2020, 5, 1))
    with pytest.raises(ForumRefused):
        services.member_end(actor=f.user(), member=m, left_on=date(2020, 4, 30), expected_version=m.version)
    m = services.member_end(actor=f.user(), member=m, left_on=date(2020, 6, 1), expected_version=m.version)
    with pytest.raises(ForumRefused):
        services.member_end(actor=f.user(), member=m, left_on=date(2020, 7, 1), expected_version=m.version)


def test_a_stale_save_is_refused(personas):
    forum = f.forum("32.73")
    data = services.ForumInput(region=forum.region, kind="fkdm", name="FKDM Kota Bandung")
    services.forum_update(actor=f.user(), forum=forum, data=data, expected_version=1)
    with pytest.raises(services.StaleForumRecord):
        services.forum_update(actor=f.user(), forum=forum, data=data, expected_version=1)


def test_a_meeting_in_the_future_or_without_agenda_is_refused(personas):
    forum = f.forum("32.73")
    data = services.MeetingInput(held_on=date(2020, 8, 1), agenda="")
    with pytest.raises(ForumRefused) as exc:
        services.meeting_record(actor=f.user(), forum=forum, data=data, today=date(2020, 7, 1))
    assert set(exc.value.message_dict) == {"held_on", "agenda"}
    meeting = services.meeting_record(
        actor=f.user(),
        forum=forum,
        data=services.MeetingInput(held_on=date(2020, 6, 1), agenda="Rapat koordinasi", attendance=12),
        today=date(2020, 7, 1),
    )
    assert selectors.meetings_of(forum) == [meeting]


def test_forum_status_by_region_covers_every_kabupaten_kota(personas):
    kota = f.forum("32.73")
    f.decree(kota, date(2019, 1, 1), date(2023, 12, 31))
    kab = f.forum("32.04")
    f.decree(kab, date(2015, 1, 1), date(2019, 12, 31))
    f.decree(f.forum("32.04", kind="tkdpd"), date(2019, 1, 1), None)  # another kind: not counted
    result = selectors.forum_status_by_region("fkdm", date(2020, 7, 1))
    assert len(result) == 514
    assert result[f.region("32.73").id] == "aktif"
    assert result[f.region("32.04").id] == "kedaluwarsa"
    assert result[f.region("32.01").id] == "belum"
    assert sum(1 for s in result.values() if s == "belum") == 512


def test_compliance_overview_is_exact_per_province_in_scope(personas):
    f.decree(f.forum("32.73"), date(2019, 1, 1), None)
    f.decree(f.forum("32.04"), date(2015, 1, 1), date(2019, 12, 31))
    f.decree(f.forum("33.01"), date(2019, 1, 1), None)
    as_of = date(2020, 7, 1)
    national = selectors.compliance_overview(personas["analis.nasional"], kind="fkdm", level="kabkota", as_of=as_of)
    assert (national.total.active, national.total.expired, national.total.none) == (2, 1, 511)
    jabar = next(p for p in national.provinces if p.province.code == "32")
    assert (jabar.tally.active, jabar.tally.expired, jabar.tally.none) == (1, 1, 25)
    scoped = selectors.compliance_overview(personas["verifikator.jabar"], kind="fkdm", level="kabkota", as_of=as_of)
    assert scoped.total.expected == 27 and [p.province.code for p in scoped.provinces] == ["32"]
    lacking = {r.region.code: r for r in scoped.lacking}
    assert "32.73" not in lacking and lacking["32.04"].status == "kedaluwarsa"
    assert lacking["32.04"].valid_until == date(2019, 12, 31)
    assert [u.username for u in lacking["32.04"].operators] == ["operator.kabbandung"]
    provinces = selectors.compliance_overview(personas["analis.nasional"], kind="fkdm", level="provinsi", as_of=as_of)
    assert provinces.total.expected == 34 and provinces.total.active == 0  # 34 provinces in 2020


def test_decrees_nearing_expiry_notify_the_regions_operators_once_per_day(personas):
    soon = f.decree(f.forum("32.73"), date(2018, 1, 1), date(2020, 7, 20))
    f.decree(f.forum("32.04"), date(2018, 1, 1), date(2020, 9, 1))  # not within 30 days
    renewed = f.forum("32.73", kind="tkdpd")
    f.decree(renewed, date(2018, 1, 1), date(2020, 7, 10))
    f.decree(renewed, date(2020, 7, 11), None, number="SK/2/2020", decree_date=date(2020, 6, 1))
    assert services.expiry_notices_send(as_of=date(2020, 7, 1)) == 1
    note = Notification.objects.get(kind="forum.decree_expiring")
    assert note.user.username == "operator.kotabandung"
    assert "19 hari" in note.title and soon.number in note.body
    assert services.expiry_notices_send(as_of=date(2020, 7, 1)) == 0
    assert services.expiry_notices_send(as_of=date(2020, 7, 2)) == 1
