"""Helpers for the tests of the apps' background exports: queue through the page's POST (the
task runs at once under settings_test), move a user's role between queueing and building,
download the stored file, and read XLSX (openpyxl) and PDF (pypdf) back.

``ExportPage`` holds the cases every filtered page's export is tested for (built and audited,
refused with nothing queued, refused at build time, a GET goes back to the page which posts its
filters, the status page links back); each app's test states its own data and adds its own
assertions. ``export_media`` (autouse where imported) keeps the files in a temporary folder."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from waspada.core.models import AuditEvent, Export


@pytest.fixture(autouse=True)
def export_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def post_export(client: Any, capture: Any, url: str, data: dict[str, Any]) -> Any:
    """POST ``data`` to ``url``, running the on-commit task (the export is built at once)."""
    with capture(execute=True):
        return client.post(url, data)


def post_then_build(client: Any, capture: Any, url: str, data: dict[str, Any], between: Callable[[], None]) -> Any:
    """POST, then ``between()`` (e.g. revoke a role), then run the queued task."""
    with capture() as callbacks:
        response = client.post(url, data)
    between()
    for callback in callbacks:
        callback()
    return response


def revoke_roles(username: str) -> list[str]:
    """Revoke every role of ``username``; returns the roles it had."""
    from waspada.accounts.models import RoleAssignment, User
    from waspada.accounts.services import role_revoke

    user = User.objects.get(username=username)
    assignments = list(RoleAssignment.objects.filter(user=user, revoked_at__isnull=True))
    for assignment in assignments:
        role_revoke(actor=None, assignment=assignment, reason="pindah tugas (uji)")
    return [a.role for a in assignments]


def move_role(username: str, region_code: str) -> None:
    """Revoke every role of ``username`` and give the first one again in ``region_code``."""
    from waspada.accounts.models import User
    from waspada.accounts.services import role_assign
    from waspada.regions.models import Region

    roles = revoke_roles(username)
    user = User.objects.get(username=username)
    role_assign(actor=None, user=user, role=roles[0], region=Region.objects.get(code=region_code))


def download(client: Any, export: Export) -> bytes:
    response = client.get(reverse("exports:download", kwargs={"public_id": export.public_id}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_rows(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's rows (values only), by sheet title."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def xlsx_cells(content: bytes) -> list[Any]:
    return [c for rows in xlsx_rows(content).values() for row in rows for c in row if c is not None]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@dataclass(frozen=True)
class ExportPage:
    """One app's export endpoint (``url``, a POST), the ``Export.kind`` it queues and the page
    (URL name) it belongs to."""

    url: str
    kind: str
    page: str

    def built(self, client: Any, capture: Any, data: dict[str, Any], *, filename: str = "") -> tuple[Export, bytes]:
        """POST ``data``: the requester is sent to the status page of an export of this kind,
        built (named ``filename`` when given) and its request audited. Returns it and its file."""
        response = post_export(client, capture, self.url, data)
        export = Export.objects.order_by("-id").first()
        assert export is not None, response.status_code
        assert response.status_code == 302
        assert response["Location"] == reverse("exports:detail", args=[export.public_id])
        assert export.kind == self.kind and export.status == Export.Status.DONE, export.message
        if filename:
            assert export.filename == filename
        assert AuditEvent.objects.filter(action="export.requested", object_id=str(export.public_id)).exists()
        return export, download(client, export)

    def refused(self, client: Any, capture: Any, data: dict[str, Any], status: int, message: str = "") -> Any:
        """POST ``data``: answered ``status`` (saying ``message``) and nothing is queued."""
        response = post_export(client, capture, self.url, data)
        assert response.status_code == status
        assert message in response.content.decode()
        assert not Export.objects.exists()
        return response

    def refused_at_build(
        self, client: Any, capture: Any, data: dict[str, Any], between: Callable[[], None], message: str
    ) -> Export:
        """POST ``data``, then ``between()`` (a role moved or revoked) before the build: the export
        fails with ``message`` for the requester to read, and no file is kept."""
        post_then_build(client, capture, self.url, data, between)
        export = Export.objects.get()
        assert export.status == Export.Status.FAILED and not export.file
        assert export.message == message
        return export

    def posts_its_filters(self, client: Any, query: dict[str, str], hidden: dict[str, str]) -> str:
        """A GET of the export URL goes back to the page; the page (with ``query``) posts its
        filters to the export URL: the ``hidden`` inputs, the PDF button and the CSRF token."""
        assert client.get(self.url)["Location"] == reverse(self.page)
        page = client.get(reverse(self.page), query).content.decode()
        assert f'<form method="post" action="{self.url}"' in page
        for name, value in hidden.items():
            assert f'<input type="hidden" name="{name}" value="{value}">' in page, name
        assert 'name="format" value="pdf"' in page and "csrfmiddlewaretoken" in page
        return page


def back_link(client: Any, export: Export) -> tuple[str, str]:
    """The status page's link back to the page the export was made from: (href, label)."""
    page = client.get(reverse("exports:detail", args=[export.public_id])).content.decode()
    found = re.search(r'<a href="([^"]*)" data-testid="export-back">← ([^<]*)</a>', page)
    assert found, "no link back on the status page"
    return found.group(1).replace("&amp;", "&"), found.group(2)
