"""Waspada settings, read from the environment.

Development defaults need no configuration: SQLite under ``var/``, console e-mail, a
throw-away secret key. ``config.settings_production`` tightens everything and refuses to
start without the values a real deployment must give.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
import xstatic.pkg.leaflet
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WASPADA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("WASPADA_DEBUG", False)
# Development only; settings_production refuses to start with this value.
INSECURE_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "waspada.core",
    "waspada.regions",
    "waspada.accounts",
    "waspada.reports",
    "waspada.elections",
    "waspada.incidents",
    "waspada.alerts",
    "waspada.forums",
    "waspada.actionplans",
    "waspada.foreigners",
    "waspada.vulnerability",
    "waspada.dashboards",
    "waspada.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waspada.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "waspada.accounts.middleware.MfaRequiredMiddleware",
    # Axes last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "waspada.core.context_processors.waspada",
                "waspada.core.context_processors.notifications",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE_PATH = VAR_DIR / "waspada.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if "DATABASE_URL" not in os.environ:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while the task worker writes; the busy timeout makes a
    # writer wait for the other instead of failing with "database is locked". SQLite's default
    # page cache is 2 MiB; a national register (≈1.4 GB for a million incidents) needs more for
    # its index pages, or every insert and recap re-reads them from the file.
    cache_mib = int(os.environ.get("WASPADA_SQLITE_CACHE_MIB", "64"))
    DATABASES["default"]["OPTIONS"] = {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{cache_mib * 1024};",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboards:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "waspada.accounts.adapters.WaspadaAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# django-axes is the one lockout mechanism (5 failures, per account); allauth's own
# failed-login limit would answer first and with a different message.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Waspada"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# Roles that must use TOTP. WASPADA_MFA_ENFORCED=0 relaxes it for a local demo only;
# the login page then says so. Production settings force it on.
WASPADA_MFA_REQUIRED_ROLES = env_list("WASPADA_MFA_REQUIRED_ROLES", "admin,analis,verifikator")
WASPADA_MFA_ENFORCED = env_bool("WASPADA_MFA_ENFORCED", True)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "waspada.accounts.lockout.username_from"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Keep the cool-off fixed (one hour from the fifth failure) and always answer a locked
# account with the lockout page, also when the right password is tried during lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Kesbangpol offices sit behind shared NAT addresses: locking by IP would lock out a whole
# office after one officer's typos, so lockout is per account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "waspada.core.errors.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap and Leaflet come from their registry packages (XStatic), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate challenge from the first class, so an
    # unauthenticated call answers 401 rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every Waspada viewset derives from waspada.api.views.ScopedReadOnlyViewSet (or a sibling),
    # which sets ScopedAccess and WaspadaAutoSchema; pointing these settings at our modules
    # would import DRF's views while they are still loading.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "waspada.api.pagination.CodeCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_standardized_errors.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waspada API",
    "DESCRIPTION": "API sistem informasi kewaspadaan nasional (Kesbangpol dan Ditjen Polpum Kemendagri).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        # Enum components named by their choices class (Incident.Status → IncidentStatusEnum).
        "waspada.api.schema.postprocess_schema_enums",
        "waspada.api.schema.fold_blank_alternatives",
    ],
}
DRF_STANDARDIZED_ERRORS = {"ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True}

# --- Tasks -------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("WASPADA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Mail and logging ------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "waspada@localhost")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Waspada ---------------------------------------------------------------------------
# Folder with provinsi.* and kabkota.* boundary files imported by `dev.py run`.
WASPADA_BOUNDARIES_DIR = os.environ.get("WASPADA_BOUNDARIES_DIR", "")
WASPADA_DEMO = env_bool("WASPADA_DEMO", False)
# Keys for foreigners' personal data (Fernet, comma-separated, the first is current; see
# docs/deployment.md "Kunci data pribadi"). Empty: waspada.foreigners.crypto uses a public
# development key, which config.settings_production refuses.
WASPADA_PII_KEYS = env_list("WASPADA_PII_KEYS")
# Absolute links in e-mails (reminders) point here.
WASPADA_BASE_URL = os.environ.get("WASPADA_BASE_URL", "http://127.0.0.1:8000")
# Report attachments: PDF, images, office documents up to this size.
WASPADA_ATTACHMENT_MAX_BYTES = int(os.environ.get("WASPADA_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# The name printed at the head of official exports.
WASPADA_AGENCY_NAME = os.environ.get(
    "WASPADA_AGENCY_NAME",
    "Kementerian Dalam Negeri Republik Indonesia — Direktorat Jenderal Politik dan Pemerintahan Umum",
)
