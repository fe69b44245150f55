"""Loading is idempotent, replaces a source's graph whole, and a rejected document changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt.graph.build import build, load_documents, load_paths, read_documents
from tdkt.graph.export import export
from tdkt.graph.identity import Identity
from tdkt.graph.store import oxigraph as oxigraph_store
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.kernel.errors import RecordError
from tdkt.loaders.structured import find_documents


def _snapshot(store: OxigraphStore) -> bytes:
    return export(store.quads(), "nquads")


def test_loading_gold_twice_gives_the_same_triples(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    build(store, gold_dir)
    first = _snapshot(store)
    build(store, gold_dir)
    assert store.count() == len(first.splitlines())
    assert _snapshot(store) == first
    docs = read_documents(find_documents(gold_dir))
    load_documents(store, docs)
    assert _snapshot(store) == first


def test_store_persists_on_disk(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    build(store, gold_dir)
    count = store.count()
    store.close()
    assert OxigraphStore(tmp_path / "store").count() == count


def test_store_opens_from_a_path_given_as_text(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "store"))
    build(store, gold_dir)
    count = store.count()
    store.close()
    view = OxigraphStore.read_only(str(tmp_path / "store"))
    assert view.path == tmp_path / "store"
    assert view.count() == count


def test_changed_document_drops_facts_it_no_longer_states(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(None)
    build(store, gold_dir)
    data = json.loads((gold_dir / "004_d180a8272f4401f9.json").read_text(encoding="utf-8"))
    data["records"] = [r for r in data["records"] if not (r["type"] == "role" and r["year"] == 2024)]
    changed = tmp_path / "004_d180a8272f4401f9.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ask = ("ASK { ?r <https://w3id.org/tdkt/ontology#year> 2024 ; "
           "<http://www.w3.org/ns/org#role> <https://w3id.org/tdkt/ontology#Chair> }")
    assert store.ask(ask)
    load_paths(store, [changed], Identity())
    assert not store.ask(ask)
    assert store.ask(ask.replace("2024", "2023"))


def test_rejected_document_leaves_the_store_byte_for_byte_the_same(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    build(store, gold_dir)
    before = _snapshot(store)
    data = json.loads((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    data["records"].append({"type": "role", "bloc": "Cụm thi đua số 01", "unit": "X", "role": "chair", "year": "2023"})
    bad = tmp_path / "000_722c592d168ed647.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    good = gold_dir / "001_9a75dafc5cd4d3cf.json"
    with pytest.raises(RecordError) as info:
        load_paths(store, [good, bad], Identity())
    assert "record 17, field 'year'" in str(info.value)
    assert str(bad) in str(info.value)
    assert _snapshot(store) == before


def test_failed_update_writes_nothing(gold_dir: Path) -> None:
    store = OxigraphStore(None)
    build(store, gold_dir)
    before = store.count()
    from tdkt.kernel.errors import StoreError

    with pytest.raises(StoreError):
        store._update("DROP GRAPH <https://w3id.org/tdkt/id/source/001_9a75dafc5cd4d3cf> ; INSERT DATA { <a:b> }")
    assert store.count() == before


def test_build_drops_sources_the_folder_no_longer_holds(gold_dir: Path, tmp_path: Path) -> None:
    store = OxigraphStore(None)
    build(store, gold_dir)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "000.json").write_text((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    build(store, folder)
    sources = [g.value for g in store.graph_names() if "/source/" in g.value]
    assert sources == ["https://w3id.org/tdkt/id/source/000_722c592d168ed647"]


_TERMS = [ox.NamedNode(f"http://example.org/{n}") for n in "abc"]
_GRAPHS = [ox.NamedNode(f"http://example.org/graph/{n}") for n in range(4)]
_OBJECTS = [*_TERMS, ox.Literal("x"), ox.Literal("y", language="vi")]
_triples = st.builds(ox.Triple, st.sampled_from(_TERMS), st.sampled_from(_TERMS), st.sampled_from(_OBJECTS))
_updates = st.lists(st.dictionaries(st.sampled_from(_GRAPHS), st.lists(_triples, max_size=6), min_size=1, max_size=3),
                    min_size=1, max_size=6)


def _default_graph(store: OxigraphStore) -> set[ox.Triple]:
    return {q.triple for q in store.raw.quads_for_pattern(None, None, None, ox.DefaultGraph())}


@settings(max_examples=60, deadline=None)
@given(updates=_updates, recompute=st.booleans())
def test_default_graph_stays_the_union_of_the_named_graphs(updates: list[dict[ox.NamedNode, list[ox.Triple]]],
                                                           recompute: bool) -> None:
    """Queries read the default graph, so every replacement must leave it equal to the set union."""
    store = OxigraphStore(None)
    saved = oxigraph_store.RECOMPUTE_ABOVE
    oxigraph_store.RECOMPUTE_ABOVE = 0 if recompute else saved
    try:
        for update in updates:
            store.replace_graphs({g: [ox.Quad(t.subject, t.predicate, t.object, g) for t in ts]
                                  for g, ts in update.items()})
            assert _default_graph(store) == {q.triple for q in store.quads()}
            assert store.count() == len(store.quads())
    finally:
        oxigraph_store.RECOMPUTE_ABOVE = saved


def test_a_fact_two_sources_state_outlives_one_of_them(gold_dir: Path) -> None:
    store = OxigraphStore(None)
    build(store, gold_dir)
    holders = store.select("SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                           "GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1) LIMIT 1")
    [row] = holders.rows
    shared = ox.Triple(row.term("s"), row.term("p"), row.term("o"))  # type: ignore[arg-type]
    graphs = [q.graph_name for q in store.raw.quads_for_pattern(shared.subject, shared.predicate, shared.object)
              if isinstance(q.graph_name, ox.NamedNode)]
    store.drop_graphs(graphs[:1])
    assert shared in _default_graph(store)
    store.drop_graphs(graphs[1:])
    assert shared not in _default_graph(store)
    assert _default_graph(store) == {q.triple for q in store.quads()}
