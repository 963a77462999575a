"""The generic export service (queue, progress, storage, SHA-256, audit) and its pages."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
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
