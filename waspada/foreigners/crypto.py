"""Protected personal data of foreigners: encryption at rest, a keyed hash for exact search, masks.

Keys come from ``settings.WASPADA_PII_KEYS`` (the environment variable ``WASPADA_PII_KEYS``:
comma-separated Fernet keys, the first is the current one; the others only decrypt, during a
rotation). Development and tests fall back to a fixed, public key; ``config.settings_production``
refuses to start with it or without a key, and ``manage.py check --deploy`` warns about it.

- ``encrypt`` / ``decrypt``: Fernet (AES-128-CBC + HMAC-SHA256) through ``MultiFernet``.
- ``search_digest`` / ``search_digests``: HMAC-SHA256 of the normalised passport number under a
  key derived (HKDF) from each Fernet key — the database stores only the current key's digest,
  a search looks for the digests under every configured key, so search keeps working while
  ``manage.py rotate_pii_keys`` runs.
- ``mask_passport`` / ``mask_address`` / ``mask_birth_date``: what every list, page, export and
  API response shows instead of the value.

No ORM import: the model fields live in ``fields.py``.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Public on purpose: development, demos and tests only. Production settings refuse it.
INSECURE_DEV_PII_KEY = "d2FzcGFkYS1kZXYtb25seS1waWkta2V5LTMyYnl0ZXM="
MASK = "•"


class PIIKeyError(RuntimeError):
    """The configured keys cannot decrypt a stored value (a key was removed too early)."""


def configured_keys() -> list[str]:
    keys = list(getattr(settings, "WASPADA_PII_KEYS", None) or [])
    return keys or [INSECURE_DEV_PII_KEY]


def validate_keys(keys: list[str]) -> list[str]:
    """Problems with a list of keys, in Indonesian (empty when all are valid Fernet keys)."""
    problems = []
    if not keys:
        problems.append("WASPADA_PII_KEYS kosong: isi dengan minimal satu kunci Fernet.")
    for index, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            problems.append(f"Kunci ke-{index} di WASPADA_PII_KEYS bukan kunci Fernet yang sah (32 bita base64).")
    if INSECURE_DEV_PII_KEY in keys:
        problems.append("WASPADA_PII_KEYS memuat kunci pengembangan yang diketahui umum.")
    return problems


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


@lru_cache(maxsize=8)
def _search_key(key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"waspada-pii-search-v1").derive(key.encode())


def encrypt(plaintext: str) -> str:
    return _fernet(tuple(configured_keys())).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(configured_keys())).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise PIIKeyError(
            "Data pribadi tidak dapat dibuka dengan kunci WASPADA_PII_KEYS yang terpasang "
            "(kunci lama dicabut sebelum rotate_pii_keys selesai?)."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the current (first) key."""
    try:
        return _fernet(tuple(configured_keys())).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise PIIKeyError("Data pribadi tidak dapat dibuka dengan kunci yang terpasang.") from exc


def normalise_passport(value: str) -> str:
    """Upper case, without spaces or hyphens: ``" a12 345-678 "`` → ``"A12345678"``."""
    return "".join(ch for ch in value.upper() if not ch.isspace() and ch != "-")


def _digest(key: str, normalised: str) -> str:
    return hmac.new(_search_key(key), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def search_digest(passport_number: str) -> str:
    """The digest stored with a record: under the current key."""
    return _digest(configured_keys()[0], normalise_passport(passport_number))


def search_digests(passport_number: str) -> list[str]:
    """Digests under every configured key (a search matches records not yet rotated too)."""
    normalised = normalise_passport(passport_number)
    return [_digest(key, normalised) for key in configured_keys()]


def mask_passport(value: str) -> str:
    """``A12345689`` → ``A12••••89``: three first and two last characters for long numbers."""
    value = normalise_passport(value or "")
    if not value:
        return ""
    if len(value) >= 8:
        return value[:3] + MASK * (len(value) - 5) + value[-2:]
    if len(value) >= 4:
        return value[:1] + MASK * (len(value) - 2) + value[-1:]
    return MASK * len(value)


def mask_address(value: str, keep: int = 8) -> str:
    """The first few characters and an ellipsis: enough to tell two records apart, not to visit."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    if len(value) <= keep:
        return value[:2] + MASK * 3
    return value[:keep].rstrip() + "…"


def mask_birth_date(value: date | None) -> str:
    """Year only."""
    return str(value.year) if value else ""
