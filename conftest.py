"""Shared fixtures: the real region tree (loaded once per session), personas, boundaries.

Tests run inside a transaction that is rolled back, so the session's region tree is always
there. A ``transaction=True`` test ends with a flush that empties the database: pytest-django
runs those last, and each must load what it needs itself (``regions_load()``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from waspada.accounts.models import User

SHARED_DATA = Path(os.environ.get("WASPADA_SHARED_DATA", Path(__file__).resolve().parent.parent / "shared" / "data"))
BOUNDARIES = SHARED_DATA / "boundaries"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Load the real 38 / 514 / 7,285 region tree once; every test sees it, rolled back around it."""
    from waspada.elections.loading import load_elections
    from waspada.regions.services import regions_load

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        regions_load()
        load_elections()  # the shipped Pilkada 2020 / 2024 contests need the regions


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits and lockouts kept in the cache must not leak from one test to the next."""
    from django.core.cache import cache

    from waspada.regions import geo

    cache.clear()
    geo.invalidate()
    yield
    cache.clear()
    geo.invalidate()


def shared_file(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (../shared/data is not in this checkout)")
    return path


@pytest.fixture(scope="session")
def kabkota_boundaries(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Path:
    """Import the reference kabupaten/kota and province boundaries once per session."""
    from waspada.regions.models import RegionBoundary
    from waspada.regions.services import boundaries_import

    kabkota = shared_file("boundaries", "kabkota.geojson")
    provinsi = shared_file("boundaries", "provinsi.topo.json")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if not RegionBoundary.objects.filter(source_name=kabkota.name).exists():
            boundaries_import(path=kabkota, level="kabkota")
            boundaries_import(path=provinsi, level="provinsi")
    return kabkota


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """The demo personas by username: admin, analis.nasional, pimpinan, verifikator.jabar,
    operator.kotabandung, operator.kabbandung, fkdm.kotabandung."""
    from waspada.accounts.demo import ensure_personas

    return {u.username: u for u in ensure_personas()}


@pytest.fixture
def login_as(personas: dict[str, User]) -> Iterator[object]:
    """``login_as("operator.kotabandung")`` → a test client logged in as that persona, with
    TOTP set up for roles that require it so the MFA gate lets them through."""
    from allauth.mfa.models import Authenticator

    def make(username: str) -> Client:
        user = personas[username]
        Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
        client = Client()
        client.force_login(user)
        return client

    yield make


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a temporary folder for the test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def token_for(personas: dict[str, User]) -> Callable[..., str]:
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
def token_client(token_for: Callable[..., str]) -> Callable[..., Client]:
    """A plain (cookie-less) client that sends ``Authorization: Token …`` for a persona."""

    def make(username: str, *, totp: bool = True) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {token_for(username, totp=totp)}")

    return make
