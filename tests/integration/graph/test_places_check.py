"""Ambiguous and unknown places: never one entity across provinces, and listed by ``tdkt check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tdkt.cli.main import main
from tdkt.graph.build import load_documents, read_documents
from tdkt.graph.identity import Identity
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.queries.conflicts import check

CHAU_THANH = "Ủy ban nhân dân huyện Châu Thành"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def document(folder: Path, source: str, province: str | None, unit: str, bloc_province: str = "Bến Tre") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {"source": {"id": source, "province": province},
           "records": [{"type": "bloc", "name": "Cụm thi đua số 3", "province": bloc_province},
                       {"type": "membership", "bloc": "Cụm thi đua số 3", "unit": unit, "year": 2023}]}
    path = folder / f"{source}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def units_named(store: OxigraphStore, label: str) -> set[str]:
    rows = store.select(f"SELECT DISTINCT ?u WHERE {{ ?u <{LABEL}> ?l FILTER(STR(?l) = \"{label}\") }}")
    return {str(r["u"]) for r in rows}


@pytest.fixture
def mixed(tmp_path: Path) -> OxigraphStore:
    """Two documents of no province and one of Bến Tre, each naming huyện Châu Thành (ten districts)."""
    paths = [document(tmp_path / "docs", "chau-thanh-a", None, CHAU_THANH, "Tiền Giang"),
             document(tmp_path / "docs", "chau-thanh-b", None, CHAU_THANH, "Trà Vinh"),
             document(tmp_path / "docs", "chau-thanh-bt", "Bến Tre", CHAU_THANH),
             document(tmp_path / "docs", "nowhere", "Lai Châu", "Hội Nông dân huyện Xuân Vân Lạc", "Lai Châu")]
    store = OxigraphStore(None)
    load_documents(store, read_documents(paths))
    return store


def test_an_ambiguous_district_never_merges_across_documents(mixed: OxigraphStore) -> None:
    iris = units_named(mixed, CHAU_THANH)
    assert len(iris) == 3
    base = Identity().base + "unit/"
    assert {i.removeprefix(base).rsplit("/", 1)[0] for i in iris} == {
        "ben-tre", "unplaced/chau-thanh-a", "unplaced/chau-thanh-b"}


def test_check_lists_ambiguous_and_unknown_places_with_candidates_and_reason(mixed: OxigraphStore) -> None:
    report = check(mixed, source_prefix=Identity().source("").value)
    by_source = {p.sources: p for p in report.places}
    assert set(by_source) == {("chau-thanh-a",), ("chau-thanh-b",), ("nowhere",)}
    ambiguous = by_source[("chau-thanh-a",)]
    assert ambiguous.place == "huyện Châu Thành"
    assert "names districts in several provinces" in ambiguous.reason
    assert len(ambiguous.candidates) == 10 and "Huyện Châu Thành (Bến Tre)" in ambiguous.candidates
    unknown = by_source[("nowhere",)]
    assert unknown.reason == "no district 'huyện Xuân Vân Lạc' in Tỉnh Lai Châu" and unknown.candidates == ()
    text = report.text()
    assert "places not tied to one administrative unit: 3" in text
    assert "candidates: Huyện Châu Thành (An Giang); Huyện Châu Thành (Bến Tre)" in text


def test_tdkt_check_prints_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [document(tmp_path / "docs", "chau-thanh-a", None, CHAU_THANH, "Tiền Giang"),
             document(tmp_path / "docs", "chau-thanh-bt", "Bến Tre", CHAU_THANH)]
    store = str(tmp_path / "store")
    assert main(["--store", store, "load", *map(str, paths)]) == 0
    capsys.readouterr()
    assert main(["--store", store, "check"]) == 0
    out = capsys.readouterr().out
    assert "places not tied to one administrative unit: 1" in out
    assert f"{CHAU_THANH}: 'huyện Châu Thành' names districts in several provinces" in out
    assert "chau-thanh-a" in out and "chau-thanh-bt" not in out


def test_the_gold_graph_has_no_unplaced_place(gold_store: OxigraphStore) -> None:
    assert check(gold_store).places == ()
