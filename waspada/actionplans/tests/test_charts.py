"""The recap chart's pure SVG writer: parsed with xml.etree, no database."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from decimal import Decimal

from waspada.actionplans import charts

SVG = "{http://www.w3.org/2000/svg}"
STAGES = ("Pencegahan", "Penghentian", "Pemulihan")


def _parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (our own output)


def _bars(root: ET.Element) -> list[ET.Element]:
    group = root.find(f"{SVG}g[@class='bars']")
    assert group is not None
    return group.findall(f"{SVG}rect")


def _national() -> tuple[list[str], list[tuple[str, list[Decimal | None]]]]:
    provinces = [f"Provinsi Nomor {i:02d}" for i in range(38)]
    series: list[tuple[str, list[Decimal | None]]] = [
        (stage, [None if (i + s) % 7 == 0 else Decimal(f"{(i * 13 + s * 29) % 101}.25") for i in range(38)])
        for s, stage in enumerate(STAGES)
    ]
    return provinces, series


def test_it_draws_one_bar_per_value_that_is_not_missing() -> None:
    provinces, series = _national()
    root = _parse(charts.realisation_svg(provinces, series, title="Realisasi", empty_text="Kosong"))
    expected = sum(1 for _label, values in series for v in values if v is not None)
    assert 0 < expected < 38 * 3
    assert len(_bars(root)) == expected


def test_a_bar_is_as_long_as_its_percentage_of_the_axis() -> None:
    svg = charts.realisation_svg(
        ["Aceh", "Bali"],
        [("Pencegahan", [Decimal("100"), Decimal("50")]), ("Penghentian", [Decimal("0"), None])],
        title="T",
        empty_text="E",
    )
    widths = [float(r.get("width") or "nan") for r in _bars(_parse(svg))]
    assert len(widths) == 3
    # Province by province, stage by stage: Aceh 100 and 0, Bali 50 (its missing stage: no bar).
    assert widths[1] == 0 and abs(widths[2] - widths[0] / 2) < 0.01
    fills = [r.get("fill") for r in _bars(_parse(svg))]
    assert fills == [charts.STAGE_COLOURS[0], charts.STAGE_COLOURS[1], charts.STAGE_COLOURS[0]]


def test_the_axis_goes_from_0_to_100_percent_every_20_and_the_legend_names_the_stages() -> None:
    provinces, series = _national()
    root = _parse(charts.realisation_svg(provinces, series, title="Realisasi", empty_text="Kosong"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for tick in ("0 %", "20 %", "40 %", "60 %", "80 %", "100 %"):
        assert tick in texts
    for stage in STAGES:
        assert stage in texts
    assert provinces[0] in texts and provinces[-1] in texts


def test_labels_and_title_are_escaped_and_the_image_is_named_for_screen_readers() -> None:
    title = 'Realisasi <b>"B-04"</b> & lainnya'
    svg = charts.realisation_svg(
        ["Papua <Barat> & Daya"], [("Pencegahan", [Decimal("12.5")])], title=title, empty_text="Kosong"
    )
    assert b"<b>" not in svg and b"<Barat>" not in svg
    root = _parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == title
    assert root.findtext(f"{SVG}title") == title
    assert "Papua <Barat> & Daya" in [t.text for t in root.iter(f"{SVG}text")]
    (bar,) = _bars(root)
    assert bar.findtext(f"{SVG}title") == "Papua <Barat> & Daya — Pencegahan: 12,5 %"


def test_the_left_margin_is_wide_enough_for_the_longest_label() -> None:
    short = _parse(charts.realisation_svg(["Aceh"], [("A", [Decimal(1)])], title="T", empty_text="E"))
    names = ["Aceh", "Kepulauan Bangka Belitung"]
    long = _parse(charts.realisation_svg(names, [("A", [Decimal(1), None])], title="T", empty_text="E"))
    assert float(_bars(long)[0].get("x") or 0) > float(_bars(short)[0].get("x") or 0)
    label_width = len("Kepulauan Bangka Belitung") * charts.FONT_SIZE * charts.GLYPH_WIDTH
    assert float(_bars(long)[0].get("x") or 0) >= label_width


def test_without_provinces_it_shows_the_empty_text_and_no_bar() -> None:
    root = _parse(charts.realisation_svg([], [(s, []) for s in STAGES], title="Judul", empty_text="Belum ada laporan."))
    assert root.find(f"{SVG}g[@class='bars']") is None
    assert "Belum ada laporan." in [t.text for t in root.iter(f"{SVG}text")]
    assert root.findtext(f"{SVG}title") == "Judul"


def test_the_same_data_gives_the_same_bytes_without_script_or_style() -> None:
    provinces, series = _national()
    first = charts.realisation_svg(provinces, series, title="Realisasi", empty_text="Kosong")
    assert first == charts.realisation_svg(provinces, series, title="Realisasi", empty_text="Kosong")
    assert b"<script" not in first and b"style=" not in first and b"<style" not in first


def test_the_national_chart_is_a_few_milliseconds() -> None:
    provinces, series = _national()
    started = time.process_time()
    for _i in range(10):
        charts.realisation_svg(provinces, series, title="Realisasi", empty_text="Kosong")
    assert (time.process_time() - started) / 10 < 0.05  # generous bound on a loaded machine
