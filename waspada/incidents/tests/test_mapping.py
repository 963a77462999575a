"""The column mapping of incident imports: checking a definition, binding it to a file's columns
(by header or HXL hashtag), and recognising the HXL row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from waspada.incidents.mapping import MappingError, is_hxl_row, parse, tag_key

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def minimal(**extra):
    return {"columns": {"tanggal": "occurred_on", "kategori": "category", "kode": "region_code"}, **extra}


def test_the_example_mappings_are_valid():
    for name in ("incidents-mapping.json", "incidents-hdx-mapping.json"):
        spec = parse(json.loads((EXAMPLES / name).read_text()))
        assert spec.provides("occurred_on")


def test_a_mapping_without_a_date_column_category_or_region_is_refused_with_every_reason():
    with pytest.raises(MappingError) as refused:
        parse({"columns": {"judul": "title"}})
    text = " ".join(refused.value.messages)
    assert "tanggal kejadian" in text
    assert "kategori" in text
    assert "kode wilayah" in text


def test_an_unknown_field_and_a_field_mapped_twice_are_refused():
    with pytest.raises(MappingError) as refused:
        parse(minimal(columns={"tanggal": "occurred_on", "tgl": "occurred_on", "x": "warna", "kode": "region_code"}))
    text = " ".join(refused.value.messages)
    assert "dipetakan dari dua kolom" in text
    assert "«warna»" in text


def test_an_external_id_needs_the_name_of_the_source():
    definition = minimal()
    definition["columns"]["id"] = "external_id"
    with pytest.raises(MappingError) as refused:
        parse(definition)
    assert "external_source" in refused.value.messages[0]
    assert parse({**definition, "external_source": "acled"}).external_source == "acled"


def test_bad_date_formats_and_code_set_are_refused():
    with pytest.raises(MappingError) as refused:
        parse(minimal(date_formats=["YYYY-MM-DD"], code_set="2019"))
    assert len(refused.value.messages) == 2


def test_a_mapping_naming_a_column_missing_from_the_file_is_refused():
    spec = parse(minimal())
    with pytest.raises(MappingError) as refused:
        spec.bind(["tanggal", "kategori"])
    assert refused.value.messages == ["Kolom «kode» yang disebut pemetaan tidak ada dalam berkas."]


def test_columns_bind_by_header_case_insensitively_and_by_hxl_tag_in_any_attribute_order():
    spec = parse({"columns": {"Tanggal": "occurred_on", "#event +type": "category", "#adm2+name+x": "region_name"}})
    bound = spec.bind(["TANGGAL ", "jenis", "kab"], ["#date", "#event+type", "#adm2+x+name"])
    assert bound == {"occurred_on": 0, "category": 1, "region_name": 2}
    assert tag_key("#ADM1 +name") == tag_key("#adm1+name")


def test_value_maps_translate_case_insensitively():
    spec = parse(minimal(values={"category": {"Mob Violence": "bentrok-antarwarga"}}))
    assert spec.mapped_value("category", "  mob   violence ") == "bentrok-antarwarga"
    assert spec.mapped_value("category", "Riots") == "Riots"


def test_the_hxl_row_is_recognised_when_most_filled_cells_are_hashtags():
    assert is_hxl_row(["#date", "#adm1+name", "", "#geo+lat", None])
    assert is_hxl_row(["#date", "#adm1+name", "catatan"])
    assert not is_hxl_row(["2020-10-05", "Jawa Barat", "#viral"])
    assert not is_hxl_row(["", None])
