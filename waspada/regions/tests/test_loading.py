import pytest

from waspada.regions.models import Region
from waspada.regions.selectors import RegionNotFound, resolve_region
from waspada.regions.services import regions_load

pytestmark = pytest.mark.django_db


def test_the_loaded_tree_has_38_provinces_514_kabkota_and_7285_kecamatan():
    assert Region.objects.filter(level="provinsi").count() == 38
    assert Region.objects.filter(level="kabupaten").count() == 416
    assert Region.objects.filter(level="kota").count() == 98
    assert Region.objects.kabkota().count() == 514
    assert Region.objects.filter(level="kecamatan").count() == 7285


def test_loading_again_changes_nothing():
    report = regions_load()
    assert report.total_added() == 0
    assert report.total_changed() == 0


def test_loading_with_villages_adds_exactly_83762_desa_and_kelurahan():
    report = regions_load(with_villages=True)
    assert report.added.get("desa", 0) + report.added.get("kelurahan", 0) == 83762
    assert Region.objects.filter(level__in=["desa", "kelurahan"]).count() == 83762
    village = Region.objects.get(code="32.73.01.1001")
    assert village.kabkota.code == "32.73"
    assert village.province.code == "32"


def test_a_changed_name_is_restored_and_reported():
    Region.objects.filter(code="32.73").update(name="Bandung Lama")
    report = regions_load()
    assert report.changed["kota"] == 1
    assert Region.objects.get(code="32.73").name == "Kota Bandung"


def test_each_region_carries_its_province_and_kabkota_keys():
    kota = Region.objects.get(code="32.73")
    assert kota.name == "Kota Bandung"
    assert kota.level == "kota"
    assert kota.province.code == "32"
    assert kota.kabkota == kota
    kecamatan = Region.objects.filter(parent=kota).first()
    assert kecamatan.kabkota == kota
    province = Region.objects.get(code="32")
    assert province.province == province
    assert province.kabkota is None


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("32", "WIB"),
        ("21.71", "WIB"),
        ("51.71", "WITA"),
        ("64", "WITA"),
        ("76", "WITA"),
        ("81", "WIT"),
        ("96.71", "WIT"),
    ],
)
def test_time_zones_follow_the_province_code(code, zone):
    assert Region.objects.get(code=code).timezone == zone


def test_new_papua_provinces_did_not_exist_before_their_laws():
    from datetime import date

    papua_selatan = Region.objects.get(code="93")
    assert not papua_selatan.is_valid_on(date(2020, 12, 9))
    assert papua_selatan.is_valid_on(date(2022, 7, 25))
    assert Region.objects.get(code="96").valid_from == date(2022, 12, 8)
    # Kota Sorong existed long before Papua Barat Daya: only its code is new (the crosswalk maps 92.71).
    assert Region.objects.get(code="96.71").valid_from is None
    assert Region.objects.get(code="91.03").valid_from is None
    on_voting_day_2020 = Region.objects.provinces().valid_on(date(2020, 12, 9)).count()
    assert on_voting_day_2020 == 34


def test_2020_codes_resolve_to_the_current_region():
    merauke = resolve_region("91.01")
    assert (merauke.code, merauke.name) == ("93.01", "Kabupaten Merauke")
    sorong = resolve_region("92.71")
    assert (sorong.code, sorong.name) == ("96.71", "Kota Sorong")


def test_an_unknown_code_gives_a_clear_message():
    with pytest.raises(RegionNotFound, match="tidak dikenal"):
        resolve_region("99.99")
    with pytest.raises(RegionNotFound, match="tidak valid"):
        resolve_region("bandung")
