"""Helpers for the tests of the apps' background exports: queue through the page's POST (the
task runs at once under settings_test), move a user's role between queueing and building,
download the stored file, and read XLSX (openpyxl) and PDF (pypdf) back."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from waspada.core.models import Export


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
