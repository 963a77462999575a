"""Files through /api/v1/: multipart uploads with their parse error in Indonesian, downloads of a
stored file whatever the client's ``Accept``, and the schema answer of such a download. Shared by
the forums and RAD Terpadu endpoints (and any app that stores uploads)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.parsers import MultiPartParser
from rest_framework.views import APIView


class IndonesianMultiPartParser(MultiPartParser):
    """DRF's multipart parser, with its (untranslated) parse error said in Indonesian."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError(_("Badan permintaan bukan multipart/form-data yang sah.")) from None


# A stored file in the type it was uploaded with.
STORED_FILE = {
    (200, "*/*"): OpenApiResponse(
        OpenApiTypes.BINARY, description=gettext_lazy("Berkas dengan nama dan jenis saat diunggah.")
    )
}


# Views whose ``download_actions`` answer a file: those serve any ``Accept`` (a client asking for
# ``application/pdf`` gets the file, not a 406 from the JSON-only negotiation); their errors are
# still JSON problems. (A comment, not a docstring: the schema would take it as the views' text.)
class FileDownloads(APIView):
    download_actions: tuple[str, ...] = ()

    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        force = force or getattr(self, "action", None) in self.download_actions
        return super().perform_content_negotiation(request, force=force)
