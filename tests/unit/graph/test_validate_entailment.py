"""The RDFS entailments validation adds (``ontology/rdfs-entailment.rq``) on hand-written triples with the
project's ontology: a node is checked against the shape of a class it only has by a property's domain or range."""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox
from rdflib import RDF

from tdkt.graph.validate import union_graph, validate_quads

TDKT = "https://w3id.org/tdkt/ontology#"
DATA = f"""
@prefix tdkt: <{TDKT}> .
@prefix ex: <https://example.org/> .
ex:ranking tdkt:unit ex:unit .
"""


def _quads(text: str) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def _ontology() -> list[ox.Quad]:
    return _quads(resources.files("tdkt.ontology").joinpath("tdkt.ttl").read_text(encoding="utf-8"))


def test_domain_range_and_super_class_types_are_entailed() -> None:
    graph = union_graph(_ontology() + _quads(DATA))
    types = {(str(s), str(o)) for s, o in graph.subject_objects(RDF.type) if str(s).startswith("https://example.org/")}
    assert ("https://example.org/ranking", TDKT + "BlocRanking") in types  # rdfs:domain of tdkt:unit
    assert ("https://example.org/unit", "http://www.w3.org/ns/org#Organization") in types  # its rdfs:range


def test_a_node_typed_only_by_a_domain_meets_its_class_shape() -> None:
    report = validate_quads(_ontology() + _quads(DATA))
    ranking = [f for f in report.violations if f.focus == "https://example.org/ranking"]
    assert any(f.path == TDKT + "rank" for f in ranking), report.text()
