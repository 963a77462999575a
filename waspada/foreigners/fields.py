"""Model fields whose values are stored encrypted (Fernet, see ``crypto.py``).

The database column holds only the token; Python code sees the plain value. Lookups other than
``isnull`` are meaningless on these columns (every token is different): search goes through a
separate keyed digest (``ForeignNational.passport_digest``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from waspada.foreigners import crypto


class EncryptedField(models.Field):
    """Base: a text column holding a Fernet token. Empty values stay empty (not encrypted)."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)


class EncryptedTextField(EncryptedField):
    """Text encrypted at rest."""

    description = "Text encrypted at rest (Fernet)"
    _pyi_private_set_type: str
    _pyi_private_get_type: str

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedDateField(EncryptedField):
    """A date encrypted at rest (ISO text inside the token)."""

    description = "Date encrypted at rest (Fernet)"
    _pyi_private_set_type: date | str | None
    _pyi_private_get_type: date | None

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return parse_date(text) if text else None

    def to_python(self, value: Any) -> date | None:
        if value is None or value == "" or isinstance(value, date):
            return value or None
        parsed = parse_date(str(value))
        if parsed is None:
            raise ValidationError(_("Tanggal tidak sah (gunakan format TTTT-BB-HH)."), code="invalid")
        return parsed

    def get_prep_value(self, value: Any) -> Any:
        value = self.to_python(value)
        if value is None:
            return None
        return crypto.encrypt(value.isoformat())

    def formfield(self, **kwargs: Any) -> Any:
        return forms.DateField(
            label=self.verbose_name, required=not self.blank, widget=forms.DateInput(attrs={"type": "date"})
        )
