"""Error pages. Under /api/ every error is a JSON problem (never HTML); elsewhere a page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, detail: str) -> JsonResponse:
    """The same body shape drf-standardized-errors gives DRF views."""
    kind = "server_error" if status >= 500 else "client_error"
    body = {"type": kind, "errors": [{"code": code, "detail": detail, "attr": None}]}
    return JsonResponse(body, status=status)


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "errors/error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = _("Permintaan tidak dapat diproses.")
    if is_api_request(request):
        return api_error(400, "bad_request", message)
    return _page(request, 400, _("Permintaan tidak valid"), message)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = _("Anda tidak memiliki izin untuk melakukan tindakan ini.")
    if is_api_request(request):
        return api_error(403, "permission_denied", message)
    return _page(request, 403, _("Akses ditolak"), message)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = _("Halaman atau data yang Anda cari tidak ditemukan.")
    if is_api_request(request):
        return api_error(404, "not_found", message)
    return _page(request, 404, _("Tidak ditemukan"), message)


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Terjadi kesalahan pada server. Tim teknis telah dicatat; silakan coba lagi.")
    if is_api_request(request):
        return api_error(500, "error", message)
    return _page(request, 500, _("Kesalahan server"), message)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _("Sesi formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")
    if is_api_request(request):
        return api_error(403, "csrf_failed", message)
    return _page(request, 403, _("Formulir tidak sah"), message)
