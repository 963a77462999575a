"""Kemendagri code sets and the crosswalk between them. Pure data and functions, no ORM.

Current code set: Kepmendagri 300.2.2-2138/2025 (38 provinces, 514 kabupaten/kota).
2020 code set: Permendagri 72/2019 (34 provinces, 514 kabupaten/kota). The 2022 Papua split
renumbered 26 kabupaten/kota (DOMAIN.md §2); every other 2020 kabupaten/kota code is unchanged.
"""

from __future__ import annotations

import re
from datetime import date

CODE_SET_CURRENT = "kepmendagri-2025"
CODE_SET_2020 = "permendagri-72-2019"
CODE_SETS = {
    CODE_SET_CURRENT: "Kepmendagri 300.2.2-2138/2025",
    CODE_SET_2020: "Permendagri 72/2019",
}

# 2020 code → current code, for the 26 renumbered Papua / Papua Barat kabupaten/kota.
PAPUA_RENUMBERING_2022: dict[str, str] = {
    "91.01": "93.01",  # Merauke
    "91.16": "93.02",  # Boven Digoel
    "91.17": "93.03",  # Mappi
    "91.18": "93.04",  # Asmat
    "91.04": "94.01",  # Nabire
    "91.07": "94.02",  # Puncak Jaya
    "91.08": "94.03",  # Paniai
    "91.09": "94.04",  # Mimika
    "91.25": "94.05",  # Puncak
    "91.26": "94.06",  # Dogiyai
    "91.27": "94.07",  # Intan Jaya
    "91.28": "94.08",  # Deiyai
    "91.02": "95.01",  # Jayawijaya
    "91.12": "95.02",  # Pegunungan Bintang
    "91.13": "95.03",  # Yahukimo
    "91.14": "95.04",  # Tolikara
    "91.21": "95.05",  # Mamberamo Tengah
    "91.22": "95.06",  # Yalimo
    "91.23": "95.07",  # Lanny Jaya
    "91.24": "95.08",  # Nduga
    "92.01": "96.01",  # Kabupaten Sorong
    "92.04": "96.02",  # Sorong Selatan
    "92.05": "96.03",  # Raja Ampat
    "92.09": "96.04",  # Tambrauw
    "92.10": "96.05",  # Maybrat
    "92.71": "96.71",  # Kota Sorong
}

# Provinces formed in 2022 did not exist before their laws (UU 14, 15, 16/2022 and 29/2022).
PROVINCE_VALID_FROM: dict[str, date] = {
    "93": date(2022, 7, 25),  # Papua Selatan
    "94": date(2022, 7, 25),  # Papua Tengah
    "95": date(2022, 7, 25),  # Papua Pegunungan
    "96": date(2022, 12, 8),  # Papua Barat Daya
}

_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_DIGITS = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$")


class InvalidRegionCode(ValueError):
    pass


def normalize_code(raw: object) -> str:
    """``"3273"``, ``"32.73"``, ``" 32.73 "`` → ``"32.73"``; anything else raises.

    Numbers read from spreadsheets (``32.73`` as a float, ``3273`` as an int) are accepted too.
    """
    text = str(raw).strip() if raw is not None else ""
    if _DOTTED.match(text):
        return text
    if _DIGITS.match(text):
        return ".".join(p for p in (text[0:2], text[2:4], text[4:6], text[6:10]) if p)
    raise InvalidRegionCode(f"Kode wilayah tidak valid: «{text}». Gunakan format Kemendagri, mis. 32.73.")


def depth_of(code: str) -> int:
    return code.count(".") + 1


def to_current_code(raw: object, code_set: str | None = None) -> str:
    """The current code for a code read from either code set.

    Codes are checked against the current set first by the caller; this applies the 2020
    crosswalk. Below kabupaten/kota level a renumbered parent means the code cannot be
    translated by prefix (DOMAIN.md §2): those raise, and must be matched by parent and name.
    """
    code = normalize_code(raw)
    if code_set not in (None, CODE_SET_2020, CODE_SET_CURRENT):
        raise InvalidRegionCode(f"Set kode tidak dikenal: «{code_set}».")
    if code_set == CODE_SET_CURRENT:
        return code
    if code in PAPUA_RENUMBERING_2022:
        return PAPUA_RENUMBERING_2022[code]
    kabkota = code[:5]
    if depth_of(code) > 2 and kabkota in PAPUA_RENUMBERING_2022:
        raise InvalidRegionCode(
            f"Kode {code} berada di bawah kabupaten/kota yang dinomori ulang pada 2022 "
            f"({kabkota} → {PAPUA_RENUMBERING_2022[kabkota]}); cocokkan berdasarkan induk dan nama."
        )
    return code


def time_zone_of(code: str) -> str:
    from waspada.core.timezones import zone_for_province

    return zone_for_province(code[:2])
