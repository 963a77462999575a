"""The generic export service (queue, progress, storage, SHA-256, audit) and its pages."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from waspada.core import exports
from waspada.core.models import AuditEvent, Export
from waspada.core.tasks import task

pytestmark = pytest.mark.django_db

enqueued: list[int] = []


@task()
def remember(export_id: int) -> None:
    enqueued.append(export_id)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enqueued.clear()
    return tmp_path


def queued(user, **params) -> Export:
    return Export.objects.create(kind="uji", params=params, filename="uji.txt", requested_by=user)


def test_a_request_is_stored_audited_and_enqueued_only_on_commit(personas, django_capture_on_commit_callbacks):
    user = personas["analis.nasional"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        export = exports.export_request(user=user, kind="uji", params={"a": 1}, filename="uji.txt", task=remember)
        assert enqueued == []  # nothing runs before the transaction commits
    assert len(callbacks) == 1 and enqueued == [export.pk]
    assert export.status == Export.Status.QUEUED and export.requested_by == user
    event = AuditEvent.objects.get(action="export.requested", object_id=str(export.public_id))
    assert event.actor == user and event.after["params"] == {"a": 1}


def test_an_anonymous_request_is_refused(db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        exports.export_request(user=AnonymousUser(), kind="uji", params={}, filename="x", task=remember)
    assert not Export.objects.exists()


def test_a_run_stores_the_file_its_hash_and_shows_progress_as_it_goes(personas, media):
    export = queued(personas["analis.nasional"])
    seen = []

    def builder(current, progress):
        assert Export.objects.get(pk=current.pk).status == Export.Status.RUNNING
        progress(40)
        seen.append(Export.objects.get(pk=current.pk).progress)
        return exports.Built(b"isi berkas", "laporan-uji.txt", {"data_sha256": "abc"})

    done = exports.export_run(export_id=export.pk, builder=builder)
    assert seen == [40]
    done.refresh_from_db()
    assert done.status == Export.Status.DONE and done.progress == 100 and done.finished_at
    assert done.filename == "laporan-uji.txt"
    assert done.content_hash == hashlib.sha256(b"isi berkas").hexdigest()
    assert done.params["data_sha256"] == "abc"
    # stored through the storage API under our own name, not the user's
    assert done.file.name.endswith(f"{done.public_id}.txt")
    with done.file.open("rb") as handle:
        assert handle.read() == b"isi berkas"
    assert AuditEvent.objects.filter(action="export.finished", object_id=str(done.public_id)).exists()


def test_a_refusal_is_shown_in_words_and_a_crash_without_a_traceback(personas):
    user = personas["analis.nasional"]
    refused = queued(user)

    def refuse(current, progress):
        raise ValidationError("Provinsi ini tidak lagi dalam cakupan Anda.")

    exports.export_run(export_id=refused.pk, builder=refuse)
    refused.refresh_from_db()
    assert refused.status == Export.Status.FAILED
    assert refused.message == "Provinsi ini tidak lagi dalam cakupan Anda."

    crashed = queued(user)

    def crash(current, progress):
        raise RuntimeError("/srv/secret/path exploded")

    exports.export_run(export_id=crashed.pk, builder=crash)
    crashed.refresh_from_db()
    assert crashed.status == Export.Status.FAILED
    assert "exploded" not in crashed.message and "Ekspor gagal" in crashed.message
    assert not crashed.file
    assert AuditEvent.objects.filter(action="export.failed").count() == 2


def test_a_finished_export_is_not_built_twice(personas):
    export = queued(personas["analis.nasional"])
    export.status = Export.Status.DONE
    export.save()

    def builder(current, progress):
        raise AssertionError("must not run")

    assert exports.export_run(export_id=export.pk, builder=builder).status == Export.Status.DONE
    assert exports.export_run(export_id=999_999, builder=builder) is None


def test_the_status_page_polls_until_the_export_is_finished(login_as, personas):
    client = login_as("analis.nasional")
    export = queued(personas["analis.nasional"])
    export.status, export.progress = Export.Status.RUNNING, 35
    export.save()
    page = client.get(reverse("exports:detail", args=[export.public_id])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="kemajuan" class="w-100" max="100" value="35">' in page
    export.status, export.progress = Export.Status.DONE, 100
    export.content_hash = "f" * 64
    export.save()
    fragment = client.get(reverse("exports:status", args=[export.public_id])).content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("exports:download", args=[export.public_id]) in fragment and "f" * 64 in fragment


def test_the_requester_downloads_the_file(login_as, personas):
    user = personas["pimpinan"]

    def builder(current, progress):
        return exports.Built(b"PK\x03\x04 isi", "rekap.xlsx")

    export = exports.export_run(export_id=queued(user).pk, builder=builder)
    response = login_as("pimpinan").get(reverse("exports:download", args=[export.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 isi"
    assert 'filename="rekap.xlsx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_an_unfinished_export_has_nothing_to_download(login_as, personas):
    export = queued(personas["pimpinan"])
    assert login_as("pimpinan").get(reverse("exports:download", args=[export.public_id])).status_code == 404


@pytest.mark.parametrize("name", ["exports:detail", "exports:status", "exports:download"])
def test_another_user_cannot_see_or_download_someones_export(login_as, personas, name):
    def builder(current, progress):
        return exports.Built(b"rahasia", "rekap.pdf")

    export = exports.export_run(export_id=queued(personas["analis.nasional"]).pk, builder=builder)
    url = reverse(name, args=[export.public_id])
    assert login_as("analis.nasional").get(url).status_code == 200
    for other in ("pimpinan", "admin", "verifikator.jabar", "operator.kotabandung"):
        assert login_as(other).get(url).status_code == 404, other


def test_an_anonymous_visitor_is_sent_to_log_in(client, personas):
    export = queued(personas["analis.nasional"])
    response = client.get(reverse("exports:detail", args=[export.public_id]))
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_the_status_page_links_back_with_the_sources_label_or_else_to_the_recap(login_as, personas):
    client = login_as("analis.nasional")
    declared = queued(
        personas["analis.nasional"], back_url="/pilkada/rekap/?a=1", back_label="Kembali ke peta kerawanan"
    )
    page = client.get(reverse("exports:detail", args=[declared.public_id])).content.decode()
    assert '<a href="/pilkada/rekap/?a=1" data-testid="export-back">← Kembali ke peta kerawanan</a>' in page
    older = queued(personas["analis.nasional"], back_url="/laporan/rekap/")  # stored before labels were declared
    page = client.get(reverse("exports:detail", args=[older.public_id])).content.decode()
    assert '<a href="/laporan/rekap/" data-testid="export-back">← Kembali ke rekap</a>' in page
    bare = queued(personas["analis.nasional"])
    assert (
        'data-testid="export-back"' not in client.get(reverse("exports:detail", args=[bare.public_id])).content.decode()
    )


class Unreadable(ValueError):
    pass


def scoped(read, **declared):
    """A scoped builder of a made-up page (the audit list stands for the page)."""
    source = exports.ExportSource(kind="uji", back=exports.BackLink("core:audit_list"), filter_keys=("wilayah",))
    options = {"may_read": lambda user: user.username != "pimpinan", "role_refused": "Peran tidak berwenang."}
    options.update(declared)
    return exports.scoped_builder(
        source=source,
        read=read,
        render=lambda user, data, fmt, progress: exports.Built(f"{data}:{fmt}".encode(), f"uji.{fmt}"),
        bad_filter="waspada.core.tests.test_exports.Unreadable",
        **options,
    )


def run_scoped(user, builder, **params) -> Export:
    export = queued(user, **params)
    exports.export_run(export_id=export.pk, builder=builder)
    export.refresh_from_db()
    return export


def test_a_scoped_builder_refuses_at_build_time_in_words(personas):
    def read(user, filters):
        if filters.get("wilayah") == "asing":
            raise Unreadable("Wilayah «asing» tidak dikenal.")
        if filters.get("wilayah") == "51":
            raise Http404
        return filters.get("wilayah", "semua")

    builder = scoped(read)
    analyst, chief = personas["analis.nasional"], personas["pimpinan"]
    refusals = [
        (analyst, {"format": "doc"}, "Format ekspor 'doc' tidak dikenal. Pilih XLSX atau PDF."),
        (chief, {"format": "pdf"}, "Peran tidak berwenang."),
        (analyst, {"format": "pdf", "filters": {"wilayah": "asing"}}, "Wilayah «asing» tidak dikenal."),
        (
            analyst,
            {"format": "xlsx", "filters": {"wilayah": "51"}},
            "Wilayah ekspor ini tidak lagi berada dalam cakupan Anda.",
        ),
    ]
    for user, params, message in refusals:
        export = run_scoped(user, builder, **params)
        assert (export.status, export.message) == (Export.Status.FAILED, message), params
        assert not export.file
    done = run_scoped(analyst, builder, format="xlsx", filters={"wilayah": "32"})
    assert done.status == Export.Status.DONE and done.filename == "uji.xlsx"
    with done.file.open("rb") as handle:
        assert handle.read() == b"32:xlsx"


def test_a_scoped_export_request_stores_the_filters_the_link_back_and_its_label(
    personas, django_capture_on_commit_callbacks
):
    source = exports.ExportSource(
        kind="uji",
        back=exports.BackLink("core:audit_list", "Kembali ke uji"),
        filter_keys=("wilayah", "q"),
        filter_limit=5,
    )
    assert source.filter_params({"wilayah": " 32.73 ", "q": "", "lain": "x"}) == {"wilayah": "32.73"}
    assert source.filter_params({"wilayah": "32.73.01"}) == {"wilayah": "32.73"}  # cut to filter_limit
    request = source.filter_request(personas["analis.nasional"], {"wilayah": "32", "lain": "x"})
    assert request.GET.dict() == {"wilayah": "32"}
    with django_capture_on_commit_callbacks(execute=False):
        export = exports.scoped_export_request(
            source=source,
            user=personas["analis.nasional"],
            fmt="pdf",
            filters={"wilayah": "32"},
            title="Uji (PDF)",
            described=[("Wilayah", "32 Jawa Barat")],
            filename="uji.pdf",
            task=remember,
            zone="WITA",
        )
    assert export.kind == "uji" and export.filename == "uji.pdf" and enqueued == []
    assert exports.BackLink("core:audit_list").url({}) == reverse("core:audit_list")  # no dangling "?"
    assert export.params == {
        "format": "pdf",
        "filters": {"wilayah": "32"},
        "title": "Uji (PDF)",
        "described": [["Wilayah", "32 Jawa Barat"]],
        "back_url": reverse("core:audit_list") + "?wilayah=32",
        "back_label": "Kembali ke uji",
        "zone": "WITA",
    }


def test_an_export_task_answers_the_exports_status_or_missing(personas):
    def builder(current, progress):
        return exports.Built(b"isi", "uji.txt")

    assert exports.export_task_run(queued(personas["analis.nasional"]).pk, builder) == Export.Status.DONE
    assert exports.export_task_run(999_999, builder) == "missing"


# --- the house style ---------------------------------------------------------------------------


def _heading(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content)).active["A1"]


def house_sheet(house: exports.HouseWorkbook) -> exports.HouseWorkbook:
    sheet = house.book.add_worksheet("Uji")
    sheet.write_string(0, 0, "Kode", house.head)
    return house


def test_a_house_workbook_in_memory_gives_its_bytes_with_a_grey_unwrapped_heading(db):
    content = house_sheet(exports.HouseWorkbook()).close()
    heading = _heading(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    assert heading.value == "Kode" and heading.font.b and heading.fill.fgColor.rgb.endswith("E9ECEF")
    assert not heading.alignment.wrap_text and heading.alignment.vertical is None


def test_a_house_workbook_written_to_a_file_keeps_the_options_it_is_given(db, tmp_path):
    path = tmp_path / "uji.xlsx"
    options = {"constant_memory": True, "strings_to_formulas": False}
    with path.open("wb") as out:
        assert house_sheet(exports.HouseWorkbook(out, options=options, wrap_head=True)).close() == b""
    content = path.read_bytes()
    heading = _heading(content)
    assert heading.font.b and heading.alignment.wrap_text and heading.alignment.vertical == "top"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:  # constant memory: strings inline, no shared table
        assert "xl/sharedStrings.xml" not in archive.namelist()


def test_a_document_hash_is_the_sha256_of_sorted_compact_utf8_json(db):
    expected = hashlib.sha256('{"a":null,"b":[1,"é"]}'.encode()).hexdigest()
    assert exports.document_hash({"b": [1, "é"], "a": None}) == expected
