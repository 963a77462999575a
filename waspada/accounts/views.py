from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rest_framework.authtoken.models import Token

from waspada.accounts.mfa import has_totp, mfa_required
from waspada.accounts.models import RoleAssignment
from waspada.core import audit
from waspada.core.http import AuthenticatedRequest
from waspada.regions import access


@require_GET
@login_required
@access.scoped
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context = {
        "assignments": RoleAssignment.objects.active().filter(user=user).select_related("region"),
        "scope": access.scope_of(user),
        "has_totp": has_totp(user),
        "mfa_required": mfa_required(user),
        "has_token": Token.objects.filter(user=user).exists(),
        "new_token": request.session.pop("new_api_token", None),
        "active_nav": "profile",
    }
    return render(request, "accounts/profile.html", context)


@require_POST
@login_required
@access.public
def rotate_token(request: AuthenticatedRequest) -> HttpResponse:
    """Issue a fresh API token (shown once). Only from a logged-in session, so MFA applies."""
    user = request.user
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(actor=user, action="api_token.rotated", obj=user)
    request.session["new_api_token"] = token.key
    messages.success(request, _("Token API baru dibuat. Salin sekarang; token tidak akan ditampilkan lagi."))
    return redirect("accounts:profile")
