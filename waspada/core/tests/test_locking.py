"""Optimistic locking (``waspada.core.locking``), exercised on a versioned, soft-deletable model."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from waspada.core.locking import StaleRecord, lock_current
from waspada.forums.models import Forum
from waspada.forums.services import ForumRefused, StaleForumRecord
from waspada.forums.tests import factories as f


@pytest.fixture
def forum(personas):
    return f.forum("32.73")


def test_the_current_row_is_returned_when_the_version_read_is_still_the_stored_one(forum):
    with transaction.atomic():
        current = lock_current(Forum, forum, forum.version, stale=StaleForumRecord)
    assert current.pk == forum.pk and current.version == forum.version


def test_a_version_someone_else_already_raised_is_refused_as_the_apps_stale_refusal(forum):
    Forum.objects.filter(pk=forum.pk).update(version=forum.version + 1)
    with pytest.raises(StaleForumRecord) as refused, transaction.atomic():
        lock_current(Forum, forum, forum.version, stale=StaleForumRecord)
    assert isinstance(refused.value, StaleRecord) and isinstance(refused.value, ForumRefused)
    assert refused.value.code == "stale"
    assert refused.value.current_version == forum.version + 1
    assert f"versi {forum.version + 1}" in refused.value.messages[0]


def test_no_expected_version_skips_the_check_but_a_soft_deleted_record_is_still_refused(forum):
    Forum.objects.filter(pk=forum.pk).update(version=forum.version + 5)
    with transaction.atomic():
        assert lock_current(Forum, forum, None, stale=StaleForumRecord).version == forum.version + 5
    Forum.objects.filter(pk=forum.pk).update(deleted_at=timezone.now())
    gone = ForumRefused("dihapus", code="deleted")
    with pytest.raises(ForumRefused) as refused, transaction.atomic():
        lock_current(Forum, forum, None, stale=StaleForumRecord, deleted=gone)
    assert refused.value is gone
