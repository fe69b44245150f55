"""Exports in every format parse back to the same triples, and are the same on every build."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.graph.build import build
from tdkt.graph.export import FORMATS, export, parse_export
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.queries.describe import describe


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips(gold_store: OxigraphStore, fmt: str) -> None:
    quads = gold_store.quads()
    back = parse_export(export(quads, fmt), fmt)
    if fmt in ("trig", "nquads", "jsonld"):
        assert back == set(quads)
    else:
        assert back == {ox.Quad(q.subject, q.predicate, q.object) for q in quads}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic_across_builds(gold_dir: Path, gold_store: OxigraphStore, fmt: str) -> None:
    again = OxigraphStore(None)
    build(again, gold_dir)
    assert export(again.quads(), fmt) == export(gold_store.quads(), fmt)


def test_jsonld_carries_its_context_inline(gold_store: OxigraphStore) -> None:
    import json

    data = json.loads(export(gold_store.quads(), "jsonld"))
    assert isinstance(data["@context"], dict)
    assert data["@context"]["tdkt"] == "https://w3id.org/tdkt/ontology#"


def test_void_description_counts_what_is_there(gold_store: OxigraphStore) -> None:
    triples = describe(gold_store, endpoint="http://127.0.0.1:7878/query")
    store = OxigraphStore(None)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    [row] = store.select("SELECT ?n WHERE { ?d a <http://rdfs.org/ns/void#Dataset> ; "
                         "<http://rdfs.org/ns/void#triples> ?n }")
    distinct = len({q.triple for q in gold_store.quads()})
    assert row["n"] == distinct
    rows = store.select("""SELECT ?n WHERE { ?d <http://rdfs.org/ns/void#classPartition> ?p .
        ?p <http://rdfs.org/ns/void#class> <https://w3id.org/tdkt/ontology#BlocRole> ;
           <http://rdfs.org/ns/void#entities> ?n }""")
    assert [r["n"] for r in rows] == [10]
    assert len(store.select("SELECT ?u WHERE { ?x <http://www.w3.org/ns/dcat#downloadURL> ?u }")) == len(FORMATS)
