"""``notify_forum_expiry``: notifications for decrees ending within 30 days, once per decree and day."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waspada.core.models import Notification
from waspada.forums.tests import factories as f

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("notify_forum_expiry", *args, stdout=out)
    return out.getvalue()


def test_the_command_notifies_the_operators_once_per_day(personas):
    f.decree(f.forum("32.04"), date(2018, 1, 1), date(2020, 7, 31))
    assert "1 notifikasi" in run("--per", "2020-07-01")
    assert "0 notifikasi" in run("--per", "2020-07-01")
    note = Notification.objects.get(kind="forum.decree_expiring")
    assert note.user.username == "operator.kabbandung" and "/forum/" in note.url
    assert "30 hari" in note.title


def test_the_command_ignores_decrees_ending_later_or_already_ended(personas):
    f.decree(f.forum("32.04"), date(2018, 1, 1), date(2020, 8, 1))
    f.decree(f.forum("32.73"), date(2018, 1, 1), date(2020, 6, 30))
    assert "0 notifikasi" in run("--per", "2020-07-01")
    assert not Notification.objects.exists()


def test_the_command_refuses_a_bad_date():
    with pytest.raises(CommandError):
        run("--per", "1-7-2020")


def test_generate_synthetic_with_forums_seeds_them_once(personas):
    from waspada.forums.models import Forum

    out = StringIO()
    call_command("generate_synthetic", scale="small", seed=1, weeks=0, incidents=0, forums=True, stdout=out)
    assert "Forum demo:" in out.getvalue()
    count = Forum.objects.count()
    assert count > 1000
    call_command("generate_synthetic", scale="small", seed=1, weeks=0, incidents=0, forums=True, stdout=StringIO())
    assert Forum.objects.count() == count
