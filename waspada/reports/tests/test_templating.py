from decimal import Decimal

import pytest

from waspada.reports import templating

LEVELS = ["kondusif", "waspada", "siaga", "awas"]
DEFINITION = templating.parse_definition(
    {
        "sections": [
            {
                "code": "politik",
                "title": "Politik",
                "indicators": [
                    {"code": "unjuk_rasa", "type": "integer", "required": True, "min": 0, "max": 500},
                    {"code": "zona", "type": "choice", "choices": ["hijau", "merah"]},
                    {"code": "persen", "type": "decimal", "min": 0, "max": 100},
                    {"code": "sara", "type": "boolean"},
                    {"code": "catatan", "type": "text"},
                ],
            },
            {"code": "rekomendasi", "title": "Rekomendasi", "has_level": False},
        ]
    }
)


def content(**values):
    return {
        "sections": {
            "politik": {"level": "waspada", "narrative": "Ada unjuk rasa.", "values": values},
            "rekomendasi": {"narrative": "Koordinasi."},
        }
    }


def test_a_complete_report_is_cleaned_to_typed_values():
    cleaned, errors = templating.clean_content(
        DEFINITION,
        content(unjuk_rasa="3", zona="merah", persen="87,5", sara="ya", catatan=" damai "),
        LEVELS,
        complete=True,
    )
    assert errors == {}
    assert cleaned["sections"]["politik"]["values"] == {
        "unjuk_rasa": 3,
        "zona": "merah",
        "persen": 87.5,
        "sara": True,
        "catatan": "damai",
    }
    assert "level" not in cleaned["sections"]["rekomendasi"]


def test_a_submission_needs_required_fields_but_a_draft_does_not():
    partial = {"sections": {"politik": {"narrative": ""}}}
    _, draft_errors = templating.clean_content(DEFINITION, partial, LEVELS, complete=False)
    _, errors = templating.clean_content(DEFINITION, partial, LEVELS, complete=True)
    assert draft_errors == {}
    assert errors == {
        "politik.narrative": "Narasi wajib diisi.",
        "politik.level": "Pilih tingkat situasi.",
        "politik.values.unjuk_rasa": "Wajib diisi.",
        "rekomendasi.narrative": "Narasi wajib diisi.",
    }


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({"unjuk_rasa": "-1"}, "politik.values.unjuk_rasa", "Paling kecil 0."),
        ({"unjuk_rasa": "501"}, "politik.values.unjuk_rasa", "Paling besar 500."),
        ({"unjuk_rasa": "2,5"}, "politik.values.unjuk_rasa", "Isi dengan angka."),
        ({"unjuk_rasa": "2.5"}, "politik.values.unjuk_rasa", "Isi dengan bilangan bulat."),
        ({"unjuk_rasa": "NaN"}, "politik.values.unjuk_rasa", "Isi dengan angka."),
        ({"unjuk_rasa": 1, "zona": "ungu"}, "politik.values.zona", "Pilihan 'ungu' tidak tersedia."),
        ({"unjuk_rasa": 1, "sara": "mungkin"}, "politik.values.sara", "Pilih ya atau tidak."),
        ({"unjuk_rasa": 1, "catatan": "x" * 300}, "politik.values.catatan", "Paling banyak 255 karakter."),
    ],
)
def test_bad_values_get_a_clear_indonesian_message(values, key, message):
    _, errors = templating.clean_content(DEFINITION, content(**values), LEVELS, complete=True)
    assert errors == {key: message}


def test_an_unknown_level_is_refused():
    data = content(unjuk_rasa=1)
    data["sections"]["politik"]["level"] = "genting"
    _, errors = templating.clean_content(DEFINITION, data, LEVELS, complete=False)
    assert errors == {"politik.level": "Tingkat situasi 'genting' tidak dikenal."}


def test_content_that_is_not_a_mapping_is_refused_not_crashed():
    _, errors = templating.clean_content(DEFINITION, ["x"], LEVELS, complete=False)
    assert "sections" in errors


def test_unknown_sections_and_indicators_are_dropped():
    data = content(unjuk_rasa=1, palsu=9)
    data["sections"]["asing"] = {"narrative": "x"}
    cleaned, _ = templating.clean_content(DEFINITION, data, LEVELS, complete=True)
    assert set(cleaned["sections"]) == {"politik", "rekomendasi"}
    assert "palsu" not in cleaned["sections"]["politik"]["values"]


@pytest.mark.parametrize(
    "definition",
    [
        {},
        {"sections": []},
        {"sections": [{"code": "A b"}]},
        {"sections": [{"code": "x"}, {"code": "x"}]},
        {"sections": [{"code": "x", "indicators": [{"code": "y", "type": "tanggal"}]}]},
        {"sections": [{"code": "x", "indicators": [{"code": "y", "type": "choice"}]}]},
        {"sections": [{"code": "x", "indicators": [{"code": "y", "type": "integer", "min": "nol"}]}]},
    ],
)
def test_a_malformed_definition_is_refused(definition):
    with pytest.raises(templating.BadDefinition):
        templating.parse_definition(definition)


def test_limits_are_kept_as_decimals():
    assert DEFINITION.sections[0].indicators[0].max == Decimal(500)


def test_search_text_joins_the_narratives():
    assert templating.search_text(content(unjuk_rasa=1)) == "Ada unjuk rasa.\nKoordinasi."
    assert templating.section_levels(content()) == {"politik": "waspada"}
