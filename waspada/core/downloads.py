"""Serving a stored upload (a decree, a document, evidence) as an attachment, for pages and API.

The caller has already found the record through its scoped selector; this only opens the file.
No file (never uploaded, or gone from storage) answers 404 like a missing record.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def stored_file_response(field: Any, *, filename: str, content_type: str) -> FileResponse:
    """``field`` (a FieldFile) as a download named ``filename``, with ``nosniff``."""
    if not field:
        raise Http404(_("Data tidak ditemukan."))
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("Data tidak ditemukan.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
