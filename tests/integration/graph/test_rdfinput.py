"""Untrusted RDF: entity bombs and remote or file: JSON-LD contexts are refused before any parser runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdkt.graph.build import load_paths
from tdkt.graph.identity import Identity
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.kernel.errors import RecordError


@pytest.mark.parametrize(("suffix", "text"), [
    (".ttl", '<http://example.org/x> <http://example.org/p> "v" .'),
    (".nt", '<http://example.org/x> <http://example.org/p> "v" .'),
    (".nq", '<http://example.org/x> <http://example.org/p> "v" <http://example.org/g> .'),
    (".trig", '<http://example.org/g> { <http://example.org/x> <http://example.org/p> "v" }'),
    (".rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
             '<rdf:Description rdf:about="http://example.org/x"><ex:p>v</ex:p></rdf:Description></rdf:RDF>'),
])
def test_every_rdf_format_loads_and_keeps_named_graphs(tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"data{suffix}"
    path.write_text(text, encoding="utf-8")
    store = OxigraphStore(None)
    load_paths(store, [path], Identity())
    expected = "http://example.org/g" if suffix in (".nq", ".trig") else "https://w3id.org/tdkt/id/graph/file/data"
    reference = ("https://w3id.org/tdkt/id/graph/ontology", "https://w3id.org/tdkt/id/graph/admin-units")
    assert [g.value for g in store.graph_names() if g.value not in reference] == [expected]


def test_a_bad_rdf_file_writes_nothing(tmp_path: Path, gold_dir: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text('<http://example.org/x> <http://example.org/p> "v" .', encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://example.org/x> <http://example.org/p> "v" .\n<http://example.org/y> oops', encoding="utf-8")
    store = OxigraphStore(None)
    with pytest.raises(RecordError, match=r"bad\.ttl"):
        load_paths(store, [good, bad, gold_dir / "000_722c592d168ed647.json"], Identity())
    assert store.count() == 0
