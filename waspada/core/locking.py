"""Optimistic locking: the one way a service takes the current row of a record it is about to
change and checks the version the user read.

Every versioned model carries ``version`` (an integer the service raises by one on each change).
A form or API request sends the version it read; ``lock_current`` locks the row (``SELECT … FOR
UPDATE`` where the database has it, so two writers of one record are serialised), and refuses when
another user's change came first. Each app keeps its own refusal type (views and APIs catch the
app's ``…Refused``), made stale-aware by mixing in ``StaleRecord``::

    class StaleForumRecord(StaleRecord, ForumRefused):
        pass

    current = lock_current(Forum, forum, expected_version, stale=StaleForumRecord)

so the message, the ``stale`` code and ``current_version`` (what a 409 answer reports) are the
same everywhere, and an API can recognise any app's stale refusal with ``isinstance(exc, StaleRecord)``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def stale_message(version: int) -> str:
    return _(
        "Data ini sudah diubah orang lain (versi %(version)s) setelah Anda membukanya. "
        "Perubahan Anda tidak disimpan; muat ulang lalu ulangi."
    ) % {"version": version}


class StaleRecord(Exception):
    """Mixin for an app's refusal: "someone else saved this record after you opened it".

    Put it *before* the app's refusal class in the bases; that class's ``__init__`` must take
    ``(message, code=...)`` (a ``ValidationError`` does)."""

    current_version: int

    def __init__(self, obj: Any) -> None:
        super().__init__(stale_message(obj.version), code="stale")  # type: ignore[call-arg]
        self.current_version = obj.version


def lock_current(
    model: type[M],
    obj: Any,
    expected_version: int | None,
    *,
    stale: type[StaleRecord],
    deleted: Exception | None = None,
) -> M:
    """The current row of ``obj``, locked until the transaction ends.

    Raises ``stale(current)`` when ``expected_version`` is given and differs from the stored one
    (``None`` means the caller does not edit what the user read, e.g. adding a child record), and
    ``deleted`` (when given) if the record has been soft-deleted meanwhile."""
    manager: Any = model.objects  # type: ignore[attr-defined]
    current = manager.select_for_update(of=("self",)).get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        raise stale(current)
    if deleted is not None and getattr(current, "deleted_at", None) is not None:
        raise deleted
    return current
