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

The exports of a filtered page (Pilkada recap, forum compliance, foreigners, RAD Terpadu, the
vulnerability map) share one shape, declared once per app as an ``ExportSource``:
``scoped_export_request`` stores the page's (already checked) filters with what the status page
shows (title, filters in words, the link back to the page with its label, the requester's zone);
``scoped_builder`` makes the builder that re-checks the format, the requester's role (as it is at
build time) and the filters against their scope (as it is at build time) before it renders.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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

    @classmethod
    def hashed(cls, fmt: str, content: bytes, filename: str, data_hash: str) -> Built:
        """A file that prints the SHA-256 of its data: the status page shows that hash for a PDF
        (labelled as the one in its footer); an XLSX prints it in its own header only."""
        return cls(content, filename, {"data_sha256": data_hash} if fmt == "pdf" else {})


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


def export_task_run(export_id: int, builder: Builder) -> str:
    """The body of an app's export task: build the export; its status, or "missing" when it is gone."""
    export = export_run(export_id=export_id, builder=builder)
    return export.status if export else "missing"


def _failed(export: Export, message: str) -> Export:
    export.refresh_from_db()
    export.status = Export.Status.FAILED
    export.message = message
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "message", "finished_at", "updated_at"])
    audit.record(actor=export.requested_by, action="export.failed", obj=export, after={"message": message})
    return export


# --- exports of a filtered page, re-checked at build time ---------------------------------------

DEFAULT_BACK_LABEL = gettext_noop("Kembali ke rekap")


@dataclass(frozen=True)
class BackLink:
    """The link from an export's status page back to the page it was made from: the page's URL
    name (the stored filters become its query) and the link's label, a message id translated when
    the status page is shown."""

    url_name: str
    label: str = DEFAULT_BACK_LABEL

    def url(self, query: Mapping[str, Any]) -> str:
        text = urlencode(dict(query), doseq=True)
        return reverse(self.url_name) + (f"?{text}" if text else "")


@dataclass(frozen=True)
class ExportSource:
    """What an app declares about the exports of one of its pages: the ``Export.kind``, the link
    back to the page, the page's filter keys (their values cut to ``filter_limit`` characters) and
    the formats it makes."""

    kind: str
    back: BackLink
    filter_keys: tuple[str, ...]
    filter_limit: int = 100
    formats: tuple[str, ...] = ("xlsx", "pdf")

    def filter_params(self, data: Mapping[str, Any]) -> dict[str, str]:
        """The filters present in ``data`` (a POST, a query or a stored dict), as plain strings."""
        values = {key: str(data.get(key) or "").strip()[: self.filter_limit] for key in self.filter_keys}
        return {key: value for key, value in values.items() if value}

    def filter_request(self, user: Any, params: Mapping[str, Any]) -> HttpRequest:
        """A GET request carrying the stored ``params`` for ``user``: the page's own parser reads it."""
        request = HttpRequest()
        request.method = "GET"
        wanted = {key: params[key] for key in self.filter_keys if params.get(key)}
        request.GET = QueryDict(urlencode(wanted, doseq=True))
        request.user = user
        return request


def scoped_export_request(
    *,
    source: ExportSource,
    user: Any,
    fmt: str,
    filters: Mapping[str, Any],
    title: str,
    described: Iterable[Any],
    filename: str,
    task: Any,
    zone: str,
    region: Any = None,
    back: BackLink | None = None,
) -> Export:
    """Queue ``fmt`` of ``source``'s page with its (already checked) ``filters`` for ``user``.
    ``described`` is the filters in words, as (label, value) pairs; ``back`` another page to go
    back to than the source's own."""
    link = back or source.back
    return export_request(
        user=user,
        kind=source.kind,
        params={
            "format": fmt,
            "filters": dict(filters),
            "title": title,
            "described": [[str(label), str(value)] for label, value in described],
            "back_url": link.url(filters),
            "back_label": link.label,
            "zone": zone,
        },
        filename=filename,
        task=task,
        region=region,
    )


