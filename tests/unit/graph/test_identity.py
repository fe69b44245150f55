"""One unit, one IRI, whatever the spelling; place lookups never guess."""

from __future__ import annotations

import unicodedata

import pytest

from tdkt.graph.identity import Identity, is_organisation, unit_area
from tdkt.kernel.errors import PlaceError
from tdkt.kernel.places import area_of_unit, register

ids = Identity()

SAME_UNIT = [
    ("Liên đoàn Lao động tỉnh Lai Châu", "Lai Châu"),
    ("LĐLĐ tỉnh Lai Châu", "Lai Châu"),
    ("LĐLĐ tỉnh", "Lai Châu"),
    ("Liên đoàn Lao động tỉnh", "Lai Châu"),
    ("liên đoàn lao động tỉnh lai châu", "Lai Châu"),
    (unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Lai Châu"), "Lai Châu"),
    ("Liên đoàn Lao động tỉnh Lai Châu", "Điện Biên"),  # named province wins over the source's
]


@pytest.mark.parametrize(("name", "province"), SAME_UNIT)
def test_spellings_of_one_unit_get_one_iri(name: str, province: str) -> None:
    assert ids.unit(name, province) == ids.unit(*SAME_UNIT[0])


@pytest.mark.parametrize("spelling", ["Uỷ ban nhân dân huyện Tân Uyên", "Ủy ban nhân dân huyện Tân Uyên",
                                      "UBND huyện Tân Uyên", "UBND  huyện  Tân Uyên."])
def test_tone_marks_abbreviations_and_spacing_fold(spelling: str) -> None:
    assert ids.unit(spelling, "Lai Châu").value == "https://w3id.org/tdkt/id/unit/lai-chau/uy-ban-nhan-dan-huyen-tan-uyen"


def test_same_district_name_in_two_provinces_are_two_units() -> None:
    assert ids.unit("UBND huyện Châu Thành", "An Giang") != ids.unit("UBND huyện Châu Thành", "Bến Tre")


def test_numbered_blocs_are_scoped_by_province_and_organiser() -> None:
    a = ids.bloc("Cụm thi đua số 01", "Lai Châu", "Hội Nông dân tỉnh")
    assert a == ids.bloc("Cụm Thi đua số 1", "Lai Châu", "HND tỉnh Lai Châu")
    assert a != ids.bloc("Cụm thi đua số 01", "Lai Châu", "Ủy ban nhân dân tỉnh")
    assert a != ids.bloc("Cụm thi đua số 01", "Điện Biên", "Hội Nông dân tỉnh")


def test_iris_follow_the_configured_base() -> None:
    other = Identity("http://example.org/kg/")
    assert other.unit("Tỉnh đoàn", "Lai Châu").value == "http://example.org/kg/unit/lai-chau/tinh-doan-lai-chau"


def test_place_based_units_are_tied_to_the_register() -> None:
    area = unit_area("Hội Nông dân huyện Nậm Nhùn", "Lai Châu")
    assert area is not None and (area.code, area.level, area.parent) == ("112", "district", "12")
    province = unit_area("Ủy ban nhân dân tỉnh Điện Biên", None)
    assert province is not None and province.code == "11"
    assert unit_area("Huyện ủy Bắc Hà", "Lào Cai") is not None


def test_an_ambiguous_district_without_province_stays_unresolved() -> None:
    with pytest.raises(PlaceError, match="several provinces"):
        area_of_unit("Ủy ban nhân dân huyện Châu Thành", None)
    assert unit_area("Ủy ban nhân dân huyện Châu Thành", None) is None
    resolved = unit_area("Ủy ban nhân dân huyện Châu Thành", "Tiền Giang")
    assert resolved is not None and register().provinces[resolved.parent or ""].short == "Tiền Giang"


def test_unknown_places_are_not_guessed() -> None:
    assert unit_area("Hội Nông dân huyện Không Có Thật", "Lai Châu") is None
    assert register().find_province("Xứ Đoài") is None


def test_2025_successor_provinces() -> None:
    reg = register()
    lao_cai, yen_bai = reg.province("Lào Cai"), reg.province("Yên Bái")
    assert reg.province_successor[lao_cai.code] == reg.province_successor[yen_bai.code]
    assert reg.provinces_2025[reg.province_successor[yen_bai.code]].short == "Lào Cai"
    assert len(reg.provinces) == 63 and len(reg.provinces_2025) == 34


def test_recipients_are_told_apart() -> None:
    assert is_organisation("Ủy ban nhân dân thành phố Điện Biên Phủ")
    assert is_organisation("Hội Nông dân huyện Mường Tè")
    assert not is_organisation("Mùa Dũng Sính")
