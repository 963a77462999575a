"""Production settings: everything from config.settings, hardened, and refusing to start
without a real secret key and real host names."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import INSECURE_DEV_SECRET_KEY, env_bool, env_list
from waspada.foreigners.crypto import validate_keys as _validate_pii_keys

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY wajib diisi dengan kunci acak minimal 50 karakter di lingkungan produksi.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS wajib diisi (nama host server) di lingkungan produksi.")

WASPADA_PII_KEYS = env_list("WASPADA_PII_KEYS")
_pii_key_problems = _validate_pii_keys(WASPADA_PII_KEYS)
if _pii_key_problems:
    raise ImproperlyConfigured(" ".join(_pii_key_problems))

WASPADA_MFA_ENFORCED = True
WASPADA_DEMO = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
