"""District names are placed from the register or reported, never guessed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt.graph.identity import Identity
from tdkt.kernel.places import check_place, register


def test_a_district_unique_in_the_country_is_placed_without_a_province() -> None:
    ids = Identity()
    alone = ids.unit("Hội Nông dân huyện Nậm Nhùn", None, "some-source")
    assert alone == ids.unit("Hội Nông dân huyện Nậm Nhùn", "Lai Châu", "other")
    assert "/unit/lai-chau/" in alone.value
    national = ids.unit("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, "some-source")
    assert "/unit/vn/" in national.value


DISTRICTS = sorted({(a.kind, a.short) for a in register().districts.values()
                    if "(" not in a.short and " - " not in a.short})  # as written in text, not the register's keys


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
