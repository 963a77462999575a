"""Nationality codes and passport-number rules (pure: no ORM).

Nationality is ISO 3166-1 alpha-3 (the code printed in the passport's machine-readable zone),
read from ``data/nationalities.csv`` shipped with the app (plus ICAO's XXA stateless and XXB
refugee). Indonesia (IDN) is not in it: an Indonesian citizen is not an orang asing.

Passport numbers follow ICAO Doc 9303: 5 to 9 letters and digits, with at least one digit. A
nationality may carry a stricter pattern in the CSV's ``passport_pattern`` column (editable data:
a few well-known formats are filled in; check them against the issuing state before relying on
them).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from waspada.foreigners.crypto import normalise_passport

DATA = Path(__file__).resolve().parent / "data" / "nationalities.csv"
ICAO_PASSPORT = re.compile(r"^(?=.*[0-9])[A-Z0-9]{5,9}$")


@cache
def nationalities() -> dict[str, tuple[str, re.Pattern[str] | None]]:
    """code → (Indonesian name, stricter passport pattern or None)."""
    table: dict[str, tuple[str, re.Pattern[str] | None]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pattern = row["passport_pattern"].strip()
            table[row["code"].strip()] = (row["name"].strip(), re.compile(pattern) if pattern else None)
    return table


def nationality_choices() -> list[tuple[str, str]]:
    return sorted(((code, f"{name} ({code})") for code, (name, _p) in nationalities().items()), key=lambda c: c[1])


def nationality_name(code: str) -> str:
    entry = nationalities().get(code)
    return entry[0] if entry else code


def normalise_nationality(value: str) -> str:
    return (value or "").strip().upper()


def nationality_error(code: str) -> str | None:
    code = normalise_nationality(code)
    if not code:
        return _("Kewarganegaraan wajib diisi (kode ISO 3166 alfa-3, mis. CHN, USA, AUS).")
    if code == "IDN":
        return _("Warga negara Indonesia bukan orang asing: kewarganegaraan IDN tidak dapat dicatat.")
    if code not in nationalities():
        message = _("Kode kewarganegaraan «%(code)s» tidak dikenal (gunakan kode ISO 3166 alfa-3, mis. CHN, USA, AUS).")
        return message % {"code": code[:10]}
    return None


def passport_error(number: str, nationality: str) -> str | None:
    """Why a passport number is malformed for this nationality, or None when it is acceptable."""
    value = normalise_passport(number or "")
    if not value:
        return _("Nomor paspor wajib diisi.")
    if not ICAO_PASSPORT.match(value):
        return _("Nomor paspor tidak sah: 5–9 huruf dan angka (tanpa tanda baca), sedikitnya satu angka.")
    entry = nationalities().get(normalise_nationality(nationality))
    if entry and entry[1] is not None and not entry[1].match(value):
        return _("Nomor paspor tidak sesuai dengan format paspor %(country)s.") % {"country": entry[0]}
    return None
