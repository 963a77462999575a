"""Checking uploaded documents before they are stored. Pure: no ORM.

The extension, the declared type and the first bytes must agree: a renamed executable is not a
PDF. Office formats are recognised by their container (ZIP for OOXML/ODF, OLE2 for the old
binary formats).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)

# extension → (content type, accepted leading bytes)
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "ppt": ("application/vnd.ms-powerpoint", _OLE),
}


class UploadRefused(ValueError):
    """The file may not be stored; the message says why, in the user's language."""


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    extension: str
    content_type: str
    size: int


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


def check_document(name: str, size: int, head: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedUpload:
    """Accept a PDF, image or office document of at most ``max_bytes``; raise UploadRefused."""
    clean_name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "berkas"
    extension = clean_name.rsplit(".", 1)[-1].lower() if "." in clean_name else ""
    if extension not in DOCUMENT_TYPES:
        allowed = ", ".join(sorted(DOCUMENT_TYPES))
        raise UploadRefused(
            _("Jenis berkas '%(name)s' tidak diterima. Yang diterima: %(allowed)s.")
            % {"name": clean_name, "allowed": allowed}
        )
    if size == 0:
        raise UploadRefused(_("Berkas '%(name)s' kosong.") % {"name": clean_name})
    if size > max_bytes:
        raise UploadRefused(
            _("Berkas '%(name)s' terlalu besar (%(size)s); paling besar %(max)s.")
            % {"name": clean_name, "size": human_size(size), "max": human_size(max_bytes)}
        )
    content_type, magics = DOCUMENT_TYPES[extension]
    if not any(head.startswith(m) for m in magics):
        raise UploadRefused(
            _("Isi berkas '%(name)s' tidak sesuai dengan jenisnya (.%(ext)s).") % {"name": clean_name, "ext": extension}
        )
    return CheckedUpload(clean_name, extension, content_type, size)
