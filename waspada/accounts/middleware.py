"""Privileged roles cannot use Waspada until they have set up TOTP."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from waspada.accounts.mfa import has_totp, mfa_required

# Paths a user without MFA may still reach: setting MFA up, logging out, static files.
_ALLOWED_PREFIXES = ("/akun/", "/static/", "/i18n/", "/sehat/")


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and mfa_required(user)
            and not has_totp(user)
        ):
            message = _("Peran Anda mewajibkan autentikasi dua faktor (TOTP). Aktifkan terlebih dahulu.")
            if request.path.startswith("/api/"):
                body = {"type": "client_error", "errors": [{"code": "mfa_required", "detail": message, "attr": None}]}
                return JsonResponse(body, status=403)
            messages.warning(request, message)
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
