"""District names are placed from the register or reported, never guessed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt.graph.identity import Identity
from tdkt.kernel.errors import PlaceError
from tdkt.kernel.names import key
from tdkt.kernel.places import area_of_unit, check_place, register


def test_a_district_unique_in_the_country_is_placed_without_a_province() -> None:
    ids = Identity()
    alone = ids.unit("Hội Nông dân huyện Nậm Nhùn", None, "some-source")
    assert alone == ids.unit("Hội Nông dân huyện Nậm Nhùn", "Lai Châu", "other")
    assert "/unit/lai-chau/" in alone.value
    national = ids.unit("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, "some-source")
    assert "/unit/vn/" in national.value


# as written in text: "Duyên Hải (Huyện)" of the register is "huyện Duyên Hải"
DISTRICTS = sorted({(a.kind, re.sub(r" \(.*\)$", "", a.short)) for a in register().districts.values()
                    if " - " not in a.short})


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DISTRICTS), st.sampled_from(["Ủy ban nhân dân", "Hội Nông dân", "Hội Cựu chiến binh"]))
def test_a_district_name_is_placed_or_reported_never_guessed(district: tuple[str, str], head: str) -> None:
    """Without a province, a unit of a district unique in the country takes that district's province; one of a
    name several districts share is reported with a reason and scoped by its source."""
    kind, short = district
    name = f"{head} {kind.lower()} {short}"
    candidates = register().district_candidates(f"{kind} {short}")
    ids = Identity()
    iri = ids.unit(name, None, "src").value
    if len(candidates) == 1:
        province = register().province_of(candidates[0]).short
        assert iri == ids.unit(name, province, "other").value
    else:
        found = check_place(name, None)
        assert found is not None and "several provinces" in found.reason
        assert len(found.candidates) == len(candidates)
        assert "/unit/unplaced/src/" in iri


@pytest.mark.parametrize(("written", "register_name", "province"), [
    ("huyện Phú Quý", "Huyện Phú Quí", "Bình Thuận"),  # quý / quí
    ("quận 12", "Quận 12", "Hồ Chí Minh"),  # a district named by its number
    ("huyện Duyên Hải", "Huyện Duyên Hải", "Trà Vinh"),  # the register's "Duyên Hải (Huyện)"
    ("thị xã Duyên Hải", "Thị xã Duyên Hải", "Trà Vinh"),
    ("huyện Hoài Nhơn", "Thị xã Hoài Nhơn", "Bình Định"),  # a huyện that became a thị xã (2020)
])
def test_spellings_and_former_kinds_find_the_district(written: str, register_name: str, province: str) -> None:
    found = register().district(written, province)
    assert found.name == register_name and register().province_of(found).short == province


Y_TO_I = dict(zip("yýỳỷỹỵ", "iíìỉĩị", strict=True))


def _with_i(name: str) -> str:
    """The name with each syllable of consonants then "y" written with "i" (Mỹ → Mĩ; not Thủy)."""
    return " ".join(w[:-1] + Y_TO_I[w[-1]] if re.fullmatch(r"(qu|[bcdghklmnprstvx]+)y", key(w)) else w
                    for w in name.split(" "))


VARIANT_Y = sorted({a.short for a in register().districts.values() if "(" not in a.short
                    and _with_i(a.short) != a.short})


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(VARIANT_Y))
def test_y_after_a_consonant_may_be_written_i(short: str) -> None:
    """Place names are matched with "y" and "i" after consonants as one letter (Mỹ/Mĩ, Kỳ/Kì, Lý/Lí)."""
    assert register().district_candidates(_with_i(short)) == register().district_candidates(short)


def test_a_province_named_in_a_unit_of_another_province_is_that_province() -> None:
    """'Thành phố Hồ Chí Minh' in a unit's name is the province when no city has that name; a city of another
    province stays an error, not a guess."""
    area = area_of_unit("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh", "Bình Dương")
    assert area is not None and area.level == "province" and area.short == "Hồ Chí Minh"
    with pytest.raises(PlaceError, match="no district 'thành phố Hà Tĩnh' in Tỉnh Bắc Giang"):
        area_of_unit("Hội Nông dân thành phố Hà Tĩnh", "Bắc Giang")
