"""Fixtures for API tests: DRF tokens for the personas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client


@pytest.fixture
def token_for(personas) -> Callable[..., str]:
    """``token_for("analis.nasional")`` → that persona's API token key; with ``totp=True``
    (the default) the persona also gets TOTP, so the MFA gate lets it through."""
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    def make(username: str, *, totp: bool = True) -> str:
        user = personas[username]
        if totp:
            Authenticator.objects.get_or_create(
                user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
            )
        return Token.objects.get_or_create(user=user)[0].key

    return make


@pytest.fixture
def token_client(token_for) -> Callable[..., Client]:
    """A plain (cookie-less) client that sends ``Authorization: Token …`` for a persona."""

    def make(username: str, *, totp: bool = True) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {token_for(username, totp=totp)}")

    return make
