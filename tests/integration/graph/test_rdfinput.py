"""Untrusted RDF: entity bombs and remote or file: JSON-LD contexts are refused before any parser runs."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.graph.build import load_paths
from tdkt.graph.identity import Identity
from tdkt.graph.rdfinput import read_rdf
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.kernel.errors import RecordError

GRAPH = ox.NamedNode("https://w3id.org/tdkt/id/graph/file/test")
BOMB = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&f;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.fixture
def network_events() -> Iterator[list[str]]:
    """Records every attempt to open a URL or a socket while the test runs (audit hook)."""
    events: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if active[0] and event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
            events.append(f"{event} {args[:2]}")

    sys.addaudithook(hook)
    yield events
    active[0] = False


def test_entity_bomb_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text(BOMB, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(RecordError, match="DOCTYPE"):
        read_rdf(path, GRAPH)
    assert time.monotonic() - start < 1.0


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.rdf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', encoding="utf-8")
    with pytest.raises(RecordError, match="refused"):
        read_rdf(path, GRAPH)


@pytest.mark.parametrize("context", ['"http://127.0.0.1:9/context.jsonld"', '"file:///etc/passwd"',
                                     '["https://schema.org/", {"ex": "http://example.org/"}]',
                                     '{"@import": "http://127.0.0.1:9/c.jsonld"}'])
def test_jsonld_context_references_are_refused(tmp_path: Path, context: str, network_events: list[str]) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(f'{{"@context": {context}, "@id": "http://example.org/x", "ex:p": "v"}}', encoding="utf-8")
    with pytest.raises(RecordError, match="context"):
        read_rdf(path, GRAPH)
    assert network_events == []


def test_inline_jsonld_context_loads(tmp_path: Path, network_events: list[str]) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text('{"@context": {"ex": "http://example.org/"}, "@id": "http://example.org/x", "ex:p": "Ủy ban"}',
                    encoding="utf-8")
    [(graph, quads)] = read_rdf(path, GRAPH).items()
    assert graph == GRAPH and str(quads[0].object) == '"Ủy ban"'
    assert network_events == []


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
