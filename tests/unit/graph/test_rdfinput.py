"""Untrusted RDF: entity bombs and remote or file: JSON-LD contexts are refused before any parser runs."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.graph.rdfinput import read_rdf
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
