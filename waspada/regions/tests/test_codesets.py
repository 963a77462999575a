import pytest

from waspada.regions.codesets import PAPUA_RENUMBERING_2022, InvalidRegionCode, normalize_code, to_current_code


def test_it_accepts_dotted_and_undotted_codes():
    assert normalize_code("3273") == "32.73"
    assert normalize_code(" 32.73 ") == "32.73"
    assert normalize_code("3273011001") == "32.73.01.1001"


@pytest.mark.parametrize("bad", ["", "3", "32.7", "ab", "32-73", "32.73.1", None])
def test_it_rejects_malformed_codes_with_an_indonesian_message(bad):
    with pytest.raises(InvalidRegionCode, match="Kode wilayah tidak valid"):
        normalize_code(bad)


def test_the_crosswalk_holds_the_26_papua_renumberings():
    assert len(PAPUA_RENUMBERING_2022) == 26
    assert to_current_code("91.01") == "93.01"
    assert to_current_code("92.71") == "96.71"
    assert to_current_code("9101") == "93.01"


def test_unrenumbered_codes_pass_through():
    assert to_current_code("91.03") == "91.03"
    assert to_current_code("32.73") == "32.73"


def test_a_kecamatan_under_a_renumbered_regency_is_not_translated_by_prefix():
    with pytest.raises(InvalidRegionCode, match="induk dan nama"):
        to_current_code("91.01.01")