def scoped_builder(
    *,
    source: ExportSource,
    may_read: Callable[[Any], bool] | str,
    role_refused: str,
    read: Callable[[Any, Mapping[str, Any]], Any],
    render: Callable[[Any, Any, str, Progress], Built],
    bad_filter: str = "",
    read_progress: int = 10,
) -> Builder:
    """The builder ``export_run`` calls for an export queued by ``scoped_export_request``. At
    build time it refuses, in words: an unknown format; a requester whose role no longer may read
    (``may_read(user)``, or its dotted path when the module would import its own views;
    ``role_refused`` is a message id); filters the page's parser now rejects (``bad_filter``: the
    dotted path of its exception) and a region no longer in the requester's scope (``Http404``).
    ``read(user, stored_filters)`` reads what the page shows with the requester's scope as it is
    now (it may refuse with a ``ValidationError`` of its own); then ``render(user, data, fmt,
    progress)`` makes the file."""

    def build(export: Export, progress: Progress) -> Built:
        params = export.params or {}
        fmt = str(params.get("format") or "")
        user = export.requested_by
        if fmt not in source.formats:
            raise ValidationError(
                _("Format ekspor '%(value)s' tidak dikenal. Pilih XLSX atau PDF.") % {"value": fmt[:10]}
            )
        allowed = import_string(may_read) if isinstance(may_read, str) else may_read
        if not allowed(user):
            raise ValidationError(_(role_refused))
        refusals: tuple[type[Exception], ...] = (import_string(bad_filter),) if bad_filter else ()
        try:
            data = read(user, params.get("filters") or {})
        except refusals as exc:
            raise ValidationError(str(exc)) from None
        except Http404:
            raise ValidationError(_("Wilayah ekspor ini tidak lagi berada dalam cakupan Anda.")) from None
        progress(read_progress)
        return render(user, data, fmt, progress)

    return build


# --- the house style of the files -------------------------------------------------------------

HOUSE_PDF_STYLESHEET = "waspada/css/reports-pdf.css"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def document_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of a document's data: the
    data hash a house-style file prints."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def house_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """``template`` rendered with ``context`` as a PDF in the house style (WeasyPrint, the weekly
    recap's stylesheet; relative addresses resolved below ``BASE_DIR``)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, dict(context))
    stylesheet = finders.find(HOUSE_PDF_STYLESHEET)
    stylesheets = [CSS(filename=stylesheet)] if stylesheet else []
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=stylesheets) or b"")


class HouseWorkbook:
    """An XlsxWriter workbook with the house formats: ``bold``, ``title`` (14 pt) and ``head`` (a
    table heading: grey, bordered; with ``wrap_head`` its text also wraps, top-aligned).

    By default it is built in memory and ``close()`` gives the file's bytes. Given ``out`` (a
    binary file object) it writes there instead, with only the XlsxWriter ``options`` given (for
    example ``constant_memory`` for a long sheet), and ``close()`` gives the bytes only when
    ``out`` is a ``BytesIO``. ``options`` are added to the workbook's options either way."""

    def __init__(
        self, out: IO[bytes] | None = None, *, options: Mapping[str, Any] | None = None, wrap_head: bool = False
    ) -> None:
        import xlsxwriter

        self._out: IO[bytes] = out if out is not None else io.BytesIO()
        base: dict[str, Any] = {"in_memory": True} if out is None else {}
        self.book = xlsxwriter.Workbook(self._out, {**base, **(options or {})})
        self.bold = self.book.add_format({"bold": True})
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        wrap = {"text_wrap": True, "valign": "top"} if wrap_head else {}
        self.head = self.book.add_format({"bold": True, **wrap, "bg_color": "#e9ecef", "border": 1})

    def close(self) -> bytes:
        self.book.close()
        return self._out.getvalue() if isinstance(self._out, io.BytesIO) else b""
