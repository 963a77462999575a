"""Sending notifications: in-app, and by e-mail when the user has an address.

Idempotent by ``dedupe_key``: a second call with the same key for the same user does nothing,
so reminder commands can run as often as cron likes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from waspada.core.models import Notification


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
    email: bool = True,
) -> list[Notification]:
    """Store one notification per user (skipping those already sent under ``dedupe_key``) and
    mail it after the surrounding transaction commits. Returns the notifications created."""
    created: list[Notification] = []
    for user in users:
        key = f"{dedupe_key}:{user.pk}" if dedupe_key else None
        if key and Notification.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user, kind=kind, title=title[:200], body=body, url=url[:300], dedupe_key=key
                )
        except IntegrityError:  # a concurrent sender stored it first
            continue
        created.append(note)
        if email and user.email:
            transaction.on_commit(partial(_mail, note))
    return created


def _mail(note: Notification) -> None:
    link = f"{settings.WASPADA_BASE_URL.rstrip('/')}{note.url}" if note.url else ""
    send_mail(
        subject=f"[Waspada] {note.title}",
        message=f"{note.body}\n\n{link}".strip(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[note.user.email],
        fail_silently=False,
    )
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or the given ones). Returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
