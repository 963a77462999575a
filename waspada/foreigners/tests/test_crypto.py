"""The personal-data helpers, without the database."""

from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from waspada.foreigners import crypto
from waspada.foreigners.identity import nationality_error, passport_error

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def test_it_encrypts_so_that_the_token_does_not_contain_the_value():
    token = crypto.encrypt("E12345678")
    assert "E12345678" not in token
    assert crypto.decrypt(token) == "E12345678"


def test_it_decrypts_old_tokens_after_a_new_key_is_put_first():
    with override_settings(WASPADA_PII_KEYS=[OLD]):
        token = crypto.encrypt("Jalan Dago 17")
        old_digest = crypto.search_digest("E12345678")
    with override_settings(WASPADA_PII_KEYS=[NEW, OLD]):
        assert crypto.decrypt(token) == "Jalan Dago 17"
        rotated = crypto.rotate(token)
        assert old_digest in crypto.search_digests("e1234 5678")
        assert crypto.search_digest("E12345678") != old_digest
    with override_settings(WASPADA_PII_KEYS=[NEW]):
        assert crypto.decrypt(rotated) == "Jalan Dago 17"
        with pytest.raises(crypto.PIIKeyError):
            crypto.decrypt(token)


def test_the_search_digest_ignores_case_spaces_and_hyphens():
    assert crypto.search_digest(" e12 345-678 ") == crypto.search_digest("E12345678")
    assert crypto.search_digest("E12345679") != crypto.search_digest("E12345678")


def test_it_masks_passport_numbers_addresses_and_birth_dates():
    assert crypto.mask_passport("A12345689") == "A12••••89"
    assert crypto.mask_passport("X1234") == "X•••4"
    assert crypto.mask_address("Jalan Dago Atas Nomor 17, Bandung") == "Jalan Da…"
    assert "17" not in crypto.mask_address("Jalan Dago Atas Nomor 17, Bandung")
    assert crypto.mask_birth_date(date(1985, 4, 12)) == "1985"
    assert crypto.mask_birth_date(None) == ""


def test_it_refuses_missing_invalid_and_development_keys():
    assert crypto.validate_keys([])
    assert crypto.validate_keys(["not-a-key"])
    assert crypto.validate_keys([crypto.INSECURE_DEV_PII_KEY])
    assert crypto.validate_keys([NEW, OLD]) == []


def test_it_refuses_unknown_and_indonesian_nationality_codes():
    assert nationality_error("CHN") is None
    assert nationality_error("chn") is None
    assert "tidak dikenal" in (nationality_error("XYZ") or "")
    assert "bukan orang asing" in (nationality_error("IDN") or "")
    assert nationality_error("")


def test_it_checks_passport_numbers_against_icao_and_the_nationality_pattern():
    assert passport_error("E12345678", "CHN") is None
    assert passport_error("TR1234567", "JPN") is None
    assert passport_error("123456789", "USA") is None
    assert passport_error("AB-12 34", "FRA") is None  # normalised to AB1234
    assert "tidak sah" in (passport_error("E1234567!", "CHN") or "")
    assert "tidak sah" in (passport_error("ABCDEFG", "FRA") or "")  # no digit
    assert "tidak sah" in (passport_error("1234567890", "FRA") or "")  # too long
    assert "Tiongkok" in (passport_error("X1234567", "CHN") or "")


def test_it_accepts_chinese_diplomatic_service_and_sar_passports_and_refuses_other_series():
    for number in (
        "E12345678",
        "EA1234567",
        "G12345678",
        "D12345678",
        "DE1234567",
        "SE1234567",
        "PE1234567",
        "K12345678",
        "KJ1234567",
        "H12345678",
        "MA1234567",
    ):
        assert passport_error(number, "CHN") is None, number
    for number in ("X12345678", "E1234567", "DA1234567", "Q12345678"):
        assert "Tiongkok" in (passport_error(number, "CHN") or ""), number
