"""One build pipeline (graph.build.run): a store made only by ``tdkt load`` answers as one made by ``tdkt build``,
on the embedded store and on a real ``oxigraph serve``; reference graphs are always there, at the code's version;
one write is one transaction; the bulk writer swaps folders so a store is always at --store."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from tdkt.cli.main import main
from tdkt.graph import build as build_module
from tdkt.graph.build import Sources, TransactionWriter, load_paths, run
from tdkt.graph.bulk import FolderSwapWriter, exchange
from tdkt.graph.identity import Identity
from tdkt.graph.reference import VERSION_INFO, reference_version
from tdkt.graph.store import open_view
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.store.remote import RemoteStore
from tdkt.kernel.errors import RecordError, StoreError
from tdkt.queries.library import load_queries, run_query
from tdkt.web import backend
from tests.integration.queries.test_queries_golden import CASES
from tests.support.paths import REPO

EXTRA_CASES: dict[str, list[dict[str, str]]] = {
    "view-entity": [{"entity": "https://w3id.org/tdkt/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"}],
    "view-unit": [{"unit": "LĐLĐ tỉnh Lai Châu"}],
    "view-bloc": [{}, {"bloc": "Cụm thi đua số 01"}],
    "view-chairs": [{}, {"province": "Lai Châu"}],
    "view-overview": [{}, {"province": "Lai Châu"}],
    "view-officials": [{}, {"province": "Lai Châu"}],
}


def cases(name: str) -> list[dict[str, str]]:
    return EXTRA_CASES.get(name) or CASES.get(name) or [{}]


def tdkt(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(store: Any, name: str, params: dict[str, str]) -> list[str]:
    rows = run_query(store, name, params)
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in rows.dicts())


@pytest.fixture(scope="module")
def built(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("built") / "store"
    assert main(["--store", str(path), "build", str(gold_dir), "-q"]) == 0
    return path


@pytest.fixture(scope="module")
def loaded(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("loaded") / "store"
    assert main(["--store", str(path), "load", *map(str, sorted(gold_dir.glob("*.json")))]) == 0
    return path


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real, empty ``oxigraph serve`` (not the shared one, which the gold fixtures fill)."""
    port = backend.free_port()
    location = tmp_path_factory.mktemp("fresh-oxigraph")
    process = subprocess.Popen([backend.oxigraph_binary(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
    url = f"http://127.0.0.1:{port}"
    try:
        assert backend.wait_until_answers(f"{url}/query?query=ASK%7B%7D", 30, lambda: process.poll() is None)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def loaded_remote(fresh_server: str, gold_dir: Path) -> str:
    code = main(["load", *map(str, sorted(gold_dir.glob("*.json"))), "--endpoint", f"{fresh_server}/query",
                 "--update-endpoint", f"{fresh_server}/update"])
    assert code == 0
    return f"{fresh_server}/query"


# the gold has no conflicting roles and places every unit: these two answer with no rows on it
EMPTY_ON_GOLD = {"conflicts", "unplaced-units"}


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_a_loaded_store_gives_the_rows_of_a_built_one_for_every_named_query(
        built: Path, loaded: Path, name: str) -> None:
    left, right = open_view(built), open_view(loaded)
    try:
        for params in cases(name):
            assert rows_of(right, name, params) == rows_of(left, name, params), params
        assert any(rows_of(left, name, params) for params in cases(name)) or name.startswith("view-") \
            or name in EMPTY_ON_GOLD
    finally:
        left.close()
        right.close()


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(load_queries()))
def test_a_store_loaded_over_sparql_update_gives_the_rows_of_a_built_one(
        built: Path, loaded_remote: str, name: str) -> None:
    left, right = open_view(built), RemoteStore(loaded_remote)
    try:
        for params in cases(name):
            assert rows_of(right, name, params) == rows_of(left, name, params), params
    finally:
        left.close()


def test_bloc_roles_are_not_empty_after_a_load(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = tdkt(capsys, "--store", str(loaded), "ask", "bloc-roles")
    assert code == 0 and "(10 rows)" in out


@pytest.mark.parametrize("where", ["embedded", "remote"])
def test_rotation_and_validate_agree_with_the_built_store(
        where: str, built: Path, loaded: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest,
) -> None:
    target = ["--store", str(loaded)] if where == "embedded" else \
        ["--endpoint", request.getfixturevalue("loaded_remote")]
    code, built_rotation, _ = tdkt(capsys, "--store", str(built), "rotation")
    assert code == 0 and "chair" in built_rotation
    code, rotation, _ = tdkt(capsys, *target, "rotation")
    assert code == 0 and rotation == built_rotation
    code, _, err = tdkt(capsys, *target, "validate")
    assert code == 0, err
    assert err.startswith("conforms: 0 violations")
    assert tdkt(capsys, "--store", str(built), "validate")[2] == err


def test_every_write_holds_the_reference_graphs_at_the_code_version(loaded: Path) -> None:
    store = open_view(loaded)
    try:
        rows = store.select(f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?g {VERSION_INFO} ?v }} }}")
        assert {(r["g"].rsplit("/", 1)[-1], r["v"]) for r in rows} == {
            ("ontology", reference_version()), ("admin-units", reference_version())}
    finally:
        store.close()


