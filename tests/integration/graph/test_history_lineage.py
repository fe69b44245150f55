"""Award history and summaries across the 2025 reorganisation: a unit's predecessors through the lineage events,
each row saying through which event it came; on the embedded store and a real ``oxigraph serve``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tdkt.graph.build import build, load_reference
from tdkt.graph.identity import Identity
from tdkt.graph.store.base import Store
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore
from tdkt.queries.library import run_query
from tests.support.paths import DATA

DECISIONS = DATA / "decisions"
MERGER = "https://w3id.org/tdkt/ontology#Merger"
DISSOLUTION = "https://w3id.org/tdkt/ontology#Dissolution"
LAO_CAI_YEN_BAI = "Sắp xếp đơn vị hành chính cấp tỉnh 2025: Tỉnh Lào Cai, Tỉnh Yên Bái → Tỉnh Lào Cai"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, gold_dir: Path) -> Path:
    """The sample decisions (two provinces merged in 2025) and the gold records (districts of Điện Biên)."""
    folder = tmp_path_factory.mktemp("lineage")
    for path in [*DECISIONS.glob("*.xlsx"), *DECISIONS.glob("*.csv"), *gold_dir.glob("*.json")]:
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="module")
def embedded(data_dir: Path) -> OxigraphStore:
    store = OxigraphStore(None)
    build(store, data_dir)
    return store


@pytest.fixture(scope="module")
def server(data_dir: Path, module_oxigraph: str) -> RemoteStore:
    store = RemoteStore(f"{module_oxigraph}/query", f"{module_oxigraph}/update")
    load_reference(store, Identity())
    build(store, data_dir)
    return store


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest) -> Store:
    found: Store = request.getfixturevalue(request.param)
    return found


def history(store: Store, unit: str) -> set[tuple[object, ...]]:
    rows = run_query(store, "award-history-lineage", {"unit": unit}).dicts()
    return {(r["through"], r["eventKind"], r["eventLabel"], r["recipientLabel"], r["year"], r["awardName"],
             r["decision"]) for r in rows}


def test_a_department_of_a_merged_province_has_its_predecessors_awards(store: Store) -> None:
    assert history(store, "Sở Tài chính tỉnh Lào Cai") == {
        ("predecessor", MERGER, LAO_CAI_YEN_BAI, "Sở Tài chính tỉnh Yên Bái", 2021, "Cờ thi đua của Chính phủ",
         "1190/QĐ-TTg"),
        ("self", None, None, "Sở Tài chính tỉnh Lào Cai", 2022, "Cờ thi đua", "140/QĐ-UBND"),
        ("self", None, None, "Sở Tài chính tỉnh Lào Cai", 2025, "Bằng khen", "77/QĐ-UBND"),
    }


def test_a_predecessor_has_no_successor_awards_as_its_own(store: Store) -> None:
    assert history(store, "Sở Tài chính tỉnh Yên Bái") == {
        ("self", None, None, "Sở Tài chính tỉnh Yên Bái", 2021, "Cờ thi đua của Chính phủ", "1190/QĐ-TTg")}


def test_a_unit_of_a_dissolved_district_takes_no_other_district_as_predecessor(store: Store) -> None:
    rows = history(store, "UBND huyện Mường Ảng")
    assert {r[0] for r in rows} == {"self"}
    assert {r[3] for r in rows} == {"Ủy ban nhân dân huyện Mường Ảng"}


def test_a_place_has_the_awards_of_the_places_that_went_into_it(store: Store) -> None:
    rows = history(store, "Tỉnh Điện Biên")
    dissolved = {(r[3], r[4]) for r in rows if r[0] == "predecessor" and r[1] == DISSOLUTION}
    assert dissolved == {("Ủy ban nhân dân huyện Mường Ảng", 2017), ("Ủy ban nhân dân thành phố Điện Biên Phủ", 2017)}
    labels = {r[2] for r in rows if r[3] == "Ủy ban nhân dân huyện Mường Ảng"}
    assert labels == {"Kết thúc hoạt động của đơn vị hành chính cấp huyện: Huyện Mường Ảng "
                      "(địa bàn thuộc Tỉnh Điện Biên)"}


def test_the_summary_counts_each_way_in(store: Store) -> None:
    rows = run_query(store, "awards-summary-lineage", {"unit": "Tỉnh Lào Cai"}).dicts()
    assert {(r["year"], r["through"], r["eventLabel"], r["awardTypeLabel"], r["awards"], r["recipients"])
            for r in rows} == {
        (2021, "predecessor", LAO_CAI_YEN_BAI, "Cờ thi đua của Chính phủ", 1, "Sở Tài chính tỉnh Yên Bái"),
        (2022, "place", None, "Cờ thi đua cấp bộ, ngành, tỉnh, đoàn thể trung ương", 1, "Sở Tài chính tỉnh Lào Cai"),
        (2025, "place", None, "Bằng khen của bộ, ban, ngành, tỉnh", 1, "Sở Tài chính tỉnh Lào Cai"),
    }


@pytest.mark.parametrize(("name", "place"), [
    ("Ủy ban nhân dân huyện Mường Ảng", ("huyện", "Mường Ảng")),
    ("Hội Nông dân huyện Ân Thi", ("huyện", "Ân Thi")),
    ("Huyện ủy Ứng Hòa", ("huyện", "Ứng Hòa")),
    ("Ủy ban nhân dân xã Ẳng Nưa", ("xã", "Ẳng Nưa")),
])
def test_places_whose_name_starts_with_a_toned_capital(name: str, place: tuple[str, str]) -> None:
    """A place word may begin with any letter, "Ảng" as well as "Tè" (the district lineage needs the place)."""
    from tdkt.kernel.places import place_in_name

    assert place_in_name(name) == place
