from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ForeignersConfig(AppConfig):
    name = "waspada.foreigners"
    verbose_name = _("Orang asing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        checks.register(check_pii_keys, checks.Tags.security, deploy=True)


def check_pii_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``check --deploy``: the personal-data keys must be set, valid and not the public dev key."""
    from django.conf import settings

    from waspada.foreigners.crypto import validate_keys

    problems = validate_keys(list(getattr(settings, "WASPADA_PII_KEYS", None) or []))
    return [checks.Warning(problem, id="waspada.foreigners.W001") for problem in problems]
