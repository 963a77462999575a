"""Forum pages: scoped list and detail, forms with Indonesian refusals, the compliance page and map."""

from datetime import date

import pytest
from django.urls import reverse

from waspada.forums.models import Forum, ForumDecree, ForumMember
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_forums_in_scope(login_as):
    f.forum("32.73", name="FKDM Kota Bandung")
    f.forum("32.04", name="FKDM Kabupaten Bandung")
    body = login_as("operator.kotabandung").get(reverse("forums:list")).content.decode()
    assert "FKDM Kota Bandung" in body and "FKDM Kabupaten Bandung" not in body
    body = login_as("verifikator.jabar").get(reverse("forums:list")).content.decode()
    assert "FKDM Kota Bandung" in body and "FKDM Kabupaten Bandung" in body


def test_an_unknown_kind_filter_is_refused_in_indonesian(login_as):
    response = login_as("analis.nasional").get(reverse("forums:list"), {"jenis": "xyz"})
    assert response.status_code == 400 and "tidak dikenal" in response.content.decode()


def test_fkdm_members_and_pimpinan_cannot_record_forums(login_as):
    assert login_as("fkdm.kotabandung").get(reverse("forums:list")).status_code == 403
    assert login_as("pimpinan").get(reverse("forums:create")).status_code == 403
    assert login_as("pimpinan").get(reverse("forums:list")).status_code == 200