def test_an_older_reference_is_refreshed_by_the_next_load(gold_dir: Path) -> None:
    store = OxigraphStore(None)
    ids = Identity()
    load_paths(store, [gold_dir / "000_722c592d168ed647.json"], ids)
    ontology = ids.graph("ontology")
    stale_class = ox.NamedNode("https://w3id.org/tdkt/ontology#RemovedLongAgo")
    old = [q for q in store.quads() if q.graph_name == ontology and q.predicate != VERSION_INFO]
    store.replace_graphs({ontology: [*old, ox.Quad(stale_class, VERSION_INFO, ox.Literal("x"), ontology),
                                     ox.Quad(ontology, VERSION_INFO, ox.Literal("tdkt-graph 0.0.1"), ontology)]})
    report = load_paths(store, [gold_dir / "001_9a75dafc5cd4d3cf.json"], ids)
    assert report.reference_written
    assert not store.ask(f"ASK {{ {stale_class} ?p ?o }}")
    assert store.ask(f'ASK {{ GRAPH {ontology} {{ {ontology} {VERSION_INFO} "{reference_version()}" }} }}')
    assert not load_paths(store, [gold_dir / "001_9a75dafc5cd4d3cf.json"], ids).reference_written


def test_a_load_is_one_transaction_with_its_derived_graphs(gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = OxigraphStore(None)
    updates: list[str] = []
    real = store._update
    monkeypatch.setattr(store, "_update", lambda text: (updates.append(text), real(text))[1])
    load_paths(store, sorted(gold_dir.glob("*.json")), Identity())
    assert len(updates) == 1
    assert "derived/campaigns" in updates[0] and "/source/" in updates[0] and "graph/ontology" in updates[0]
    links = store.select("SELECT ?c ?p WHERE { ?c <https://w3id.org/tdkt/ontology#derivedFrom> ?p }")
    assert len(links) > 0


def test_a_campaign_loaded_later_is_linked_to_one_loaded_before(gold_dir: Path) -> None:
    """The derived graph sees the store as it will be: the documents already there and the new ones."""
    ids = Identity()
    together = OxigraphStore(None)
    load_paths(together, sorted(gold_dir.glob("*.json")), ids)
    one_by_one = OxigraphStore(None)
    for path in sorted(gold_dir.glob("*.json")):
        load_paths(one_by_one, [path], ids)
    graph = ids.graph("derived/campaigns")
    assert sorted(str(q) for q in one_by_one.quads() if q.graph_name == graph) == \
        sorted(str(q) for q in together.quads() if q.graph_name == graph) != []


def test_a_rejected_load_writes_nothing_and_lists_every_problem(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(None)
    bad = tmp_path / "bad.json"
    data = json.loads((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    data["records"][0]["name"] = 3
    bad.write_text(json.dumps(data), encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_paths(store, [gold_dir / "001_9a75dafc5cd4d3cf.json", bad, broken], Identity())
    assert {Path(p.file).name for p in caught.value.problems} == {"bad.json", "broken.ttl"}
    assert store.count() == 0


def test_no_second_composition_is_left() -> None:
    """build, load, bulk and remote all go through graph.build.run: nothing else maps documents or derives."""
    repo = REPO
    callers = []
    for folder in ("graph", "cli", "web", "queries", "viz"):
        for path in (repo / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if any(word in text for word in ("document_quads(", "campaign_graph(", "reference_graphs(")):
                callers.append(path.relative_to(repo).as_posix())
    assert sorted(callers) == ["graph/build.py", "graph/campaigns.py", "graph/derived.py", "graph/mapping.py",
                               "graph/reading.py",
                               "graph/reference.py"]
    assert not (repo / "cli" / "loading.py").exists()


# -- the bulk writer's swap -------------------------------------------------------------------------------------


def test_the_exchange_puts_the_new_folder_in_place_and_the_old_one_beside(tmp_path: Path) -> None:
    target, new = tmp_path / "store", tmp_path / ".store.bulk-1"
    target.mkdir()
    (target / "old").write_text("old")
    new.mkdir()
    (new / "new").write_text("new")
    inode = target.stat().st_ino
    exchange(new, target)
    assert (target / "new").read_text() == "new" and (new / "old").read_text() == "old"
    assert new.stat().st_ino == inode


def test_a_bulk_load_keeps_the_other_sources_and_swaps_in_one_step(gold_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    docs = sorted(gold_dir.glob("*.json"))
    run(Sources(paths=tuple(docs[:3])), FolderSwapWriter(store))
    report = run(Sources(paths=tuple(docs[3:])), FolderSwapWriter(store))
    assert report.writer == "bulk" and report.documents == len(docs) - 3
    view = open_view(store)
    try:
        names = {g.value.rsplit("/", 1)[-1] for g in view.graph_names()}
        assert {Path(d).stem for d in docs} <= names
    finally:
        view.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_folder_left_by_a_killed_bulk_build_is_removed_by_the_next(gold_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    abandoned = tmp_path / ".store.bulk-999999999"
    abandoned.mkdir()
    run(Sources.folder(gold_dir), FolderSwapWriter(store), replace_sources=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_bulk_build_refuses_to_replace_a_folder_that_is_not_a_store(gold_dir: Path, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        run(Sources.folder(gold_dir), FolderSwapWriter(precious), replace_sources=True)
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_the_transaction_writer_names_remote_stores(oxigraph_server: str) -> None:
    assert TransactionWriter(RemoteStore(f"{oxigraph_server}/query")).name == "remote"
    assert TransactionWriter(OxigraphStore(None)).name == "transaction"
    assert build_module.run is run
