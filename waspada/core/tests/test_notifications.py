"""In-app notifications: each user sees and marks only their own; the navbar shows the unread count."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from waspada.accounts.services import role_assign, user_create
from waspada.core.models import Notification
from waspada.core.notifications import notify
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/notifikasi/"


def note(user, title="Laporan 2020-W40 dikembalikan", key=None, **extra):
    (created,) = notify(users=[user], kind="report.returned", title=title, dedupe_key=key, email=False, **extra)
    return created


def test_the_list_is_mounted_at_notifikasi():
    assert reverse("notifications:list") == LIST


def test_a_user_sees_only_their_own_notifications(personas, login_as):
    note(personas["operator.kotabandung"], "Untuk Kota Bandung", url="/laporan/")
    note(personas["operator.kabbandung"], "Untuk Kabupaten Bandung")
    response = login_as("operator.kotabandung").get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Untuk Kota Bandung" in body
    assert "Untuk Kabupaten Bandung" not in body
    assert 'href="/laporan/"' in body


def test_times_are_shown_in_the_users_own_zone_with_its_name(personas, login_as):
    jayapura = user_create(actor=None, username="op.91-71", password=None, full_name="Operator Jayapura")
    role_assign(actor=None, user=jayapura, role="operator", region=Region.objects.get(code="91.71"))
    note(jayapura, "Pengingat")
    client = Client()
    client.force_login(jayapura)
    assert " WIT</div>" in client.get(LIST).content.decode()
    note(personas["operator.kotabandung"], "Pengingat")
    assert " WIB</div>" in login_as("operator.kotabandung").get(LIST).content.decode()


def test_the_navbar_shows_the_unread_count_on_every_page(personas, login_as):
    client = login_as("operator.kotabandung")
    note(personas["operator.kotabandung"], "Satu")
    note(personas["operator.kotabandung"], "Dua")
    note(personas["operator.kabbandung"], "Bukan miliknya")
    home = client.get(reverse("dashboards:home")).content.decode()
    assert 'data-testid="nav-notifications"' in home
    assert '<span class="badge rounded-pill text-bg-warning">2<span class="visually-hidden"> belum dibaca' in home


def test_no_badge_when_everything_is_read(personas, login_as):
    client = login_as("operator.kotabandung")
    home = client.get(reverse("dashboards:home")).content.decode()
    assert 'data-testid="nav-notifications"' in home
    assert "text-bg-warning" not in home


def test_marking_one_notification_read_changes_only_that_one(personas, login_as):
    first = note(personas["operator.kotabandung"], "Satu")
    second = note(personas["operator.kotabandung"], "Dua")
    response = login_as("operator.kotabandung").post(LIST, {"id": first.pk}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Notifikasi ditandai sudah dibaca." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_another_users_notification_answers_404_and_stays_unread(personas, login_as):
    theirs = note(personas["operator.kabbandung"], "Milik Kabupaten Bandung")
    mine = note(personas["operator.kotabandung"], "Milik Kota Bandung")
    client = login_as("operator.kotabandung")
    assert client.post(LIST, {"id": theirs.pk}).status_code == 404
    # Mixed with one's own: still 404, and nothing at all is marked.
    assert client.post(LIST, {"id": [mine.pk, theirs.pk]}).status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_an_unreadable_id_gets_a_clear_message_and_changes_nothing(personas, login_as):
    note(personas["operator.kotabandung"])
    response = login_as("operator.kotabandung").post(LIST, {"id": "satu"}, follow=True)
    assert "Pilih notifikasi yang akan ditandai sudah dibaca." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_mark_all_read_touches_only_the_users_own_notifications(personas, login_as):
    note(personas["operator.kotabandung"], "Satu")
    note(personas["operator.kotabandung"], "Dua")
    other = note(personas["operator.kabbandung"], "Lain")
    response = login_as("operator.kotabandung").post(LIST, {"semua": "1"}, follow=True)
    assert "2 notifikasi ditandai sudah dibaca." in response.content.decode()
    assert Notification.objects.filter(user=personas["operator.kotabandung"], read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_the_unread_filter_lists_only_unread_notifications(personas, login_as):
    read = note(personas["operator.kotabandung"], "Sudah dibaca")
    note(personas["operator.kotabandung"], "Masih baru")
    client = login_as("operator.kotabandung")
    client.post(LIST, {"id": read.pk})
    body = client.get(LIST, {"tampil": "belum-dibaca"}).content.decode()
    assert "Masih baru" in body
    assert "Sudah dibaca" not in body


def test_a_read_only_role_may_mark_its_own_notifications_read(personas, login_as):
    # Personal bookkeeping, not a write of regional data: pimpinan is not refused here.
    mine = note(personas["pimpinan"], "Ringkasan")
    assert login_as("pimpinan").post(LIST, {"id": mine.pk}).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_the_redirect_after_marking_never_leaves_the_site(personas, login_as):
    mine = note(personas["operator.kotabandung"])
    response = login_as("operator.kotabandung").post(LIST, {"id": mine.pk, "next": "https://contoh.example/"})
    assert response["Location"] == LIST
    again = note(personas["operator.kotabandung"], key="lain")
    response = login_as("operator.kotabandung").post(LIST, {"id": again.pk, "next": "/notifikasi/?halaman=2"})
    assert response["Location"] == "/notifikasi/?halaman=2"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]
    assert client.post(LIST, {"semua": "1"}).status_code == 302


def test_notify_is_idempotent_by_dedupe_key(personas):
    user = personas["operator.kotabandung"]
    assert len(notify(users=[user], kind="x", title="Sekali", dedupe_key="uji:1", email=False)) == 1
    assert notify(users=[user], kind="x", title="Sekali", dedupe_key="uji:1", email=False) == []
    assert Notification.objects.filter(user=user).count() == 1