def test_an_operator_records_its_fkdm_with_decree_and_member_through_the_pages(login_as):
    client = login_as("operator.kotabandung")
    response = client.post(
        reverse("forums:create"), {"region": "32.73", "kind": "fkdm", "status": "aktif", "contact_name": "Budi"}
    )
    forum = Forum.objects.get(region__code="32.73", kind="fkdm")
    assert response.status_code == 302 and response["Location"] == reverse("forums:detail", args=[forum.public_id])
    response = client.post(
        reverse("forums:decree_add", args=[forum.public_id]),
        {
            "number": "188.45/Kep.100-Bakesbangpol/2020",
            "decree_date": "2020-02-01",
            "signer": "Wali Kota Bandung",
            "valid_from": "2020-02-01",
            "valid_until": "2030-01-31",
            "file": f.pdf(),
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("forums:member_add", args=[forum.public_id]),
        {"name": "Siti Aminah", "position": "Ketua", "agency": "PCNU", "element": "ormas", "joined_on": "2020-02-01"},
    )
    body = client.get(reverse("forums:detail", args=[forum.public_id])).content.decode()
    assert "188.45/Kep.100-Bakesbangpol/2020" in body and "Siti Aminah" in body and 'data-status="aktif"' in body
    decree = ForumDecree.objects.get()
    download = client.get(reverse("forums:decree_file", args=[decree.public_id]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_decree_ending_before_it_starts_is_refused_on_the_page_and_nothing_written(login_as):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        reverse("forums:decree_add", args=[forum.public_id]),
        {
            "number": "1/2020",
            "decree_date": "2020-02-01",
            "signer": "Wali Kota",
            "valid_from": "2020-02-01",
            "valid_until": "2019-02-01",
        },
    )
    assert response.status_code == 400
    assert "sebelum mulai berlaku" in response.content.decode()
    assert not ForumDecree.objects.exists()


def test_a_member_without_a_name_is_refused_on_the_page(login_as):
    forum = f.forum("32.73")
    response = login_as("operator.kotabandung").post(
        reverse("forums:member_add", args=[forum.public_id]),
        {"name": "", "position": "Anggota", "joined_on": "2020-01-01"},
    )
    assert response.status_code == 400 and "Nama anggota wajib diisi." in response.content.decode()
    assert not ForumMember.objects.exists()


def test_ending_a_membership_on_the_page_keeps_it_in_the_history(login_as):
    forum = f.forum("32.73")
    m = f.member(forum, name="Asep")
    client = login_as("operator.kotabandung")
    response = client.post(
        reverse("forums:member_end", args=[m.public_id]), {"left_on": "2020-06-01", "reason": "Mutasi", "version": "1"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.left_on == date(2020, 6, 1)
    body = client.get(reverse("forums:detail", args=[forum.public_id])).content.decode()
    assert 'data-testid="former-member-table"' in body and "Mutasi" in body


def test_the_compliance_page_gives_the_national_figure_and_the_lacking_regions(login_as):
    f.decree(f.forum("32.73", contact_name="Budi"), date(2019, 1, 1), None)
    f.decree(f.forum("32.04", contact_name="Asep Kab"), date(2015, 1, 1), date(2019, 12, 31))
    client = login_as("analis.nasional")
    response = client.get(reverse("forums:compliance"), {"jenis": "fkdm", "tingkat": "kabkota", "per": "2020-07-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 dari 514 kabupaten/kota memiliki FKDM aktif" in body
    # 513 regions without an active FKDM: the list is paged, Kabupaten Bandung is on a later page.
    assert 'data-testid="lacking-count">(513)' in body
    body = client.get(
        reverse("forums:compliance"),
        {"jenis": "fkdm", "tingkat": "kabkota", "per": "2020-07-01", "daftar": "kedaluwarsa"},
    ).content.decode()
    assert 'data-code="32.04"' in body and "Asep Kab" in body
    data = client.get(reverse("forums:compliance_map"), {"jenis": "fkdm", "per": "2020-07-01"}).json()
    assert data["status"]["32.73"] == "aktif" and data["status"]["32.04"] == "kedaluwarsa"
    assert data["status"]["32.01"] == "belum" and len(data["status"]) == 514


def test_the_national_list_of_regions_without_a_forum_is_paged_keeping_the_filters(login_as, personas):
    from waspada.forums.views.compliance import LACKING_PAGE_SIZE

    f.decree(f.forum("32.73", contact_name="Budi"), date(2019, 1, 1), None)
    f.decree(f.forum("32.04", contact_name="Asep Kab"), date(2015, 1, 1), date(2019, 12, 31))
    client = login_as("analis.nasional")
    params = {"jenis": "fkdm", "tingkat": "kabkota", "per": "2020-07-01"}
    body = client.get(reverse("forums:compliance"), params).content.decode()
    lacking = body.split('data-testid="lacking-table"')[1].split("</table>")[0]
    assert lacking.count("data-code=") == LACKING_PAGE_SIZE == 50
    assert 'data-code="11.01"' in lacking  # by code: Aceh first
    assert "Halaman 1 dari 11 · wilayah 1–50 dari 513" in body
    assert "jenis=fkdm&amp;tingkat=kabkota&amp;per=2020-07-01&amp;halaman=2" in body  # the pager keeps the filters
    assert "Sebelumnya" not in body.split('data-testid="lacking-pager"')[1]
    # The province table, the totals and the exports are not paged.
    assert body.split('data-testid="province-table"')[1].split("</table>")[0].count("data-code=") == 38
    export_form = body.split('data-testid="export-buttons"')[1].split("</form>")[0]
    assert 'name="per" value="2020-07-01"' in export_form and "halaman" not in export_form
    last = client.get(reverse("forums:compliance"), {**params, "halaman": "11"}).content.decode()
    lacking = last.split('data-testid="lacking-table"')[1].split("</table>")[0]
    assert lacking.count("data-code=") == 13 and 'data-code="96.' in lacking
    assert "wilayah 501–513 dari 513" in last and "Berikutnya" not in last.split('data-testid="lacking-pager"')[1]
    # A page number out of range or not a number shows the nearest page rather than failing.
    assert (
        "Halaman 11 dari 11" in client.get(reverse("forums:compliance"), {**params, "halaman": "99"}).content.decode()
    )
    assert "Halaman 1 dari 11" in client.get(reverse("forums:compliance"), {**params, "halaman": "x"}).content.decode()
    # Only the expired ones: one row, no pager; only the never-formed ones: 512.
    only = client.get(reverse("forums:compliance"), {**params, "daftar": "kedaluwarsa"}).content.decode()
    assert 'data-testid="lacking-count">(1)' in only and 'data-testid="lacking-pager"' not in only
    assert 'data-code="32.04"' in only and 'data-status="belum"' not in only
    none = client.get(reverse("forums:compliance"), {**params, "daftar": "belum", "provinsi": "32"}).content.decode()
    assert 'data-testid="lacking-count">(25)' in none and 'data-code="32.04"' not in none
    assert 'data-code="32.73"' not in none


def test_a_province_verifikator_pages_only_its_own_kabupaten_kota(login_as):
    client = login_as("verifikator.jabar")
    body = client.get(reverse("forums:compliance"), {"per": "2020-07-01", "halaman": "2"}).content.decode()
    assert "0 dari 27 kabupaten/kota memiliki FKDM aktif" in body
    assert 'data-testid="lacking-pager"' not in body  # 27 rows fit on one page
    lacking = body.split('data-testid="lacking-table"')[1].split("</table>")[0]
    assert lacking.count('data-code="32.') == 27 and 'data-code="33.' not in lacking
    assert client.get(reverse("forums:compliance"), {"provinsi": "33"}).status_code == 404


def test_the_compliance_page_reads_contacts_for_the_shown_page_only_in_a_fixed_number_of_queries(
    login_as, django_assert_max_num_queries
):
    from waspada.accounts.models import RoleAssignment

    for code in ("11.01", "11.02", "32.04", "32.01"):
        f.decree(f.forum(code, contact_name=f"Narahubung {code}"), date(2015, 1, 1), date(2019, 12, 31))
    client = login_as("analis.nasional")
    params = {"jenis": "fkdm", "tingkat": "kabkota", "per": "2020-07-01"}
    client.get(reverse("forums:compliance"), params)  # warm: session, caches
    with django_assert_max_num_queries(20) as captured:
        body = client.get(reverse("forums:compliance"), params).content.decode()
    assert "Narahubung 11.01" in body and "Narahubung 32.04" not in body  # 32.04 is on a later page
    contact_queries = [q["sql"] for q in captured.captured_queries if "forums_forum" in q["sql"]]
    assert len(contact_queries) <= 3  # public ids, then the page's forums (one query each)
    assert sum(RoleAssignment._meta.db_table in q["sql"] for q in captured.captured_queries) <= 3


def test_the_compliance_page_refuses_an_unknown_list_choice(login_as):
    client = login_as("analis.nasional")
    response = client.get(reverse("forums:compliance"), {"daftar": "aktif"})
    assert response.status_code == 400
    assert "Pilihan daftar «aktif» tidak dikenal" in response.content.decode()


def test_the_compliance_page_is_scoped_and_refuses_bad_filters(login_as):
    client = login_as("operator.kotabandung")
    body = client.get(reverse("forums:compliance"), {"per": "2020-07-01"}).content.decode()
    assert "0 dari 1 kabupaten/kota memiliki FKDM aktif" in body
    assert client.get(reverse("forums:compliance"), {"tingkat": "desa"}).status_code == 400
    assert client.get(reverse("forums:compliance"), {"per": "kemarin"}).status_code == 400
    assert client.get(reverse("forums:compliance_map"), {"jenis": "x"}).status_code == 400


def test_the_forum_list_reads_the_decrees_of_a_page_in_one_query_with_the_same_statuses(
    login_as, django_assert_max_num_queries
):
    from waspada.forums import selectors
    from waspada.forums.views.common import today

    codes = ["32.01", "32.02", "32.03", "32.04", "32.05", "32.06", "32.07", "32.08", "32.09", "32.10"]
    forums = [f.forum(code) for code in codes]
    for i, forum in enumerate(forums):
        if i % 3 == 0:
            f.decree(forum, date(2019, 1, 1), None)  # in force
        elif i % 3 == 1:
            f.decree(forum, date(2015, 1, 1), date(2019, 12, 31))  # expired
            f.decree(forum, date(2010, 1, 1), date(2014, 12, 31), number="SK/lama")
    client = login_as("verifikator.jabar")
    client.get(reverse("forums:list"))  # warm
    with django_assert_max_num_queries(15) as captured:
        body = client.get(reverse("forums:list")).content.decode()
    assert sum("forums_forumdecree" in q["sql"] for q in captured.captured_queries) == 1
    day = today()
    for forum in forums:
        row = body.split(f'data-forum="{forum.public_id}"')[1].split("</tr>")[0]
        assert f'data-status="{selectors.forum_status(forum, day)}"' in row
    assert selectors.forum_statuses(forums, day) == {x.id: selectors.forum_status(x, day) for x in forums}
