"""Background exports (XLSX, PDF, …): the generic service every app uses.

``export_request`` stores an ``Export`` for the user who asked (queued), writes an audit event
and enqueues the app's task once the transaction commits. The task calls ``export_run`` with a
*builder*: a function ``(export, progress) -> Built`` that makes the file from the export's
parameters, calling ``progress(percent)`` as it goes (stored on ``Export.progress`` at once, so
the status page can poll it). ``export_run`` stores the file through Django's storage API under
a name of ours (the export's UUID), keeps its SHA-256 in ``content_hash`` and audits the outcome.

A builder refuses with a ``ValidationError`` whose message the requester may read (for example,
their scope no longer covers the filters); any other error is logged and shown as a generic
failure, never as a traceback.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core import audit
from waspada.core.models import Export

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass
class Built:
    """What a builder made: the file's bytes, the name to download it under, and facts to keep
    with the export's parameters (for example the hash of the data a PDF was made from)."""

    content: bytes
    filename: str
    extra: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[Export, Progress], Built]


def export_request(
    *,
    user: Any,
    kind: str,
    params: dict[str, Any],
    filename: str,
    task: Any,
    region: Any = None,
) -> Export:
    """Queue an export for ``user``. ``task`` is a django-tasks task taking the export's id;
    it is enqueued only when the surrounding transaction commits."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Masuk terlebih dahulu untuk membuat ekspor."))
    with transaction.atomic():
        export = Export.objects.create(kind=kind, params=params, filename=filename, requested_by=user)
        audit.record(
            actor=user,
            action="export.requested",
            obj=export,
            region=region,
            after={"kind": kind, "params": params, "filename": filename},
        )
        export_id = export.pk
        transaction.on_commit(lambda: task.enqueue(export_id))
    return export


def _update(export_id: int, **fields: Any) -> None:
    # A direct UPDATE: visible to the status page at once, and never overwrites other fields.
    Export.objects.filter(pk=export_id).update(**fields)


def export_run(*, export_id: int, builder: Builder) -> Export | None:
    """Build one export (idempotent: a finished or missing export is left as it is)."""
    export = Export.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.is_finished:
        return export
    _update(export_id, status=Export.Status.RUNNING, progress=0, started_at=timezone.now(), message="")
    last = {"value": 0}

    def progress(percent: int) -> None:
        value = max(0, min(99, int(percent)))
        if value != last["value"]:
            last["value"] = value
            _update(export_id, progress=value)

    try:
        built = builder(export, progress)
    except ValidationError as exc:
        message = " ".join(str(m) for m in exc.messages)[:300]
        return _failed(export, message)
    except Exception:
        logger.exception("export %s (%s) failed", export.public_id, export.kind)
        return _failed(export, _("Ekspor gagal dibuat. Coba lagi, atau hubungi administrator bila terulang."))

    digest = hashlib.sha256(built.content).hexdigest()
    suffix = built.filename.rsplit(".", 1)[-1].lower() if "." in built.filename else "bin"
    export.refresh_from_db()
    export.file.save(f"{export.public_id}.{suffix}", ContentFile(built.content), save=False)
    export.filename = built.filename
    export.content_hash = digest
    export.params = {**export.params, **built.extra}
    export.status = Export.Status.DONE
    export.progress = 100
    export.message = ""
    export.finished_at = timezone.now()
    export.save()
    audit.record(
        actor=export.requested_by,
        action="export.finished",
        obj=export,
        after={"filename": built.filename, "size": len(built.content), "content_hash": digest, **built.extra},
    )
    return export


def _failed(export: Export, message: str) -> Export:
    export.refresh_from_db()
    export.status = Export.Status.FAILED
    export.message = message
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "message", "finished_at", "updated_at"])
    audit.record(actor=export.requested_by, action="export.failed", obj=export, after={"message": message})
    return export
