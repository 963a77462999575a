"""Helpers shared by the forum pages (and the API): role checks, today, refusal texts, downloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.core.downloads import stored_file_response
from waspada.core.timezones import to_local
from waspada.regions import access


def may_read(user: Any) -> bool:
    return bool(access.scope_of(user).roles & access.FORUM_READER_ROLES)


def may_write(user: Any) -> bool:
    return access.can_write(user) and access.has_role(user, *access.FORUM_WRITER_ROLES)


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca data forum."))


def require_writer(user: Any) -> None:
    if not may_write(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat data forum."))


def require_forum_writer(user: Any, region: Any) -> None:
    if not access.can_write_forum(user, region):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat forum di wilayah ini."))


def today() -> date:
    """Today where it is first today in Indonesia (WIT)."""
    return to_local(timezone.now(), "WIT").date()


def posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def refusal_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def decree_download(decree: Any) -> FileResponse:
    """A decree's PDF as an attachment (page and API); no file answers 404."""
    return stored_file_response(decree.file, filename=decree.original_name or "sk.pdf", content_type="application/pdf")


def document_download(document: Any) -> FileResponse:
    """A forum document as an attachment with its stored name and type (page and API)."""
    return stored_file_response(document.file, filename=document.original_name, content_type=document.content_type)
